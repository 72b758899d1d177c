from datetime import UTC, datetime, timedelta

from handlers.mock.timeline import (
    Clockwork,
    EventKind,
    current_phase,
    cut_short,
    due_events,
    end_now,
    events,
    extend,
    next_event,
    progress_bar,
    to_announce,
)

PLAN = [7 * 60.0, 5 * 60.0, 13 * 60.0, 13 * 60.0, 7 * 60.0]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_events_are_starts_warnings_and_the_end_in_order() -> None:
    timeline = events(PLAN)
    phases = [key for index in range(5) for key in (f"start:{index}", f"warn:{index}")]
    assert [event.key for event in timeline] == [*phases, "end:5"]
    assert [event.offset for event in timeline][:4] == [0, 360, 420, 660]
    assert timeline[-1].offset == 45 * 60


def test_a_phase_too_short_for_a_warning_gets_none() -> None:
    assert [event.key for event in events([90.0, 300.0])] == ["start:0", "start:1", "warn:1", "end:2"]


def test_current_phase_and_the_end() -> None:
    assert current_phase(PLAN, 0) == 0
    assert current_phase(PLAN, 419) == 0
    assert current_phase(PLAN, 420) == 1
    assert current_phase(PLAN, 45 * 60) is None


def test_after_downtime_only_the_latest_due_event_is_announced() -> None:
    due = due_events(PLAN, {"start:0"}, elapsed=20 * 60)
    assert [event.key for event in due] == ["warn:0", "start:1", "warn:1", "start:2"]
    latest = to_announce(due)
    assert latest is not None and latest.key == "start:2"


def test_next_event_skips_what_was_announced() -> None:
    upcoming = next_event(PLAN, {"start:0", "warn:0"})
    assert upcoming is not None and (upcoming.kind, upcoming.phase_index) == (EventKind.START, 1)


def test_paused_time_does_not_count() -> None:
    clockwork = Clockwork(T0, paused_at=T0 + timedelta(minutes=10), paused_seconds=120)
    assert clockwork.elapsed(T0 + timedelta(hours=1)) == 8 * 60
    running = Clockwork(T0, None, 120)
    assert running.elapsed(T0 + timedelta(minutes=10)) == 8 * 60
    assert running.wall_time(9 * 60, T0 + timedelta(minutes=10)) == T0 + timedelta(minutes=11)


def test_extend_cut_short_and_end_now() -> None:
    assert extend(PLAN, 2, 300)[2] == 18 * 60
    assert cut_short(PLAN, 1, elapsed=9 * 60)[1] == 2 * 60
    ended = end_now(PLAN, elapsed=15 * 60)
    assert ended == [420.0, 300.0, 180.0, 0.0, 0.0]
    assert sum(ended) == 15 * 60


def test_progress_bar() -> None:
    assert progress_bar(0.5, width=10) == "▓▓▓▓▓░░░░░"
    assert progress_bar(2.0, width=4) == "▓▓▓▓"
