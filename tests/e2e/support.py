"""Helpers the Discord and Slack end-to-end tests share: the test commands and `python -m bot` processes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.chat import ActionId, Form, FormField, IncomingMessage, Reply
from bot.commands import CommandRegistry, Permission
from bot.context import CommandContext, Services

REPO = Path(__file__).resolve().parents[2]
ERROR_ID = re.compile(r"something went wrong \(error id [0-9a-f]{8}\)")


def add_shared_test_commands(
    registry: CommandRegistry, heard: list[IncomingMessage], forms: list[Mapping[str, str]]
) -> None:
    """Commands every platform's tests use: one that crashes, one for admins, threads and a DM, a form,
    and a listener that keeps every message the bot hears in ``heard`` (forms submitted go to ``forms``)."""

    @registry.command("crash", help="always fails")
    async def crash(context: CommandContext, options: object) -> None:
        raise RuntimeError("kaboom")

    @registry.command("reset", help="admins only", permission=Permission.ADMIN)
    async def reset(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="reset done"))

    @registry.command("room", help="open threads and a DM")
    async def room(context: CommandContext, options: object) -> None:
        card = await context.respond(Reply(title="Mock", text="A new mock"))
        assert card is not None
        public = await context.chat.open_thread(card, "Mock · url-shortener")
        await context.chat.post(public, Reply(text="Phase 1/5 · Requirements & scope · 7 min"))
        private = await context.chat.open_thread(card, "Private mock", private=True, members=(context.user,))
        await context.chat.post(private, Reply(text="just us"))
        await context.chat.send_dm(context.user, Reply(text="Your interviewer guide"))

    @registry.command("story", help="a form")
    async def story(context: CommandContext, options: object) -> None:
        fields = (FormField("situation", "Situation"), FormField("result", "Result", multiline=True))
        await context.open_form(Form(ActionId("story", "add", "ownership"), "New STAR story", fields))

    @registry.form("story", "add")
    async def saved(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
        forms.append({"entity": entity, **values})
        await context.respond(Reply(text="Story saved", ephemeral=True))

    @registry.on_message
    async def listen(services: Services, chat: object, message: IncomingMessage) -> None:
        heard.append(message)


def clean_env(*also_drop: str) -> dict[str, str]:
    """This process's environment without platform settings or REDIS_URL: a fresh bot, no state left by others."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    for name in ("REDIS_URL", *also_drop):
        env.pop(name, None)
    return env


async def start_bot(env: Mapping[str, str], *args: str, stdin: int = subprocess.DEVNULL) -> asyncio.subprocess.Process:
    """`python -m bot *args` from the repository, with ``env``, its output piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=REPO,
        env=dict(env),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


async def stop(process: asyncio.subprocess.Process) -> tuple[str, str]:
    """SIGTERM the bot if it still runs; its stdout and stderr."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    return stdout.decode(), stderr.decode()
