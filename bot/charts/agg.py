"""matplotlib's Agg backend: a chart's figure drawn to PNG bytes (imported by the first drawing only)."""

from __future__ import annotations

import io
from collections import OrderedDict
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display: the bot renders headless, never through pyplot's GUI backends

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from PIL import Image as PngImage

if TYPE_CHECKING:
    from bot.charts.render import Chart

_DPIS = (100, 80, 60)
PNG_COMPRESSION = 3  # zlib level: flat-colour charts compress well even at a low (fast) level
RENDERERS = 8  # Agg renderers kept, one per picture size (about 2 MB each): six charts, and a smaller retry

_renderers: OrderedDict[tuple[int, int, float], RendererAgg] = OrderedDict()


def draw_png(chart: Chart, max_bytes: int) -> bytes:
    """The chart as PNG under `max_bytes`, at the highest resolution that fits (the caller holds the lock)."""
    figure = chart.draw(chart.data)
    canvas = _Canvas(figure)
    for dpi in _DPIS:
        figure.set_dpi(dpi)
        canvas.draw()  # type: ignore[no-untyped-call]  # (backend_agg has no annotations)
        width, height = canvas.get_width_height(physical=True)
        # The card is opaque: RGB, not RGBA, is a quarter less to compress and about a tenth smaller.
        rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
        picture = PngImage.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="png", compress_level=PNG_COMPRESSION, dpi=(dpi, dpi))
        png = buffer.getvalue()
        if len(png) < max_bytes:
            return png
    raise ValueError(f"chart {chart.name} stays over {max_bytes} bytes")


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that draws on a kept renderer of its size (under bot.charts.render's drawing lock).

    matplotlib caches the size of each text per renderer: on a kept one, a label is measured once per
    process instead of several times per render (a fresh canvas makes a fresh renderer every time)."""

    def get_renderer(self) -> RendererAgg:
        """The kept renderer of this size and resolution, made on first use."""
        width, height = self.get_width_height(physical=True)
        key = (width, height, self.figure.dpi)
        renderer = _renderers.get(key)
        if renderer is None:
            renderer = _renderers[key] = RendererAgg(width, height, self.figure.dpi)  # type: ignore[no-untyped-call]
            if len(_renderers) > RENDERERS:
                _renderers.popitem(last=False)
        _renderers.move_to_end(key)
        self.renderer = renderer
        return renderer
