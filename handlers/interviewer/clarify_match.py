"""How close a candidate's clarifying question is to each of a bank question's clarifications.

Each clarification is known by its `ask`, its `phrasings` (the ways candidates ask for the same
information; the main signal) with the lines candidates were seen asking for it (question_bank.asked),
and its `answer`. Two scores per clarification:
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
from question_bank.asked import AskedLines, shipped_asked

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
class _Text:
    """A wording ready to compare: its words' keys and weights, every key it holds, its stems' trigrams."""

    words: Terms
    weights: tuple[float, ...]  # per word, each further unseen word decayed
    present: frozenset[str]
    stem_grams: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class _Profile:
    wordings: tuple[_Text, ...]  # the ask, each phrasing and each learned line
    everything: _Text  # all of those and the answer
    keys: frozenset[str]


@dataclass(frozen=True)
class _Index:
    profiles: tuple[_Profile, ...]
    idf: dict[str, float]
    vocabulary: frozenset[str]  # every content word of the clarifications, as written


Entry = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # ask, answer, bank phrasings, learned lines


@lru_cache(maxsize=64)
def _index(entries: tuple[Entry, ...]) -> _Index:
    texts = []
    for ask, answer, phrasings, learned in entries:
        wordings = tuple(terms(text) for text in (ask, *phrasings, *learned))
        everything = tuple(keys for wording in (*wordings, terms(answer)) for keys in wording)
        texts.append((wordings, everything))
    counts: dict[str, int] = {}
    for _, everything in texts:
        for key in {key for keys in everything for key in keys}:
            counts[key] = counts.get(key, 0) + 1
    idf = {key: math.log((len(texts) + 1) / (count + 0.5)) for key, count in counts.items()}
    profiles = []
    for wordings, everything in texts:
        # What it speaks of includes the learned lines: measured leave-one-file-out, reading attributes from the
        # bank's text alone answered fewer questions right (0.900 against 0.917) and as few wrongly.
        keys = frozenset(key for word in everything for key in word)
        profiles.append(_Profile(tuple(_text(wording, idf) for wording in wordings), _text(everything, idf), keys))
    vocabulary = frozenset(
        word
        for ask, answer, phrasings, learned in entries
        for text in (ask, answer, *phrasings, *learned)
        for word in content_words(text)
    )
    return _Index(tuple(profiles), idf, vocabulary)


def _text(words: Terms, idf: dict[str, float]) -> _Text:
    """Each further unseen word weighs less than the one before: one unknown word is likely the topic the bank
    lacks, several are likely the scene."""
    weights = []
    unseen = 0
    for keys in words:
        known = [idf[key] for key in keys if key in idf]
        if known:
            weights.append(max(max(known), MIN_WEIGHT))
        else:
            weights.append(UNSEEN_WEIGHT * UNSEEN_DECAY**unseen)
            unseen += 1
    stems = {key for keys in words for key in keys if key[0] != "@" and len(key) >= 4}
    grams = tuple(trigrams(stem) for stem in sorted(stems))
    return _Text(words, tuple(weights), frozenset(key for keys in words for key in keys), grams)


def _respelt(word: str, index: _Index) -> frozenset[str]:
    """A word's keys; a word the clarifications never use is read as the clarification word it is a typo of
    (one slip in a short word, two in a long one): "availablity" is "availability", "retension" "retention"."""
    keys = word_keys(word)
    if len(word) < MIN_TYPO_LENGTH or any(key in index.idf for key in keys):
        return keys
    slips = 1 if len(word) < LONG_WORD else 2
    near = sorted(other for other in index.vocabulary if typo_distance(word, other, slips) <= slips)
    return keys | word_keys(near[0]) if near else keys


def _typo_hit(keys: frozenset[str], stem_grams: tuple[frozenset[str], ...]) -> bool:
    for word in (key for key in keys if key[0] != "@" and len(key) >= 5):
        grams = trigrams(word)
        if any(len(grams & other) / len(grams | other) >= TYPO_SIMILARITY for other in stem_grams):
            return True
    return False


def _share(said: _Text, text: _Text, index: _Index, typos: bool) -> tuple[float, float]:
    """(weight of `said`'s words found in `text`, their total weight). A word earns its rarest key `text` shares,
    up to its own weight; with `typos`, a near spelling of one of `text`'s stems earns part of its weight."""
    found = total = 0.0
    for keys, weight in zip(said.words, said.weights, strict=True):
        total += weight
        shared = [index.idf.get(key, UNSEEN_WEIGHT) for key in keys if key in text.present]
        if shared:
            found += min(weight, max(shared))
        elif typos and text.stem_grams and _typo_hit(keys, text.stem_grams):
            undecayed = weight if any(key in index.idf for key in keys) else UNSEEN_WEIGHT
            found += min(weight, TYPO_MATCH * undecayed)
    return found, total


def _dice(said: _Text, wording: _Text, index: _Index) -> float:
    if not said.words or not wording.words:
        return 0.0
    found_said, total_said = _share(said, wording, index, typos=True)
    found_wording, total_wording = _share(wording, said, index, typos=False)
    return (found_said + found_wording) / max(total_said + total_wording, 1e-9)


def _contained(wording: _Text, said: _Text, index: _Index) -> float:
    """The share of a wording's weight the utterance holds, when the wording weighs enough to mean something."""
    found, total = _share(wording, said, index, typos=False)
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


def closeness(question: Question, utterance: str, asked: AskedLines | None = None) -> list[Closeness]:
    """Per clarification of `question`, how close `utterance` is to it (each score 0 to 1). The lines candidates
    were seen asking for each clarification (`asked`, the shipped ones by default) count as its phrasings."""
    learned = (asked if asked is not None else shipped_asked()).for_question(question)
    entries = tuple(
        (item.ask, item.answer, tuple(item.phrasings), lines)
        for item, lines in zip(question.clarifications, learned, strict=True)
    )
    index = _index(entries)
    said = _text(tuple(_respelt(word, index) for word in content_words(utterance)), index.idf)
    attributes = _asked_attributes(tuple(_respelt(word, index) for word in content_words(_asking_part(utterance))))
    result = []
    for profile in index.profiles:
        similarity = max(_dice(said, wording, index) for wording in profile.wordings)
        found, total = _share(said, profile.everything, index, typos=True)
        contained = max(_contained(wording, said, index) for wording in profile.wordings)
        result.append(Closeness(similarity, found / total if total else 0.0, attributes <= profile.keys, contained))
    return result
