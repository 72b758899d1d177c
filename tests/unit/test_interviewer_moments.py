"""The three moments that moved the lean, quoted at the end of an interviewed mock."""

from __future__ import annotations

from handlers.interviewer.moments import key_moments
from question_bank import Area


def test_the_messages_that_settled_most_are_quoted_in_the_order_they_were_said() -> None:
    messages = [
        "Hi, let me think.",
        "Retries carry an idempotency key, and if the DB is down we fail over to the replica in another AZ.",
        "We page on-call when p99 crosses 300 ms for five minutes.",
        "About 100M new links a month, so ~40 writes a second.",
        "ok",
    ]
    moments = key_moments(messages)
    assert [moment.quote for moment in moments] == messages[1:4]
    assert set(moments[0].settled) == {Area.IDEMPOTENCY, Area.FAILURE}
    assert "settled idempotency" in moments[0].line() or "settled failure" in moments[0].line()


def test_a_wrong_derivation_is_a_moment_that_settles_nothing() -> None:
    [moment] = key_moments(["So 10M links a day is about 1,000 a second."])
    assert Area.ESTIMATION not in moment.settled
    assert "the numbers were off" in moment.line()
    assert "115" in moment.line()


def test_hedges_are_moments_too_but_settle_nothing() -> None:
    [moment] = key_moments(["Maybe a cache later, not sure about monitoring."])
    assert moment.settled == ()
    assert set(moment.hedged) == {Area.CACHING, Area.MONITORING}
