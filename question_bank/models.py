"""Pydantic models of a system design question and its interviewer material."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=2)]


class Level(StrEnum):
    SDE1 = "sde1"
    SDE2 = "sde2"
    SDE3 = "sde3"

    @property
    def label(self) -> str:
        """The level as interviewers write it: SDE II."""
        return LEVEL_LABELS[self]


LEVEL_LABELS: dict[Level, str] = {Level.SDE1: "SDE I", Level.SDE2: "SDE II", Level.SDE3: "SDE III"}
# The bars a mock or a prep plan practises against: the design rounds of an SDE II / SDE III loop.
BarLevel = Literal[Level.SDE2, Level.SDE3]


class Frequency(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Phase(StrEnum):
    """The five phases of the 45-minute framework, in interview order."""

    REQUIREMENTS = "requirements"
    ESTIMATION = "estimation"
    HIGH_LEVEL = "high-level"
    DEEP_DIVE = "deep-dive"
    TRADE_OFFS = "trade-offs"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS: dict[Phase, str] = {
    Phase.REQUIREMENTS: "Requirements & scope",
    Phase.ESTIMATION: "Capacity estimation",
    Phase.HIGH_LEVEL: "High-level design",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.TRADE_OFFS: "Trade-offs & operations",
}


class Area(StrEnum):
    """What a rubric signal or probe is about; the bar raiser aims at uncovered areas."""

    SCOPE = "scope"
    SCALE = "scale"
    ESTIMATION = "estimation"
    CUSTOMER = "customer"
    API = "api"
    DATA_MODEL = "data-model"
    ARCHITECTURE = "architecture"
    CACHING = "caching"
    CONSISTENCY = "consistency"
    SCALING = "scaling"
    FAILURE = "failure"
    IDEMPOTENCY = "idempotency"
    MONITORING = "monitoring"
    COST = "cost"
    OPERATIONS = "operations"
    SECURITY = "security"


class LeadershipPrinciple(StrEnum):
    CUSTOMER_OBSESSION = "Customer Obsession"
    OWNERSHIP = "Ownership"
    INVENT_AND_SIMPLIFY = "Invent and Simplify"
    ARE_RIGHT_A_LOT = "Are Right, A Lot"
    LEARN_AND_BE_CURIOUS = "Learn and Be Curious"
    HIRE_AND_DEVELOP = "Hire and Develop the Best"
    INSIST_ON_HIGHEST_STANDARDS = "Insist on the Highest Standards"
    THINK_BIG = "Think Big"
    BIAS_FOR_ACTION = "Bias for Action"
    FRUGALITY = "Frugality"
    EARN_TRUST = "Earn Trust"
    DIVE_DEEP = "Dive Deep"
    HAVE_BACKBONE = "Have Backbone; Disagree and Commit"
    DELIVER_RESULTS = "Deliver Results"
    BEST_EMPLOYER = "Strive to be Earth's Best Employer"
    SUCCESS_AND_SCALE = "Success and Scale Bring Broad Responsibility"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clarification(_Strict):
    """A clarifying question a candidate should ask, with the interviewer's answer."""

    ask: Text
    answer: Text
    phrasings: list[Text] = Field(default_factory=list, description="other ways candidates ask this")


class CapacityEstimate(_Strict):
    """A worked back-of-the-envelope estimate: assumptions, the math, what it decides."""

    assumptions: list[Text] = Field(min_length=2)
    steps: list[Text] = Field(min_length=2)
    conclusion: Text


class Probe(_Strict):
    """A follow-up an interviewer asks; never a hint or a model answer."""

    text: Text
    area: Area


class Signal(_Strict):
    """One thing a strong answer shows in a phase, and how to spot it in a transcript."""

    id: Slug
    area: Area
    description: Text
    detect: list[Phrase] = Field(min_length=2)
    probe: Text = Field(description="What to ask when the candidate has not shown this.")


class PhaseRubric(_Strict):
    goal: Text = Field(description="What this phase is for, for this question.")
    signals: list[Signal] = Field(min_length=2)

    @cached_property
    def brief(self) -> str:
        """The goal and the first three signals, one bullet each: what a phase's start says of it (every mock,
        thousands in a burst: worked out once)."""
        return "\n".join([self.goal, *(f"• {signal.description}" for signal in self.signals[:3])])


class LeadershipProbe(_Strict):
    lp: LeadershipPrinciple
    question: Text


class LevelBar(_Strict):
    """What separates an SDE II answer from an SDE III answer on this question."""

    sde2: Text
    sde3: Text


class Question(_Strict):
    id: Slug
    title: Text
    levels: list[Level] = Field(min_length=1)
    frequency: Frequency
    tags: list[Slug] = Field(min_length=1)
    prompt: Text
    hints: list[Text] = Field(min_length=2)
    clarifications: list[Clarification] = Field(min_length=3)
    estimate: CapacityEstimate
    key_topics: list[Text] = Field(min_length=3)
    key_trade_off: Text
    rubric: dict[Phase, PhaseRubric]
    deep_dive_probes: list[Probe] = Field(min_length=2)
    failure_probes: list[Probe] = Field(min_length=2)
    cost_probes: list[Probe] = Field(min_length=1)
    lp_probes: list[LeadershipProbe] = Field(min_length=2)
    level_bar: LevelBar
    common_mistakes: list[Text] = Field(min_length=2)

    @field_validator("rubric")
    @classmethod
    def _every_phase_once(cls, rubric: dict[Phase, PhaseRubric]) -> dict[Phase, PhaseRubric]:
        missing = [phase.value for phase in Phase if phase not in rubric]
        if missing:
            raise ValueError(f"missing phase(s): {', '.join(missing)}")
        signal_ids = [signal.id for phase_rubric in rubric.values() for signal in phase_rubric.signals]
        repeated = sorted({signal_id for signal_id in signal_ids if signal_ids.count(signal_id) > 1})
        if repeated:
            raise ValueError(f"signal id(s) used twice: {', '.join(repeated)}")
        return rubric

    @field_validator("estimate")
    @classmethod
    def _estimate_shows_the_math(cls, estimate: CapacityEstimate) -> CapacityEstimate:
        if not any(re.search(r"\d", step) for step in estimate.steps):
            raise ValueError("steps must contain the actual numbers")
        return estimate

    def phase_rubric(self, phase: Phase) -> PhaseRubric:
        return self.rubric[phase]

    def signals(self) -> list[tuple[Phase, Signal]]:
        """Every rubric signal with its phase, in interview order."""
        return [(phase, signal) for phase in Phase for signal in self.rubric[phase].signals]
