"""The AI bar raiser: an LLM asked for structured probes and scorecards, its output checked."""

from __future__ import annotations

import re

from bot.llm import LlmClient, LlmUnavailable
from bot.user_text import defuse_mentions
from handlers.barraiser.models import PROBE_TEXT_LIMIT, BarRaiserRequest, ProbeOut, ProbeSet, Scorecard
from handlers.barraiser.prompt import SCORECARD_SYSTEM, SYSTEM, probe_messages, scorecard_messages
from question_bank import Area


def defuse(text: str) -> str:
    """No @everyone, @here or user/role mention ever comes out of the LLM live."""
    return defuse_mentions(text)


_PROMPT_PIECES = [piece for piece in re.split(r"[.\n]", SYSTEM + SCORECARD_SYSTEM) if len(piece.strip()) >= 30]


def leaks_prompt(text: str) -> bool:
    """True if the text repeats a sentence of our instructions (a prompt-injection success)."""
    flat = " ".join(text.split()).lower()
    return any(" ".join(piece.split()).lower() in flat for piece in _PROMPT_PIECES)


def _known_targets(request: BarRaiserRequest) -> set[str]:
    question = request.question
    return (
        {signal.id for _, signal in question.signals()}
        | {area.value for area in Area}
        | {f"LP: {probe.lp.value}" for probe in question.lp_probes}
    )


def clean_probes(request: BarRaiserRequest, probes: list[ProbeOut]) -> list[ProbeOut]:
    known = _known_targets(request)
    cleaned = []
    for probe in probes:
        text = defuse(" ".join(probe.text.split()))[:PROBE_TEXT_LIMIT]
        if not text or text in request.asked or leaks_prompt(text):
            continue
        targets = [target for target in probe.targets if target in known or target.startswith("LP: ")]
        cleaned.append(ProbeOut(text=text, targets=targets or ["general"]))
    return cleaned


def clean_scorecard(scorecard: Scorecard) -> Scorecard:
    phases = [
        phase.model_copy(update={"evidence": [defuse(q) for q in phase.evidence], "missing": defuse(phase.missing)})
        for phase in scorecard.phases
    ]
    return scorecard.model_copy(
        update={
            "phases": phases,
            "lean_reason": defuse(scorecard.lean_reason),
            "practise_next": [defuse(item) for item in scorecard.practise_next],
        }
    )


class LlmEngine:
    name = "AI bar raiser"

    def __init__(self, client: LlmClient) -> None:
        self.client = client

    async def probes(self, request: BarRaiserRequest) -> list[ProbeOut]:
        answer, _ = await self.client.parse(probe_messages(request), ProbeSet)
        probes = clean_probes(request, answer.probes)
        if not probes:
            raise LlmUnavailable("gave no usable probe")
        return probes

    async def scorecard(self, request: BarRaiserRequest) -> Scorecard:
        answer, _ = await self.client.parse(scorecard_messages(request), Scorecard)
        return clean_scorecard(answer)
