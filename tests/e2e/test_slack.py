"""The real bot on the real slack_bolt: signed requests in, a local Web API stand-in out."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest
from pydantic import SecretStr
from slack_sdk.http_retry import builtin_async_handlers

from bot.app import App
from bot.chat import ActionId, Form, FormField, IncomingMessage, Reply
from bot.clock import FakeClock
from bot.commands import Permission
from bot.config import SlackMode, SlackSettings
from bot.context import CommandContext, Services
from bot.deadlines import DeadlineQueue
from bot.http_server import HttpServer
from bot.platforms import PlatformStartError
from bot.platforms.slack_app import SlackAdapter
from bot.store import Store
from question_bank import QuestionBank
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

REPO = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "test-signing-secret"
ERROR_ID = re.compile(r"something went wrong \(error id [0-9a-f]{8}\)")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk honours HTTP(S)_PROXY but not NO_PROXY: keep local traffic local.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def settings_for(api: FakeSlackApi, mode: SlackMode = SlackMode.HTTP, **changes: str) -> SlackSettings:
    values = {
        "bot_token": SecretStr(changes.get("bot_token", api.bot_token)),
        "app_token": SecretStr(changes.get("app_token", api.app_token)),
        "signing_secret": SecretStr(SIGNING_SECRET),
        "api_base_url": api.base_url,
        "mode": mode,
    }
    return SlackSettings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def add_test_commands(app: App, heard: list[IncomingMessage], forms: list[Mapping[str, str]]) -> None:
    registry = app.services.registry

    @registry.command("crash", help="always fails")
    async def crash(context: CommandContext, options: object) -> None:
        raise RuntimeError("kaboom")

    @registry.command("reset", help="admins only", permission=Permission.ADMIN)
    async def reset(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="reset done"))

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(
            Reply(title="Essay", text="\n\n".join(f"Paragraph {n}. " + "word " * 500 for n in range(60)))
        )

    @registry.command("story", help="a form")
    async def story(context: CommandContext, options: object) -> None:
        fields = (FormField("situation", "Situation"), FormField("result", "Result", multiline=True))
        await context.open_form(Form(ActionId("story", "add", "ownership"), "New STAR story", fields))

    @registry.form("story", "add")
    async def saved(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
        forms.append({"entity": entity, **values})
        await context.respond(Reply(text="Story saved", ephemeral=True))

    @registry.command("room", help="a private thread and a DM")
    async def room(context: CommandContext, options: object) -> None:
        card = await context.respond(Reply(title="Mock", text="A new mock"))
        assert card is not None
        public = await context.chat.open_thread(card, "Mock · url-shortener")
        await context.chat.post(public, Reply(text="Phase 1/5 · Requirements & scope · 7 min"))
        private = await context.chat.open_thread(card, "Private mock", private=True, members=(context.user,))
        await context.chat.post(private, Reply(text="just us"))
        await context.chat.send_dm(context.user, Reply(text="Your interviewer guide"))

    @registry.on_message
    async def listen(services: Services, chat: object, message: IncomingMessage) -> None:
        heard.append(message)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as server:
        server.add_user("U1", "alice")
        server.add_user("UADMIN", "ada", is_admin=True)
        server.add_channel("C1", "general")
        yield server


@pytest.fixture
def heard() -> list[IncomingMessage]:
    return []


@pytest.fixture
def forms() -> list[Mapping[str, str]]:
    return []


@pytest.fixture
async def slack(
    app: App,
    api: FakeSlackApi,
    clock: FakeClock,
    heard: list[IncomingMessage],
    forms: list[Mapping[str, str]],
) -> AsyncIterator[SlackRequests]:
    add_test_commands(app, heard, forms)
    http = HttpServer(0, host="127.0.0.1")
    adapter = SlackAdapter(app, settings_for(api), http=http, pacing_clock=clock)
    app.attach(adapter.chat)
    await adapter.start()
    await http.start()
    yield SlackRequests(app_url=f"http://127.0.0.1:{http.port}/slack/events", signing_secret=SIGNING_SECRET, api=api)
    await adapter.close()
    await http.close()


def texts(blocks: list[dict[str, object]]) -> str:
    return repr(blocks)


async def test_help_answers_privately_under_its_prefixed_name(slack: SlackRequests, api: FakeSlackApi) -> None:
    status, _ = await slack.slash_command("/pp-help")
    assert status == 200
    [post] = await api.wait_for(lambda: api.response_posts())
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


async def test_a_crash_shows_an_error_id_and_the_next_command_is_served(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    await slack.slash_command("/crash", channel_id="C1")
    [post] = await api.wait_for(lambda: api.response_posts())
    assert post["response_type"] == "ephemeral"
    assert ERROR_ID.search(post["text"])
    assert "kaboom" not in texts(post["blocks"])
    await slack.slash_command("/question", "leaderboard", channel_id="C1")
    await api.wait_for(lambda: api.messages("C1"))


async def test_an_admin_command_is_refused_for_a_member_and_run_for_an_admin(
    slack: SlackRequests, api: FakeSlackApi
) -> None:
    await slack.slash_command("/reset", user_id="U1", channel_id="C1")
    [refusal] = await api.wait_for(lambda: api.response_posts())
    assert refusal["text"] == "Only workspace admins can use /reset."
    await slack.slash_command("/reset", user_id="UADMIN", channel_id="C1")
    [done] = await api.wait_for(lambda: api.messages("C1"))
    assert done["text"] == "reset done"


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


async def until_scheduled(queue: DeadlineQueue, count: int) -> None:
    for _ in range(500):
        if await queue.pending() >= count:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"fewer than {count} deadlines were scheduled")


def all_blocks(api: FakeSlackApi, channel: str) -> str:
    return texts([block for message in api.messages(channel) for block in message["blocks"]])


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


async def test_threads_group_dms_and_dms(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/room", user_id="U1", channel_id="C1")
    dm_calls = await api.wait_for(lambda: len(api.calls("conversations.open")) >= 2 and api.calls("conversations.open"))
    card = api.messages("C1")[0]
    await api.wait_for(lambda: api.messages("C1", thread_ts=card["ts"]))
    assert api.messages("C1", thread_ts=card["ts"])[0]["text"] == "Phase 1/5 · Requirements & scope · 7 min"
    group = dm_calls[0]["response"]["channel"]["id"]
    await api.wait_for(lambda: len(api.messages(group)) >= 1)
    starter = api.messages(group)[0]
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(api: FakeSlackApi, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "REDIS_URL"):
        env.pop(name, None)
    env.update(SLACK_BOT_TOKEN=api.bot_token, SLACK_API_BASE_URL=api.base_url, **extra)
    return env


async def stop(process: asyncio.subprocess.Process) -> tuple[str, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    return stdout.decode(), stderr.decode()


async def test_python_m_bot_starts_socket_mode_with_both_tokens(api: FakeSlackApi) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=REPO,
        env=bot_env(api, SLACK_APP_TOKEN=api.app_token),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        await api.wait_for(lambda: api.socket_connected, timeout=30)
        envelope = await api.socket_send_slash_command("/question", "url-shortener", channel_id="C1", user_id="U1")
        await api.wait_for_ack(envelope, timeout=10)
        await api.wait_for(lambda: api.messages("C1"), timeout=10)
    finally:
        stdout, stderr = await stop(process)
    assert process.returncode == 0, stderr
    assert api.bot_token not in stdout + stderr
    assert api.app_token not in stdout + stderr


async def test_python_m_bot_serves_slack_events_over_http(api: FakeSlackApi) -> None:
    port = free_port()
    env = bot_env(api, SLACK_MODE="http", SLACK_SIGNING_SECRET=SIGNING_SECRET, HTTP_PORT=str(port))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    sender = SlackRequests(app_url=f"http://127.0.0.1:{port}/slack/events", signing_secret=SIGNING_SECRET, api=api)
    try:
        for _ in range(300):
            try:
                status, _ = await sender.slash_command("/question", "url-shortener", channel_id="C1")
                break
            except OSError:
                await asyncio.sleep(0.1)
        assert status == 200
        await api.wait_for(lambda: api.messages("C1"), timeout=10)
    finally:
        stdout, stderr = await stop(process)
    assert process.returncode == 0, stderr
    assert SIGNING_SECRET not in stdout + stderr


async def test_python_m_bot_with_a_wrong_token_exits_2_with_one_line(api: FakeSlackApi) -> None:
    env = bot_env(api, SLACK_APP_TOKEN=api.app_token)
    env["SLACK_BOT_TOKEN"] = "xoxb-wrong"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert (
        stderr.decode().strip().splitlines()[-1] == "practice-partner: Slack rejected the bot token (SLACK_BOT_TOKEN)"
    )
    assert "Traceback" not in stderr.decode()
    assert "xoxb-wrong" not in stdout.decode() + stderr.decode()


async def test_help_and_errors_name_commands_as_slack_knows_them(slack: SlackRequests, api: FakeSlackApi) -> None:
    await slack.slash_command("/pp-help")
    [overview] = await api.wait_for(lambda: api.response_posts())
    assert "`/pp-help` - List every command" in texts(overview["blocks"])
    assert "`/question` - Show a system design question" in texts(overview["blocks"])
    await slack.app_mention("dance", channel_id="C1")
    await api.wait_for(lambda: len(api.ephemerals("C1")) >= 2)
    unknown = api.ephemerals("C1")[-1]
    listing = "Commands: /barraiser, /crash, /daily, /essay, /forget-me, /pp-help, /mock, /question"
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


async def test_a_mock_runs_in_a_thread_and_its_pause_button_works(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock
) -> None:
    queue = app.services.queue_for("slack")
    await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
    [intro] = await api.wait_for(lambda: api.messages("C1"))
    assert "Mock · Design a URL shortener" in texts(intro["blocks"])

    def thread() -> list[dict[str, object]]:
        return api.messages("C1", thread_ts=intro["ts"])

    await api.wait_for(lambda: any(str(m["text"]).startswith("Phase 1/5") for m in thread()))
    await until_scheduled(queue, count=2)  # the handler runs on after Slack's ack: let it finish
    clock.advance(7 * 60)
    await queue.run_due()
    said = [str(m["text"]).split("\n")[0] for m in thread() if str(m["text"]).startswith(("Phase", "⏳"))]
    assert said == ["Phase 1/5 · Requirements & scope · 7 min", "Phase 2/5 · Capacity estimation · 5 min"]
    status = next(m for m in thread() if "mock:pause:" in texts(m["blocks"]))  # type: ignore[arg-type]
    pause = re.search(r"mock:pause:[0-9a-f]{8}", texts(status["blocks"]))  # type: ignore[arg-type]
    assert pause is not None
    status_code, _ = await slack.button(pause.group(0), channel_id="C1", message_ts=str(status["ts"]))
    assert status_code == 200
    await api.wait_for(lambda: str(thread()[-1]["text"]).startswith("⏸ Paused by"))
    assert any("paused" in texts(call["params"]["blocks"]) for call in api.calls("chat.update"))


async def test_the_bar_raiser_acks_at_once_and_answers_a_mention_in_the_thread_from_a_slow_llm(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock, store: Store
) -> None:
    import time

    from bot.config import LlmSettings
    from bot.llm import LlmClient
    from tests.fakes.openai_server import Delay, FakeOpenAI
    from tests.fakes.openai_server import Reply as LlmReply

    async with FakeOpenAI(api_key="sk-test") as llm:
        probe = {
            "text": "Your id allocator is down for ten minutes. What do users see?",
            "targets": ["redirects-survive"],
        }
        llm.reply_with(Delay(2.5, then=LlmReply({"probes": [probe]})))
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=llm.base_url)  # type: ignore[call-arg]
        app.services.llm = LlmClient(settings, clock, store)
        await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
        [intro] = await api.wait_for(lambda: api.messages("C1"))
        await slack.message("A Redis cache in front of DynamoDB", channel_id="C1", thread_ts=intro["ts"])
        started = time.monotonic()
        status, _ = await slack.app_mention("barraiser", channel_id="C1", thread_ts=intro["ts"])
        assert status == 200
        assert time.monotonic() - started < 2  # acknowledged before the LLM answered
        reply = await api.wait_for(
            lambda: next(
                (m for m in api.messages("C1", thread_ts=intro["ts"]) if "Bar raiser" in str(m["text"])), None
            ),
            timeout=10,
        )
        assert probe["text"] in texts(reply["blocks"])
        assert "AI bar raiser" in texts(reply["blocks"])
        await app.services.llm.close()


async def test_a_daily_drop_posts_a_card_with_a_thread_on_slack(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock
) -> None:
    await slack.slash_command("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN", channel_id="C1")
    [saved] = await api.wait_for(lambda: api.response_posts())
    assert saved["text"].startswith("Saved. The first drop:")
    await until_scheduled(app.services.queue_for("slack"), count=1)
    clock.advance(61 * 60)  # the fixture clock starts at 09:00 UTC
    await app.services.queue_for("slack").run_due()
    card = next(m for m in api.messages("C1") if str(m["text"]).startswith("Daily question ·"))
    assert card["blocks"][0]["type"] == "header"
