"""A mock session as stored in Redis, and its storage (updates are atomic across processes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import Field

from bot.chat import ChannelRef, Platform, ThreadRef, UserRef
from bot.store import Store, Workspace
from bot.stored import StoredModel, update_stored
from handlers.mock.timeline import Clockwork, current_phase
from question_bank import Level

SESSION_TTL = timedelta(days=90)
HISTORY_LENGTH = 50


class Participant(StoredModel):
    """Someone taking part in a mock, as stored with it: id and name (a `UserRef` without its scope)."""

    id: str
    name: str = ""

    @classmethod
    def of(cls, user: UserRef) -> Participant:
        """The stored form of `user`."""
        return cls(id=user.id, name=user.name)

    @property
    def mention(self) -> str:
        """A mention token for this person."""
        return f"<@{self.id}>"


class Feedback(StoredModel):
    """The interviewer's scores (1-4) for the five phases and the LP signals, with comments."""

    by: Participant
    scores: list[int]
    went_well: str = ""
    practise_next: str = ""


class MockSession(StoredModel):
    """One mock: its people, question, plan, clock, what was said and its feedback."""

    id: str
    platform: Platform
    workspace: str
    channel_id: str
    channel_name: str = ""
    thread_id: str
    thread_name: str
    thread_private: bool = False
    status_message_id: str | None = None
    question_id: str
    level: Level | None = None
    candidate: Participant | None = None
    interviewer: Participant | None = None
    starter: Participant
    planned: list[float]
    durations: list[float]
    started_at: datetime
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    ended_at: datetime | None = None
    version: int = 0
    announced: list[str] = Field(default_factory=list)
    owed: list[str] = Field(default_factory=list)  # phase starts a control overtook: said even if superseded
    phase_started: dict[int, float] = Field(default_factory=dict)  # phase -> active offset it began
    barraiser: bool = False
    ai_interviewer: bool = False  # interviewer:bot: the bot conducts the interview (handlers/interviewer)
    interruptions: bool = False  # a Leadership Principle question during high-level design
    feedback: Feedback | None = None

    @property
    def scope(self) -> Workspace:
        """The workspace the mock belongs to."""
        return Workspace(self.platform.value, self.workspace)

    @property
    def thread(self) -> ThreadRef:
        """The thread (or group DM) the mock runs in."""
        channel = ChannelRef(self.platform, self.workspace, self.channel_id, self.channel_name)
        return ThreadRef(channel, self.thread_id, self.thread_name, self.thread_private)

    @property
    def clockwork(self) -> Clockwork:
        """The mock's clock: start, pause and paused time."""
        return Clockwork(self.started_at, self.paused_at, self.paused_seconds)

    @property
    def participant_ids(self) -> set[str]:
        """Who takes part: candidate, interviewer and whoever started it."""
        people = (self.candidate, self.interviewer, self.starter)
        return {person.id for person in people if person is not None}

    @property
    def over(self) -> bool:
        """Whether the mock has ended."""
        return self.ended_at is not None

    def phase_index(self, now: datetime) -> int | None:
        """The phase the clock is in at `now` (None once the plan has run out)."""
        return current_phase(self.durations, self.clockwork.elapsed(now))

    def with_said(self, keys: set[str], ended_at: datetime | None = None) -> MockSession:
        """This mock with the events `keys` announced (owed no more); ended at `ended_at` if given and not yet."""
        done = set(self.announced) | keys
        update: dict[str, object] = {"announced": sorted(done), "owed": sorted(set(self.owed) - done)}
        if ended_at is not None and self.ended_at is None:
            update["ended_at"] = ended_at
        return self.model_copy(update=update)


class SessionStore:
    """Mocks in Redis: by id, by thread, each person's running mock and history."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def key(self, scope: Workspace, session_id: str) -> str:
        """The Redis key of a mock."""
        return self.store.key(scope, "mock", session_id)

    def _thread_key(self, scope: Workspace, thread_id: str) -> str:
        return self.store.key(scope, "mock-thread", thread_id)

    def _history_key(self, scope: Workspace, user_id: str) -> str:
        return self.store.key(scope, "user", user_id, "mocks")

    def _active_key(self, scope: Workspace, user_id: str) -> str:
        return self.store.key(scope, "user", user_id, "active-mock")

    async def create(self, session: MockSession) -> None:
        """Save a new mock and index it by thread, people and history."""
        ttl = int(SESSION_TTL.total_seconds())
        pipe = self.store.redis.pipeline(transaction=True)
        pipe.set(self.key(session.scope, session.id), session.model_dump_json(), ex=ttl)
        pipe.set(self._thread_key(session.scope, session.thread_id), session.id, ex=ttl)
        for person_id in session.participant_ids:
            pipe.lpush(self._history_key(session.scope, person_id), session.id)
            pipe.ltrim(self._history_key(session.scope, person_id), 0, HISTORY_LENGTH - 1)
            pipe.expire(self._history_key(session.scope, person_id), ttl)  # lists only mocks this young
            pipe.set(self._active_key(session.scope, person_id), session.id, ex=ttl)
        await pipe.execute()

    async def load(self, scope: Workspace, session_id: str) -> MockSession | None:
        """The mock `session_id`, if it still exists."""
        raw = await self.store.redis.get(self.key(scope, session_id))
        return MockSession.model_validate_json(raw) if raw else None

    async def load_raw(self, ids: list[tuple[Workspace, str]]) -> list[str | None]:
        """The stored JSON of these mocks in one round trip (None for each that is gone)."""
        raw = await self.store.redis.mget([self.key(scope, session_id) for scope, session_id in ids])
        return [None if value is None else str(value) for value in raw]

    async def for_thread(self, scope: Workspace, thread_id: str) -> MockSession | None:
        """The mock running in `thread_id`, if any."""
        session_id = await self.store.redis.get(self._thread_key(scope, thread_id))
        return await self.load(scope, str(session_id)) if session_id else None

    async def active_for(self, scope: Workspace, user_id: str) -> MockSession | None:
        """The mock `user_id` is in that is not over, if any."""
        session_id = await self.store.redis.get(self._active_key(scope, user_id))
        session = await self.load(scope, str(session_id)) if session_id else None
        return session if session is not None and not session.over else None

    async def history(self, scope: Workspace, user_id: str, limit: int = 10) -> list[MockSession]:
        """The last mocks of `user_id`, newest first."""
        ids = await self.store.redis.lrange(self._history_key(scope, user_id), 0, limit - 1)
        sessions = [await self.load(scope, str(session_id)) for session_id in ids]
        return [session for session in sessions if session is not None]

    async def update(
        self, scope: Workspace, session_id: str, change: Callable[[MockSession], MockSession]
    ) -> MockSession | None:
        """Apply `change` atomically (retried if another process changed the session meanwhile).
        `change` may raise a UserError to refuse; nothing is written then."""

        def changed(session: MockSession) -> tuple[MockSession, MockSession]:
            updated = change(session)
            return updated, updated  # the new session is also what the caller gets

        return await update_stored(self.store.redis, self.key(scope, session_id), MockSession, changed)
