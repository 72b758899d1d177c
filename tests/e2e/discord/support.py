"""Helpers shared by the Discord end-to-end tests: settings, test commands, a started adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from pydantic import SecretStr

from bot.app import App
from bot.chat import ActionId, Button, ButtonStyle, IncomingMessage, Reply, ReplyField
from bot.config import DiscordSettings
from bot.context import CommandContext
from bot.platforms.discord_bot import DiscordAdapter
from tests.e2e.support import ERROR_ID, REPO, add_shared_test_commands, clean_env
from tests.fakes.discord_server import FakeDiscord

__all__ = ["ERROR_ID", "REPO", "add_test_commands", "bot_process_env", "settings_for", "start_adapter"]


def settings_for(fake: FakeDiscord, token: str | None = None) -> DiscordSettings:
    return DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        token=SecretStr(token or fake.token),
        api_base_url=fake.api_base_url,
        gateway_url=fake.gateway_url,
    )


def add_test_commands(app: App, heard: list[IncomingMessage], forms: list[Mapping[str, str]]) -> None:
    registry = app.services.registry
    add_shared_test_commands(registry, heard, forms)

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="\n".join(f"Paragraph {n}. " + "word " * 80 for n in range(30))))

    @registry.command("think", help="slow, known in advance", slow=True)
    async def think(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="thought about it"))

    @registry.command("whisper", help="two private answers, the first with a title, a field and a button")
    async def whisper(context: CommandContext, options: object) -> None:
        hint = Button("Hint", ActionId("question", "hints", "url-shortener"), ButtonStyle.PRIMARY)
        fields = (ReplyField("Next", "ask for a hint"),)
        await context.respond(
            Reply(text="Only you see this", title="Psst", fields=fields, buttons=(hint,), ephemeral=True)
        )
        await context.respond(Reply(text="And this", ephemeral=True))

    @registry.command("dawdle", help="slow, not declared")
    async def dawdle(context: CommandContext, options: object) -> None:
        await asyncio.sleep(0.5)
        await context.respond(Reply(text="finally", ephemeral=True))


async def start_adapter(app: App, fake: FakeDiscord) -> DiscordAdapter:
    adapter = DiscordAdapter(app, settings_for(fake), guild_ready_timeout=0.1)
    await adapter.start()
    await fake.wait_until_ready()
    await fake.wait_for(lambda: fake.commands(), what="slash commands synced")
    return adapter


def bot_process_env(fake: FakeDiscord, token: str) -> dict[str, str]:
    env = clean_env()
    env.update(DISCORD_TOKEN=token, DISCORD_API_BASE_URL=fake.api_base_url, DISCORD_GATEWAY_URL=fake.gateway_url)
    return env
