"""The AI interviewer's memory of one mock, stored in Redis next to the session.

What the candidate said that is not answered yet (a burst), what the interviewer already asked, and
where the interview stands. Every change is atomic across processes, so a burst is taken, and
answered, by exactly one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from pydantic import Field

from bot.store import Store, Workspace
from bot.stored import StoredModel, update_stored
from handlers.mock.session import SESSION_TTL

ANSWERED_KEPT = 200  # ids of answered messages remembered (a redelivered message is not answered twice)
T = TypeVar("T")


class Heard(StoredModel):
    """A candidate message the interviewer has not answered yet."""

    id: str
    text: str
    at: datetime


class InterviewState(StoredModel):
    """Where the bot's interview of one mock stands."""

    session_id: str
    pending: list[Heard] = Field(default_factory=list)
    answered: list[str] = Field(default_factory=list)  # message ids already part of an answered burst
    last_heard_at: datetime | None = None
    clarified: list[int] = Field(default_factory=list)  # clarifications given (bank indexes)
    said: list[str] = Field(default_factory=list)  # topics the interviewer already raised (never twice)
    deep_dives: list[str] = Field(default_factory=list)  # areas chosen for the deep dive, in order
    follow_ups: list[str] = Field(default_factory=list)  # what is still to ask on the current topic
    trade_off_asks: list[str] = Field(default_factory=list)  # trade-off questions still to ask
    nudges: int = 0  # silence nudges in high-level design
    llm_calls: int = 0
    engine: str = ""  # which engine answered last ("AI" or "offline")


class InterviewStore:
    """Interview states in Redis: created once, changed atomically."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _key(self, scope: Workspace, session_id: str) -> str:
        return self.store.key(scope, "interview", session_id)

    async def create(self, scope: Workspace, session_id: str) -> None:
        """A fresh state for the mock, unless one exists (a second process starting it changes nothing)."""
        state = InterviewState(session_id=session_id)
        ttl = int(SESSION_TTL.total_seconds())
        await self.store.redis.set(self._key(scope, session_id), state.model_dump_json(), nx=True, ex=ttl)

    async def load(self, scope: Workspace, session_id: str) -> InterviewState | None:
        """The state of the mock's interview, or None when the bot does not interview it."""
        raw = await self.store.redis.get(self._key(scope, session_id))
        return InterviewState.model_validate_json(raw) if raw else None

    async def update(
        self, scope: Workspace, session_id: str, change: Callable[[InterviewState], tuple[InterviewState, T]]
    ) -> T | None:
        """Apply `change` atomically (retried when another process changed it meanwhile); its result,
        or None when the mock has no interview."""
        return await update_stored(self.store.redis, self._key(scope, session_id), InterviewState, change)


def heard(state: InterviewState, message: Heard) -> tuple[InterviewState, bool]:
    """Add a candidate message to the pending burst; False when it was already heard or answered."""
    if message.id in state.answered or any(item.id == message.id for item in state.pending):
        return state, False
    update = {"pending": [*state.pending, message], "last_heard_at": message.at}
    return state.model_copy(update=update), True


def take_burst(state: InterviewState, ready: Callable[[list[Heard]], bool]) -> tuple[InterviewState, list[Heard]]:
    """Take the pending burst when `ready` says it is time to answer it; [] otherwise."""
    if not state.pending or not ready(state.pending):
        return state, []
    answered = [*state.answered, *(item.id for item in state.pending)][-ANSWERED_KEPT:]
    return state.model_copy(update={"pending": [], "answered": answered}), list(state.pending)
