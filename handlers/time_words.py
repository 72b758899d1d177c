"""Days, times and zones as people type them, for every feature (pure, no feature imports).

Each parser takes the option's name, so a refusal names what the user typed into: every
refusal is a `BadOption` worded here, once, quoting the input through `quote_input`.
Each `*_text` formatter writes what its parser reads back (the property tests hold them to it).
"""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.errors import BadOption
from bot.user_text import quote_input

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MORE_SPELLINGS = {
    "mon": ("monday",),
    "tue": ("tues", "tuesday"),
    "wed": ("weds", "wednesday"),
    "thu": ("thur", "thurs", "thursday"),
    "fri": ("friday",),
    "sat": ("saturday",),
    "sun": ("sunday",),
}
DAY_NAMES = {spelling: day for day in WEEKDAYS for spelling in (day, *_MORE_SPELLINGS[day])}
DAY_GROUPS = {"daily": WEEKDAYS, "everyday": WEEKDAYS, "every": WEEKDAYS, "any": WEEKDAYS,
              "weekday": WEEKDAYS[:5], "weekdays": WEEKDAYS[:5],
              "weekend": WEEKDAYS[5:], "weekends": WEEKDAYS[5:]}  # fmt: skip
PARTS_OF_DAY = {"mornings": (7, 12), "morning": (7, 12), "afternoons": (12, 17), "afternoon": (12, 17),
                "evenings": (18, 22), "evening": (18, 22), "nights": (20, 24), "night": (20, 24)}  # fmt: skip
HOURS_IN_WEEK = 168

# What each kind of option expects, in the words every refusal uses.
EXPECTED = {
    "time": "a 24-hour time like 09:00 or 17:30",
    "zone": "a time zone like Europe/Berlin, America/New_York or UTC",
    "days": "daily, mon-fri, or days like mon,wed,fri",
    "day and time": "a day and a time, like 'sun 18:00'",
}
WINDOWS_EXAMPLE = "weekly windows like 'weekday evenings', 'sat 10-14' or 'mon,wed 18-21; sun mornings'"

# ASCII digits only: `\d` would also take other scripts' digits, which nobody means as a time.
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
_HOURS = re.compile(r"([0-9]{1,2})(?::00)?\s*-\s*([0-9]{1,2})(?::00)?", re.ASCII)
_WINDOW = re.compile(r"(?P<days>.+?)\s+(?P<when>[a-z]+|[0-9]{1,2}(?::00)?\s*-\s*[0-9]{1,2}(?::00)?)", re.ASCII)


def refusal(field: str, kind: str, text: str) -> BadOption:
    """The one wording of a refused day or time: `time must be a 24-hour time like 09:00 ... (got '9')`."""
    return BadOption(f"{field} must be {EXPECTED[kind]} (got '{quote_input(text)}').")


class _Backwards(ValueError):
    """A day range written back to front (`fri-mon`)."""


def _read_days(spec: str) -> tuple[str, ...]:
    """Days in week order from a lower-case spec without spaces; ValueError when it is not one."""
    if spec in DAY_GROUPS:
        return DAY_GROUPS[spec]
    chosen: set[str] = set()
    for part in spec.split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise ValueError(part)
        start, end = WEEKDAYS.index(DAY_NAMES[first]), WEEKDAYS.index(DAY_NAMES[last or first])
        if end < start:
            raise _Backwards(part)
        chosen.update(WEEKDAYS[start : end + 1])
    return tuple(day for day in WEEKDAYS if day in chosen)


def parse_days(text: str, field: str = "days") -> tuple[str, ...]:
    """`daily`, `mon-fri`, `weekends`, or a list like `mon,wed,fri` (ranges allowed: `mon-wed,fri`)."""
    try:
        return _read_days("".join(text.lower().split()))
    except _Backwards as backwards:
        raise BadOption(f"{field}: '{quote_input(str(backwards))}' runs backwards; write it like mon-fri.") from None
    except ValueError:
        raise refusal(field, "days", text) from None


