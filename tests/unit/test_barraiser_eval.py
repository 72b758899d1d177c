"""The bar raiser against transcripts labelled by hand, its probes read by the independent judge."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.barraiser_eval import EXPECTED, cases, measure
from bench.judge import judge
from handlers.barraiser.cli import read_transcript
from handlers.barraiser.models import BarRaiserRequest
from handlers.barraiser.rubric_engine import rubric_probes
from question_bank import Level, Phase, QuestionBank

OLD_TRANSCRIPTS = sorted((Path(__file__).resolve().parents[1] / "data" / "transcripts").glob("*.txt"))


def headers(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if line.startswith("# ") and ":" in line:
            key, value = line[2:].split(":", 1)
            found[key.strip()] = value.strip()
    return found


def test_the_evaluation_covers_every_question_and_phase_with_a_third_held_out(bank: QuestionBank) -> None:
    tune, held = cases("tune"), cases("heldout")
    everything = tune + held
    assert len(everything) >= 60
    assert len(held) >= len(everything) // 3
    assert {case.head["question"] for case in everything} == set(bank.ids)
    assert {case.head["phase"] for case in held} == set(EXPECTED)
    fresh = cases("heldout-b")  # written by an author whose files were never run while tuning
    assert len(fresh) == 36
    assert {case.head["phase"] for case in fresh} == set(EXPECTED)
    assert {case.name for case in fresh} < {case.name for case in held}
    assert sum(1 for case in everything if case.head.get("lean")) >= 12


def _judged_probes(bank: QuestionBank, path: Path) -> tuple[dict[str, str], list[set[str]]]:
    head = headers(path)
    question = bank.get(head["question"])
    assert question is not None
    request = BarRaiserRequest(question, Phase(head["phase"]), Level(head["level"]), read_transcript(path))
    first = rubric_probes(request)
    asked = frozenset(probe.text for probe in first)
    again = BarRaiserRequest(question, request.phase, request.level, request.transcript, asked, None, len(asked))
    return head, [judge(probe.text) for probe in first + rubric_probes(again)]


def test_older_labelled_transcripts_are_probed_where_they_miss(bank: QuestionBank) -> None:
    """The 18 older transcripts (labelled more loosely, one or two misses each), read by the judge.

    A miss counts where the transcript's phase expects the area: later phases' areas wait for their phase."""
    hit = total = on_covered = probes = 0
    for path in OLD_TRANSCRIPTS:
        head, judged = _judged_probes(bank, path)
        misses = {area.strip() for area in head["misses"].split(",")} & EXPECTED[head["phase"]]
        covers = {area.strip() for area in head.get("covers", "").split(",") if area.strip()}
        reached = set().union(*judged)
        hit, total = hit + len(misses & reached), total + len(misses)
        on_covered, probes = on_covered + sum(1 for areas in judged if areas & covers), probes + len(judged)
    assert hit / total >= 0.85  # 10 of 11 when measured
    assert on_covered / probes <= 0.05  # 1 of 67


def test_tuning_figures_hold() -> None:
    figures = measure("rubric", "tune")  # 466 transcripts of eight sets: recall 0.937, covered 0.057, lean 0.877
    assert figures["recall"] >= 0.9
    assert figures["covered"] <= 0.1
    assert figures["lean_agreement"] >= 0.85


def test_held_out_figures_do_not_fall() -> None:
    """Every held-out file (561 transcripts of twelve sets, 374 leans), never tuned on; see tests/data/eval/README.md
    for when each set was measured. Last measured (2026-12-02, 9a57e90): recall 0.911, covered 0.083, lean
    agreement 0.925 (exact 0.473, within one 0.922), reply p99 well under 1 s: issue 16's targets (recall >= 0.9,
    covered <= 0.1, lean agreement >= 0.75) hold. These floors keep the figures from falling.
    """
    figures = measure("rubric", "heldout")
    assert figures["cases"] == 561
    assert figures["recall"] >= 0.911
    assert figures["covered"] <= 0.083
    assert figures["lean_agreement"] >= 0.925


@pytest.mark.parametrize(
    ("split", "cases", "recall", "covered", "lean"),
    [
        ("heldout-efg", 130, 0.889, 0.068, 0.942),  # round 1's fresh sets, first run
        ("heldout-hi", 100, 0.863, 0.080, 0.953),  # round 2's
        ("heldout-jk", 100, 0.936, 0.075, 0.969),  # round 3's
        ("heldout-lm", 100, 0.955, 0.073, 0.875),  # round 4's
    ],
)
def test_each_rounds_fresh_held_out_sets_hold_their_first_run(
    split: str, cases: int, recall: float, covered: float, lean: float
) -> None:
    """Each round of the second session ran fresh sets by new authors once, after its tuning ended."""
    figures = measure("rubric", split)
    assert figures["cases"] == cases
    assert figures["recall"] >= recall
    assert figures["covered"] <= covered
    assert figures["lean_agreement"] >= lean
