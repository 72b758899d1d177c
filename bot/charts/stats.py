"""/stats as a chart (pure): a channel's weekly activity; a series the bot does not store is named, not drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.charts.render import Chart
from bot.charts.style import PALETTE, TEXT, legend, new_figure, sparkline, title, whole_numbers

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # drawn in the worker thread, which imports matplotlib


@dataclass(frozen=True)
class Series:
    """One weekly count; `values` is None when the bot keeps no record of it."""

    name: str
    values: tuple[float, ...] | None


@dataclass(frozen=True)
class ChannelStats:
    """Weeks (oldest first) and the series counted in each."""

    weeks: tuple[str, ...]
    series: tuple[Series, ...]


def draw_stats(data: ChannelStats) -> Figure:
    """One line per stored series across the weeks; the series not stored are listed under the chart."""
    figure, (axis,) = new_figure(size=(9.0, 3.8), margins=(0.06, 0.78, 0.2, 0.9))
    for index, series in enumerate(data.series):
        if series.values is not None:
            axis.plot(range(len(data.weeks)), series.values, marker="o", color=PALETTE[index % len(PALETTE)],
                      label=series.name)  # fmt: skip
    axis.set_xticks(range(len(data.weeks)), data.weeks, rotation=45, ha="right", fontsize=8)
    whole_numbers(axis.yaxis)
    title(axis, f"This channel, last {len(data.weeks)} weeks")
    if any(series.values is not None for series in data.series):
        legend(axis, outside=True)
    missing = [series.name for series in data.series if series.values is None]
    if missing:
        figure.text(0.01, 0.005, "Not recorded by the bot: " + ", ".join(missing), color=TEXT, fontsize=8)
    return figure


def stats_chart(data: ChannelStats) -> Chart:
    """The channel's weeks as a chart."""
    stored = [series for series in data.series if series.values is not None]
    missing = [series.name for series in data.series if series.values is None]
    said = "; ".join(f"{s.name}, oldest week first: {', '.join(f'{v:g}' for v in s.values or ())}" for s in stored)
    alt = f"Line chart of this channel over the last {len(data.weeks)} weeks. {said or 'Nothing recorded'}."
    if missing:
        alt += f" Not recorded by the bot, so not drawn: {', '.join(missing)}."
    line = " · ".join(f"{s.name} {sparkline(s.values or ())}" for s in stored)
    return Chart("channel-stats", data, draw_stats, alt, line)
