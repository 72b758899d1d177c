"""The interviewer's replies to clarifying questions, against hand labels.

    python -m bench.clarify_eval [--json] [--show] [--split tune|heldout]

The interviewer learns from labelled lines (question_bank/asked/*.tsv: every clarification's lines count as
more ways of asking for it). Per split:
- `tune`: every row of question_bank/asked/, each file measured leave-one-file-out (the matcher learns from
  the other files only, so no row is answered from its own label). The matcher's rules were tuned on these
  rows, so this figure is optimistic;
- `heldout`: tests/data/interviewer/clarify_fresh4.tsv and clarify_fresh5.tsv, rows by a fifth and a sixth
  independent author that nobody working on the matcher has read, answered with every shipped line learned.
Without `--split`, both splits are measured; while tuning, measure `--split tune` alone. Per split: cases,
`correct` (the labelled clarification answered, ASSUME for `assume`, DESIGN for `design`),
`wrong_clarification` (a clarification's answer given that is not the labelled one, including any
answer to an `assume` or `design` row), the count per reply kind and p99 ms per call.
`--show` prints the tune split's misses only; held-out rows are never printed.
Targets on held-out: correct >= 0.9, wrong_clarification <= 0.05.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.clarify_split import ASKED, HELDOUT, read_rows
from handlers.interviewer.clarify import ClarifyReply, ReplyKind, answer_clarification
from question_bank import QuestionBank, load_bank
from question_bank.asked import AskedLines, load_asked

SPLITS = ("tune", "heldout")
Case = tuple[str, str, str, AskedLines]  # question id, utterance, label, the lines the matcher learns from


def cases(split: str, bank: QuestionBank) -> list[Case]:
    """The split's rows, each with what the matcher may learn from when it answers that row."""
    lines = load_asked(ASKED, bank)
    if split == "heldout":
        learned = AskedLines.of(lines, bank)
        return [(*row, learned) for path in HELDOUT for row in read_rows(path)]
    rows: list[Case] = []
    for path in sorted(ASKED.glob("*.tsv")):
        others = AskedLines.of((line for line in lines if line.source != path.name), bank)
        rows.extend((*row, others) for row in read_rows(path))
    return rows


def expected(label: str) -> tuple[ReplyKind, int | None]:
    """The reply kind and 0-based clarification index a label asks for."""
    if label == "assume":
        return ReplyKind.ASSUME, None
    if label == "design":
        return ReplyKind.DESIGN, None
    return ReplyKind.ANSWER, int(label) - 1


def is_correct(reply: ClarifyReply, label: str) -> bool:
    """The reply does what the label asks."""
    kind, index = expected(label)
    return reply.kind == kind and reply.index == index


def is_wrong_clarification(reply: ClarifyReply, label: str) -> bool:
    """The reply gives a clarification's answer that is not the labelled one."""
    return reply.kind == ReplyKind.ANSWER and not is_correct(reply, label)


def evaluate(show: bool = False, only: tuple[str, ...] = SPLITS) -> dict[str, dict[str, float | int]]:
    """Figures per split (those in `only`); with `show`, prints the tune split's misses."""
    bank = load_bank()
    figures: dict[str, dict[str, float | int]] = {}
    for split in only:
        split_cases = cases(split, bank)
        correct = wrong = 0
        kinds = dict.fromkeys(ReplyKind, 0)
        timings = []
        warmed: set[tuple[str, int]] = set()
        for question_id, utterance, label, learned in split_cases:
            question = bank.get(question_id)
            assert question is not None, question_id
            if (question_id, id(learned)) not in warmed:  # time replies, not the one-off index a question builds
                warmed.add((question_id, id(learned)))
                answer_clarification(question, "", learned)
            started = time.perf_counter()
            reply = answer_clarification(question, utterance, learned)
            timings.append((time.perf_counter() - started) * 1000)
            kinds[reply.kind] += 1
            correct += is_correct(reply, label)
            wrong += is_wrong_clarification(reply, label)
            if show and split == "tune" and not is_correct(reply, label):
                got = reply.kind.value if reply.index is None else str(reply.index + 1)
                print(f"  miss [{question_id}] want {label} got {got}: {utterance}")
        timings.sort()
        figures[split] = {
            "cases": len(split_cases),
            "correct": round(correct / len(split_cases), 3),
            "wrong_clarification": round(wrong / len(split_cases), 3),
            **{f"replied_{kind.value}": count for kind, count in kinds.items()},
            "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 3),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON line of figures")
    parser.add_argument("--show", action="store_true", help="print the tune split's misses")
    parser.add_argument("--split", choices=SPLITS, help="measure this split alone (while tuning: tune)")
    arguments = parser.parse_args()
    figures = evaluate(show=arguments.show, only=(arguments.split,) if arguments.split else SPLITS)
    if arguments.json:
        print(json.dumps(figures))
        return
    for split, values in figures.items():
        print(f"{split}: " + ", ".join(f"{key} {value}" for key, value in values.items()))


if __name__ == "__main__":
    main()
