"""What the bar raiser is asked and what it answers (the LLM's structured output uses these too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from question_bank import Level, Phase, Question

PROBE_LIMIT = 3
PROBE_TEXT_LIMIT = 400
Lean = Literal["strong hire", "hire", "lean hire", "lean no hire", "no hire"]


class ProbeOut(BaseModel):
    text: str = Field(
        min_length=5, max_length=PROBE_TEXT_LIMIT, description="the follow-up question, one or two sentences"
    )
    targets: list[str] = Field(
        min_length=1, max_length=4, description="rubric signal ids, areas, or 'LP: <Leadership Principle>' it probes"
    )


class ProbeSet(BaseModel):
    probes: list[ProbeOut] = Field(min_length=1, max_length=PROBE_LIMIT)


class PhaseScore(BaseModel):
    phase: str = Field(description="phase id, or 'leadership' for the Leadership Principle signals")
    score: int = Field(ge=1, le=4)
    evidence: list[str] = Field(default_factory=list, max_length=3, description="short quotes of the candidate")
    missing: str = Field(default="", max_length=600)


class Scorecard(BaseModel):
    phases: list[PhaseScore] = Field(min_length=6, max_length=6, description="the five phases, then leadership")
    lean: Lean
    lean_reason: str = Field(max_length=600)
    practise_next: list[str] = Field(min_length=3, max_length=3)


@dataclass(frozen=True)
class Line:
    """One message of a transcript."""

    speaker: str
    text: str
    is_candidate: bool = True


@dataclass(frozen=True)
class BarRaiserRequest:
    question: Question
    phase: Phase
    level: Level
    transcript: tuple[Line, ...]
    asked: frozenset[str] = field(default_factory=frozenset)  # probes already asked in this session
    focus: str | None = None
    probes_asked_before: int = 0  # how many probes this session already had (for the LP rhythm)

    @property
    def candidate_messages(self) -> list[str]:
        return [line.text for line in self.transcript if line.is_candidate]
