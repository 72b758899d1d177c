"""A plain slack_bolt AsyncApp over HTTP on the stand-in: commands, buttons, modals, events (no project code)."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from tests.e2e.slack_stand_in.support import SECRET, Bolt, bolt_app, retry_num
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

# ---------------------------------------------------------------------------- bolt over HTTP


async def test_slash_command_acked_and_answered(bolt: Bolt) -> None:
    api, app = bolt.api, bolt.app

    @app.command("/question")
    async def question(ack: Any, respond: Any, client: AsyncWebClient, command: dict[str, Any]) -> None:
        await ack()
        await respond(f"Looking up {command['text']}…")
        await client.chat_postMessage(channel=command["channel_id"], text=f"Question: {command['text']}")

    status, body = await bolt.sender.slash_command(
        "/question", "url-shortener", user_id="U1", channel_id="C1", team_id="T0001"
    )
    assert (status, body) == (200, "")

    posts = await api.wait_for(lambda: api.response_posts())
    assert posts[0]["text"] == "Looking up url-shortener…"
    assert posts[0]["response_type"] == "ephemeral"
    assert posts[0]["replace_original"] is False
    assert api.ephemerals("C1", user="U1")[0]["text"] == "Looking up url-shortener…"
    messages = await api.wait_for(lambda: api.messages("C1"))
    assert [m["text"] for m in messages] == ["Question: url-shortener"]
    assert [c["method"] for c in api.calls()] == ["auth.test", "chat.postMessage"]


async def test_slash_command_ack_with_text_is_the_http_answer(bolt: Bolt) -> None:
    @bolt.app.command("/question")
    async def question(ack: Any) -> None:
        await ack("Got it")

    # bolt answers a text-only ack as text/plain (Slack accepts that); blocks would make it JSON.
    assert await bolt.sender.slash_command("/question") == (200, "Got it")


async def test_in_channel_respond_lands_in_the_channel(bolt: Bolt) -> None:
    @bolt.app.command("/question")
    async def question(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="Everyone: design a URL shortener", response_type="in_channel")

    await bolt.sender.slash_command("/question", channel_id="C7")
    messages = await bolt.api.wait_for(lambda: bolt.api.messages("C7"))
    assert messages[0]["text"] == "Everyone: design a URL shortener"
    assert bolt.api.response_posts()[0]["response_type"] == "in_channel"


async def test_button_press(bolt: Bolt, client: AsyncWebClient) -> None:
    api, app = bolt.api, bolt.app
    pressed: list[dict[str, Any]] = []
    button = {
        "type": "actions",
        "block_id": "answer-block",
        "elements": [
            {
                "type": "button",
                "action_id": "reveal",
                "text": {"type": "plain_text", "text": "Reveal"},
                "value": "q-42",
            }
        ],
    }
    posted = await client.chat_postMessage(channel="C1", text="A question", blocks=[button])

    @app.action("reveal")
    async def reveal(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        pressed.append({"action": action, "user": body["user"]["id"], "ts": body["container"]["message_ts"]})
        await respond(text="Revealed!", replace_original=True)

    status, body = await bolt.sender.button("reveal", user_id="U1", channel_id="C1")
    assert (status, body) == (200, "")
    await api.wait_for(lambda: api.response_posts())
    assert pressed == [
        {
            "action": {
                "action_id": "reveal",
                "block_id": "answer-block",
                "text": {"type": "plain_text", "text": "Reveal"},
                "type": "button",
                "action_ts": pressed[0]["action"]["action_ts"],
                "value": "q-42",
            },
            "user": "U1",
            "ts": posted["ts"],
        }
    ]
    assert api.response_posts()[0]["replace_original"] is True
    assert api.message("C1", posted["ts"])["text"] == "Revealed!"  # type: ignore[index]


async def test_modal_opened_then_submitted(bolt: Bolt) -> None:
    api, app = bolt.api, bolt.app
    submitted: list[dict[str, Any]] = []

    @app.command("/answer")
    async def open_modal(ack: Any, client: AsyncWebClient, body: dict[str, Any]) -> None:
        await ack()
        await client.views_open(
            trigger_id=body["trigger_id"],
            view={
                "type": "modal",
                "callback_id": "answer-modal",
                "private_metadata": "q-42",
                "title": {"type": "plain_text", "text": "Your answer"},
                "submit": {"type": "plain_text", "text": "Send"},
                "blocks": [
                    {
                        "type": "input",
                        "block_id": "answer",
                        "label": {"type": "plain_text", "text": "Answer"},
                        "element": {"type": "plain_text_input", "action_id": "text"},
                    }
                ],
            },
        )

    @app.view("answer-modal")
    async def on_submit(ack: Any, view: dict[str, Any]) -> None:
        text = view["state"]["values"]["answer"]["text"]["value"]
        if len(text) < 5:
            await ack(response_action="errors", errors={"answer": "Too short"})
            return
        submitted.append({"text": text, "metadata": view["private_metadata"], "id": view["id"]})
        await ack()

    await bolt.sender.slash_command("/answer", user_id="U1")
    opened = await api.wait_for(lambda: api.views)
    view_id = opened[0]["id"]
    assert opened[0]["user_id"] == "U1"

    short = await bolt.sender.view_submission("answer-modal", {"answer": {"text": "hm"}}, view_id=view_id)
    assert short.status == 200
    assert short.json() == {"response_action": "errors", "errors": {"answer": "Too short"}}

    status, body = await bolt.sender.view_submission(
        "answer-modal", {"answer": {"text": "Use a hash"}}, view_id=view_id, user_id="U1"
    )
    assert (status, body) == (200, "")
    assert submitted == [{"text": "Use a hash", "metadata": "q-42", "id": view_id}]

    plain = await bolt.sender.view_submission("answer-modal", {"answer": {"text": "Bare view"}}, private_metadata="m")
    assert plain.status == 200
    assert submitted[-1]["metadata"] == "m"


async def test_app_mention_in_a_thread_is_answered_in_that_thread(bolt: Bolt) -> None:
    api, app = bolt.api, bolt.app

    @app.event("app_mention")
    async def mention(event: dict[str, Any], say: Any) -> None:
        await say(text=f"You said: {event['text']}", thread_ts=event.get("thread_ts") or event["ts"])

    parent = api.next_ts()
    status, _ = await bolt.sender.app_mention("help me", user_id="U1", channel_id="C1", thread_ts=parent)
    assert status == 200
    replies = await api.wait_for(lambda: api.messages("C1", thread_ts=parent))
    assert replies[0]["text"] == "You said: <@U0BOT> help me"
    assert replies[0]["thread_ts"] == parent
    assert api.messages("C1") == []
    assert api.calls("chat.postMessage")[0]["params"]["thread_ts"] == parent


async def test_bare_say_does_not_follow_the_thread(bolt: Bolt) -> None:
    """bolt's say() only knows the channel: a threaded mention answered with say(text) lands top-level."""

    @bolt.app.event("app_mention")
    async def mention(say: Any) -> None:
        await say("top level")

    await bolt.sender.app_mention("hi", thread_ts=bolt.api.next_ts())
    messages = await bolt.api.wait_for(lambda: bolt.api.messages("C1"))
    assert messages[0]["text"] == "top level"
    assert "thread_ts" not in messages[0]


