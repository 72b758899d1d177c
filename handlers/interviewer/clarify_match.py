"""How close a candidate's clarifying question is to each of a bank question's clarifications.

Each clarification is known by its `ask`, its `phrasings` (the ways candidates ask for the same
information; the main signal) and its `answer`. Two scores per clarification:
- `similarity`: the closest single wording (the ask or one phrasing), as the weighted share of both
  texts' words the other one has (a Dice overlap), so that a short question matches a short phrasing;
- `coverage`: the weighted share of the utterance's words found anywhere in the clarification (ask,
  phrasings or answer). A word no clarification uses weighs heavily: it is usually the topic the bank
  has no answer for.
- `talks_about_attributes`: the attribute the utterance asks about (latency, duration, size, region or a
  limit: that of the first word naming one, since later ones usually describe the situation, as in "how
  fast ... during a big sale"; and keeping data wherever it is named) is one the clarification speaks of
  somewhere. "how long are query logs kept" is not answered by a clarification about where suggestions
  come from, even if that one mentions query logs; "what's the max number of items" is not answered by
  a clarification giving the typical number.
Words are weighted by how rare they are among the question's clarifications. A word no clarification
uses, but one slip (two in a long word) away from one that does, is read as that word: a typo.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from handlers.interviewer.clarify_design import looks_like_question
from handlers.interviewer.clarify_words import content_words, terms, trigrams, typo_distance, word_keys
from question_bank import Question

__all__ = ["Closeness", "closeness"]

# A word no clarification uses: the topic the bank has no answer for, or (less often) filler.
UNSEEN_WEIGHT = 2.5
# Each further unseen word in one question weighs this share of the one before.
UNSEEN_DECAY = 0.8
# A wording the utterance holds whole answers it whatever else the utterance says, if it weighs this much.
CONTAINED_MIN_WEIGHT = 4.0
# A word every clarification uses still counts a little towards the whole.
MIN_WEIGHT = 0.05
# A misspelt word close to a clarification's word earns this share of that word's weight.
TYPO_MATCH = 0.6
TYPO_SIMILARITY = 0.55
# Words this long may be read as a clarification word one slip away; from LONG_WORD letters, two slips.
MIN_TYPO_LENGTH = 5
LONG_WORD = 8
# The attributes a question asks for: a clarification that never speaks of one does not answer it.
ATTRIBUTES = frozenset({"@latency", "@duration", "@size", "@region", "@bound"})
# Keeping data is asked about wherever it is named ("how long are the query logs retained").
RETENTION = "@retention"

Terms = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Closeness:
    """How close an utterance is to one clarification: best single wording, and coverage of its words."""

    similarity: float
    coverage: float
    talks_about_attributes: bool
    contained: float = 0.0  # the largest share of one wording's words the utterance holds (weighty wordings only)


@dataclass(frozen=True)
class _Profile:
    wordings: tuple[Terms, ...]  # the ask and each phrasing
    everything: Terms  # the ask, the phrasings and the answer
    stems: frozenset[str]
    keys: frozenset[str]


@dataclass(frozen=True)
class _Index:
    profiles: tuple[_Profile, ...]
    idf: dict[str, float]
    vocabulary: frozenset[str]  # every content word of the clarifications, as written


Entry = tuple[str, str, tuple[str, ...]]


@lru_cache(maxsize=64)
def _index(entries: tuple[Entry, ...]) -> _Index:
    profiles = []
    for ask, answer, phrasings in entries:
        wordings = (terms(ask), *(terms(phrasing) for phrasing in phrasings))
        everything = tuple(keys for wording in (*wordings, terms(answer)) for keys in wording)
        keys = frozenset(key for word in everything for key in word)
        profiles.append(_Profile(wordings, everything, _stems(everything), keys))
    present: dict[str, int] = {}
    for profile in profiles:
        for key in {key for keys in profile.everything for key in keys}:
            present[key] = present.get(key, 0) + 1
    idf = {key: math.log((len(profiles) + 1) / (count + 0.5)) for key, count in present.items()}
    vocabulary = frozenset(
        word for ask, answer, phrasings in entries for text in (ask, answer, *phrasings) for word in content_words(text)
    )
    return _Index(tuple(profiles), idf, vocabulary)


def _respelt(word: str, index: _Index) -> frozenset[str]:
    """A word's keys; a word the clarifications never use is read as the clarification word it is a typo of
    (one slip in a short word, two in a long one): "availablity" is "availability", "retension" "retention"."""
    keys = word_keys(word)
    if len(word) < MIN_TYPO_LENGTH or any(key in index.idf for key in keys):
        return keys
    slips = 1 if len(word) < LONG_WORD else 2
    near = sorted(other for other in index.vocabulary if typo_distance(word, other, slips) <= slips)
    return keys | word_keys(near[0]) if near else keys


def _weight(keys: frozenset[str], index: _Index) -> float:
    known = [index.idf[key] for key in keys if key in index.idf]
    return max(max(known), MIN_WEIGHT) if known else UNSEEN_WEIGHT


def _typo_hit(keys: frozenset[str], stems: frozenset[str]) -> bool:
    for word in (key for key in keys if key[0] != "@" and len(key) >= 5):
        grams = trigrams(word)
        if any(len(grams & trigrams(other)) / len(grams | trigrams(other)) >= TYPO_SIMILARITY for other in stems):
            return True
    return False


def _found(keys: frozenset[str], text: Terms, index: _Index, stems: frozenset[str]) -> float:
    """The weight a word earns in a text: its rarest key the text shares (a near spelling earns part)."""
    shared = [index.idf.get(key, UNSEEN_WEIGHT) for other in text for key in keys & other]
    if shared:
        return min(_weight(keys, index), max(shared))
    if stems and _typo_hit(keys, stems):
        return TYPO_MATCH * _weight(keys, index)
    return 0.0


def _share(words: Terms, text: Terms, index: _Index, stems: frozenset[str]) -> tuple[float, float]:
    """(weight of `words` found in `text`, total weight of `words`). Each further unseen word weighs less than
    the one before: one unknown word is likely the topic the bank lacks, several are likely the scene."""
    found = total = 0.0
    unseen = 0
    for keys in words:
        weight = _weight(keys, index)
        if not any(key in index.idf for key in keys):
            weight *= UNSEEN_DECAY**unseen
            unseen += 1
        total += weight
        found += min(weight, _found(keys, text, index, stems))
    return found, total


def _stems(text: Terms) -> frozenset[str]:
    return frozenset(key for keys in text for key in keys if key[0] != "@" and len(key) >= 4)


def _dice(said: Terms, wording: Terms, index: _Index) -> float:
    if not said or not wording:
        return 0.0
    found_said, total_said = _share(said, wording, index, _stems(wording))
    found_wording, total_wording = _share(wording, said, index, frozenset())
    return (found_said + found_wording) / max(total_said + total_wording, 1e-9)


def _contained(wording: Terms, said: Terms, index: _Index) -> float:
    """The share of a wording's weight the utterance holds, when the wording weighs enough to mean something."""
    found, total = _share(wording, said, index, frozenset())
    return found / total if total >= CONTAINED_MIN_WEIGHT else 0.0


