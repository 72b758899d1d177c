"""Charts on the console: the PNG is written to the charts folder and its path printed with a text line."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.charts import Chart, ChartRenderer
from bot.clock import FakeClock
from bot.config import load_settings
from bot.platforms.console import ConsoleSession
from bot.platforms.console_chat import ConsoleChat, ConsoleOutput


async def typed(session: ConsoleSession, buffer: io.StringIO, *lines: str) -> str:
    async def feed() -> AsyncIterator[str]:
        for line in lines:
            yield line

    await session.run(feed())
    return buffer.getvalue()


async def test_star_list_writes_its_chart_and_prints_the_path_and_a_text_line(
    app: App, clock: FakeClock, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path / "charts")
    printed = await typed(ConsoleSession(app.dispatcher, chat, clock, user_name="Alice"), buffer, "/star list")
    found = re.search(r"image: (\S+star-coverage\.png) · 0/16 principles covered · drills ▁+", printed)
    assert found is not None, printed
    written = Path(found.group(1))
    assert written.parent == tmp_path / "charts" / "alice"  # a chart of one person's data: in their folder
    assert written.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")  # noqa: ASYNC240 (a test reading its own file)


async def test_a_later_console_run_keeps_the_charts_an_earlier_one_wrote(
    app: App, clock: FakeClock, tmp_path: Path
) -> None:
    written = []
    for _ in range(3):  # each run numbers its messages from 1 again: the same message, the same chart
        buffer = io.StringIO()
        chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path)
        written += charts_written(
            await typed(ConsoleSession(app.dispatcher, chat, clock, user_name="A"), buffer, "/star list")
        )
    assert len(written) == 3 and len(set(written)) == 3
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in written)
    assert [path.name.split("-", 1)[1] for path in written] == [
        "star-coverage.png",
        "star-coverage-2.png",
        "star-coverage-3.png",
    ]


async def test_without_a_charts_folder_only_the_text_line_is_printed(app: App, clock: FakeClock) -> None:
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer))
    printed = await typed(ConsoleSession(app.dispatcher, chat, clock, user_name="Alice"), buffer, "/star list")
    assert "image: not saved (no charts folder) · 0/16 principles covered" in printed


def test_the_charts_folder_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHARTS_DIR", str(tmp_path / "pictures"))
    assert load_settings(env_file=None).core.charts_dir == tmp_path / "pictures"
    monkeypatch.delenv("CHARTS_DIR")
    assert load_settings(env_file=None).core.charts_dir == Path("charts")


async def test_when_drawing_fails_the_text_is_posted_and_the_failure_logged(
    app: App, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(chart: Chart) -> bytes:
        raise RuntimeError("renderer down")

    app.services.charts = ChartRenderer(render=broken)
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path)
    with caplog.at_level(logging.ERROR):
        printed = await typed(ConsoleSession(app.dispatcher, chat, clock, user_name="Alice"), buffer, "/star list")
    assert "Your STAR stories" in printed and "No stories yet" in printed
    assert "image:" not in printed
    assert "chart star-coverage could not be drawn; the reply goes out as text" in caplog.text
    assert list(tmp_path.iterdir()) == []  # noqa: ASYNC240


async def test_a_scorecard_carries_its_chart_against_the_levels_bar(app: App, clock: FakeClock, tmp_path: Path) -> None:
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path)
    session = ConsoleSession(app.dispatcher, chat, clock, user_name="Alice")
    await typed(session, buffer, "/mock start url-shortener interviewer:none")
    await typed(session, buffer, "We need shorten and redirect, about 100M new links a month")
    card = (await typed(session, buffer, "/barraiser scorecard")).split("**Scorecard · ")[-1]
    found = re.search(r"image: (\S+scorecard\.png) · scores \S+ \(SDE II bar 3\)", card)
    assert found is not None, card


def charts_written(printed: str) -> list[Path]:
    return [Path(path) for path in re.findall(r"image: (\S+\.png)", printed)]


async def typed_now(session: ConsoleSession, buffer: io.StringIO, *lines: str) -> str:
    """What these lines printed, without what was printed before."""
    shown = len(buffer.getvalue())
    return " ".join((await typed(session, buffer, *lines))[shown:].split())  # as one line: the console wraps


async def test_forget_me_deletes_that_persons_chart_files_and_cached_charts_and_keeps_the_others(
    app: App, clock: FakeClock, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path)
    alice = ConsoleSession(app.dispatcher, chat, clock, user_name="Alice")
    bob = ConsoleSession(app.dispatcher, chat, clock, user_name="Bob")
    [alices] = charts_written(await typed_now(alice, buffer, "/star list"))
    bobs = charts_written(await typed_now(bob, buffer, "/prep start weeks:4", "/prep status", "/stats"))
    assert [path.relative_to(tmp_path).parts[:-1] for path in (alices, *bobs)] == [("alice",), ("bob",), ()]
    drawn = app.services.charts.renders

    forgot = await typed_now(alice, buffer, "/forget-me")

    assert "1 image file of your charts and diagrams deleted too." in forgot
    assert not alices.exists() and not (tmp_path / "alice").exists()
    assert all(path.exists() for path in bobs)
    await typed(bob, buffer, "/prep status")
    assert app.services.charts.renders == drawn  # Bob's chart is still cached
    await typed(alice, buffer, "/star list")
    assert app.services.charts.renders == drawn + 1  # Alice's was forgotten: drawn again
    assert "2 image files of your charts and diagrams deleted too." in await typed_now(bob, buffer, "/forget-me")
    assert bobs[1].exists()


async def test_forget_me_deletes_the_drawing_of_a_diagram_its_author_posted(
    app: App, clock: FakeClock, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    chat = ConsoleChat(ConsoleOutput(buffer), charts_dir=tmp_path)
    alice = ConsoleSession(app.dispatcher, chat, clock, user_name="Alice")
    await typed(alice, buffer, "/mock start url-shortener")
    diagram = ["```mermaid", "flowchart LR", "  U[User] --> S[Redirect service] --> DB[(Links DB)]", "```"]
    [drawing] = charts_written(await typed_now(alice, buffer, *diagram))
    assert drawing.parent == tmp_path / "alice" and drawing.name.endswith("-diagram.png")

    assert "1 image file of your charts and diagrams deleted too." in await typed_now(alice, buffer, "/forget-me")
    assert not drawing.exists()
