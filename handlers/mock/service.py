"""Running mocks: start, controls, and the announcements the deadline queue triggers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from bot import metrics
from bot.charts.mock import timeline_chart
from bot.chat import ChatPort, MessageRef, Reply, UserRef
from bot.context import Services
from bot.deadlines import Deadline
from bot.errors import NotAllowed, NotFound, UserError
from bot.logs import log_context
from bot.store import Workspace
from handlers import channel_counts, progress
from handlers.mock.charts import chart_owner, timeline_data
from handlers.mock.payloads import BarRaiserTurn, InterviewerTurn, MockDue
from handlers.mock.plan import PHASES
from handlers.mock.render import announcement, status_card
from handlers.mock.running import RunningMocks
from handlers.mock.session import MockSession, SessionStore
from handlers.mock.timeline import (
    Event,
    EventKind,
    counted_as_said,
    cut_short,
    end_now,
    extend,
    next_event,
    owed_starts,
    to_say,
)
from handlers.mock.turns import turns_after
from question_bank import Question

__all__ = ["BarRaiserTurn", "InterviewerTurn", "MockDue", "MockService", "new_session_id"]

STATUS_REFRESH = timedelta(seconds=30)  # the status message is edited at most this often
SEND_LEASE_SECONDS = 60
SENT_TTL_SECONDS = 90 * 24 * 3600


def new_session_id() -> str:
    """A fresh, short mock id."""
    return secrets.token_hex(4)


class MockService:
    """Runs mocks: controls, announcements once across processes, status refreshes."""

    def __init__(self, services: Services, chat: ChatPort) -> None:
        self.services = services
        self.chat = chat
        self.sessions = SessionStore(services.store)
        self.running = RunningMocks(services.store)
        self.queue = services.queue_for(chat.platform)

    def question(self, session: MockSession) -> Question:
        """The question of `session`, from the bank."""
        question = self.services.bank.get(session.question_id)
        if question is None:
            raise NotFound(f"The question '{session.question_id}' of this mock is no longer in the bank.")
        return question

    # -- finding and guarding ----------------------------------------------------------------

    async def load(self, scope: Workspace, session_id: str) -> MockSession:
        """The mock `session_id` of `scope`; `NotFound` when it is gone."""
        session = await self.sessions.load(scope, session_id)
        if session is None:
            raise NotFound(f"There is no mock '{session_id}' here.")
        return session

    @staticmethod
    def check_participant(session: MockSession, user: UserRef, is_admin: bool, verb: str) -> None:
        """Only the mock's people (or an admin) may `verb` it; `NotAllowed` otherwise."""
        if user.id not in session.participant_ids and not is_admin:
            raise NotAllowed(f"Only the participants can {verb} this mock.")

    # -- controls ----------------------------------------------------------------------------

    async def control(
        self,
        session: MockSession,
        change: Callable[[MockSession, datetime], MockSession],
        notice: Reply,
    ) -> MockSession:
        """Apply a control atomically, bump the version (stale deadlines drop), tell the thread.

        The control acts on where the mock stands by the clock, even if the timer has not said it
        yet: phase starts it overtakes are owed, and said before the notice."""
        now = self.services.clock.now()

        def apply(current: MockSession) -> MockSession:
            nonlocal now
            now = self.services.clock.now()  # read with the state: a retried update acts on its own moment
            if current.over:
                raise UserError("This mock is over. Start a new one with /mock start.")
            announced = set(current.announced)
            owed = set(current.owed) | owed_starts(current.durations, announced, current.clockwork.elapsed(now))
            changed = change(current, now)
            return changed.model_copy(update={"version": current.version + 1, "owed": sorted(owed - announced)})

        updated = await self.sessions.update(session.scope, session.id, apply)
        if updated is None:
            raise NotFound("This mock no longer exists.")
        await self.advance(updated.scope, updated.id, now, owed_only=True)
        await self.chat.post(updated.thread, notice)
        await self.advance(updated.scope, updated.id, now)
        return updated

    @staticmethod
    def pause(session: MockSession, now: datetime) -> MockSession:
        """`session` paused at `now` (unchanged if already paused or over)."""
        if session.paused_at is not None:
            raise UserError("This mock is already paused. Resume it with /mock resume.")
        return session.model_copy(update={"paused_at": now})

    @staticmethod
    def resume(session: MockSession, now: datetime) -> MockSession:
        """`session` running again from `now`, its pause not counted."""
        if session.paused_at is None:
            raise UserError("This mock is not paused.")
        paused_for = (now - session.paused_at).total_seconds()
        return session.model_copy(update={"paused_at": None, "paused_seconds": session.paused_seconds + paused_for})

    @staticmethod
    def extender(minutes: int) -> Callable[[MockSession, datetime], MockSession]:
        """A change that gives the current phase `minutes` more."""

        def change(session: MockSession, now: datetime) -> MockSession:
            index = session.phase_index(now)
            if index is None:
                raise UserError("This mock is over. Start a new one with /mock start.")
            return session.model_copy(update={"durations": extend(session.durations, index, minutes * 60)})

        return change

    @staticmethod
    def skip(session: MockSession, now: datetime) -> MockSession:
        """`session` moved on from the phase the clock is in at `now`."""
        index = session.phase_index(now)
        if index is None:
            raise UserError("This mock is over. Start a new one with /mock start.")
        elapsed = session.clockwork.elapsed(now)
        return session.model_copy(update={"durations": cut_short(session.durations, index, elapsed)})

    @staticmethod
    def finish(session: MockSession, now: datetime) -> MockSession:
        """`session` ended at `now`."""
        elapsed = session.clockwork.elapsed(now)
        resumed = MockService.resume(session, now) if session.paused_at is not None else session
        return resumed.model_copy(update={"durations": end_now(session.durations, elapsed)})

    # -- time-driven -------------------------------------------------------------------------

    async def on_deadline(self, deadline: Deadline[MockDue], now: datetime) -> None:
        """A claimed announcement or status refresh: stale versions are dropped, the rest said once."""
        due = deadline.payload
        scope = Workspace(self.chat.platform.value, due.workspace)
        session = await self.sessions.load(scope, due.session_id)
        if session is None or session.version != due.version:
            if due.event != "status":
                metrics.ANNOUNCEMENTS.labels("dropped").inc()
            return  # a control changed the timeline since: a fresher deadline exists
        if due.event == "status":
            await self.refresh_status(session, now)
            await self.schedule_status(session, now + STATUS_REFRESH)
        else:
            await self.advance(scope, session.id, now)

    async def advance(self, scope: Workspace, session_id: str, now: datetime, *, owed_only: bool = False) -> None:
        """Announce what is due (every unsaid phase start, then the latest event: no stale warnings),
        then schedule what comes next.

        `now` is read again once the state is loaded: a timer that fired before a control must not
        judge the control's result by an older moment (it would warn about a phase the control had
        already cut short). Each announcement is claimed once across processes; no process waits
        for another, so one that stalls or dies never holds the others up."""
        with log_context(platform=scope.platform, workspace=scope.workspace, session=session_id):
            await self._advance(scope, session_id, now, owed_only=owed_only)

    async def _advance(self, scope: Workspace, session_id: str, now: datetime, *, owed_only: bool) -> None:
        session = await self.sessions.load(scope, session_id)
        if session is None:
            return
        now = max(now, self.services.clock.now())
        if owed_only or session.paused_at is not None:  # a paused mock still says the phase it paused in
            if session.owed:
                session = await self._announce(session, now, owed_only=True)
            if not owed_only:  # before a control's notice the status waits for the control's own advance
                await self.refresh_status(session, now)
            return
        session = await self._announce(session, now, owed_only=False)
        await self.refresh_status(session, now)
        upcoming = next_event(session.durations, set(session.announced))
        if upcoming is not None and not session.over:
            due_at = session.clockwork.wall_time(upcoming.offset, now)
            await self.queue.schedule(MockDue.of(session, upcoming.key), due_at)
            await self.schedule_status(session, now + STATUS_REFRESH)

    async def _announce(self, session: MockSession, now: datetime, *, owed_only: bool) -> MockSession:
        """Say what is due, each event once across processes; record it; free the thread at the end."""
        elapsed = session.clockwork.elapsed(now)
        announced, owed = set(session.announced), set(session.owed)
        saying = to_say(session.durations, announced, owed, elapsed)
        if owed_only:
            saying = [event for event in saying if event.key in owed]
        if not saying:
            return session
        said_here = []
        for event in saying:
            if await self._claim_send(session, event.key):
                reply = announcement(session, self.question(session), event, elapsed - event.offset)
                if event.kind is EventKind.END:  # the summary, with its timeline drawn beside it
                    chart = timeline_chart(timeline_data(session))
                    reply = await self.services.charts.attach(reply, chart, owner=chart_owner(session))
                await self.chat.post(session.thread, reply)
                metrics.ANNOUNCEMENTS.labels("late" if elapsed - event.offset > 60 else "sent").inc()
                await self._mark_sent(session, event.key)
                said_here.append(event)
        keys = counted_as_said(session.durations, announced, elapsed, saying)
        end = next((event for event in saying if event.kind is EventKind.END), None)
        # The mock ended when its time ran out, not when a late timer noticed: its active time stays the sum of
        # its phases (ended by /mock end, the phases were cut at now, and this is now).
        ended_at = session.clockwork.wall_time(end.offset, now) if end is not None else None

        session = await self.record(session, keys, ended_at=ended_at)
        if end is not None:
            await self.running.release_thread(session.scope, session.thread_id, session.id)
        for event in said_here:  # follow-on effects once, by the process that made the announcement
            await self._after_announcement(session, event, now)
        return session

    async def record(self, session: MockSession, keys: set[str], ended_at: datetime | None = None) -> MockSession:
        """Note the events `keys` as said (atomically, whatever else changed meanwhile); the mock as saved."""
        change = partial(MockSession.with_said, keys=keys, ended_at=ended_at)
        return await self.sessions.update(session.scope, session.id, change) or session

    async def _after_announcement(self, session: MockSession, event: Event, now: datetime) -> None:
        """Progress for the candidate's plan when a mock ends; the bar raiser's turns when they come."""
        if event.kind is EventKind.END:
            await channel_counts.count(self.services.store, session.thread.channel, "mocks", now)
        if event.kind is EventKind.END and session.candidate is not None:
            candidate = UserRef(session.platform, session.workspace, session.candidate.id, session.candidate.name)
            await progress.record(self.services.store, candidate, "mocks", now)
            ran = [
                PHASES[i].value
                for i, (took, plan) in enumerate(zip(session.durations, session.planned, strict=True))
                if took >= plan / 2
            ]
            await progress.record_phases(self.services.store, candidate, ran)
            if session.barraiser or session.interruptions:
                await progress.record(self.services.store, candidate, "interrupted_mocks", now)
        for turn, due_at in turns_after(session, event.kind, event.phase_index, now):
            await self.queue.schedule(turn, due_at)

    async def schedule_status(self, session: MockSession, due_at: datetime) -> None:
        """Refresh the status message at `due_at`."""
        if session.over or session.paused_at is not None:
            return
        await self.queue.schedule(MockDue.of(session, "status"), due_at)

    async def refresh_status(self, session: MockSession, now: datetime) -> None:
        """Edit the status message to what it says at `now`."""
        if session.status_message_id is None:
            return
        message = MessageRef(session.thread, session.status_message_id)
        await self.chat.edit(message, status_card(session, self.question(session), now))

    def sent_key(self, session: MockSession, event_key: str) -> str:
        """The send guard of one announcement of `session`: claimed by the one process that sends it."""
        return self.services.store.key(session.scope, "mock-sent", session.id, event_key)

    async def _claim_send(self, session: MockSession, event_key: str) -> bool:
        """True if this process is the one to send the announcement (never twice)."""
        key = self.sent_key(session, event_key)
        return bool(await self.services.store.redis.set(key, "sending", nx=True, ex=SEND_LEASE_SECONDS))

    async def _mark_sent(self, session: MockSession, event_key: str) -> None:
        await self.services.store.redis.set(self.sent_key(session, event_key), "sent", ex=SENT_TTL_SECONDS)
