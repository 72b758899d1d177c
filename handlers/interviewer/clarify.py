"""The interviewer's answer to a clarifying question in the requirements phase.

`answer_clarification(question, utterance)` finds the bank clarification the candidate is asking
about and gives its answer; a fair question the bank has no answer for gets "state an assumption"
(never an invented figure); a request to choose a technology or design gets a counter-question.
Matching is plain: stemmed words and synonym concepts of the utterance, weighted by how rare they
are among the question's clarifications, against each clarification's ask and answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from handlers.interviewer.clarify_design import asks_for_design, looks_like_question
from handlers.interviewer.clarify_words import terms, trigrams
from question_bank import Question

__all__ = ["ClarifyReply", "ReplyKind", "answer_clarification", "looks_like_question"]

ASSUME_TEXT = "I don't have that detail - state an assumption and keep going."
DESIGN_TEXT = "That's your call. What would you choose, and why?"

# Below this share of the utterance's weighted words found in the best clarification, the bank has no answer.
COVERAGE_FLOOR = 0.52
# Two clarifications about as close as each other: the question is ambiguous, so no answer is given.
MARGIN_FLOOR = 0.08
ASK_MATCH = 1.0
ANSWER_MATCH = 0.8
TYPO_MATCH = 0.6
TYPO_SIMILARITY = 0.55
# A word no clarification uses: filler, or the topic the bank has no answer for.
UNSEEN_WEIGHT = 1.0
# A word every clarification uses still counts a little towards the whole.
MIN_WEIGHT = 0.05


class ReplyKind(StrEnum):
    """What the interviewer does with a clarifying question."""

    ANSWER = "answer"  # give the bank clarification's answer
    ASSUME = "assume"  # the bank has no answer: ask the candidate to state an assumption
    DESIGN = "design"  # the candidate asks for a design choice: turn it back


@dataclass(frozen=True)
class ClarifyReply:
    """The interviewer's reply: its kind, the 0-based clarification answered (or None) and the text to say."""

    kind: ReplyKind
    index: int | None
    text: str


@dataclass(frozen=True)
class _Profile:
    ask_keys: frozenset[str]
    answer_keys: frozenset[str]
    stems: frozenset[str]


Pairs = tuple[tuple[str, str], ...]


@lru_cache(maxsize=64)
def _profiles(pairs: Pairs) -> tuple[_Profile, ...]:
    profiles = []
    for ask, answer in pairs:
        ask_terms, answer_terms = terms(ask), terms(answer)
        ask_keys = frozenset(key for keys in ask_terms for key in keys)
        answer_keys = frozenset(key for keys in answer_terms for key in keys)
        stems = frozenset(key for key in ask_keys | answer_keys if not key.startswith("@") and len(key) >= 4)
        profiles.append(_Profile(ask_keys, answer_keys, stems))
    return tuple(profiles)


def _typo_hit(keys: frozenset[str], profile: _Profile) -> bool:
    words = [key for key in keys if not key.startswith("@") and len(key) >= 5]
    for word in words:
        grams = trigrams(word)
        for other in profile.stems:
            shared = len(grams & trigrams(other))
            if shared / len(grams | trigrams(other)) >= TYPO_SIMILARITY:
                return True
    return False


def _idf(profiles: tuple[_Profile, ...]) -> dict[str, float]:
    present: dict[str, int] = {}
    for profile in profiles:
        for key in profile.ask_keys | profile.answer_keys:
            present[key] = present.get(key, 0) + 1
    return {key: math.log((len(profiles) + 1) / (count + 0.5)) for key, count in present.items()}


def _credit(keys: frozenset[str], profile: _Profile, idf: dict[str, float]) -> float:
    """How much of a word's weight a clarification earns: through its rarest shared key, more in the ask."""
    in_ask = [idf[key] for key in keys & profile.ask_keys]
    in_answer = [idf[key] for key in keys & profile.answer_keys]
    best = max([ASK_MATCH * weight for weight in in_ask] + [ANSWER_MATCH * weight for weight in in_answer], default=0.0)
    if best == 0.0 and _typo_hit(keys, profile):
        best = TYPO_MATCH * max((idf[key] for key in keys if key in idf), default=UNSEEN_WEIGHT)
    return best


def _weight(keys: frozenset[str], idf: dict[str, float], name: frozenset[str]) -> float:
    if any(key.startswith(stem) or stem.startswith(key) for key in keys for stem in name if len(key) >= 4):
        return MIN_WEIGHT  # the product's own name ("short links" in a URL shortener) tells no topic apart
    known = [idf[key] for key in keys if key in idf]
    return max(max(known), MIN_WEIGHT) if known else UNSEEN_WEIGHT


def coverage_scores(question: Question, utterance: str) -> list[float]:
    """Per clarification, the weighted share of the utterance's words it covers (0 to 1)."""
    pairs = tuple((item.ask, item.answer) for item in question.clarifications)
    profiles = _profiles(pairs)
    idf = _idf(profiles)
    name = frozenset(key for keys in terms(question.title) for key in keys if len(key) >= 4 and key[0] != "@")
    said = terms(utterance)
    total = sum(_weight(keys, idf, name) for keys in said)
    if not said:
        return [0.0] * len(profiles)
    credits = [[_credit(keys, profile, idf) for profile in profiles] for keys in said]
    scale = [min(1.0, _weight(keys, idf, name) / max(max(row), 1e-9)) for keys, row in zip(said, credits, strict=True)]
    return [
        min(1.0, sum(row[i] * factor for row, factor in zip(credits, scale, strict=True)) / total)
        for i in range(len(profiles))
    ]


def answer_clarification(question: Question, utterance: str) -> ClarifyReply:
    """The interviewer's reply to a candidate's clarifying question about `question`."""
    if asks_for_design(utterance):
        return ClarifyReply(ReplyKind.DESIGN, None, DESIGN_TEXT)
    scores = coverage_scores(question, utterance)
    if not scores:
        return ClarifyReply(ReplyKind.ASSUME, None, ASSUME_TEXT)
    ranked = sorted(range(len(scores)), key=lambda index: -scores[index])
    best, runner_up = ranked[0], ranked[1]
    if scores[best] < COVERAGE_FLOOR or scores[best] - scores[runner_up] < MARGIN_FLOOR:
        return ClarifyReply(ReplyKind.ASSUME, None, ASSUME_TEXT)
    return ClarifyReply(ReplyKind.ANSWER, best, question.clarifications[best].answer)
