"""What a process takes on from its deadline queue, and posts before bookkeeping (bot.deadline_rooms)."""

from __future__ import annotations

import asyncio

import pytest

from bot import deadline_rooms
from bot.deadline_rooms import BATCHED_IN_FLIGHT, COALESCE_MS, HANDLER_CONCURRENCY, QUIET_MS, Rooms


class Batch:
    """A batch handler: posts, then keeps its books in its turn; notes when each happened."""

    def __init__(self, rooms: Rooms, size: int, log: list[str], name: str) -> None:
        self.rooms, self.log, self.name = rooms, log, name
        self.posted = asyncio.Event()
        self.task = asyncio.create_task(self.run())
        rooms.start(self.task, size)
        self.task.add_done_callback(rooms.ended)

    async def run(self) -> None:
        await asyncio.sleep(0)  # the posts
        self.log.append(f"{self.name} posted")
        async with self.rooms.bookkeeping():
            self.posted.set()
            self.log.append(f"{self.name} books")
            await asyncio.sleep(0)  # a round trip in the middle of the bookkeeping
            self.log.append(f"{self.name} books done")


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def test_a_batch_takes_batched_room_until_its_posts_are_out_then_gives_it_to_further_claims() -> None:
    claims: list[str] = []
    rooms = Rooms(lambda: claims.append("claim more"))
    rooms.claimed(due_work_left=False, next_due_in_ms=QUIET_MS * 10)
    log: list[str] = []
    batch = Batch(rooms, 100, log, "a")
    assert rooms.free() == [HANDLER_CONCURRENCY, BATCHED_IN_FLIGHT - 100]
    rooms.claimed(due_work_left=True, next_due_in_ms=-5)  # more was due than there was room for
    rooms.claimed(due_work_left=False, next_due_in_ms=QUIET_MS * 10)
    await batch.task
    assert rooms.free() == [HANDLER_CONCURRENCY, BATCHED_IN_FLIGHT]
    assert log == ["a posted", "a books", "a books done"]


async def test_room_freed_by_posts_wakes_the_poller_for_due_work_left_waiting() -> None:
    claims: list[str] = []
    rooms = Rooms(lambda: claims.append("claim more"))
    log: list[str] = []
    batch = Batch(rooms, 600, log, "a")
    rooms.claimed(due_work_left=True, next_due_in_ms=-1)
    await settle()
    assert log == ["a posted"]  # its books wait: due work is left
    assert claims == ["claim more"]  # ... and its room went to it at once
    assert rooms.free()[1] == BATCHED_IN_FLIGHT
    rooms.claimed(due_work_left=False, next_due_in_ms=None)  # the poller took the rest; nothing else queued
    await batch.task
    assert log == ["a posted", "a books", "a books done"]


async def test_bookkeeping_waits_while_another_batch_is_before_its_posts_or_more_falls_due_soon() -> None:
    rooms = Rooms(lambda: None)
    log: list[str] = []
    first = Batch(rooms, 10, log, "first")
    blocker = asyncio.Event()

    async def slow_posts() -> None:
        await blocker.wait()
        async with rooms.bookkeeping():
            log.append("second books")

    second = asyncio.create_task(slow_posts())
    rooms.start(second, 10)
    second.add_done_callback(rooms.ended)
    await settle()
    assert log == ["first posted"]  # "second" still posting: first's books wait
    rooms.claimed(due_work_left=False, next_due_in_ms=QUIET_MS / 2)
    blocker.set()
    await settle()
    assert log == ["first posted"]  # both past their posts, but more falls due within QUIET_MS
    rooms.claimed(due_work_left=False, next_due_in_ms=QUIET_MS * 2)
    await asyncio.gather(first.task, second)
    assert log == ["first posted", "first books", "first books done", "second books"]  # one turn at a time


async def test_bookkeeping_gives_up_waiting_after_max_defer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline_rooms, "MAX_DEFER_SECONDS", 0.01)
    rooms = Rooms(lambda: None)
    log: list[str] = []
    batch = Batch(rooms, 10, log, "a")
    rooms.claimed(due_work_left=False, next_due_in_ms=0)  # a burst that does not let up
    await asyncio.wait_for(batch.task, 5)
    assert log == ["a posted", "a books", "a books done"]


async def test_shutting_down_lets_waiting_bookkeeping_run_at_once() -> None:
    rooms = Rooms(lambda: None)
    log: list[str] = []
    batch = Batch(rooms, 10, log, "a")
    rooms.claimed(due_work_left=True, next_due_in_ms=-1)
    await settle()
    assert log == ["a posted"]
    rooms.closing()
    await asyncio.wait_for(batch.task, 5)
    assert log[-1] == "a books done"


