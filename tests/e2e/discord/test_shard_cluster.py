"""Two bot processes on one Redis share 4 shards (DISCORD_SHARDS=cluster): each guild is answered once,
and when a process dies its shards resume on the other once their lease runs out."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Mapping

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.app import App, build_app
from bot.chat import ChannelRef, IncomingMessage, Platform, Reply
from bot.clock import FakeClock
from bot.config import load_settings
from bot.platforms.discord_bot import DiscordAdapter
from bot.platforms.discord_shards import ShardKeeper
from bot.store import Store
from question_bank import QuestionBank
from tests.e2e.discord.support import add_test_commands, settings_for
from tests.fakes.discord_server import FakeDiscord

SHARDS = 4
LEASE_SECONDS = 30.0  # on the FakeClock: the test moves time, it never waits a lease out
IDENTIFY_WINDOW = 0.2  # Discord's is 5 s; the stand-in enforces the same rule with this window


def cluster_adapter(app: App, fake: FakeDiscord) -> DiscordAdapter:
    settings = settings_for(fake).model_copy(
        update={"shards": "cluster", "shard_count": SHARDS, "shard_lease_seconds": LEASE_SECONDS}
    )
    return DiscordAdapter(
        app, settings, guild_ready_timeout=0.1, shard_tick_seconds=0.3, identify_window_seconds=IDENTIFY_WINDOW
    )


def keeper(adapter: DiscordAdapter) -> ShardKeeper:
    assert adapter.keeper is not None
    return adapter.keeper


@pytest.fixture
def guild_channels(fake: FakeDiscord) -> dict[int, int]:
    """Four guilds, one per shard: shard id -> the guild's #general."""
    fake.shard_count, fake.max_concurrency, fake.identify_window = SHARDS, 1, IDENTIFY_WINDOW
    channels = {0: fake.general_channel_id}
    for shard in (1, 2, 3):
        guild_id, channel_id = fake.add_guild(f"Guild {shard}")
        assert fake.shard_of(guild_id, SHARDS) == shard
        channels[shard] = channel_id
    return channels


@pytest.fixture
async def cluster(
    app: App,
    store: Store,
    clock: FakeClock,
    bank: QuestionBank,
    fake: FakeDiscord,
    guild_channels: dict[int, int],
    heard: list[IncomingMessage],
    forms: list[Mapping[str, str]],
) -> AsyncIterator[list[DiscordAdapter]]:
    """Two processes (apps with their own adapters; one Redis, one clock) started together."""
    other = await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(2))
    adapters = []
    for each in (app, other):
        add_test_commands(each, heard, forms)
        adapters.append(cluster_adapter(each, fake))
    await asyncio.gather(*(adapter.start() for adapter in adapters))
    await fake.wait_for(
        lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS)), timeout=10, what="every shard running"
    )
    yield adapters
    for adapter in adapters:
        await adapter.close()


async def answered_once(fake: FakeDiscord, channel_id: int) -> None:
    asked = await fake.slash_command("question", {"id": "url-shortener"}, channel_id=channel_id)
    await fake.wait_for_response(asked)
    await asyncio.sleep(0.1)  # room for a second answer, were one coming
    assert [(r.type, r.accepted) for r in fake.responses(asked) if r.kind == "callback"] == [(4, True)]


async def test_the_processes_split_the_shards_and_answer_each_guild_once(
    cluster: list[DiscordAdapter], fake: FakeDiscord, guild_channels: dict[int, int], heard: list[IncomingMessage]
) -> None:
    held = [keeper(adapter).held for adapter in cluster]
    assert sorted(held[0] | held[1]) == [0, 1, 2, 3] and held[0].isdisjoint(held[1])
    assert [len(h) for h in held] == [2, 2]
    for channel_id in guild_channels.values():
        await answered_once(fake, channel_id)
        await fake.post_message(channel_id, f"an answer in {channel_id}", user=fake.member_user)
    await fake.wait_for(lambda: len(heard) >= SHARDS, what="every guild's message heard")
    await asyncio.sleep(0.1)
    assert sorted(m.text for m in heard) == sorted(f"an answer in {c}" for c in guild_channels.values())
    assert fake.shard_overlaps == [] and fake.rate_limited_identifies == 0


