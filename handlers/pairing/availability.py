"""The UTC hours weekly availability means in a given week, and the shared ones shown back (pure).

`handlers.time_words.parse_windows` reads what people write ("weekday evenings", "sat 10-14").

People write their own local hours, and those stay local: which UTC hours they fall on depends on
the week (daylight saving starts and ends on different dates in the EU, the US and Australia), so
they are converted for the real week of each round, never once and for all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.time_words import HOURS_IN_WEEK
from handlers.time_words import parse_windows as parse_availability

__all__ = ["describe", "good_times", "parse_availability", "utc_hours"]  # parse_availability: state.py reads it here

# UTC hours of the week count from any Monday 00:00 UTC; this one anchors the arithmetic.
_UTC_MONDAY = datetime(2024, 1, 1, tzinfo=UTC)


def _utc_hour_of_week(moment: datetime) -> int:
    return int((moment - _UTC_MONDAY).total_seconds() // 3600) % HOURS_IN_WEEK


def _next_time(local_hour: int, zone: ZoneInfo, week_start: datetime) -> datetime:
    """The first moment at or after `week_start`'s hour when it is `local_hour` of the week in `zone`."""
    here = week_start.astimezone(zone).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    wall = datetime(here.year, here.month, here.day) - timedelta(days=here.weekday()) + timedelta(hours=local_hour)
    if wall < here:
        wall += timedelta(days=7)
    # Wall-clock time in the zone: the offset is the one in force on that very day. An hour skipped
    # when clocks go forward maps onto the hour after it; a repeated one means its first occurrence.
    return wall.replace(tzinfo=zone).astimezone(UTC)


def utc_hours(local_hours: frozenset[int], zone: ZoneInfo, week_start: datetime) -> frozenset[int]:
    """UTC hours of the week (0 = Monday 00:00 UTC) that local hours fall on in the 7 days from `week_start`."""
    return frozenset(_utc_hour_of_week(_next_time(hour, zone, week_start)) for hour in local_hours)


def describe(hours: frozenset[int], zone: ZoneInfo, week_start: datetime, limit: int = 3) -> list[str]:
    """Up to `limit` of the longest windows in the 7 days from `week_start`, in `zone`'s time: `Tue 19:00-21:00`."""
    start = week_start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    first = _utc_hour_of_week(start)
    runs: list[tuple[int, int]] = []  # hours after `start`, so a window across Monday 00:00 UTC stays whole
    for offset in sorted((hour - first) % HOURS_IN_WEEK for hour in hours):
        if runs and runs[-1][1] == offset:
            runs[-1] = (runs[-1][0], offset + 1)
        else:
            runs.append((offset, offset + 1))
    shown = []
    for begin, end in sorted(runs, key=lambda run: (run[0] - run[1], run[0]))[:limit]:
        opens, closes = (
            (start + timedelta(hours=begin)).astimezone(zone),
            (start + timedelta(hours=end)).astimezone(zone),
        )
        shown.append(f"{opens:%a %H:%M}-{closes:%H:%M}")
    return shown


def good_times(shared: frozenset[int], zones: Sequence[str], week_start: datetime, who: str = "you both") -> str:
    """The group's shared windows in the 7 days from `week_start`, a line for each of their zones."""
    if not shared:
        return f"Good times for {who}: agree on a time here."
    lines: list[str] = []
    for zone in dict.fromkeys(zones):
        times = ", ".join(describe(shared, ZoneInfo(zone), week_start))
        lines.append(f"The same times in {zone}: {times}." if lines else f"Good times for {who} ({zone}): {times}.")
    return "\n".join(lines)
