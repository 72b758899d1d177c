"""/stats's pair series (pure): pairs made, meetings held and no-shows per ISO week."""

from __future__ import annotations

from datetime import UTC, date, datetime

from handlers.pairing.state import PairRecord
from handlers.progress import week_of
from handlers.stats import per_week, week_days


def pair(pair_id: str, made: datetime, outcome: str) -> PairRecord:
    return PairRecord(
        id=pair_id, channel_id="C1", candidate="a", interviewer="b", question_id="q", thread_id="t",
        thread_name="Pair", made_at=made, outcome=outcome,  # type: ignore[arg-type]
    )  # fmt: skip


def test_pairs_are_counted_in_the_week_they_were_made_by_outcome() -> None:
    weeks = [week_of(day) for day in week_days(date(2026, 11, 30), 3)]
    pairs = [
        pair("1", datetime(2026, 11, 17, tzinfo=UTC), "met"),
        pair("2", datetime(2026, 11, 24, tzinfo=UTC), "no-show"),
        pair("3", datetime(2026, 11, 25, tzinfo=UTC), "met"),
        pair("4", datetime(2026, 11, 30, tzinfo=UTC), "pending"),
        pair("5", datetime(2026, 1, 5, tzinfo=UTC), "met"),  # long before the weeks shown
    ]
    assert weeks == ["2026-W47", "2026-W48", "2026-W49"]
    assert per_week(pairs, weeks) == (1.0, 2.0, 1.0)
    assert per_week(pairs, weeks, "met") == (1.0, 1.0, 0.0)
    assert per_week(pairs, weeks, "no-show") == (0.0, 1.0, 0.0)
