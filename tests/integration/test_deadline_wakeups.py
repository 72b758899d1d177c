"""The poller sleeps until the earliest deadline and wakes for an earlier one: within the process,
from another process by pub/sub, and by the safety poll when a notification was lost.

Time is a FakeClock: the poller only moves when the test moves the clock (or wakes it)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import ClassVar

import pytest

from bot.clock import FakeClock
from bot.deadlines import CLAIM_AHEAD, CLAIM_SPAN, Deadline, DeadlinePayload, DeadlineQueue
from bot.scheduler import Poller
from bot.store import Store, open_store
from tests.integration.test_deadline_batches import Numbered

QUIET = 3600.0  # no safety poll during a test unless the test runs one


class Note(DeadlinePayload):
    KIND: ClassVar[str] = "note"
    n: int


class Process:
    """One bot process's deadline machinery: its own queue object and poller on the shared Redis."""

    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.queue = DeadlineQueue(store, clock, "console")
        self.handled: list[int] = []
        self.queue.on(Note, self._handle)
        self.poller = Poller([self.queue], safety_seconds=QUIET, clock=clock)

    async def _handle(self, deadline: Deadline[Note], now: datetime) -> None:
        self.handled.append(deadline.payload.n)

    async def close(self) -> None:
        self.poller.stop()
        await self.queue.shutdown(grace_seconds=1)
        await self.poller.cut_short()


