"""The real bot on the real discord.py, against a local Discord stand-in: commands, buttons, forms, threads."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from bot.app import App, build_app
from bot.chat import ChannelRef, IncomingMessage, Platform, Reply
from bot.clock import FakeClock
from bot.config import load_settings
from bot.platforms import PlatformStartError, discord_bot, discord_shards
from bot.platforms.discord_bot import DiscordAdapter
from bot.store import Store
from question_bank import QuestionBank
from tests.e2e.discord.support import ERROR_ID, settings_for, start_adapter
from tests.fakes.discord_server import FakeDiscord


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
    assert isinstance(sharded.client, discord_shards.ShardedPracticeClient)
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


async def test_ack_latency_is_measured(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    from prometheus_client import REGISTRY

    before = REGISTRY.get_sample_value("pp_ack_seconds_count", {"platform": "discord"}) or 0.0
    await fake.wait_for_response(await fake.slash_command("help"))
    await fake.wait_for(
        lambda: (REGISTRY.get_sample_value("pp_ack_seconds_count", {"platform": "discord"}) or 0) > before
    )
