"""What a candidate has covered (pure), area by area, in any question's transcript.

Each candidate message is cut into clauses. An area counts as covered when a clause says something
about it (the engine's own vocabulary in lexicon.py), with no
negation before it in the clause ("no cache for now"), no hedge in the clause ("maybe we retry?"), and
the message is more than a list of names. A negated or hedged mention leaves the area hedged: still
worth a probe. Only the candidate's lines are read.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from handlers.barraiser.area_search import first_mention
from handlers.barraiser.hedges import BUZZWORDS, GUARANTEE, HEDGE, NEGATION
from handlers.barraiser.lexicon import TEN_AREAS, TYPO_WORDS
from handlers.barraiser.unsettled import another_sense, settles_nothing
from question_bank import Area, Phase, Question, Signal

_SENTENCE_WITH_END = re.compile(r"((?<!\d)[.!;](?!\d)|\?|\n)")
_CLAUSE = re.compile(r",\s+|\s+(?:but|although|though|whereas|however)\s+|\s+-\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'-]+")
# A question even without its question mark ("what would I monitor", "should we shard").
_ASKS = re.compile(
    r"\s*(?:(?:what|which|how)(?: \w+){0,2}? (?:would|should|do|does|did|can|could|will|shall) (?:i|we|you)"
    r"|(?:should|would|could|do|does|shall|can) (?:i|we|you))\b",
    re.IGNORECASE,
)
# "Monitoring I did not get to", "cost we haven't looked at": a topic put first, then what was (not) done about it.
_TOPIC_FIRST = re.compile(r"[\w-]+\W+(?:i|we)\b", re.IGNORECASE)
# Two words that decide something ("fail open", "drain first", "roll back"): not a bare name.
_DECIDED_PAIR = re.compile(r"^[\w/-]+ (?:open|closed|first|back|over|off|out|later|always|only)$", re.IGNORECASE)
_NAME = re.compile(r"\b(?:[A-Z][\w-]*|[a-z][a-z-]*[A-Z][\w-]*)")  # Kafka, DynamoDB, k8s-style names, eBPF


class Status(StrEnum):
    """How an area was heard: settled, or only hedged or negated."""

    COVERED = "covered"
    HEDGED = "hedged"  # mentioned only with a hedge or a negation


@dataclass(frozen=True)
class Finding:
    """One area heard in a transcript, how, and the words that show it."""

    area: Area
    status: Status
    quote: str  # the candidate's message that shows it
    clause: str = ""  # the clause of it that does


@dataclass(frozen=True)
class Evidence:
    """A rubric signal of the question shown in one of the candidate's messages."""

    signal: Signal
    phase: Phase
    quote: str  # the candidate's message that shows it


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Word boundaries only where the phrase starts or ends with a word character ("p99", "99.9%").
    start = r"(?<![\w])" if phrase[:1].isalnum() else ""
    end = r"(?![\w])" if phrase[-1:].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end, re.IGNORECASE)


@lru_cache(maxsize=8192)
def _near(word: str, target: str) -> bool:
    """Within one edit (two for long words): catches typos without matching different words."""
    allowed = 2 if len(target) >= 9 else 1
    if abs(len(word) - len(target)) > allowed or word[:2] != target[:2]:
        return False
    previous = list(range(len(target) + 1))
    for i, char in enumerate(word, start=1):
        current = [i]
        for j, other in enumerate(target, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1] <= allowed


@lru_cache(maxsize=8192)
def _typo_area(word: str) -> Area | None:
    if len(word) < 6 or word in TYPO_WORDS:
        return None
    # A longer form of the word ("transactional") is not a typo of it: the vocabulary decides those.
    return next(
        (area for target, area in TYPO_WORDS.items() if _near(word, target) and not word.startswith(target)), None
    )


