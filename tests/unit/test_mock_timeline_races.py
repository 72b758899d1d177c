"""Phase math when a control overtakes the timer (pure): owed phase starts and what to say."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.chat import Platform
from handlers.mock.render import summary
from handlers.mock.session import MockSession, Participant
from handlers.mock.timeline import (
    EventKind,
    current_phase,
    cut_short,
    due_events,
    events,
    extend,
    owed_starts,
    phase_bounds,
    to_say,
)
from question_bank import QuestionBank

PLAN = [7 * 60.0, 5 * 60.0, 13 * 60.0, 13 * 60.0, 7 * 60.0]


def test_a_phase_start_due_but_unsaid_when_next_is_pressed_is_owed() -> None:
    said = {"start:0", "warn:0"}
    assert owed_starts(PLAN, said, elapsed=7 * 60 + 30) == {"start:1"}
    assert owed_starts(PLAN, said, elapsed=7 * 60 - 1) == set()


def test_owed_starts_are_said_with_the_latest_event_in_order() -> None:
    cut = cut_short(PLAN, 1, elapsed=7 * 60 + 30)  # Next, 30 s into phase 2
    keys = [event.key for event in to_say(cut, {"start:0", "warn:0"}, {"start:1"}, elapsed=7 * 60 + 30)]
    assert keys == ["start:1", "start:2"]


def test_after_downtime_every_phase_start_is_said_once_and_stale_warnings_are_not() -> None:
    keys = [event.key for event in to_say(PLAN, {"start:0"}, set(), elapsed=20 * 60)]
    assert keys == ["start:1", "start:2"]  # warn:0 and warn:1 were overtaken: no point saying them now


def test_next_at_a_boundary_reached_by_float_sums_moves_on() -> None:
    elapsed = 79.294524  # cut here, phase 2 ends at 29.219132 + (79.294524 - 29.219132), a hair after
    cut = cut_short([29.219132, 600.0, 60.0], 1, elapsed)
    assert current_phase(cut, elapsed) == 2
    assert "start:2" in {event.key for event in due_events(cut, set(), elapsed)}


moments = st.floats(min_value=0, max_value=45 * 60 - 1, allow_nan=False)


@given(elapsed=moments)
def test_next_ends_the_phase_the_clock_is_in_exactly_now(elapsed: float) -> None:
    index = current_phase(PLAN, elapsed)
    assert index is not None
    cut = cut_short(PLAN, index, elapsed)
    assert phase_bounds(cut)[index][1] == elapsed or abs(phase_bounds(cut)[index][1] - elapsed) < 1e-6
    assert current_phase(cut, elapsed) == (index + 1 if index + 1 < len(PLAN) else None)
    assert cut[:index] == PLAN[:index] and cut[index + 1 :] == PLAN[index + 1 :]


@given(elapsed=moments, seconds=st.integers(60, 1800))
def test_extend_moves_only_what_comes_after_the_current_phase(elapsed: float, seconds: int) -> None:
    index = current_phase(PLAN, elapsed)
    assert index is not None
    longer = extend(PLAN, index, seconds)
    assert current_phase(longer, elapsed) == index
    assert phase_bounds(longer)[: index + 1][-1][0] == phase_bounds(PLAN)[index][0]
    assert sum(longer) == sum(PLAN) + seconds


@given(
    elapsed=moments,
    said=st.sets(st.sampled_from([event.key for event in events(PLAN)])),
    owed=st.sets(st.sampled_from([f"start:{index}" for index in range(5)])),
)
def test_what_to_say_is_due_unsaid_in_order_and_ends_with_the_latest(
    elapsed: float, said: set[str], owed: set[str]
) -> None:
    saying = to_say(PLAN, said, owed, elapsed)
    due = due_events(PLAN, said, elapsed)
    assert [event.key for event in saying] == [event.key for event in due if event in saying]
    assert all(event.key not in said and event.offset <= elapsed for event in saying)
    assert (saying[-1] if saying else None) == (due[-1] if due else None)
    assert all(event.kind is EventKind.START for event in saying[:-1])


def test_the_summary_lines_add_up_to_the_time_taken_in_whole_seconds(bank: QuestionBank) -> None:
    question = bank.get("url-shortener")
    assert question is not None
    durations = [420.0, 0.5, 0.5, 0.5, 0.5]  # four phases skipped half a second each: 422 s in all
    session = MockSession(
        id="s1", platform=Platform.CONSOLE, workspace="w1", channel_id="c1", thread_id="t1", thread_name="t",
        question_id=question.id, starter=Participant(id="u1"), planned=PLAN, durations=durations,
        started_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    lines = summary(session, question).text.splitlines()[1:]
    seconds = [int(m) * 60 + int(s) for m, s in (re.search(r": (\d+):(\d\d) of", line).groups() for line in lines)]  # type: ignore[union-attr]
    assert sum(seconds) == round(sum(durations)) == 422


def test_a_timer_late_enough_to_find_a_phase_and_its_warning_due_says_both() -> None:
    keys = [event.key for event in to_say(PLAN, {"start:0", "warn:0"}, set(), elapsed=7 * 60 + 4.5 * 60)]
    assert keys == ["start:1", "warn:1"]