def parse_time(text: str, field: str = "time") -> time:
    """A 24-hour `HH:MM` (`9:05` too)."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise refusal(field, "time", text)
    return time(int(match.group(1)), int(match.group(2)))


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name the system knows, by its lower-case spelling (no two differ only by case)."""
    return {name.lower(): name for name in available_timezones() | {"UTC"}}


def parse_zone(text: str, field: str = "tz") -> ZoneInfo:
    """An IANA time zone name, in any case: `Europe/Berlin`, `utc`."""
    name = _zone_names().get(text.strip().lower())
    if name is None:
        raise refusal(field, "zone", text)
    return ZoneInfo(name)


def parse_day_and_time(text: str, field: str = "checkin", default: time = time(18, 0)) -> tuple[str, time]:
    """One weekday and a time, like `sun 18:00` or `Sunday 9:30`; the time may be left out."""
    day, *at = text.lower().split(maxsplit=1) or [""]
    if day not in DAY_NAMES:
        raise refusal(field, "day and time", text)
    if not at:
        return DAY_NAMES[day], default
    try:
        return DAY_NAMES[day], parse_time(at[0])
    except BadOption:
        raise refusal(field, "day and time", text) from None


def _read_hours(text: str) -> tuple[int, int]:
    if text in PARTS_OF_DAY:
        return PARTS_OF_DAY[text]
    match = _HOURS.fullmatch(text)
    if match is None:
        raise ValueError(text)
    first, last = int(match.group(1)), int(match.group(2))
    if not 0 <= first < last <= 24:
        raise ValueError(text)
    return first, last


def parse_windows(text: str, field: str = "availability") -> frozenset[int]:
    """Local hours of the week (0 = Monday 00:00) from windows like `weekday evenings; sat 10-14`.

    Windows are separated by `;` or ` and `; each is days (as `parse_days` reads them) and hours
    (`10-14`, `10:00-14:00`, or mornings, afternoons, evenings, nights).
    """
    hours: set[int] = set()
    try:
        for window in (w.strip() for w in re.split(r";|\band\b", text.lower())):
            if not window:
                continue
            match = _WINDOW.fullmatch(window)
            if match is None:
                raise ValueError(window)
            start, end = _read_hours(match.group("when"))
            for day in _read_days("".join(match.group("days").split())):
                hours.update(WEEKDAYS.index(day) * 24 + hour for hour in range(start, end))
    except ValueError:
        hours.clear()
    if not hours:
        raise BadOption(f"{field}: write {WINDOWS_EXAMPLE} (got '{quote_input(text)}').")
    return frozenset(hours)


def time_text(at: time) -> str:
    """`09:00`: what `parse_time` reads."""
    return f"{at:%H:%M}"


def days_spec(days: tuple[str, ...]) -> str:
    """`mon-wed,fri` or `daily`: what `parse_days` reads back as the same days."""
    if set(days) == set(WEEKDAYS):
        return "daily"
    indexes = sorted({WEEKDAYS.index(day) for day in days})
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ",".join(WEEKDAYS[run[0]] if len(run) == 1 else f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}" for run in runs)


def days_text(days: tuple[str, ...]) -> str:
    """`every day`, `Monday to Friday`, or `Mon, Wed, Fri`, for a reply."""
    if days == WEEKDAYS:
        return "every day"
    if days == WEEKDAYS[:5]:
        return "Monday to Friday"
    return ", ".join(day.capitalize() for day in days)


def windows_text(hours: frozenset[int]) -> str:
    """`mon 18-22; sat 10-14`: what `parse_windows` reads back as the same local hours of the week."""
    windows: list[str] = []
    for day, name in enumerate(WEEKDAYS):
        today = sorted(hour - day * 24 for hour in hours if day * 24 <= hour < (day + 1) * 24)
        runs: list[list[int]] = []
        for hour in today:
            if runs and runs[-1][1] == hour:
                runs[-1][1] = hour + 1
            else:
                runs.append([hour, hour + 1])
        windows.extend(f"{name} {start}-{end}" for start, end in runs)
    return "; ".join(windows)