@lru_cache(maxsize=4096)
def clause_facts(message: str) -> tuple[tuple[str, bool, bool], ...]:
    """(clause, hedged by a short neighbouring clause such as ", maybe.", part of a question) for each
    clause of a message."""
    found: list[tuple[str, bool, bool]] = []
    pieces = _SENTENCE_WITH_END.split(message)
    ends = [*pieces[1::2], ""]
    sentences = [
        (text, end == "?" or bool(_ASKS.match(text)))
        for text, end in zip(pieces[::2], ends, strict=False)
        if text.strip()
    ]
    for number, (sentence, question) in enumerate(sentences):
        following = sentences[number + 1][0] if number + 1 < len(sentences) else ""
        # "Standby costs money. Maybe worth it, didn't run numbers.": the short afterthought hedges it.
        afterthought = len(following.split()) <= 8 and bool(HEDGE.search(following))
        if afterthought:
            sentence += " (maybe)"
        parts = [part.strip() for part in _CLAUSE.split(sentence) if part and part.strip()]
        # A hedge colours a whole short sentence ("eventually consistent, or strong, so it depends").
        short_and_hedged = afterthought or (len(sentence.split()) <= 25 and bool(HEDGE.search(sentence)))
        for index, part in enumerate(parts):
            neighbours = parts[max(index - 1, 0) : index] + parts[index + 1 : index + 2]
            hedged = short_and_hedged or any(len(n.split()) <= 6 and HEDGE.search(n) for n in neighbours)
            found.append((part, hedged, question))
    return tuple(found)


def clauses(message: str) -> tuple[tuple[str, bool], ...]:
    """(clause, hedged by a short neighbouring clause such as ", maybe.") for each clause of a message."""
    return tuple((clause, hedged) for clause, hedged, _ in clause_facts(message))


def _negated(clause: str, position: int) -> bool:
    """A negation before `position` in the clause, unless it states a guarantee ("never charged twice"),
    or after a topic put first in a short clause ("Monitoring, I did not get to it")."""
    kept = [span.span() for span in GUARANTEE.finditer(clause)]
    fronted = (
        len(clause[:position].split()) <= 1
        and len(clause.split()) <= 12
        and bool(_TOPIC_FIRST.match(clause[position:]))
    )
    window = clause if fronted else clause[:position]
    return any(not any(start <= m.start() < end for start, end in kept) for m in NEGATION.finditer(window))


@lru_cache(maxsize=4096)
def is_name_list(message: str) -> bool:
    """A list of technologies with no decision, reason or number ("Kafka, Redis, k8s, CQRS")."""
    chunks = [chunk.strip() for chunk in re.split(r",|\band\b|\bplus\b|\bor\b", message) if chunk.strip()]
    short = sum(1 for chunk in chunks if len(chunk.split()) <= 3)
    names = len(_NAME.findall(message))
    longest = max((len(chunk.split()) for chunk in chunks), default=0)
    # A chunk of a real sentence ("Browse path can be AP behind a CDN with short TTLs") is not a name.
    return (
        len(chunks) >= 4
        and short / len(chunks) >= 0.6
        and names >= 4
        and longest <= 7
        and not re.search(r"\d", message)
    )


@lru_cache(maxsize=65536)
def _first_mention(text: str, area: Area) -> int | None:
    """Where `area`'s vocabulary is first found in `text`, if anywhere (cached per text and area).

    Per area, not all ten at once: a search for an absent area reads the whole text, and once most areas
    are covered only the open ones are asked about (all ten made a 400-message transcript 4x slower)."""
    return first_mention(text, area)


@lru_cache(maxsize=16384)
def _typo_mentions(text: str) -> tuple[tuple[Area, int], ...]:
    """Each word of `text` that is a typo of an area's word, with its area and position."""
    typos = ((_typo_area(match.group()), match.start()) for match in _WORD.finditer(text.lower()))
    return tuple((area, position) for area, position in typos if area is not None)


def clear_caches() -> None:
    """Forget every cached reading (benchmarks time the engine as if every message were new)."""
    for cached in (clause_facts, is_name_list, _first_mention, _typo_mentions):
        cached.cache_clear()


