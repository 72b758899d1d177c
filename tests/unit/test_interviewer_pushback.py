"""Pushback: an undecided trade-off, a request for the design, and components named with no reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.interviewer.pushback import (
    COUNTER,
    PICK_ONE,
    asks_for_design,
    undecided,
    unexplained_components,
    why_question,
)

OPEN_PHRASES = ["It depends.", "Both are fine.", "Either works.", "It could go either way.", "There are pros and cons."]
COMPONENTS = ["Kafka", "SQS", "Redis", "DynamoDB", "Cassandra", "Postgres", "MySQL", "Elasticsearch", "S3", "ZooKeeper"]


def test_the_interviewers_lines() -> None:
    assert PICK_ONE == "Pick one and defend it."
    assert COUNTER == "What would you choose, and why?"


@pytest.mark.parametrize(
    "text",
    [
        "It depends.",
        "Honestly it depends on the workload.",
        "SQL or NoSQL, both are fine here.",
        "Either works for this.",
        "Could go either way, to be honest.",
        "There are pros and cons to each.",
        "There are pros and cons, I can't pick one.",
        "I wouldn't pick either yet, it depends on traffic.",
        "It depends on how busy it is.",
        "It depends on what we use it for.",
        "Both are fine; it depends on which team wins the argument.",
    ],
)
def test_an_answer_that_does_not_decide_is_undecided(text: str) -> None:
    assert undecided(text)


@pytest.mark.parametrize(
    "text",
    [
        "It depends, but I'd pick Postgres because we need transactions.",
        "It depends on the read ratio: for this read-heavy feed I'd pick Cassandra.",
        "Both are fine, but we'll go with SQS since it's managed.",
        "Either works; my choice is DynamoDB for single-digit ms reads.",
        "It doesn't depend on traffic here: Postgres, because the data is relational.",
        "I don't think it depends; a queue is the right call.",
        "We'll use Redis for the counters.",
        "Postgres, because orders need transactions.",
        "There are pros and cons. So Postgres it is.",
    ],
)
def test_an_answer_with_a_pick_or_without_hedging_is_not_undecided(text: str) -> None:
    assert not undecided(text)


@given(st.sampled_from(OPEN_PHRASES), st.sampled_from(COMPONENTS), st.sampled_from(["I'd pick", "I'd go with"]))
def test_any_open_phrase_followed_by_a_pick_is_a_decision(opening: str, component: str, verb: str) -> None:
    assert undecided(opening)
    assert not undecided(f"{opening} {verb} {component} because it fits the access pattern.")


@pytest.mark.parametrize(
    "text",
    [
        "What database should I use?",
        "Should I use Kafka?",
        "Should we shard by user id?",
        "Is sharding by user id right?",
        "Which is better, SQS or Kafka?",
        "Would you go with DynamoDB here?",
        "How should I partition the messages table?",
        "OK so the writes go to one node. What would you use for the queue?",
        "Is Redis the right choice for the counters?",
    ],
)
def test_asking_the_interviewer_to_choose_is_a_design_question(text: str) -> None:
    assert asks_for_design(text)


@pytest.mark.parametrize(
    "text",
    [
        "How many users are there?",
        "What's the expected QPS at peak?",
        "Should we support custom aliases?",
        "Is 10M daily users the right number?",
        "Do links expire?",
        "I'll use Kafka because consumers need replay.",
        "Which regions do we serve?",
    ],
)
def test_requirement_questions_and_statements_are_not_design_questions(text: str) -> None:
    assert not asks_for_design(text)


@given(
    st.sampled_from(["users", "orders a day", "requests per second", "regions", "messages a day"]),
    st.sampled_from(["How many {} are there?", "How many {} should we expect?", "Roughly how many {} at peak?"]),
)
def test_how_many_questions_are_never_design_questions(noun: str, template: str) -> None:
    assert not asks_for_design(template.format(noun))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll put Kafka between them and store in Cassandra.", ["Kafka", "Cassandra"]),
        ("We use Redis because reads dominate.", []),
        ("Postgres for orders since we need transactions, and S3 for images.", ["S3"]),
        ("Since reads dominate, Redis sits in front.", []),
        ("A queue between the API and the workers, so that a slow provider never blocks the API.", []),
        ("We put a load balancer in front and a cache next to the service.", ["load balancer", "cache"]),
        ("We use a Redis cache.", ["Redis"]),
        ("No Kafka, just SQS.", ["SQS"]),
        ("SQS rather than Kafka, to avoid running brokers.", []),
        ("Should I use Kafka?", []),
        ("Events go to Kinesis. That's because we need replay for the analytics jobs.", []),
        ("The client calls the service and gets an id back.", []),
    ],
)
def test_components_named_with_no_reason_are_listed(text: str, expected: list[str]) -> None:
    assert unexplained_components(text) == expected


@given(st.sampled_from(COMPONENTS), st.sampled_from(["because", "since", "so that", "to avoid", "which lets"]))
def test_a_component_with_a_reason_is_never_listed(component: str, reason: str) -> None:
    assert unexplained_components(f"We store it in {component} {reason} the reads stay fast.") == []
    assert unexplained_components(f"We store it in {component}.") == [component]


@pytest.mark.parametrize(
    ("component", "question"),
    [
        ("Kafka", "Why Kafka here, rather than something simpler?"),
        ("cache", "Why a cache here, rather than something simpler?"),
        ("API gateway", "Why an API gateway here, rather than something simpler?"),
    ],
)
def test_why_question_names_the_component(component: str, question: str) -> None:
    assert why_question(component) == question
