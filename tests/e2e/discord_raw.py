"""Raw HTTP against the Discord stand-in, as the bot's own requests would reach Discord: exact bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from tests.fakes.discord_server import FakeDiscord, FakeInteraction, run_client

JSON = dict[str, Any]


def invalid(path: str, code: str, message: str) -> JSON:
    """Discord's 50035 body for one failing field."""
    node: JSON = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        node = {part: node}
    return {"code": 50035, "message": "Invalid Form Body", "errors": node}


def too_long(path: str, limit: int) -> JSON:
    return invalid(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def button(custom_id: str, label: str = "Go") -> JSON:
    return {"type": 2, "style": 1, "custom_id": custom_id, "label": label}


def row(*children: JSON) -> JSON:
    return {"type": 1, "components": list(children)}


def text_input(custom_id: str = "answer", **extra: Any) -> JSON:
    return {"type": 4, "custom_id": custom_id, "style": 1, "label": "Answer", **extra}


def modal(*rows: JSON, title: str = "Feedback") -> JSON:
    return {"custom_id": "feedback", "title": title, "components": list(rows)}


class Api:
    """Raw REST calls as the bot, and interaction callbacks (which need no token)."""

    def __init__(self, fake: FakeDiscord, session: aiohttp.ClientSession, client: discord.Client) -> None:
        self.fake = fake
        self.session = session
        self.client = client
        self.headers = {"Authorization": f"Bot {fake.token}"}

    async def call(
        self, method: str, path: str, body: JSON | list[JSON], query: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        url = self.fake.api_base_url.rstrip("/") + path
        async with self.session.request(method, url, json=body, headers=self.headers, params=query) as response:
            if response.status == 204:
                return 204, await response.read() or None
            return response.status, await response.json()

    async def send(self, body: JSON) -> tuple[int, Any]:
        return await self.call("POST", f"/channels/{self.fake.general_channel_id}/messages", body)

    async def callback(
        self, interaction: FakeInteraction, kind: int, data: JSON | None = None, with_response: str | None = None
    ) -> tuple[int, Any]:
        body: JSON = {"type": kind} if data is None else {"type": kind, "data": data}
        query = None if with_response is None else {"with_response": with_response}
        return await self.call("POST", f"/interactions/{interaction.id}/{interaction.token}/callback", body, query)


@pytest.fixture(name="api")
async def api_fixture() -> AsyncIterator[Api]:
    """`api`: a stand-in with a connected client that never answers, so the test answers by hand.
    (Imported by the test modules that use it, under this name: a parameter named like an import is a redefinition.)"""
    async with FakeDiscord(token="test-token") as fake, aiohttp.ClientSession() as session:
        client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.1)
        async with run_client(client, fake):
            api = Api(fake, session, client)
            option = {"type": 3, "name": "id", "description": "Question id", "autocomplete": True}
            commands = [{"name": "quiet", "description": "Never answered", "options": [option]}]
            status, _ = await api.call("PUT", f"/applications/{fake.application_id}/commands", commands)
            assert status == 200
            yield api


def discord_py_interaction(api: Api, interaction: FakeInteraction) -> discord.Interaction[Any]:
    """discord.py's own Interaction for one the stand-in sent (the api client never answers by itself)."""
    return discord.Interaction(data=interaction.payload, state=api.client._connection)  # type: ignore[arg-type]
