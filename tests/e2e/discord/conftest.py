"""Fixtures for the Discord end-to-end tests: the Discord stand-in and the bot started on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import pytest

from bot.app import App
from bot.chat import IncomingMessage
from bot.platforms.discord_bot import DiscordAdapter
from tests.e2e.discord.support import add_test_commands, start_adapter
from tests.fakes.discord_server import FakeDiscord, pointed_at


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        with pointed_at(server):
            yield server


@pytest.fixture
async def bot(
    app: App, fake: FakeDiscord, heard: list[IncomingMessage], forms: list[Mapping[str, str]]
) -> AsyncIterator[DiscordAdapter]:
    add_test_commands(app, heard, forms)
    adapter = await start_adapter(app, fake)
    yield adapter
    await adapter.close()
