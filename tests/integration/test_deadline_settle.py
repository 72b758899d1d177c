"""`settle`: everything due by now is handled before it returns (the console's /wait relies on it)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import ClassVar

from bot.clock import FakeClock
from bot.deadlines import Deadline, DeadlinePayload, DeadlineQueue
from bot.store import Store


class Step(DeadlinePayload):
    KIND: ClassVar[str] = "settle-step"
    n: int


async def test_settle_handles_what_is_due_and_what_handlers_queue_for_now_but_not_the_future(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled: list[int] = []

    async def handle(deadline: Deadline[Step], now: datetime) -> None:
        handled.append(deadline.payload.n)
        if deadline.payload.n == 1:  # a handler that queues a follow-up due at once, and one for later
            await queue.schedule(Step(n=3), now)
            await queue.schedule(Step(n=4), now + timedelta(minutes=5))

    queue.on(Step, handle)
    await queue.schedule(Step(n=1), clock.now())
    await queue.schedule(Step(n=2), clock.now() - timedelta(seconds=30))
    await queue.settle()
    assert sorted(handled) == [1, 2, 3]
    assert await queue.pending() == 1  # the later one waits for its time
    clock.advance(300)
    await queue.settle()
    assert sorted(handled) == [1, 2, 3, 4]


async def test_settle_leaves_a_queue_no_feature_serves_here_alone(store: Store, clock: FakeClock) -> None:
    unserved = DeadlineQueue(store, clock, "console")  # nothing attached: another process serves it
    await unserved.schedule(Step(n=1), clock.now())
    await unserved.settle()
    assert await unserved.pending() == 1  # not claimed, so not dropped for want of a handler


async def test_settle_does_not_wait_for_a_slow_handler_beyond_its_bound(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    release = asyncio.Event()
    finished: list[int] = []

    async def slow(deadline: Deadline[Step], now: datetime) -> None:  # an AI call that takes its time
        await release.wait()
        finished.append(deadline.payload.n)

    queue.on(Step, slow)
    await queue.schedule(Step(n=1), clock.now())
    await queue.settle(within_seconds=0.05)
    assert finished == []  # settle returned while the handler still runs
    release.set()
    await queue.settle()
    assert finished == [1]
