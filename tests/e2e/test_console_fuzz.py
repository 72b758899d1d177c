"""2,000 hostile lines typed at the console: every one answered in words, none with a traceback or internals."""

from __future__ import annotations

import logging
import random
import re

import pytest

from bot.app import App
from bot.clock import FakeClock
from handlers import build_registry
from tests.e2e.test_console import Terminal

LINES = 2_000
SEED = 13

COMMANDS = {command.path: sorted(command.options.model_fields) for command in build_registry().commands()}
OPTIONS = sorted({name for names in COMMANDS.values() for name in names})
NASTY = [
    "", " ", "\x00", "\x1b[31m", "\r", "\t", "\x7f", "\u202e", "\ufeff", "\u200b", "🙂", "👩‍💻", "𝔘𝔫𝔦", "ß", "İ",
    "'", '"', '"unbalanced', "it's", "\\", "\\\\\"", "``", "**", "<", ">", "&amp;", "%s", "{}", "{0}", "${HOME}",
    "@everyone", "@here", "<!channel>", "<!here>", "<!subteam^S1|@eng>", "<@U1>", "<@!1>", "<@&1>", "@bob",
    "-1", "0", "1", "99999999999999999999", "1e309", "nan", "inf", "-0", "0x1f", "3.5", "46m", "1h30m", "2d",
    "9999d", "25:61", "mon-sun", "sun-mon", "Mars/Olympus", "Europe/Berlin", "UTC", "../../etc/passwd",
    "url-shortener", "sde3", "candidate", "on", "off", "scorecard", "reset", "7,5,13,13,7", "Ownership",
    "x" * 5000, "word " * 400, "9" * 5000,
]  # fmt: skip
INTERNALS = re.compile(
    r"Traceback|went wrong|File \"|pydantic|ValidationError|errors\.pydantic|object at 0x|NoneType|KeyError|"
    r"redis\.|Exception|\bself\b|site-packages|<class ",
)


def nasty_word(rng: random.Random) -> str:
    return "".join(rng.choice(NASTY) for _ in range(rng.choice((1, 1, 1, 2, 3))))


def hostile_line(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return nasty_word(rng)  # a plain message
    if roll < 0.10:
        return f"/press {rng.choice(['', '0', '-1', '999999', '1', '2', 'x', '1e9', '٣', '9' * 5000])}"
    if roll < 0.14:
        return f"/as {nasty_word(rng)} {rng.choice(['/', '/help', '/mock start', '/as x /as y', '/press 1', ''])}"
    if roll < 0.16:
        return rng.choice(["/", "//", "/ ", "/\x00", "/🙂", "/leave", "/wait", "/wait 0s", "/wait -5m", "/cancel"])
    path = rng.choice(sorted(COMMANDS))
    words = path.split()
    if rng.random() < 0.05:
        words[-1] = nasty_word(rng)  # an unknown subcommand
    for _ in range(rng.randint(0, 4)):
        value = nasty_word(rng)
        if rng.random() < 0.4:
            words.append(value)  # a positional word
        else:  # mostly the command's own options, sometimes another command's
            names = COMMANDS[path] if COMMANDS[path] and rng.random() < 0.85 else OPTIONS
            words.append(f"{rng.choice(names)}:{value}")
    return "/" + " ".join(words)


@pytest.mark.parametrize("seed", [SEED])
async def test_thousands_of_hostile_lines_get_friendly_answers(
    app: App, clock: FakeClock, caplog: pytest.LogCaptureFixture, seed: int
) -> None:
    rng = random.Random(seed)
    lines = [hostile_line(rng) for _ in range(LINES)]
    terminal = Terminal(app, clock)
    caplog.set_level(logging.INFO)

    output = await terminal.type(*lines)

    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]
    replies = bot_replies(output)
    assert len(replies) > LINES / 2  # most lines got an answer, so the fuzz reached the commands
    leaks = [reply for reply in replies if INTERNALS.search(reply)]
    assert not leaks, leaks[:3]
    # A refusal quotes a little of what was typed, never all 5,000 characters of it.
    squashed = [re.sub(r"\s+", "", reply) for reply in replies]  # the console wraps long lines
    echoes = [reply[:200] for reply in squashed if any(run in reply for run in ("x" * 200, "word" * 40, "9" * 200))]
    assert not echoes, echoes[:3]


def bot_replies(output: str) -> list[str]:
    """The bot's messages: a `... · practice-partner` header, then indented lines (prompts and users' lines apart)."""
    replies: list[str] = []
    current: list[str] | None = None
    for line in output.splitlines():
        if re.match(r"^#\S.* · practice-partner", line):
            current = []
            replies.append("")
        elif current is not None and line.startswith("  "):
            replies[-1] += line.strip() + "\n"
        else:
            current = None
    return replies
