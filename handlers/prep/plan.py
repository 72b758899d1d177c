"""A personal prep plan from today to the interview (pure): each week's focus and targets.

The shape follows how practice is meant to go: fundamentals, then patterns, then timed
45-minute mocks out loud, then mocks with time pressure and interruptions. Fewer weeks fold
the steps together; more weeks add practice weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import BadOption

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 1, 8, 4


@dataclass(frozen=True)
class Targets:
    daily_answers: int = 0
    mocks: int = 0  # timed mocks as candidate
    interrupted_mocks: int = 0  # mocks with the bar raiser interrupting
    stories: int = 0  # STAR stories written
    drills: int = 0  # STAR drills answered


@dataclass(frozen=True)
class Week:
    number: int
    starts: date
    focus: str
    topics: tuple[str, ...]
    targets: Targets


FUNDAMENTALS = ("scaling", "SQL vs NoSQL", "caching strategies", "load balancing", "CAP")
PATTERNS = (
    "event-driven design",
    "idempotency and exactly-once",
    "circuit breakers and bulkheads",
    "rate limiting",
    "consistent hashing",
)
STAGES = {
    "fundamentals": (
        "Fundamentals: scaling, SQL vs NoSQL, caching, load balancing, CAP",
        FUNDAMENTALS,
        Targets(daily_answers=3, stories=2),
    ),
    "patterns": (
        "Patterns: event-driven, idempotency, circuit breakers, rate limiting, consistent hashing",
        PATTERNS,
        Targets(daily_answers=3, mocks=1, stories=2),
    ),
    "mocks": (
        "Timed 45-minute mocks out loud, reviewed for requirements, estimation, trade-offs and failure modes",
        (),
        Targets(mocks=5, drills=2),
    ),
    "pressure": (
        "Mocks under time pressure with interruptions (a Leadership Principle question mid-design)",
        (),
        Targets(mocks=2, interrupted_mocks=2, drills=3),
    ),
}
SHAPES = {
    1: ("pressure",),
    2: ("patterns", "pressure"),
    3: ("fundamentals", "mocks", "pressure"),
    4: ("fundamentals", "patterns", "mocks", "pressure"),
}


def weeks_until(today: date, interview: date) -> int:
    if interview <= today:
        raise BadOption(f"interview_date must be in the future (got {interview.isoformat()}).")
    return max(MIN_WEEKS, min(MAX_WEEKS, -(-(interview - today).days // 7)))


def make_plan(today: date, weeks: int, level: str) -> list[Week]:
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise BadOption(f"weeks must be between {MIN_WEEKS} and {MAX_WEEKS} (got {weeks}).")
    shape = SHAPES.get(weeks) or ("fundamentals", "patterns", *("mocks",) * (weeks - 3), "pressure")
    plan = []
    for index, stage in enumerate(shape):
        focus, topics, targets = STAGES[stage]
        if level == "sde3" and stage in ("mocks", "pressure"):
            focus += "; as SDE III, raise operations, failure modes, multi-region and cost before you are asked"
        plan.append(Week(index + 1, today + timedelta(weeks=index), focus, topics, targets))
    return plan


def current_week(plan: list[Week], today: date) -> Week | None:
    started = [week for week in plan if week.starts <= today]
    if not started or today >= plan[-1].starts + timedelta(weeks=1):
        return None
    return started[-1]


LABELS = (
    ("mocks", "timed mocks"),
    ("interrupted_mocks", "mocks with interruptions"),
    ("daily_answers", "daily answers"),
    ("stories", "STAR stories"),
    ("drills", "STAR drills"),
)


def behind(targets: Targets, done: Targets) -> list[str]:
    """What is still missing this week, in words."""
    gaps = []
    for name, label in LABELS:
        missing = getattr(targets, name) - getattr(done, name)
        if missing > 0:
            gaps.append(f"{missing} more {label}")
    return gaps
