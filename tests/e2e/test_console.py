"""The console front-end, driven line by line as a person (or a script) would type."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.chat import ActionId, Form, FormField, Reply
from bot.clock import FakeClock
from bot.commands import Permission
from bot.context import CommandContext
from bot.platforms.console import ConsoleSession
from bot.platforms.console_chat import ConsoleChat, ConsoleOutput

REPO = Path(__file__).resolve().parents[2]


class Terminal:
    def __init__(self, app: App, clock: FakeClock, *, admin: bool = True) -> None:
        self.buffer = io.StringIO()
        self.chat = ConsoleChat(ConsoleOutput(self.buffer))
        self.session = ConsoleSession(app.dispatcher, self.chat, clock, user_name="Alice", is_admin=admin)

    async def type(self, *lines: str) -> str:
        """Type lines; return what the terminal printed for them."""
        start = self.buffer.tell()

        async def feed() -> AsyncIterator[str]:
            for line in lines:
                yield line

        await self.session.run(feed())
        return self.buffer.getvalue()[start:]


@pytest.fixture
def terminal(app: App, clock: FakeClock) -> Terminal:
    return Terminal(app, clock)


def add_thread_and_form_commands(app: App, received: list[Mapping[str, str]]) -> None:
    registry = app.services.registry

    @registry.command("practice", help="open a practice thread")
    async def practice(context: CommandContext, options: object) -> None:
        message = await context.chat.post(context.channel, Reply(text="Let's practise"))
        thread = await context.chat.open_thread(message, "Practice · url-shortener", private=True)
        await context.chat.post(thread, Reply(text="Welcome to your thread"))

    @registry.command("story", help="write a story")
    async def story(context: CommandContext, options: object) -> None:
        await context.open_form(
            Form(
                ActionId("story", "add", "ownership"),
                "New story",
                (FormField("s", "Situation"), FormField("r", "Result")),
            )
        )

    @registry.form("story", "add")
    async def save(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
        received.append({"entity": entity, **values})
        await context.respond(Reply(text="Story saved", ephemeral=True))

    @registry.command("admin-only", help="x", permission=Permission.ADMIN)
    async def admin_only(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="done"))


async def test_help_then_a_question_card(terminal: Terminal) -> None:
    output = await terminal.type("/help", "/question url-shortener")
    assert "`/question` - Show a system design question" in output
    assert "(only visible to Alice)" in output
    assert re.search(r"#general · practice-partner\n  \*\*[^\n]*URL", output)
    assert "[1] Show hints  [2] Interviewer's answers" in output
    assert "(id: url-shortener)" in output


async def test_pressing_a_card_button_shows_the_hints(terminal: Terminal, app: App) -> None:
    await terminal.type("/question url-shortener")
    output = await terminal.type("/press 1")
    question = app.services.bank.get("url-shortener")
    assert question is not None
    assert question.hints[0][:40] in output.replace("\n    ", " ")


async def test_pressing_a_button_that_does_not_exist_says_so(terminal: Terminal) -> None:
    output = await terminal.type("/press 42")
    assert "no button [42]" in output


async def test_unknown_question_and_unknown_command_are_friendly(terminal: Terminal) -> None:
    output = (await terminal.type("/question nope", "/dance")).replace("\n    ", " ")  # unwrap long lines
    assert "no question 'nope' - try /questions" in output
    listing = "/barraiser, /daily, /diagram, /forget-me, /help, /mock, /pair, /prep, /question, /questions, /star"
    assert f"There is no command /dance. Commands: {listing}" in output


async def test_plain_messages_are_shown_with_their_author(terminal: Terminal) -> None:
    output = await terminal.type("I'd start with requirements")
    assert "#general · Alice: I'd start with requirements" in output


async def test_as_speaks_for_someone_else(terminal: Terminal) -> None:
    output = await terminal.type("/as Bob hello from bob", "/as Bob /question nope")
    assert "#general · Bob: hello from bob" in output
    assert "(only visible to Bob)" in output
    assert "usage: /as NAME" in await terminal.type("/as Bob")


async def test_wait_lets_clock_time_pass(terminal: Terminal, clock: FakeClock) -> None:
    before = clock.now()
    output = await terminal.type("/wait 46m")
    assert clock.now() - before == timedelta(minutes=46)
    assert "waiting 46m of clock time" in output
    assert "not a duration" in await terminal.type("/wait forever")


async def test_the_console_follows_you_into_a_thread_and_leave_returns(terminal: Terminal, app: App) -> None:
    add_thread_and_form_commands(app, [])
    output = await terminal.type("/practice", "my first thought")
    assert "-- thread opened: #general › Practice · url-shortener (private)" in output
    assert "#general › Practice · url-shortener (private) · practice-partner\n  Welcome to your thread" in output
    assert "#general › Practice · url-shortener (private) · Alice: my first thought" in output
    output = await terminal.type("/leave", "back in the channel")
    assert "#general · Alice: back in the channel" in output


async def test_a_form_is_filled_in_line_by_line(terminal: Terminal, app: App) -> None:
    received: list[Mapping[str, str]] = []
    add_thread_and_form_commands(app, received)
    output = await terminal.type("/story", "We were late", "Shipped on time")
    assert "form 'New story'" in output
    assert received == [{"entity": "ownership", "s": "We were late", "r": "Shipped on time"}]
    assert "Story saved" in output


async def test_member_mode_is_refused_admin_commands(app: App, clock: FakeClock) -> None:
    add_thread_and_form_commands(app, [])
    member = Terminal(app, clock, admin=False)
    assert "Only workspace admins can use /admin-only." in await member.type("/admin-only")


async def test_quit_stops_reading(terminal: Terminal) -> None:
    output = await terminal.type("/quit", "/help")
    assert "practice-partner commands" not in output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.text(max_size=80) | st.text(max_size=60).map(lambda text: "/" + text), max_size=4))
async def test_nothing_a_user_types_raises_or_shows_a_traceback(terminal: Terminal, lines: list[str]) -> None:
    output = await terminal.type(*[line for line in lines if not re.match(r"\s*/(quit|exit|wait)\b", line)])
    assert "Traceback" not in output
    assert "went wrong" not in output


def run_console_process(script: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", *extra],
        input=script,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


def test_scripted_input_prints_help_card_and_friendly_error_then_exits_0() -> None:
    result = run_console_process("/help\n/question url-shortener\n/question nope\n")
    assert result.returncode == 0, result.stderr
    assert "practice-partner commands" in result.stdout
    assert "(id: url-shortener)" in result.stdout
    assert "no question 'nope' - try /questions" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_wait_with_speed_runs_clock_time_fast() -> None:
    result = run_console_process("/wait 46m\n", "--speed", "600", "--start", "2026-03-02T09:00")
    assert result.returncode == 0, result.stderr
    # Start-up takes real time too (half a second is 5 clock minutes at speed 600).
    shown = re.search(r"it is now 2026-03-02 (\d\d):(\d\d) UTC", result.stdout)
    assert shown is not None, result.stdout
    minutes_past_nine = (int(shown.group(1)) - 9) * 60 + int(shown.group(2))
    assert 46 <= minutes_past_nine < 66


def test_empty_input_exits_0_and_announces_the_in_memory_store() -> None:
    result = run_console_process("")
    assert result.returncode == 0
    assert "state is in memory and lost at exit; set REDIS_URL to keep it" in result.stdout


def test_a_bad_start_time_is_one_clear_line() -> None:
    result = run_console_process("", "--start", "yesterday")
    assert result.returncode == 2
    assert "'yesterday' is not an ISO date-time" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_whole_mock_plays_in_seconds_with_speed() -> None:
    result = run_console_process("/mock start url-shortener\n/wait 46m\n", "--speed", "600")
    assert result.returncode == 0, result.stderr
    starts = re.findall(r"^  (Phase \d/5 · [^\n]+ · \d+ min)$", result.stdout, flags=re.MULTILINE)
    assert starts == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
        "Phase 3/5 · High-level design · 13 min",
        "Phase 4/5 · Deep dive · 13 min",
        "Phase 5/5 · Trade-offs & operations · 7 min",
    ]
    assert len(re.findall(r"^  Mock over · ", result.stdout, flags=re.MULTILINE)) == 1


async def test_the_bar_raiser_in_a_console_mock(terminal: Terminal, app: App) -> None:
    await terminal.type("/mock start url-shortener")
    await terminal.type(
        "We need shorten and redirect, about 100M new links a month", "A Redis cache in front of DynamoDB"
    )
    output = await terminal.type("/barraiser")
    assert "**Bar raiser**" in output
    assert re.search(r"^  1\. .+\?", output, flags=re.MULTILINE)
    assert "(offline rubric)" in output
    card = await terminal.type("/barraiser scorecard")
    assert "**Scorecard · Design a URL shortener · SDE II bar**" in card
    assert "Requirements & scope · " in card
    forgot = await terminal.type("/forget-me")
    assert "Done: 2 of your messages were deleted" in forgot
    empty = await terminal.type("/barraiser scorecard")
    assert "No transcript yet, so no score" in empty


async def test_the_bar_raiser_needs_a_mock_thread(terminal: Terminal) -> None:
    output = await terminal.type("/barraiser")
    assert "Use /barraiser inside a mock's thread" in output


def test_a_daily_drop_shows_after_waiting_a_day() -> None:
    script = "/daily setup time:09:00 tz:UTC\n/wait 25h\n"
    # Start-up takes real time too: begin late on Sunday so any start-up still lands before Monday 09:00.
    result = run_console_process(script, "--speed", "14400", "--start", "2026-03-01T23:00")
    assert result.returncode == 0, result.stderr
    assert "Saved. The first drop: Mon 2 Mar 2026 at 09:00 (UTC)." in result.stdout
    drops = re.findall(r"^  \*\*(Daily question · [^*]+)\*\*$", result.stdout, flags=re.MULTILINE)
    assert drops == ["Daily question · Monday 2 March 2026"]
    assert "-- thread opened: #general › Daily · 2026-03-02 · " in result.stdout


async def test_a_pairing_round_on_the_console(terminal: Terminal) -> None:
    await terminal.type(
        '/pair join availability:"weekday evenings"', '/as bob /pair join availability:"weekday evenings"'
    )
    output = await terminal.type("/pair round")
    assert "Round done: 1 pair, 0 carried to the next round." in output
    assert re.search(r"-- thread opened: #general › Pair [0-9a-f]{8} · \w+ & \w+ \(private\) with @\w+, @\w+", output)
    assert "**Your practice pair**" in output
    assert "DM to @" in output and "**Interviewer guide · " in output
