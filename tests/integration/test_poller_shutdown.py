"""A poll still waiting on a handler at shutdown ends quietly; its deadline goes back to the queue."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import ClassVar

import pytest

from bot.clock import FakeClock
from bot.deadlines import Deadline, DeadlinePayload, DeadlineQueue
from bot.scheduler import Poller
from bot.store import Store


class Slow(DeadlinePayload):
    KIND: ClassVar[str] = "slow"
    n: int


async def blocked_poll(store: Store, clock: FakeClock) -> tuple[Poller, DeadlineQueue, asyncio.Task[int]]:
    queue = DeadlineQueue(store, clock, "console")
    entered = asyncio.Event()

    async def slow(deadline: Deadline[Slow], now: datetime) -> None:
        entered.set()
        await asyncio.Event().wait()  # an AI call that does not answer

    queue.on(Slow, slow)
    await queue.schedule(Slow(n=1), clock.now())
    poller = Poller([queue])
    polling = asyncio.create_task(poller.poll())
    await entered.wait()
    return poller, queue, polling


async def test_a_poll_cut_short_at_shutdown_ends_quietly_and_gives_its_deadline_back(
    store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    poller, queue, polling = await blocked_poll(store, clock)
    poller.stop()
    assert await queue.shutdown(grace_seconds=0.01) == 1
    await poller.cut_short()
    assert polling.done() and polling.result() == 0
    assert not [record for record in caplog.records if record.exc_info]
    assert await queue.pending() == 1


async def test_a_poll_cancelled_while_running_still_raises(store: Store, clock: FakeClock) -> None:
    _, _, polling = await blocked_poll(store, clock)
    polling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await polling
