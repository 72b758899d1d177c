"""Shard leases on Redis: fair shares, no shard held twice, takeover after a lease runs out, identify slots."""

from __future__ import annotations

import asyncio

from bot.clock import FakeClock
from bot.shard_leases import IdentifySlots, ShardLeases
from bot.store import Store


def leases(store: Store, clock: FakeClock, owner: str, count: int = 4) -> ShardLeases:
    return ShardLeases(store, clock, count, owner, lease_seconds=30)


async def test_two_processes_that_joined_split_the_shards(store: Store, clock: FakeClock) -> None:
    first, second = leases(store, clock, "a"), leases(store, clock, "b")
    await first.renew([])  # both registered before either claims
    await second.renew([])
    assert await first.claim() == [0, 1]
    assert await second.claim() == [2, 3]
    assert await store.redis.exists(*first._keys) == 3


async def test_a_process_alone_takes_every_shard_and_a_later_one_waits(store: Store, clock: FakeClock) -> None:
    first, second = leases(store, clock, "a"), leases(store, clock, "b")
    assert await first.claim() == [0, 1, 2, 3]
    assert await second.claim() == []
    assert await first.renew([0, 1, 2, 3]) == {0, 1, 2, 3}
    assert await second.claim() == []  # a live lease is never handed over


async def test_a_dead_process_shards_are_taken_after_its_lease(store: Store, clock: FakeClock) -> None:
    first, second = leases(store, clock, "a"), leases(store, clock, "b")
    await first.renew([])
    await second.renew([])
    await first.claim()
    await second.claim()
    clock.advance(20)
    assert await second.renew([2, 3]) == {2, 3}  # "a" stops renewing: it died
    assert await second.claim() == []
    clock.advance(11)
    assert await second.claim() == [0, 1]
    assert await first.renew([0, 1]) == set()  # back from a pause, it learns it lost them
    assert await store.redis.hgetall(first._keys[0]) == {"0": "b", "1": "b", "2": "b", "3": "b"}


async def test_a_released_shard_is_free_at_once(store: Store, clock: FakeClock) -> None:
    first, second = leases(store, clock, "a"), leases(store, clock, "b")
    await first.claim()
    await first.release([0, 1, 2, 3])
    assert await second.claim() == [0, 1, 2, 3]


async def test_identify_slots_let_one_identify_per_bucket_per_window(store: Store) -> None:
    slots = IdentifySlots(store, 2, window_seconds=30)
    await slots.acquire(0)
    await slots.acquire(1)  # another bucket
    waiting = asyncio.create_task(slots.acquire(2))  # bucket 0 again: waits for the window
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await store.redis.delete(store.global_key("discord", "identify", 2, 0))  # the window passes
    await asyncio.wait_for(waiting, 5)
