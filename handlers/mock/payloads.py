"""What a mock puts on the deadline queue: its announcements, and the bar raiser's turns."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from bot.deadlines import DeadlinePayload
from handlers.mock.session import MockSession


class MockDue(DeadlinePayload):
    """A mock's next announcement (`event` is its key) or its status refresh (`event` is "status")."""

    KIND: ClassVar[str] = "mock"
    workspace: str = Field(alias="ws")
    session_id: str = Field(alias="sid")
    version: int = Field(alias="v")  # the session's version when scheduled: a control since makes it stale
    event: str = Field(alias="e")

    @classmethod
    def of(cls, session: MockSession, event: str) -> MockDue:
        """The deadline of `event` for `session` at its current version."""
        return cls(workspace=session.workspace, session_id=session.id, version=session.version, event=event)


class BarRaiserTurn(DeadlinePayload):
    """`barraiser:on` or `interruptions:on`: the bar raiser speaks (handled by the bar raiser feature)."""

    KIND: ClassVar[str] = "barraiser"
    workspace: str = Field(alias="ws")
    session_id: str = Field(alias="sid")
    what: Literal["lp", "scorecard", "deep-dive", "trade-offs"]


class InterviewerTurn(DeadlinePayload):
    """`interviewer:bot`: the AI interviewer speaks (handled by the interviewer feature).

    `phase` at a phase's start (its index), `reply` when a burst of the candidate's lines is due an
    answer, `silence` to check for a quiet high-level design, `end` for the scorecard and key moments.
    """

    KIND: ClassVar[str] = "interviewer"
    workspace: str = Field(alias="ws")
    session_id: str = Field(alias="sid")
    what: Literal["phase", "reply", "silence", "end"]
    phase: int = Field(default=0, alias="p")
