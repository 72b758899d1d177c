"""Drawing a diagram: DOT source that carries labels safely, the PNG with its limits, and the text outline."""

from __future__ import annotations

import logging
import shutil
import subprocess
from typing import Any

import pytest

from handlers.diagrams import draw
from handlers.diagrams.parse import parse
from handlers.diagrams.render import alt_text, outline, to_dot

GRAPH = parse(
    'flowchart LR\n U[User] -->|"HTTPS"| A[API "v2"] --> D[(Orders DB)]\n subgraph data [Data tier]\n  D\n end\n'
    " A -.-> Q>Queue] --- W((Worker))\n A ==> C[[Cache]]"
)


def test_labels_are_quoted_so_they_cannot_become_dot_statements() -> None:
    hostile = parse('flowchart TD\n A[x" shape=none fontcolor="red\\] --> B')
    source = to_dot(hostile)
    assert 'label="x\\" shape=none fontcolor=\\"red\\\\"' in source
    assert source.count("->") == 1


def test_dot_source_keeps_shapes_styles_and_groups() -> None:
    source = to_dot(GRAPH)
    assert "rankdir=LR" in source and "shape=cylinder" in source and "subgraph cluster_0" in source
    assert "style=dashed" in source and "arrowhead=none" in source and "penwidth=2.5" in source


def test_the_outline_says_every_edge_in_words() -> None:
    text = outline(GRAPH)
    assert 'User --> API "v2" (HTTPS)' in text and "Group Data tier: Orders DB" in text
    assert alt_text(GRAPH).startswith("Architecture diagram with 6 components (User, API")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
async def test_dot_draws_a_png_within_the_limit() -> None:
    png = await draw.draw_png(to_dot(GRAPH))
    assert png is not None and png.startswith(b"\x89PNG") and len(png) < draw.MAX_PNG_BYTES


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
async def test_an_image_over_the_size_limit_is_not_sent(caplog: pytest.LogCaptureFixture) -> None:
    assert await draw.draw_png(to_dot(GRAPH), max_bytes=100) is None
    assert "over the 100 limit" in caplog.text


async def test_a_missing_dot_falls_back_and_is_logged_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    monkeypatch.setattr(draw, "_warned_missing", False)
    caplog.set_level(logging.WARNING)
    assert await draw.draw_png(to_dot(GRAPH)) is None
    assert await draw.draw_png(to_dot(GRAPH)) is None
    assert caplog.text.count("not installed") == 1


async def test_a_slow_dot_times_out(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def too_slow(*args: Any, **kwargs: Any) -> None:
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(draw.subprocess, "run", too_slow)
    assert await draw.draw_png("digraph {}", seconds=0.5, program="dot") is None
    assert "longer than 0.5 s" in caplog.text


async def test_a_failing_dot_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    assert await draw.draw_png("digraph {", program=shutil.which("false") or "/bin/false") is None
    assert "Graphviz failed" in caplog.text