async def test_a_dead_process_shards_resume_on_the_other_after_the_lease(
    cluster: list[DiscordAdapter], fake: FakeDiscord, guild_channels: dict[int, int], clock: FakeClock
) -> None:
    dead, survivor = cluster
    orphaned = set(keeper(dead).held)
    # It dies: no more renewals, its connections gone, its leases left behind.
    assert dead._connection is not None
    dead._connection.cancel()
    await dead.client.close()
    await fake.wait_for(lambda: all(fake.sessions_on_shard(s) == 0 for s in orphaned), what="its sessions gone")

    ticks = keeper(survivor).ticks
    clock.advance(LEASE_SECONDS * 2 / 3)
    await fake.wait_for(lambda: keeper(survivor).ticks > ticks + 1, what="the survivor renewing")
    assert keeper(survivor).held.isdisjoint(orphaned)  # a live lease is never taken: the claim waits

    clock.advance(LEASE_SECONDS / 2)  # the dead process's leases have run out
    await fake.wait_for(lambda: keeper(survivor).held == {0, 1, 2, 3}, what="the orphaned shards claimed")
    await fake.wait_for(
        lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS)), timeout=10, what="every shard running"
    )
    for shard in sorted(orphaned):
        await answered_once(fake, guild_channels[shard])
    assert fake.shard_overlaps == [] and fake.rate_limited_identifies == 0


async def test_a_process_that_stops_cleanly_hands_its_shards_over_without_waiting(
    cluster: list[DiscordAdapter], fake: FakeDiscord, guild_channels: dict[int, int]
) -> None:
    leaving, staying = cluster
    orphaned = set(keeper(leaving).held)
    await leaving.close()
    await fake.wait_for(lambda: keeper(staying).held == {0, 1, 2, 3}, what="the released shards claimed")
    await fake.wait_for(lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS)), timeout=10)
    for shard in sorted(orphaned):
        await answered_once(fake, guild_channels[shard])


async def test_a_process_that_cannot_renew_stops_its_shards_before_another_may_take_them(
    cluster: list[DiscordAdapter],
    fake: FakeDiscord,
    guild_channels: dict[int, int],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cut_off, healthy = cluster
    its_shards = set(keeper(cut_off).held)

    async def unreachable(*args: object) -> object:
        raise RedisConnectionError("Connection refused")

    for call in ("renew", "claim", "release"):
        monkeypatch.setattr(keeper(cut_off).leases, call, unreachable)
    ticks = keeper(healthy).ticks
    clock.advance(LEASE_SECONDS * 0.7)  # its lease still holds, but not for long: it stops its shards
    await fake.wait_for(lambda: all(fake.sessions_on_shard(s) == 0 for s in its_shards), what="its shards stopped")
    assert keeper(cut_off).held == set()
    await fake.wait_for(lambda: keeper(healthy).ticks > ticks + 1, what="the other process renewing")
    assert keeper(healthy).held.isdisjoint(its_shards)

    clock.advance(LEASE_SECONDS * 0.4)
    await fake.wait_for(lambda: keeper(healthy).held == {0, 1, 2, 3}, what="the shards taken over")
    await fake.wait_for(lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS)), timeout=10)
    for shard in sorted(its_shards):
        await answered_once(fake, guild_channels[shard])
    assert fake.shard_overlaps == []


async def test_shards_stopped_while_redis_was_away_run_again_when_it_returns(
    cluster: list[DiscordAdapter], fake: FakeDiscord, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut_off, _ = cluster
    its_shards = set(keeper(cut_off).held)

    async def unreachable(*args: object) -> object:
        raise RedisConnectionError("Connection refused")

    with monkeypatch.context() as outage:
        for call in ("renew", "claim", "release"):
            outage.setattr(keeper(cut_off).leases, call, unreachable)
        clock.advance(LEASE_SECONDS * 0.7)
        await fake.wait_for(lambda: all(fake.sessions_on_shard(s) == 0 for s in its_shards), what="shards stopped")
    # Redis is back before the leases ran out: the shards are given back and run again at once.
    await fake.wait_for(
        lambda: all(fake.sessions_on_shard(s) == 1 for s in range(SHARDS)), timeout=10, what="every shard running"
    )
    assert fake.shard_overlaps == []


async def test_a_process_posts_to_guilds_on_shards_it_does_not_run(
    cluster: list[DiscordAdapter], fake: FakeDiscord, guild_channels: dict[int, int]
) -> None:
    """Timers are claimed by any process, not the shard's: posting goes through REST."""
    poster = cluster[0]
    elsewhere = next(shard for shard in range(SHARDS) if shard not in keeper(poster).held)
    channel_id = guild_channels[elsewhere]
    guild_id = fake._guild_of(channel_id)
    place = ChannelRef(Platform.DISCORD, str(guild_id), str(channel_id))
    await poster.chat.post(place, Reply(text="Phase 2: deep dive"))
    assert [m.content for m in fake.messages(channel_id)] == ["Phase 2: deep dive"]
