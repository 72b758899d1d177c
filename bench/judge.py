"""An independent judge: which areas a probe's text asks about.

    python -m bench.judge [--json] [--show] [--audit]

It reads only the probe's words and never sees a probe's `targets`. Its vocabulary
(bench/judge_words.py) is written apart from the engine's (handlers/barraiser/) and from the question
bank's detection phrases. Two hand-labelled sets check it (tests/data/eval/): probes written apart
from the bank (probes.tsv) and 300 of the bank's own probe texts labelled from their text alone
(bank_probes.tsv). Each set is split by a seeded third: the vocabulary was tuned on the two thirds;
the held-out thirds are only measured.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.judge_words import AREAS, keyword_areas

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "eval"
# Two hand-labelled sets: probes written apart from the bank, and the bank's own probe texts.
PROBE_SETS = {"written": DATA / "probes.tsv", "bank": DATA / "bank_probes.tsv"}
SEED = 16


def judge(text: str) -> set[str]:
    """The areas among the ten (or `lp`, or `other`) that a probe's text asks about."""
    return keyword_areas(text)


def labelled_probes(which: str = "written") -> list[tuple[str, set[str]]]:
    rows = PROBE_SETS[which].read_text(encoding="utf-8").splitlines()[1:]
    return [(text, set(areas.split(","))) for text, areas in (row.split("\t") for row in rows if row.strip())]


def split(rows: list[tuple[str, set[str]]]) -> tuple[list[tuple[str, set[str]]], list[tuple[str, set[str]]]]:
    """(tune, held-out): a seeded third of the probes is held out and never tuned on."""
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    held = set(order[: len(rows) // 3])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


@dataclass(frozen=True)
class Agreement:
    probes: int
    exact: float  # judged set equals the hand label
    overlap: float  # judged set shares at least one area with the hand label
    per_area: dict[str, tuple[float, float]]  # precision, recall


def agreement(rows: list[tuple[str, set[str]]]) -> Agreement:
    judged = [judge(text) for text, _ in rows]
    per_area = {}
    for area in (*AREAS, "lp", "other"):
        hit = sum(1 for got, (_, want) in zip(judged, rows, strict=True) if area in got and area in want)
        said = sum(1 for got in judged if area in got)
        true = sum(1 for _, want in rows if area in want)
        per_area[area] = (round(hit / said, 3) if said else 1.0, round(hit / true, 3) if true else 1.0)
    pairs = list(zip(judged, (want for _, want in rows), strict=True))
    return Agreement(
        probes=len(rows),
        exact=round(sum(got == want for got, want in pairs) / len(rows), 3),
        overlap=round(sum(bool(got & want) for got, want in pairs) / len(rows), 3),
        per_area=per_area,
    )


def audit() -> list[str]:
    """Bank probes (signal probes and the deep-dive, failure and cost lists) the judge does not read as their area."""
    from question_bank import load_bank

    failing = []
    for question in load_bank():
        listed = (*question.deep_dive_probes, *question.failure_probes, *question.cost_probes)
        items = [(signal.area.value, signal.probe) for _, signal in question.signals()]
        for area, text in items + [(probe.area.value, probe.text) for probe in listed]:
            area = "scale" if area == "scaling" else area
            if area in AREAS and area not in judge(text):
                failing.append(f"{question.id} [{area}] judged {sorted(judge(text))}: {text}")
    return failing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the tuning probes the judge gets wrong")
    parser.add_argument("--audit", action="store_true", help="print bank probes not read as their area")
    args = parser.parse_args()
    if args.audit:
        print("\n".join(audit()))
        return
    results: dict[str, dict[str, object]] = {}
    for which in PROBE_SETS:
        tune, held = split(labelled_probes(which))
        if args.show:
            for text, want in tune:
                if judge(text) != want:
                    print(f"{which}: {sorted(want)} judged {sorted(judge(text))}: {text}")
        for name, rows in (("tune", tune), ("heldout", held)):
            results[f"{which}-{name}"] = agreement(rows).__dict__
    if args.json:
        print(json.dumps(results))
        return
    for name, figures in results.items():
        print(f"{name:16} probes {figures['probes']}  exact {figures['exact']}  overlap {figures['overlap']}")
        for area, (precision, recall) in figures["per_area"].items():  # type: ignore[attr-defined]
            print(f"  {area:12} precision {precision:.2f}  recall {recall:.2f}")


if __name__ == "__main__":
    main()
