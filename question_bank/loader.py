"""Load and validate the question bank: one YAML file per question."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from question_bank.models import Level, Question


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with one question file, precise enough for a contributor to fix."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class BankError(Exception):
    """The bank has invalid files; `problems` lists every one of them."""

    def __init__(self, problems: list[BankProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class QuestionBank:
    """The validated questions, in id order."""

    def __init__(self, questions: list[Question]) -> None:
        self._by_id = {question.id: question for question in sorted(questions, key=lambda q: q.id)}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._by_id.values())

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    @property
    def tags(self) -> list[str]:
        return sorted({tag for question in self for tag in question.tags})

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id.strip().lower())

    def filter(self, level: Level | None = None, tag: str | None = None) -> list[Question]:
        """Questions for a level and/or carrying a tag, in id order."""
        return [
            question
            for question in self
            if (level is None or level in question.levels) and (tag is None or tag in question.tags)
        ]


def default_questions_dir() -> Path:
    return Path(str(resources.files("question_bank") / "questions"))


def _field_path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "(file)"


# libyaml's safe loader reads the bank about ten times faster than the pure-Python one (same results).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_question_file(path: Path) -> tuple[Question | None, list[BankProblem]]:
    """Parse one file; return the question or every problem found in it."""
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError) as error:
        return None, [BankProblem(name, "", f"cannot read file: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        return None, [BankProblem(name, where, f"invalid YAML: {getattr(error, 'problem', error)}")]
    if not isinstance(raw, dict):
        return None, [BankProblem(name, "", "expected a mapping of fields at the top level")]
    try:
        question = Question.model_validate(raw)
    except ValidationError as error:
        return None, [
            BankProblem(name, _field_path(detail["loc"]), detail["msg"]) for detail in error.errors(include_url=False)
        ]
    if question.id != path.stem:
        return None, [BankProblem(name, "id", f"id '{question.id}' must match the file name '{path.stem}'")]
    return question, []


def load_bank(directory: Path | str | None = None) -> QuestionBank:
    """Load every `*.yaml` question in `directory` (the shipped bank by default, read once per process: its
    questions are immutable)."""
    if directory is None:
        return _shipped_bank()
    return _read_bank(Path(directory))


@lru_cache(maxsize=1)
def _shipped_bank() -> QuestionBank:
    return _read_bank(default_questions_dir())


def _read_bank(folder: Path) -> QuestionBank:
    if not folder.is_dir():
        raise BankError([BankProblem(str(folder), "", "not a directory")])
    questions: list[Question] = []
    problems: list[BankProblem] = []
    for path in sorted(folder.glob("*.y*ml")):
        question, file_problems = load_question_file(path)
        problems.extend(file_problems)
        if question is not None:
            questions.append(question)
    if not questions and not problems:
        problems.append(BankProblem(str(folder), "", "no question files (*.yaml) found"))
    problems.extend(
        BankProblem(f"{question.id}.yaml", "id", "duplicate id")
        for index, question in enumerate(questions)
        if question.id in {other.id for other in questions[:index]}
    )
    if problems:
        raise BankError(problems)
    return QuestionBank(questions)
