"""The rubric engine against transcripts labelled with the areas they cover and miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.barraiser_cli import read_transcript
from handlers.barraiser.evaluation import Aim, Labelled, aim, covered_rate, recall
from handlers.barraiser.models import BarRaiserRequest
from handlers.barraiser.rubric_engine import rubric_probes
from question_bank import Area, Level, Phase, QuestionBank

TRANSCRIPTS = sorted((Path(__file__).resolve().parents[1] / "data" / "transcripts").glob("*.txt"))


def headers(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if line.startswith("# ") and ":" in line:
            key, value = line[2:].split(":", 1)
            found[key.strip()] = value.strip()
    return found


def areas(text: str) -> frozenset[Area]:
    return frozenset(Area(name.strip()) for name in text.split(",") if name.strip())


def evaluate(bank: QuestionBank, path: Path) -> Aim:
    head = headers(path)
    question = bank.get(head["question"])
    assert question is not None, path.name
    request = BarRaiserRequest(question, Phase(head["phase"]), Level(head["level"]), read_transcript(path))
    return aim(question, Labelled(areas(head.get("covers", "")), areas(head["misses"])), rubric_probes(request))


def test_there_are_at_least_12_labelled_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 12


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda path: path.stem)
def test_every_transcript_is_labelled(path: Path, bank: QuestionBank) -> None:
    head = headers(path)
    assert head["question"] in bank
    assert Phase(head["phase"])
    assert areas(head["misses"])


def test_rubric_probes_target_what_was_missed_and_rarely_what_was_covered(bank: QuestionBank) -> None:
    aims = [evaluate(bank, path) for path in TRANSCRIPTS]
    assert recall(aims) >= 0.9
    assert covered_rate(aims) <= 0.1
