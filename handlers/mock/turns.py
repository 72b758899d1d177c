"""Who speaks after a mock's announcement (pure): the bar raiser's turns and the AI interviewer's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from bot.deadlines import DeadlinePayload
from handlers.mock.payloads import BarRaiserTurn, InterviewerTurn
from handlers.mock.session import MockSession
from handlers.mock.timeline import EventKind

# barraiser:on: when the bar raiser speaks, after the start of these phases (and a scorecard at the end)
INTERJECTIONS: dict[int, tuple[Literal["deep-dive", "trade-offs"], timedelta]] = {
    3: ("deep-dive", timedelta(minutes=2)),
    4: ("trade-offs", timedelta(minutes=1)),
}
INTERRUPTION = (2, timedelta(minutes=4))  # interruptions:on: an LP question four minutes into high-level design


def turns_after(
    session: MockSession, kind: EventKind, phase_index: int, now: datetime
) -> list[tuple[DeadlinePayload, datetime]]:
    """The turns an announcement sets off, each with when it is due."""
    turns: list[tuple[DeadlinePayload, datetime]] = []
    ws, sid = session.workspace, session.id
    if session.ai_interviewer:  # the interviewer speaks at each phase start and ends with the scorecard
        if kind is EventKind.START:
            turns.append((InterviewerTurn(workspace=ws, session_id=sid, what="phase", phase=phase_index), now))
        elif kind is EventKind.END:
            turns.append((InterviewerTurn(workspace=ws, session_id=sid, what="end"), now))
    if session.barraiser:
        if kind is EventKind.END and not session.ai_interviewer:  # the interviewer's end has the scorecard
            turns.append((BarRaiserTurn(workspace=ws, session_id=sid, what="scorecard"), now))
        elif kind is EventKind.START and phase_index in INTERJECTIONS:
            what, after = INTERJECTIONS[phase_index]
            turns.append((BarRaiserTurn(workspace=ws, session_id=sid, what=what), now + after))
    if session.interruptions and kind is EventKind.START and phase_index == INTERRUPTION[0]:
        turns.append((BarRaiserTurn(workspace=ws, session_id=sid, what="lp"), now + INTERRUPTION[1]))
    return turns
