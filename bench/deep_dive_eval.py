"""How well the offline interviewer's deep dive aims at what a design lacks, on hand-labelled transcripts.

    python -m bench.deep_dive_eval [--json] [--split tune|heldout|both] [--show]

Data: the bar raiser's labelled transcripts (tests/data/eval/, see its README and bench/barraiser_eval.py):
"tune" (every tuning file) and "heldout" (every held-out file; never tuned on, measured once).
For each transcript, `choose_deep_dive` gets the question and the candidate's messages. The area its
opening asks about is read by the independent judge (bench/judge.py) from the opening's text alone,
never from the choice's `area` field.

lack_hit: share of choices whose opening asks about at least one of the ten areas and only about areas
  the label has as missed or hedged (target >= 0.85 on the held-out split); reported over the phases
  where a deep dive is chosen (high-level, deep-dive, trade-offs) and over all phases (`_all`).
second_hit: the same for a second deep dive in the same mock (the first one's topic in `already`).
area_agrees: share of openings where the judge reads the choice's own `area` (is the field honest?).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.barraiser_eval import Case, cases
from bench.judge import judge
from bench.judge_words import AREAS
from handlers.interviewer.deep_dive import DeepDiveChoice, choose_deep_dive
from question_bank import Area, QuestionBank, load_bank

DEEP_DIVE_PHASES = {"high-level", "deep-dive", "trade-offs"}
SPLITS = ("tune", "heldout")


@dataclass
class Tally:
    cases: int = 0
    hit: int = 0
    second: int = 0
    agrees: int = 0

    def add(self, hit: bool, second: bool, agrees: bool) -> None:
        self.cases += 1
        self.hit += hit
        self.second += second
        self.agrees += agrees

    def figures(self, suffix: str = "") -> dict[str, float | int]:
        share = max(self.cases, 1)
        return {
            f"cases{suffix}": self.cases,
            f"lack_hit{suffix}": round(self.hit / share, 3),
            f"second_hit{suffix}": round(self.second / share, 3),
            f"area_agrees{suffix}": round(self.agrees / share, 3),
        }


def asks_only_lacking(choice: DeepDiveChoice, lacking: set[str]) -> bool:
    """The judge reads at least one of the ten areas in the opening, and every one it reads is lacking."""
    read = judge(choice.opening) & set(AREAS)
    return bool(read) and read <= lacking


def _field_agrees(choice: DeepDiveChoice) -> bool:
    name = "scale" if choice.area is Area.SCALING else choice.area.value
    return name in judge(choice.opening)


def _choices(bank: QuestionBank, case: Case) -> tuple[DeepDiveChoice, DeepDiveChoice]:
    question = bank.get(case.head["question"])
    assert question is not None, case.name
    said = [line.text for line in case.lines if line.is_candidate]
    first = choose_deep_dive(question, said)
    return first, choose_deep_dive(question, said, [first.topic])


def measure(split: str, show: bool = False) -> dict[str, float | int]:
    """The figures of one split: over the deep-dive phases, and over all phases (`_all`)."""
    bank = load_bank()
    focus, everything = Tally(), Tally()
    for case in cases(split):
        lacking = case.areas("misses") | case.areas("hedged")
        first, second = _choices(bank, case)
        outcome = (asks_only_lacking(first, lacking), asks_only_lacking(second, lacking), _field_agrees(first))
        everything.add(*outcome)
        if case.head["phase"] in DEEP_DIVE_PHASES:
            focus.add(*outcome)
        if show and not outcome[0]:
            print(f"{case.name}: lacking {sorted(lacking)} read {sorted(judge(first.opening))}: {first.opening}")
    return focus.figures() | everything.figures("_all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--split", choices=[*SPLITS, "both"], default="both")
    parser.add_argument("--show", action="store_true", help="print the tuning cases the choice misses")
    args = parser.parse_args()
    splits = SPLITS if args.split == "both" else (args.split,)
    results = {split: measure(split, args.show and split == "tune") for split in splits}
    if args.json:
        print(json.dumps(results))
        return
    print("deep dive on hand-labelled transcripts (target: lack_hit >= 0.85 on heldout)")
    for split, figures in results.items():
        print(f"  {split:8} " + "  ".join(f"{key} {value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
