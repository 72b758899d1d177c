"""The clarification data files, and the record of clarify.tsv's former tune / held-out split.

Tuning rows live in question_bank/asked/ (the interviewer learns from them); held-out rows in
tests/data/interviewer/ (clarify_fresh4.tsv and clarify_fresh5.tsv, by a fifth and a sixth author).

    python -m bench.clarify_split        (rewrites tests/data/interviewer/clarify_split.txt)

The former split: one `random.Random(17)` walks the questions in sorted order; each question's rows
(in file order) are shuffled with it and the first `len // 3` are held out. It was written and
committed before any engine ran on the data. That held-out third was measured twice, so the
evaluation then tuned on every row of clarify.tsv and held out clarify_fresh.tsv; once that was
measured, it became tuning data too, and so did clarify_fresh2.tsv after its one measurement:
then clarify_fresh3.tsv after its one measurement (measurement 5).
`clarify_split.txt` stays as the record of which rows the first two measurements held out.
"""

from __future__ import annotations

import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "interviewer"
ASKED = Path(__file__).resolve().parents[1] / "question_bank" / "asked"
ROWS = ASKED / "clarify.tsv"
HELDOUT = (DATA / "clarify_fresh4.tsv", DATA / "clarify_fresh5.tsv")
SPLIT = DATA / "clarify_split.txt"
SEED = 17


def read_rows(path: Path = ROWS) -> list[tuple[str, str, str]]:
    """The data rows (question id, utterance, label), header dropped, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    rows = []
    for line in lines:
        if line.strip():
            question_id, utterance, label = line.split("\t")
            rows.append((question_id, utterance, label))
    return rows


def seeded_split(rows: list[tuple[str, str, str]]) -> list[str]:
    """`tune` or `heldout` for each row: a seeded third of every question's rows is held out."""
    rng = random.Random(SEED)
    splits = ["tune"] * len(rows)
    for question_id in sorted({row[0] for row in rows}):
        indices = [i for i, row in enumerate(rows) if row[0] == question_id]
        rng.shuffle(indices)
        for i in indices[: len(indices) // 3]:
            splits[i] = "heldout"
    return splits


def recorded_split(path: Path = SPLIT) -> list[str]:
    """The committed split: one `tune` / `heldout` per data row, in file order."""
    return [line.split("\t")[1] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    rows = read_rows()
    lines = [f"{number}\t{split}" for number, split in enumerate(seeded_split(rows), start=1)]
    SPLIT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {SPLIT}: {len(rows)} rows, {sum(line.endswith('heldout') for line in lines)} held out")


if __name__ == "__main__":
    main()
