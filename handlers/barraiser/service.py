"""The bar raiser: the AI engine when configured and within limits, the offline rubric otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from bot import metrics
from bot.context import Services
from bot.llm import LlmUnavailable
from bot.store import Scoped
from handlers.barraiser.llm_engine import LlmEngine
from handlers.barraiser.models import BarRaiserRequest, ProbeOut, Scorecard
from handlers.barraiser.rubric_engine import rubric_probes
from handlers.barraiser.scorecard import rubric_scorecard

RUBRIC = "offline rubric"
UNAVAILABLE = "offline rubric: the AI bar raiser is unavailable right now"
ALLOWANCE_SPENT = "offline rubric: today's AI allowance is used up"


@dataclass(frozen=True)
class Probes:
    """Probes and the engine that wrote them."""

    probes: list[ProbeOut]
    engine: str  # what answered, as shown to users ("AI bar raiser" or an offline rubric note)


@dataclass(frozen=True)
class Scored:
    """A scorecard and the engine that wrote it."""

    scorecard: Scorecard | None  # None: nothing was said, so nothing is scored
    engine: str


class BarRaiser:
    """Asks the LLM when it may, the rubric engine otherwise or when the LLM fails."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.llm = LlmEngine(services.llm) if services.llm is not None else None

    async def _ai_allowed(self, scope: Scoped, user_id: str) -> str | None:
        """None when the AI may answer, else the note saying why the rubric answers."""
        if self.llm is None:
            return RUBRIC
        if not await self.llm.client.take_allowance(scope, user_id):
            return ALLOWANCE_SPENT
        return None

    async def probes(self, request: BarRaiserRequest, scope: Scoped, user_id: str) -> Probes:
        """Probes for `request`, never failing: the rubric answers whenever the LLM cannot."""
        note = await self._ai_allowed(scope, user_id)
        if self.llm is not None and note is None:
            try:
                return Probes(await self.llm.probes(request), self.llm.name)
            except LlmUnavailable:
                note = UNAVAILABLE
        if note != RUBRIC:
            metrics.LLM_FALLBACKS.labels("limit" if note == ALLOWANCE_SPENT else "failure").inc()
        return Probes(rubric_probes(request), note or RUBRIC)

    async def scorecard(self, request: BarRaiserRequest, scope: Scoped, user_id: str) -> Scored:
        """A scorecard for `request`, never failing: the rubric answers whenever the LLM cannot."""
        if not request.candidate_messages:
            return Scored(None, RUBRIC)
        note = await self._ai_allowed(scope, user_id)
        if self.llm is not None and note is None:
            try:
                return Scored(await self.llm.scorecard(request), self.llm.name)
            except LlmUnavailable:
                note = UNAVAILABLE
        return Scored(rubric_scorecard(request), note or RUBRIC)
