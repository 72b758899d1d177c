"""Who practises with whom this round (pure: people in, pairs out, no I/O).

Pairs maximise total compatibility: real-time availability overlap (time zones already applied:
hours of the week in UTC), level (same or adjacent), and roles (who owes whom an interviewer
turn); never a partner from the last N rounds, never a pair either member blocked. Roles: whoever
owes an interviewer turn interviews; on a tie, whoever interviewed longest ago. Exact
maximum-weight matching (rustworkx's blossom) runs inside buckets of about a thousand people
(time-of-day band x level), then once more across everyone left over, so 100,000 people stay
fast while the result stays close to the optimum.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import rustworkx

RoleWish = Literal["candidate", "interviewer", "either"]
LEVEL_ORDER = {"sde1": 1, "sde2": 2, "sde3": 3}
HOURS_IN_WEEK = 168
BUCKET_SIZE = 1000
CANDIDATES_PER_PERSON = 12  # in large pools, the best few compatible partners each: near-optimal and fast
DENSE_UP_TO = 300  # pools this small keep every compatible pair


@dataclass(frozen=True)
class Person:
    """A pool member as matching sees them, for one round's week."""

    id: str
    level: str
    hours: frozenset[int]  # hours of the week (0 = Monday 00:00 UTC) this person can practise
    wish: RoleWish = "either"
    interviewer_debt: int = 0  # interviews taken as candidate minus interviews given
    carried: bool = False  # left out last round: goes first this time
    last_interviewed: datetime | None = None  # when this person last had the interviewer's seat (None: never)
    recent_partners: frozenset[str] = field(default_factory=frozenset)
    blocked: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Pair:
    """A candidate and an interviewer matched, with their shared hours."""

    candidate: str
    interviewer: str
    weight: float
    overlap: frozenset[int]


@dataclass(frozen=True)
class Round:
    """One round's pairs, at most one trio, and who was left out."""

    pairs: list[Pair]
    # (candidate, interviewer, second interviewer): the odd one out joined a pair, and the three took seats
    # by the same rule as a pair. Its candidate and interviewer are also one of `pairs`.
    trio: tuple[str, str, str] | None
    carried: list[str]  # nobody to pair with: first in line next round


