"""Area coverage as candidates really write: jargon, numbers, negation, hedges, typos, bullets."""

from __future__ import annotations

import pytest

from handlers.barraiser.coverage import Status, analyse, covered
from handlers.barraiser.models import BarRaiserRequest, Line
from question_bank import Area, Level, Phase, QuestionBank


@pytest.mark.parametrize(
    ("said", "area"),
    [
        ("We'd page on-call when p99 crosses 300 ms for five minutes.", Area.MONITORING),
        ("DDB streams into SQS; consumers are at-least-once, so we dedupe on the order id.", Area.IDEMPOTENCY),
        ("k8s rolling deploys behind a canary, and we roll back on a bad error rate.", Area.OPERATIONS),
        ("10M/day is about 115/s, so with 10x peak that's ~1,150/s.", Area.ESTIMATION),
        ("We expect 10M orders a day.", Area.SCALE),
        ("Storage grows ~7 TB/yr.", Area.SCALE),
        ("- cache: hot links in memory, ttl 1h, LRU eviction", Area.CACHING),
        ("we add exponental backof on the provder calls, 3 tries", Area.FAILURE),
        ("If payment service is not answering, we are retrying with backoff and showing pending.", Area.FAILURE),
        ("Eventual consistency is fine for the feed, because a few seconds stale is not a problem.", Area.CONSISTENCY),
        ("Spot instances for the batch job, it's way cheaper.", Area.COST),
        ("The shopper waits on that page, so confirmation under a second.", Area.CUSTOMER),
    ],
)
def test_an_area_said_in_the_candidates_own_words_counts(said: str, area: Area) -> None:
    assert area in covered(analyse([said]))


@pytest.mark.parametrize(
    ("said", "area"),
    [
        ("No cache for now.", Area.CACHING),
        ("I won't go into latency or availability targets at all.", Area.CUSTOMER),
        ("I have no idea about the number of links per second.", Area.SCALE),
        ("Maybe we retry?", Area.FAILURE),
        ("Monitoring, I should probably have some, maybe count the rejections?", Area.MONITORING),
        ("Standby costs money. Maybe worth it, didn't run numbers.", Area.COST),
        ("Prometheus, Grafana, Datadog, OpenTelemetry, the usual observability stack.", Area.MONITORING),
    ],
)
def test_a_negated_or_hedged_mention_is_not_a_decision(said: str, area: Area) -> None:
    findings = analyse([said])
    assert area not in covered(findings)
    assert findings[area].status is Status.HEDGED


def test_a_guarantee_stated_with_never_is_a_decision() -> None:
    assert Area.IDEMPOTENCY in covered(analyse(["A customer is never charged twice for one order."]))


def test_a_list_of_names_covers_nothing() -> None:
    assert not covered(analyse(["Kafka, DynamoDB, Redis, Kubernetes, Istio, and Lambda. Very cloud native."]))


def test_only_the_candidates_lines_count(bank: QuestionBank) -> None:
    question = bank.get("url-shortener")
    assert question is not None
    lines = (Line("interviewer", "How would you monitor it and what would you cache?", False), Line("maya", "Hmm."))
    request = BarRaiserRequest(question, Phase.DEEP_DIVE, Level.SDE2, lines)
    assert analyse(request.candidate_messages) == {}
