"""The deadline queue on the run's Redis: claims, leases, retries and shutdown."""

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.deadlines import LEASE_SECONDS, Deadline, DeadlinePayload, DeadlineQueue
from bot.store import Store
from bot.stored import NewerRecord
from tests.integration.mock_harness import MockHarness


class Numbered(DeadlinePayload):
    KIND: ClassVar[str] = "x"
    n: int


async def test_each_due_deadline_is_claimed_once_by_one_of_two_processes(store: Store, clock: FakeClock) -> None:
    first, second = DeadlineQueue(store, clock, "console"), DeadlineQueue(store, clock, "console")
    for number in range(50):
        await first.schedule(Numbered(n=number), clock.now() - timedelta(seconds=1))
    claimed = await asyncio.gather(first.claim(clock.now(), 30), second.claim(clock.now(), 30))
    members = [deadline.member for batch in claimed for deadline in batch]
    assert len(members) == len(set(members)) == 50


async def test_work_of_a_dead_process_comes_back_after_its_lease(store: Store, clock: FakeClock) -> None:
    dead, alive = DeadlineQueue(store, clock, "console"), DeadlineQueue(store, clock, "console")
    await dead.schedule(Numbered(n=1), clock.now())
    [claimed] = await dead.claim(clock.now())  # ... and the process dies before acknowledging
    seen: list[Deadline] = []

    async def handle(deadline: Deadline[Numbered], now: object) -> None:
        seen.append(deadline)

    alive.on(Numbered, handle)
    assert await alive.run_due() == 0  # still leased
    clock.advance(LEASE_SECONDS + 1)
    assert await alive.run_due() == 1
    assert [deadline.member for deadline in seen] == [claimed.member]


async def test_shutdown_waits_for_work_in_flight_then_gives_the_rest_back(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    began, release = asyncio.Event(), asyncio.Event()

    async def slow(deadline: Deadline[Numbered], now: object) -> None:
        began.set()
        await release.wait()

    queue.on(Numbered, slow)
    await queue.schedule(Numbered(n=1), clock.now())
    running = asyncio.create_task(queue.run_due())
    await began.wait()
    assert await queue.shutdown(grace_seconds=0.1) == 1  # still busy after the grace: given back
    assert await queue.pending() == 1
    assert await queue.run_due() == 0  # a closing queue claims nothing more
    release.set()
    await running
    other = DeadlineQueue(store, clock, "console")  # another process picks it up

    async def quick(deadline: Deadline[Numbered], now: object) -> None:
        return None

    other.on(Numbered, quick)
    clock.advance(1)
    assert await other.run_due() == 1


async def test_a_failing_handler_is_retried_later_not_lost(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "console")
    attempts: list[int] = []

    async def flaky(deadline: Deadline[Numbered], now: object) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("platform hiccup")

    queue.on(Numbered, flaky)
    await queue.schedule(Numbered(n=1), clock.now())
    await queue.run_due()
    assert await queue.pending() == 1
    clock.advance(31)
    await queue.run_due()
    assert len(attempts) == 2
    assert await queue.pending() == 0


async def test_a_payload_that_is_not_valid_is_dropped_with_a_log_line_not_retried(
    store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    queue = DeadlineQueue(store, clock, "console")
    handled: list[Deadline[Numbered]] = []

    async def handle(deadline: Deadline[Numbered], now: object) -> None:
        handled.append(deadline)

    queue.on(Numbered, handle)
    for member in ('{"kind":"x","n":"many"}', '{"kind":"x"}', "not json", "[1,2]"):
        await store.redis.zadd(queue.queue_key, {member: int(clock.now().timestamp() * 1000)})
    with caplog.at_level(logging.ERROR, logger="bot.deadlines"):
        assert await queue.run_due() == 4
    assert handled == []
    assert await queue.pending() == 0  # nothing comes back to be retried
    assert not await store.redis.zcard(queue.lease_key)
    assert sorted(record.getMessage() for record in caplog.records) == [
        "dropping a queue entry that is not a deadline: [1,2]",
        "dropping a queue entry that is not a deadline: not json",
        'dropping a x deadline, its payload is invalid (n: Field required): {"kind":"x"}',
        "dropping a x deadline, its payload is invalid (n: Input should be a valid integer, unable to parse string"
        ' as an integer): {"kind":"x","n":"many"}',
    ]
    assert all(record.exc_info is None for record in caplog.records)


async def test_a_record_of_a_newer_release_is_retried_later_without_a_traceback(
    store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    queue = DeadlineQueue(store, clock, "console")

    async def needs_newer(deadline: Deadline[Numbered], now: object) -> None:
        raise NewerRecord("MockSession", 2, 1)

    queue.on(Numbered, needs_newer)
    await queue.schedule(Numbered(n=1), clock.now())
    with caplog.at_level(logging.INFO):
        await queue.run_due()
    assert await queue.pending() == 1  # a process of the newer release may take it
    assert all(record.exc_info is None for record in caplog.records)


async def test_a_daily_drop_queued_by_the_release_before_payload_models_is_still_posted(
    app: App, store: Store, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # Monday 08:00 UTC
    harness = MockHarness(app, clock)
    await harness.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
    [queued] = await store.redis.zrange(harness.queue.queue_key, 0, -1)
    fields = json.loads(queued)
    await store.redis.delete(harness.queue.queue_key)
    # Exactly what the release before wrote: a dict with short keys, the time from isoformat().
    before = {"ws": fields["ws"], "ch": fields["ch"], "v": fields["v"], "due": "2026-03-02T09:00:00+00:00"}
    member = json.dumps({"kind": "daily", **before}, sort_keys=True, separators=(",", ":"))
    await store.redis.zadd(
        harness.queue.queue_key, {member: int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp() * 1000)}
    )
    await harness.wait(timedelta(hours=1, minutes=1).total_seconds(), step=600)
    titles = [sent.reply.title for sent in harness.chat.sent if sent.kind == "post" and sent.reply]
    assert "Daily question · Monday 2 March 2026" in titles
