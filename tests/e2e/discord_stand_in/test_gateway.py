"""Logging in, intents, threads, DMs, edits, resuming and refusals through the stand-in."""

from __future__ import annotations

import discord
import pytest

from tests.e2e.discord_stand_in.support import (
    Bot,
    general,
)
from tests.fakes.discord_server import FakeDiscord, pointed_at, run_client


async def test_client_logs_in_and_sees_the_guild(fake: FakeDiscord) -> None:
    client = Bot()
    async with run_client(client, fake):
        await fake.wait_until_ready()
        assert client.ready_events == 1
        assert client.user is not None and client.user.id == fake.bot_user.id
        assert client.application_id == fake.application_id
        guild = client.get_guild(fake.guild_id)
        assert guild is not None and guild.name == "Practice"
        assert general(client, fake).name == "general"
        assert guild.me is not None and guild.default_role.id == fake.guild_id
        assert guild.owner_id == fake.owner_user.id
        paths = [(c.method, c.path) for c in fake.calls]
        assert ("GET", "/users/@me") in paths and ("GET", "/oauth2/applications/@me") in paths
        assert fake.identify_count == 1 and fake.connected_count == 1
    await fake.wait_for(lambda: fake.connected_count == 0)


async def test_public_thread_from_a_message_and_thread_messages_reach_on_message(fake: FakeDiscord, bot: Bot) -> None:
    starter = await general(bot, fake).send("Mock interview: URL shortener")
    thread = await starter.create_thread(name="Mock: URL shortener")
    assert thread.id == starter.id and thread.type is discord.ChannelType.public_thread
    stored = fake.thread(thread.id)
    assert (stored.name, stored.parent_id, stored.private) == (
        "Mock: URL shortener",
        fake.general_channel_id,
        False,
    )
    assert fake.message(starter.id).thread_id == thread.id
    await fake.wait_for(lambda: bot.get_channel(thread.id) is not None)  # THREAD_CREATE reached the client

    await fake.post_message(thread.id, "my answer: base62", user=fake.member_user)
    seen = await fake.wait_for(lambda: [m for m in bot.seen if m.channel.id == thread.id])
    assert seen[0].content == "my answer: base62" and isinstance(seen[0].channel, discord.Thread)
    assert seen[0].author.id == fake.member_user.id

    await thread.send("Good start")
    assert [m.content for m in fake.messages(thread.id)] == ["my answer: base62", "Good start"]
    asked = await fake.slash_command("ping", channel_id=thread.id)
    await fake.wait_for_response(asked)
    assert fake.messages(thread.id)[-1].content == "pong"


async def test_without_message_content_intent_content_is_blank(fake: FakeDiscord) -> None:
    client = Bot(message_content=False)
    async with run_client(client, fake):
        await fake.post_message(fake.general_channel_id, "hidden text")
        await fake.post_message(fake.general_channel_id, f"{fake.bot_user.mention} hello")
        await fake.wait_for(lambda: len(client.seen) == 2)
        assert [m.content for m in client.seen] == ["", f"{fake.bot_user.mention} hello"]


async def test_private_thread_and_adding_a_member(fake: FakeDiscord, bot: Bot) -> None:
    thread = await general(bot, fake).create_thread(
        name="Feedback for Max", type=discord.ChannelType.private_thread, invitable=False
    )
    await thread.add_user(discord.Object(id=fake.member_user.id))
    stored = fake.thread(thread.id)
    assert stored.private and not stored.invitable and stored.starter_message_id is None
    assert stored.members == [fake.bot_user.id, fake.member_user.id]
    assert fake.calls_to("PUT", rf"/channels/{thread.id}/thread-members/{fake.member_user.id}")[0].status == 204


async def test_direct_messages_both_ways(fake: FakeDiscord, bot: Bot) -> None:
    user = await bot.fetch_user(fake.member_user.id)
    sent = await user.send("Your mock starts in 5 minutes")
    assert [m.content for m in fake.dms(fake.member_user)] == ["Your mock starts in 5 minutes"]
    assert sent.channel.id == fake.dm_channel_id(fake.member_user)

    await fake.post_message(fake.open_dm(fake.member_user), "thanks!", user=fake.member_user)
    incoming = await fake.wait_for(
        lambda: [m for m in bot.seen if isinstance(m.channel, discord.DMChannel) and m.author != bot.user]
    )
    assert incoming[0].content == "thanks!"

    fake.closed_dms.add(fake.admin_user.id)
    admin = await bot.fetch_user(fake.admin_user.id)
    with pytest.raises(discord.Forbidden) as refused:
        await admin.send("hello?")
    assert refused.value.code == 50007


