"""The AI bar raiser: an LLM asked for structured probes and scorecards, its output checked."""

from __future__ import annotations

import re

from bot.llm import LlmClient, LlmUnavailable
from bot.user_text import defuse_mentions
from handlers.barraiser.models import PROBE_TEXT_LIMIT, BarRaiserRequest, ProbeOut, ProbeSet, Scorecard
from handlers.barraiser.prompt import SCORECARD_SYSTEM, SYSTEM, probe_messages, scorecard_messages
from question_bank import Area

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
    """The LLM's probes made safe to post: one line, capped, inert, none that leaks the prompt."""
    known = _known_targets(request)
    cleaned = []
    for probe in probes:
        text = defuse_mentions(" ".join(probe.text.split()))[:PROBE_TEXT_LIMIT]
        if not text or text in request.asked or leaks_prompt(text):
            continue
        targets = [target for target in probe.targets if target in known or target.startswith("LP: ")]
        cleaned.append(ProbeOut(text=text, targets=targets or ["general"]))
    return cleaned


def clean_scorecard(scorecard: Scorecard) -> Scorecard:
    """The LLM's scorecard made safe to post: evidence and advice inert."""
    phases = [
        phase.model_copy(
            update={"evidence": [defuse_mentions(q) for q in phase.evidence], "missing": defuse_mentions(phase.missing)}
        )
        for phase in scorecard.phases
    ]
    return scorecard.model_copy(
        update={
            "phases": phases,
            "lean_reason": defuse_mentions(scorecard.lean_reason),
            "practise_next": [defuse_mentions(item) for item in scorecard.practise_next],
        }
    )


class LlmEngine:
    """The bar raiser asked of an LLM, its answers checked; `LlmUnavailable` when it cannot answer."""

    name = "AI bar raiser"

    def __init__(self, client: LlmClient) -> None:
        self.client = client

    async def probes(self, request: BarRaiserRequest) -> list[ProbeOut]:
        """Probes aimed at the gaps the analysis found."""
        answer, _ = await self.client.parse(probe_messages(request, self.client.token_ratio), ProbeSet)
        probes = clean_probes(request, answer.probes)
        if not probes:
            raise LlmUnavailable("gave no usable probe")
        return probes

    async def scorecard(self, request: BarRaiserRequest) -> Scorecard:
        """A scorecard on the transcript, per phase and for the Leadership Principles."""
        answer, _ = await self.client.parse(scorecard_messages(request, self.client.token_ratio), Scorecard)
        return clean_scorecard(answer)
