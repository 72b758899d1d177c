"""Matching people for peer mocks: properties that must always hold, quality, and fairness."""

from __future__ import annotations

import random
from collections import Counter

import networkx
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.pairing.matching import MatchProfile, compatible, match, repeat_window, total_weight, weight

LEVELS = ["sde1", "sde2", "sde3"]


def random_pool(size: int, rng: random.Random) -> list[MatchProfile]:
    people = []
    for number in range(size):
        start = rng.randrange(0, 168 - 6)
        hours = frozenset(range(start, start + rng.choice([2, 4, 6])))
        people.append(
            MatchProfile(f"p{number}", rng.choice(LEVELS), hours, rng.choice(["candidate", "interviewer", "either"]))
        )
    return people


@st.composite
def pools(draw: st.DrawFn) -> list[MatchProfile]:
    size = draw(st.integers(min_value=0, max_value=40))
    people = random_pool(size, random.Random(draw(st.integers())))
    ids = [person.id for person in people]
    blocked = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=10)) if ids else []
    recent = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=10)) if ids else []
    rebuilt = []
    for person in people:
        mine = frozenset(b for a, b in recent if a == person.id) | frozenset(a for a, b in recent if b == person.id)
        blocks = frozenset(b for a, b in blocked if a == person.id)
        rebuilt.append(
            MatchProfile(person.id, person.level, person.hours, person.wish, blocked=blocks, recent_partners=mine)
        )
    return rebuilt


@settings(max_examples=80, deadline=None)
@given(pools())
def test_nobody_twice_no_blocked_or_recent_pair_and_everyone_matched_or_told(people: list[MatchProfile]) -> None:
    result = match(people)
    by_id = {person.id: person for person in people}
    placed = [pid for pair in result.pairs for pid in (pair.candidate, pair.interviewer)]
    assert len(placed) == len(set(placed))
    for pair in result.pairs:
        assert compatible(by_id[pair.candidate], by_id[pair.interviewer])
    in_trio = set(result.trio or ())
    everyone = set(placed) | in_trio | set(result.carried)
    unmatched = set(by_id) - everyone
    # Whoever is left is told: carried (first in line next round) when alone, or truly incompatible.
    for person_id in unmatched:
        others = [other for other in people if other.id not in in_trio and other.id != person_id]
        assert not any(compatible(by_id[person_id], other) and other.id in unmatched for other in others)


def test_a_lone_odd_person_joins_a_compatible_pair_as_a_trio() -> None:
    hours = frozenset(range(18, 22))
    result = match([MatchProfile(name, "sde2", hours) for name in ("a", "b", "c")])
    assert len(result.pairs) == 1
    assert result.trio is not None and set(result.trio) == {"a", "b", "c"}
    assert result.carried == []


def test_someone_nobody_can_meet_is_carried_with_priority() -> None:
    result = match([MatchProfile("a", "sde2", frozenset({1})), MatchProfile("b", "sde2", frozenset({50}))])
    assert result.pairs == []
    assert sorted(result.carried) == ["a", "b"]


def test_whoever_was_candidate_more_interviews_now() -> None:
    hours = frozenset(range(10))
    [pair] = match([MatchProfile("owes", "sde2", hours, interviewer_debt=2), MatchProfile("owed", "sde2", hours)]).pairs
    assert (pair.candidate, pair.interviewer) == ("owed", "owes")


def test_levels_more_than_one_apart_are_never_paired() -> None:
    hours = frozenset(range(10))
    assert match([MatchProfile("junior", "sde1", hours), MatchProfile("senior", "sde3", hours)]).pairs == []


def test_the_repeat_window_shrinks_for_small_pools() -> None:
    assert repeat_window(2) == 0  # two people can only ever meet each other
    assert repeat_window(4) == 1
    assert repeat_window(30) == 6
    assert repeat_window(200) == 6


def optimum(people: list[MatchProfile]) -> float:
    graph = networkx.Graph()
    for index, a in enumerate(people):
        for b in people[index + 1 :]:
            if compatible(a, b):
                graph.add_edge(a.id, b.id, weight=weight(a, b))
    by_id = {person.id: person for person in people}
    return sum(weight(by_id[a], by_id[b]) for a, b in networkx.max_weight_matching(graph))


def test_total_weight_is_within_two_percent_of_the_optimum() -> None:
    rng = random.Random(5)
    for _ in range(3):
        people = random_pool(200, rng)
        assert total_weight(match(people)) >= 0.98 * optimum(people)


def test_twenty_rounds_of_thirty_people_are_fair() -> None:
    rng = random.Random(11)
    base = random_pool(30, rng)
    people = {person.id: MatchProfile(person.id, "sde2", frozenset(range(40)), "either") for person in base}
    history: list[list[tuple[str, str]]] = []
    debt: Counter[str] = Counter()  # candidate turns minus interviewer turns
    window = repeat_window(len(people))
    for _ in range(20):
        recent: dict[str, set[str]] = {pid: set() for pid in people}
        for past in history[-window:]:
            for a, b in past:
                recent[a].add(b)
                recent[b].add(a)
        pool = [
            MatchProfile(
                pid, p.level, p.hours, p.wish, interviewer_debt=debt[pid], recent_partners=frozenset(recent[pid])
            )
            for pid, p in people.items()
        ]
        result = match(pool)
        pairs = [(pair.candidate, pair.interviewer) for pair in result.pairs]
        for candidate, interviewer in pairs:
            assert interviewer not in recent[candidate]  # no repeat partner within the window
            debt[candidate] += 1
            debt[interviewer] -= 1
        assert len(pairs) == 15
        history.append(pairs)
    assert max(abs(value) for value in debt.values()) <= 1  # interviewer and candidate turns stay even
