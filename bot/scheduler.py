"""Each process sleeps until the earliest deadline of the queues it serves, and wakes early for an earlier one.

There is no fixed polling interval. After each poll the process reads when the next entry falls
due and sleeps until then, through the injected clock (a sped-up console clock wakes sooner, a
fake clock only when a test moves it). A deadline queued earlier than that wakes it at once: by
a direct call within the process (`DeadlineQueue.on_scheduled`), and by a Redis pub/sub message
from other processes (published by `DeadlineQueue.schedule` when the entry is the earliest).
A slow safety poll, an APScheduler interval job (in-memory job store, nothing shared between
processes), catches a notification lost while the subscription was down and re-subscribes.
What is due lives in Redis, where exactly one process claims it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.deadlines import IDLE_RECHECK, DeadlineQueue

log = logging.getLogger(__name__)

SAFETY_POLL_SECONDS = 5.0  # real seconds between safety polls, for lost notifications
LISTEN_CHECK_SECONDS = 1.0  # the wake-up listener looks at least this often whether the poller stopped
CUT_SHORT_SECONDS = 5.0  # how long a stopping poller waits for each of its tasks to end
T = TypeVar("T")
_REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class Poller:
    """Runs due deadlines of its queues: one poll at a time, one warning per Redis outage."""

    def __init__(
        self, queues: list[DeadlineQueue], *, safety_seconds: float = SAFETY_POLL_SECONDS, clock: Clock | None = None
    ) -> None:
        self.queues = queues
        self.clock = clock or (queues[0].clock if queues else SystemClock())
        self.safety_seconds = safety_seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._redis_down = False
        self._stopping = False
        self._running: asyncio.Task[object] | None = None  # the poll in progress, if any
        self._loop: asyncio.Task[None] | None = None
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()  # the first subscription is made (or failed): the loop may start
        self._wake = asyncio.Event()
        self._planned: datetime | None = None  # when the sleeping loop wakes; None while it polls
        self._earliest_heard: datetime | None = None  # wake-ups heard of while polling
        for queue in queues:
            queue.on_scheduled(self.heard_of)

    def start(self) -> None:
        """Start the poll loop, the pub/sub listener and the safety poll on the running event loop."""
        self._loop = asyncio.create_task(self._run(), name="deadline-poller")
        self._listener = asyncio.create_task(self._listen(), name="deadline-wake-listener")
        scheduler = AsyncIOScheduler()
        scheduler.add_job(
            self.safety_poll,
            "interval",
            seconds=self.safety_seconds,
            id="deadline-safety-poll",
            max_instances=1,
            coalesce=True,
        )
        scheduler.start()
        self._scheduler = scheduler

    @property
    def wakes_at(self) -> datetime | None:
        """When the sleeping loop next wakes on its own; None while it polls."""
        return self._planned

    def heard_of(self, wake_at: datetime) -> None:
        """A deadline is to be claimed at `wake_at` (its due time, or before it for a kind claimed ahead):
        wake now if that is before the planned wake-up."""
        if self._planned is None:  # polling: the next wake-up takes it into account
            self._earliest_heard = wake_at if self._earliest_heard is None else min(self._earliest_heard, wake_at)
        elif wake_at < self._planned:
            self._wake.set()

    async def safety_poll(self) -> None:
        """Poll now, and listen again if the subscription was lost (what the APScheduler job runs)."""
        if self._stopping:
            return
        if self._listener is not None and self._listener.done():
            self._listener = asyncio.create_task(self._listen(again=True), name="deadline-wake-listener")
        self._wake.set()

    async def _run(self) -> None:
        await self._subscribed.wait()  # a deadline queued by another process from now on wakes this one
        while True:
            self._planned, self._earliest_heard = None, None
            self._wake.clear()
            if self._stopping:
                return
            nearest = min(await self._each_queue(DeadlineQueue.dispatch_due), default=None)
            self._planned = self._sooner(nearest) or self.clock.now() + IDLE_RECHECK  # Redis down: the safety poll
            if not self._wake.is_set():
                await self.clock.sleep_until(self._planned, self._wake)

    def _sooner(self, due_at: datetime | None) -> datetime | None:
        """`due_at`, or a wake-up heard of during the poll when that is sooner."""
        heard = self._earliest_heard
        if heard is None or due_at is None:
            return heard or due_at
        return min(heard, due_at)

    async def _listen(self, *, again: bool = False) -> None:
        """Wake for deadlines other processes queue; ends quietly when Redis drops (the safety poll restarts it).

        It stops by itself once the poller stops: redis-py can swallow a cancellation that lands
        mid-subscription (a known race), and a listener waiting on it would keep the process alive.
        """
        if not self.queues or self.queues[0].store.embedded:  # one process, no Redis server: nobody to hear
            self._subscribed.set()
            return
        pubsub = self.queues[0].store.redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(*(queue.wake_channel for queue in self.queues))
            if again:
                self._wake.set()  # what was announced while not subscribed is read afresh
            self._subscribed.set()
            while not self._stopping:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=LISTEN_CHECK_SECONDS)
                if message is not None and message.get("type") == "message":
                    self.heard_of(datetime.fromtimestamp(float(message["data"]) / 1000, tz=UTC))
        except _REDIS_ERRORS:
            log.debug("the deadline wake-up subscription dropped; the safety poll subscribes again")
        finally:
            self._subscribed.set()
            with contextlib.suppress(*_REDIS_ERRORS):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def poll(self) -> int:
        """Run every due deadline of every queue once; return how many were handled."""
        self._running = asyncio.current_task()
        try:
            return sum(await self._each_queue(DeadlineQueue.run_due))
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # Shutting down while a handler waits (an AI call): the queue gave its deadlines back.
            log.info("shutdown: a deadline poll was cut short; its deadlines wait in the queue")
            return 0
        finally:
            self._running = None

    async def _each_queue(self, run: Callable[[DeadlineQueue], Awaitable[T]]) -> list[T]:
        """`run` on every queue that answers; Redis outages warned of once."""
        results = []
        for queue in self.queues:
            try:
                results.append(await run(queue))
            except _REDIS_ERRORS:
                metrics.REDIS_ERRORS.inc()
                if not self._redis_down:  # one line an outage, not one every poll
                    log.warning("Redis is unreachable: deadlines wait until it is back")
                self._redis_down = True
                continue
            except Exception:
                log.exception("polling the %s deadline queue failed", queue.platform)
                continue
            if self._redis_down:
                log.warning("Redis is back: catching up on deadlines")
                self._redis_down = False
        return results

    def stop(self) -> None:
        """No new polls; one in progress runs on until `cut_short`."""
        self._stopping = True
        self._wake.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._listener is not None:
            self._listener.cancel()

    async def cut_short(self) -> None:
        """End a poll still running after the queues' grace, quietly, before the store closes under it."""
        for task in (self._running, self._loop, self._listener):
            if task is None or task.done() or task is asyncio.current_task():
                continue
            task.cancel()
            await asyncio.wait({task}, timeout=CUT_SHORT_SECONDS)
            if not task.done():  # a swallowed cancellation: leave it rather than hang the shutdown
                log.warning("shutdown: %s did not end within %.0f s", task.get_name(), CUT_SHORT_SECONDS)
            elif not task.cancelled() and task.exception() is not None:
                log.error("shutdown: %s failed", task.get_name(), exc_info=task.exception())
