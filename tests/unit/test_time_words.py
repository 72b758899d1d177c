"""Days, times and zones as people type them: one reading, one set of refusals, for every feature."""

import contextlib
from collections.abc import Callable
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BadOption
from bot.user_text import defuse_mentions
from handlers.time_words import (
    DAY_NAMES,
    PARTS_OF_DAY,
    WEEKDAYS,
    days_spec,
    days_text,
    parse_day_and_time,
    parse_days,
    parse_time,
    parse_windows,
    parse_zone,
    time_text,
    windows_text,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("text", "expected"), [("09:00", time(9, 0)), ("7:05", time(7, 5)), ("23:59", time(23, 59))])
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "nine", "", "09:00pm"])
def test_bad_times_are_explained(text: str) -> None:
    with pytest.raises(BadOption, match="24-hour time like 09:00"):
        parse_time(text)


@pytest.mark.parametrize("text", ["Mars/Olympus", "berlin", "", "../../etc/passwd"])
def test_unknown_zones_are_explained(text: str) -> None:
    with pytest.raises(BadOption, match="time zone like Europe/Berlin"):
        parse_zone(text)


def test_known_zones() -> None:
    assert parse_zone("Europe/Berlin") == BERLIN
    assert parse_zone("utc") == ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("daily", WEEKDAYS),
        ("mon-fri", WEEKDAYS[:5]),
        ("mon,wed,fri", ("mon", "wed", "fri")),
        ("MON-WED, fri", ("mon", "tue", "wed", "fri")),
        ("weekends", ("sat", "sun")),
    ],
)
def test_parse_days(text: str, days: tuple[str, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["someday", "fri-mon", "mon,xyz", ""])
def test_bad_days_are_explained(text: str) -> None:
    with pytest.raises(BadOption, match="days"):
        parse_days(text)


@pytest.mark.parametrize("text", ["", "sometimes", "mon 22-18", "funday 10-12", "mon 10-30"])
def test_unreadable_availability_is_explained(text: str) -> None:
    with pytest.raises(BadOption, match="weekly windows like 'weekday evenings'"):
        parse_windows(text)


@given(st.text(max_size=60))
def test_any_text_parses_or_is_explained(text: str) -> None:
    with contextlib.suppress(BadOption):
        assert parse_windows(text)


# One reading of day names everywhere: what one feature takes, the others take too.


def test_full_day_names_and_zones_in_any_case_are_read_by_every_feature() -> None:
    assert parse_days("Monday-Friday") == WEEKDAYS[:5]
    assert parse_windows("Monday-Friday evenings") == parse_windows("weekday evenings")
    assert parse_windows("mon, wed 18-21") == parse_windows("mon,wed 18-21")
    assert parse_day_and_time("Sunday 9:30") == ("sun", time(9, 30))
    assert parse_day_and_time("thurs") == ("thu", time(18, 0))
    assert parse_zone("europe/berlin") == BERLIN


@pytest.mark.parametrize("text", ["sunny 18:00", "someday", "sun 25:00", "sun 6pm", "", "18:00 sun"])
def test_a_check_in_is_a_real_day_and_a_real_time(text: str) -> None:
    with pytest.raises(BadOption, match=r"^checkin must be a day and a time, like 'sun 18:00' \(got '"):
        parse_day_and_time(text)


def test_every_refusal_quotes_the_input_inert_and_short() -> None:
    for refuse in (
        lambda: parse_windows("@everyone 10-12"),
        lambda: parse_days("<!channel>-mon"),
        lambda: parse_days("sun-@here"),
        lambda: parse_time("<@U123> " + "x" * 100),
        lambda: parse_zone("@everyone"),
    ):
        with pytest.raises(BadOption) as refused:
            refuse()
        message = refused.value.message
        assert "@everyone" not in message and "<!channel>" not in message and "<@U123>" not in message
        assert defuse_mentions(message) == message and len(message) < 200


@pytest.mark.parametrize("text", ["monxyz 10-12", "sunny mornings", "mon- 10-12"])
def test_a_window_needs_real_day_names(text: str) -> None:
    with pytest.raises(BadOption, match="weekly windows like 'weekday evenings'"):
        parse_windows(text)


def test_a_backwards_range_says_so() -> None:
    with pytest.raises(BadOption, match=r"^days: 'fri-mon' runs backwards; write it like mon-fri\.$"):
        parse_days("fri-mon")


def test_days_are_shown_in_words() -> None:
    assert days_text(WEEKDAYS) == "every day"
    assert days_text(WEEKDAYS[:5]) == "Monday to Friday"
    assert days_text(("mon", "wed")) == "Mon, Wed"


# Round trips: what the bot writes, it reads back.

ZONES = sorted(available_timezones())
week_days = st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(lambda days: tuple(d for d in WEEKDAYS if d in days))
clock_times = st.times().map(lambda at: at.replace(second=0, microsecond=0))


@given(clock_times)
def test_times_round_trip(at: time) -> None:
    assert parse_time(time_text(at)) == at


@given(week_days)
def test_days_round_trip(days: tuple[str, ...]) -> None:
    assert parse_days(days_spec(days)) == days


@given(st.frozensets(st.integers(0, 167), min_size=1))
def test_weekly_windows_round_trip(hours: frozenset[int]) -> None:
    assert parse_windows(windows_text(hours)) == hours


@given(st.sampled_from(ZONES))
def test_zones_round_trip_in_any_case(name: str) -> None:
    assert parse_zone(name).key == name
    assert parse_zone(f" {name.upper()} ").key == name


@given(st.sampled_from(WEEKDAYS), clock_times)
def test_check_ins_round_trip(day: str, at: time) -> None:
    assert parse_day_and_time(f"{day} {time_text(at)}") == (day, at)


# Any valid spelling parses to what it means.


def any_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if up else c for c, up in zip(word, upper, strict=True))
    )


