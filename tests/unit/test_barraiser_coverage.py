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
        ("Managed brokers: the service premium is far less than the headcount to run them ourselves.", Area.COST),
        ("Two replicas per shard is half the disks of three full copies.", Area.COST),
        ("I would not pay for a large cluster when one node and a standby carry it.", Area.COST),
        ("Price limits sit in a config table that we can push in minutes, and a bad push rolls back.", Area.OPERATIONS),
        ("We add capacity to the fleet the week before the sale, not on the morning.", Area.OPERATIONS),
        ("The booking is a conditional update on the seat status, so one of two buyers wins.", Area.CONSISTENCY),
        ("Replicas lagging a few seconds behind is acceptable for the ranking page.", Area.CONSISTENCY),
        ("If the pricing service is unreachable we show the last price we had.", Area.FAILURE),
        ("Blocks are kept as copies on three different racks.", Area.FAILURE),
        ("Settings are read on every call, so keep them in memory and drop the entry on a change.", Area.CACHING),
        ("cache the top searches per region, ttl idk 30s, keyed by the query", Area.CACHING),
        (
            "Each write carries a client uuid and the store upserts by it, so a resend changes nothing.",
            Area.IDEMPOTENCY,
        ),
        ("If the same webhook arrives twice we look it up and skip it.", Area.IDEMPOTENCY),
        ('While the charge settles we show "processing, we\'ll email you" instead of an error.', Area.CUSTOMER),
        ("If the pricing call does not answer within 150 ms we fall back to the list price.", Area.FAILURE),
        ("Fail open.", Area.FAILURE),
        ("Stock figures on the listing can lag, a few seconds behind the warehouse.", Area.CONSISTENCY),
        ("Two hosts racing can over-admit a handful of calls; acceptable.", Area.CONSISTENCY),
        ("Shutting out every player in the lobby is worse than letting a little abuse through.", Area.CUSTOMER),
        ("How many orders a day, and how bad is the holiday peak?", Area.SCALE),
        ("What we cache is the rendered page, for 60 s, purged on edit.", Area.CACHING),
        ("So 20M a day over 86,400 s is about 230/s, right?", Area.ESTIMATION),
        ("The shopper never sees an error page while the card is retried.", Area.CUSTOMER),
        ("Datadog alerts us when checkout errors pass 2% for five minutes.", Area.MONITORING),
        ("Autoscaling on queue depth, 70% target, so the consumers keep up.", Area.OPERATIONS),
        ("Hot profiles sit in Redis as a cache with a 10 minute TTL.", Area.CACHING),
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
        ("The bill, I did not think about it yet.", Area.COST),
        ("Alerting I haven't worked through yet.", Area.MONITORING),
        ("Which graphs should we watch here?", Area.MONITORING),
        ("What would we cache", Area.CACHING),
        ("We'd have Datadog and OpenTelemetry for observability.", Area.MONITORING),
        ("Kubernetes with autoscaling handles it.", Area.OPERATIONS),
        ("We would deploy it somehow, I guess, not sure.", Area.OPERATIONS),
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


def test_a_ttl_on_a_stored_record_is_expiry_not_a_cache() -> None:
    assert Area.CACHING not in analyse(["The dedup key goes into DynamoDB with a 24h TTL."])


def test_a_number_in_an_alert_threshold_is_not_the_size_of_the_problem() -> None:
    assert Area.SCALE not in covered(analyse(["Page the owner if the backlog is > 200k messages."]))
    assert Area.MONITORING in covered(analyse(["Page the owner if the backlog is > 200k messages."]))


def test_a_kind_of_message_or_a_repeat_that_rewrites_the_same_bytes_is_not_consistency() -> None:
    assert Area.CONSISTENCY not in covered(
        analyse(["Transactional emails get their own queue, ahead of the newsletter."])
    )
    assert Area.CONSISTENCY not in covered(
        analyse(["A retried upload overwrites the same object with the same bytes."])
    )
    assert Area.CONSISTENCY in covered(
        analyse(["Order and stock are one transactional write, so they never disagree."])
    )


def test_replaying_a_stream_or_a_last_seen_time_is_not_deduplication() -> None:
    assert Area.IDEMPOTENCY not in covered(analyse(["We rebuild the index by replaying the change stream."]))
    assert Area.IDEMPOTENCY not in covered(analyse(["Profiles show online status and last seen."]))
    assert Area.IDEMPOTENCY in covered(analyse(["Event ids already seen are skipped, so a redelivery is harmless."]))
