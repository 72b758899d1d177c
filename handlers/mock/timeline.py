"""Where a mock stands in time (pure): phases, pauses, extensions, and what to announce next.

Time inside a mock is "active" time: wall time since the start, minus time spent paused.
Phase boundaries are offsets in active seconds; announcements are events at those offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache
from itertools import accumulate

WARNING_SECONDS = 60  # the one-minute warning before a phase ends
MIN_PHASE_FOR_WARNING = 2 * WARNING_SECONDS
# Offsets are sums of floats: a phase cut at `elapsed` ends at `start + (elapsed - start)`, which can
# differ from `elapsed` in the last bit. Within this margin a boundary counts as reached.
EPSILON = 1e-6


class EventKind(StrEnum):
    """What can happen in a mock: a phase starts, a phase is about to end, the mock ends."""

    START = "start"
    WARNING = "warn"
    END = "end"


@dataclass(frozen=True)
class Event:
    """One moment of a mock, at an active-time offset."""

    kind: EventKind
    phase_index: int  # for END: the number of phases
    offset: float  # active seconds from the start

    @cached_property
    def key(self) -> str:
        """A stable name for the event, so it is said once."""
        return f"{self.kind.value}:{self.phase_index}"


def phase_bounds(durations: Sequence[float]) -> list[tuple[float, float]]:
    """Where each phase starts and ends in active time."""
    return list(_bounds(tuple(durations)))


@lru_cache(maxsize=4096)  # read on every timer and status card; most mocks share a plan
def _bounds(durations: tuple[float, ...]) -> tuple[tuple[float, float], ...]:
    ends = list(accumulate(durations))
    return tuple((end - duration, end) for duration, end in zip(durations, ends, strict=True))


def events(durations: Sequence[float]) -> list[Event]:
    """Every announcement of a mock, in order: each phase's start and warning, then the end."""
    return list(_events(tuple(durations)))


@lru_cache(maxsize=4096)  # a timer reads its mock's timeline several times, and most mocks share a plan
def _events(durations: tuple[float, ...]) -> tuple[Event, ...]:
    timeline: list[Event] = []
    for index, (start, end) in enumerate(phase_bounds(durations)):
        timeline.append(Event(EventKind.START, index, start))
        if end - start >= MIN_PHASE_FOR_WARNING:
            timeline.append(Event(EventKind.WARNING, index, end - WARNING_SECONDS))
    timeline.append(Event(EventKind.END, len(durations), float(sum(durations))))
    return tuple(timeline)


def current_phase(durations: Sequence[float], elapsed: float) -> int | None:
    """The index of the running phase, or None once the mock is over."""
    for index, (_, end) in enumerate(phase_bounds(durations)):
        if elapsed < end - EPSILON:
            return index
    return None


def due_events(durations: Sequence[float], announced: set[str], elapsed: float) -> list[Event]:
    """Every event at or before `elapsed`."""
    return [event for event in events(durations) if event.offset <= elapsed + EPSILON and event.key not in announced]


def counted_as_said(durations: Sequence[float], announced: set[str], elapsed: float, saying: list[Event]) -> set[str]:
    """What saying `saying` (from `to_say`) counts as said: every event due up to its last (overtaken warnings
    are dropped, not said later)."""
    due = due_events(durations, announced, elapsed)
    return {event.key for event in due[: due.index(saying[-1]) + 1]}


def next_event(durations: Sequence[float], announced: set[str]) -> Event | None:
    """The first event after `elapsed`, if any."""
    return next((event for event in events(durations) if event.key not in announced), None)


def to_announce(due: Sequence[Event]) -> Event | None:
    """The latest of the events due (after downtime several may be)."""
    return due[-1] if due else None


def owed_starts(durations: Sequence[float], announced: set[str], elapsed: float) -> set[str]:
    """Phase starts due but not yet said when a control changes the timeline: the candidate was in
    those phases, so they are said even if a later event supersedes them."""
    return {event.key for event in due_events(durations, announced, elapsed) if event.kind is EventKind.START}


def to_say(durations: Sequence[float], announced: set[str], owed: set[str], elapsed: float) -> list[Event]:
    """What to announce now, in timeline order: every phase start due and unsaid of a phase that ran
    (a late timer or a control may have overtaken some; each is still said, once - a start is never
    lost; phases an early end cut to nothing never ran), then the latest due event. A warning that a
    later event overtook is stale and dropped: no flood of them."""
    due = due_events(durations, announced, elapsed)
    latest = to_announce(due)
    ran = {event.key for event in due if event.kind is EventKind.START and durations[event.phase_index] > EPSILON}
    keep = owed | ran
    return [event for event in due if event.key in keep or event is latest]


@dataclass(frozen=True)
class Clockwork:
    """The time facts of one mock."""

    started_at: datetime
    paused_at: datetime | None
    paused_seconds: float

    def elapsed(self, now: datetime) -> float:
        """Active seconds at `now`, pauses not counted."""
        until = self.paused_at or now
        return max((until - self.started_at).total_seconds() - self.paused_seconds, 0.0)

    def wall_time(self, offset: float, now: datetime) -> datetime:
        """When an active-time offset falls, if nothing is paused from now on."""
        return now + timedelta(seconds=offset - self.elapsed(now))


def extend(durations: Sequence[float], index: int, seconds: float) -> list[float]:
    """The durations with `seconds` added to phase `index`."""
    extended = list(durations)
    extended[index] += seconds
    return extended


def cut_short(durations: Sequence[float], index: int, elapsed: float) -> list[float]:
    """End phase `index` now (skip to the next one)."""
    start, _ = phase_bounds(durations)[index]
    cut = list(durations)
    cut[index] = max(elapsed - start, 0.0)
    return cut


def end_now(durations: Sequence[float], elapsed: float) -> list[float]:
    """Cut the running phase short and drop the phases after it."""
    index = current_phase(durations, elapsed)
    if index is None:
        return list(durations)
    cut = cut_short(durations, index, elapsed)
    return [*cut[: index + 1], *([0.0] * (len(cut) - index - 1))]


def progress_bar(fraction: float, width: int = 20) -> str:
    """A text progress bar of `fraction` done."""
    filled = round(min(max(fraction, 0.0), 1.0) * width)
    return "▓" * filled + "░" * (width - filled)


def clock_text(seconds: float) -> str:
    """Seconds as `m:ss`."""
    seconds = max(round(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"
