"""The offline scorecard rests on the same evidence as the probes."""

from __future__ import annotations

from handlers.barraiser.models import BarRaiserRequest, Line, Scorecard
from handlers.barraiser.scorecard import rubric_scorecard
from question_bank import Level, Phase, QuestionBank

KEYWORD_SOUP = (
    "Redis cache, CDN, TTL, LRU eviction, hot keys.",
    "Kafka, SQS, DLQ, retries, circuit breaker, exponential backoff.",
    "Idempotency keys, dedup, exactly-once, at-least-once.",
    "Prometheus, Grafana, alerts, SLOs, tracing, dashboards.",
    "Eventual consistency, CAP, quorum, read-your-writes, transactions.",
    "Canary deploys, blue-green, feature flags, runbooks, on-call.",
    "DynamoDB, sharding, consistent hashing, replicas, multi-AZ, failover.",
    "Spot instances, reserved instances, cheaper storage tiers.",
)


def card(bank: QuestionBank, *said: str, level: Level = Level.SDE2) -> Scorecard:
    question = bank.get("url-shortener")
    assert question is not None
    lines = tuple(Line("maya", text) for text in said)
    scored = rubric_scorecard(BarRaiserRequest(question, Phase.TRADE_OFFS, level, lines))
    assert scored is not None
    return scored


def test_a_refusal_earns_nothing_and_is_not_quoted(bank: QuestionBank) -> None:
    said = (
        "I won't go into latency or availability targets at all, "
        "and I have no idea about the number of links per second."
    )
    scored = card(bank, said)
    by_phase = {score.phase: score for score in scored.phases}
    assert by_phase["requirements"].score == 1
    assert by_phase["estimation"].score == 1
    assert not any(score.evidence for score in scored.phases)
    assert scored.lean == "no hire"


def test_a_keyword_packed_transcript_does_not_pass(bank: QuestionBank) -> None:
    scored = card(bank, *KEYWORD_SOUP, level=Level.SDE3)
    assert max(score.score for score in scored.phases) <= 2
    assert scored.lean in ("lean no hire", "no hire")


def test_quotes_are_not_repeated_and_missing_text_is_whole_sentences(bank: QuestionBank) -> None:
    said = "We cache the hot links in Redis with a 1 h TTL, because reads outnumber writes 100:1."
    scored = card(bank, said, said, "About 100M new links a month, so ~40 writes/s and ~4k reads/s.")
    for score in scored.phases:
        assert len(score.evidence) == len(set(score.evidence))
        assert score.missing == "" or score.missing.endswith((".", "?", "!"))
        assert "…" not in score.missing


def test_practise_next_always_names_something_to_practise(bank: QuestionBank) -> None:
    scored = card(bank, "About 100M new links a month, so ~40 writes/s; reads 100:1 so ~4k/s.")
    assert len(scored.practise_next) == 3
    assert not any("Nothing major" in item for item in scored.practise_next)


def test_a_strong_decided_design_leans_hire(bank: QuestionBank) -> None:
    scored = card(
        bank,
        "How many links a month? Say 100M, so ~40 writes/s, and reads 100:1 so ~4k/s at average.",
        "A redirect must answer in under 50 ms, because a user clicking a link notices a slow page.",
        "Cache hot links in memory with a 1 h TTL, because 20% of links take most clicks.",
        "If the database is slow we time out after 50 ms and fall back to the cache, so redirects keep working.",
        "Creates carry an idempotency key, so a retried create returns the same code instead of a second one.",
        "We page on-call when p99 crosses 100 ms for 5 minutes or the error rate is above 1%.",
        "We deploy with a canary and roll back automatically when the error rate rises.",
        "DynamoDB on-demand is cheaper than a cluster we run ourselves at 40 writes/s.",
    )
    assert scored.lean in ("hire", "strong hire")
