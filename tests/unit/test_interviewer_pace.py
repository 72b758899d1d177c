"""When the interviewer answers, and how a burst is taken once (pure state changes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from handlers.interviewer.openings import missed_requirements
from handlers.interviewer.pace import PAUSE, answer_at, ready
from handlers.interviewer.state import Heard, InterviewState, heard, take_burst

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def line(number: int, text: str, seconds: float) -> Heard:
    return Heard(id=f"m{number}", text=text, at=T0 + timedelta(seconds=seconds))


def test_a_direct_question_is_due_at_once_and_anything_else_after_a_pause() -> None:
    assert answer_at([line(1, "How many users?", 0)]) == T0
    assert answer_at([line(1, "How many users", 0)]) == T0 + PAUSE
    assert answer_at([line(1, "How many users?", 0), line(2, "and more", 5)]) == T0 + timedelta(seconds=5) + PAUSE
    assert answer_at([]) is None


def test_the_same_message_is_heard_once_even_after_it_was_answered() -> None:
    state = InterviewState(session_id="s")
    state, new = heard(state, line(1, "Do links expire?", 0))
    assert new
    state, again = heard(state, line(1, "Do links expire?", 0))
    assert not again
    state, burst = take_burst(state, lambda pending: ready(pending, T0))
    assert [item.id for item in burst] == ["m1"]
    state, redelivered = heard(state, line(1, "Do links expire?", 0))
    assert not redelivered and state.pending == []


@given(st.lists(st.tuples(st.booleans(), st.floats(min_value=0, max_value=30)), min_size=1, max_size=8))
def test_a_burst_is_taken_whole_and_only_when_due(shape: list[tuple[bool, float]]) -> None:
    state, at = InterviewState(session_id="s"), 0.0
    for number, (question, gap) in enumerate(shape):
        at += gap
        state, _ = heard(state, line(number, "why?" if question else "because", at))
    due = answer_at(state.pending)
    assert due is not None
    early, nothing = take_burst(state, lambda pending: ready(pending, due - timedelta(seconds=1)))
    assert nothing == [] and early.pending == state.pending
    after, burst = take_burst(state, lambda pending: ready(pending, due))
    assert len(burst) == len(shape) and after.pending == []
    _, second = take_burst(after, lambda pending: ready(pending, due))
    assert second == []


def test_requirements_that_never_asked_for_scale_or_targets_are_named() -> None:
    assert missed_requirements(["Do links expire?"]) == [
        "how big this is (users, requests, data)",
        "what latency and availability it needs",
    ]
    assert missed_requirements(["How many links a month?", "What p99 do redirects need?"]) == []
    assert missed_requirements(["We'll have many users."]) == missed_requirements([])  # a statement asks nothing
