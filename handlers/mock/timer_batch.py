"""Many mocks' timers at once: one read of their sessions, one round of send guards, one write-back.

A claim of the deadline queue can hold hundreds of announcements due together (a cohort that started
on the hour). Each gets what `MockService.on_deadline` does for one - a stale version dropped, each
event said once across processes, recorded, the status card edited, what comes next scheduled - but
the Redis work of the batch shares round trips. A mock in a rarer state (paused, ending) takes the
one-by-one path; a mock whose write races a control is recorded again by `MockService.record`. A mock
that fails fails alone: only its deadline is retried.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from bot import metrics
from bot.deadlines import Deadline, DeadlinePayload
from bot.store import Workspace
from handlers.mock.batch_writes import BatchWrites
from handlers.mock.payloads import MockDue
from handlers.mock.render import announcement
from handlers.mock.service import SEND_LEASE_SECONDS, SENT_TTL_SECONDS, STATUS_REFRESH, MockService
from handlers.mock.session import MockSession
from handlers.mock.timeline import Event, EventKind, counted_as_said, next_event, to_say
from handlers.mock.turns import turns_after

Scheduled = list[tuple[DeadlinePayload, datetime]]
# Mocks of a batch taking the one-by-one path at a time: each holds Redis connections (the pool is shared and
# raises when it runs out), as the queue's HANDLER_CONCURRENCY bounds one-by-one handlers.
ONE_BY_ONE_AT_ONCE = 5


@dataclass(slots=True)  # thousands wait for their bookkeeping in a burst
class _Due:
    """One claimed deadline on its way through the batch."""

    deadline: Deadline[MockDue]
    session: MockSession | None = None  # None: gone, or a stale deadline (nothing to do)
    stored: str = ""  # the session's JSON as read: written back only if no one changed it since
    elapsed: float = 0.0  # the mock's active seconds when the batch speaks
    saying: list[Event] = field(default_factory=list)
    sending: list[Event] = field(default_factory=list)  # what this process won the right to send
    guards: dict[str, str] = field(default_factory=dict)  # event key -> its send guard, for what it sends
    sent: list[Event] = field(default_factory=list)
    said: bool = False  # everything this process was to send went out: record it
    one_by_one: bool = False
    error: Exception | None = None
    # While the bookkeeping waits only what saying counts as said is kept (a burst holds thousands of mocks):
    # the mock is read again for the bookkeeping, and changed meanwhile (a control) it is recorded as it is now.
    shelved: bool = False
    keys: set[str] | None = None

    def shelve(self) -> None:
        """Drop the mock as read while waiting for the bookkeeping turn."""
        session = self.session
        if session is None or self.one_by_one or self.error is not None:
            return
        if self.saying:
            self.keys = counted_as_said(session.durations, set(session.announced), self.elapsed, self.saying)
        self.session, self.stored, self.shelved = None, "", True

    def unshelve(self, raw: str | None) -> None:
        """The mock back, as stored now (`raw`; None: gone)."""
        self.shelved = False
        try:
            self.session, self.stored = (MockSession.model_validate_json(raw), raw) if raw else (None, "")
        except Exception as error:  # a record of a newer release, say: retried like any failure
            self.error = error


class TimerBatch:
    """Runs a batch of one platform's mock deadlines."""

    def __init__(self, service: MockService) -> None:
        self.service = service
        self.writes = BatchWrites(service.services.store)
        self._one_by_one = asyncio.Semaphore(ONE_BY_ONE_AT_ONCE)

    async def run(self, deadlines: list[Deadline[MockDue]], now: datetime) -> list[Exception | None]:
        """Handle each deadline as `MockService.on_deadline` would; the error each met, in order.

        The posts go first; the status cards, records and what comes next once the queue has caught up
        on due work (`DeadlineQueue.bookkeeping`): in a burst, the next batch's posts need not wait."""
        said_at = max(now, self.service.services.clock.now())  # as `MockService.advance` reads it
        dues = await self._load([_Due(deadline) for deadline in deadlines], said_at)
        await self._claim_sends(dues)
        # Mocks taken one by one (an end with its chart, say) are part of the posts: run alongside the batch's
        # bookkeeping they would escape the room that bounds how much Redis work runs at once.
        await asyncio.gather(*(self._speak(due, now) for due in dues if due.sending or due.one_by_one))
        await self._mark_sent(dues)
        for due in dues:
            due.shelve()
        async with self.service.queue.bookkeeping():
            await self._unshelve([due for due in dues if due.shelved])
            await asyncio.gather(*(self._refresh(due, now, said_at) for due in dues if self._batched(due)))
            await self._write_back(dues, now, said_at)
        return [due.error for due in dues]

    async def _load(self, dues: list[_Due], said_at: datetime) -> list[_Due]:
        """Read each mock (one round trip) and what is to be said for it."""
        for due, raw in zip(dues, await self._read_raw(dues), strict=True):
            self._read(due, raw, said_at)
        return dues

    async def _unshelve(self, dues: list[_Due]) -> None:
        """Read the shelved mocks again (one round trip)."""
        for due, raw in zip(dues, await self._read_raw(dues) if dues else [], strict=True):
            due.unshelve(raw)

    async def _read_raw(self, dues: list[_Due]) -> list[str | None]:
        platform = self.service.chat.platform.value
        ids = [(Workspace(platform, due.deadline.payload.workspace), due.deadline.payload.session_id) for due in dues]
        return await self.service.sessions.load_raw(ids)

    @staticmethod
    def _read(due: _Due, raw: str | None, said_at: datetime) -> _Due:
        """What is to be said for `due`, from its session as stored."""
        payload = due.deadline.payload
        try:
            session = MockSession.model_validate_json(raw) if raw else None
        except Exception as error:  # a record of a newer release, say: retried like any failure
            due.error = error
            return due
        if session is None or session.version != payload.version:
            if payload.event != "status":
                metrics.ANNOUNCEMENTS.labels("dropped").inc()
            return due  # a control changed the timeline since: a fresher deadline exists
        due.session, due.stored = session, raw or ""
        if payload.event == "status":
            return due
        if session.paused_at is not None:
            due.one_by_one = True
            return due
        due.elapsed = elapsed = session.clockwork.elapsed(said_at)
        due.saying = to_say(session.durations, set(session.announced), set(session.owed), elapsed)
        due.one_by_one = any(event.kind is EventKind.END for event in due.saying)  # summary, chart, progress
        return due

    def _batched(self, due: _Due) -> MockSession | None:
        """The session of `due` if the batch handles it (found, current, not sent one by one, no error)."""
        return None if due.one_by_one or due.error is not None else due.session

    async def _claim_sends(self, dues: list[_Due]) -> None:
        """Claim each announcement to send, once across processes (`MockService._claim_send`, batched)."""
        claims = [(due, session, event) for due in dues if (session := self._batched(due)) for event in due.saying]
        guards = [self.service.sent_key(session, event.key) for _, session, event in claims]
        won = await self.writes.claim_sends(guards, SEND_LEASE_SECONDS)
        for (due, _, event), guard, mine in zip(claims, guards, won, strict=True):
            if mine:
                due.sending.append(event)
                due.guards[event.key] = guard

    async def _speak(self, due: _Due, now: datetime) -> None:
        """Post what `due` claimed, in order (or advance it one by one); an error stays with `due`."""
        session = due.session
        if session is None or due.error is not None:
            return
        try:
            if due.one_by_one:
                async with self._one_by_one:
                    await self.service.advance(session.scope, session.id, now)
                return
            elapsed = due.elapsed
            for event in due.sending:
                reply = announcement(session, self.service.question(session), event, elapsed - event.offset)
                await self.service.chat.post(session.thread, reply)
                metrics.ANNOUNCEMENTS.labels("late" if elapsed - event.offset > 60 else "sent").inc()
                due.sent.append(event)
        except Exception as error:
            due.error = error

    async def _mark_sent(self, dues: list[_Due]) -> None:
        """Mark what went out as sent at once (one round trip): a crash before the records repeats nothing."""
        await self.writes.mark_sent([due.guards[event.key] for due in dues for event in due.sent], SENT_TTL_SECONDS)

    async def _refresh(self, due: _Due, now: datetime, said_at: datetime) -> None:
        """Edit the status card of `due` (its own refresh, or after what it said); an error stays with `due`."""
        session = self._batched(due)
        if session is None:
            return
        status = due.deadline.payload.event == "status"
        try:
            if status or due.error is None:
                due.said = not status
                await self.service.refresh_status(session, now if status else said_at)
        except Exception as error:
            due.error = error

    async def _write_back(self, dues: list[_Due], now: datetime, said_at: datetime) -> None:
        """Record what was said (one round trip), then schedule what comes next (one more)."""
        # Each optimistic write: its due, what it says, what comes next if it holds, (key, JSON read, JSON to write).
        writes: list[tuple[_Due, set[str], Scheduled, tuple[str, str, str]]] = []
        scheduled: Scheduled = []
        for due in dues:
            if (session := self._batched(due) or (due.session if due.sent else None)) is None:
                continue
            if due.deadline.payload.event == "status":
                scheduled += self._status(session, now + STATUS_REFRESH) if due.error is None else []
                continue
            if not due.said:
                continue
            keys = due.keys
            if keys is None:  # not shelved
                keys = (
                    counted_as_said(session.durations, set(session.announced), due.elapsed, due.saying)
                    if due.saying
                    else set()
                )
            if keys:
                session = session.with_said(keys)
            for event in due.sent:  # the turns an announcement sets off, by the process that made it
                scheduled += turns_after(session, event.kind, event.phase_index, said_at)
            upcoming = self._next(session, said_at) if due.error is None else []
            if keys:
                key = self.service.sessions.key(session.scope, session.id)
                writes.append((due, keys, upcoming, (key, due.stored, session.model_dump_json())))
            else:
                scheduled += upcoming
        written = await self.writes.write_unchanged([write for *_, write in writes])
        for (due, keys, upcoming, _), done in zip(writes, written, strict=True):
            if done:
                scheduled += upcoming
            elif due.session is not None:  # changed since it was read (a control): record it afresh
                await self._record_again(due, due.session, keys, said_at)
        await self.service.queue.schedule_all(scheduled)

    async def _record_again(self, due: _Due, session: MockSession, keys: set[str], said_at: datetime) -> None:
        """Record `keys` on the mock as it is now and schedule what comes next from that (`MockService._advance`)."""
        try:
            updated = await self.service.record(session, keys)
            if due.error is None:
                for payload, due_at in self._next(updated, said_at):
                    await self.service.queue.schedule(payload, due_at)
        except Exception as error:
            due.error = error

    @staticmethod
    def _next(session: MockSession, now: datetime) -> Scheduled:
        """The mock's next event and its status refresh, as `MockService._advance` schedules them."""
        upcoming = next_event(session.durations, set(session.announced))
        if upcoming is None or session.over:
            return []
        due_at = session.clockwork.wall_time(upcoming.offset, now)
        return [(MockDue.of(session, upcoming.key), due_at), *TimerBatch._status(session, now + STATUS_REFRESH)]

    @staticmethod
    def _status(session: MockSession, due_at: datetime) -> Scheduled:
        """The status refresh at `due_at`, as `MockService.schedule_status` schedules it."""
        return [] if session.over or session.paused_at is not None else [(MockDue.of(session, "status"), due_at)]
