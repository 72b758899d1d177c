"""Counted nouns read right for one, none and many."""

from __future__ import annotations

import pytest

from bot.plural import plural


@pytest.mark.parametrize(
    ("count", "singular", "irregular", "expected"),
    [
        (1, "story", "stories", "1 story"),
        (2, "story", "stories", "2 stories"),
        (0, "story", "stories", "0 stories"),
        (1, "timed mock", None, "1 timed mock"),
        (3, "timed mock", None, "3 timed mocks"),
        (1, "mock with interruptions", "mocks with interruptions", "1 mock with interruptions"),
    ],
)
def test_the_noun_agrees_with_the_count(count: int, singular: str, irregular: str | None, expected: str) -> None:
    assert plural(count, singular, irregular) == expected
