"""The offline bar raiser (pure): probes from the gaps in what was said, and the scorecard (scorecard.py)."""

from __future__ import annotations

from handlers.barraiser.coverage import analyse, area_mentions, covered
from handlers.barraiser.models import PROBE_LIMIT, BarRaiserRequest, ProbeOut
from handlers.barraiser.probes import gap_probes
from question_bank import Area, LeadershipPrinciple
from question_bank.models import LeadershipProbe

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


# The design area a principle's story is about, where there is one (a customer story after the
# candidate settled the customer's side asks about a covered area again).
AREA_OF_LP = {
    LeadershipPrinciple.CUSTOMER_OBSESSION: Area.CUSTOMER,
    LeadershipPrinciple.FRUGALITY: Area.COST,
    LeadershipPrinciple.INVENT_AND_SIMPLIFY: Area.COST,
}


def _touches(probe: LeadershipProbe, done: set[Area]) -> bool:
    """The story question dwells on an area the candidate already settled."""
    return AREA_OF_LP.get(probe.lp) in done or bool(area_mentions(probe.question) & done)


def _lp_probe(request: BarRaiserRequest, uncovered: list[Area]) -> ProbeOut | None:
    preferred = [LP_FOR_AREA[area] for area in uncovered if area in LP_FOR_AREA]
    done = covered(analyse(request.candidate_messages))
    options = sorted(
        (
            probe
            for probe in request.question.lp_probes
            if probe.question + STAR not in request.asked and not _touches(probe, done)
        ),
        key=lambda probe: preferred.index(probe.lp) if probe.lp in preferred else len(preferred),
    )
    if not options:
        return None  # every story left is about something already settled: no LP probe this time
    return ProbeOut(text=options[0].question + STAR, targets=[f"LP: {options[0].lp.value}"])


def diagram_probes(request: BarRaiserRequest, limit: int) -> list[ProbeOut]:
    """The structural review's probes about the candidate's diagram that were not asked yet."""
    if request.diagram is None:
        return []
    return [probe for probe in request.diagram.findings if probe.text not in request.asked][:limit]


def rubric_probes(request: BarRaiserRequest, limit: int = PROBE_LIMIT) -> list[ProbeOut]:
    """Up to `limit` probes: the diagram's gaps, what is not covered yet (probes.py), an LP story now and then."""
    probes = [*diagram_probes(request, limit - 1), *gap_probes(request, limit)][:limit]
    for slot in range(limit):
        if (request.probes_asked_before + slot + 1) % LP_EVERY == 0:
            lp = _lp_probe(request, [Area(probe.targets[0]) for probe in probes if probe.targets[0] in _AREA_NAMES])
            if lp is not None:
                probes = [*probes[:slot], lp, *probes[slot:]][:limit]
    return probes
