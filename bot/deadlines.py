"""The one mechanism for time-driven work: deadlines in Redis, each claimed by exactly one process.

A deadline is a small JSON payload (one pydantic model per kind, validated when claimed) in a
sorted set scored by its due time (ms). Every process sleeps until the earliest entry falls due
(bot.scheduler); an entry that becomes the earliest is announced on a pub/sub channel, so the
others wake for it. A Lua script moves due entries to a lease set atomically, so two processes
never claim the same entry. Finished work is acknowledged; work whose process died (its lease
ran out) goes back to the queue. Handlers make their effects idempotent, so a retried entry
never repeats a message. All times come from the injected clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.deadline_kinds import DeadlineKinds, accounted
from bot.deadline_models import (
    Deadline,
    DeadlineBatchHandler,
    DeadlineHandler,
    DeadlinePayload,
    IsoTime,
    PayloadT,
    RawDeadline,
)
from bot.deadline_rooms import BATCHED_IN_FLIGHT, COALESCE_MS, DEFERRED_LIMIT, HANDLER_CONCURRENCY, Rooms
from bot.deadline_scripts import (
    CLAIM,
    DISPATCH,
    REQUEUE_EXPIRED,
    SCHEDULE,
    SCHEDULE_MANY,
    Dispatched,
    claimed,
    from_ms,
    queue_entry,
    to_ms,
)
from bot.store import Store

log = logging.getLogger(__name__)
__all__ = ["Deadline", "DeadlineHandler", "DeadlinePayload", "DeadlineQueue", "IsoTime", "PayloadT", "RawDeadline"]

LEASE_SECONDS = 60
BATCH_SIZE = 200
MAX_BATCHES_PER_POLL = 20  # keeps one poll short, so the event loop stays responsive
BATCH_CHUNK = 100  # at most this many to one batch handler call: its CPU-bound stretch stays short
RETRY_AFTER = timedelta(seconds=30)
SETTLE_SECONDS = 5.0  # how long the console's /wait lets due work finish before it goes on
IDLE_RECHECK = timedelta(days=1)  # an empty queue is looked at again after this much clock time
# Batched kinds are claimed up to this long before they fall due: their handler prepares them in the quiet
# before a burst and posts at each due time (bot.deadline_rooms). Well inside the lease; what waits is held
# small. The poller wakes for them when the earliest is due within CLAIM_AHEAD - CLAIM_SPAN: a claim takes
# that much time's worth, not one deadline each (a waiting handler holds memory of its own).
CLAIM_AHEAD = timedelta(seconds=2)
CLAIM_SPAN = timedelta(milliseconds=250)


class DeadlineQueue:
    """Deadlines of one platform (each process polls the platforms it serves)."""

    def __init__(self, store: Store, clock: Clock, platform: str) -> None:
        self.store = store
        self.clock = clock
        self.platform = platform
        self.queue_key = store.global_key("deadlines", platform)
        self.lease_key = store.global_key("deadline-leases", platform)
        self.wake_channel = store.global_key("deadline-wake", platform)  # a pub/sub channel, not a key
        self._schedule = store.redis.register_script(SCHEDULE)
        self._schedule_many = store.redis.register_script(SCHEDULE_MANY)
        self._claim = store.redis.register_script(CLAIM)
        self._dispatch = store.redis.register_script(DISPATCH)
        self._requeue = store.redis.register_script(REQUEUE_EXPIRED)
        self.kinds = DeadlineKinds()
        self.claim_ahead = CLAIM_AHEAD
        self._listeners: list[Callable[[datetime], None]] = []  # this process's pollers
        self._in_flight: dict[str, RawDeadline] = {}
        self._idle = asyncio.Event()  # set while nothing is in flight
        self._idle.set()
        self._closing = False
        self.rooms = Rooms(lambda: self._scheduled(self.clock.now()))  # handlers `dispatch_due` started
        # `dispatch_due` limits by claiming less: room for every handler it may start (a batch takes one or more)
        self._no_limit = asyncio.Semaphore(HANDLER_CONCURRENCY + BATCHED_IN_FLIGHT + DEFERRED_LIMIT)

    def on(self, payload_type: type[DeadlinePayload], handler: DeadlineHandler) -> None:
        """Handle deadlines of `payload_type.KIND`, each with its payload validated as `payload_type`."""
        self.kinds.on(payload_type, handler)

    def on_batch(self, payload_type: type[DeadlinePayload], handler: DeadlineBatchHandler) -> None:
        """Handle deadlines of `payload_type.KIND` up to BATCH_CHUNK at a time (see `DeadlineBatchHandler`)."""
        self.kinds.on_batch(payload_type, handler)

    def on_scheduled(self, listener: Callable[[datetime], None]) -> None:
        """Call `listener` with when to claim each deadline this process queues (a poller's wake-up)."""
        self._listeners.append(listener)

    async def schedule(self, payload: DeadlinePayload, due_at: datetime) -> str:
        """Queue `payload` to fall due at `due_at`; the same payload queued twice is one entry.

        This process's poller hears of it at once; the others by pub/sub when it is the earliest."""
        member, wake_at = payload.member(), due_at - self._wake_ahead(payload)
        await self._schedule(keys=[self.queue_key], args=[to_ms(due_at), member, self.wake_channel, to_ms(wake_at)])
        self._scheduled(wake_at)
        return member

    async def schedule_all(self, entries: list[tuple[DeadlinePayload, datetime]]) -> None:
        """`schedule` each (payload, due time), in one round trip."""
        if not entries:
            return
        # Other processes are told to wake that much before the earliest (harmless for a kind not claimed ahead).
        ahead = max(self._wake_ahead(payload) for payload, _ in entries)
        args: list[str | int] = [self.wake_channel, int(ahead.total_seconds() * 1000)]
        for payload, due_at in entries:
            args += [to_ms(due_at), payload.member()]
        await self._schedule_many(keys=[self.queue_key], args=args)
        self._scheduled(min(due_at - self._wake_ahead(payload) for payload, due_at in entries))

    def _wake_ahead(self, payload: DeadlinePayload) -> timedelta:
        """How long before its due time a poller wakes for `payload` (batched kinds are claimed ahead)."""
        return max(self.claim_ahead - CLAIM_SPAN, timedelta(0)) if self.kinds.is_batched(payload.KIND) else timedelta(0)

    def _scheduled(self, wake_at: datetime) -> None:
        for listener in self._listeners:
            listener(wake_at)

    async def pending(self) -> int:
        """How many deadlines are queued and not yet claimed."""
        return int(await self.store.redis.zcard(self.queue_key))

    async def drop_workspace(self, workspace: str) -> int:
        """Drop every queued or claimed deadline of one workspace (it uninstalled the app); return how many."""
        dropped = 0
        for key in (self.queue_key, self.lease_key):
            entries = [str(member) for member in await self.store.redis.zrange(key, 0, -1)]
            members = [member for member in entries if queue_entry(member).get("ws") == workspace]
            if members:
                dropped += int(await self.store.redis.zrem(key, *members))
        return dropped

    async def claim(self, now: datetime, limit: int = BATCH_SIZE) -> list[RawDeadline]:
        """Claim up to `limit` entries due by `now` under a lease; no other process gets them."""
        raw = await self._claim(
            keys=[self.queue_key, self.lease_key],
            args=[to_ms(now), to_ms(now + timedelta(seconds=LEASE_SECONDS)), limit],
        )
        return claimed(raw)

    async def ack(self, deadline: Deadline[Any]) -> None:
        """Finish a handled deadline: it is never claimed again."""
        await self.ack_all([deadline])

    async def ack_all(self, deadlines: list[Deadline[Any]]) -> None:
        """Finish handled deadlines, in one round trip."""
        if deadlines:
            await self.store.redis.zrem(self.lease_key, *(deadline.member for deadline in deadlines))

    async def release(self, deadline: Deadline[Any]) -> None:
        """Give unfinished work back (shutdown): due again at once."""
        pipe = self.store.redis.pipeline(transaction=True)
        pipe.zrem(self.lease_key, deadline.member)
        pipe.zadd(self.queue_key, {deadline.member: to_ms(deadline.due_at)})
        pipe.publish(self.wake_channel, to_ms(deadline.due_at))  # due already: another process takes it
        await pipe.execute()

    async def requeue_expired(self, now: datetime) -> int:
        """Give entries whose lease ran out by `now` back to the queue; return how many."""
        return int(await self._requeue(keys=[self.queue_key, self.lease_key], args=[to_ms(now)]))

    async def run_due(self) -> int:
        """Claim and handle everything due now; return how many deadlines were handled."""
        if self._closing:
            return 0
        now = self.clock.now()
        await self.requeue_expired(now)
        handled = 0
        limit = asyncio.Semaphore(HANDLER_CONCURRENCY)
        for _ in range(MAX_BATCHES_PER_POLL):
            batch = await self.claim(now)
            if not batch:
                break
            await asyncio.gather(*(work for work, _ in self._work(batch, now, limit)))
            handled += len(batch)
            if len(batch) < BATCH_SIZE:
                break
        return handled

    def _work(
        self, claimed: list[RawDeadline], now: datetime, limit: asyncio.Semaphore
    ) -> list[tuple[Coroutine[Any, Any, None], int]]:
        """A call per deadline of a one-by-one kind, per chunk of a batched one; each with how many batched it takes."""
        return [
            (self._handle(group, now, limit), len(group) if batched else 0)
            for group, batched in self.kinds.groups(claimed, BATCH_CHUNK)
        ]

    async def settle(self, within_seconds: float = SETTLE_SECONDS) -> None:
        """Handle what is due by now, waiting up to `within_seconds` real seconds (the console's /wait); a slow
        handler (an AI call) runs on after it. A queue no feature serves here is left to its process."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + within_seconds
        while self.kinds and (left := give_up - loop.time()) > 0:
            await self.dispatch_due(ahead=timedelta(0))
            if not self.rooms.started:
                return
            await asyncio.wait(set(self.rooms.started), timeout=left)

    async def dispatch_due(self, ahead: timedelta | None = None) -> datetime:
        """Claim what is due (as much as there is room for; batched kinds `ahead`, by default `claim_ahead`,
        before their due time) and start handling it without waiting; one round trip. Return when this queue
        next needs a look: when its earliest entry is to be claimed or its earliest lease ends, else (empty, or
        work left for want of room: a finishing handler tells the pollers) a day from now."""
        now = self.clock.now()
        if self._closing:
            return now + IDLE_RECHECK
        ahead_ms = int((self.claim_ahead if ahead is None else ahead).total_seconds() * 1000)
        lease_until = now + timedelta(seconds=LEASE_SECONDS)
        dispatched = Dispatched.of(
            await self._dispatch(
                keys=[self.queue_key, self.lease_key],
                args=[to_ms(now), to_ms(lease_until), *self.rooms.free(), self.kinds.batched, ahead_ms],
            )
        )
        for work, batched in self._work(dispatched.claimed, now, self._no_limit):
            task = asyncio.create_task(work)
            self.rooms.start(task, batched)
            task.add_done_callback(self._handler_done)
        first = dispatched.first_queued_ms
        self.rooms.claimed(dispatched.left, None if first is None else first - to_ms(now))
        look = dispatched.next_look_ms(max(ahead_ms - CLAIM_SPAN.total_seconds() * 1000, 0))
        if look is None:
            return now + IDLE_RECHECK
        wake = from_ms(look)
        if self.rooms.holds_off((wake - now).total_seconds() * 1000):
            return now + timedelta(milliseconds=COALESCE_MS)
        return wake

    def bookkeeping(self) -> AbstractAsyncContextManager[None]:
        """For a batch handler whose posts are out: its room goes to further claims, and its bookkeeping runs
        once this process has caught up on due work, one batch at a time (bot.deadline_rooms)."""
        return self.rooms.bookkeeping()

    def _handler_done(self, task: asyncio.Task[None]) -> None:
        self.rooms.ended(task)
        error = None if task.cancelled() else task.exception()
        if error is not None:  # acknowledging failed (Redis went away): the lease brings it back
            log.debug("a %s deadline was not acknowledged: %r", self.platform, error, exc_info=error)

    async def _handle(self, deadlines: list[RawDeadline], now: datetime, limit: asyncio.Semaphore) -> None:
        async with limit:
            if self._closing:  # shutting down: leave them for another process
                for deadline in deadlines:
                    await self.release(deadline)
                return
            self._in_flight.update((deadline.member, deadline) for deadline in deadlines)
            self._idle.clear()
            try:
                await self._run(deadlines, now)
            finally:
                for deadline in deadlines:
                    self._in_flight.pop(deadline.member, None)
                if not self._in_flight:
                    self._idle.set()

    async def shutdown(self, grace_seconds: float = 10.0) -> int:
        """Stop claiming, let work in flight finish for up to `grace_seconds`, give back the rest."""
        self._closing = True
        self.rooms.closing()  # bookkeeping waiting for a quiet moment runs now
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), grace_seconds)
        unfinished = list(self._in_flight.values())
        for deadline in unfinished:
            await self.release(deadline)
        for task in list(self.rooms.started):  # given back: they must not run on after the store closes
            task.cancel()
        return len(unfinished)

    async def _run(self, deadlines: list[RawDeadline], now: datetime) -> None:
        """Handle one deadline, or a batch of one kind; acknowledge what is done or given up on (one round trip),
        retry the rest later."""
        finished, retried = accounted(*await self.kinds.handle(deadlines, now), now)
        for deadline in retried:
            await self._retry_later(deadline, now)
        await self.ack_all(finished)

    async def _retry_later(self, deadline: RawDeadline, now: datetime) -> None:
        """Back to the queue after a pause; handlers are idempotent, so a retry never repeats."""
        pipe = self.store.redis.pipeline(transaction=True)
        pipe.zrem(self.lease_key, deadline.member)
        pipe.zadd(self.queue_key, {deadline.member: to_ms(now + RETRY_AFTER)})
        await pipe.execute()
        self._scheduled(now + RETRY_AFTER)
