"""Helpers shared by the Slack end-to-end tests: settings, test commands, block text, bot processes."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping

from pydantic import SecretStr

from bot.app import App
from bot.chat import IncomingMessage, Reply
from bot.config import SlackMode, SlackSettings
from bot.context import CommandContext
from bot.deadlines import DeadlineQueue
from tests.e2e.support import ERROR_ID, REPO, add_shared_test_commands, clean_env, stop
from tests.fakes.slack_api import FakeSlackApi

__all__ = [
    "ERROR_ID",
    "REPO",
    "SIGNING_SECRET",
    "add_test_commands",
    "all_blocks",
    "bot_env",
    "free_port",
    "settings_for",
    "stop",
    "texts",
    "until_scheduled",
]

SIGNING_SECRET = "test-signing-secret"


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
    add_shared_test_commands(registry, heard, forms)

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(
            Reply(title="Essay", text="\n\n".join(f"Paragraph {n}. " + "word " * 500 for n in range(60)))
        )


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
    env = clean_env("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
    env.update(SLACK_BOT_TOKEN=api.bot_token, SLACK_API_BASE_URL=api.base_url, **extra)
    return env