async def test_message_events_in_threads(bolt: Bolt) -> None:
    seen: list[dict[str, Any]] = []

    @bolt.app.message("answer")
    async def on_message(message: dict[str, Any]) -> None:
        seen.append(message)

    parent = bolt.api.next_ts()
    await bolt.sender.message("my answer is 42", channel_id="D1", thread_ts=parent)
    await bolt.api.wait_for(lambda: seen)
    assert seen[0]["thread_ts"] == parent
    assert seen[0]["channel_type"] == "im"


async def test_event_retries_are_processed_again_by_default(bolt: Bolt) -> None:
    api, app = bolt.api, bolt.app
    runs: list[str | None] = []

    @app.event("app_mention")
    async def mention(request: AsyncBoltRequest, event: dict[str, Any], say: Any) -> None:
        runs.append(retry_num(request))
        if retry_num(request) is None:  # what a handler can do to answer only once
            await say(text="answered once", thread_ts=event["ts"])

    event = api.payloads.app_mention("are you there?")
    first = await bolt.sender.event(event)
    event_id = first.payload["event_id"]
    second = await bolt.sender.event(event, event_id=event_id, retry_num=1, retry_reason="http_timeout")
    third = await bolt.sender.event(event, event_id=event_id, retry_num=2, retry_reason="http_timeout")
    assert [first.status, second.status, third.status] == [200, 200, 200]

    # bolt itself does not deduplicate: the listener runs for every delivery.
    await api.wait_for(lambda: len(runs) == 3)
    assert sorted(runs, key=lambda number: number or "") == [None, "1", "2"]
    await api.wait_for(lambda: api.messages("C1", thread_ts=event["ts"]))
    assert len(api.calls("chat.postMessage")) == 1


async def test_bad_signature_and_stale_timestamp_are_refused(bolt: Bolt) -> None:
    ran: list[str] = []

    @bolt.app.command("/question")
    async def question(ack: Any) -> None:
        ran.append("command")
        await ack()

    @bolt.app.event("app_mention")
    async def mention() -> None:
        ran.append("mention")

    forged = await bolt.sender.slash_command("/question", "x", bad_signature=True)
    stale = await bolt.sender.slash_command("/question", "x", age=6 * 60)
    stale_event = await bolt.sender.app_mention("hi", age=6 * 60)
    old_clock = SlackRequests(
        app_url=bolt.sender.app_url, signing_secret=SECRET, api=bolt.api, now=lambda: time.time() - 360
    )
    from_the_past = await old_clock.slash_command("/question", "x")

    for response in (forged, stale, stale_event, from_the_past):
        assert response.status == 401
        assert response.json() == {"error": "invalid request"}
    fresh = await bolt.sender.slash_command("/question", "x", age=60)  # within the 5-minute window
    assert fresh.status == 200
    assert ran == ["command"]
    assert [c["method"] for c in bolt.api.calls()] == ["auth.test"]  # refused requests never authorized


async def test_unhandled_request_is_a_404(bolt: Bolt) -> None:
    status, _ = await bolt.sender.slash_command("/nobody-listens")
    assert status == 404


async def test_wrong_bot_token_gives_a_clear_error(api: FakeSlackApi, caplog: pytest.LogCaptureFixture) -> None:
    client = AsyncWebClient(base_url=api.base_url, token="xoxb-revoked")
    ran: list[str] = []
    async with bolt_app(api, client) as bolt:

        @bolt.app.command("/question")
        async def question(ack: Any) -> None:
            ran.append("command")
            await ack()

        with caplog.at_level(logging.ERROR):
            status, body = await bolt.sender.slash_command("/question")

    assert status == 200  # bolt answers the user, not Slack, with an error text
    assert "no longer available" in body
    assert ran == []
    assert api.calls("auth.test")[0]["response"] == {"ok": False, "error": "invalid_auth"}
    assert "invalid_auth" in caplog.text
