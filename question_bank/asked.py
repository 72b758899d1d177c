"""How candidates asked for the bank's clarifications: hand-labelled chat lines the interviewer learns from.

Each `asked/*.tsv` file has a header line and rows `question<TAB>utterance<TAB>label`, where label is the
1-based number of the clarification the line asks for, `assume` (a fair question the bank has no answer
for) or `design` (the candidate hands a design choice to the interviewer). Every row was written by a person
who saw only the bank's clarifications. The interviewer's matcher reads the lines labelled with a
clarification as more ways of asking for it. A line belongs to the clarification's `ask` text, so a bank
edit that rewrites an ask detaches its lines rather than giving them to another clarification.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from question_bank.loader import BankError, BankProblem, QuestionBank, load_bank
from question_bank.models import Question

__all__ = ["AskedLine", "AskedLines", "default_asked_dir", "load_asked", "read_asked_file", "shipped_asked"]

LABELS_WITHOUT_ANSWER = frozenset({"assume", "design"})


@dataclass(frozen=True)
class AskedLine:
    """One labelled chat line: the bank question, what the candidate typed, and its label."""

    question_id: str
    utterance: str
    label: str
    source: str  # the file it came from (its name)


class AskedLines:
    """Labelled lines by (question id, clarification ask): the extra wordings of each clarification."""

    def __init__(self, wordings: dict[tuple[str, str], tuple[str, ...]]) -> None:
        self._wordings = wordings

    def __len__(self) -> int:
        return sum(len(lines) for lines in self._wordings.values())

    def for_question(self, question: Question) -> tuple[tuple[str, ...], ...]:
        """Per clarification of `question` (in order), the lines that asked for it."""
        return tuple(self._wordings.get((question.id, item.ask), ()) for item in question.clarifications)

    @classmethod
    def of(cls, lines: Iterable[AskedLine], bank: QuestionBank) -> AskedLines:
        """Index `lines` labelled with a clarification under that clarification's ask in `bank`."""
        wordings: dict[tuple[str, str], list[str]] = {}
        for line in lines:
            question = bank.get(line.question_id)
            if question is None or line.label in LABELS_WITHOUT_ANSWER:
                continue
            ask = question.clarifications[int(line.label) - 1].ask
            wordings.setdefault((question.id, ask), []).append(line.utterance)
        return cls({key: tuple(values) for key, values in wordings.items()})


def default_asked_dir() -> Path:
    return Path(__file__).resolve().parent / "asked"


def read_asked_file(path: Path, bank: QuestionBank) -> tuple[list[AskedLine], list[BankProblem]]:
    """The rows of one file, and a problem for each row that is malformed or names what the bank lacks."""
    rows = path.read_text(encoding="utf-8").splitlines()
    if not rows or rows[0].split("\t") != ["question", "utterance", "label"]:
        return [], [BankProblem(path.name, "header", "the first line must be question<TAB>utterance<TAB>label")]
    lines: list[AskedLine] = []
    problems: list[BankProblem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row.strip():
            continue
        fields = row.split("\t")
        where = f"line {number}"
        if len(fields) != 3 or not fields[1].strip():
            problems.append(BankProblem(path.name, where, "needs three tab-separated fields"))
            continue
        question_id, utterance, label = fields
        question = bank.get(question_id)
        if question is None:
            problems.append(BankProblem(path.name, where, f"no question '{question_id}' in the bank"))
        elif label not in LABELS_WITHOUT_ANSWER and not (
            label.isdigit() and 1 <= int(label) <= len(question.clarifications)
        ):
            problems.append(BankProblem(path.name, where, f"label '{label}' is not a clarification of {question_id}"))
        else:
            lines.append(AskedLine(question_id, utterance.strip(), label, path.name))
    return lines, problems


def load_asked(directory: Path | None = None, bank: QuestionBank | None = None) -> list[AskedLine]:
    """Every labelled line in `directory` (the shipped ones by default); BankError lists any bad row."""
    bank = bank if bank is not None else load_bank()
    lines: list[AskedLine] = []
    problems: list[BankProblem] = []
    for path in sorted((directory or default_asked_dir()).glob("*.tsv")):
        file_lines, file_problems = read_asked_file(path, bank)
        lines.extend(file_lines)
        problems.extend(file_problems)
    if problems:
        raise BankError(problems)
    return lines


@lru_cache(maxsize=1)
def shipped_asked() -> AskedLines:
    """The shipped lines, indexed against the shipped bank (loaded once)."""
    bank = load_bank()
    return AskedLines.of(load_asked(bank=bank), bank)
