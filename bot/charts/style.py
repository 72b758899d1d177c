"""The look every chart shares: a mid-grey card readable on dark and light chat themes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # charts are drawn in a worker thread, which imports matplotlib (bot.charts.agg)
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

BACKGROUND = "#4a4f55"  # a mid-grey card: it has its own background, so either chat theme frames it
TEXT = "#f2f2f2"  # near-white labels: about 7:1 against the card
GRID = "#6b7178"
# Light, saturated series colours that keep their contrast on the card (and tell apart in greyscale).
PALETTE = ("#8ecae6", "#ffb703", "#95d5b2", "#f4a1a1", "#cdb4db", "#e9edc9")
PLANNED = "#aab2bb"
DPI = 100
_SPARKS = "▁▂▃▄▅▆▇█"


def new_figure(
    rows: int = 1,
    cols: int = 1,
    size: tuple[float, float] = (8.0, 4.0),
    margins: tuple[float, float, float, float] = (0.08, 0.97, 0.14, 0.9),
) -> tuple[Figure, list[Axes]]:
    """A figure on the card background with `rows` x `cols` styled axes (no pyplot: safe off the main thread).

    `margins` are (left, right, bottom, top) as fractions of the figure: fixed margins, because a layout
    engine measures every label before drawing and doubles the render time."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=DPI, facecolor=BACKGROUND)
    left, right, bottom, top = margins
    figure.subplots_adjust(left=left, right=right, bottom=bottom, top=top, wspace=0.3)
    grid = figure.subplots(rows, cols, squeeze=False)
    axes = [axis for row in grid for axis in row]
    for axis in axes:
        style_axes(axis)
    return figure, axes


def style_axes(axis: Axes) -> None:
    """Light labels, ticks and grid on the card."""
    axis.set_facecolor(BACKGROUND)
    for spine in axis.spines.values():
        spine.set_color(GRID)
    axis.tick_params(colors=TEXT, labelsize=9)
    axis.xaxis.label.set_color(TEXT)
    axis.yaxis.label.set_color(TEXT)
    axis.title.set_color(TEXT)
    axis.grid(True, color=GRID, linewidth=0.6, alpha=0.7)
    axis.set_axisbelow(True)


def title(axis: Axes, text: str) -> None:
    """The axes' title, just above the plot: where matplotlib would put it, since no chart has labels above its plot.

    Placed, not found: matplotlib otherwise measures every tick label at each draw to move the title clear of
    them (about a tenth of a render)."""
    axis.set_title(text, y=1.0)


def legend(axis: Axes, *, outside: bool = False) -> None:
    """A legend in the card's colours (`outside`: right of the plot, so it never covers a bar)."""
    colours = {"fontsize": 8, "facecolor": BACKGROUND, "edgecolor": GRID, "labelcolor": TEXT}
    if outside:
        shown = axis.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), **colours)
    else:
        shown = axis.legend(loc="best", **colours)
    shown.get_frame().set_alpha(0.9)


def whole_numbers(axis: Axis) -> None:
    """Ticks only at whole numbers (counts)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def sparkline(values: Sequence[float]) -> str:
    """`▁▃▇`: the values as block characters, lowest to highest (a text version of a series)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    return "".join(_SPARKS[0 if span == 0 else round((value - low) / span * (len(_SPARKS) - 1))] for value in values)
