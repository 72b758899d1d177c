"""Which deep dive the offline interviewer steers to (pure): what the design so far lacks, never a repeat.

The candidate's messages are read by the bar raiser's coverage analysis. Deep-dive areas the candidate
missed or only hedged (not settled) come first (failure, idempotency, consistency, caching, then scale, monitoring,
cost, operations); an area already settled is chosen only when nothing else is left. The opening is
worded from the question's own deep-dive, failure or cost probes for that area when one names nothing
the candidate never mentioned, else from the plain probes every question shares.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from handlers.barraiser.coverage import analyse, area_mentions, covered
from handlers.barraiser.generic import GENERIC_PROBES, presupposes
from question_bank import Area, Question

# Deep-dive areas, most telling first: what an interviewer steers to in the deep dive, then the rest.
DEEP_DIVE_AREAS: tuple[Area, ...] = (
    Area.FAILURE, Area.IDEMPOTENCY, Area.CONSISTENCY, Area.CACHING,
    Area.SCALE, Area.MONITORING, Area.COST, Area.OPERATIONS,
)  # fmt: skip

# How the interviewer names the topic before the probe ("Let's go deeper on <topic>: <probe>").
TOPIC_WORDS: dict[Area, str] = {
    Area.FAILURE: "what happens when part of this design fails",
    Area.IDEMPOTENCY: "duplicate requests",
    Area.CONSISTENCY: "keeping the data consistent",
    Area.CACHING: "caching",
    Area.SCALE: "traffic growth",
    Area.MONITORING: "how you would know it is broken",
    Area.COST: "what this design costs",
    Area.OPERATIONS: "running this in production",
}

# Short follow-ups on the same area that ask, never tell (no technique is named).
FOLLOW_UPS: dict[Area, tuple[str, ...]] = {
    Area.FAILURE: (
        "How long do you wait before you give up on it?",
        "And when it comes back, how does the system recover?",
    ),
    Area.IDEMPOTENCY: (
        "Where exactly is the second copy noticed?",
        "What if both copies arrive at the same moment?",
    ),
    Area.CONSISTENCY: (
        "Which reads can live with stale data here, and which cannot?",
        "What does a reader see halfway through that change?",
    ),
    Area.CACHING: (
        "How does a cached entry go stale, and how do you notice?",
        "What happens right after a restart, when the cache is empty?",
    ),
    Area.SCALE: (
        "Which component hits its limit first?",
        "What is the first thing you would change at ten times the load?",
    ),
    Area.MONITORING: (
        "What exact threshold wakes someone up?",
        "How do you tell a real drop from normal noise?",
    ),
    Area.COST: (
        "Which part of the bill is the biggest?",
        "What would you cut first if the budget were halved?",
    ),
    Area.OPERATIONS: (
        "How do you roll back if it goes wrong halfway?",
        "What does the engineer on call look at first at 3 am?",
    ),
}

_SAME_AREA = {Area.SCALING: Area.SCALE}


@dataclass(frozen=True)
class DeepDiveChoice:
    """The deep dive chosen: its area, what the interviewer says, and follow-ups on the same area.

    `topic` ("failure: <what was asked>") is what to pass back in `already` so the mock never repeats it.
    """

    area: Area
    opening: str
    follow_ups: tuple[str, ...]
    topic: str = ""


def _used_areas(already: Collection[str]) -> set[Area]:
    """Areas named in `already`, alone ("failure") or as the head of a topic ("failure: ...")."""
    names = {area.value: area for area in DEEP_DIVE_AREAS}
    return {
        names[item.split(":", 1)[0].strip().lower()]
        for item in already
        if item.split(":", 1)[0].strip().lower() in names
    }


def area_order(candidate_messages: Sequence[str], already: Collection[str] = ()) -> list[Area]:
    """Deep-dive areas, most wanted first: missed or only hedged, then settled; areas used before dropped.

    Missed and hedged areas rank alike (on the tuning transcripts, putting either first did no better).
    """
    settled = covered(analyse(candidate_messages))
    used = _used_areas(already)

    def rank(area: Area) -> tuple[int, int]:
        return (1 if area in settled else 0), DEEP_DIVE_AREAS.index(area)

    return sorted((area for area in DEEP_DIVE_AREAS if area not in used), key=rank)


def _bank_probes(question: Question, area: Area) -> Iterator[str]:
    """The question's own probe texts for `area`: failure probes first, then deep-dive, then cost."""
    for probe in (*question.failure_probes, *question.deep_dive_probes, *question.cost_probes):
        if _SAME_AREA.get(probe.area, probe.area) is area:
            yield probe.text


def _fits(text: str, area: Area, said: str) -> bool:
    """The bank's probe for `area` touches no other area (engine vocabulary) and names nothing the candidate never did.

    The bank labels its probes' areas; a failure probe set up as a scene ("the region is down") may use no
    word of the vocabulary at all. On the tuning transcripts this kept the question's own wording in half of
    the choices (the question sentence alone: one in seven) with the same share of good aims.
    """
    return area_mentions(text) <= {area} and not presupposes(text, said)


def _probes_for(question: Question, area: Area, said: str) -> list[tuple[str, str]]:
    """(topic key, probe text) for `area`: the question's fitting probes, then the generic ones."""
    own = [(text[:40], text) for text in _bank_probes(question, area) if _fits(text, area, said)]
    return own + list(GENERIC_PROBES[area])


def choose_deep_dive(
    question: Question, candidate_messages: Sequence[str], already: Collection[str] = ()
) -> DeepDiveChoice:
    """The deep dive on what the design so far lacks most, worded for this question, never one chosen before."""
    said = " ".join(candidate_messages)
    taken = {item.strip() for item in already}
    order = area_order(candidate_messages, already) or list(DEEP_DIVE_AREAS)
    for area in order:
        for key, text in _probes_for(question, area, said):
            topic = f"{area.value}: {key}"
            if topic in taken or any(text in item for item in taken):  # a topic, or a probe or opening asked
                continue
            return _choice(area, text, topic)
    area = order[0]  # every topic was used: ask the first area's plainest probe again
    key, text = GENERIC_PROBES[area][0]
    return _choice(area, text, f"{area.value}: {key}")


def _choice(area: Area, probe: str, topic: str) -> DeepDiveChoice:
    opening = f"Let's go deeper on {TOPIC_WORDS[area]}: {probe}"
    return DeepDiveChoice(area=area, opening=opening, follow_ups=FOLLOW_UPS[area], topic=topic)
