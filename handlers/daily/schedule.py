"""When a channel's daily question drops (pure): parsing its settings and the next local time.

The next drop is computed by APScheduler's CronTrigger in the channel's time zone, so 09:00
stays 09:00 local across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger

from bot.errors import BadOption
from bot.user_text import quote_input

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time(text: str) -> time:
    """A 24-hour `HH:MM`; anything else is a `BadOption`."""
    match = _TIME.match(text.strip())
    if match is None:
        raise BadOption(f"time must be a 24-hour time like 09:00 or 17:30 (got '{quote_input(text)}').")
    return time(int(match.group(1)), int(match.group(2)))


def parse_zone(text: str) -> ZoneInfo:
    """An IANA time zone (or UTC); anything else is a `BadOption`."""
    name = text.strip()
    try:
        if name and (name in available_timezones() or name.upper() == "UTC"):
            return ZoneInfo("UTC" if name.upper() == "UTC" else name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise BadOption(f"tz must be a time zone like Europe/Berlin, America/New_York or UTC (got '{quote_input(text)}').")


def parse_days(text: str) -> tuple[str, ...]:
    """`daily`, `mon-fri`, `weekends`, or a list like `mon,wed,fri` (ranges allowed: `mon-wed,fri`)."""
    spec = text.strip().lower().replace(" ", "")
    named = {"daily": "mon-sun", "everyday": "mon-sun", "weekdays": "mon-fri", "weekends": "sat-sun"}
    spec = named.get(spec, spec)
    chosen: list[str] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise BadOption(f"days must be daily, mon-fri, or days like mon,wed,fri (got '{quote_input(text)}').")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if end < start:
            raise BadOption(f"days: '{quote_input(part)}' runs backwards; write it like mon-fri.")
        chosen.extend(WEEKDAYS[start : end + 1])
    return tuple(day for day in WEEKDAYS if day in chosen)


def next_drop(after: datetime, at: time, zone: ZoneInfo, days: tuple[str, ...]) -> datetime:
    """The first drop strictly after `after` (an aware datetime), in the channel's zone."""
    trigger = CronTrigger(day_of_week=",".join(days), hour=at.hour, minute=at.minute, timezone=zone)
    fire: datetime | None = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    assert fire is not None  # a weekly schedule always has a next time
    return fire


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The date it is in `zone` at `moment`."""
    return moment.astimezone(zone).date()


def days_text(days: tuple[str, ...]) -> str:
    """The drop days as a person says them: `every day`, `Monday to Friday`, or a list."""
    if days == WEEKDAYS:
        return "every day"
    if days == WEEKDAYS[:5]:
        return "Monday to Friday"
    return ", ".join(day.capitalize() for day in days)
