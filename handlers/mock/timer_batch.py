"""Many mocks' timers at once: one read of their sessions, one round of send guards, one write-back.

A claim of the deadline queue can hold hundreds of announcements due together (a cohort that started
on the hour). Each gets what `MockService.on_deadline` does for one - a stale version dropped, each
event said once across processes, recorded, the status card edited, what comes next scheduled - but
the Redis work of the batch shares round trips. A mock in a rarer state (paused, ending) takes the
one-by-one path; a mock whose write races a control is recorded again by `MockService.record`. A mock
that fails fails alone: only its deadline is retried.

The queue hands over deadlines up to two seconds before they fall due (bot.deadlines.CLAIM_AHEAD). Each
is prepared at once - read, what to say decided as of its due time, the posts rendered - and only what
the posts need is kept; at the due time the mock is read again and, if it is not exactly as prepared
from (a control since), decided afresh. So the posts of a burst cost little more than the posts.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta

from bot import metrics
from bot.chat import Reply
from bot.deadline_rooms import QUIET_MS
from bot.deadlines import Deadline, DeadlinePayload
from bot.store import Workspace
from handlers.mock.batch_writes import BatchWrites
from handlers.mock.payloads import MockDue
from handlers.mock.render import announcement
from handlers.mock.service import SEND_LEASE_SECONDS, SENT_TTL_SECONDS, STATUS_REFRESH, MockService
from handlers.mock.session import MockSession
from handlers.mock.timeline import EventKind, next_event, to_say
from handlers.mock.timer_due import TimerDue
from handlers.mock.turns import turns_after

Scheduled = list[tuple[DeadlinePayload, datetime]]
# Mocks of a batch taking the one-by-one path at a time: each holds Redis connections (the pool is shared and
# raises when it runs out), as the queue's HANDLER_CONCURRENCY bounds one-by-one handlers.
ONE_BY_ONE_AT_ONCE = 5
# A score is its due time in whole milliseconds, rounded down: what is said is decided this much later.
SCORE_ROUNDING = timedelta(milliseconds=1)
IMMINENT = timedelta(milliseconds=QUIET_MS)  # before a waiting batch's posts, its bookkeeping-free stretch
# Work on each mock between the batch's round trips runs this many at a time, then lets the loop run what is due:
# several batches woken in one turn of the event loop would otherwise stall it for their sum.
SLICE = 10
# Prepared posts later than this are decided afresh: their text would not say how late they are.
PREPARED_LATE = timedelta(seconds=30)


def _digest(raw: str) -> bytes:
    """A mock's JSON, in 16 bytes: thousands wait in a burst."""
    return hashlib.blake2b(raw.encode(), digest_size=16).digest()


