"""A personal prep plan from today to the interview (pure): each week's focus and targets.

The shape follows how practice is meant to go: fundamentals, then patterns, then timed
45-minute mocks out loud, then mocks with time pressure and interruptions. Fewer weeks fold
the steps together; more weeks add practice weeks. An interview further off than the plan's
weeks is planned backwards: a light maintenance rhythm until the intense weeks, which end
right before the interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import BadOption
from bot.plural import plural

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 1, 8, 4


@dataclass(frozen=True)
class Targets:
    """What a week asks for, counted per kind of practice."""

    daily_answers: int = 0
    mocks: int = 0  # timed mocks as candidate
    interrupted_mocks: int = 0  # mocks with the bar raiser interrupting
    stories: int = 0  # STAR stories written
    drills: int = 0  # STAR drills answered


@dataclass(frozen=True)
class Week:
    """One week of a plan: its number, start, focus, topics and targets."""

    number: int
    starts: date
    focus: str
    topics: tuple[str, ...]
    targets: Targets

    @property
    def name(self) -> str:
        """`Week N`, or `Maintenance` for the light weeks before the intense ones."""
        return "Maintenance" if self.number == MAINTENANCE_NUMBER else f"Week {self.number}"


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


MAINTENANCE_NUMBER = 0
# Enough to keep the basics warm for months without burning out before the intense weeks.
MAINTENANCE_TARGETS = Targets(daily_answers=2, drills=1)


def intense_start(today: date, interview: date | None, weeks: int) -> date:
    """When the plan's weeks begin: so that they end right before the interview, never before today.

    Less than a week of maintenance is not worth having: the weeks then start today.
    """
    if interview is None:
        return today
    starts = interview - timedelta(weeks=weeks)
    return starts if starts - today >= timedelta(weeks=1) else today


def maintenance_week(today: date, intense_starts: date) -> Week:
    """The light rhythm of the week holding `today`, before the intense weeks start."""
    focus = f"A light maintenance rhythm until the intense weeks start on {day_text(intense_starts)}"
    return Week(MAINTENANCE_NUMBER, today, focus, (), MAINTENANCE_TARGETS)


def day_text(day: date) -> str:
    """A day as the plan shows it, e.g. `Mon 2 Mar 2026`."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def weeks_until(today: date, interview: date) -> int:
    """The plan length (within its limits) that reaches the interview; a date not in the future is a `BadOption`."""
    if interview <= today:
        raise BadOption(f"interview_date must be in the future (got {interview.isoformat()}).")
    return max(MIN_WEEKS, min(MAX_WEEKS, -(-(interview - today).days // 7)))


def make_plan(today: date, weeks: int, level: str) -> list[Week]:
    """A plan of `weeks` weeks from `today` for `level`; a length out of range is a `BadOption`."""
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
    """The plan's week `today` falls in; `None` before it starts or after it ends."""
    started = [week for week in plan if week.starts <= today]
    if not started or today >= plan[-1].starts + timedelta(weeks=1):
        return None
    return started[-1]


LABELS = (  # (what is counted, one, many)
    ("mocks", "timed mock", "timed mocks"),
    ("interrupted_mocks", "mock with interruptions", "mocks with interruptions"),
    ("daily_answers", "daily answer", "daily answers"),
    ("stories", "STAR story", "STAR stories"),
    ("drills", "STAR drill", "STAR drills"),
)


def behind(targets: Targets, done: Targets) -> list[str]:
    """What is still missing this week, in words."""
    gaps = []
    for name, one, many in LABELS:
        missing = getattr(targets, name) - getattr(done, name)
        if missing > 0:
            gaps.append(plural(missing, f"more {one}", f"more {many}"))
    return gaps


def achieved(done: Targets) -> str:
    """What was done in a week, in words."""
    counts = [plural(getattr(done, name), one, many) for name, one, many in LABELS if getattr(done, name) > 0]
    return ", ".join(counts) if counts else "nothing yet"
