"""A whole 45-minute interview run by the bot on the console, with --speed, from a script of candidate lines."""

from __future__ import annotations

import re

from tests.e2e.test_console import run_console_process

SCRIPT = """/mock start url-shortener
how many links are created each month, and how many clicks?
what database should I use?
/wait 7m
So 10M links a day is about 1,000 a second.
/wait 5m
We'll put Kafka between the API and the click counter.
/wait 4m
/wait 10m
If the database is slow we time out after 50 ms and serve the cached link.
/wait 1m
/wait 12m
it depends, both are fine
/wait 8m
"""


def said_by_interviewer(stdout: str) -> list[str]:
    """Each message of the interviewer, as the console printed it (lines joined)."""
    blocks = re.split(r"^#general › ", stdout, flags=re.MULTILINE)
    found = []
    for block in blocks:
        if "(Interviewer · " in block:
            body = block.split("\n", 1)[1].split("(Interviewer · ")[0]
            found.append(" ".join(body.split()))
    return found


def test_the_bot_interviews_a_whole_mock_on_the_console() -> None:
    result = run_console_process(SCRIPT, "--speed", "240")
    assert result.returncode == 0, result.stderr
    said = said_by_interviewer(result.stdout)
    assert said[0].startswith("I'll be your interviewer today. Let's build a URL shortener")
    assert said[0].endswith("What would you like to know?")
    # Requirements: the bank's answer, and the design question turned back (each a direct question,
    # answered at once, so one answer each or one for both when they arrive together).
    requirements = " ".join(said[1:3])
    assert "About 100M new short links a month" in said[1]
    assert "What would you choose, and why?" in requirements
    assert any(text.startswith("Before we move on: you didn't ask what latency and availability") for text in said)
    assert any("Check that: 10M links a day is about 115 a second" in text for text in said)
    assert any(text.startswith("Why Kafka here") for text in said)
    assert any(text.startswith("Walk me through the main request path") for text in said)
    assert any(text.startswith("Let's go deeper on") for text in said)
    assert any("biggest risk" in text for text in said)
    assert "Pick one and defend it." in said
    assert len(re.findall(r"\*\*Scorecard · Design a URL shortener", result.stdout)) == 1
    assert any(text.startswith("Three moments that moved the lean most") for text in said)
    assert "Traceback" not in result.stdout + result.stderr
