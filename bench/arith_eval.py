"""The interviewer's arithmetic check on hand-labelled estimation statements, tune and held-out splits.

python -m bench.arith_eval [--json] [--tune-failures]

Data: tests/data/interviewer/arith.tsv (labels by a person who never saw the engine) and the split
fixed before any run, tests/data/interviewer/arith_split.txt (see ARITH.md). Per split: cases per
verdict; wrong_flagged (share of `wrong` rows with some check flagged; target >= 0.9); right_flagged
(share of `right` rows flagged; target <= 0.05); none_flagged (share of `none` rows flagged, ~0);
p99 ms per statement. --tune-failures lists the tuning split's misses (never the held-out ones).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from pathlib import Path

from handlers.interviewer.arithmetic import check_arithmetic, is_off

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "interviewer"
SPLITS = ("tune", "heldout")
VERDICTS = ("right", "wrong", "none")
SEED = 17


def load() -> list[tuple[str, str, str]]:
    """(statement, verdict, split) per row; the split file is checked against the recorded method."""
    with (DATA / "arith.tsv").open(newline="") as handle:
        rows = [(row["statement"], row["verdict"]) for row in csv.DictReader(handle, delimiter="\t")]
    lines = [line.split("\t") for line in (DATA / "arith_split.txt").read_text().splitlines()]
    split = {int(fields[0]): fields[2] for fields in lines if not fields[0].startswith("#")}
    if split != recorded_split([verdict for _, verdict in rows]):
        raise SystemExit("arith_split.txt does not match the recorded method (random.Random(17), by verdict)")
    return [(statement, verdict, split[index]) for index, (statement, verdict) in enumerate(rows)]


def recorded_split(verdicts: list[str]) -> dict[int, str]:
    """The split as ARITH.md records it: per verdict, shuffle the row indices, hold out round(n/3)."""
    rng = random.Random(SEED)
    heldout: set[int] = set()
    for verdict in VERDICTS:
        indices = [index for index, label in enumerate(verdicts) if label == verdict]
        rng.shuffle(indices)
        heldout.update(indices[: round(len(indices) / 3)])
    return {index: "heldout" if index in heldout else "tune" for index in range(len(verdicts))}


def flagged(statement: str) -> bool:
    """Whether the checker flags some claim in the statement."""
    return any(is_off(check) for check in check_arithmetic(statement))


def evaluate(rows: list[tuple[str, str, str]], split: str) -> dict[str, object]:
    """The split's figures."""
    chosen = [(statement, verdict) for statement, verdict, part in rows if part == split]
    timings, outcomes = [], []
    for statement, verdict in chosen:
        started = time.perf_counter()
        outcomes.append((verdict, flagged(statement)))
        timings.append((time.perf_counter() - started) * 1000)
    figures: dict[str, object] = {}
    for verdict in VERDICTS:
        marks = [mark for label, mark in outcomes if label == verdict]
        figures[f"{verdict}_cases"] = len(marks)
        figures[f"{verdict}_flagged"] = round(sum(marks) / len(marks), 3) if marks else None
    timings.sort()
    figures["p99_ms"] = round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 3) if timings else None
    return figures


def tune_failures(rows: list[tuple[str, str, str]]) -> list[str]:
    """The tuning split's misses, with what the checker made of them."""
    failures = []
    for statement, verdict, part in rows:
        if part != "tune" or flagged(statement) == (verdict == "wrong"):
            continue
        checks = [
            (round(check.claimed, 3), round(check.expected, 3), check.unit) for check in check_arithmetic(statement)
        ]
        failures.append(f"{verdict}\t{statement}\t{checks}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON line of figures")
    parser.add_argument("--tune-failures", action="store_true", help="list the tuning split's misses")
    arguments = parser.parse_args()
    rows = load()
    if arguments.tune_failures:
        print("\n".join(tune_failures(rows)))
        return
    figures = {split: evaluate(rows, split) for split in SPLITS}
    figures["targets"] = {"wrong_flagged": ">= 0.9", "right_flagged": "<= 0.05", "none_flagged": "~0"}
    if arguments.json:
        print(json.dumps(figures))
        return
    for split in SPLITS:
        print(split, json.dumps(figures[split]))


if __name__ == "__main__":
    main()
