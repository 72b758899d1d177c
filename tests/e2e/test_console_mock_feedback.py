"""Feedback after a mock on the console, typed line by line: fixing bad scores, replacing, reading it back."""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.clock import FakeClock
from tests.e2e.test_console import Terminal


@pytest.fixture
def terminal(app: App, clock: FakeClock) -> Terminal:
    return Terminal(app, clock)


def button(output: str, label: str) -> str:
    """The number the console gave the button `label` (the last one shown)."""
    numbers = re.findall(rf"\[(\d+)\] {re.escape(label)}", output)
    assert numbers, f"no button {label!r} in:\n{output}"
    return str(numbers[-1])


async def test_bad_scores_keep_what_was_written_and_a_second_submission_says_it_replaces(
    terminal: Terminal,
) -> None:
    await terminal.type("/mock start url-shortener partner:@bob role:interviewer")
    over = await terminal.type("/mock end")
    give = button(over, "Give feedback (interviewer)")
    bad = await terminal.type(f"/press {give}", "3 3 9", "Clear API", "Estimate before designing")
    assert "Scores are 6 numbers from 1 to 4" in bad
    assert "What you wrote is kept; only the scores are asked again." in bad
    assert "Interviewer feedback" not in bad
    scores_only = await terminal.type(f"/press {button(bad, 'Enter the scores')}")
    assert "form 'Mock feedback · scores': answer each field on its own line (Scores 1-4:" in scores_only
    assert "What went well" not in scores_only
    saved = await terminal.type("3 2 4 3 3 2")
    assert "**Interviewer feedback**" in saved
    assert "Went well: Clear API" in saved
    assert "Practise next: Estimate before designing" in saved
    again = await terminal.type(f"/press {give}", "4 4 4 4 4 4", "Clear API, crisp", "Costs")
    assert "**Updated feedback (replaces the earlier one)**" in again
    assert "It replaces the feedback you gave before" in again


async def test_history_shows_the_gist_and_the_full_feedback_on_a_button(terminal: Terminal) -> None:
    await terminal.type("/mock start url-shortener partner:@bob role:interviewer")
    over = await terminal.type("/mock end")
    note = "Walked the redirect path end to end and sized the cache from the read:write ratio. " * 2
    await terminal.type(f"/press {button(over, 'Give feedback (interviewer)')}", "3 2 4 3 3 2", note, "Costs")
    await terminal.type("/leave")
    history = await terminal.type("/mock history")
    assert "↳ Went well: Walked the redirect path end to end" in history
    assert "…" in history
    assert "Costs" not in history
    full = " ".join((await terminal.type(f"/press {button(history, 'Full feedback · ')}")).split())
    assert "Practise next: Costs" in full
    assert f"Went well: {note.strip()}" in full
