from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from handlers.daily.schedule import next_drop
from handlers.time_words import WEEKDAYS

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_berlin_keeps_nine_local_across_the_spring_change() -> None:
    # Europe/Berlin moves to summer time on Sunday 29 March 2026.
    before = next_drop(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), time(9, 0), BERLIN, WEEKDAYS)
    after = next_drop(before, time(9, 0), BERLIN, WEEKDAYS)
    assert before.astimezone(UTC) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert after.astimezone(UTC) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    saturday = next_drop(datetime(2026, 3, 27, 12, 0, tzinfo=UTC), time(9, 0), BERLIN, WEEKDAYS)
    assert saturday.astimezone(UTC) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)  # 09:00 CET


def test_new_york_keeps_nine_local_across_the_autumn_change() -> None:
    # America/New_York leaves daylight time on Sunday 1 November 2026.
    saturday = next_drop(datetime(2026, 10, 30, 20, 0, tzinfo=UTC), time(9, 0), NEW_YORK, WEEKDAYS)
    sunday = next_drop(saturday, time(9, 0), NEW_YORK, WEEKDAYS)
    assert saturday.astimezone(UTC) == datetime(2026, 10, 31, 13, 0, tzinfo=UTC)  # 09:00 EDT
    assert sunday.astimezone(UTC) == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # 09:00 EST


def test_weekday_schedules_skip_the_weekend() -> None:
    friday = datetime(2026, 3, 6, 9, 30, tzinfo=UTC)
    assert next_drop(friday, time(9, 0), ZoneInfo("UTC"), WEEKDAYS[:5]).date().isoformat() == "2026-03-09"


def test_the_next_drop_is_strictly_after() -> None:
    at_nine = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert next_drop(at_nine, time(9, 0), ZoneInfo("UTC"), WEEKDAYS) == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
