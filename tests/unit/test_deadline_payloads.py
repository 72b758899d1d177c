"""Deadline payloads are models; entries queued by the release before them read and write the same."""

from __future__ import annotations

import json

import pytest

from bot.deadlines import DeadlinePayload
from handlers.daily.service import DailyDue
from handlers.mock.service import BarRaiserTurn, MockDue
from handlers.pairing.service import PairFollowUp, PairNowExpired, PairRoundDue
from handlers.prep.commands import CheckinDue


def as_written_before(kind: str, **payload: object) -> str:
    """How the release before payload models wrote a queue entry."""
    return json.dumps({"kind": kind, **payload}, sort_keys=True, separators=(",", ":"))


QUEUED_BEFORE = [
    (MockDue, as_written_before("mock", ws="T1", sid="a1b2c3d4", v=3, e="start:2")),
    (MockDue, as_written_before("mock", ws="T1", sid="a1b2c3d4", v=0, e="status")),
    (BarRaiserTurn, as_written_before("barraiser", ws="T1", sid="a1b2c3d4", what="deep-dive")),
    (BarRaiserTurn, as_written_before("barraiser", ws="T1", sid="a1b2c3d4", what="lp")),
    (DailyDue, as_written_before("daily", ws="G1", ch="C9", v=2, due="2026-03-30T09:30:00-04:00")),
    (CheckinDue, as_written_before("prep-checkin", ws="G1", uid="42", v=1, due="2026-03-08T18:00:00+00:00")),
    (PairRoundDue, as_written_before("pair-round", ws="T1", ch="C5", v=4, due="2026-03-03T17:00:00+05:30")),
    (PairFollowUp, as_written_before("pair-followup", ws="T1", ch="C5", pair="9f8e7d6c")),
    (PairNowExpired, as_written_before("pair-now-expired", ws="T1", ch="C5", user="U1")),
]


@pytest.mark.parametrize(("model", "member"), QUEUED_BEFORE)
def test_an_entry_queued_before_reads_and_is_written_the_same(model: type[DeadlinePayload], member: str) -> None:
    data = json.loads(member)
    assert data.pop("kind") == model.KIND
    payload = model.model_validate(data)
    assert payload.member() == member  # the same entry: rescheduling it cannot duplicate it


def test_fields_have_names_on_the_code_side_and_short_keys_on_the_wire() -> None:
    due = DailyDue.model_validate({"ws": "G1", "ch": "C9", "v": 2, "due": "2026-03-30T09:30:00-04:00"})
    assert (due.workspace, due.channel_id, due.version, due.due.isoformat()) == (
        "G1",
        "C9",
        2,
        "2026-03-30T09:30:00-04:00",
    )


def test_a_bar_raiser_turn_must_be_one_it_knows() -> None:
    with pytest.raises(ValueError, match="what"):
        BarRaiserTurn.model_validate({"ws": "T1", "sid": "s", "what": "sing"})
