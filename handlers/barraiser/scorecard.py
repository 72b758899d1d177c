"""The offline scorecard (pure), on the same evidence as the probes.

A phase scores on the question's signals and on the areas that phase expects, whichever shows more;
negated or hedged statements never count. A transcript that is a bare list of names, with no decision,
reason or number anywhere, scores no phase above 2 and leans no better than "lean no hire". The lean
counts the areas covered with a decision; SDE III also needs failure modes and monitoring or operations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.user_text import excerpt
from handlers.barraiser.coverage import Evidence, Finding, analyse, covered, evidence
from handlers.barraiser.generic import PHASE_AREAS
from handlers.barraiser.models import BarRaiserRequest, Lean, PhaseScore, Scorecard
from question_bank import Area, Level, Phase, Question

MISSING_LIMIT = 600
BUZZWORD_CAP = 2
_SUBSTANCE = re.compile(
    r"\d|\b(?:because|since|so that|otherwise|which means|that means|rather than|instead of|"
    r"i'?d|we'?d|i'?ll|we'?ll|i would|we would|i pick|we pick|i choose|i chose|go with|trade-?off)\b",
    re.IGNORECASE,
)
_AREA_GAP = {
    Area.SCALE: "Ask for the scale (users, requests per second, data volume) and design for it.",
    Area.ESTIMATION: "Derive the numbers (peak rate, storage a year, servers) and say what they decide.",
    Area.CUSTOMER: "Tie choices to what the user sees and feels, with latency and availability targets.",
    Area.COST: "Give an opinion on cost and a cheaper or simpler option.",
    Area.FAILURE: "Say what happens when a dependency fails or is slow: timeouts, retries, fallbacks.",
    Area.IDEMPOTENCY: "Make retried or duplicated requests safe (idempotency keys, dedup).",
    Area.MONITORING: "Name the metrics, alerts and thresholds that tell you it is broken.",
    Area.CONSISTENCY: "State the consistency each piece of data needs and why.",
    Area.CACHING: "Decide what to cache, for how long, and how it is invalidated.",
    Area.OPERATIONS: "Explain deploys, rollbacks, migrations and on-call.",
}
_FALLBACK_PRACTICE = (
    "Run a full timed 45-minute mock, out loud, with a drawing.",
    "Keep stating each decision with its reason and a number.",
    "Try a harder variant of this question at the next level.",
)


def has_substance(messages: Sequence[str]) -> bool:
    """Some decision, reason or number somewhere: more than a list of names."""
    return any(_SUBSTANCE.search(message) for message in messages)


def _score(fraction: float) -> int:
    return 1 if fraction == 0 else 2 if fraction < 0.5 else 3 if fraction < 0.8 else 4


def _sentences_within(parts: Sequence[str], limit: int) -> str:
    """Whole sentences only, as many as fit: never cut one in the middle."""
    kept: list[str] = []
    for part in parts:
        text = part.strip()
        if text and not text.endswith((".", "?", "!")):
            text += "."
        if text and len(" ".join([*kept, text])) <= limit:
            kept.append(text)
    return " ".join(kept)


def _unique_quotes(messages: Sequence[str], limit: int = 3) -> list[str]:
    seen: list[str] = []
    for message in messages:
        if message not in seen:
            seen.append(message)
    return [f"“{excerpt(message)}”" for message in seen[:limit]]


def _phase_score(
    question: Question, phase: Phase, found: list[Evidence], findings: dict[Area, Finding], cap: int
) -> PhaseScore:
    signals = question.rubric[phase].signals
    hits = [item for item in found if item.phase is phase]
    hit_ids = {item.signal.id for item in hits}
    areas = PHASE_AREAS[phase]
    done = [area for area in areas if area in covered(findings)]
    fraction = max(len(hit_ids) / len(signals), len(done) / len(areas))
    missing = [signal.description for signal in signals if signal.id not in hit_ids]
    missing += [_AREA_GAP[area] for area in areas if area not in done]
    return PhaseScore(
        phase=phase.value,
        score=min(_score(fraction), cap),
        evidence=_unique_quotes([item.quote for item in hits] + [findings[area].quote for area in done]),
        missing=_sentences_within(missing, MISSING_LIMIT),
    )


def _leadership(findings: dict[Area, Finding], messages: list[str], cap: int) -> PhaseScore:
    """LP signals in a design round: user impact, cost, ownership, and decisions defended."""
    areas = covered(findings) & {Area.CUSTOMER, Area.COST, Area.OPERATIONS, Area.MONITORING}
    decided = [m for m in messages if re.search(r"\b(?:because|trade-?off|instead of|rather than)\b", m, re.I)]
    missing = [] if decided else ['Decisions stated with their reason ("X, because Y").']
    missing += [
        f"Nothing on {area.value}." for area in (Area.CUSTOMER, Area.COST, Area.OPERATIONS) if area not in areas
    ]
    return PhaseScore(
        phase="leadership",
        score=min(_score((len(areas) + (1 if decided else 0)) / 5), cap),
        evidence=_unique_quotes(decided, 2),
        missing=_sentences_within(missing, MISSING_LIMIT),
    )


def lean_for(level: Level, findings: dict[Area, Finding], substance: bool) -> tuple[Lean, str]:
    """The lean from the areas covered with a decision (hedged ones never count)."""
    done = covered(findings)
    count = len(done)
    bar = "SDE III bar" if level is Level.SDE3 else "SDE II bar"
    if not substance:
        lean: Lean = "lean no hire" if count >= 3 else "no hire"
        return lean, f"Below the {bar}: names without decisions, reasons or numbers."
    senior_gaps = level is Level.SDE3 and not (Area.FAILURE in done and done & {Area.MONITORING, Area.OPERATIONS})
    if count >= 8 and not senior_gaps:
        return "strong hire", f"Above the {bar}: {count} of 10 areas settled with decisions."
    if count >= 6 and not senior_gaps:
        return "hire", f"Meets the {bar}: {count} of 10 areas settled with decisions."
    if count >= 3:
        reason = "failure modes and monitoring or operations are missing" if senior_gaps else "gaps remain"
        return "lean hire", f"Close to the {bar}: {count} of 10 areas settled; {reason}."
    if count >= 1:
        return "lean no hire", f"Below the {bar}: only {count} of 10 areas settled with a decision."
    return "no hire", f"Below the {bar}: no area settled with a decision."


def _practise(phases: list[PhaseScore], findings: dict[Area, Finding]) -> list[str]:
    items = [
        f"{Phase(score.phase).label}: {score.missing.split('. ')[0].rstrip('.')}."
        for score in sorted(phases, key=lambda score: score.score)
        if score.missing and score.score < 4
    ][:3]
    items += [gap for area, gap in _AREA_GAP.items() if area not in covered(findings) and gap not in items]
    return (items + [item for item in _FALLBACK_PRACTICE if item not in items])[:3]


def rubric_scorecard(request: BarRaiserRequest) -> Scorecard | None:
    """Scores what was said, only; None when the candidate said nothing."""
    messages = request.candidate_messages
    if not messages:
        return None
    findings = analyse(messages)
    substance = has_substance(messages)
    cap = 4 if substance else BUZZWORD_CAP
    found = evidence(request.question, messages)
    phases = [_phase_score(request.question, phase, found, findings, cap) for phase in Phase]
    if request.diagram is not None:  # the drawing is evidence of the high-level design
        cited = "Diagram: " + request.diagram.outline.splitlines()[0]
        phases = [
            score.model_copy(update={"evidence": [cited, *score.evidence][:3]})
            if score.phase == "high-level"
            else score
            for score in phases
        ]
    lean, reason = lean_for(request.level, findings, substance)
    return Scorecard(
        phases=[*phases, _leadership(findings, messages, cap)],
        lean=lean,
        lean_reason=reason,
        practise_next=_practise(phases, findings),
    )
