"""Which probes the offline bar raiser asks (pure): the gaps the phase cares about, never a repeat.

Order: areas the current phase expects and the candidate missed (or only hedged), then those of
earlier phases, nearest first; a later phase's areas wait for their phase unless asked for by name.
An area already covered is never probed, nor a probe that touches one. Each topic is asked once per
session, in the question's own words when a bank probe asks about it and names nothing the candidate
has not mentioned, else in plain generic words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from handlers.barraiser.coverage import Finding, analyse, area_mentions, covered
from handlers.barraiser.generic import GENERIC_PROBES, PHASE_AREAS, presupposes
from handlers.barraiser.lexicon import TEN_AREAS
from handlers.barraiser.models import PROBE_LIMIT, BarRaiserRequest, ProbeOut
from question_bank import Area, Phase, Question

_SAME_AREA = {Area.SCALING: Area.SCALE}


def area_order(phase: Phase, findings: dict[Area, Finding], focus: str | None = None) -> list[Area]:
    """The areas worth a probe now, most wanted first: the phase's, then earlier phases' (nearest first).

    A later phase's area waits for its phase (a bar raiser does not ask about paging during the
    requirements) unless the focus names it.
    """
    phases = list(Phase)
    here = phases.index(phase)
    ordered: list[Area] = []
    for other in [phase, *reversed(phases[:here])]:
        ordered += [area for area in PHASE_AREAS[other] if area not in ordered]
    if focus:
        asked_for = focus.lower()
        named = [area for area in TEN_AREAS if area.value in asked_for or asked_for in area.value]
        ordered = named + [area for area in ordered if area not in named]
    done = covered(findings)
    return [area for area in ordered if area not in done]


def _question_part(text: str) -> str:
    sentences = re.findall(r"[^.?!]*\?", text)
    return " ".join(sentences) if sentences else text


def _bank_probes(question: Question, phase: Phase) -> Iterator[tuple[Area, str, str]]:
    """(area, topic, text) of the question's own probes: this phase's signals first."""
    signals = sorted(question.signals(), key=lambda pair: pair[0] is not phase)
    for _, signal in signals:
        yield _SAME_AREA.get(signal.area, signal.area), signal.id, signal.probe
    for probe in (*question.deep_dive_probes, *question.failure_probes, *question.cost_probes):
        yield _SAME_AREA.get(probe.area, probe.area), probe.text[:40], probe.text


def _asks_about(text: str, area: Area, done: set[Area]) -> bool:
    """The probe's question, read with the engine's vocabulary, is about `area`, little else, nothing settled."""
    areas = area_mentions(_question_part(text))
    return area in areas and len(areas) <= 2 and not areas & done


def asked_topics(question: Question, asked: frozenset[str]) -> set[tuple[Area, str]]:
    """(area, topic) of the probes already asked in this session, however they were worded."""
    known = {text: (area, topic) for area, topic, text in _bank_probes(question, Phase.REQUIREMENTS)}
    known |= {text: (area, topic) for area, probes in GENERIC_PROBES.items() for topic, text in probes}
    topics: set[tuple[Area, str]] = set()
    for text in asked:
        if text in known:
            topics.add(known[text])
        else:  # worded elsewhere (the AI engine): its areas count as asked
            topics |= {(area, "any") for area in area_mentions(_question_part(text))}
    return topics


def _pick(
    request: BarRaiserRequest, area: Area, said: str, taken: set[tuple[Area, str]], done: set[Area]
) -> ProbeOut | None:
    for bank_area, topic, text in _bank_probes(request.question, request.phase):
        if bank_area is not area or (area, topic) in taken or text in request.asked:
            continue
        if not presupposes(text, said) and _asks_about(text, area, done):
            return ProbeOut(text=text, targets=[area.value])
    for topic, text in GENERIC_PROBES[area]:
        touches_settled = (area_mentions(_question_part(text)) - {area}) & done
        if (area, topic) not in taken and text not in request.asked and not touches_settled:
            return ProbeOut(text=text, targets=[area.value])
    return None


def gap_probes(request: BarRaiserRequest, limit: int = PROBE_LIMIT) -> list[ProbeOut]:
    """Up to `limit` probes, one per missed area, most wanted first; an area asked before comes last."""
    messages = request.candidate_messages
    said = " ".join(messages)
    findings = analyse(messages)
    taken = asked_topics(request.question, request.asked)
    asked_areas = {area for area, _ in taken}
    order = area_order(request.phase, findings, request.focus)
    order = [area for area in order if area not in asked_areas] + [area for area in order if area in asked_areas]
    chosen: list[ProbeOut] = []
    for area in order:
        if len(chosen) >= limit:
            break
        if any(topic == "any" for other, topic in taken if other is area):
            continue
        probe = _pick(request, area, said, taken, covered(findings))
        if probe is not None:
            chosen.append(probe)
    return chosen
