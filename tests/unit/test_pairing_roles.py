"""Who interviews: whoever owes an interviewer turn; on a tie, whoever interviewed longest ago (pure)."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.pairing.matching import Person, match, repeat_window, roles, seats

EVENINGS = frozenset(range(18, 22))
MONDAY = datetime(2026, 1, 5, 18, tzinfo=UTC)


def test_whoever_owes_an_interviewer_turn_interviews_whatever_they_wished() -> None:
    owes = Person("owes", "sde2", EVENINGS, wish="candidate", interviewer_debt=1)
    owed = Person("owed", "sde2", EVENINGS, wish="interviewer", last_interviewed=None)
    candidate, interviewer = roles(owes, owed)
    assert (candidate.id, interviewer.id) == ("owed", "owes")


@pytest.mark.parametrize(
    ("first_seat", "second_seat", "interviews"),
    [
        (MONDAY, MONDAY + timedelta(days=7), "first"),  # the one who interviewed longest ago
        (MONDAY + timedelta(days=7), MONDAY, "second"),
        (None, MONDAY, "first"),  # never interviewed is longest ago
        (MONDAY, None, "second"),
    ],
)
def test_on_a_tie_whoever_interviewed_longest_ago_interviews(
    first_seat: datetime | None, second_seat: datetime | None, interviews: str
) -> None:
    first = Person("first", "sde2", EVENINGS, wish="candidate", last_interviewed=first_seat)
    second = Person("second", "sde2", EVENINGS, wish="interviewer", last_interviewed=second_seat)
    assert roles(first, second)[1].id == interviews
    assert roles(second, first)[1].id == interviews


def test_a_trio_seats_the_two_who_owe_most_as_interviewers() -> None:
    people = [
        Person("a", "sde2", EVENINGS, interviewer_debt=-1, last_interviewed=MONDAY),
        Person("b", "sde2", EVENINGS, interviewer_debt=1, last_interviewed=MONDAY),
        Person("c", "sde2", EVENINGS, interviewer_debt=-1, last_interviewed=MONDAY - timedelta(days=7)),
    ]
    result = match(people)
    assert result.trio == ("a", "b", "c")  # candidate a; b owes a turn; c interviewed longer ago than a
    [pair] = result.pairs
    assert (pair.candidate, pair.interviewer) == ("a", "b")


def test_a_trio_needs_hours_all_three_share() -> None:
    people = [
        Person("a", "sde2", frozenset({18, 19})),
        Person("b", "sde2", frozenset({18, 19, 20})),
        Person("c", "sde2", frozenset({20})),  # meets b, not a
    ]
    result = match(people)
    assert result.trio is None
    assert len(result.pairs) == 1 and len(result.carried) == 1


@dataclass
class Played:
    groups: list[tuple[str, ...]]  # (candidate, interviewer[, second interviewer])
    seats: dict[str, int]  # candidate seats minus interviewer seats before the round: what each owed
    last: dict[str, int]  # the round each last interviewed in, before this one


def play(people: list[Person], rounds: int, rng: random.Random, meets: float) -> list[Played]:
    """Rounds as the service runs them: seats counted unless a no-show calls them off, partners not repeated."""
    seats: Counter[str] = Counter()
    last: dict[str, int] = {}
    played: list[Played] = []
    window = repeat_window(len(people))
    for number in range(rounds):
        recent: dict[str, set[str]] = {person.id: set() for person in people}
        for past in played[-window:] if window else []:
            for group in past.groups:
                for person in group:
                    recent[person].update(other for other in group if other != person)
        pool = [
            replace(p, interviewer_debt=seats[p.id], recent_partners=frozenset(recent[p.id]),
                    last_interviewed=MONDAY + timedelta(days=7 * last[p.id]) if p.id in last else None)
            for p in people
        ]  # fmt: skip
        result = match(pool)
        groups: list[tuple[str, ...]] = []
        for pair in result.pairs:
            trio = result.trio if result.trio and result.trio[:2] == (pair.candidate, pair.interviewer) else None
            groups.append(trio or (pair.candidate, pair.interviewer))
        played.append(Played(groups, dict(seats), dict(last)))
        for candidate, *interviewers in groups:
            for interviewer in interviewers:
                last[interviewer] = number
            if rng.random() < meets:  # met or unanswered: the seats stand; a no-show calls them off
                seats[candidate] += 1
                for interviewer in interviewers:
                    seats[interviewer] -= 1
    return played


def test_two_people_swap_roles_every_one_of_twenty_rounds() -> None:
    ghost, root = Person("ghost", "sde2", EVENINGS), Person("root", "sde2", EVENINGS)
    played = play([ghost, root], 20, random.Random(1), meets=1.0)
    candidates = [round_.groups[0][0] for round_ in played]
    assert all(this != after for this, after in itertools.pairwise(candidates))


def test_three_people_take_the_candidate_seat_in_turn_over_twenty_one_rounds() -> None:
    people = [Person(name, "sde2", EVENINGS) for name in ("ghost", "root", "alice")]
    played = play(people, 21, random.Random(2), meets=1.0)
    assert all(len(round_.groups) == 1 and len(round_.groups[0]) == 3 for round_ in played)
    candidates = [round_.groups[0][0] for round_ in played]
    for start in range(0, 21, 3):  # every three rounds, each of the three is candidate once
        assert sorted(candidates[start : start + 3]) == ["alice", "ghost", "root"]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=9), st.integers(), st.sampled_from([1.0, 0.7]))
def test_over_twenty_rounds_whoever_owes_a_turn_interviews(size: int, seed: int, meets: float) -> None:
    rng = random.Random(seed)
    wishes = ["candidate", "interviewer", "either"]
    people = [Person(f"p{number}", "sde2", EVENINGS, rng.choice(wishes)) for number in range(size)]  # type: ignore[arg-type]
    for played in play(people, 20, rng, meets):
        owed, last = played.seats, played.last
        for candidate, *interviewers in played.groups:
            for interviewer in interviewers:
                # The interviewer owed more, or as much and interviewed no more recently (never = longest ago).
                assert (owed.get(interviewer, 0), -last.get(interviewer, -1)) >= (
                    owed.get(candidate, 0),
                    -last.get(candidate, -1),
                )


@pytest.mark.parametrize("size", [2, 4, 6, 8, 10])
def test_in_pools_of_pairs_everyone_stays_within_one_turn_over_twenty_rounds(size: int) -> None:
    people = [Person(f"p{number}", "sde2", EVENINGS) for number in range(size)]
    played = play(people, 21, random.Random(size), meets=1.0)
    final: Counter[str] = Counter(played[-1].seats)
    for candidate, *interviewers in played[-1].groups:
        final[candidate] += 1
        for interviewer in interviewers:
            final[interviewer] -= 1
    assert max(abs(value) for value in final.values()) <= 1


people = st.builds(
    Person,
    id=st.sampled_from(["a", "b", "c"]),
    level=st.just("sde2"),
    hours=st.just(EVENINGS),
    wish=st.sampled_from(["candidate", "interviewer", "either"]),
    interviewer_debt=st.integers(-2, 2),
    last_interviewed=st.none() | st.sampled_from([MONDAY, MONDAY + timedelta(days=7)]),
)


@given(people, people)
def test_a_pair_and_a_trio_seat_people_by_the_same_rule(a: Person, b: Person) -> None:
    b = replace(b, id=a.id + "2")
    candidate, interviewer = roles(a, b)
    assert [interviewer.id, candidate.id] == [person.id for person in seats([a, b])]
    assert roles(b, a) == (candidate, interviewer)
