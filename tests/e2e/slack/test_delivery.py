"""How requests reach the bot and replies reach Slack: signatures, retries, 429s, pacing, splitting."""

from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace

import pytest
from slack_sdk.http_retry import builtin_async_handlers

from bot.clock import FakeClock
from tests.e2e.slack.support import all_blocks, texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def test_an_event_delivered_three_times_is_handled_once(slack: SlackRequests, api: FakeSlackApi) -> None:
    mention = {
        "type": "app_mention",
        "user": "U1",
        "channel": "C1",
        "text": f"<@{api.bot_user_id}> question typeahead",
        "ts": "1700000001.000200",
    }
    for retry in (None, 1, 2):
        status, _ = await slack.event(mention, event_id="Ev0RETRY", retry_num=retry, retry_reason="http_timeout")
        assert status == 200
    await api.wait_for(lambda: api.messages("C1"))
    await asyncio.sleep(0.2)  # give a wrongly repeated delivery the time to show up
    assert len(api.messages("C1")) == 1


@pytest.mark.parametrize("tampering", [{"bad_signature": True}, {"age": 6 * 60}])
async def test_a_forged_or_stale_request_gets_401_and_changes_nothing(
    slack: SlackRequests, api: FakeSlackApi, tampering: dict[str, object]
) -> None:
    status, _ = await slack.slash_command("/question", "url-shortener", channel_id="C1", **tampering)  # type: ignore[arg-type]
    assert status == 401
    assert api.calls("chat.postMessage") == []
    assert api.response_posts() == []


async def test_a_429_is_retried_after_retry_after(
    slack: SlackRequests, api: FakeSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def record_sleep(seconds: float) -> None:
        waited.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=record_sleep))
    api.rate_limit_next("chat.postMessage", retry_after=1)
    await slack.slash_command("/question", "url-shortener", channel_id="C1")
    await api.wait_for(lambda: api.messages("C1"))
    assert [call["status"] for call in api.calls("chat.postMessage")] == [429, 200]
    assert len(waited) == 1
    assert waited[0] >= 1


async def test_an_over_long_reply_is_split_within_limits(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/essay", channel_id="C1")
    await api.wait_for(lambda: "Paragraph 59." in all_blocks(api, "C1"))
    messages = api.messages("C1")
    assert len(messages) > 1
    for message in messages:
        assert len(message["blocks"]) <= 50
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    assert [int(n) for n in re.findall(r"Paragraph (\d+)\.", all_blocks(api, "C1"))] == list(range(60))


async def test_messages_to_one_channel_are_paced(slack: SlackRequests, api: FakeSlackApi, clock: FakeClock) -> None:
    start = clock.now()
    await slack.slash_command("/essay", channel_id="C1")
    await api.wait_for(lambda: "Paragraph 59." in all_blocks(api, "C1"))
    # One message per second per channel: n messages take n - 1 seconds of the pacing clock.
    assert (clock.now() - start).total_seconds() == len(api.messages("C1")) - 1


async def test_posting_where_the_bot_is_not_a_member_falls_back_to_the_response_url(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    api.fail_next("chat.postMessage", "not_in_channel")
    await slack.slash_command("/question", "url-shortener", channel_id="C1")
    [post] = await api.wait_for(lambda: api.response_posts())
    assert post["response_type"] == "in_channel"
    assert "id: url-shortener" in texts(post["blocks"])


async def test_a_response_url_post_on_a_dropped_connection_is_sent_again_once() -> None:
    from aiohttp import web

    from bot.platforms.slack_response_urls import ResponseUrls

    bodies: list[object] = []

    async def handle(request: web.Request) -> web.Response:
        if not bodies:
            bodies.append(None)
            assert request.transport is not None
            request.transport.close()  # what a proxy or Slack does to a kept-alive connection it dropped
        else:
            bodies.append(await request.json())
        return web.Response(text="ok")

    application = web.Application()
    application.router.add_post("/hook", handle)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    urls = ResponseUrls()
    try:
        port = runner.addresses[0][1]
        await urls.for_url(f"http://127.0.0.1:{port}/hook")(text="hi", blocks=[], response_type="ephemeral")
    finally:
        await urls.close()
        await runner.cleanup()
    assert bodies == [None, {"text": "hi", "blocks": [], "response_type": "ephemeral"}]
