"""Where an area's vocabulary first appears in a text: the same answer as a case-insensitive search, faster.

Python's regex engine folds the case of every character it compares when a pattern is case-insensitive;
the ten areas' patterns are large alternations, so that folding was most of the bar raiser's time on a
long transcript. A text whose letters are all ASCII is lowered once and searched with the patterns
compiled case-sensitively (their letters are all lower case, which `test_area_search` holds them to):
for ASCII letters that is exactly the case-insensitive match, at the same positions. A text with any
other letter or cased character (where Unicode case folding has special cases, like 'ſ' matching 's')
takes the case-insensitive patterns. The few patterns that must stay case-sensitive ("CAP", "CP/AP") are
searched on the text as written.
"""

from __future__ import annotations

import re

from handlers.barraiser.lexicon import AREA_PATTERNS
from question_bank import Area

_CASE_SENSITIVE = "(?-i:"
_BOUNDARY = r"\b"


def _alternatives(pattern: str) -> list[str]:
    """The pattern's top-level alternatives (split at each `|` outside groups and classes)."""
    parts: list[str] = []
    depth, in_class, start, index = 0, False, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*parts, pattern[start:]]


def _union(patterns: list[str], flags: int = 0) -> re.Pattern[str] | None:
    """One pattern matching where any of `patterns` does, at the same first position.

    The alternatives that start at a word boundary share one `\\b`: most positions of a text are inside a
    word, where one check rejects them all instead of one check per alternative (half the time)."""
    if not patterns:
        return None
    bounded, other = [], []
    for alternative in (part for pattern in patterns for part in _alternatives(pattern)):
        if alternative.startswith(_BOUNDARY):
            bounded.append(f"(?:{alternative[len(_BOUNDARY) :]})")
        else:
            other.append(f"(?:{alternative})")
    parts = ([rf"\b(?:{'|'.join(bounded)})"] if bounded else []) + other
    return re.compile("|".join(parts), flags)


# Per area: the case-insensitive patterns compiled for lowered text, those that keep their case, and all
# of them case-insensitively for texts with letters beyond ASCII.
LOWERED: dict[Area, re.Pattern[str] | None] = {
    area: _union([pattern for pattern in patterns if _CASE_SENSITIVE not in pattern])
    for area, patterns in AREA_PATTERNS.items()
}
CASED: dict[Area, re.Pattern[str] | None] = {
    area: _union([pattern for pattern in patterns if _CASE_SENSITIVE in pattern], re.IGNORECASE)
    for area, patterns in AREA_PATTERNS.items()
}
FOLDED: dict[Area, re.Pattern[str] | None] = {
    area: _union(list(patterns), re.IGNORECASE) for area, patterns in AREA_PATTERNS.items()
}


def _caseless_beyond_ascii(text: str) -> bool:
    """Whether every character outside ASCII is caseless and not a letter (quotes, arrows, "≈")."""
    return text.isascii() or all(
        char.isascii() or (not char.isalpha() and char.lower() == char == char.upper()) for char in text
    )


def first_mention(text: str, area: Area) -> int | None:
    """Where `area`'s vocabulary is first found in `text` (as `lexicon.COMPILED[area].search`), or None."""
    if not _caseless_beyond_ascii(text):
        folded = FOLDED[area]
        match = folded.search(text) if folded is not None else None
        return match.start() if match else None
    starts = []
    lowered, cased = LOWERED[area], CASED[area]
    if lowered is not None and (match := lowered.search(text.lower())):
        starts.append(match.start())
    if cased is not None and (match := cased.search(text)):
        starts.append(match.start())
    return min(starts, default=None)