async def test_beyond_the_deferred_limit_a_batch_keeps_its_books_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline_rooms, "DEFERRED_LIMIT", 15)
    rooms = Rooms(lambda: None)
    log: list[str] = []
    rooms.claimed(due_work_left=True, next_due_in_ms=-1)  # busy: deferred books wait
    waiting = Batch(rooms, 10, log, "deferred")
    await settle()
    over = Batch(rooms, 10, log, "over")  # 10 + 10 > 15: no room to wait in
    await asyncio.wait_for(over.task, 5)
    assert "over books done" in log and "deferred books" not in log
    assert rooms.free()[1] == BATCHED_IN_FLIGHT
    rooms.closing()
    await waiting.task


async def test_a_handler_not_started_by_a_poll_keeps_its_books_at_once() -> None:
    rooms = Rooms(lambda: None)
    rooms.claimed(due_work_left=True, next_due_in_ms=-1)
    done: list[str] = []

    async def run_due_handler() -> None:  # `DeadlineQueue.run_due` awaits its handlers: none is in flight here
        async with rooms.bookkeeping():
            done.append("books")

    await asyncio.wait_for(run_due_handler(), 5)
    assert done == ["books"]


async def test_while_batches_post_the_poller_holds_off_and_is_woken_when_their_posts_are_out() -> None:
    wakes: list[str] = []
    rooms = Rooms(lambda: wakes.append("claim now"))
    assert not rooms.holds_off(next_due_in_ms=1)  # nothing posting: claim when due
    log: list[str] = []
    batch = Batch(rooms, 100, log, "a")
    assert rooms.holds_off(next_due_in_ms=1)  # posting: what falls due meanwhile is claimed together after
    assert not rooms.holds_off(next_due_in_ms=COALESCE_MS * 5)  # due later than it would hold off
    assert rooms.holds_off(next_due_in_ms=0)
    rooms.claimed(due_work_left=False, next_due_in_ms=None)
    await batch.task
    assert wakes == ["claim now"]  # woken once, as soon as the posts were out


class AheadBatch:
    """A batch claimed before its due time: prepares, waits (its room given back), posts, keeps its books."""

    def __init__(self, rooms: Rooms, size: int, log: list[str], name: str) -> None:
        self.rooms, self.log, self.name = rooms, log, name
        self.due, self.imminent = asyncio.Event(), asyncio.Event()
        self.task = asyncio.create_task(self.run())
        rooms.start(self.task, size)
        self.task.add_done_callback(rooms.ended)

    async def run(self) -> None:
        self.log.append(f"{self.name} prepared")
        self.rooms.waiting()
        await self.imminent.wait()
        with self.rooms.imminent():
            await self.due.wait()
            self.log.append(f"{self.name} posted")
        async with self.rooms.bookkeeping():
            self.log.append(f"{self.name} books")


async def test_a_batch_waiting_for_its_due_time_gives_its_room_to_further_claims() -> None:
    rooms = Rooms(lambda: None)
    rooms.claimed(due_work_left=False, next_due_in_ms=None)
    log: list[str] = []
    batch = AheadBatch(rooms, 400, log, "ahead")
    assert rooms.free() == [HANDLER_CONCURRENCY, BATCHED_IN_FLIGHT - 400]  # preparing: it holds its room
    await settle()
    assert log == ["ahead prepared"]
    assert rooms.free() == [HANDLER_CONCURRENCY, BATCHED_IN_FLIGHT]  # waiting: the room is free again
    batch.imminent.set()
    batch.due.set()
    await asyncio.wait_for(batch.task, 5)
    assert log == ["ahead prepared", "ahead posted", "ahead books"]


async def test_bookkeeping_waits_while_a_waiting_batch_is_about_to_post_not_while_it_waits_long() -> None:
    rooms = Rooms(lambda: None)
    rooms.claimed(due_work_left=False, next_due_in_ms=None)
    log: list[str] = []
    ahead = AheadBatch(rooms, 10, log, "ahead")
    await settle()
    first = Batch(rooms, 10, log, "now")
    await asyncio.wait_for(first.task, 5)  # "ahead" falls due later: it does not hold up these books
    assert log == ["ahead prepared", "now posted", "now books", "now books done"]
    second = Batch(rooms, 10, log, "next")
    ahead.imminent.set()  # "ahead" posts within QUIET_MS: books wait for its posts
    await settle()
    assert log[-1] == "next posted"
    ahead.due.set()
    await asyncio.wait_for(asyncio.gather(ahead.task, second.task), 5)
    assert log[-4:] == ["ahead posted", "next books", "next books done", "ahead books"]


async def test_beyond_the_deferred_limit_a_prepared_batch_keeps_its_room_while_it_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deadline_rooms, "DEFERRED_LIMIT", 15)
    rooms = Rooms(lambda: None)
    log: list[str] = []
    first = AheadBatch(rooms, 10, log, "first")
    second = AheadBatch(rooms, 10, log, "second")
    await settle()
    assert rooms.free()[1] == BATCHED_IN_FLIGHT - 10  # 10 wait without a room; 10 more would pass the limit
    for batch in (first, second):
        batch.imminent.set()
        batch.due.set()
    await asyncio.wait_for(asyncio.gather(first.task, second.task), 5)
    assert rooms.free()[1] == BATCHED_IN_FLIGHT