def _hits(clause: str, areas: Collection[Area] = TEN_AREAS) -> dict[Area, int]:
    """Each of `areas` the clause mentions, with where (the first mention)."""
    # The bar raiser reads the same messages on every probe and scorecard: the searches are cached.
    found: dict[Area, int] = {}
    for area in areas:
        position = _first_mention(clause, area)
        if position is not None:
            found[area] = position
    if Area.FAILURE in found and Area.IDEMPOTENCY in found and clause[found[Area.FAILURE] :][:4].lower() == "retr":
        del found[Area.FAILURE]  # "a retry with the same key returns the same order" is about duplicates
    for area_of_typo, position in _typo_mentions(clause):
        if area_of_typo not in found and area_of_typo in areas:
            found[area_of_typo] = position
    return found


def analyse(messages: Iterable[str]) -> dict[Area, Finding]:
    """Each of the ten areas the candidate touched: covered (first quote) or only hedged.

    Only the engine's own vocabulary decides areas: on the tuning transcripts the question bank's
    detection phrases added false coverage (precision 0.85 -> 0.78) and no recall, so they only
    serve the per-signal evidence of the scorecard.
    """
    found: dict[Area, Finding] = {}
    for message in messages:
        open_areas = [area for area in TEN_AREAS if area not in found or found[area].status is Status.HEDGED]
        if not open_areas:
            break  # everything is covered: the rest cannot change the answer
        # One search per area over the whole message first: most areas are absent from most messages.
        typos = {area for area, _ in _typo_mentions(message)}
        open_areas = [area for area in open_areas if area in typos or _first_mention(message, area) is not None]
        if not open_areas:
            continue
        names_only = is_name_list(message) or (len(BUZZWORDS.findall(message)) >= 2 and not re.search(r"\d", message))
        for clause, hedged_nearby, question in clause_facts(message):
            # A bare name ("Raft", "full-stack observability", "watch it") decides nothing.
            bare = len(clause.split()) <= 2 and not re.search(r"\d", clause) and not _DECIDED_PAIR.match(clause)
            hedged_here = hedged_nearby or bool(HEDGE.search(clause)) or names_only or bare
            for area, position in _hits(clause, open_areas).items():
                if another_sense(clause, area):
                    continue
                unsettled = _negated(clause, position) or hedged_here or settles_nothing(clause, area, question)
                status = Status.HEDGED if unsettled else Status.COVERED
                if area not in found or (found[area].status is Status.HEDGED and status is Status.COVERED):
                    found[area] = Finding(area, status, message, clause)
    return found


def covered(findings: dict[Area, Finding]) -> set[Area]:
    """The areas settled with a decision, number or reason."""
    return {area for area, finding in findings.items() if finding.status is Status.COVERED}


def hedged(findings: dict[Area, Finding]) -> set[Area]:
    """The areas only hedged or negated: still worth a probe, never credited."""
    return {area for area, finding in findings.items() if finding.status is Status.HEDGED}


def mentions(text: str, phrase: str) -> bool:
    """True if `phrase` appears in a clause of `text` with no negation before it and no hedge."""
    for clause, hedged_nearby in clauses(text):
        for match in _phrase_pattern(phrase).finditer(clause):
            if not (hedged_nearby or HEDGE.search(clause) or _negated(clause, match.start())):
                return True
    return False


def _shows(signal: Signal, message: str, phrases: Sequence[str]) -> bool:
    lowered = message.lower()
    found = [phrase for phrase in phrases if phrase in lowered]
    return bool(found) and not is_name_list(message) and any(mentions(message, phrase) for phrase in found)


def evidence(question: Question, messages: Sequence[str]) -> list[Evidence]:
    """Every signal of the question the messages show, with the first message that shows it."""
    found: list[Evidence] = []
    everything = "\n".join(messages).lower()
    for phase, signal in question.signals():
        # Plain substring tests first (fast): most phrases appear nowhere in the transcript.
        present = [phrase for phrase in signal.detect if phrase in everything]
        if not present:
            continue
        quote_text = next((message for message in messages if _shows(signal, message, present)), None)
        if quote_text is not None:
            found.append(Evidence(signal, phase, quote_text))
    return found


def covered_areas(found: Iterable[Evidence]) -> set[Area]:
    """The areas the question's signals in `found` belong to."""
    return {item.signal.area for item in found}


def area_mentions(text: str) -> set[Area]:
    """The areas a piece of text talks about, negated or not (for reading a probe's question)."""
    return {area for clause, _ in clauses(text) for area in _hits(clause)}
