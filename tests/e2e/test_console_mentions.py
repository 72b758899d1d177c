"""On the console too, text a user wrote is repeated inert, the same way as on Discord and Slack."""

from __future__ import annotations

import re

from bot.app import App
from bot.clock import FakeClock
from bot.user_text import ZWSP
from tests.e2e.test_console import Terminal

HOSTILE = "@everyone @here <!channel> <!here> <!everyone> <!subteam^S1|@eng> <@bob> <@!42> <@&7>"
LIVE = re.compile(r"<[@!]|@(everyone|here|channel)", re.IGNORECASE)


async def test_a_scorecard_quotes_hostile_text_inert(app: App, clock: FakeClock) -> None:
    terminal = Terminal(app, clock)
    started = await terminal.type("/mock start url-shortener")
    assert "@Alice started a 45-minute mock" in started  # the bot's own mention still reads as one
    await terminal.type(f"{HOSTILE} we key links by id because redirects are lookups")
    card = (await terminal.type("/barraiser scorecard")).replace("\n    ", " ")
    quoted = next(line for line in card.splitlines() if "we key links by id" in line)
    assert "everyone" in quoted and "@eng" in quoted and "@bob" in quoted
    assert not LIVE.search(quoted), quoted


async def test_echoes_and_errors_repeat_typed_text_inert(app: App, clock: FakeClock) -> None:
    terminal = Terminal(app, clock)
    output = await terminal.type(
        '/prep done "@here <!channel> <@bob>"', "/question <!everyone>", "/prep status", "/mock start x"
    )
    assert "Noted: @\u200bhere @\u200bchannel @bob." in output
    assert "no question '@\u200beveryone'" in output
    said = "\n".join(line for line in output.splitlines() if not line.startswith("Alice #general > "))
    assert not LIVE.search(said), said  # what the bot said; the typed lines are echoed as typed


async def test_as_refuses_a_name_no_one_could_have(app: App, clock: FakeClock) -> None:
    terminal = Terminal(app, clock)
    output = await terminal.type("/as " + "x" * 5000 + " /mock start url-shortener", "/as <@bob> hello")
    assert "/as: a name is 1-32 letters" in output
    assert "Mock · " not in output
    assert "#general · bob: hello" in output


async def test_interviewer_feedback_and_star_stories_are_repeated_inert(app: App, clock: FakeClock) -> None:
    terminal = Terminal(app, clock)
    await terminal.type("/mock start url-shortener partner:@bob role:interviewer", "/mock end")
    button = next(n for n, action in terminal.chat.buttons.items() if str(action).startswith("mock:feedback:"))
    feedback = await terminal.type(f"/press {button}", "3 2 4 3 3 2", "clear @here <!channel>", "<@&1> estimates")
    assert "**Interviewer feedback**" in feedback
    assert f"Went well: clear @{ZWSP}here @{ZWSP}channel" in feedback
    assert "Practise next: @role estimates" in feedback
    stories = await terminal.type("/star add Ownership", "@everyone <!here> saw it", "t", "I did", "1%", "/star list")
    assert f"Ownership: @{ZWSP}everyone @{ZWSP}here saw it" in stories


async def test_pressing_a_button_that_is_not_there_quotes_a_few_characters(app: App, clock: FakeClock) -> None:
    output = await Terminal(app, clock).type("/press " + "9" * 5000)
    assert "no button [" + "9" * 11 + "…]" in output