async def test_editing_and_deleting_messages(fake: FakeDiscord, bot: Bot) -> None:
    channel = general(bot, fake)
    message = await channel.send("draft", embed=discord.Embed(title="Q1", description="Design a URL shortener"))
    edited = await message.edit(content="final")
    assert edited.content == "final" and edited.edited_at is not None
    stored = fake.message(message.id)
    assert stored.content == "final" and stored.embeds[0]["title"] == "Q1"
    assert [e["content"] for e in stored.edits] == ["final"]
    fetched = await channel.fetch_message(message.id)
    assert fetched.content == "final"
    await message.delete()
    assert fake.messages(fake.general_channel_id) == []
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.status == 400 and too_long.value.code == 50035


async def test_bad_token_is_a_login_failure(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pointed_at(fake):
        with pytest.raises(discord.LoginFailure):
            await client.login("wrong-token")
        await client.close()
    assert (fake.calls[-1].path, fake.calls[-1].status) == ("/users/@me", 401)
    with pytest.raises(discord.LoginFailure):
        async with run_client(Bot(), fake, token="also-wrong"):
            pass
    assert fake.identify_count == 0


async def test_privileged_intents_must_be_enabled_for_the_app(fake: FakeDiscord) -> None:
    fake.privileged_intents = 0  # Message Content not enabled in the "developer portal"
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with run_client(Bot(message_content=True), fake):
            pass
    async with run_client(Bot(message_content=False), fake):
        assert fake.identify_count == 1


async def test_identify_with_a_revoked_token_closes_with_4004(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pointed_at(fake):
        await client.login(fake.token)
        fake.token = "rotated"
        with pytest.raises(discord.ConnectionClosed) as closed:
            await client.connect(reconnect=True)
        await client.close()
    assert closed.value.code == 4004 and fake.rejected_identifies == 1


async def test_dropped_connection_resumes_and_replays_missed_events(fake: FakeDiscord, bot: Bot) -> None:
    assert await fake.drop_connections() == 1
    missed = await fake.post_message(fake.general_channel_id, "said while you were away")
    await fake.wait_for(lambda: bot.resumed_events == 1, what="on_resumed")
    await fake.wait_for(lambda: any(m.id == missed.id for m in bot.seen), what="the replayed message")
    assert (fake.resume_count, fake.identify_count, bot.ready_events) == (1, 1, 1)
    again = await fake.slash_command("ping")
    assert (await fake.wait_for_response(again)).content == "pong"


async def test_invalidated_session_identifies_afresh(fake: FakeDiscord, bot: Bot) -> None:
    await fake.drop_connections(invalidate_sessions=True)
    await fake.wait_for(lambda: bot.ready_events == 2, what="a second on_ready")
    assert (fake.identify_count, fake.resume_count) == (2, 0)
    await fake.wait_until_ready()
    after = await fake.slash_command("ping")
    assert (await fake.wait_for_response(after)).content == "pong"


async def test_unknown_routes_are_404_and_recorded(fake: FakeDiscord, bot: Bot) -> None:
    route = discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=fake.guild_id)
    with pytest.raises(discord.NotFound):
        await bot.http.request(route)
    assert (fake.calls[-1].method, fake.calls[-1].path, fake.calls[-1].status) == (
        "GET",
        f"/guilds/{fake.guild_id}/bans",
        404,
    )


async def test_late_interaction_response_is_unknown_interaction(fake: FakeDiscord, bot: Bot) -> None:
    fake.callback_deadline = 0.0
    late = await fake.slash_command("ping")
    await fake.wait_for(lambda: bot.errors, what="the client's error")
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062
    [attempt] = fake.responses(late)
    assert (attempt.type, attempt.accepted, attempt.status, attempt.error) == (4, False, 404, 10062)
    assert fake.messages(fake.general_channel_id) == []