_CLAUSE_END = re.compile(r"[.;:!?,]\s+|\s+-+\s+")


def _asking_part(utterance: str) -> str:
    """The utterance from its first clause that asks on: a scene set before it ("on a slow hotel wifi, how fast
    do suggestions appear") names no attribute the question is about."""
    clauses = _CLAUSE_END.split(utterance)
    for number, clause in enumerate(clauses):
        if looks_like_question(clause):
            return " ".join(clauses[number:])
    return utterance


def _asked_attributes(said: Terms) -> frozenset[str]:
    """The attributes of the first word that names one: the question's focus ("how fast ... during a big sale"
    asks about latency, not size); later attribute words usually describe the situation."""
    kept = frozenset({RETENTION}) if any(RETENTION in keys for keys in said) else frozenset()
    for keys in said:
        if keys & ATTRIBUTES:
            return keys & ATTRIBUTES | kept
    return kept


def closeness(question: Question, utterance: str) -> list[Closeness]:
    """Per clarification of `question`, how close `utterance` is to it (each score 0 to 1)."""
    entries = tuple((item.ask, item.answer, tuple(item.phrasings)) for item in question.clarifications)
    index = _index(entries)
    said = tuple(_respelt(word, index) for word in content_words(utterance))
    asked = _asked_attributes(tuple(_respelt(word, index) for word in content_words(_asking_part(utterance))))
    result = []
    for profile in index.profiles:
        similarity = max(_dice(said, wording, index) for wording in profile.wordings)
        found, total = _share(said, profile.everything, index, profile.stems)
        contained = max(_contained(wording, said, index) for wording in profile.wordings)
        result.append(Closeness(similarity, found / total if total else 0.0, asked <= profile.keys, contained))
    return result
