"""What a candidate has covered (pure): rubric signals found in what they wrote.

A signal counts as covered when one of its detection phrases appears on word boundaries in
the candidate's messages, and not right after a negation ("we don't need a cache" does not
cover caching). Estimation signals also count numbers with units ("1,150 req/s", "7 TB").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.user_text import defuse_mentions
from question_bank import Area, Phase, Question, Signal

_NEGATIONS = {"no", "not", "don't", "dont", "without", "never", "won't", "wont", "skip", "avoid", "nor"}
_NEGATION_REACH = 3  # words before a phrase that can negate it
_NUMBER_WITH_UNIT = re.compile(
    r"\b\d[\d,.]*\s*(?:k|m|b|million|billion|thousand)?\s*"
    r"(?:qps|rps|tps|req/s|requests?/s(?:ec)?|requests? per (?:second|day)|writes?/s|reads?/s|/s|per second|"
    r"per day|/day|a day|gb|tb|pb|mb|kb|bytes|gbps|mbps)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    signal: Signal
    phase: Phase
    quote: str  # the candidate's message that shows it


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Word boundaries only where the phrase starts or ends with a word character ("p99", "99.9%").
    start = r"(?<![\w])" if phrase[:1].isalnum() else ""
    end = r"(?![\w])" if phrase[-1:].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end, re.IGNORECASE)


def _negated(text: str, position: int) -> bool:
    before = re.findall(r"[\w']+", text[:position].lower())[-_NEGATION_REACH:]
    return any(word in _NEGATIONS for word in before)


def mentions(text: str, phrase: str) -> bool:
    """True if `phrase` appears in `text` on word boundaries and is not negated."""
    return any(not _negated(text, match.start()) for match in _phrase_pattern(phrase).finditer(text))


def _shows(signal: Signal, message: str) -> bool:
    if any(mentions(message, phrase) for phrase in signal.detect):
        return True
    return signal.area is Area.ESTIMATION and bool(_NUMBER_WITH_UNIT.search(message))


def evidence(question: Question, messages: Sequence[str]) -> list[Evidence]:
    """Every signal of the question the messages show, with the first message that shows it."""
    found: list[Evidence] = []
    for phase, signal in question.signals():
        quote = next((message for message in messages if _shows(signal, message)), None)
        if quote is not None:
            found.append(Evidence(signal, phase, quote))
    return found


def covered_areas(found: Iterable[Evidence]) -> set[Area]:
    return {item.signal.area for item in found}


def quote(text: str, limit: int = 160) -> str:
    """A short excerpt fit for a scorecard: one line, no live mention."""
    flat = defuse_mentions(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
