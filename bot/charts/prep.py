"""/prep status as a burn-up (pure): what the plan asked for, week by week, against what was done."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from bot.charts.render import Chart
from bot.charts.style import PALETTE, PLANNED, TEXT, legend, new_figure, sparkline, title

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # drawn in the worker thread, which imports matplotlib


@dataclass(frozen=True)
class BurnUp:
    """Per plan week: its name, the practice it asked for and what was done (weeks to come: 0 done).

    `today` is where today falls, in weeks from the plan's start (2.4: the fifth day of week 3)."""

    weeks: tuple[str, ...]
    asked: tuple[int, ...]
    done: tuple[int, ...]
    today: float


def draw_burnup(data: BurnUp) -> Figure:
    """Cumulative asked and done at the end of each week, today as a vertical line."""
    figure, (axis,) = new_figure(size=(8.0, 3.6), margins=(0.08, 0.97, 0.1, 0.9))
    ends = list(range(1, len(data.weeks) + 1))
    asked = [0, *accumulate(data.asked)]
    passed = [end for end in ends if end - 1 < data.today]
    done = [0, *list(accumulate(data.done))[: len(passed)]]
    axis.plot([0, *ends], asked, color=PLANNED, linestyle="--", marker="o", label="asked for")
    axis.plot([0, *passed[:-1], data.today] if passed else [0], done, color=PALETTE[1], marker="o", label="done")
    axis.axvline(data.today, color=TEXT, linewidth=1)
    axis.annotate("today", (data.today, max(asked) * 0.95 if asked[-1] else 1), color=TEXT, fontsize=9, ha="left")
    axis.set_xticks([end - 0.5 for end in ends], list(data.weeks))
    axis.set_xlim(0, len(ends))
    axis.set_ylabel("practice items (cumulative)")
    title(axis, "Your plan: asked for against done")
    legend(axis)
    return figure


def burnup_chart(data: BurnUp) -> Chart:
    """The burn-up as a chart."""
    week_now = min(int(data.today), len(data.weeks) - 1)
    asked_so_far = sum(data.asked[: week_now + 1])
    done_so_far = sum(data.done[: week_now + 1])
    weeks = "; ".join(
        f"{name} asked {asked}, done {done}" for name, asked, done in
        zip(data.weeks[: week_now + 1], data.asked, data.done, strict=False)
    )  # fmt: skip
    alt = (
        f"Burn-up chart of your {len(data.weeks)}-week plan, today in {data.weeks[week_now]}: "
        f"{done_so_far} practice items done of {asked_so_far} asked for up to this week's end "
        f"({sum(data.asked)} in the whole plan). {weeks}."
    )
    return Chart("prep-burnup", data, draw_burnup, alt, f"done per week {sparkline(data.done[: week_now + 1])}")
