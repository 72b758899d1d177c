"""Charts the bot posts: pure functions from plain data to a figure, rendered off the event loop.

Each chart module turns a frozen dataclass of plain values into a `Chart` (what to draw, its alt text
and a one-line text version); `ChartRenderer` draws it in a worker thread, caches the PNG by its data,
and answers `None` when drawing fails, so the reply goes out with its text alone.
"""

from bot.charts.render import MAX_PNG_BYTES, Chart, ChartRenderer, render_png

__all__ = ["MAX_PNG_BYTES", "Chart", "ChartRenderer", "render_png"]
