"""Deadline kinds handled a batch at a time: each deadline of a batch is acknowledged, retried or dropped alone."""

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import ClassVar

from bot.clock import FakeClock
from bot.deadlines import HANDLER_CONCURRENCY, Deadline, DeadlinePayload, DeadlineQueue
from bot.store import Store


class Numbered(DeadlinePayload):
    KIND: ClassVar[str] = "x"
    n: int


class Slow(DeadlinePayload):
    KIND: ClassVar[str] = "slow"
    n: int


async def test_a_batch_handler_gets_the_claim_together_and_each_deadline_is_done_once(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    batches: list[list[int]] = []

    async def handle(deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        batches.append([deadline.payload.n for deadline in deadlines])
        return [None] * len(deadlines)

    queue.on_batch(Numbered, handle)
    for number in range(30):
        await queue.schedule(Numbered(n=number), clock.now())
    assert await queue.run_due() == 30
    assert sorted(n for batch in batches for n in batch) == list(range(30))
    assert len(batches) == 1
    assert await queue.pending() == 0
    assert not await store.redis.zcard(queue.lease_key)


async def test_one_failure_in_a_batch_is_retried_alone_and_the_others_are_not_repeated(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled: list[int] = []

    async def handle(deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        handled.extend(deadline.payload.n for deadline in deadlines)
        failing = len(handled) <= len(deadlines)  # the first batch: number 3 fails
        return [RuntimeError("hiccup") if failing and d.payload.n == 3 else None for d in deadlines]

    queue.on_batch(Numbered, handle)
    for number in range(6):
        await queue.schedule(Numbered(n=number), clock.now())
    await queue.run_due()
    assert await queue.pending() == 1  # number 3, back in the queue for later
    clock.advance(31)
    await queue.run_due()
    assert sorted(handled) == [0, 1, 2, 3, 3, 4, 5]
    assert await queue.pending() == 0


async def test_a_batch_handler_that_raises_has_every_deadline_of_its_batch_retried(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    calls: list[int] = []

    async def handle(deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        calls.append(len(deadlines))
        if len(calls) == 1:
            raise ConnectionError("Redis went away")
        return [None] * len(deadlines)

    queue.on_batch(Numbered, handle)
    for number in range(4):
        await queue.schedule(Numbered(n=number), clock.now())
    await queue.run_due()
    assert await queue.pending() == 4
    clock.advance(31)
    await queue.run_due()
    assert calls == [4, 4]
    assert await queue.pending() == 0


async def test_an_invalid_payload_in_a_batch_is_dropped_and_the_rest_are_handled(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled: list[int] = []

    async def handle(deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        handled.extend(deadline.payload.n for deadline in deadlines)
        return [None] * len(deadlines)

    queue.on_batch(Numbered, handle)
    await queue.schedule(Numbered(n=1), clock.now())
    await store.redis.zadd(queue.queue_key, {'{"kind":"x","n":"many"}': int(clock.now().timestamp() * 1000)})
    assert await queue.run_due() == 2
    assert handled == [1]
    assert await queue.pending() == 0
    assert not await store.redis.zcard(queue.lease_key)


async def test_busy_one_by_one_handlers_leave_room_for_batched_kinds_and_wait_in_the_queue(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    release = asyncio.Event()
    started: list[int] = []
    batched: list[int] = []

    async def slow(deadline: Deadline[Slow], now: datetime) -> None:
        started.append(deadline.payload.n)
        await release.wait()

    async def handle(deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        batched.extend(deadline.payload.n for deadline in deadlines)
        return [None] * len(deadlines)

    queue.on(Slow, slow)
    queue.on_batch(Numbered, handle)
    for number in range(HANDLER_CONCURRENCY + 10):
        await queue.schedule(Slow(n=number), clock.now() - timedelta(seconds=1))  # due first
    for number in range(10):
        await queue.schedule(Numbered(n=number), clock.now())
    await queue.dispatch_due()
    for _ in range(5):  # let the started handlers run up to their first wait
        await asyncio.sleep(0)
    assert len(started) == HANDLER_CONCURRENCY  # never more one-by-one handlers than that at once...
    assert await queue.pending() == 10  # ... the rest wait unclaimed, no lease running out on them
    assert sorted(batched) == list(range(10))  # the batched kind was not held up behind them
    release.set()
    await queue.shutdown(grace_seconds=5)
