"""The /star list chart's data: stories per Leadership Principle, and drills answered in recent weeks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from bot.charts import Chart
from bot.charts.star import StarCoverage, coverage_chart
from bot.chat import UserRef
from bot.store import Store
from handlers import progress
from question_bank import LeadershipPrinciple

WEEKS_SHOWN = 12  # progress is kept 12 weeks (handlers/progress.py)


def recent_weeks(today: date, count: int = WEEKS_SHOWN) -> list[date]:
    """A day in each of the last `count` weeks, oldest first, ending with today."""
    return [today - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


async def coverage(store: Store, user: UserRef, principles_of_stories: Sequence[str], today: date) -> Chart:
    """Every principle with its count of stories (0 shows the gap), and the drills answered per week.

    The bot counts drills per week, not per principle, so drills are drawn per week."""
    counts = Counter(principles_of_stories)
    principles = tuple(principle.value for principle in LeadershipPrinciple)
    days = recent_weeks(today)
    drills = [(await progress.done_in_week(store, user, day)).drills for day in days]
    data = StarCoverage(
        principles=principles,
        stories=tuple(counts.get(name, 0) for name in principles),
        weeks=tuple(progress.week_of(day).split("-")[1] for day in days),
        drills=tuple(drills),
    )
    return coverage_chart(data)
