"""Pacing on the run's Redis: one message per second per channel, shared by every process."""

from datetime import timedelta

from bot.chat import ChannelRef, Platform
from bot.clock import FakeClock
from bot.pacing import Pacer
from bot.store import Store

CHANNEL = ChannelRef(Platform.SLACK, "T1", "C1")


async def test_messages_to_one_channel_are_a_second_apart(store: Store, clock: FakeClock) -> None:
    pacer = Pacer(store, clock)
    start = clock.now()
    waits = [await pacer.wait_turn(CHANNEL, "C1") for _ in range(4)]
    assert waits == [0.0, 1.0, 1.0, 1.0]
    assert clock.now() - start == timedelta(seconds=3)


async def test_other_channels_do_not_wait(store: Store, clock: FakeClock) -> None:
    pacer = Pacer(store, clock)
    assert [await pacer.wait_turn(CHANNEL, channel) for channel in ("C1", "C2", "C3")] == [0.0, 0.0, 0.0]


async def test_two_processes_share_the_pace(store: Store, clock: FakeClock) -> None:
    first, second = Pacer(store, clock), Pacer(store, clock)
    assert await first.wait_turn(CHANNEL, "C1") == 0.0
    assert await second.wait_turn(CHANNEL, "C1") == 1.0


async def test_a_quiet_channel_posts_at_once(store: Store, clock: FakeClock) -> None:
    pacer = Pacer(store, clock)
    await pacer.wait_turn(CHANNEL, "C1")
    clock.advance(5)
    assert await pacer.wait_turn(CHANNEL, "C1") == 0.0


async def test_claim_once_is_true_only_the_first_time(store: Store) -> None:
    key = store.key(CHANNEL, "seen-event", "Ev1")
    assert await store.claim_once(key, 900)
    assert not await store.claim_once(key, 900)
    assert 0 < await store.redis.ttl(key) <= 900