def repeat_window(pool_size: int) -> int:
    """How many past rounds' partners are off limits: fewer in small pools so nobody runs dry."""
    return max(0, min(6, (pool_size - 2) // 2))


def compatible(a: Person, b: Person) -> bool:
    """Whether two people may be paired: not blocked, not recent partners, levels at most one apart, hours shared."""
    return (
        a.id != b.id
        and b.id not in a.blocked
        and a.id not in b.blocked
        and b.id not in a.recent_partners
        and a.id not in b.recent_partners
        and abs(LEVEL_ORDER.get(a.level, 2) - LEVEL_ORDER.get(b.level, 2)) <= 1
        and bool(a.hours & b.hours)
    )


_WISH_ORDER = {"interviewer": 0, "either": 1, "candidate": 2}  # on a full tie, a wish to interview goes first


def _interviews_first(person: Person) -> tuple[int, float, int, str]:
    """Who takes an interviewer's seat first: most owed turns, then longest since interviewing, then wish."""
    since = person.last_interviewed.timestamp() if person.last_interviewed else float("-inf")
    return -person.interviewer_debt, since, _WISH_ORDER[person.wish], person.id


def seats(people: Iterable[Person]) -> list[Person]:
    """Everyone in the order they take seats: interviewers first, the candidate last."""
    return sorted(people, key=_interviews_first)


def roles(a: Person, b: Person) -> tuple[Person, Person]:
    """(candidate, interviewer): whoever owes an interviewer turn interviews; on a tie, who interviewed longest ago."""
    # Compared step by step, not through `seats`: this runs for every candidate edge of a large pool.
    if a.interviewer_debt != b.interviewer_debt:
        return (b, a) if a.interviewer_debt > b.interviewer_debt else (a, b)
    if a.last_interviewed != b.last_interviewed:
        a_first = b.last_interviewed is not None and (
            a.last_interviewed is None or a.last_interviewed < b.last_interviewed
        )
        return (b, a) if a_first else (a, b)
    return (b, a) if (_WISH_ORDER[a.wish], a.id) < (_WISH_ORDER[b.wish], b.id) else (a, b)


def weight(a: Person, b: Person) -> float:
    """How good a pair is: shared hours, level, wished roles, owed turns and who waited."""
    overlap = min(len(a.hours & b.hours), 10)  # beyond ten shared hours, more does not help
    level = 3.0 if a.level == b.level else 1.0
    candidate, interviewer = roles(a, b)
    wishes = (candidate.wish in ("candidate", "either")) + (interviewer.wish in ("interviewer", "either"))
    debt = 2.0 if abs(a.interviewer_debt - b.interviewer_debt) >= 1 else 0.0  # settles who owes a turn
    priority = 5.0 * (a.carried + b.carried)
    return 1.0 + overlap + level + 1.5 * wishes + debt + priority


def _band(person: Person) -> int:
    """A coarse time-of-day band (UTC) for bucketing: people who can meet tend to share one."""
    if not person.hours:
        return 0
    return (sorted(hour % 24 for hour in person.hours)[len(person.hours) // 2]) // 6


def _buckets(people: Sequence[Person]) -> list[list[Person]]:
    """Slices of about BUCKET_SIZE people who are near in time of day and level (one slice when small)."""
    ordered = sorted(people, key=lambda person: (_band(person), LEVEL_ORDER.get(person.level, 2), person.id))
    count = max(1, round(len(ordered) / BUCKET_SIZE))
    size = -(-len(ordered) // count) if ordered else 0
    return [ordered[start : start + size] for start in range(0, len(ordered), size)] if ordered else []


def _edges(people: Sequence[Person]) -> list[tuple[int, int, float]]:
    """Compatible pairs as weighted edges: all of them in a small pool, the best few per person in a
    large one (a sparse graph keeps exact matching fast)."""
    by_hour: dict[int, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for hour in sorted(person.hours):
            by_hour[hour].append(index)
    keep = len(people) if len(people) <= DENSE_UP_TO else CANDIDATES_PER_PERSON
    # A stable, unbiased order among equally good partners (not "highest id first"): the pair's XOR of hashes.
    ranks = [zlib.crc32(person.id.encode()) for person in people]
    edges: dict[tuple[int, int], float] = {}
    for index, person in enumerate(people):
        seen: set[int] = set()
        options: list[tuple[float, int, int]] = []
        enough = keep * 4  # in a large pool, the first few dozen compatible people hold the best partners
        for hour in sorted(person.hours):
            for other in by_hour[hour]:
                if other != index and other not in seen:
                    seen.add(other)
                    if compatible(person, people[other]):
                        options.append((weight(person, people[other]), ranks[index] ^ ranks[other], other))
            if len(options) >= enough:
                break
        for score, _, other in sorted(options, reverse=True)[:keep]:
            edges[(min(index, other), max(index, other))] = score
    return [(a, b, score) for (a, b), score in sorted(edges.items())]


def _exact(people: Sequence[Person]) -> list[tuple[Person, Person]]:
    graph: rustworkx.PyGraph = rustworkx.PyGraph()
    graph.add_nodes_from(range(len(people)))
    for a, b, score in _edges(people):
        graph.add_edge(a, b, score)
    # As many pairs as possible first (nobody left out who could practise), then the most compatible.
    matched = rustworkx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda score: int(score * 100))
    return [(people[a], people[b]) for a, b in matched]


def _pair(a: Person, b: Person) -> Pair:
    candidate, interviewer = roles(a, b)
    return Pair(candidate.id, interviewer.id, weight(a, b), a.hours & b.hours)


def match(people: Iterable[Person]) -> Round:
    """Pair everyone who can be paired; the odd one out joins a trio, or is carried with priority."""
    pool = sorted(people, key=lambda person: person.id)
    pairs: list[tuple[Person, Person]] = []
    leftovers: list[Person] = []
    for bucket in _buckets(pool):
        found = _exact(bucket)
        pairs.extend(found)
        taken = {person.id for pair in found for person in pair}
        leftovers.extend(person for person in bucket if person.id not in taken)
    found = _exact(leftovers)
    pairs.extend(found)
    taken = {person.id for pair in found for person in pair}
    alone = [person for person in leftovers if person.id not in taken]
    trio = None
    carried = []
    for odd in alone:  # one odd person joins a pair; anyone else left is carried with priority
        joinable = [pair for pair in pairs if _can_join(odd, *pair)]
        if trio is None and joinable:
            best = max(joinable, key=lambda pair: weight(odd, pair[0]) + weight(odd, pair[1]))
            first, second, candidate = seats((*best, odd))
            trio = (candidate.id, first.id, second.id)
            pairs[pairs.index(best)] = (candidate, first)
        else:
            carried.append(odd.id)
    return Round(pairs=[_pair(a, b) for a, b in pairs], trio=trio, carried=carried)


def _can_join(odd: Person, a: Person, b: Person) -> bool:
    """The odd one out can make a trio with a pair they are compatible with, at hours all three share."""
    return compatible(odd, a) and compatible(odd, b) and bool(odd.hours & a.hours & b.hours)


def total_weight(round_: Round) -> float:
    """The sum of the round's pair weights."""
    return sum(pair.weight for pair in round_.pairs)
