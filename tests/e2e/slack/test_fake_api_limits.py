"""The Slack stand-in refuses what Slack refuses, in Slack's words, and accepts what sits at the limit."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackApi


def section(text: str = "hi", kind: str = "mrkdwn") -> dict[str, Any]:
    return {"type": "section", "text": {"type": kind, "text": text}}


def button(label: str = "Go", action_id: str = "a:b:c") -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}


def actions(*elements: dict[str, Any], block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "actions", "elements": list(elements)}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def select(options: int) -> dict[str, Any]:
    choices = [{"text": {"type": "plain_text", "text": f"o{n}"}, "value": f"v{n}"} for n in range(options)]
    return {"type": "static_select", "action_id": "pick", "options": choices}


AT_THE_LIMIT = [
    [section() for _ in range(50)],
    [section("x" * 3000)],
    [actions(*(button(f"b{n}", f"id{n}") for n in range(25)))],
    [actions(button("L" * 75, "a" * 255), block_id="b" * 255)],
    [header("H" * 150)],
    [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}] * 10}],
    [actions(select(100))],
]

REFUSED = [
    pytest.param([section() for _ in range(51)], "no more than 50 items allowed [json-pointer:/blocks]", id="51"),
    pytest.param([section("x" * 3001)], "must be less than 3001 characters [json-pointer:/blocks/0/text/text]", id="3"),
    pytest.param(
        [actions(button("L" * 76))],
        "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        id="button-76",
    ),
    pytest.param(
        [actions(button(action_id="a" * 256))],
        "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
        id="action-id-256",
    ),
    pytest.param(
        [actions(button(), block_id="b" * 256)],
        "must be less than 256 characters [json-pointer:/blocks/0/block_id]",
        id="block-id-256",
    ),
    pytest.param(
        [actions(*(button(f"b{n}", f"id{n}") for n in range(26)))],
        "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
        id="26-elements",
    ),
    pytest.param([actions()], "must provide at least 1 items [json-pointer:/blocks/0/elements]", id="empty-actions"),
    pytest.param([header("H" * 151)], "must be less than 151 characters [json-pointer:/blocks/0/text/text]", id="h151"),
    pytest.param(
        [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
        "must be a valid enum value [json-pointer:/blocks/0/text/type]",
        id="mrkdwn-header",
    ),
    pytest.param([section("")], "must be more than 0 characters [json-pointer:/blocks/0/text/text]", id="empty-text"),
    pytest.param([section("x", kind="md")], "must be a valid enum value [json-pointer:/blocks/0/text/type]", id="md"),
    pytest.param(
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
        "no more than 10 items allowed [json-pointer:/blocks/0/fields]",
        id="11-fields",
    ),
    pytest.param(
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
        "must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]",
        id="field-2001",
    ),
    pytest.param(
        [actions(select(101))], "no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]", id="opts"
    ),
    pytest.param(
        [actions({**button(), "style": "loud"})],
        "must be a valid enum value [json-pointer:/blocks/0/elements/0/style]",
        id="style",
    ),
    pytest.param([{"type": "carousel"}], "unsupported type: carousel [json-pointer:/blocks/0/type]", id="unknown-type"),
]


async def _refusal(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as raised:
        await call
    return dict(raised.value.response.data)  # type: ignore[arg-type]


@pytest.mark.parametrize("blocks", AT_THE_LIMIT)
async def test_blocks_at_the_limit_are_accepted(api: FakeSlackApi, blocks: list[dict[str, Any]]) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    answer = await client.chat_postMessage(channel="C1", text="t", blocks=blocks)
    assert answer["ok"] is True


@pytest.mark.parametrize(("blocks", "problem"), REFUSED)
async def test_post_message_refuses_what_slack_refuses(
    api: FakeSlackApi, blocks: list[dict[str, Any]], problem: str
) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    answer = await _refusal(client.chat_postMessage(channel="C1", text="t", blocks=blocks))
    assert answer["ok"] is False
    assert answer["error"] == "invalid_blocks"
    assert problem in answer["errors"]
    assert f"[ERROR] {problem}" in answer["response_metadata"]["messages"]
    assert api.messages("C1") == []


async def test_update_and_ephemeral_refuse_the_same(api: FakeSlackApi) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    posted = await client.chat_postMessage(channel="C1", text="t", blocks=[section()])
    too_many = [section() for _ in range(51)]
    updated = await _refusal(client.chat_update(channel="C1", ts=posted["ts"], text="t", blocks=too_many))
    ephemeral = await _refusal(client.chat_postEphemeral(channel="C1", user="U1", text="t", blocks=too_many))
    assert updated["error"] == ephemeral["error"] == "invalid_blocks"
    assert api.messages("C1")[0]["blocks"] == [section()]
    assert api.ephemerals() == []


async def test_text_over_40000_characters_is_msg_too_long(api: FakeSlackApi) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    answer = await _refusal(client.chat_postMessage(channel="C1", text="x" * 40_001))
    assert answer["error"] == "msg_too_long"


async def test_a_response_url_refuses_invalid_blocks_with_400(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1")
    body = {"response_type": "in_channel", "text": "t", "blocks": [section("x" * 3001)]}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as answer:
        assert (answer.status, await answer.text()) == (400, "invalid_blocks")
    assert api.messages("C1") == []


def modal(**changes: Any) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": "star:add:ownership",
        "title": {"type": "plain_text", "text": "T" * 24},
        "submit": {"type": "plain_text", "text": "S" * 24},
        "close": {"type": "plain_text", "text": "C" * 24},
        "blocks": [
            {
                "type": "input",
                "block_id": "situation",
                "label": {"type": "plain_text", "text": "L" * 2000},
                "element": {"type": "plain_text_input", "action_id": "value", "max_length": 3000},
            }
        ],
    }
    view.update(changes)
    return view


def _input(n: int) -> dict[str, Any]:
    element = {"type": "plain_text_input", "action_id": "value"}
    return {"type": "input", "block_id": f"f{n}", "label": {"type": "plain_text", "text": "L"}, "element": element}


REFUSED_VIEWS = [
    pytest.param({"title": {"type": "plain_text", "text": "T" * 25}}, "/view/title/text", id="title-25"),
    pytest.param({"title": {"type": "mrkdwn", "text": "T"}}, "/view/title/type", id="title-mrkdwn"),
    pytest.param({"submit": {"type": "plain_text", "text": "S" * 25}}, "/view/submit/text", id="submit-25"),
    pytest.param({"close": {"type": "plain_text", "text": "C" * 25}}, "/view/close/text", id="close-25"),
    pytest.param({"blocks": [_input(n) for n in range(101)]}, "/view/blocks", id="101-blocks"),
    pytest.param({"callback_id": "c" * 256}, "/view/callback_id", id="callback-256"),
    pytest.param({"private_metadata": "m" * 3001}, "/view/private_metadata", id="metadata-3001"),
    pytest.param(
        {"blocks": [{**_input(0), "label": {"type": "plain_text", "text": "L" * 2001}}]},
        "/view/blocks/0/label/text",
        id="label-2001",
    ),
    pytest.param({"submit": None}, "/view/blocks/0/input", id="input-without-submit"),
]


async def test_a_modal_at_the_limits_opens(api: FakeSlackApi) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    view = modal(blocks=[_input(n) for n in range(100)])
    answer = await client.views_open(trigger_id=api.new_trigger_id("U1"), view=view)
    assert answer["ok"] is True


@pytest.mark.parametrize(("changes", "pointer"), REFUSED_VIEWS)
async def test_views_open_refuses_what_slack_refuses(api: FakeSlackApi, changes: dict[str, Any], pointer: str) -> None:
    client = AsyncWebClient(base_url=api.base_url, token=api.bot_token)
    view = {key: value for key, value in modal(**changes).items() if value is not None}
    trigger = api.new_trigger_id("U1")
    answer = await _refusal(client.views_open(trigger_id=trigger, view=view))
    assert answer["error"] == "invalid_arguments"
    messages = answer["response_metadata"]["messages"]
    assert any(m.startswith("[ERROR] ") and m.endswith(f"[json-pointer:{pointer}]") for m in messages), messages
    assert (await client.views_open(trigger_id=trigger, view=modal()))["ok"] is True  # the trigger was not spent
