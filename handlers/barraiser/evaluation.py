"""How well probes aim (pure): recall of the areas a transcript misses, and probes wasted on covered ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handlers.barraiser.models import ProbeOut
from question_bank import Area, Question


@dataclass(frozen=True)
class Labelled:
    """A transcript's labels: the areas it covers and the ones it misses."""

    covers: frozenset[Area]
    misses: frozenset[Area]


@dataclass(frozen=True)
class Aim:
    missed_hit: int  # missed areas some probe targets
    missed_total: int
    probes_on_covered: int
    probes_total: int


def probe_areas(question: Question, probe: ProbeOut) -> set[Area]:
    """The areas a probe is about, from its targets (signal ids or area names)."""
    signals = {signal.id: signal.area for _, signal in question.signals()}
    areas = {signals[target] for target in probe.targets if target in signals}
    return areas | {Area(target) for target in probe.targets if target in {area.value for area in Area}}


def aim(question: Question, labels: Labelled, probes: Sequence[ProbeOut]) -> Aim:
    per_probe = [probe_areas(question, probe) for probe in probes]
    targeted = set().union(*per_probe) if per_probe else set()
    return Aim(
        missed_hit=len(labels.misses & targeted),
        missed_total=len(labels.misses),
        probes_on_covered=sum(1 for areas in per_probe if areas & labels.covers),
        probes_total=len(probes),
    )


def recall(aims: Iterable[Aim]) -> float:
    items = list(aims)
    return sum(a.missed_hit for a in items) / max(sum(a.missed_total for a in items), 1)


def covered_rate(aims: Iterable[Aim]) -> float:
    items = list(aims)
    return sum(a.probes_on_covered for a in items) / max(sum(a.probes_total for a in items), 1)
