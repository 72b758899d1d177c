"""Helpers shared by the Discord end-to-end tests: settings, test commands, a started adapter."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import SecretStr

from bot.app import App
from bot.chat import ActionId, Form, FormField, IncomingMessage, Reply
from bot.commands import Permission
from bot.config import DiscordSettings
from bot.context import CommandContext, Services
from bot.platforms.discord_bot import DiscordAdapter
from tests.fakes.discord_server import FakeDiscord

REPO = Path(__file__).resolve().parents[3]
ERROR_ID = re.compile(r"something went wrong \(error id [0-9a-f]{8}\)")


def settings_for(fake: FakeDiscord, token: str | None = None) -> DiscordSettings:
    return DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        token=SecretStr(token or fake.token),
        api_base_url=fake.api_base_url,
        gateway_url=fake.gateway_url,
    )


def add_test_commands(app: App, heard: list[IncomingMessage], forms: list[Mapping[str, str]]) -> None:
    registry = app.services.registry

    @registry.command("crash", help="always fails")
    async def crash(context: CommandContext, options: object) -> None:
        raise RuntimeError("kaboom")

    @registry.command("essay", help="a very long answer")
    async def essay(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="\n".join(f"Paragraph {n}. " + "word " * 80 for n in range(30))))

    @registry.command("think", help="slow, known in advance", slow=True)
    async def think(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="thought about it"))

    @registry.command("dawdle", help="slow, not declared")
    async def dawdle(context: CommandContext, options: object) -> None:
        await asyncio.sleep(0.5)
        await context.respond(Reply(text="finally", ephemeral=True))

    @registry.command("reset", help="admins only", permission=Permission.ADMIN)
    async def reset(context: CommandContext, options: object) -> None:
        await context.respond(Reply(text="reset done"))

    @registry.command("room", help="open threads")
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


async def start_adapter(app: App, fake: FakeDiscord) -> DiscordAdapter:
    adapter = DiscordAdapter(app, settings_for(fake), guild_ready_timeout=0.1)
    await adapter.start()
    await fake.wait_until_ready()
    await fake.wait_for(lambda: fake.commands(), what="slash commands synced")
    return adapter


def bot_process_env(fake: FakeDiscord, token: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "SLACK_"))}
    env.pop("REDIS_URL", None)  # a fresh bot: no state left by other tests
    env.update(DISCORD_TOKEN=token, DISCORD_API_BASE_URL=fake.api_base_url, DISCORD_GATEWAY_URL=fake.gateway_url)
    return env
