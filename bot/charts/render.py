"""Drawing charts to PNG in a worker thread, cached by their data; a failure leaves the text alone."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bot.chat import Image, Reply, UserRef

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

MAX_PNG_BYTES = 200 * 1024  # every chart stays under this; a larger one is drawn again at a lower resolution
CACHE_ENTRIES = 256

# One figure at a time in this process: bot.charts.agg's kept renderers and the collector's pause are shared.
_drawing = threading.Lock()


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
    """The chart as PNG bytes under `MAX_PNG_BYTES` (blocking: call it from a worker thread).

    The cyclic garbage collector is paused while the figure is built and drawn, and the figure is freed
    young right after. A figure is some 8,000 objects in reference cycles: left to the collector, they were
    promoted to the old generation while being drawn, and every few charts a full collection of the process
    took 100-270 ms, inside a render and holding the GIL against the event loop."""
    # matplotlib (0.8 s to import) is loaded by the first drawing, not by every start of the bot.
    from bot.charts.agg import draw_png

    with _drawing:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return draw_png(chart, MAX_PNG_BYTES)
        finally:
            gc.collect(0)  # the figure, garbage now: every object of it is still in the youngest generation
            if collecting:
                gc.enable()


class ChartRenderer:
    """Renders charts off the event loop and keeps the PNGs, so unchanged data is never drawn twice."""

    def __init__(self, *, entries: int = CACHE_ENTRIES, render: Callable[[Chart], bytes] = render_png) -> None:
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._owners: dict[str, set[UserRef]] = {}  # whose data each cached picture shows (/forget-me drops them)
        self._entries = entries
        self._render = render
        # One drawing at a time: matplotlib holds the GIL while it draws, so parallel renders would slow
        # the event loop without drawing any faster; waiting charts with the same data then hit the cache.
        self._drawing = asyncio.Lock()
        self.renders = 0  # how many times a chart was really drawn (the rest came from the cache)

    async def image(self, chart: Chart, *, owner: UserRef | None = None) -> Image | None:
        """The chart's image, from the cache or drawn in a worker thread; `None` (logged) when drawing fails.

        `owner`: whose data the chart shows (None for a channel's), so `forget` can drop it."""
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
        if owner is not None:
            self._owners.setdefault(key, set()).add(owner)
        return Image(png, f"{chart.name}.png", chart.alt_text, chart.text_line, owner)

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
            oldest, _ = self._cache.popitem(last=False)
            self._owners.pop(oldest, None)
        return png

    async def attach(self, reply: Reply, chart: Chart | None, *, owner: UserRef | None = None) -> Reply:
        """`reply` with the chart's image; unchanged when there is no chart or it could not be drawn."""
        if chart is None:
            return reply
        image = await self.image(chart, owner=owner)
        return reply if image is None else replace(reply, image=image)

    async def forget(self, owner: UserRef) -> int:
        """Drop every cached picture drawn of `owner`'s data (after a drawing under way); how many went.

        A picture another person's identical data also drew is dropped too: it is drawn again when asked for."""
        async with self._drawing:
            keys = [key for key, owners in self._owners.items() if owner in owners]
            for key in keys:
                del self._owners[key]
                self._cache.pop(key, None)
        return len(keys)
