"""Weekly availability as people write it ("weekday evenings", "sat 10-14"), and the UTC hours it means (pure).

People write their own local hours, and those stay local: which UTC hours they fall on depends on
the week (daylight saving starts and ends on different dates in the EU, the US and Australia), so
they are converted for the real week of each round, never once and for all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import BadOption
from handlers.daily.schedule import WEEKDAYS

PARTS_OF_DAY = {"mornings": (7, 12), "morning": (7, 12), "afternoons": (12, 17), "afternoon": (12, 17),
                "evenings": (18, 22), "evening": (18, 22), "nights": (20, 24), "night": (20, 24)}  # fmt: skip
DAY_GROUPS = {"weekday": WEEKDAYS[:5], "weekdays": WEEKDAYS[:5], "weekend": WEEKDAYS[5:], "weekends": WEEKDAYS[5:],
              "daily": WEEKDAYS, "any": WEEKDAYS, "every": WEEKDAYS}  # fmt: skip
_WINDOW = re.compile(r"^(?P<days>[a-z,\-]+)\s+(?P<when>[a-z]+|\d{1,2}(?::00)?\s*-\s*\d{1,2}(?::00)?)$")
HOURS_IN_WEEK = 168
# UTC hours of the week count from any Monday 00:00 UTC; this one anchors the arithmetic.
_UTC_MONDAY = datetime(2024, 1, 1, tzinfo=UTC)


def _days(text: str) -> tuple[str, ...]:
    if text in DAY_GROUPS:
        return DAY_GROUPS[text]
    chosen: list[str] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        first, last = first[:3], (last or first)[:3]
        if first not in WEEKDAYS or last not in WEEKDAYS or WEEKDAYS.index(last) < WEEKDAYS.index(first):
            raise ValueError(part)
        chosen.extend(WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last) + 1])
    return tuple(chosen)


def _hours(text: str) -> tuple[int, int]:
    if text in PARTS_OF_DAY:
        return PARTS_OF_DAY[text]
    start, _, end = text.replace(":00", "").replace(" ", "").partition("-")
    first, last = int(start), int(end)
    if not 0 <= first < last <= 24:
        raise ValueError(text)
    return first, last


def parse_availability(text: str) -> frozenset[int]:
    """Local hours of the week (0 = Monday 00:00 in the person's zone) from windows separated by `;` or ` and `."""
    hours: set[int] = set()
    windows = [w.strip() for w in re.split(r";|\band\b", text.lower()) if w.strip()]
    try:
        for window in windows:
            match = _WINDOW.match(window)
            if match is None:
                raise ValueError(window)
            start, end = _hours(match.group("when"))
            for day in _days(match.group("days")):
                hours.update(WEEKDAYS.index(day) * 24 + hour for hour in range(start, end))
    except ValueError:
        hours.clear()
    if not hours:
        raise BadOption(
            f"availability: write weekly windows like 'weekday evenings', 'sat 10-14' or 'mon,wed 18-21; sun mornings' "
            f"(got '{text}')."
        )
    return frozenset(hours)


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
