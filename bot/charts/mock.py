"""The charts at the end of a mock (pure): its timeline against the plan, and the scorecard against the bar."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from bot.charts.render import Chart
from bot.charts.style import PALETTE, PLANNED, TEXT, legend, new_figure, sparkline, title

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # drawn in the worker thread, which imports matplotlib


@dataclass(frozen=True)
class Mark:
    """Something that happened at a minute of the mock: a probe, an interruption."""

    minute: float
    label: str


@dataclass(frozen=True)
class MockTimeline:
    """Minutes per phase, planned and actual, with the marks known and the time spent paused."""

    phases: tuple[str, ...]
    planned: tuple[float, ...]
    actual: tuple[float, ...]
    marks: tuple[Mark, ...] = ()
    paused_minutes: float = 0.0


@dataclass(frozen=True)
class ScoreBars:
    """A scorecard's scores (1-4) per phase and the bar of the level it was scored against."""

    labels: tuple[str, ...]
    scores: tuple[int, ...]
    level: str
    bar: float = 3.0  # 3 = meets the bar of the level the card was scored against


def _starts(minutes: tuple[float, ...]) -> list[float]:
    return [0.0, *accumulate(minutes)][:-1]


def draw_timeline(data: MockTimeline) -> Figure:
    """Two bars of phases, planned above actual, with the marks as lines across the actual bar."""
    figure, (axis,) = new_figure(size=(8.0, 2.8), margins=(0.09, 0.76, 0.17, 0.88))
    for row, minutes in ((1, data.planned), (0, data.actual)):
        for index, (start, length) in enumerate(zip(_starts(minutes), minutes, strict=True)):
            colour = PALETTE[index % len(PALETTE)]
            axis.barh(row, length, left=start, height=0.6, color=colour, alpha=0.55 if row else 1.0,
                      label=data.phases[index] if row == 0 else None, edgecolor=PLANNED)  # fmt: skip
    for mark in data.marks:
        axis.axvline(mark.minute, ymin=0.05, ymax=0.5, color=TEXT, linestyle="--", linewidth=1.2)
        axis.annotate(mark.label, (mark.minute, -0.45), color=TEXT, fontsize=8, ha="center")
    axis.set_yticks([0, 1], ["actual", "planned"])
    axis.set_ylim(-0.6, 1.5)
    axis.set_xlabel("minutes")
    paused = f" · paused {data.paused_minutes:.0f} min" if data.paused_minutes >= 0.5 else ""
    title(axis, f"Mock timeline: {sum(data.actual):.0f} of {sum(data.planned):.0f} planned minutes{paused}")
    legend(axis, outside=True)
    return figure


def timeline_alt(data: MockTimeline) -> str:
    """The timeline in words."""
    phases = "; ".join(
        f"{name} {actual:.0f} of {planned:.0f} min"
        for name, planned, actual in zip(data.phases, data.planned, data.actual, strict=True)
    )
    marks = "; ".join(f"{mark.label} at minute {mark.minute:.0f}" for mark in data.marks)
    paused = (
        f" Paused {data.paused_minutes:.0f} min in all (when is not recorded)." if data.paused_minutes >= 0.5 else ""
    )
    return (
        f"Bar chart of the mock's phases, actual against planned minutes: {phases}."
        + (f" Marks: {marks}." if marks else "")
        + paused
    )


def timeline_chart(data: MockTimeline) -> Chart:
    """The timeline as a chart."""
    line = "actual vs plan " + " ".join(f"{a:.0f}/{p:.0f}" for a, p in zip(data.actual, data.planned, strict=True))
    return Chart("mock-timeline", data, draw_timeline, timeline_alt(data), line)


def draw_scorecard(data: ScoreBars) -> Figure:
    """A bar per scored phase (1-4) with the level's bar as a line across."""
    figure, (axis,) = new_figure(size=(8.0, 3.2), margins=(0.08, 0.97, 0.26, 0.9))
    colours = [PALETTE[2] if score >= data.bar else PALETTE[3] for score in data.scores]
    axis.bar(range(len(data.scores)), data.scores, color=colours, label="score")
    axis.axhline(data.bar, color=PALETTE[1], linewidth=2, linestyle="--", label=f"{data.level} bar")
    axis.set_xticks(range(len(data.labels)), data.labels, rotation=15, ha="right")
    axis.set_ylim(0, 4.3)
    axis.set_yticks([1, 2, 3, 4])
    axis.set_ylabel("score (1-4)")
    title(axis, f"Scorecard against the {data.level} bar")
    legend(axis)
    return figure


def scorecard_chart(data: ScoreBars) -> Chart:
    """The scorecard as a chart."""
    below = [label for label, score in zip(data.labels, data.scores, strict=True) if score < data.bar]
    scores = "; ".join(f"{label} {score} of 4" for label, score in zip(data.labels, data.scores, strict=True))
    gaps = f" Below the bar: {', '.join(below)}." if below else " Every phase meets the bar."
    alt = f"Bar chart of the scorecard, with the {data.level} bar at {data.bar:g}: {scores}.{gaps}"
    return Chart(
        "scorecard", data, draw_scorecard, alt, f"scores {sparkline(data.scores)} ({data.level} bar {data.bar:g})"
    )
