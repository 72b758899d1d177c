"""The offline bar raiser (pure): probes and scorecards from the question bank's rubric."""

from __future__ import annotations

from handlers.barraiser.coverage import Evidence, covered_areas, evidence, quote
from handlers.barraiser.models import PROBE_LIMIT, BarRaiserRequest, Lean, PhaseScore, ProbeOut, Scorecard
from handlers.barraiser.probes import gap_probes
from question_bank import Area, LeadershipPrinciple, Level, Phase, Question

# What interviewers score, most telling first (domain.md); other areas come after these.
SCORED_AREAS = [
    Area.FAILURE, Area.IDEMPOTENCY, Area.SCALE, Area.ESTIMATION, Area.MONITORING,
    Area.COST, Area.CONSISTENCY, Area.CACHING, Area.CUSTOMER, Area.OPERATIONS,
]  # fmt: skip
_AREA_NAMES = {area.value for area in Area}
LP_EVERY = 4  # about one probe in four asks for a Leadership Principle story
STAR = " Answer with a real story: situation, task, what you did, and the result."
LP_FOR_AREA = {
    Area.CUSTOMER: LeadershipPrinciple.CUSTOMER_OBSESSION,
    Area.COST: LeadershipPrinciple.FRUGALITY,
    Area.OPERATIONS: LeadershipPrinciple.OWNERSHIP,
    Area.MONITORING: LeadershipPrinciple.OWNERSHIP,
    Area.FAILURE: LeadershipPrinciple.EARN_TRUST,
}


def _lp_probe(request: BarRaiserRequest, uncovered: list[Area]) -> ProbeOut | None:
    preferred = [LP_FOR_AREA[area] for area in uncovered if area in LP_FOR_AREA]
    options = sorted(
        (probe for probe in request.question.lp_probes if probe.question + STAR not in request.asked),
        key=lambda probe: preferred.index(probe.lp) if probe.lp in preferred else len(preferred),
    )
    if not options:
        return None
    return ProbeOut(text=options[0].question + STAR, targets=[f"LP: {options[0].lp.value}"])


def rubric_probes(request: BarRaiserRequest, limit: int = PROBE_LIMIT) -> list[ProbeOut]:
    """Up to `limit` probes on what is not covered yet (probes.py), with a Leadership Principle story every so often."""
    probes = gap_probes(request, limit)
    for slot in range(limit):
        if (request.probes_asked_before + slot + 1) % LP_EVERY == 0:
            lp = _lp_probe(request, [Area(probe.targets[0]) for probe in probes if probe.targets[0] in _AREA_NAMES])
            if lp is not None:
                probes = [*probes[:slot], lp, *probes[slot:]][:limit]
    return probes


def _score(fraction: float) -> int:
    return 1 if fraction == 0 else 2 if fraction < 0.5 else 3 if fraction < 0.8 else 4


def _phase_score(question: Question, phase: Phase, found: list[Evidence]) -> PhaseScore:
    signals = question.rubric[phase].signals
    hits = [item for item in found if item.phase is phase]
    hit_ids = {item.signal.id for item in hits}
    missing = [signal.description for signal in signals if signal.id not in hit_ids]
    return PhaseScore(
        phase=phase.value,
        score=_score(len(hit_ids) / len(signals)),
        evidence=[f"“{quote(item.quote)}”" for item in hits[:3]],
        missing=" ".join(missing)[:600] or "Nothing major.",
    )


def _leadership(found: list[Evidence], messages: list[str]) -> PhaseScore:
    """LP signals in a design round: user impact, cost, ownership, and decisions defended."""
    areas = covered_areas(found) & {Area.CUSTOMER, Area.COST, Area.OPERATIONS, Area.MONITORING}
    decided = [m for m in messages if any(w in m.lower() for w in ("because", "trade-off", "tradeoff", "instead of"))]
    hits = len(areas) + (1 if decided else 0)
    quotes = [f"“{quote(m)}”" for m in decided[:2]]
    missing = [] if decided else ['Decisions stated with their reason ("X, because Y").']
    missing += [
        f"Nothing on {area.value}." for area in (Area.CUSTOMER, Area.COST, Area.OPERATIONS) if area not in areas
    ]
    return PhaseScore(
        phase="leadership", score=_score(hits / 5), evidence=quotes, missing=" ".join(missing) or "Nothing major."
    )


def _lean(level: Level, scores: dict[str, int], found: list[Evidence]) -> tuple[Lean, str]:
    average = sum(scores.values()) / len(scores)
    core = min(scores["requirements"], scores["high-level"], scores["deep-dive"])
    if level is Level.SDE3:
        unprompted = {Area.FAILURE, Area.MONITORING} <= covered_areas(found)
        meets = core >= 3 and scores["trade-offs"] >= 3 and unprompted and average >= 3
        bar = "SDE III bar: core design, operations, failure modes and monitoring without being asked"
    else:
        meets = core >= 3 and average >= 2.5
        bar = "SDE II bar: core design right, with trade-offs and follow-ups handled"
    if meets:
        return ("strong hire" if average >= 3.5 else "hire"), f"Meets the {bar}."
    if average >= 2.5:
        return "lean hire", f"Close to the {bar}, with gaps below."
    return ("lean no hire" if average >= 1.8 else "no hire"), f"Below the {bar}."


def rubric_scorecard(request: BarRaiserRequest) -> Scorecard | None:
    """Scores what was said, only; None when the candidate said nothing."""
    messages = request.candidate_messages
    if not messages:
        return None
    found = evidence(request.question, messages)
    phases = [_phase_score(request.question, phase, found) for phase in Phase]
    leadership = _leadership(found, messages)
    scores: dict[str, int] = {score.phase: score.score for score in phases}
    lean, reason = _lean(request.level, scores, found)
    weakest = sorted(phases, key=lambda score: score.score)[:3]
    practise = [f"{Phase(score.phase).label}: {score.missing.split('.')[0]}." for score in weakest]
    return Scorecard(phases=[*phases, leadership], lean=lean, lean_reason=reason, practise_next=practise)
