"""Helpers shared by the Slack end-to-end tests: settings, test commands, block text, bot processes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
from collections.abc import Mapping
from pathlib import Path

from pydantic import SecretStr

from bot.app import App
from bot.chat import ActionId, Form, FormField, IncomingMessage, Reply
from bot.commands import Permission
from bot.config import SlackMode, SlackSettings
from bot.context import CommandContext, Services
from bot.deadlines import DeadlineQueue
from tests.fakes.slack_api import FakeSlackApi

REPO = Path(__file__).resolve().parents[3]
SIGNING_SECRET = "test-signing-secret"
ERROR_ID = re.compile(r"something went wrong \(error id [0-9a-f]{8}\)")


def settings_for(api: FakeSlackApi, mode: SlackMode = SlackMode.HTTP, **changes: str) -> SlackSettings:
    values = {
        "bot_token": SecretStr(changes.get("bot_token", api.bot_token)),
        "app_token": SecretStr(changes.get("app_token", api.app_token)),
        "signing_secret": SecretStr(SIGNING_SECRET),
        "api_base_url": api.base_url,
        "mode": mode,
    }
    return SlackSettings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def add_test_commands(app: App, heard: list[IncomingMessage], forms: list[Mapping[str, str]]) -> None:
    registry = app.services.registry

    @registry.command("crash", help="always fails")
    async def crash(context: CommandContext, options: object) -> None:
        raise RuntimeError("kaboom")

    @registry.command("reset", help="admins only", permission=Permission.ADMIN)
    async def reset(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="reset done"))

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(
            Reply(title="Essay", text="\n\n".join(f"Paragraph {n}. " + "word " * 500 for n in range(60)))
        )

    @registry.command("story", help="a form")
    async def story(context: CommandContext, options: object) -> None:
        fields = (FormField("situation", "Situation"), FormField("result", "Result", multiline=True))
        await context.open_form(Form(ActionId("story", "add", "ownership"), "New STAR story", fields))

    @registry.form("story", "add")
    async def saved(context: CommandContext, entity: str, values: Mapping[str, str]) -> None:
        forms.append({"entity": entity, **values})
        await context.respond(Reply(text="Story saved", ephemeral=True))

    @registry.command("room", help="a private thread and a DM")
    async def room(context: CommandContext, options: object) -> None:
        card = await context.respond(Reply(title="Mock", text="A new mock"))
        assert card is not None
        public = await context.chat.open_thread(card, "Mock · url-shortener")
        await context.chat.post(public, Reply(text="Phase 1/5 · Requirements & scope · 7 min"))
        private = await context.chat.open_thread(card, "Private mock", private=True, members=(context.user,))
        await context.chat.post(private, Reply(text="just us"))
        await context.chat.send_dm(context.user, Reply(text="Your interviewer guide"))

    @registry.on_message
    async def listen(services: Services, chat: object, message: IncomingMessage) -> None:
        heard.append(message)


def texts(blocks: list[dict[str, object]]) -> str:
    return repr(blocks)


async def until_scheduled(queue: DeadlineQueue, count: int) -> None:
    for _ in range(500):
        if await queue.pending() >= count:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"fewer than {count} deadlines were scheduled")


def all_blocks(api: FakeSlackApi, channel: str) -> str:
    return texts([block for message in api.messages(channel) for block in message["blocks"]])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(api: FakeSlackApi, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "REDIS_URL"):
        env.pop(name, None)
    env.update(SLACK_BOT_TOKEN=api.bot_token, SLACK_API_BASE_URL=api.base_url, **extra)
    return env


async def stop(process: asyncio.subprocess.Process) -> tuple[str, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    return stdout.decode(), stderr.decode()
