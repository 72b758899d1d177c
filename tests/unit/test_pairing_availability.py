from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.pairing.availability import describe, good_times, utc_hours
from handlers.time_words import parse_windows

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
LONDON, SYDNEY = ZoneInfo("Europe/London"), ZoneInfo("Australia/Sydney")
JANUARY = datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday morning round, in winter up north
JULY = datetime(2026, 7, 6, 9, tzinfo=UTC)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def week_of(day: str) -> datetime:
    """A round at 09:00 UTC on the Monday of the week that holds `day` (YYYY-MM-DD)."""
    date = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    return date - timedelta(days=date.weekday())


def test_weekday_evenings_are_local_hours_of_the_week() -> None:
    hours = parse_windows("weekday evenings")
    assert len(hours) == 5 * 4
    assert 18 in hours and 22 not in hours and (5 * 24 + 18) not in hours


def test_several_windows() -> None:
    hours = parse_windows("mon,wed 18-21; sun mornings")
    assert len(hours) == 2 * 3 + 5


def test_time_zones_are_applied_for_the_week_of_the_round() -> None:
    saturday = parse_windows("sat 10-14")
    assert utc_hours(saturday, BERLIN, JANUARY) == frozenset(range(5 * 24 + 9, 5 * 24 + 13))  # 10:00 CET is 09:00 UTC
    assert utc_hours(saturday, BERLIN, JULY) == frozenset(range(5 * 24 + 8, 5 * 24 + 12))  # 10:00 CEST is 08:00 UTC


def test_a_window_past_midnight_utc_wraps_into_the_day_before() -> None:
    tokyo = utc_hours(parse_windows("sun 08-10"), ZoneInfo("Asia/Tokyo"), JANUARY)
    assert tokyo == frozenset({5 * 24 + 23, 6 * 24})  # Saturday 23:00 and Sunday 00:00 UTC


@pytest.mark.parametrize(
    ("round_week", "meet"),
    [
        ("2026-01-07", True),  # both on standard time
        ("2026-03-04", True),  # the week before the US changes (Sunday 8 March)
        ("2026-03-11", False),  # New York on summer time, Berlin not yet (EU: Sunday 29 March)
        ("2026-03-18", False),
        ("2026-03-25", False),  # the round on Monday 23 March: Berlin's Monday is still on winter time
        ("2026-04-01", True),  # both on summer time
        ("2026-07-08", True),
        ("2026-10-28", False),  # Berlin back on winter time (25 October), New York not (1 November)
        ("2026-11-04", True),
    ],
)
def test_berlin_and_new_york_overlap_only_when_both_clocks_agree(round_week: str, meet: bool) -> None:
    week = week_of(round_week)
    berlin = utc_hours(parse_windows("mon 18-19"), BERLIN, week)
    new_york = utc_hours(parse_windows("mon 12-13"), NEW_YORK, week)
    assert bool(berlin & new_york) is meet


@pytest.mark.parametrize(
    ("round_week", "london_evening"),
    [
        ("2026-01-07", "mon 20-21"),  # Sydney summer (+11), London winter (+0)
        ("2026-03-31", "mon 21-22"),  # London on BST since 29 March, Sydney on summer time until 5 April
        ("2026-04-08", "mon 22-23"),  # Sydney winter (+10), London summer (+1)
        ("2026-07-08", "mon 22-23"),
        ("2026-10-07", "mon 21-22"),  # Sydney on summer time again since 4 October, London until 25 October
        ("2026-11-04", "mon 20-21"),
    ],
)
def test_sydney_mornings_fall_on_the_london_evening_of_that_week(round_week: str, london_evening: str) -> None:
    week = week_of(round_week)
    sydney = utc_hours(parse_windows("tue 07-08"), SYDNEY, week)
    evenings = {hour: utc_hours(parse_windows(f"mon {hour}-{hour + 1}"), LONDON, week) for hour in (20, 21, 22)}
    assert [f"mon {hour}-{hour + 1}" for hour, london in evenings.items() if london == sydney] == [london_evening]


def test_suggested_times_are_each_persons_own_clock_in_the_round_week() -> None:
    sydney, london = parse_windows("tue 07-09"), parse_windows("mon 20-23")
    for week, expected in (
        (JANUARY, "(Australia/Sydney): Tue 07:00-09:00.\nThe same times in Europe/London: Mon 20:00-22:00."),
        (JULY, "(Australia/Sydney): Tue 07:00-08:00.\nThe same times in Europe/London: Mon 22:00-23:00."),
    ):
        shared = utc_hours(sydney, SYDNEY, week) & utc_hours(london, LONDON, week)
        assert good_times(shared, ["Australia/Sydney", "Europe/London"], week) == f"Good times for you both {expected}"


def test_no_shared_hours_asks_the_pair_to_agree_on_a_time() -> None:
    assert good_times(frozenset(), ["UTC", "UTC"], JANUARY) == "Good times for you both: agree on a time here."


def test_a_window_across_monday_midnight_utc_is_shown_whole() -> None:
    late_sunday = utc_hours(parse_windows("sun 23-24; mon 00-02"), ZoneInfo("UTC"), JANUARY)
    assert describe(late_sunday, ZoneInfo("UTC"), JANUARY) == ["Sun 23:00-02:00"]


def test_describe_shows_shared_windows_in_local_time() -> None:
    hours = utc_hours(parse_windows("tue 19-21"), ZoneInfo("UTC"), JANUARY)
    assert describe(hours, BERLIN, JANUARY) == ["Tue 20:00-22:00"]
    assert describe(hours, BERLIN, JULY) == ["Tue 21:00-23:00"]


ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "UTC")


@given(
    zone=st.sampled_from(ZONES),
    day=st.integers(0, 6),
    hour=st.integers(5, 22),  # clocks change between 01:00 and 03:00 local in these zones: away from those hours
    week=st.datetimes(datetime(2024, 1, 1), datetime(2031, 12, 31), timezones=st.just(UTC)),
)
def test_an_hour_someone_gave_is_shown_back_to_them_as_they_wrote_it_in_any_week(
    zone: str, day: int, hour: int, week: datetime
) -> None:
    local = frozenset({day * 24 + hour})
    [shown] = describe(utc_hours(local, ZoneInfo(zone), week), ZoneInfo(zone), week)
    assert shown == f"{DAYS[day]} {hour:02}:00-{hour + 1:02}:00"


@given(
    day=st.integers(0, 6),
    hour=st.integers(5, 22),
    week=st.datetimes(datetime(2024, 1, 1), datetime(2031, 12, 31), timezones=st.just(UTC)),
)
def test_the_same_wall_clock_hour_in_berlin_and_paris_always_overlaps(day: int, hour: int, week: datetime) -> None:
    local = frozenset({day * 24 + hour})
    assert utc_hours(local, BERLIN, week) == utc_hours(local, ZoneInfo("Europe/Paris"), week)
