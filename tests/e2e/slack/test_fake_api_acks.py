"""The stand-in applies an ack's body as Slack does: a slash command's message is shown, within Slack's
limits; an interaction's ack body is ignored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlackApi


def section(text: str = "hi") -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


async def test_a_slash_command_ack_with_a_message_shows_it_privately(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1")
    record = api.apply_ack(url, {"text": "hi", "blocks": [section()]}, accepts_payload=True, via="http")
    assert record is not None
    assert (record["status"], record["response_type"]) == ("ok", "ephemeral")
    [shown] = api.ephemerals("C1", user="U1")
    assert shown["blocks"] == [section()]


async def test_an_in_channel_ack_posts_in_the_channel(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1")
    api.apply_ack(url, {"text": "all", "response_type": "in_channel"}, accepts_payload=True, via="http")
    [message] = api.messages("C1")
    assert message["text"] == "all"


async def test_a_plain_text_ack_is_shown_as_text(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1")
    api.apply_ack(url, "got it", accepts_payload=True, via="http")
    assert [e["text"] for e in api.ephemerals("C1")] == ["got it"]


async def test_an_empty_ack_shows_nothing(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1")
    assert api.apply_ack(url, "", accepts_payload=True, via="http") is None
    assert api.acks() == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"blocks": [section() for _ in range(51)], "text": "x"}, "invalid_blocks", id="51-blocks"),
        pytest.param({"blocks": [section("x" * 3001)], "text": "x"}, "invalid_blocks", id="long-section"),
        pytest.param({"text": "x", "response_type": "loud"}, "invalid_response_type", id="response-type"),
        pytest.param({"text": "x" * 40_001}, "msg_too_long", id="long-text"),
        pytest.param({"response_type": "ephemeral"}, "no_text", id="no-content"),
    ],
)
async def test_an_ack_slack_would_refuse_shows_nothing(api: FakeSlackApi, body: dict[str, Any], status: str) -> None:
    url = api.response_url(channel="C1", user="U1")
    record = api.apply_ack(url, body, accepts_payload=True, via="http")
    assert record is not None
    assert record["status"] == status
    assert api.ephemerals() == []
    assert api.answers() == []


async def test_the_body_of_a_button_press_ack_is_ignored(api: FakeSlackApi) -> None:
    url = api.response_url(channel="C1", user="U1", message_ts="1.2")
    record = api.apply_ack(url, {"text": "hi"}, accepts_payload=False, via="http")
    assert record is not None
    assert record["status"] == "ignored"
    assert api.ephemerals() == []
