"""/star list as a chart (pure): STAR stories per Leadership Principle, and drills answered per week."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.charts.render import Chart
from bot.charts.style import PALETTE, new_figure, sparkline, title, whole_numbers

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # drawn in the worker thread, which imports matplotlib


@dataclass(frozen=True)
class StarCoverage:
    """Stories per principle (every principle, so gaps show as 0) and drills answered per recent week."""

    principles: tuple[str, ...]
    stories: tuple[int, ...]
    weeks: tuple[str, ...]
    drills: tuple[int, ...]


def draw_coverage(data: StarCoverage) -> Figure:
    """Left: a bar per principle. Right: drills answered per week."""
    figure, (stories_axis, drills_axis) = new_figure(1, 2, size=(10.0, 5.0), margins=(0.3, 0.98, 0.12, 0.93))
    rows = range(len(data.principles))
    colours = [PALETTE[0] if count else PALETTE[3] for count in data.stories]
    stories_axis.barh(list(rows), data.stories, color=colours)
    stories_axis.set_yticks(list(rows), data.principles, fontsize=8)
    for label, count in zip(stories_axis.get_yticklabels(), data.stories, strict=True):
        if not count:  # a principle with no story: its name in the warning colour, so the gap stands out
            label.set_color(PALETTE[3])
    stories_axis.invert_yaxis()
    stories_axis.set_xlabel("stories")
    title(stories_axis, "Stories per Leadership Principle")
    whole_numbers(stories_axis.xaxis)
    drills_axis.bar(range(len(data.weeks)), data.drills, color=PALETTE[1])
    drills_axis.set_xticks(range(len(data.weeks)), data.weeks, rotation=45, ha="right", fontsize=8)
    title(drills_axis, "STAR drills answered per week")
    whole_numbers(drills_axis.yaxis)
    return figure


def coverage_chart(data: StarCoverage) -> Chart:
    """The coverage as a chart, with the gaps named in the alt text."""
    covered = [f"{name} {count}" for name, count in zip(data.principles, data.stories, strict=True) if count]
    gaps = [name for name, count in zip(data.principles, data.stories, strict=True) if not count]
    alt = (
        f"Two charts. Stories per Leadership Principle: {', '.join(covered) or 'none yet'}. "
        f"No story yet for {len(gaps)} principles: {', '.join(gaps) or 'none'}. "
        f"STAR drills answered over the last {len(data.weeks)} weeks: {sum(data.drills)}."
    )
    covered_count = len(data.principles) - len(gaps)
    line = f"{covered_count}/{len(data.principles)} principles covered · drills {sparkline(data.drills)}"
    return Chart("star-coverage", data, draw_coverage, alt, line)
