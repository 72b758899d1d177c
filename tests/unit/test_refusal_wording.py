"""Refusals of option values speak the user's words, not the validation library's."""

from __future__ import annotations

import pytest

from bot.errors import BadOption
from handlers import build_registry


@pytest.mark.parametrize(
    ("path", "values", "refusal"),
    [
        ("mock start", {"barraiser": "maybe"}, "barraiser must be on or off (got 'maybe')."),
        ("daily setup", {"time": "09:00:00:00", "tz": "UTC"}, "time takes at most 8 characters (got '09:00:00:00')."),
        ("prep done", {"topic": "x" * 500}, "topic takes at most 80 characters (got '" + "x" * 59 + "…')."),
    ],
)
def test_a_bad_value_is_refused_in_plain_words(path: str, values: dict[str, str], refusal: str) -> None:
    command = next(command for command in build_registry().commands() if command.path == path)
    with pytest.raises(BadOption) as refused:
        command.parse_options(values)
    assert refused.value.message == refusal
