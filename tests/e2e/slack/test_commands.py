"""The real bot on the real slack_bolt: commands, buttons, forms, mentions, threads, socket mode."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot.app import App
from bot.chat import IncomingMessage, Reply
from bot.clock import FakeClock
from bot.config import SlackMode
from bot.http_server import HttpServer
from bot.platforms import PlatformStartError
from bot.platforms.slack_app import SlackAdapter
from question_bank import QuestionBank
from tests.e2e.slack.support import ERROR_ID, settings_for, texts
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def test_help_answers_privately_under_its_prefixed_name(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, _ = await slack.slash_command("/pp-help")
    assert status == 200
    [post] = await api.wait_for(lambda: api.answers())
    assert post["response_type"] == "ephemeral"
    assert "/question" in texts(post["blocks"])


async def test_question_posts_a_card_with_buttons(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, _ = await slack.slash_command("/question", "url-shortener", channel_id="C1")
    assert status == 200
    [card] = await api.wait_for(lambda: api.messages("C1"))
    assert card["blocks"][0]["type"] == "header"
    assert "URL" in card["blocks"][0]["text"]["text"]
    actions = [block for block in card["blocks"] if block["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "question:hints:url-shortener",
        "question:clarify:url-shortener",
    ]


async def test_subcommand_style_options_are_parsed_like_everywhere_else(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    await slack.slash_command("/question", "id:leaderboard", channel_id="C1")
    [card] = await api.wait_for(lambda: api.messages("C1"))
    assert "id: leaderboard" in texts(card["blocks"])


async def test_a_button_press_shows_hints_privately(
    slack: SlackRequests, api: FakeSlackApi, bank: QuestionBank
) -> None:
    await slack.slash_command("/question", "url-shortener", channel_id="C1")
    await api.wait_for(lambda: api.messages("C1"))
    status, _ = await slack.button("question:hints:url-shortener", channel_id="C1")
    assert status == 200
    [post] = await api.wait_for(lambda: api.response_posts())
    question = bank.get("url-shortener")
    assert question is not None
    assert post["response_type"] == "ephemeral"
    assert question.hints[0][:60] in texts(post["blocks"])


async def test_a_form_opens_as_a_modal_and_its_submission_is_handled(
    slack: SlackRequests, api: FakeSlackApi, forms: list[Mapping[str, str]]
) -> None:
    await slack.slash_command("/story", channel_id="C1")
    [opened] = await api.wait_for(lambda: api.calls("views.open"))
    view = opened["params"]["view"]
    assert view["callback_id"] == "story:add:ownership"
    status, _ = await slack.view_submission(
        "story:add:ownership",
        {"situation": {"value": "Late launch"}, "result": {"value": "Shipped"}},
        view_id=opened["response"]["view"]["id"],
    )
    assert status == 200
    await api.wait_for(lambda: forms)
    assert forms == [{"entity": "ownership", "situation": "Late launch", "result": "Shipped"}]
    [saved] = await api.wait_for(lambda: api.ephemerals("C1"))
    assert saved["text"] == "Story saved"


async def test_a_mention_in_a_thread_is_answered_in_that_thread(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, _ = await slack.app_mention("question rate-limiter", channel_id="C1", thread_ts="1700000000.000100")
    assert status == 200
    [reply] = await api.wait_for(lambda: api.messages("C1", thread_ts="1700000000.000100"))
    assert "id: rate-limiter" in texts(reply["blocks"])


async def test_a_crash_shows_an_error_id_and_the_next_command_is_served(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    await slack.slash_command("/crash", channel_id="C1")
    [post] = await api.wait_for(lambda: api.answers())
    assert post["response_type"] == "ephemeral"
    assert ERROR_ID.search(post["text"])
    assert "kaboom" not in texts(post["blocks"])
    await slack.slash_command("/question", "leaderboard", channel_id="C1")
    await api.wait_for(lambda: api.messages("C1"))


async def test_an_admin_command_is_refused_for_a_member_and_run_for_an_admin(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    await slack.slash_command("/reset", user_id="U1", channel_id="C1")
    [refusal] = await api.wait_for(lambda: api.answers())
    assert refusal["text"] == "Only workspace admins can use /reset."
    await slack.slash_command("/reset", user_id="UADMIN", channel_id="C1")
    [done] = await api.wait_for(lambda: api.messages("C1"))
    assert done["text"] == "reset done"


async def test_threads_group_dms_and_dms(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/room", user_id="U1", channel_id="C1")
    dm_calls = await api.wait_for(lambda: len(api.calls("conversations.open")) >= 2 and api.calls("conversations.open"))
    card = api.messages("C1")[0]
    await api.wait_for(lambda: api.messages("C1", thread_ts=card["ts"]))
    assert api.messages("C1", thread_ts=card["ts"])[0]["text"] == "Phase 1/5 · Requirements & scope · 7 min"
    group = dm_calls[0]["response"]["channel"]["id"]
    await api.wait_for(lambda: len(api.messages(group)) >= 1)
    starter = api.messages(group)[0]
    assert starter["blocks"][0]["text"]["text"] == "*Private mock*"  # the thread's name, in bold
    await api.wait_for(lambda: api.messages(group, thread_ts=starter["ts"]))
    assert api.messages(group, thread_ts=starter["ts"])[0]["text"] == "just us"


async def test_messages_in_threads_reach_the_listeners(
    slack: SlackRequests, api: FakeSlackApi, heard: list[IncomingMessage]
) -> None:
    await slack.message("I would shard by user id", channel_id="C1", thread_ts="1700000000.000100")
    await api.wait_for(lambda: heard)
    [message] = heard
    assert message.text == "I would shard by user id"
    assert message.message.place.id == "1700000000.000100"


async def test_a_rejected_bot_token_is_one_clear_error(app: App, api: FakeSlackApi) -> None:
    adapter = SlackAdapter(app, settings_for(api, bot_token="xoxb-wrong"), http=HttpServer(0, host="127.0.0.1"))
    with pytest.raises(PlatformStartError, match="Slack rejected the bot token"):
        await adapter.start()


async def test_a_rejected_app_token_is_one_clear_error(app: App, api: FakeSlackApi) -> None:
    adapter = SlackAdapter(app, settings_for(api, SlackMode.SOCKET, app_token="xapp-wrong"))
    with pytest.raises(PlatformStartError, match="Slack rejected the app token"):
        await adapter.start()


async def test_socket_mode_receives_a_slash_command(app: App, api: FakeSlackApi, clock: FakeClock) -> None:
    adapter = SlackAdapter(app, settings_for(api, SlackMode.SOCKET), pacing_clock=clock)
    await adapter.start()
    try:
        await api.wait_for(lambda: api.socket_connected)
        envelope = await api.socket_send_slash_command("/question", "url-shortener", channel_id="C1", user_id="U1")
        await api.wait_for_ack(envelope)
        [card] = await api.wait_for(lambda: api.messages("C1"))
        assert "id: url-shortener" in texts(card["blocks"])
    finally:
        await adapter.close()


async def test_help_and_errors_name_commands_as_slack_knows_them(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/pp-help")
    [overview] = await api.wait_for(lambda: api.answers())
    assert "`/pp-help` - List every command" in texts(overview["blocks"])
    assert "`/question` - Show a system design question" in texts(overview["blocks"])
    await slack.app_mention("dance", channel_id="C1")
    await api.wait_for(lambda: len(api.ephemerals("C1")) >= 2)
    unknown = api.ephemerals("C1")[-1]
    listing = (
        "Commands: /barraiser, /crash, /daily, /diagram, /essay, /forget-me, /pp-help, /mock, /pair, /prep, /question"
    )
    assert f"There is no command /dance. {listing}" in unknown["text"]
    assert "Try /pp-help." in unknown["text"]


async def test_a_posted_message_is_edited_in_place(app: App, api: FakeSlackApi, clock: FakeClock) -> None:
    from bot.chat import ChannelRef, Platform

    adapter = SlackAdapter(app, settings_for(api), http=HttpServer(0, host="127.0.0.1"), pacing_clock=clock)
    general = ChannelRef(Platform.SLACK, "T0001", "C1", "general")
    status = await adapter.chat.post(general, Reply(title="Mock status", text="Phase 1/5 · 7:00 left"))
    await adapter.chat.edit(status, Reply(title="Mock status", text="Phase 1/5 · 6:30 left"))
    [message] = api.messages("C1")
    assert "6:30 left" in texts(message["blocks"])
    assert [call["params"]["ts"] for call in api.calls("chat.update")] == [status.id]


async def test_ack_latency_is_measured_on_slack(slack: SlackRequests, api: FakeSlackApi) -> None:
    from prometheus_client import REGISTRY

    before = REGISTRY.get_sample_value("pp_ack_seconds_count", {"platform": "slack"}) or 0.0
    await slack.slash_command("/pp-help")
    assert (REGISTRY.get_sample_value("pp_ack_seconds_count", {"platform": "slack"}) or 0) > before


async def test_answers_through_response_urls_share_one_kept_alive_connection(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    # Button presses: Slack shows no message from their ack, so each answer is a response_url post.
    # One after another: posts at the same time would rightly need a connection each.
    for count, user in enumerate(("U1", "UADMIN", "U1"), start=1):
        await slack.button("question:hints:url-shortener", channel_id="C1", user_id=user)
        await api.wait_for(lambda n=count: len(api.response_posts()) >= n)
    posts = api.response_posts()
    assert all(post["status"] == 200 for post in posts)
    assert len({post["connection"] for post in posts}) == 1
