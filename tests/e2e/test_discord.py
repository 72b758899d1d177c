"""The real bot on the real discord.py, against a local Discord stand-in."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import App, build_app
from bot.chat import ActionId, ChannelRef, Form, FormField, IncomingMessage, Platform, Reply
from bot.clock import FakeClock
from bot.commands import Permission
from bot.config import DiscordSettings, load_settings
from bot.context import CommandContext, Services
from bot.platforms import PlatformStartError, discord_bot
from bot.platforms.discord_bot import DiscordAdapter
from bot.store import Store
from question_bank import QuestionBank
from tests.fakes.discord_server import FakeDiscord, pointed_at

REPO = Path(__file__).resolve().parents[2]
ERROR_ID = re.compile(r"something went wrong \(error id [0-9a-f]{8}\)")


def settings_for(fake: FakeDiscord, token: str | None = None) -> DiscordSettings:
    return DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        token=SecretStr(token or fake.token),
        api_base_url=fake.api_base_url,
        gateway_url=fake.gateway_url,
    )


def add_test_commands(app: App, heard: list[IncomingMessage], forms: list[Mapping[str, str]]) -> None:
    registry = app.services.registry

    @registry.command("crash", help="always fails")
    async def crash(context: CommandContext, options: object) -> None:
        raise RuntimeError("kaboom")

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="\n".join(f"Paragraph {n}. " + "word " * 80 for n in range(30))))

    @registry.command("think", help="slow, known in advance", slow=True)
    async def think(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="thought about it"))

    @registry.command("dawdle", help="slow, not declared")
    async def dawdle(context: CommandContext, options: object) -> None:
        await asyncio.sleep(0.5)
        await context.respond(Reply(text="finally", ephemeral=True))

    @registry.command("reset", help="admins only", permission=Permission.ADMIN)
    async def reset(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="reset done"))

    @registry.command("room", help="open threads")
    async def room(context: CommandContext, options: object) -> None:
        card = await context.respond(Reply(title="Mock", text="A new mock"))
        assert card is not None
        public = await context.chat.open_thread(card, "Mock · url-shortener")
        await context.chat.post(public, Reply(text="Phase 1/5 · Requirements & scope · 7 min"))
        private = await context.chat.open_thread(card, "Private mock", private=True, members=(context.user,))
        await context.chat.post(private, Reply(text="just us"))
        await context.chat.send_dm(context.user, Reply(text="Your interviewer guide"))

    @registry.command("story", help="a form")
    async def story(context: CommandContext, options: object) -> None:
        fields = (FormField("situation", "Situation"), FormField("result", "Result", multiline=True))
        await context.open_form(Form(ActionId("story", "add", "ownership"), "New STAR story", fields))

    @registry.form("story", "add")
    async def saved(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
        forms.append({"entity": entity, **values})
        await context.respond(Reply(text="Story saved", ephemeral=True))

    @registry.on_message
    async def listen(services: Services, chat: object, message: IncomingMessage) -> None:
        heard.append(message)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        with pointed_at(server):
            yield server


@pytest.fixture
def heard() -> list[IncomingMessage]:
    return []


@pytest.fixture
def forms() -> list[Mapping[str, str]]:
    return []


async def start_adapter(app: App, fake: FakeDiscord) -> DiscordAdapter:
    adapter = DiscordAdapter(app, settings_for(fake), guild_ready_timeout=0.1)
    await adapter.start()
    await fake.wait_until_ready()
    await fake.wait_for(lambda: fake.commands(), what="slash commands synced")
    return adapter


@pytest.fixture
async def bot(
    app: App, fake: FakeDiscord, heard: list[IncomingMessage], forms: list[Mapping[str, str]]
) -> AsyncIterator[DiscordAdapter]:
    add_test_commands(app, heard, forms)
    adapter = await start_adapter(app, fake)
    yield adapter
    await adapter.close()


async def test_every_command_is_synced_with_typed_options(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    names = {command["name"] for command in fake.commands()}
    assert {"help", "question", "questions", "crash", "reset"} <= names
    question = fake.command("question")
    options = {option["name"]: option for option in question["options"]}
    assert options["id"]["autocomplete"] is True
    assert [choice["value"] for choice in options["level"]["choices"]] == ["sde1", "sde2", "sde3"]


async def test_help_lists_the_commands_privately(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.slash_command("help")
    [response] = [await fake.wait_for_response(interaction)]
    assert response.ephemeral
    assert "/question" in response.embeds[0]["description"]


async def test_question_posts_a_card_with_persistent_buttons(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.slash_command("question", {"id": "url-shortener"})
    response = await fake.wait_for_response(interaction)
    assert not response.ephemeral
    embed = response.embeds[0]
    assert "URL" in embed["title"]
    assert embed["footer"]["text"] == "id: url-shortener"
    card = fake.last_message(fake.general_channel_id)
    assert card.custom_ids() == ["question:hints:url-shortener", "question:clarify:url-shortener"]


async def test_pressing_the_hint_button_shows_hints_privately(
    bot: DiscordAdapter, fake: FakeDiscord, bank: QuestionBank
) -> None:
    await fake.wait_for_response(await fake.slash_command("question", {"id": "url-shortener"}))
    press = await fake.press_button("question:hints:url-shortener")
    response = await fake.wait_for_response(press)
    question = bank.get("url-shortener")
    assert question is not None
    assert response.ephemeral
    assert question.hints[0] in response.embeds[0]["description"]


async def test_autocomplete_suggests_question_ids(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.autocomplete("question", {"id": "url"}, focused="id")
    response = await fake.wait_for_response(interaction)
    assert [choice["value"] for choice in response.choices] == ["url-shortener"]


async def test_an_unknown_question_is_a_friendly_private_message(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    response = await fake.wait_for_response(await fake.slash_command("question", {"id": "nope"}))
    assert response.ephemeral
    assert "no question 'nope' - try /questions" in (response.content or "")


async def test_an_admin_command_is_refused_for_a_member(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    refused = await fake.slash_command("reset", user=fake.member_user, enforce_permissions=False)
    response = await fake.wait_for_response(refused)
    assert response.ephemeral
    assert response.content == "Only workspace admins can use /reset."
    allowed = await fake.wait_for_response(await fake.slash_command("reset", user=fake.admin_user))
    assert allowed.content == "reset done"


async def test_the_admin_command_is_hidden_from_members_by_default(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    assert int(fake.command("reset")["default_member_permissions"]) == 0x20  # Manage Server


async def test_an_over_long_reply_is_split_within_limits(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.slash_command("essay")
    await fake.wait_for(
        lambda: "Paragraph 29." in "".join(r.content or "" for r in fake.responses(interaction)),
        what="the end",
    )
    sent = fake.responses(interaction)
    assert len(sent) > 1
    assert all(response.accepted for response in sent)
    assert all(len(response.content or "") <= 2000 for response in sent)
    text = "".join(response.content or "" for response in sent)
    assert [int(n) for n in re.findall(r"Paragraph (\d+)\.", text)] == list(range(30))


async def test_a_crash_shows_an_error_id_and_the_next_interaction_is_served(
    bot: DiscordAdapter, fake: FakeDiscord
) -> None:
    crashed = await fake.wait_for_response(await fake.slash_command("crash"))
    assert crashed.ephemeral
    assert ERROR_ID.search(crashed.content or "")
    assert "kaboom" not in (crashed.content or "")
    following = await fake.wait_for_response(await fake.slash_command("question", {"id": "leaderboard"}))
    assert following.embeds[0]["footer"]["text"] == "id: leaderboard"


async def test_a_slow_command_is_deferred_then_followed_up(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.slash_command("think")
    await fake.wait_for(lambda: len(fake.responses(interaction)) >= 2, what="defer and answer")
    defer, answer = fake.responses(interaction)[:2]
    assert (defer.kind, defer.type) == ("callback", 5)
    assert answer.kind == "edit_original"
    assert answer.content == "thought about it"


async def test_a_handler_that_takes_too_long_is_deferred_by_the_adapter(
    bot: DiscordAdapter, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord_bot, "DEFER_AFTER_SECONDS", 0.1)
    interaction = await fake.slash_command("dawdle")
    await fake.wait_for(lambda: any(r.content == "finally" for r in fake.responses(interaction)), what="answer")
    responses = fake.responses(interaction)
    assert (responses[0].kind, responses[0].type) == ("callback", 5)
    # The public "thinking…" is replaced by the private answer.
    assert [r.kind for r in responses] == ["callback", "delete_original", "followup"]
    assert responses[-1].ephemeral
    assert responses[-1].content == "finally"
    assert all(response.accepted for response in responses)


async def test_threads_private_threads_and_dms(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction = await fake.slash_command("room", user=fake.member_user)
    await fake.wait_for(lambda: fake.dms(fake.member_user), what="the DM")
    public, private = fake.threads
    assert (public.name, public.private) == ("Mock · url-shortener", False)
    assert public.starter_message_id == fake.responses(interaction)[0].message_id
    assert fake.messages(public.id)[-1].content == "Phase 1/5 · Requirements & scope · 7 min"
    assert private.private
    assert fake.member_user.id in private.members
    assert fake.messages(private.id)[-1].content == "just us"
    assert fake.dms(fake.member_user)[-1].content == "Your interviewer guide"


async def test_messages_in_threads_reach_the_listeners(
    bot: DiscordAdapter, fake: FakeDiscord, heard: list[IncomingMessage]
) -> None:
    await fake.wait_for_response(await fake.slash_command("room"))
    await fake.wait_for(lambda: fake.dms(fake.admin_user) or fake.dms(fake.member_user), what="the handler done")
    thread = fake.threads[0]
    await fake.post_message(thread.id, "I would start with 100M URLs a month", user=fake.member_user)
    await fake.wait_for(lambda: heard, what="the message heard")
    [message] = heard
    assert message.text == "I would start with 100M URLs a month"
    assert message.author.id == str(fake.member_user.id)
    assert message.message.place.id == str(thread.id)


async def test_a_form_opens_as_a_modal_and_its_submission_is_handled(
    bot: DiscordAdapter, fake: FakeDiscord, forms: list[Mapping[str, str]]
) -> None:
    opened = await fake.wait_for_response(await fake.slash_command("story"))
    assert opened.type == 9  # modal
    submitted = await fake.submit_modal("story:add:ownership", {"situation": "Late launch", "result": "Shipped"})
    response = await fake.wait_for_response(submitted)
    assert forms == [{"entity": "ownership", "situation": "Late launch", "result": "Shipped"}]
    assert response.ephemeral
    assert response.content == "Story saved"


async def test_a_button_on_an_old_message_works_after_a_restart(
    app: App, fake: FakeDiscord, store: Store, clock: FakeClock, bank: QuestionBank
) -> None:
    first = await start_adapter(app, fake)
    await fake.wait_for_response(await fake.slash_command("question", {"id": "rate-limiter"}))
    await first.close()
    restarted_app = await build_app(load_settings(env_file=None), clock, store=store, bank=bank)
    second = await start_adapter(restarted_app, fake)
    try:
        response = await fake.wait_for_response(await fake.press_button("question:hints:rate-limiter"))
        question = bank.get("rate-limiter")
        assert question is not None
        assert question.hints[0] in response.embeds[0]["description"]
    finally:
        await second.close()


async def test_unchanged_commands_are_not_synced_again(app: App, fake: FakeDiscord) -> None:
    first = await start_adapter(app, fake)
    await first.close()
    second = await start_adapter(app, fake)
    await second.close()
    assert len(fake.calls_to("PUT", r"/applications/\d+/commands")) == 1


async def test_a_rejected_token_is_one_clear_error(app: App, fake: FakeDiscord) -> None:
    adapter = DiscordAdapter(app, settings_for(fake, token="wrong-token"), guild_ready_timeout=0.1)
    with pytest.raises(PlatformStartError, match="Discord rejected the token"):
        await adapter.start()


def bot_process_env(fake: FakeDiscord, token: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env.pop("REDIS_URL", None)  # a fresh bot: no state left by other tests
    env.update(DISCORD_TOKEN=token, DISCORD_API_BASE_URL=fake.api_base_url, DISCORD_GATEWAY_URL=fake.gateway_url)
    return env


async def test_python_m_bot_with_a_wrong_token_exits_2_with_one_line(fake: FakeDiscord) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=REPO,
        env=bot_process_env(fake, "wrong-token"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert lines[-1] == "practice-partner: Discord rejected the token (DISCORD_TOKEN)"
    assert "Traceback" not in stderr.decode()
    assert "wrong-token" not in stderr.decode() + stdout.decode()


async def test_python_m_bot_with_a_token_serves_discord_and_stops_on_sigterm(fake: FakeDiscord) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=REPO,
        env=bot_process_env(fake, fake.token),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for(lambda: fake.commands(), timeout=30, what="commands synced")
        response = await fake.wait_for_response(await fake.slash_command("question", {"id": "url-shortener"}))
        assert response.embeds[0]["footer"]["text"] == "id: url-shortener"
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert fake.token not in stderr.decode() + stdout.decode()
    assert "practice-partner console" not in stdout.decode()  # the console only opens when asked


async def test_a_posted_message_is_edited_in_place(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    general = ChannelRef(Platform.DISCORD, str(fake.guild_id), str(fake.general_channel_id))
    status = await bot.chat.post(general, Reply(title="Mock status", text="Phase 1/5 · 7:00 left"))
    await bot.chat.edit(status, Reply(title="Mock status", text="Phase 1/5 · 6:30 left"))
    stored = fake.message(int(status.id))
    assert stored.embeds[0]["description"] == "Phase 1/5 · 6:30 left"
    assert len(fake.messages(fake.general_channel_id)) == 1


async def test_guild_ids_sync_commands_to_those_servers_only(app: App, fake: FakeDiscord) -> None:
    settings = settings_for(fake)
    settings = settings.model_copy(update={"guild_ids": (fake.guild_id,)})
    adapter = DiscordAdapter(app, settings, guild_ready_timeout=0.1)
    await adapter.start()
    try:
        await fake.wait_for(lambda: fake.commands(guild_id=fake.guild_id), what="guild commands")
        assert {c["name"] for c in fake.commands(guild_id=fake.guild_id)} >= {"help", "question"}
        assert fake.commands() == []
    finally:
        await adapter.close()


async def test_auto_sharding_connects_and_serves(app: App, fake: FakeDiscord) -> None:
    settings = settings_for(fake).model_copy(update={"shards": "auto"})
    adapter = await start_adapter(app, fake)
    await adapter.close()
    sharded = DiscordAdapter(app, settings, guild_ready_timeout=0.1)
    assert isinstance(sharded.client, discord_bot.ShardedPracticeClient)
    await sharded.start()
    try:
        await fake.wait_for(lambda: fake.identify_count >= 2, what="sharded identify")
        response = await fake.wait_for_response(await fake.slash_command("question", {"id": "typeahead"}))
        assert response.embeds[0]["footer"]["text"] == "id: typeahead"
    finally:
        await sharded.close()


async def test_the_invite_link_is_logged_at_start(
    app: App, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="bot.platforms.discord_bot"):
        adapter = await start_adapter(app, fake)
        await fake.wait_for(lambda: "invite the bot with" in caplog.text, what="invite logged")
        await adapter.close()
    assert f"client_id={fake.application_id}" in caplog.text
    assert "scope=bot+applications.commands" in caplog.text


def test_discord_invite_prints_the_link_for_the_token() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env["DISCORD_TOKEN"] = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-part"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "discord-invite"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678")
    assert "secret-part" not in result.stdout + result.stderr


async def test_the_console_runs_next_to_discord_only_when_asked(fake: FakeDiscord) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--console",
        cwd=REPO,
        env=bot_process_env(fake, fake.token),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    await fake.wait_until_ready(timeout=30)
    stdout, stderr = await asyncio.wait_for(process.communicate(b"/question url-shortener\n"), 30)
    assert process.returncode == 0, stderr.decode()
    assert "(id: url-shortener)" in stdout.decode()


async def test_a_mock_runs_in_a_thread_and_its_pause_button_works(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    response = await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    assert response.embeds[0]["title"] == "Mock · Design a URL shortener"
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    thread = fake.threads[0]
    assert thread.starter_message_id == response.message_id
    await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
    for _ in range(500):  # the warning and the status refresh are scheduled just after phase 1 is said
        if await queue.pending() >= 2:
            break
        await asyncio.sleep(0.01)
    clock.advance(7 * 60)
    await queue.run_due()
    contents = [m.content or "" for m in fake.messages(thread.id)]
    assert [c.split("\n")[0] for c in contents if c.startswith(("Phase", "⏳"))] == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
    ]  # the warning fell due in the same poll: only the latest is said
    status = next(m for m in fake.messages(thread.id) if any(c.startswith("mock:pause:") for c in m.custom_ids()))
    pause = next(c for c in status.custom_ids() if c.startswith("mock:pause:"))
    pressed = await fake.wait_for_response(await fake.press_button(pause, message_id=status.id))
    assert pressed.ephemeral
    public = [m for m in fake.messages(thread.id) if not m.ephemeral]
    assert public[-1].content.startswith("⏸ Paused by")
    assert "paused" in fake.message(status.id).embeds[0]["description"]


async def test_the_bar_raiser_is_deferred_then_answers_from_a_slow_llm(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock, store: Store
) -> None:
    from bot.config import LlmSettings
    from bot.llm import LlmClient
    from tests.fakes.openai_server import Delay, FakeOpenAI
    from tests.fakes.openai_server import Reply as LlmReply

    async with FakeOpenAI(api_key="sk-test") as llm:
        probe = {
            "text": "The create call is retried after a timeout. What stops a second link?",
            "targets": ["idempotent-create"],
        }
        llm.reply_with(Delay(2.5, then=LlmReply({"probes": [probe]})))
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=llm.base_url)  # type: ignore[call-arg]
        app.services.llm = LlmClient(settings, clock, store)
        app.attach(bot.chat)
        await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
        await fake.wait_for(lambda: fake.threads, what="the mock thread")
        thread = fake.threads[0]
        await fake.wait_for(lambda: any((m.content or "").startswith("Phase 1/5") for m in fake.messages(thread.id)))
        await fake.post_message(thread.id, "A Redis cache in front of DynamoDB", user=fake.member_user)
        asked = await fake.slash_command("barraiser", channel_id=thread.id)
        first = await fake.wait_for_response(asked)
        assert (first.kind, first.type) == ("callback", 5)  # deferred at once: Discord's 3 s are safe
        answer = await fake.wait_for_response(asked, timeout=10, count=2)
        assert answer.kind == "edit_original"
        assert answer.embeds[0]["title"] == "Bar raiser"
        assert probe["text"] in answer.embeds[0]["description"]
        assert answer.embeds[0]["footer"]["text"] == "AI bar raiser"
        await app.services.llm.close()


async def test_a_daily_drop_posts_a_card_and_opens_a_thread(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    answer = await fake.wait_for_response(
        await fake.slash_command("daily setup", {"time": "10:00", "tz": "UTC"}, user=fake.admin_user)
    )
    assert answer.ephemeral
    assert (answer.content or "").startswith("Saved. The first drop:")
    clock.advance(timedelta(hours=1, minutes=1))  # the fixture clock starts at 09:00 UTC
    await queue.run_due()
    posted = fake.messages(fake.general_channel_id)
    [card] = [m for m in posted if m.embeds and m.embeds[0]["title"].startswith("Daily")]
    thread = next(t for t in fake.threads if t.starter_message_id == card.id)
    assert thread.name.startswith("Daily · ")


async def test_a_daily_drop_mentions_the_chosen_role(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, clock: FakeClock
) -> None:
    queue = app.attach(bot.chat)
    options = {"time": "10:00", "tz": "UTC", "mention": fake.admin_role_id}
    await fake.wait_for_response(await fake.slash_command("daily setup", options, user=fake.admin_user))
    clock.advance(timedelta(hours=1, minutes=1))
    await queue.run_due()
    [card] = [
        m for m in fake.messages(fake.general_channel_id) if m.embeds and m.embeds[0]["title"].startswith("Daily")
    ]
    assert card.content == f"<@&{fake.admin_role_id}>"
    drop_call = next(
        call
        for call in reversed(fake.calls_to("POST", rf"/channels/{fake.general_channel_id}/messages"))
        if call.json and call.json.get("embeds")
    )
    assert "roles" in drop_call.json["allowed_mentions"]["parse"]  # this message may ping the role
