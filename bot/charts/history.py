"""/mock history as a chart (pure): scores per phase across the last mocks, and time per phase against plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.charts.render import Chart
from bot.charts.style import PALETTE, PLANNED, legend, new_figure, sparkline, title

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # drawn in the worker thread, which imports matplotlib


@dataclass(frozen=True)
class PastMock:
    """One mock: a label (its date), its six scores if it had feedback, and minutes per phase."""

    label: str
    scores: tuple[int, ...] | None
    planned: tuple[float, ...]
    actual: tuple[float, ...]


@dataclass(frozen=True)
class MockHistory:
    """The last mocks, oldest first, with the names of the phases and of the scores."""

    phases: tuple[str, ...]
    scored: tuple[str, ...]
    mocks: tuple[PastMock, ...]


def _average(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _averages(data: MockHistory, which: str) -> list[float]:
    """Average minutes per phase over the mocks, `actual` or `planned`."""
    return [_average([getattr(mock, which)[i] for mock in data.mocks]) for i in range(len(data.phases))]


def draw_history(data: MockHistory) -> Figure:
    """Left: one line per scored phase across the mocks. Right: average minutes per phase, actual and planned."""
    figure, (scores_axis, time_axis) = new_figure(1, 2, size=(10.0, 4.2), margins=(0.05, 0.98, 0.3, 0.92))
    scored = [(index, mock) for index, mock in enumerate(data.mocks) if mock.scores is not None]
    for series, name in enumerate(data.scored):
        xs = [index for index, _ in scored]
        ys = [mock.scores[series] for _, mock in scored if mock.scores is not None]
        scores_axis.plot(xs, ys, marker="o", color=PALETTE[series % len(PALETTE)], label=name)
    scores_axis.set_xticks(range(len(data.mocks)), [mock.label for mock in data.mocks], rotation=30, ha="right")
    scores_axis.set_ylim(0.5, 4.5)
    scores_axis.set_yticks([1, 2, 3, 4])
    title(scores_axis, "Scores per phase" if scored else "Scores per phase (no feedback yet)")
    if scored:
        legend(scores_axis)
    positions = range(len(data.phases))
    actual, planned = _averages(data, "actual"), _averages(data, "planned")
    time_axis.bar([p - 0.2 for p in positions], planned, width=0.4, color=PLANNED, label="planned")
    time_axis.bar([p + 0.2 for p in positions], actual, width=0.4, color=PALETTE[0], label="actual")
    time_axis.set_xticks(list(positions), list(data.phases), rotation=30, ha="right")
    time_axis.set_ylabel("minutes (average)")
    title(time_axis, f"Time per phase over {len(data.mocks)} mocks")
    legend(time_axis)
    return figure


def history_chart(data: MockHistory) -> Chart:
    """The history as a chart, with alt text naming each phase's trend and time."""
    scored = [mock.scores for mock in data.mocks if mock.scores is not None]
    trends = (
        "; ".join(f"{name} from {scored[0][i]} to {scored[-1][i]}" for i, name in enumerate(data.scored))
        if scored
        else "no mock has scores yet"
    )
    times = "; ".join(
        f"{name} {actual:.0f} of {planned:.0f}"
        for name, actual, planned in zip(
            data.phases, _averages(data, "actual"), _averages(data, "planned"), strict=True
        )
    )
    alt = (
        f"Two charts of your last {len(data.mocks)} mocks. Scores per phase, oldest to newest: {trends}. "
        f"Average minutes per phase, actual of planned: {times}."
    )
    totals = [sum(mock.actual) for mock in data.mocks]
    return Chart("mock-history", data, draw_history, alt, f"minutes per mock {sparkline(totals)}")
