"""The /prep status burn-up: each plan week's targets against the practice counted in it."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date, timedelta

from bot.charts import Chart
from bot.charts.prep import BurnUp, burnup_chart
from bot.chat import UserRef
from bot.store import Store
from handlers import progress
from handlers.prep.plan import Week


def today_in_weeks(plan: list[Week], today: date) -> float:
    """Where today falls, in weeks from the plan's start (0 before it starts, the end after it)."""
    days = (today - plan[0].starts).days
    return min(max(days / 7, 0.0), float(len(plan)))


async def burnup(store: Store, user: UserRef, plan: list[Week], today: date) -> Chart | None:
    """The plan's burn-up: practice asked for per week, against what was counted in the weeks begun so far.

    Progress is counted per ISO week (handlers/progress.py), so a plan week reads the count of the ISO
    week its last day (or today) falls in."""
    if not plan:
        return None
    done: list[int] = []
    for week in plan:
        if week.starts > today:
            done.append(0)
            continue
        counted = await progress.done_in_week(store, user, min(week.starts + timedelta(days=6), today))
        done.append(sum(astuple(counted)))
    data = BurnUp(
        weeks=tuple(week.name for week in plan),
        asked=tuple(sum(astuple(week.targets)) for week in plan),
        done=tuple(done),
        today=today_in_weeks(plan, today),
    )
    return burnup_chart(data)
