"""On the console a message that opens a ``` fence is read until it closes, so a diagram can be typed or piped in."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.clock import FakeClock
from tests.e2e.test_console import Terminal, run_console_process

DIAGRAM = ["```mermaid", "flowchart LR", "  U[User] --> S[Redirect service] --> DB[(Links DB)]", "```"]


@pytest.fixture
def terminal(app: App, clock: FakeClock) -> Terminal:
    return Terminal(app, clock)


async def test_a_fenced_diagram_typed_line_by_line_is_one_message(terminal: Terminal) -> None:
    await terminal.type("/mock start url-shortener")
    shown = await terminal.type(*DIAGRAM)
    assert "Your diagram" in shown and "Single point of failure" in shown
    assert shown.count("3 components, 2 connections") == 1  # one message, one drawing


async def test_the_diagram_form_takes_a_fenced_block_as_its_field(terminal: Terminal) -> None:
    await terminal.type("/mock start url-shortener")
    shown = await terminal.type("/diagram", *DIAGRAM)
    assert "Drawn in the mock's thread" in shown and "Your diagram" in shown


async def test_a_broken_diagram_says_the_line_and_column(terminal: Terminal) -> None:
    await terminal.type("/mock start url-shortener")
    shown = await terminal.type("```mermaid", "flowchart LR", "  A --> ", "```")
    assert "Line 2, column 5: this edge has no node at its end" in shown


async def test_a_one_line_fence_is_an_ordinary_message(terminal: Terminal) -> None:
    shown = await terminal.type("use ```code``` here", "/help")
    assert "use ```code``` here" in shown and "/question" in shown


def test_a_diagram_piped_into_the_console_is_drawn() -> None:
    done = run_console_process("/mock start url-shortener\n" + "\n".join(DIAGRAM) + "\n")
    assert done.returncode == 0, done.stderr
    assert "Your diagram" in done.stdout and "Links DB" in done.stdout
