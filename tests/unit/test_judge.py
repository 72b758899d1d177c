"""The independent judge against probes labelled by hand (tests/data/eval/probes.tsv, bank_probes.tsv)."""

from __future__ import annotations

import pytest

from bench.judge import agreement, judge, labelled_probes, split


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("What happens to checkout when the payment service stops responding?", {"failure"}),
        ("How would you know this is broken before customers tell you?", {"monitoring"}),
        ("Tell me about a time you cut a corner. Answer with a STAR story.", {"lp"}),
        ("What does the API for creating a short link look like?", {"other"}),
    ],
)
def test_the_judge_reads_what_a_probe_asks(text: str, areas: set[str]) -> None:
    assert judge(text) == areas


def test_the_split_holds_out_a_third_of_the_probes() -> None:
    tune, held = split(labelled_probes())
    assert len(held) == len(labelled_probes()) // 3
    assert not {text for text, _ in tune} & {text for text, _ in held}


def test_the_judge_agrees_with_hand_labels_on_held_out_probes() -> None:
    # Measured once, never tuned on: exact 0.647, overlap 0.824 on 34 held-out probes.
    _, held = split(labelled_probes())
    figures = agreement(held)
    assert figures.overlap >= 0.8
    assert figures.exact >= 0.6


def test_the_judge_agrees_with_hand_labels_on_held_out_bank_probes() -> None:
    # The bank's own probe texts, labelled by hand from their text alone; the held-out third was
    # measured after tuning on the other two: exact 0.43, overlap 0.66 on 100 probes.
    _, held = split(labelled_probes("bank"))
    figures = agreement(held)
    assert figures.probes == 100
    assert figures.overlap >= 0.65
    assert figures.exact >= 0.4
