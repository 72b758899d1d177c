"""Issue 14's console scripts for double starts and Next against the timer, typed as written.

In process, the console's `/wait` lets a FakeClock pass while the deadline queue is polled the way
the live poller does it: every second of clock time, so what falls due at the very end of a wait
has not fired yet when the next line is typed (as on a real console, where the poller lags).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.deadlines import DeadlineQueue
from bot.platforms.console import ConsoleSession
from bot.platforms.console_chat import ConsoleChat, ConsoleOutput
from tests.e2e.test_console import Terminal

REPO = Path(__file__).resolve().parents[2]
JOIN = '/pair join level:sde2 tz:Europe/Berlin availability:"weekday evenings"'
DOUBLE_START = [JOIN, f"/as alice {JOIN}", "/pair round", "/press 1", "/press 1", "/wait 8m", "/mock end", "/leave"]
ANNOUNCEMENT = re.compile(
    r"^  (Phase \d/5 · [^\n]+ · \d+ min|⏳ One minute left in phase \d/5 · [^\n]+|Mock over · .+)$", re.MULTILINE
)


class PolledClock(FakeClock):
    """A FakeClock whose sleep polls the deadline queue before each second passes."""

    queue: DeadlineQueue | None = None

    async def sleep(self, seconds: float) -> None:
        remaining = max(seconds, 0.0)
        while remaining > 0:
            if self.queue is not None:
                await self.queue.run_due()
            self.advance(min(1.0, remaining))
            remaining -= 1.0


class Console(Terminal):
    """The console's terminal as root, attached to the app so the polled clock can run its timers."""

    def __init__(self, app: App, clock: PolledClock) -> None:
        self.buffer = io.StringIO()
        chat = ConsoleChat(ConsoleOutput(self.buffer))
        clock.queue = app.attach(chat)
        self.session = ConsoleSession(app.dispatcher, chat, clock, user_name="root", is_admin=True)


@pytest.fixture
def clock() -> PolledClock:
    return PolledClock()


@pytest.fixture
def console(app: App, clock: PolledClock) -> Console:
    return Console(app, clock)


def said(output: str) -> list[str]:
    return ANNOUNCEMENT.findall(output)


async def test_start_pressed_twice_on_the_console_starts_one_mock(console: Console) -> None:
    output = await console.type(*DOUBLE_START)
    assert output.count("Mock started in this thread.") == 1
    assert "A mock is already running in this thread (phase 1/5 · Requirements & scope, 7:00 left;" in output
    assert output[output.index("> /press 1") :].count("**Interviewer guide · ") == 1  # the mock's guide, once
    lines = said(output)
    assert lines.count("Phase 2/5 · Capacity estimation · 5 min") == 1
    assert len(lines) == len(set(lines)), lines
    assert sum(line.startswith("Mock over") for line in lines) == 1
    history = await console.type("/mock history")
    entries = [line for line in history.splitlines() if re.match(r"^  \d{4}-\d\d-\d\d · ", line)]
    assert len(entries) == 1
    assert "in progress" not in history


async def test_next_as_phase_2_falls_due_on_the_console_says_phase_2_then_3(console: Console) -> None:
    output = await console.type("/mock start url-shortener", "/wait 7m", "/mock next", "/wait 40m")
    lines = said(output)
    assert [line for line in lines if line.startswith("Phase")] == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
        "Phase 3/5 · High-level design · 13 min",
        "Phase 4/5 · Deep dive · 13 min",
        "Phase 5/5 · Trade-offs & operations · 7 min",
    ]
    assert len(lines) == len(set(lines)), lines
    # /wait shows what fell due before the next line, so phase 2 is said before Next moves on, then phase 3.
    after_wait = output[output.index("> /wait 7m") :]
    assert (
        after_wait.index("Phase 2/5") < after_wait.index("moved on to the next phase") < after_wait.index("Phase 3/5")
    )


async def test_the_console_can_press_resume(console: Console) -> None:
    started = await console.type("/mock start url-shortener")
    pause = re.search(r"\[(\d+)\] Pause", started)
    assert pause is not None
    paused = await console.type(f"/press {pause.group(1)}")
    resume = re.search(r"⏸ Paused by @root\. /mock resume to continue\.\n  \[(\d+)\] Resume", paused)
    assert resume is not None, paused
    resumed = await console.type(f"/press {resume.group(1)}")
    assert "▶ Resumed by @root." in resumed


def test_the_issue_script_run_as_written_at_speed_60_starts_one_mock() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env.pop("REDIS_URL", None)
    script = "\n".join([*DOUBLE_START, "/mock history"]) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--speed", "60"],
        input=script, capture_output=True, text=True, cwd=REPO, env=env, timeout=90, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Mock started in this thread.") == 1
    assert "A mock is already running in this thread" in result.stdout
    lines = said(result.stdout)
    assert Counter(lines).most_common(1)[0][1] == 1, lines  # nothing said twice
    history = result.stdout[result.stdout.rindex("**Your mocks**") :]
    assert len(re.findall(r"^  \d{4}-\d\d-\d\d · ", history, flags=re.MULTILINE)) == 1
    assert "in progress" not in history
