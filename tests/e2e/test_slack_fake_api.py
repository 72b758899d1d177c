"""The Slack stand-in (tests/fakes/slack_api.py) drives a plain slack_bolt AsyncApp with no network.

No project code here: these tests prove the stand-in speaks Slack well enough for real slack_bolt /
slack_sdk (HTTP mode through bolt's aiohttp server, and Socket Mode through AsyncSocketModeHandler).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackApi, SlackRequests, slack_signature

SECRET = "test-signing-secret"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk reads HTTP(S)_PROXY itself and ignores NO_PROXY: a proxy set in CI would swallow 127.0.0.1.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(bot_token="xoxb-test", app_token="xapp-test", team_id="T0001", bot_user_id="U0BOT") as fake:
        yield fake


@pytest.fixture
async def client(api: FakeSlackApi) -> AsyncWebClient:
    return AsyncWebClient(base_url=api.base_url, token=api.bot_token)


@asynccontextmanager
async def serve(app: AsyncApp, path: str = "/slack/events") -> AsyncIterator[str]:
    """Bolt's own aiohttp server (AsyncSlackAppServer.web_app) on a random port of the running loop."""
    runner = web.AppRunner(app.web_app(path=path), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}{path}"
    finally:
        await runner.cleanup()


@dataclass
class Bolt:
    api: FakeSlackApi
    app: AsyncApp
    sender: SlackRequests


@asynccontextmanager
async def bolt_app(api: FakeSlackApi, client: AsyncWebClient) -> AsyncIterator[Bolt]:
    # Only client= (not token= too): bolt logs a warning when given both and uses the client's token.
    app = AsyncApp(signing_secret=SECRET, client=client)
    async with serve(app) as url:
        yield Bolt(api, app, SlackRequests(app_url=url, signing_secret=SECRET, api=api))


@pytest.fixture
async def bolt(api: FakeSlackApi, client: AsyncWebClient) -> AsyncIterator[Bolt]:
    async with bolt_app(api, client) as harness:
        yield harness


async def close_socket_handler(handler: AsyncSocketModeHandler) -> None:
    """close_async() only cancels the client's background tasks; wait for them to really finish."""
    socket_client: SocketModeClient = handler.client
    await handler.close_async()
    tasks = [
        task
        for task in (
            socket_client.message_processor,
            socket_client.current_session_monitor,
            socket_client.message_receiver,
        )
        if task is not None
    ]
    await asyncio.gather(*tasks, return_exceptions=True)


def retry_num(request: AsyncBoltRequest) -> str | None:
    values = request.headers.get("x-slack-retry-num")
    return values[0] if values else None


# ---------------------------------------------------------------------------- signatures


def test_signature_is_what_slack_sdk_verifier_accepts() -> None:
    verifier = SignatureVerifier(SECRET)
    timestamp = str(int(time.time()))
    body = "token=x&command=%2Fquestion&text=url-shortener"
    signature = slack_signature(SECRET, timestamp, body)
    assert signature == verifier.generate_signature(timestamp=timestamp, body=body)
    assert verifier.is_valid(body, timestamp, signature)
    assert not verifier.is_valid(body, timestamp, slack_signature("other", timestamp, body))
    stale = str(int(time.time()) - 360)
    assert not verifier.is_valid(body, stale, slack_signature(SECRET, stale, body))


