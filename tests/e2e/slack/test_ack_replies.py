"""A quick private answer to a slash command rides on its ack; everything else is answered after it.

Signed requests into the real Bolt app; the stand-in applies each ack as Slack does and checks it is
what Slack accepts (blocks within limits, a known response_type).
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlencode

import pytest

from bot.app import App
from bot.chat import Reply
from bot.clock import FakeClock
from bot.config import SlackMode
from bot.context import CommandContext
from bot.platforms.slack_app import SlackAdapter
from question_bank import QuestionBank
from tests.e2e.slack.support import settings_for, texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

LONG = "\n\n".join(f"Paragraph {n}. " + "word " * 500 for n in range(60))  # over 50 blocks: two messages


async def test_help_is_answered_in_the_ack_and_nothing_is_posted_after(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, body = await slack.slash_command("/pp-help", channel_id="C1")
    assert status == 200
    [ack] = api.acks()
    assert ack["status"] == "ok"  # the stand-in would say why Slack refuses it
    assert ack["response_type"] == "ephemeral"
    assert "`/question` - Show a system design question" in texts(ack["blocks"])
    assert len(body.encode()) < 40_000
    [shown] = api.ephemerals("C1", user="U1")
    assert shown["blocks"] == ack["blocks"]
    assert api.response_posts() == []
    assert api.calls("chat.postEphemeral") == []


async def test_a_refusal_is_answered_in_the_ack(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/reset", user_id="U1", channel_id="C1")
    [ack] = api.acks()
    assert (ack["status"], ack["text"]) == ("ok", "Only workspace admins can use /reset.")


async def test_a_post_in_the_channel_acks_empty_first(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, body = await slack.slash_command("/question", "url-shortener", channel_id="C1")
    assert (status, body) == (200, "")
    [card] = await api.wait_for(lambda: api.messages("C1"))
    assert "id: url-shortener" in texts(card["blocks"])
    assert api.acks() == []


async def test_a_private_answer_longer_than_one_message_goes_through_the_response_url(
    slack: SlackRequests, api: FakeSlackApi, app: App
) -> None:
    @app.services.registry.command("long", help="a long private answer")
    async def long_answer(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text=LONG, ephemeral=True))

    status, body = await slack.slash_command("/long", channel_id="C1")
    assert (status, body) == (200, "")
    posts = await api.wait_for(lambda: len(api.response_posts()) >= 2 and api.response_posts())
    assert all(post["status"] == 200 and post["response_type"] == "ephemeral" for post in posts)
    assert "Paragraph 59." in texts([block for post in posts for block in post["blocks"]])


async def test_a_second_private_answer_follows_through_the_response_url(
    slack: SlackRequests, api: FakeSlackApi, app: App
) -> None:
    @app.services.registry.command("twice", help="two private answers")
    async def twice(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="first", ephemeral=True))
        await context.respond(Reply(text="second", ephemeral=True))

    await slack.slash_command("/twice", channel_id="C1")
    [post] = await api.wait_for(lambda: api.response_posts())
    assert [answer["text"] for answer in api.answers()] == ["first", "second"]
    assert (api.acks()[0]["text"], post["text"]) == ("first", "second")


async def test_a_slow_command_acks_empty_before_it_works(slack: SlackRequests, api: FakeSlackApi, app: App) -> None:
    @app.services.registry.command("think", help="an LLM answer", slow=True)
    async def think(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="thought", ephemeral=True))

    status, body = await slack.slash_command("/think", channel_id="C1")
    assert (status, body) == (200, "")
    [post] = await api.wait_for(lambda: api.response_posts())
    assert post["text"] == "thought"


async def test_an_answer_later_than_the_ack_budget_goes_through_the_response_url(
    api: FakeSlackApi, app: App, clock: FakeClock
) -> None:
    from bot.http_server import HttpServer
    from tests.e2e.slack.support import SIGNING_SECRET

    go_on = asyncio.Event()

    @app.services.registry.command("wait", help="answers when told to")
    async def wait(context: CommandContext, options: object) -> None:
        await go_on.wait()
        await context.respond(Reply(text="late", ephemeral=True))

    http = HttpServer(0, host="127.0.0.1")
    adapter = SlackAdapter(app, settings_for(api), http=http, pacing_clock=clock)
    adapter.ack_reply_within = 0.01  # the ack must not wait for an answer that has not come
    await adapter.start()
    await http.start()
    try:
        url = f"http://127.0.0.1:{http.port}/slack/events"
        slack = SlackRequests(app_url=url, signing_secret=SIGNING_SECRET, api=api)
        status, body = await slack.slash_command("/wait", channel_id="C1")
        assert (status, body) == (200, "")
        go_on.set()
        [post] = await api.wait_for(lambda: api.response_posts())
        assert post["text"] == "late"
        assert api.acks() == []
    finally:
        await adapter.close()
        await http.close()


async def test_a_retried_slash_command_is_answered_once(slack: SlackRequests, api: FakeSlackApi) -> None:
    form = api.payloads.slash_command("/pp-help", user_id="U1", channel_id="C1")
    first = await slack.send(urlencode(form), content_type="application/x-www-form-urlencoded", payload=dict(form))
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    again = await slack.send(
        urlencode(form), content_type="application/x-www-form-urlencoded", payload=dict(form), extra_headers=retry
    )
    assert (first.status, again.status, again.body) == (200, 200, "")
    assert len(api.answers()) == 1


async def test_a_button_pressed_once_but_delivered_twice_is_answered_once(
    slack: SlackRequests, api: FakeSlackApi, bank: QuestionBank, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.platforms.slack_members")
    payload = api.payloads.block_actions("question:hints:url-shortener", channel_id="C1", user_id="U1")
    for _ in range(2):
        status, body = await slack.interactive(payload)
        assert (status, body) == (200, "")
    [post] = await api.wait_for(lambda: api.response_posts())
    question = bank.get("url-shortener")
    assert question is not None
    assert question.hints[0][:60] in texts(post["blocks"])
    # The repeat was dropped before any work started (its ack came back first), so no second answer comes.
    assert any("dropping a repeated delivery" in record.getMessage() for record in caplog.records)
    assert len(api.response_posts()) == 1
    assert api.acks() == []  # a button's ack carries nothing: Slack would not show it


async def test_a_button_delivered_twice_at_the_same_moment_is_answered_once(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    # Both deliveries reach the bot in the same turn of its event loop, so their claims go to Redis together.
    payload = api.payloads.block_actions("question:hints:url-shortener", channel_id="C1", user_id="U1")
    answers = await asyncio.gather(slack.interactive(payload), slack.interactive(payload))
    assert [(status, body) for status, body in answers] == [(200, ""), (200, "")]
    await api.wait_for(lambda: api.response_posts())
    await asyncio.sleep(0.2)  # give a wrongly repeated answer the time to show up
    assert len(api.response_posts()) == 1


async def test_presses_arriving_together_are_each_answered_through_their_own_response_url(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    users = [f"U{number:03d}" for number in range(20)]
    payloads = [
        api.payloads.block_actions("question:hints:url-shortener", channel_id="C1", user_id=user) for user in users
    ]
    answers = await asyncio.gather(*(slack.interactive(payload) for payload in payloads))
    assert {status for status, _ in answers} == {200}
    posts = await api.wait_for(lambda: len(api.response_posts()) == len(users) and api.response_posts())
    assert all("Hints" in texts(post["blocks"]) for post in posts)
    assert api.acks() == []


async def test_socket_mode_answers_help_in_the_envelope_ack(app: App, api: FakeSlackApi, clock: FakeClock) -> None:
    adapter = SlackAdapter(app, settings_for(api, SlackMode.SOCKET), pacing_clock=clock)
    await adapter.start()
    try:
        await api.wait_for(lambda: api.socket_connected)
        envelope = await api.socket_send_slash_command("/pp-help", channel_id="C1", user_id="U1")
        ack = await api.wait_for_ack(envelope)
        assert ack["payload"]["response_type"] == "ephemeral"
        [applied] = await api.wait_for(lambda: api.acks())
        assert (applied["via"], applied["status"]) == ("socket", "ok")
        assert api.response_posts() == []
    finally:
        await adapter.close()