def spelling_of(day: str) -> st.SearchStrategy[str]:
    """Any accepted spelling of `day`, in any case."""
    return st.sampled_from(sorted(name for name, meant in DAY_NAMES.items() if meant == day)).flatmap(any_case)


spaces = st.sampled_from(["", " ", "  "])


@st.composite
def day_lists(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """A written day list (names, ranges, odd case and spacing) and the days it means."""
    parts: list[str] = []
    meant: set[str] = set()
    for _ in range(draw(st.integers(1, 4))):
        first = draw(st.integers(0, 6))
        last = draw(st.integers(first, 6))
        word = draw(spelling_of(WEEKDAYS[first]))
        if last != first:
            word += draw(spaces) + "-" + draw(spaces) + draw(spelling_of(WEEKDAYS[last]))
        parts.append(word)
        meant.update(WEEKDAYS[first : last + 1])
    return ("," + draw(spaces)).join(parts), tuple(d for d in WEEKDAYS if d in meant)


@given(day_lists())
def test_any_written_day_list_means_its_days(written: tuple[str, tuple[str, ...]]) -> None:
    text, days = written
    assert parse_days(text) == days


@given(day_lists(), st.one_of(st.sampled_from(sorted(PARTS_OF_DAY)), st.tuples(st.integers(0, 23), st.integers(1, 24))))
def test_any_written_window_means_those_hours_on_those_days(
    written: tuple[str, tuple[str, ...]], when: str | tuple[int, int]
) -> None:
    text, days = written
    if isinstance(when, str):
        (start, end), words = PARTS_OF_DAY[when], when
    else:
        start, end = min(when), max(when)
        words = f"{start}-{end}" if start < end else f"{start}:00 - {start + 1}:00"
        end = end if start < end else start + 1
    hours = parse_windows(f"{text} {words}")
    assert hours == {WEEKDAYS.index(day) * 24 + hour for day in days for hour in range(start, end)}


@given(st.integers(0, 23), st.integers(0, 59))
def test_any_24_hour_time_parses(hour: int, minute: int) -> None:
    assert parse_time(f" {hour}:{minute:02} ") == time(hour, minute)


# Garbage is refused in words, never with another exception, and the refusal is inert.

garbage = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="montuedwhrfisa ,-:;0123456789@<>!&|^eyvn", max_size=40),
)
PARSERS: list[Callable[[str], Any]] = [parse_time, parse_zone, parse_days, parse_windows, parse_day_and_time]


@pytest.mark.parametrize("parse", PARSERS, ids=lambda parse: parse.__name__)
@given(text=garbage)
def test_garbage_is_refused_in_words_and_never_pings(parse: Callable[[str], Any], text: str) -> None:
    try:
        parse(text)
    except BadOption as refused:
        assert defuse_mentions(refused.message) == refused.message