async def until(condition: Callable[[], bool]) -> None:
    """Let the event loop run (Redis round trips included) until `condition` holds."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the poller never got there")


@pytest.fixture
async def processes(store: Store, clock: FakeClock) -> AsyncIterator[list[Process]]:
    started = [Process(store, clock), Process(store, clock)]
    yield started
    for process in started:
        await process.close()


@pytest.fixture
async def processes_on_a_redis_server(redis_server_url: str, clock: FakeClock) -> AsyncIterator[list[Process]]:
    """Two processes on a real Redis server: pub/sub between processes needs one (the embedded store
    serves one process alone and does not listen)."""
    store = await open_store(redis_server_url, prefix=f"pptest-wakeups-{id(clock)}")
    started = [Process(store, clock), Process(store, clock)]
    yield started
    for process in started:
        await process.close()
    await store.delete_namespace()
    await store.close()


async def test_an_earlier_deadline_in_the_same_process_wakes_the_sleeping_poller(
    processes: list[Process], clock: FakeClock
) -> None:
    process = processes[0]
    later, sooner = clock.now() + timedelta(minutes=5), clock.now() + timedelta(seconds=10)
    await process.queue.schedule(Note(n=1), later)
    process.poller.start()
    await until(lambda: process.poller.wakes_at == later)

    await process.queue.schedule(Note(n=2), sooner)
    await until(lambda: process.poller.wakes_at == sooner)  # woken at once, sleeping until the new one
    clock.advance(10)
    await until(lambda: process.handled == [2])


async def test_a_deadline_queued_by_another_process_wakes_the_poller_by_pub_sub(
    processes_on_a_redis_server: list[Process], clock: FakeClock
) -> None:
    sleeper, other = processes_on_a_redis_server  # `other` runs no poller: only Redis connects the two
    later, sooner = clock.now() + timedelta(minutes=5), clock.now() + timedelta(seconds=3)
    await sleeper.queue.schedule(Note(n=1), later)
    sleeper.poller.start()
    await until(lambda: sleeper.poller.wakes_at == later)

    await other.queue.schedule(Note(n=2), sooner)
    await until(lambda: sleeper.poller.wakes_at == sooner)
    clock.advance(3)
    await until(lambda: sleeper.handled == [2])


async def test_a_deadline_claimed_ahead_queued_by_another_process_wakes_the_poller_ahead(
    processes_on_a_redis_server: list[Process], clock: FakeClock
) -> None:
    sleeper, other = processes_on_a_redis_server
    claimed: list[int] = []

    async def batch(deadlines: list[Deadline[Numbered]], now: datetime) -> list[Exception | None]:
        claimed.extend(deadline.payload.n for deadline in deadlines)
        return [None] * len(deadlines)

    for process in processes_on_a_redis_server:
        process.queue.on_batch(Numbered, batch)
    ahead = CLAIM_AHEAD - CLAIM_SPAN
    later, due_at = clock.now() + timedelta(minutes=5), clock.now() + timedelta(seconds=30)
    await sleeper.queue.schedule(Note(n=1), later)
    sleeper.poller.start()
    await until(lambda: sleeper.poller.wakes_at == later)

    await other.queue.schedule(Numbered(n=7), due_at)
    await until(lambda: sleeper.poller.wakes_at == due_at - ahead)  # when to claim it, not when it is due
    clock.set(due_at - ahead)
    await until(lambda: claimed == [7])  # claimed ahead, as by the process that queued it


async def test_a_deadline_that_is_not_the_earliest_publishes_nothing(
    processes: list[Process], store: Store, clock: FakeClock
) -> None:
    queue = processes[0].queue
    await queue.schedule(Note(n=1), clock.now() + timedelta(seconds=5))
    async with store.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
        await pubsub.subscribe(queue.wake_channel)
        await queue.schedule(Note(n=2), clock.now() + timedelta(seconds=50))  # later than the first: silent
        await queue.schedule(Note(n=3), clock.now() + timedelta(seconds=1))  # the new earliest: announced
        heard = [await pubsub.get_message(timeout=1.0) for _ in range(2)]
    due = str(int((clock.now() + timedelta(seconds=1)).timestamp() * 1000))
    assert [message["data"] for message in heard if message] == [due]


async def test_the_safety_poll_runs_a_deadline_whose_notification_was_lost(
    processes: list[Process], store: Store, clock: FakeClock
) -> None:
    process = processes[0]
    later = clock.now() + timedelta(minutes=5)
    await process.queue.schedule(Note(n=1), later)
    process.poller.start()
    await until(lambda: process.poller.wakes_at == later)
    lost = Note(n=2)  # queued without its notification, as if the subscription had dropped
    await store.redis.zadd(process.queue.queue_key, {lost.member(): int(clock.now().timestamp() * 1000) + 2000})

    clock.advance(2)
    for _ in range(20):
        await asyncio.sleep(0)
    assert process.handled == [] and process.poller.wakes_at == later  # nobody told it
    await process.poller.safety_poll()
    await until(lambda: process.handled == [2])


async def test_two_processes_handle_each_deadline_exactly_once(processes: list[Process], clock: FakeClock) -> None:
    for process in processes:
        process.poller.start()
    start = clock.now()
    for number in range(300):
        queue = processes[number % 2].queue
        await queue.schedule(Note(n=number), start + timedelta(seconds=number % 7, milliseconds=number))
    for _ in range(8):
        clock.advance(1)
        await asyncio.sleep(0.01)
    await until(lambda: sum(len(process.handled) for process in processes) >= 300)
    for _ in range(50):  # room for a second handling, were one coming
        await asyncio.sleep(0)
    counts = Counter(number for process in processes for number in process.handled)
    assert sorted(counts) == list(range(300))
    assert set(counts.values()) == {1}


async def test_a_sleeping_poller_stops_cleanly(
    processes: list[Process], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    process = processes[0]
    await process.queue.schedule(Note(n=1), clock.now() + timedelta(minutes=5))
    process.poller.start()
    await until(lambda: process.poller.wakes_at is not None)
    with caplog.at_level(logging.DEBUG, logger="bot.scheduler"):
        await process.close()
    tasks = [task for task in asyncio.all_tasks() if task.get_name().startswith("deadline-")]
    assert tasks == []
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING or record.exc_info]
    assert await process.queue.pending() == 1