async def test_requests_are_signed_and_shaped_like_slack(api: FakeSlackApi) -> None:
    seen: list[tuple[str, dict[str, str], str]] = []

    async def receive(request: web.Request) -> web.Response:
        seen.append((request.content_type, dict(request.headers), await request.text()))
        return web.Response(text="")

    app = web.Application()
    app.router.add_post("/slack/events", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
        fixed_now = time.time()
        sender = SlackRequests(app_url=url, signing_secret=SECRET, api=api, now=lambda: fixed_now)
        await sender.slash_command("/question", "url shortener", user_id="U1", channel_id="C1")
        await sender.event({"type": "link_shared", "links": [{"url": "https://example.com/q"}]}, retry_num=2)
    finally:
        await runner.cleanup()

    verifier = SignatureVerifier(SECRET)
    (form_type, form_headers, form_body), (json_type, json_headers, json_body) = seen
    assert form_type == "application/x-www-form-urlencoded"
    assert form_headers["X-Slack-Request-Timestamp"] == str(int(fixed_now))
    assert verifier.is_valid_request(form_body, form_headers)
    assert "command=%2Fquestion&text=url+shortener" in form_body
    assert json_type == "application/json"
    assert verifier.is_valid_request(json_body, json_headers)
    assert json_headers["X-Slack-Retry-Num"] == "2"
    assert json_headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert "https:\\/\\/example.com\\/q" in json_body  # Slack escapes slashes in its JSON
    envelope = json.loads(json_body)
    assert envelope["event"]["links"][0]["url"] == "https://example.com/q"
    assert envelope["type"] == "event_callback"
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"


# ---------------------------------------------------------------------------- Web API directly


async def test_web_api_methods_with_slack_sdk(api: FakeSlackApi, client: AsyncWebClient) -> None:
    auth = await client.auth_test()
    assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == ("T0001", "U0BOT", "B0BOT")
    assert auth["url"].startswith("https://")

    posted = await client.chat_postMessage(channel="C1", text="parent", blocks=[{"type": "divider"}])
    assert posted["channel"] == "C1"
    reply = await client.chat_postMessage(channel="C1", text="reply", thread_ts=posted["ts"])
    assert float(reply["ts"]) > float(posted["ts"])
    assert [m["text"] for m in api.messages("C1")] == ["parent"]
    assert [m["text"] for m in api.messages("C1", thread_ts=posted["ts"])] == ["reply"]
    assert api.messages("C1")[0]["reply_count"] == 1

    await client.chat_update(channel="C1", ts=posted["ts"], text="edited")
    assert api.message("C1", posted["ts"])["text"] == "edited"  # type: ignore[index]
    await client.chat_delete(channel="C1", ts=reply["ts"])
    assert api.messages("C1", thread_ts=posted["ts"]) == []
    with pytest.raises(SlackApiError) as missing:
        await client.chat_delete(channel="C1", ts="1.000000")
    assert missing.value.response["error"] == "message_not_found"

    await client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert [e["text"] for e in api.ephemerals("C1", user="U1")] == ["only you"]

    api.add_user("U1", "alice", is_admin=True)
    api.add_user("U2", "bob")
    dm = await client.conversations_open(users=["U1"])
    group = await client.conversations_open(users=["U1", "U2"])
    assert dm["channel"]["id"].startswith("D")
    assert group["channel"]["id"].startswith("G")
    assert (await client.conversations_open(users="U1"))["channel"]["id"] == dm["channel"]["id"]
    info = await client.conversations_info(channel=dm["channel"]["id"])
    assert info["channel"]["is_im"] is True
    assert info["channel"]["user"] == "U1"
    user = await client.users_info(user="U1")
    assert (user["user"]["name"], user["user"]["is_admin"]) == ("alice", True)
    with pytest.raises(SlackApiError) as unknown_user:
        await client.users_info(user="U404")
    assert unknown_user.value.response["error"] == "user_not_found"

    await client.reactions_add(channel="C1", timestamp=posted["ts"], name="eyes")
    assert api.reactions("C1", posted["ts"]) == ["eyes"]

    with pytest.raises(SlackApiError) as unknown:
        await client.api_call("chat.scheduleMessage", json={"channel": "C1"})
    assert unknown.value.response["error"] == "unknown_method"
    assert api.calls("chat.scheduleMessage")[0]["params"] == {"channel": "C1"}

    first = api.calls("chat.postMessage")[0]
    assert first["token"] == "xoxb-test"
    assert first["params"]["blocks"] == [{"type": "divider"}]
    assert first["content_type"] == "application/json"
    assert api.calls("reactions.add")[0]["params"]["name"] == "eyes"  # sent as query parameters


async def test_form_encoded_calls_decode_json_strings(api: FakeSlackApi, client: AsyncWebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    await client.api_call("chat.postMessage", data={"channel": "C1", "text": "hi", "blocks": json.dumps(blocks)})
    call = api.calls("chat.postMessage")[0]
    assert call["content_type"] == "application/x-www-form-urlencoded"
    assert call["params"]["blocks"] == blocks
    assert api.messages("C1")[0]["blocks"] == blocks


async def test_views_open_judges_the_trigger_id_before_the_view(api: FakeSlackApi, client: AsyncWebClient) -> None:
    # docs.slack.dev/reference/methods/views.open: the typical error, "before getting to any possible
    # validation errors", is invalid_arguments with the message "invalid `trigger_id`"
    bad_view = {"type": "modal", "title": {"type": "plain_text", "text": "T" * 25}}
    with pytest.raises(SlackApiError) as missing:
        await client.views_open(view=bad_view)
    assert missing.value.response["error"] == "invalid_arguments"
    assert missing.value.response["response_metadata"]["messages"] == ["invalid `trigger_id`"]
    with pytest.raises(SlackApiError) as invented:
        await client.views_open(trigger_id="1.2.3", view=bad_view)
    assert invented.value.response["error"] == "invalid_trigger_id"
    assert api.calls("views.open")[-1]["response"].get("response_metadata") is None


async def test_views_need_a_fresh_trigger_id(api: FakeSlackApi, client: AsyncWebClient) -> None:
    view = {"type": "modal", "callback_id": "answer", "title": {"type": "plain_text", "text": "Answer"}}
    trigger = api.new_trigger_id("U1")
    opened = await client.views_open(trigger_id=trigger, view=view)
    view_id = opened["view"]["id"]
    assert api.view(view_id)["callback_id"] == "answer"  # type: ignore[index]
    with pytest.raises(SlackApiError) as reused:
        await client.views_open(trigger_id=trigger, view=view)
    assert reused.value.response["error"] == "exchanged_trigger_id"
    with pytest.raises(SlackApiError) as invented:
        await client.views_open(trigger_id="1.2.3", view=view)
    assert invented.value.response["error"] == "invalid_trigger_id"
    updated = await client.views_update(view_id=view_id, view={**view, "private_metadata": "q-42"})
    assert updated["view"]["private_metadata"] == "q-42"
    with pytest.raises(SlackApiError) as stale_hash:
        await client.views_update(view_id=view_id, hash=opened["view"]["hash"], view=view)
    assert stale_hash.value.response["error"] == "hash_conflict"


async def test_wrong_tokens_are_rejected(api: FakeSlackApi) -> None:
    wrong = AsyncWebClient(base_url=api.base_url, token="xoxb-wrong")
    with pytest.raises(SlackApiError) as invalid:
        await wrong.auth_test()
    assert invalid.value.response["error"] == "invalid_auth"
    app_token_client = AsyncWebClient(base_url=api.base_url, token=api.app_token)
    with pytest.raises(SlackApiError) as wrong_type:
        await app_token_client.chat_postMessage(channel="C1", text="hi")
    assert wrong_type.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as bot_for_socket:
        await AsyncWebClient(base_url=api.base_url).apps_connections_open(app_token=api.bot_token)
    assert bot_for_socket.value.response["error"] == "not_allowed_token_type"
    assert [c["token"] for c in api.calls()] == ["xoxb-wrong", "xapp-test", "xoxb-test"]


async def test_injected_failures(api: FakeSlackApi, client: AsyncWebClient) -> None:
    api.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as failed:
        await client.chat_postMessage(channel="C1", text="hi")
    assert failed.value.response["error"] == "channel_not_found"
    await client.chat_postMessage(channel="C1", text="hi")
    assert len(api.messages("C1")) == 1


async def test_429_without_a_retry_handler_surfaces_retry_after(api: FakeSlackApi, client: AsyncWebClient) -> None:
    api.rate_limit_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        await client.chat_postMessage(channel="C1", text="hi")
    assert limited.value.response.status_code == 429
    assert limited.value.response["error"] == "ratelimited"
    assert limited.value.response.headers["Retry-After"] == "7"
    assert api.messages("C1") == []


async def test_429_is_retried_by_slack_sdk_after_retry_after(
    api: FakeSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def record_sleep(seconds: float) -> None:
        slept.append(seconds)
        await real_sleep(0)

    # Only the retry handler module's view of asyncio: the test stays instant, the duration is recorded.
    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=record_sleep))
    client = AsyncWebClient(
        base_url=api.base_url,
        token=api.bot_token,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )
    async with bolt_app(api, client) as bolt:

        @bolt.app.command("/question")
        async def question(ack: Any, client: AsyncWebClient, command: dict[str, Any]) -> None:
            await ack()
            await client.chat_postMessage(channel=command["channel_id"], text="posted despite 429")

        api.rate_limit_next("chat.postMessage", retry_after=1)
        status, _ = await bolt.sender.slash_command("/question", "x")
        assert status == 200
        messages = await api.wait_for(lambda: api.messages("C1"))

    assert [m["text"] for m in messages] == ["posted despite 429"]
    assert [c["status"] for c in api.calls("chat.postMessage")] == [429, 200]
    assert len(slept) == 1
    assert 1 <= slept[0] < 2  # Retry-After seconds plus slack_sdk's random jitter below one second


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


# ---------------------------------------------------------------------------- Socket Mode


@asynccontextmanager
async def socket_mode(api: FakeSlackApi, app: AsyncApp, app_token: str) -> AsyncIterator[AsyncSocketModeHandler]:
    handler = AsyncSocketModeHandler(app, app_token)
    assert isinstance(handler.client, SocketModeClient)  # the aiohttp-based client is bolt's default
    try:
        yield handler
    finally:
        await close_socket_handler(handler)


async def test_socket_mode_slash_command_is_acked(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    answered: list[str] = []

    @app.command("/question")
    async def question(ack: Any, respond: Any, command: dict[str, Any]) -> None:
        await ack(f"Looking up {command['text']}")
        await respond("Here it is")
        answered.append(command["text"])

    async with socket_mode(api, app, api.app_token) as handler:
        await handler.connect_async()
        assert api.calls("apps.connections.open")[0]["token"] == "xapp-test"
        await api.wait_for(lambda: api.socket_connected == 1)

        envelope_id = await api.socket_send_slash_command("/question", "url-shortener", user_id="U1")
        ack = await api.wait_for_ack(envelope_id)
        assert ack == {"envelope_id": envelope_id, "payload": {"text": "Looking up url-shortener"}}
        await api.wait_for(lambda: answered)
        posts = await api.wait_for(lambda: api.response_posts())
        assert posts[0]["text"] == "Here it is"

    await api.wait_for(lambda: api.socket_connected == 0)


async def test_socket_mode_events_interactive_ping_and_reconnect(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    retries: list[str | None] = []

    @app.event("app_mention")
    async def mention(request: AsyncBoltRequest, event: dict[str, Any], say: Any) -> None:
        retries.append(retry_num(request))
        await say(text="hi", thread_ts=event["ts"])

    @app.view("answer-modal")
    async def on_submit(ack: Any) -> None:
        await ack(response_action="clear")

    async with socket_mode(api, app, api.app_token) as handler:
        await handler.connect_async()
        event = api.payloads.app_mention("ping?")
        envelope_id = await api.socket_send_event(event, retry_attempt=1, retry_reason="timeout")
        assert await api.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
        await api.wait_for(lambda: api.messages("C1", thread_ts=event["ts"]))
        assert retries == ["1"]  # bolt mirrors retry_attempt into the x-slack-retry-num header

        submit = api.payloads.view_submission("answer-modal", {"answer": {"text": "42"}})
        envelope_id = await api.socket_send_interactive(submit)
        ack = await api.wait_for_ack(envelope_id)
        assert ack["payload"] == {"response_action": "clear"}

        assert any(p.startswith(b"sdk-ping-pong:") for p in api.socket_pings)  # slack_sdk pings on connect
        await api.socket_ping(b"are-you-alive")
        await api.wait_for(lambda: b"are-you-alive" in api.socket_pongs)

        await api.socket_disconnect("refresh_requested")
        await api.wait_for(lambda: api.socket_connections_total == 2 and api.socket_connected == 1)
        assert len(api.calls("apps.connections.open")) == 2
        envelope_id = await api.socket_send_event(api.payloads.app_mention("after reconnect"))
        await api.wait_for_ack(envelope_id)
        await api.wait_for(lambda: len(retries) == 2)


async def test_socket_mode_wrong_app_token_keeps_retrying(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    handler = AsyncSocketModeHandler(app, "xapp-revoked", ping_interval=0.05)
    connecting = asyncio.ensure_future(handler.connect_async())
    try:
        # slack_sdk logs the error and retries every ping_interval; connect_async() never returns.
        await api.wait_for(lambda: len(api.calls("apps.connections.open")) >= 2)
        assert not connecting.done()
        assert {c["response"]["error"] for c in api.calls("apps.connections.open")} == {"invalid_auth"}
    finally:
        await close_socket_handler(handler)
        await asyncio.wait_for(connecting, timeout=2)
    assert api.socket_connections_total == 0


async def test_socket_url_needs_a_ticket(api: FakeSlackApi) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"ws://127.0.0.1:{api.port}/socket?ticket=forged")
