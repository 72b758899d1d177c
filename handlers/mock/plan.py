"""Phase plans (pure): the 45-minute framework, stretched or shrunk to the minutes asked for."""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import BadOption
from question_bank import Phase

PHASES: tuple[Phase, ...] = tuple(Phase)
STANDARD_PLAN: tuple[int, ...] = (7, 5, 13, 13, 7)  # minutes: the 45-minute framework
# The longer form of a 60-minute round: short scoping, longer design, deep dive and trade-offs.
LONG_PLAN: tuple[int, ...] = (6, 5, 20, 17, 12)
MIN_MINUTES, MAX_MINUTES = 20, 90


def _distribute(weights: Sequence[float], total: int) -> tuple[int, ...]:
    """Whole minutes proportional to `weights`, summing to `total`, at least 1 each."""
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    minutes = [max(1, int(value)) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    index = 0
    while sum(minutes) < total:
        minutes[by_remainder[index % len(minutes)]] += 1
        index += 1
    while sum(minutes) > total:
        largest = max(range(len(minutes)), key=lambda i: minutes[i])
        minutes[largest] -= 1
    return tuple(minutes)


def plan_for(minutes: int, base: Sequence[int] | None = None) -> tuple[int, ...]:
    """Minutes per phase for a mock of `minutes` (20-90).

    With the default plans, 45 gives the standard framework and 60 the longer form; lengths in
    between blend the two, and shorter or longer mocks scale the nearer one proportionally. A
    workspace's own `base` plan is scaled proportionally.
    """
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BadOption(f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (got {minutes}).")
    if base is not None:
        return _distribute(base, minutes)
    standard_total, long_total = sum(STANDARD_PLAN), sum(LONG_PLAN)
    if minutes <= standard_total:
        return _distribute(STANDARD_PLAN, minutes)
    if minutes >= long_total:
        return _distribute(LONG_PLAN, minutes)
    share = (minutes - standard_total) / (long_total - standard_total)
    blended = [s + (long - s) * share for s, long in zip(STANDARD_PLAN, LONG_PLAN, strict=True)]
    return _distribute(blended, minutes)


def parse_plan(text: str) -> tuple[int, ...]:
    """A workspace plan typed as five whole minutes, e.g. `7,5,13,13,7` or `7 5 13 13 7`."""
    parts = text.replace(",", " ").replace("/", " ").split()
    try:
        minutes = tuple(int(part) for part in parts)
    except ValueError:
        minutes = ()
    if len(minutes) != len(PHASES) or any(not 1 <= value <= 60 for value in minutes):
        raise BadOption(
            "A plan is five whole minutes, one per phase (requirements, estimation, high-level, "
            "deep dive, trade-offs), each 1-60: for example 7,5,13,13,7."
        )
    if not MIN_MINUTES <= sum(minutes) <= MAX_MINUTES:
        raise BadOption(f"A plan must add up to {MIN_MINUTES}-{MAX_MINUTES} minutes (this one is {sum(minutes)}).")
    return minutes
