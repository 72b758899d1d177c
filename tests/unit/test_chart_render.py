"""Drawing charts to PNG: the same picture matplotlib draws on a fresh canvas, whatever was drawn before, with the
garbage collector left as it was; the renderer's cache forgets one person's pictures and keeps the others'."""

from __future__ import annotations

import gc
import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PngImage

from bench.charts import examples
from bot.charts import MAX_PNG_BYTES, Chart, ChartRenderer, render_png
from bot.chat import Reply
from tests.fakes.chat import user


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(PngImage.open(io.BytesIO(png)).convert("RGB"))


def fresh_canvas_png(figure: Figure) -> bytes:
    """The figure saved the plain matplotlib way: a new Agg canvas, savefig."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, facecolor=figure.get_facecolor())
    return buffer.getvalue()


@pytest.mark.parametrize("index", range(6), ids=[chart.name for chart in examples()])
def test_each_chart_is_the_picture_matplotlib_draws_on_a_fresh_canvas(index: int) -> None:
    for chart in examples(1):  # every size drawn once before, so kept renderers are reused
        render_png(chart)
    chart = examples(0)[index]
    png = render_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) < MAX_PNG_BYTES
    assert np.array_equal(pixels(png), pixels(fresh_canvas_png(chart.draw(chart.data))))


@pytest.mark.parametrize("index", range(6), ids=[chart.name for chart in examples()])
def test_titles_sit_where_matplotlib_would_place_them(index: int) -> None:
    """Titles are placed, not found: this holds only while no chart has labels above its plot."""
    chart = examples(0)[index]
    placed = chart.draw(chart.data)
    found = chart.draw(chart.data)
    for axes in found.axes:
        axes._autotitlepos = True  # matplotlib's default: measure what is above the plot, move the title clear
    assert np.array_equal(pixels(fresh_canvas_png(placed)), pixels(fresh_canvas_png(found)))


def test_a_chart_drawn_again_after_others_is_the_same_picture() -> None:
    first = render_png(examples(0)[4])
    for chart in examples(2):
        render_png(chart)
    assert render_png(examples(0)[4]) == first
    assert render_png(examples(2)[4]) != first  # other data, another picture


def test_garbage_collection_is_on_again_after_a_drawing_and_after_a_failed_one() -> None:
    render_png(examples(0)[0])
    assert gc.isenabled()

    def broken(data: object) -> Figure:
        raise RuntimeError("no figure")

    with pytest.raises(RuntimeError):
        render_png(Chart("broken", 1, broken, "nothing"))
    assert gc.isenabled()


def test_a_drawing_leaves_the_collector_off_when_it_was_off() -> None:
    gc.disable()
    try:
        render_png(examples(0)[0])
        assert not gc.isenabled()
    finally:
        gc.enable()


def counting_renderer() -> tuple[ChartRenderer, list[str]]:
    drawn: list[str] = []

    def render(chart: Chart) -> bytes:
        drawn.append(str(chart.data))
        return f"png of {chart.data}".encode()

    return ChartRenderer(render=render), drawn


def chart_of(data: str) -> Chart:
    return Chart("star-coverage", data, lambda _: Figure(), f"alt {data}")


async def test_forget_drops_one_persons_pictures_and_keeps_the_others() -> None:
    charts, drawn = counting_renderer()
    alice, bob = user("alice"), user("bob")
    await charts.attach(Reply(text="a"), chart_of("alice's stories"), owner=alice)
    await charts.attach(Reply(text="b"), chart_of("bob's stories"), owner=bob)
    await charts.attach(Reply(text="s"), chart_of("the channel's weeks"))
    assert await charts.forget(alice) == 1
    for data, owner in (("alice's stories", alice), ("bob's stories", bob), ("the channel's weeks", None)):
        reply = await charts.attach(Reply(text="again"), chart_of(data), owner=owner)
        assert reply.image is not None and reply.image.png == f"png of {data}".encode()
    assert drawn == ["alice's stories", "bob's stories", "the channel's weeks", "alice's stories"]


async def test_a_picture_shared_by_two_people_is_drawn_again_after_one_forgets() -> None:
    charts, drawn = counting_renderer()
    alice, bob = user("alice"), user("bob")
    await charts.attach(Reply(), chart_of("no stories yet"), owner=alice)
    await charts.attach(Reply(), chart_of("no stories yet"), owner=bob)
    assert drawn == ["no stories yet"]
    assert await charts.forget(alice) == 1
    assert await charts.forget(alice) == 0
    reply = await charts.attach(Reply(), chart_of("no stories yet"), owner=bob)
    assert reply.image is not None and reply.image.owner == bob
    assert drawn == ["no stories yet", "no stories yet"]