class TimerBatch:
    """Runs a batch of one platform's mock deadlines."""

    def __init__(self, service: MockService) -> None:
        self.service = service
        self.clock = service.services.clock
        self.writes = BatchWrites(service.services.store)
        self._one_by_one = asyncio.Semaphore(ONE_BY_ONE_AT_ONCE)
        self._replies: dict[Reply, Reply] = {}  # a burst's mocks mostly post the same few texts: held once

    async def run(self, deadlines: list[Deadline[MockDue]], now: datetime) -> list[Exception | None]:
        """Handle each deadline as `MockService.on_deadline` would, at its due time; the error each met, in order.

        Deadlines are prepared at once and posted at their due time (at once when due already); the status
        cards, records and what comes next follow once the queue has caught up on due work
        (`DeadlineQueue.bookkeeping`): in a burst, the next batch's posts need not wait."""
        said_at = max(now, self.clock.now())  # as `MockService.advance` reads it
        dues = await self._load([TimerDue(deadline) for deadline in deadlines], said_at)
        ready = [due for due in dues if due.deadline.due_at <= said_at]
        waiting = sorted((due for due in dues if due.deadline.due_at > said_at), key=lambda due: due.deadline.due_at)
        if ready:
            await self._post(ready, said_at)
        if waiting:
            self.service.queue.rooms.waiting()  # its room goes to further claims meanwhile
            said_at = await self._post_when_due(waiting)
        async with self.service.queue.bookkeeping():
            await self._unshelve([due for due in dues if due.shelved])
            refreshing = [due for due in dues if self._batched(due)]
            for start in range(0, len(refreshing), SLICE):  # each edit renders a card first: a slice at a time
                await asyncio.gather(*(self._refresh(due, now, said_at) for due in refreshing[start : start + SLICE]))
            await self._write_back(dues, now, said_at)
        return [due.error for due in dues]

    async def _post_when_due(self, waiting: list[TimerDue]) -> datetime:
        """Post each waiting deadline at its due time, those due by then together; when the last were posted."""
        never = asyncio.Event()  # nothing cuts a wait short: shutting down cancels it
        at = self.clock.now()
        while waiting:
            first = waiting[0].deadline.due_at
            await self.clock.sleep_until(first - IMMINENT, never)
            with self.service.queue.rooms.imminent():
                await self.clock.sleep_until(first, never)
                at = self.clock.now()
                wave = [due for due in waiting if due.deadline.due_at <= at]
                waiting = waiting[len(wave) :]
                await self._post_prepared(wave, at)
        return at

    async def _post(self, dues: list[TimerDue], at: datetime) -> None:
        """Claim, post (or advance one by one) and mark as sent what `dues` say, at `at`."""
        await self._claim_sends(dues)
        # Mocks taken one by one (an end with its chart, say) are part of the posts: run alongside the batch's
        # bookkeeping they would escape the room that bounds how much Redis work runs at once.
        await asyncio.gather(*(self._speak(due, at) for due in dues if due.sending or due.one_by_one))
        await self._mark_sent(dues)

    async def _load(self, dues: list[TimerDue], said_at: datetime) -> list[TimerDue]:
        """Read each mock (one round trip), decide what is to be said for it and prepare its posts."""
        for number, (due, raw) in enumerate(zip(dues, await self._read_raw(dues), strict=True)):
            if number and number % SLICE == 0:
                await asyncio.sleep(0)  # posts and timers due meanwhile run between slices
            self._read(due, raw, max(said_at, due.deadline.due_at + SCORE_ROUNDING))
            if due.deadline.due_at > said_at and raw:
                due.prepared_from = _digest(raw)  # posted later: if the mock is still as read
            due.shelve()
        return dues

    async def _post_prepared(self, dues: list[TimerDue], at: datetime) -> None:
        """Post what was prepared ahead for `dues`, now due, for the mocks still exactly as they were read (one
        round trip to see); a mock changed since (a control), or a post late enough for its text to say so, is
        decided afresh as of `at`."""
        prepared = [due for due in dues if due.prepared]
        for due, raw in zip(prepared, await self._read_raw(prepared) if prepared else [], strict=True):
            if raw is None or _digest(raw) != due.prepared_from or at - due.deadline.due_at > PREPARED_LATE:
                self._start_over(due, raw, at)
            due.prepared_from = b""
        await self._post(dues, at)

    def _start_over(self, due: TimerDue, raw: str | None, at: datetime) -> None:
        """Decide `due` afresh from its mock as stored now (`raw`), as of `at`."""
        due.start_over()
        self._read(due, raw, at)
        due.shelve()

    async def _unshelve(self, dues: list[TimerDue]) -> None:
        """Read the shelved mocks again (one round trip)."""
        for number, (due, raw) in enumerate(zip(dues, await self._read_raw(dues) if dues else [], strict=True)):
            if number and number % SLICE == 0:
                await asyncio.sleep(0)  # posts and timers due meanwhile run between slices
            due.unshelve(raw)

    async def _read_raw(self, dues: list[TimerDue]) -> list[str | None]:
        return await self.service.sessions.load_raw([self._id(due) for due in dues])

    def _id(self, due: TimerDue) -> tuple[Workspace, str]:
        """The workspace and id of the mock of `due`."""
        payload = due.deadline.payload
        return Workspace(self.service.chat.platform.value, payload.workspace), payload.session_id

    def _read(self, due: TimerDue, raw: str | None, said_at: datetime) -> TimerDue:
        """What is to be said for `due` as of `said_at`, from its session as stored, and its posts."""
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
        if due.saying and not due.one_by_one:
            try:
                question = self.service.question(session)
            except Exception as error:  # the question left the bank: retried like any failure
                due.error = error
                return due
            due.thread = session.thread
            for event in due.saying:
                reply = announcement(session, question, event, elapsed - event.offset)
                due.replies.append(self._replies.setdefault(reply, reply))
                due.guard_keys.append(self.service.sent_key(session, event.key))
        return due

    def _batched(self, due: TimerDue) -> MockSession | None:
        """The session of `due` if the batch handles it (found, current, not sent one by one, no error)."""
        return None if due.one_by_one or due.error is not None else due.session

    async def _claim_sends(self, dues: list[TimerDue]) -> None:
        """Claim each announcement to send, once across processes (`MockService._claim_send`, batched)."""
        claims = [(due, index) for due in dues if due.prepared for index in range(len(due.saying))]
        won = await self.writes.claim_sends([due.guard_keys[index] for due, index in claims], SEND_LEASE_SECONDS)
        for (due, index), mine in zip(claims, won, strict=True):
            if mine:
                due.sending += (index,)

    async def _speak(self, due: TimerDue, now: datetime) -> None:
        """Post what `due` claimed, in order (or advance it one by one); an error stays with `due`."""
        if due.error is not None:
            return
        try:
            if due.one_by_one:
                if (session := due.session) is not None:
                    async with self._one_by_one:
                        await self.service.advance(session.scope, session.id, now)
                return
            assert due.thread is not None  # prepared: see `_claim_sends`
            for index in due.sending:
                await self.service.chat.post(due.thread, due.replies[index])
                late = due.elapsed - due.saying[index].offset > 60
                metrics.ANNOUNCEMENTS.labels("late" if late else "sent").inc()
                due.sent += (index,)
        except Exception as error:
            due.error = error

    async def _mark_sent(self, dues: list[TimerDue]) -> None:
        """Mark what went out as sent at once (one round trip): a crash before the records repeats nothing."""
        await self.writes.mark_sent([due.guard_keys[index] for due in dues for index in due.sent], SENT_TTL_SECONDS)

    async def _refresh(self, due: TimerDue, now: datetime, said_at: datetime) -> None:
        """Edit the status card of `due` (its own refresh, or after what it said); an error stays with `due`."""
        session = self._batched(due)
        if session is None:
            return
        status = due.deadline.payload.event == "status"
        try:
            if status or due.error is None:
                due.said = not status
                await self.service.refresh_status(session, max(now, due.deadline.due_at) if status else said_at)
        except Exception as error:
            due.error = error

    async def _write_back(self, dues: list[TimerDue], now: datetime, said_at: datetime) -> None:
        """Record what was said (one round trip), then schedule what comes next (one more)."""
        # Each optimistic write: its due, what it says, what comes next if it holds, (key, JSON read, JSON to write).
        writes: list[tuple[TimerDue, set[str], Scheduled, tuple[str, str, str]]] = []
        scheduled: Scheduled = []
        for number, due in enumerate(dues):
            if number and number % SLICE == 0:
                await asyncio.sleep(0)  # posts and timers due meanwhile run between slices
            if (session := self._batched(due) or (due.session if due.sent else None)) is None:
                continue
            if due.deadline.payload.event == "status":
                refreshed_at = max(now, due.deadline.due_at)  # claimed ahead: refreshed at its due time
                scheduled += self._status(session, refreshed_at + STATUS_REFRESH) if due.error is None else []
                continue
            if not due.said:
                continue
            keys = set(due.keys)  # every mock the batch speaks for was shelved, what it says counted then
            if keys:
                session = session.with_said(keys)
            for event in (due.saying[index] for index in due.sent):  # the turns an announcement sets off, by its sender
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

    async def _record_again(self, due: TimerDue, session: MockSession, keys: set[str], said_at: datetime) -> None:
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
