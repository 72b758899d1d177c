import contextlib
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BadOption
from handlers.pairing.availability import describe, parse_availability

UTC = ZoneInfo("UTC")


def test_weekday_evenings_in_utc() -> None:
    hours = parse_availability("weekday evenings", UTC)
    assert len(hours) == 5 * 4
    assert 18 in hours and 22 not in hours and (5 * 24 + 18) not in hours


def test_time_zones_are_applied() -> None:
    berlin = parse_availability("sat 10-14", ZoneInfo("Europe/Berlin"))
    assert berlin == frozenset(range(5 * 24 + 9, 5 * 24 + 13))  # 10:00 CET is 09:00 UTC


def test_several_windows() -> None:
    hours = parse_availability("mon,wed 18-21; sun mornings", UTC)
    assert len(hours) == 2 * 3 + 5


def test_a_window_past_midnight_utc_wraps_into_the_next_day() -> None:
    tokyo = parse_availability("sun 08-10", ZoneInfo("Asia/Tokyo"))
    assert tokyo == frozenset({5 * 24 + 23, 6 * 24})  # Saturday 23:00 and Sunday 00:00 UTC


@pytest.mark.parametrize("text", ["", "sometimes", "mon 22-18", "funday 10-12", "mon 10-30"])
def test_unreadable_availability_is_explained(text: str) -> None:
    with pytest.raises(BadOption, match="weekly windows like 'weekday evenings'"):
        parse_availability(text, UTC)


@given(st.text(max_size=60))
def test_any_text_parses_or_is_explained(text: str) -> None:
    with contextlib.suppress(BadOption):
        assert parse_availability(text, UTC)


def test_describe_shows_shared_windows_in_local_time() -> None:
    hours = parse_availability("tue 19-21", UTC)
    assert describe(hours, ZoneInfo("Europe/Berlin")) == ["Tue 20:00-22:00"]
