"""When a channel's daily question drops next (pure); `handlers.time_words` reads its settings.

The next drop is computed by APScheduler's CronTrigger in the channel's time zone, so 09:00
stays 09:00 local across daylight-saving changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


def next_drop(after: datetime, at: time, zone: ZoneInfo, days: tuple[str, ...]) -> datetime:
    """The first drop strictly after `after` (an aware datetime), in the channel's zone."""
    trigger = CronTrigger(day_of_week=",".join(days), hour=at.hour, minute=at.minute, timezone=zone)
    fire: datetime | None = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    assert fire is not None  # a weekly schedule always has a next time
    return fire


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The date it is in `zone` at `moment`."""
    return moment.astimezone(zone).date()
