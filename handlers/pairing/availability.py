"""Weekly availability as people write it ("weekday evenings", "sat 10-14") as UTC hours of the week (pure)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import BadOption
from handlers.daily.schedule import WEEKDAYS

PARTS_OF_DAY = {"mornings": (7, 12), "morning": (7, 12), "afternoons": (12, 17), "afternoon": (12, 17),
                "evenings": (18, 22), "evening": (18, 22), "nights": (20, 24), "night": (20, 24)}  # fmt: skip
DAY_GROUPS = {"weekday": WEEKDAYS[:5], "weekdays": WEEKDAYS[:5], "weekend": WEEKDAYS[5:], "weekends": WEEKDAYS[5:],
              "daily": WEEKDAYS, "any": WEEKDAYS, "every": WEEKDAYS}  # fmt: skip
_WINDOW = re.compile(r"^(?P<days>[a-z,\-]+)\s+(?P<when>[a-z]+|\d{1,2}(?::00)?\s*-\s*\d{1,2}(?::00)?)$")
# A reference week (Monday 5 January 2026) turns local hours into UTC ones with the zone's offset.
_MONDAY = datetime(2026, 1, 5)


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


def parse_availability(text: str, zone: ZoneInfo) -> frozenset[int]:
    """UTC hours of the week (0 = Monday 00:00 UTC) from windows separated by `;` or ` and `."""
    hours: set[int] = set()
    windows = [w.strip() for w in re.split(r";|\band\b", text.lower()) if w.strip()]
    try:
        for window in windows:
            match = _WINDOW.match(window)
            if match is None:
                raise ValueError(window)
            start, end = _hours(match.group("when"))
            for day in _days(match.group("days")):
                for hour in range(start, end):
                    local = (_MONDAY + timedelta(days=WEEKDAYS.index(day), hours=hour)).replace(tzinfo=zone)
                    utc = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
                    hours.add(int((utc - _MONDAY).total_seconds() // 3600) % 168)
    except ValueError:
        hours.clear()
    if not hours:
        raise BadOption(
            f"availability: write weekly windows like 'weekday evenings', 'sat 10-14' or 'mon,wed 18-21; sun mornings' "
            f"(got '{text}')."
        )
    return frozenset(hours)


def describe(hours: frozenset[int], zone: ZoneInfo, limit: int = 3) -> list[str]:
    """Up to `limit` shared windows in someone's own time, like `Tue 19:00-21:00`."""
    runs: list[tuple[int, int]] = []
    for hour in sorted(hours):
        if runs and runs[-1][1] == hour:
            runs[-1] = (runs[-1][0], hour + 1)
        else:
            runs.append((hour, hour + 1))
    shown = []
    for start, end in sorted(runs, key=lambda run: run[0] - run[1])[:limit]:
        begin = (_MONDAY + timedelta(hours=start)).replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
        finish = begin + timedelta(hours=end - start)
        shown.append(f"{begin:%a %H:%M}-{finish:%H:%M}")
    return shown
