"""What the bar raiser is asked and what it answers (the LLM's structured output uses these too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field, field_validator

from bot.user_text import clip, trimmed
from question_bank import Level, Phase, Question

# The response models are also the LLM's JSON schema, which must pass OpenAI's strict mode: no defaults and no
# string lengths there (strict mode refuses them), and no counts or ranges either (fine-tuned models refuse those).
# So the schema carries types, enums and descriptions, and the validators below check the rest after parsing:
# text is trimmed to its limit, a list cut to its count; what cannot be repaired is refused (the rubric answers).
PROBE_LIMIT = 3
PROBE_TEXT_LIMIT = 400
Lean = Literal["strong hire", "hire", "lean hire", "lean no hire", "no hire"]
ScoredPhase = Literal["requirements", "estimation", "high-level", "deep-dive", "trade-offs", "leadership"]
SCORED_PHASES: tuple[str, ...] = get_args(ScoredPhase)  # the five phases in order, then leadership


def _at_most(items: list[str], limit: int, item_limit: int) -> list[str]:
    return [text for text in (trimmed(item, item_limit) for item in items[:limit]) if text]


class ProbeOut(BaseModel):
    """One probe as the LLM writes it, and the areas it is about."""

    text: Annotated[str, clip(PROBE_TEXT_LIMIT)] = Field(
        description=f"the follow-up question, one or two sentences, under {PROBE_TEXT_LIMIT} characters"
    )
    targets: list[str] = Field(
        description="one to four rubric signal ids, areas, or 'LP: <Leadership Principle>' it probes"
    )

    @field_validator("text")
    @classmethod
    def _a_question(cls, text: str) -> str:
        if len(text) < 5:
            raise ValueError("too short to be a question")
        return text

    @field_validator("targets")
    @classmethod
    def _four_targets(cls, targets: list[str]) -> list[str]:
        return _at_most(targets, 4, 100)


class ProbeSet(BaseModel):
    """The probes the LLM answers with."""

    probes: list[ProbeOut] = Field(description=f"one to {PROBE_LIMIT} probes, the best first")

    @field_validator("probes")
    @classmethod
    def _some_probes(cls, probes: list[ProbeOut]) -> list[ProbeOut]:
        if not probes:
            raise ValueError("no probe")
        return probes[:PROBE_LIMIT]


class PhaseScore(BaseModel):
    """One phase scored 1-4, with quotes as evidence and what was missing."""

    phase: ScoredPhase = Field(description="the phase id, or 'leadership' for the Leadership Principle signals")
    score: int = Field(description="1 to 4")
    evidence: list[str] = Field(description="up to three short quotes of the candidate")
    missing: Annotated[str, clip(600)] = Field(description="what was missing, under 600 characters")

    @field_validator("score")
    @classmethod
    def _one_to_four(cls, score: int) -> int:
        if not 1 <= score <= 4:
            raise ValueError("a score is 1 to 4")
        return score

    @field_validator("evidence")
    @classmethod
    def _three_quotes(cls, evidence: list[str]) -> list[str]:
        return _at_most(evidence, 3, 300)


class Scorecard(BaseModel):
    """A whole scorecard: phase scores, the lean against the bar, and what to practise next."""

    phases: list[PhaseScore] = Field(description="six scores: the five phases in order, then leadership")
    lean: Lean
    lean_reason: Annotated[str, clip(600)] = Field(description="why, under 600 characters")
    practise_next: list[str] = Field(description="exactly three things to practise next")

    @field_validator("phases")
    @classmethod
    def _every_phase_once(cls, phases: list[PhaseScore]) -> list[PhaseScore]:
        by_phase = {score.phase: score for score in phases}
        if len(phases) != len(SCORED_PHASES) or set(by_phase) != set(SCORED_PHASES):
            raise ValueError("each phase and leadership must be scored exactly once")
        return [by_phase[phase] for phase in SCORED_PHASES]  # type: ignore[index]

    @field_validator("practise_next")
    @classmethod
    def _three_items(cls, items: list[str]) -> list[str]:
        items = _at_most(items, 3, 300)
        if len(items) < 3:
            raise ValueError("three things to practise")
        return items


@dataclass(frozen=True)
class Line:
    """One message of a transcript."""

    speaker: str
    text: str
    is_candidate: bool = True


@dataclass(frozen=True)
class DiagramNote:
    """The candidate's latest diagram: its outline in words and the structural review's probes."""

    outline: str
    findings: tuple[ProbeOut, ...] = ()


@dataclass(frozen=True)
class BarRaiserRequest:
    """Everything an engine reads about one mock."""

    question: Question
    phase: Phase
    level: Level
    transcript: tuple[Line, ...]
    asked: frozenset[str] = field(default_factory=frozenset)  # probes already asked in this session
    focus: str | None = None
    probes_asked_before: int = 0  # how many probes this session already had (for the LP rhythm)
    diagram: DiagramNote | None = None  # the candidate's latest mermaid diagram, when one was posted

    @property
    def candidate_messages(self) -> list[str]:
        """What the candidate wrote, in order."""
        return [line.text for line in self.transcript if line.is_candidate]
