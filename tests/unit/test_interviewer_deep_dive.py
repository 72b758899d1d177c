"""The deep dive: what the design lacks, worded for the question, nothing presupposed, never repeated."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.deep_dive_eval import measure
from bench.judge import judge
from handlers.barraiser.coverage import analyse, covered
from handlers.barraiser.generic import presupposes
from handlers.interviewer.deep_dive import DEEP_DIVE_AREAS, choose_deep_dive
from question_bank import Area, QuestionBank

# Held-out figures reached when the split was measured once, after tuning ended: floors, not targets.
# First measured 0.897 (52 of 58) and 0.916 (87 of 95) on sets A-C; remeasured with set D's held-out files
# (never tuned on) and the bar raiser's later vocabulary: 0.875 of 80, 0.893 of 131.
HELDOUT_LACK_HIT = 0.875  # transcripts in the high-level, deep-dive and trade-offs phases
HELDOUT_LACK_HIT_ALL = 0.89  # every phase
HELDOUT_AREA_AGREES = 1.0

SCALE_AND_CACHING = [
    "We should plan for 10 million daily users, about 5,000 requests per second at peak.",
    "Reads go through a Redis cache in front of Postgres with a five minute TTL, and we invalidate the entry on "
    "every write.",
]
# Sentences a candidate might say, each settling one area or none (for generated transcripts).
SENTENCES = [
    *SCALE_AND_CACHING,
    "The user opens the app and sees their list.",
    "The service writes the row and returns the id.",
    "If the database is down we retry three times with backoff and then fail fast with a clear error.",
    "Every request carries an idempotency key, so a retry never creates a second order.",
    "We alert when p99 latency goes over 500 ms for five minutes.",
    "Maybe we need a cache at some point, not sure.",
    "We would use Kafka between the writer and the indexer.",
    "Writes go to the leader and reads may be a second stale, which is fine for this feed.",
]


def test_caching_and_scale_covered_with_nothing_on_failure_gets_a_failure_deep_dive(bank: QuestionBank) -> None:
    assert covered(analyse(SCALE_AND_CACHING)) == {Area.SCALE, Area.CACHING}
    for question in bank:
        choice = choose_deep_dive(question, SCALE_AND_CACHING)
        assert choice.area is Area.FAILURE, question.id
        assert "failure" in judge(choice.opening), choice.opening
        assert "caching" not in judge(choice.opening), choice.opening


def test_a_settled_area_is_never_chosen_while_a_deep_dive_area_is_left(bank: QuestionBank) -> None:
    said = [*SCALE_AND_CACHING, SENTENCES[4], SENTENCES[5]]
    settled = covered(analyse(said))
    assert {Area.FAILURE, Area.IDEMPOTENCY} <= settled
    question = bank.get("order-management")
    assert question is not None
    already: list[str] = []
    for _ in range(len(DEEP_DIVE_AREAS) - len(settled & set(DEEP_DIVE_AREAS))):
        choice = choose_deep_dive(question, said, already)
        assert choice.area not in settled
        already.append(choice.topic)


def test_an_only_hedged_area_is_still_worth_a_deep_dive(bank: QuestionBank) -> None:
    said = [SENTENCES[4], SENTENCES[5], "Not sure about consistency, maybe eventual is fine, it depends."]
    question = bank.get("url-shortener")
    assert question is not None
    assert choose_deep_dive(question, said).area is Area.CONSISTENCY


def test_the_opening_uses_the_questions_own_probe_when_it_names_nothing_unsaid(bank: QuestionBank) -> None:
    question = bank.get("order-management")
    assert question is not None
    choice = choose_deep_dive(question, ["The order service writes the order and calls the payment service."])
    own = [probe.text for probe in (*question.failure_probes, *question.deep_dive_probes)]
    assert choice.opening.startswith("Let's go deeper on")
    assert any(text in choice.opening for text in own)


@pytest.mark.parametrize("question_id", ["order-management", "url-shortener", "notification-system", "leaderboard"])
def test_no_component_the_candidate_never_mentioned_is_named(bank: QuestionBank, question_id: str) -> None:
    question = bank.get(question_id)
    assert question is not None
    said = ["Clients call one service that stores everything in a single table."]
    already: list[str] = []
    for _ in range(8):
        choice = choose_deep_dive(question, said, already)
        assert not presupposes(choice.opening, " ".join(said)), choice.opening
        assert not any(presupposes(text, " ".join(said)) for text in choice.follow_ups)
        already.append(choice.topic)


def test_no_area_or_topic_is_repeated_in_a_mock(bank: QuestionBank) -> None:
    question = bank.get("payment-system")
    assert question is not None
    already: list[str] = []
    openings = set()
    for _ in range(len(DEEP_DIVE_AREAS)):
        choice = choose_deep_dive(question, SCALE_AND_CACHING, already)
        assert choice.topic not in already
        assert choice.area.value not in {topic.split(":")[0] for topic in already}
        openings.add(choice.opening)
        already.append(choice.topic)
    assert len(openings) == len(DEEP_DIVE_AREAS)
    # Past every area, a new topic of an area is still found rather than the same opening again.
    assert choose_deep_dive(question, SCALE_AND_CACHING, already).opening not in openings


def test_an_area_named_in_already_is_skipped(bank: QuestionBank) -> None:
    question = bank.get("url-shortener")
    assert question is not None
    assert choose_deep_dive(question, SCALE_AND_CACHING, ["failure"]).area is Area.IDEMPOTENCY


def test_follow_ups_stay_on_the_area_and_give_nothing_away(bank: QuestionBank) -> None:
    question = bank.get("ticket-booking")
    assert question is not None
    already: list[str] = []
    for _ in range(len(DEEP_DIVE_AREAS)):
        choice = choose_deep_dive(question, [], already)
        assert 1 <= len(choice.follow_ups) <= 2
        for text in choice.follow_ups:
            assert text.endswith("?") and len(text.split()) <= 16
            lowered = text.lower()
            assert not any(word in lowered for word in ("idempotency key", "circuit breaker", "backoff", "ttl"))
        already.append(choice.topic)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), max_size=6), st.sampled_from(["order-management", "chat-system"]))
def test_any_transcript_gets_an_opening_on_its_own_area_naming_nothing_unsaid(
    bank: QuestionBank, said: list[str], question_id: str
) -> None:
    question = bank.get(question_id)
    assert question is not None
    choice = choose_deep_dive(question, said)
    settled = covered(analyse(said))
    assert choice.area in DEEP_DIVE_AREAS
    assert choice.area not in settled or set(DEEP_DIVE_AREAS) <= settled
    assert not presupposes(choice.opening, " ".join(said))


def test_held_out_transcripts_stay_at_the_measured_figures() -> None:
    figures = measure("heldout-abcd")  # the sets it was measured on (the later sets: see the data README)
    assert (figures["cases"], figures["cases_all"]) == (80, 131)
    assert figures["lack_hit"] >= HELDOUT_LACK_HIT
    assert figures["lack_hit_all"] >= HELDOUT_LACK_HIT_ALL
    assert figures["area_agrees"] >= HELDOUT_AREA_AGREES


def test_the_later_held_out_sets_stay_at_their_first_measured_figures() -> None:
    """Sets E-K (second session), never tuned on by the deep-dive choice, run once: 0.909 of 198."""
    figures = measure("heldout-e-k")
    assert figures["cases"] == 198
    assert figures["lack_hit"] >= 0.909
