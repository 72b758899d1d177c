"""Pairing on the console, typed as a new user would (issue 14: roles, trios, /pair now, no-shows, summaries)."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.app import App
from bot.clock import FakeClock
from tests.e2e.test_console import Terminal

JOIN = '/pair join level:sde2 tz:Europe/Berlin availability:"weekday evenings"'


@pytest.fixture
def terminal(app: App, clock: FakeClock) -> Terminal:
    return Terminal(app, clock)


def candidates(output: str) -> list[str]:
    return re.findall(r"^  @(\w+) is the candidate this time", output, flags=re.MULTILINE)


async def test_pair_now_announces_one_real_wait_and_never_a_refusal(terminal: Terminal) -> None:
    refused = await terminal.type("/pair now")
    assert "Join the pool first with /pair join." in refused
    assert "looking for a practice partner" not in refused
    output = await terminal.type(JOIN, f"/as ghost {JOIN}", "/pair now", "/pair now", "/as ghost /pair now")
    assert output.count("is looking for a practice partner now.") == 1
    assert "You are already waiting for a partner." in output
    assert "Matched with @Alice: see your private conversation." in output


async def test_two_people_swap_roles_round_after_round(terminal: Terminal) -> None:
    output = await terminal.type(JOIN, f"/as ghost {JOIN}", *["/pair round", "/wait 7d"] * 6)
    seen = candidates(output)
    assert len(seen) == 6
    assert all(this != after for this, after in itertools.pairwise(seen))


async def test_a_trio_guides_both_interviewers_and_fits_all_three(terminal: Terminal) -> None:
    output = await terminal.type(
        '/pair join availability:"mon 18-22"',
        '/as ghost /pair join availability:"mon 18-22"',
        '/as root /pair join availability:"mon 20-23"',
        "/pair round",
    )
    assert "1 trio this round." in output
    assert "**Your practice trio**" in output
    assert "Good times for all three of you (UTC): Mon 20:00-22:00." in output
    assert output.count("**Interviewer guide · ") == 2
    [candidate] = candidates(output)
    for who in {"Alice", "ghost", "root"} - {candidate}:
        history = await terminal.type(f"/as {who} /pair history")
        assert len(re.findall(r"with @\w+ and @\w+ · interviewer · pending", history)) == 1


async def test_a_no_show_credits_nobody_a_turn(terminal: Terminal, app: App) -> None:
    start = terminal.buffer.tell()
    await terminal.type(JOIN, f"/as ghost {JOIN}", "/pair round", "/wait 25h")
    await app.attach(terminal.chat).run_due()  # the follow-up a live bot's poller would post
    output = terminal.buffer.getvalue()[start:]
    [number] = re.findall(r"\[(\d+)\] My partner did not show", output)
    [candidate] = candidates(output)
    await terminal.type(f"/as {candidate} /press {number}")
    for who in ("Alice", "ghost"):
        status = await terminal.type(f"/as {who} /pair status")
        assert "So far: 0 as candidate, 0 as interviewer." in status


async def test_a_round_with_nobody_to_pair_says_why_and_a_pause_ends(terminal: Terminal) -> None:
    alone = await terminal.type(JOIN, "/pair round")
    assert "Nobody was paired this round: 1 person available, and a pair takes two." in alone
    assert "0 pairs" not in alone
    paused = await terminal.type("/pair pause days:1", "/pair status")
    assert "paused until" in paused
    later = await terminal.type("/wait 25h", "/pair status")
    assert "paused until" not in later
