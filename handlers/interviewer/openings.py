"""What the interviewer says when a phase starts, and when high-level design goes quiet (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from handlers.interviewer.offline import Answer, deep_dive_opening
from handlers.interviewer.state import InterviewState
from question_bank import Phase, Question

_ASKED_SCALE = re.compile(
    r"\b(?:how (?:many|much|big)|traffic|qps|rps|dau|mau|users?|requests?|volume|scale|load|throughput)\b", re.I
)
_ASKED_TARGETS = re.compile(r"\b(?:latency|fast|slow|p9\d|availab\w*|uptime|sla|slo|down ?time|nines|99\.)", re.I)
TRADE_OFF_ASKS = (
    "What would you monitor to know this design is healthy, and what would page someone?",
    "If you had another month on this, what would you do next, and why that first?",
)
NUDGE = (
    "Walk me through the main request path: what happens, component by component, from the moment a "
    "user's request arrives until they get an answer?"
)


def _questions(said: Sequence[str]) -> list[str]:
    return [line for line in said if "?" in line or re.match(r"\s*(?:how|what|which|do|does|is|are|can)\b", line, re.I)]


def missed_requirements(said: Sequence[str]) -> list[str]:
    """What the candidate never asked about in requirements: scale, and latency or availability targets."""
    asked = " ".join(_questions(said))
    missed = []
    if not _ASKED_SCALE.search(asked):
        missed.append("how big this is (users, requests, data)")
    if not _ASKED_TARGETS.search(asked):
        missed.append("what latency and availability it needs")
    return missed


def phase_opening(question: Question, phase: Phase, said: Sequence[str], state: InterviewState) -> Answer:
    """The interviewer's words as `phase` starts (after the timer's own announcement)."""
    if phase is Phase.REQUIREMENTS:
        return Answer(f"I'll be your interviewer today. {question.prompt}\n\nWhat would you like to know?", state)
    if phase is Phase.ESTIMATION:
        missed = missed_requirements(said)
        before = ""
        if missed:
            before = f"Before we move on: you didn't ask {' or '.join(missed)}. An interviewer notices that.\n\n"
        return Answer(
            before + "Let's put numbers on it. Which figures matter for this design, and what do they come to?", state
        )
    if phase is Phase.HIGH_LEVEL:
        return Answer("Sketch the high-level design: the main components and how a request flows through them.", state)
    if phase is Phase.DEEP_DIVE:
        return deep_dive_opening(question, said, state)
    return Answer(
        "What is the biggest risk in this design, and what would you do about it?",
        state.model_copy(update={"trade_off_asks": list(TRADE_OFF_ASKS)}),
    )
