import contextlib
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.durations import DurationError, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("46m", timedelta(minutes=46)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("90s", timedelta(seconds=90)),
        ("25h", timedelta(hours=25)),
        ("2d", timedelta(days=2)),
        ("10", timedelta(minutes=10)),
        (" 1H 5M ", timedelta(hours=1, minutes=5)),
        ("1.5h", timedelta(minutes=90)),
    ],
)
def test_parses_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "5 minutes", "-5m", "m5", "400d", "9" * 400 + "d"])
def test_rejects_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


@given(st.text())
def test_any_text_parses_or_raises_duration_error(text: str) -> None:
    with contextlib.suppress(DurationError):
        assert parse_duration(text) >= timedelta(0)


@pytest.mark.parametrize(
    ("duration", "text"),
    [(timedelta(minutes=46), "46m"), (timedelta(hours=25, seconds=3), "1d1h3s"), (timedelta(0), "0s")],
)
def test_formats_durations(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text
