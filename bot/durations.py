"""Parse human durations such as `46m`, `1h30m`, `90s`, `2d` (pure)."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.user_text import quote_input

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[dhms]\s*)+$", re.IGNORECASE)
_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
MAX_DURATION = timedelta(days=366)


class DurationError(ValueError):
    """A duration the user wrote that cannot be read; its message says why."""


def parse_duration(text: str) -> timedelta:
    """`46m` -> 46 minutes; a bare number means minutes."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        cleaned += "m"
    if not _WHOLE.match(cleaned):
        raise DurationError(f"'{quote_input(text)}' is not a duration; write it like 30s, 46m, 1h30m or 2d")
    total = sum(float(amount) * _SECONDS[unit] for amount, unit in _PART.findall(cleaned))
    if total > MAX_DURATION.total_seconds():  # checked first: a huge number overflows timedelta
        raise DurationError(f"'{quote_input(text)}' is longer than a year")
    return timedelta(seconds=total)


def format_duration(duration: timedelta) -> str:
    """Write a duration the way `parse_duration` reads it, e.g. `1h30m` (`0s` when empty)."""
    seconds = int(duration.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    parts = [f"{value}{unit}" for value, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if value]
    return "".join(parts) or "0s"
