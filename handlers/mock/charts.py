"""What the mock charts are drawn from (pure): a session's timeline, and a person's recent mocks."""

from __future__ import annotations

from bot.charts.history import MockHistory, PastMock
from bot.charts.mock import Mark, MockTimeline
from bot.chat import UserRef
from handlers.mock.plan import PHASES
from handlers.mock.render import SCORED
from handlers.mock.session import MockSession
from handlers.mock.timeline import phase_bounds
from handlers.mock.turns import INTERJECTIONS, INTERRUPTION


def _minutes(seconds: list[float]) -> tuple[float, ...]:
    return tuple(round(value / 60, 2) for value in seconds)


def marks(session: MockSession) -> tuple[Mark, ...]:
    """When the bar raiser's probes and the LP interruption were due, for the phases that ran that long.

    The bot schedules them at fixed times into their phase (handlers/mock/turns.py); it keeps no time of
    when a person paused, so pauses are a total, not marks."""
    bounds = phase_bounds(session.durations)
    due: list[tuple[int, float, str]] = []
    if session.barraiser:
        due += [(phase, after.total_seconds(), "probe") for phase, (_, after) in INTERJECTIONS.items()]
    if session.interruptions:
        due.append((INTERRUPTION[0], INTERRUPTION[1].total_seconds(), "LP interruption"))
    found = [
        Mark(round((bounds[phase][0] + after) / 60, 2), label)
        for phase, after, label in due
        if bounds[phase][0] + after < bounds[phase][1]
    ]
    return tuple(sorted(found, key=lambda mark: mark.minute))


def timeline_data(session: MockSession) -> MockTimeline:
    """A finished mock's minutes per phase, planned and actual, with its marks and time paused."""
    return MockTimeline(
        phases=tuple(phase.label for phase in PHASES),
        planned=_minutes(session.planned),
        actual=_minutes(session.durations),
        marks=marks(session),
        paused_minutes=round(session.paused_seconds / 60, 1),
    )


def history_data(sessions: list[MockSession]) -> MockHistory | None:
    """The finished mocks among `sessions` (newest first, as stored), oldest first; None when there are none."""
    over = [session for session in reversed(sessions) if session.over]
    if not over:
        return None
    mocks = tuple(
        PastMock(
            label=f"{session.started_at:%m-%d}",
            scores=tuple(session.feedback.scores) if session.feedback is not None else None,
            planned=_minutes(session.planned),
            actual=_minutes(session.durations),
        )
        for session in over
    )
    return MockHistory(tuple(phase.label for phase in PHASES), tuple(SCORED), mocks)


def chart_owner(session: MockSession) -> UserRef:
    """Whose data a mock's charts show: its candidate's, else whoever started it (for /forget-me)."""
    person = session.candidate or session.starter
    return UserRef(session.platform, session.workspace, person.id, person.name)
