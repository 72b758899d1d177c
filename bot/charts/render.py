"""Drawing charts to PNG in a worker thread, cached by their data; a failure leaves the text alone."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the bot renders headless, never through pyplot's GUI backends

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.chat import Image, Reply

log = logging.getLogger(__name__)

MAX_PNG_BYTES = 200 * 1024  # every chart stays under this; a larger one is drawn again at a lower resolution
_DPIS = (100, 80, 60)
PNG_COMPRESSION = 3  # zlib level: flat-colour charts compress well even at a low (fast) level
CACHE_ENTRIES = 256


@dataclass(frozen=True)
class Chart:
    """What to draw: a name (its file name), the plain data, a pure `draw(data) -> Figure`, and its words.

    `data` must have a stable `repr` (frozen dataclasses of tuples, numbers and strings): the cache keys on it."""

    name: str
    data: Any
    draw: Callable[[Any], Figure] = field(repr=False)
    alt_text: str
    text_line: str = ""

    @property
    def key(self) -> str:
        """A digest of what the picture depends on: the drawing function and its data."""
        source = f"{self.draw.__module__}.{self.draw.__qualname__}|{self.data!r}"
        return hashlib.sha256(source.encode()).hexdigest()


def render_png(chart: Chart) -> bytes:
    """The chart as PNG bytes under `MAX_PNG_BYTES` (blocking: call it from a worker thread)."""
    figure = chart.draw(chart.data)
    FigureCanvasAgg(figure)
    for dpi in _DPIS:
        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format="png",
            dpi=dpi,
            facecolor=figure.get_facecolor(),
            metadata={"Software": None},
            pil_kwargs={"compress_level": PNG_COMPRESSION},
        )
        png = buffer.getvalue()
        if len(png) < MAX_PNG_BYTES:
            return png
    raise ValueError(f"chart {chart.name} stays over {MAX_PNG_BYTES} bytes")


class ChartRenderer:
    """Renders charts off the event loop and keeps the PNGs, so unchanged data is never drawn twice."""

    def __init__(self, *, entries: int = CACHE_ENTRIES, render: Callable[[Chart], bytes] = render_png) -> None:
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._entries = entries
        self._render = render
        # One drawing at a time: matplotlib holds the GIL while it draws, so parallel renders would slow
        # the event loop without drawing any faster; waiting charts with the same data then hit the cache.
        self._drawing = asyncio.Lock()
        self.renders = 0  # how many times a chart was really drawn (the rest came from the cache)

    async def image(self, chart: Chart) -> Image | None:
        """The chart's image, from the cache or drawn in a worker thread; `None` (logged) when drawing fails."""
        key = chart.key
        png = self._cache.get(key)
        if png is None:
            async with self._drawing:
                png = self._cache.get(key)  # drawn meanwhile for another reply with the same data
                if png is None:
                    png = await self._draw(chart)
                    if png is None:
                        return None
        self._cache.move_to_end(key)
        return Image(png, f"{chart.name}.png", chart.alt_text, chart.text_line)

    async def _draw(self, chart: Chart) -> bytes | None:
        """Draw in a worker thread and keep the PNG; None (logged) when drawing fails."""
        try:
            png = await asyncio.to_thread(self._render, chart)
        except Exception:
            log.exception("chart %s could not be drawn; the reply goes out as text", chart.name)
            return None
        self.renders += 1
        self._cache[chart.key] = png
        if len(self._cache) > self._entries:
            self._cache.popitem(last=False)
        return png

    async def attach(self, reply: Reply, chart: Chart | None) -> Reply:
        """`reply` with the chart's image; unchanged when there is no chart or it could not be drawn."""
        if chart is None:
            return reply
        image = await self.image(chart)
        return reply if image is None else replace(reply, image=image)
