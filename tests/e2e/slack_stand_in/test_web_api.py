"""The stand-in's signatures and Web API, driven by slack_sdk (no project code)."""

from __future__ import annotations

import asyncio
import json
import time
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from tests.e2e.slack_stand_in.support import SECRET, bolt_app
from tests.fakes.slack_api import FakeSlackApi, SlackRequests, slack_signature

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
