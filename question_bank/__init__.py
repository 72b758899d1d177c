"""The question bank: YAML questions, their pydantic models and the loader."""

from question_bank.loader import BankError, BankProblem, QuestionBank, load_bank
from question_bank.models import (
    LEVEL_LABELS,
    Area,
    BarLevel,
    Frequency,
    LeadershipPrinciple,
    Level,
    Phase,
    Question,
    Signal,
)

__all__ = [
    "LEVEL_LABELS",
    "Area",
    "BankError",
    "BankProblem",
    "BarLevel",
    "Frequency",
    "LeadershipPrinciple",
    "Level",
    "Phase",
    "Question",
    "QuestionBank",
    "Signal",
    "load_bank",
]
