"""Each process polls the deadline queues of the platforms it serves, as an APScheduler job.

APScheduler only drives the polling (in-memory job store, nothing shared between
processes); what is due lives in Redis, where exactly one process claims it.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import metrics
from bot.deadlines import DeadlineQueue

log = logging.getLogger(__name__)

POLL_INTERVAL_SECONDS = 0.2


class Poller:
    def __init__(self, queues: list[DeadlineQueue], *, interval_seconds: float = POLL_INTERVAL_SECONDS) -> None:
        self.queues = queues
        self.interval_seconds = interval_seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._redis_down = False

    def start(self) -> None:
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
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
