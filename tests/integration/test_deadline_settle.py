"""`settle`: everything due by now is handled before it returns (the console's /wait relies on it)."""

from __future__ import annotations

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
