"""Batched kinds are claimed up to CLAIM_AHEAD before they fall due; kinds handled one by one only when due."""

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.clock import FakeClock
from bot.deadline_scripts import to_ms
from bot.deadlines import CLAIM_AHEAD, CLAIM_SPAN, Deadline, DeadlineQueue
from bot.store import Store
from tests.integration.test_deadline_batches import Numbered, Slow


class Handled:
    """What each handler was given, and when (by the clock)."""

    def __init__(self, queue: DeadlineQueue, clock: FakeClock) -> None:
        self.batched: list[tuple[int, datetime, datetime]] = []  # n, due at, handed over at
        self.singles: list[int] = []
        self.clock = clock
        queue.on_batch(Numbered, self.batch)
        queue.on(Slow, self.single)

    async def batch(self, deadlines: list[Deadline[Numbered]], now: datetime) -> Sequence[Exception | None]:
        self.batched += [(deadline.payload.n, deadline.due_at, now) for deadline in deadlines]
        return [None] * len(deadlines)

    async def single(self, deadline: Deadline[Slow], now: datetime) -> None:
        self.singles.append(deadline.payload.n)


async def run_started(queue: DeadlineQueue) -> None:
    if queue.rooms.started:
        await asyncio.wait(set(queue.rooms.started), timeout=5)


async def test_a_batched_kind_is_claimed_ahead_a_one_by_one_kind_only_when_due(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled = Handled(queue, clock)
    start = clock.now()
    await queue.schedule(Numbered(n=1), start + CLAIM_AHEAD / 2)
    await queue.schedule(Numbered(n=2), start + CLAIM_AHEAD * 3)
    await queue.schedule(Slow(n=1), start + CLAIM_AHEAD / 2)
    wake = await queue.dispatch_due()
    await run_started(queue)
    assert [(n, due_at) for n, due_at, _ in handled.batched] == [(1, start + CLAIM_AHEAD / 2)]
    assert handled.batched[0][2] == start  # handed over before its due time: it waits for it itself
    assert handled.singles == []
    assert await queue.pending() == 2
    assert wake == start + CLAIM_AHEAD / 2  # the one-by-one kind, when it falls due
    clock.set(wake)
    wake = await queue.dispatch_due()
    await run_started(queue)
    assert handled.singles == [1]
    assert wake == start + CLAIM_AHEAD * 3 - (CLAIM_AHEAD - CLAIM_SPAN)  # the next batched entry, ahead
    clock.set(wake)
    await queue.dispatch_due()
    await run_started(queue)
    assert [n for n, *_ in handled.batched] == [1, 2]


async def test_settling_claims_nothing_ahead(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled = Handled(queue, clock)
    await queue.schedule(Numbered(n=1), clock.now() + timedelta(seconds=1))
    await queue.settle(within_seconds=0.05)
    assert handled.batched == []
    assert await queue.pending() == 1


async def test_queueing_a_batched_kind_wakes_the_poller_ahead_of_its_due_time(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    Handled(queue, clock)
    heard: list[datetime] = []
    queue.on_scheduled(heard.append)
    due_at = clock.now() + timedelta(minutes=5)
    await queue.schedule(Numbered(n=1), due_at)
    await queue.schedule(Slow(n=1), due_at)
    await queue.schedule_all([(Numbered(n=2), due_at), (Slow(n=2), due_at + timedelta(seconds=1))])
    assert heard == [due_at - (CLAIM_AHEAD - CLAIM_SPAN), due_at, due_at - (CLAIM_AHEAD - CLAIM_SPAN)]


async def test_without_batched_room_entries_due_ahead_wait_and_a_freed_room_claims_them(
    store: Store, clock: FakeClock
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled = Handled(queue, clock)
    woken: list[datetime] = []
    queue.on_scheduled(woken.append)
    for number in range(3):
        await queue.schedule(Numbered(n=number), clock.now() + timedelta(seconds=1))
    woken.clear()
    queue.rooms.free = lambda: [5, 0]  # type: ignore[method-assign]  # every batched room taken
    assert await queue.dispatch_due() == clock.now() + timedelta(days=1)  # left for want of room: woken later
    assert handled.batched == [] and await queue.pending() == 3
    queue.rooms.ended(asyncio.current_task())  # type: ignore[arg-type]  # a handler ended: room is free
    assert woken == [clock.now()]  # the poller is told to claim at once
    del queue.rooms.free
    await queue.dispatch_due()
    await run_started(queue)
    assert sorted(n for n, *_ in handled.batched) == [0, 1, 2]


async def test_other_processes_are_told_to_wake_ahead_for_a_batched_kind(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    Handled(queue, clock)
    due_at, ahead = clock.now() + timedelta(minutes=5), CLAIM_AHEAD - CLAIM_SPAN
    async with store.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
        await pubsub.subscribe(queue.wake_channel)
        await queue.schedule(Numbered(n=1), due_at)
        await queue.schedule(Slow(n=1), due_at - timedelta(minutes=1))  # one by one: woken for when due
        await queue.schedule_all([(Numbered(n=2), due_at - timedelta(minutes=2)), (Slow(n=2), due_at)])
        heard = [await pubsub.get_message(timeout=1.0) for _ in range(4)]  # the first: the subscription
    assert [int(message["data"]) for message in heard if message] == [
        to_ms(due_at - ahead),
        to_ms(due_at - timedelta(minutes=1)),
        to_ms(due_at - timedelta(minutes=2) - ahead),
    ]
