"""The deadline queue on the run's Redis: claims, leases, retries and shutdown."""

import asyncio
from datetime import timedelta

from bot.clock import FakeClock
from bot.deadlines import LEASE_SECONDS, Deadline, DeadlineQueue
from bot.store import Store


async def test_each_due_deadline_is_claimed_once_by_one_of_two_processes(store: Store, clock: FakeClock) -> None:
    first, second = DeadlineQueue(store, clock, "console"), DeadlineQueue(store, clock, "console")
    for number in range(50):
        await first.schedule("x", {"n": number}, clock.now() - timedelta(seconds=1))
    claimed = await asyncio.gather(first.claim(clock.now(), 30), second.claim(clock.now(), 30))
    members = [deadline.member for batch in claimed for deadline in batch]
    assert len(members) == len(set(members)) == 50


async def test_work_of_a_dead_process_comes_back_after_its_lease(store: Store, clock: FakeClock) -> None:
    dead, alive = DeadlineQueue(store, clock, "console"), DeadlineQueue(store, clock, "console")
    await dead.schedule("x", {"n": 1}, clock.now())
    [claimed] = await dead.claim(clock.now())  # ... and the process dies before acknowledging
    seen: list[Deadline] = []

    async def handle(deadline: Deadline, now: object) -> None:
        seen.append(deadline)

    alive.on("x", handle)
    assert await alive.run_due() == 0  # still leased
    clock.advance(LEASE_SECONDS + 1)
    assert await alive.run_due() == 1
    assert [deadline.member for deadline in seen] == [claimed.member]


async def test_shutdown_waits_for_work_in_flight_then_gives_the_rest_back(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    began, release = asyncio.Event(), asyncio.Event()

    async def slow(deadline: Deadline, now: object) -> None:
        began.set()
        await release.wait()

    queue.on("slow", slow)
    await queue.schedule("slow", {"n": 1}, clock.now())
    running = asyncio.create_task(queue.run_due())
    await began.wait()
    assert await queue.shutdown(grace_seconds=0.1) == 1  # still busy after the grace: given back
    assert await queue.pending() == 1
    assert await queue.run_due() == 0  # a closing queue claims nothing more
    release.set()
    await running
    other = DeadlineQueue(store, clock, "console")  # another process picks it up

    async def quick(deadline: Deadline, now: object) -> None:
        return None

    other.on("slow", quick)
    clock.advance(1)
    assert await other.run_due() == 1


async def test_a_failing_handler_is_retried_later_not_lost(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    attempts: list[int] = []

    async def flaky(deadline: Deadline, now: object) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("platform hiccup")

    queue.on("flaky", flaky)
    await queue.schedule("flaky", {"n": 1}, clock.now())
    await queue.run_due()
    assert await queue.pending() == 1
    clock.advance(31)
    await queue.run_due()
    assert len(attempts) == 2
    assert await queue.pending() == 0
