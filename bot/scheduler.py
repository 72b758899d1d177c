"""Each process polls the deadline queues of the platforms it serves, as an APScheduler job.

APScheduler only drives the polling (in-memory job store, nothing shared between
processes); what is due lives in Redis, where exactly one process claims it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import metrics
from bot.deadlines import DeadlineQueue

log = logging.getLogger(__name__)

POLL_INTERVAL_SECONDS = 0.2


class Poller:
    """Polls deadline queues on an interval: one poll at a time, one warning per Redis outage."""

    def __init__(self, queues: list[DeadlineQueue], *, interval_seconds: float = POLL_INTERVAL_SECONDS) -> None:
        self.queues = queues
        self.interval_seconds = interval_seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._redis_down = False
        self._stopping = False
        self._running: asyncio.Task[object] | None = None  # the poll in progress, if any

    def start(self) -> None:
        """Start polling on the running event loop."""
        scheduler = AsyncIOScheduler()
        scheduler.add_job(
            self.poll,
            "interval",
            seconds=self.interval_seconds,
            id="deadline-poller",
            max_instances=1,  # a slow poll is not stacked on top of itself
            coalesce=True,
        )
        scheduler.start()
        self._scheduler = scheduler

    async def poll(self) -> int:
        """Run every due deadline of every queue once; return how many were handled."""
        self._running = asyncio.current_task()
        try:
            return await self._poll_queues()
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # Shutting down while a handler waits (an AI call): the queue gave its deadlines back.
            log.info("shutdown: a deadline poll was cut short; its deadlines wait in the queue")
            return 0
        finally:
            self._running = None

    async def _poll_queues(self) -> int:
        handled = 0
        for queue in self.queues:
            try:
                handled += await queue.run_due()
            except (RedisConnectionError, RedisTimeoutError):
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
        return handled

    def stop(self) -> None:
        """No new polls; one in progress runs on until `cut_short`."""
        self._stopping = True
        if self._scheduler is not None:
            # Paused, not shut down: APScheduler's asyncio executor cancels the running poll on shutdown,
            # which would cut a handler short before the queues' grace (a chart being drawn, an AI call).
            self._scheduler.pause()

    async def cut_short(self) -> None:
        """End a poll still running after the queues' grace, quietly, before the store closes under it."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        running = self._running
        if running is not None and not running.done() and running is not asyncio.current_task():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
