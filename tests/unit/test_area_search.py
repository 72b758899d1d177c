"""The fast area search finds exactly what the case-insensitive patterns find, at the same position."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.barraiser.area_search import first_mention
from handlers.barraiser.lexicon import AREA_PATTERNS, COMPILED, TEN_AREAS

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "eval" / "transcripts"


def reference(text: str, area: object) -> int | None:
    match = COMPILED[area].search(text)  # type: ignore[index]
    return match.start() if match else None


def test_patterns_searched_on_lowered_text_spell_their_letters_in_lower_case() -> None:
    # What makes the lowered search exact: a pattern with an upper-case letter would never match there.
    for area, patterns in AREA_PATTERNS.items():
        for pattern in patterns:
            if "(?-i:" in pattern:
                continue  # searched on the text as written
            literal = re.sub(r"\\.", "", pattern)  # escapes like \b \d \S are not letters to match
            assert literal == literal.lower(), (area, pattern)


def test_lines_of_the_evaluation_transcripts_give_the_same_answer() -> None:
    lines = [line for path in sorted(TRANSCRIPTS.iterdir()) for line in path.read_text(encoding="utf-8").splitlines()]
    sample = lines[::7]  # every seventh line of every transcript: the whole set takes the suite ~20 s
    assert len(sample) > 1000
    for line in sample:
        for area in TEN_AREAS:
            assert first_mention(line, area) == reference(line, area), (area, line)


VOCABULARY = [
    "10M users", "115/s", "CAP", "cap", "AP", "p99 < 200 ms", "Idempotency key", "RETRIES", "cache", "costs",
    "on-call", "pager", "a hundred thousand", "×", "≈", "→", "“quoted”", "don’t", "ſcale", "K", "İ", "é", "Straße",
    "ǅ", "Ⅻ", "ⓐ", " ", ", ", ". ", "dashboard", "rollback", "read-heavy", "per second", "eventual", "stale",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=6)), max_size=12).map("".join))
def test_any_text_gives_the_answer_of_the_case_insensitive_patterns(text: str) -> None:
    for area in TEN_AREAS:
        assert first_mention(text, area) == reference(text, area), (area, text)
