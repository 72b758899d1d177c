"""The Discord stand-in takes files as Discord does (multipart: payload_json + files[n]) and refuses what Discord
refuses: a description over 1,024 characters, a file over the upload limit, more than 10 files."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from tests.fakes.discord_server import FakeDiscord, run_client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Uploads:
    """Raw multipart posts to #general as the bot."""

    def __init__(self, fake: FakeDiscord, session: aiohttp.ClientSession) -> None:
        self.fake = fake
        self.session = session

    async def post(self, files: list[bytes], attachments: list[dict[str, Any]]) -> tuple[int, Any]:
        form = aiohttp.FormData()
        form.add_field("payload_json", json.dumps({"content": "chart", "attachments": attachments}),
                       content_type="application/json")  # fmt: skip
        for index, data in enumerate(files):
            form.add_field(f"files[{index}]", data, filename=f"chart{index}.png", content_type="image/png")
        url = f"{self.fake.api_base_url.rstrip('/')}/channels/{self.fake.general_channel_id}/messages"
        headers = {"Authorization": f"Bot {self.fake.token}"}
        async with self.session.post(url, data=form, headers=headers) as response:
            return response.status, await response.json()


@pytest.fixture
async def uploads() -> AsyncIterator[Uploads]:
    async with FakeDiscord(token="test-token") as fake, aiohttp.ClientSession() as session:
        yield Uploads(fake, session)


async def test_a_file_with_its_description_is_an_attachment_of_the_message(uploads: Uploads) -> None:
    status, message = await uploads.post([PNG], [{"id": 0, "filename": "chart0.png", "description": "A bar chart"}])
    assert status == 200
    (attachment,) = message["attachments"]
    assert (attachment["filename"], attachment["description"], attachment["size"]) == ("chart0.png", "A bar chart", 72)
    assert uploads.fake.uploads[-1]["data"] == PNG


async def test_a_description_over_1024_characters_is_refused(uploads: Uploads) -> None:
    status, body = await uploads.post([PNG], [{"id": 0, "filename": "chart0.png", "description": "d" * 1025}])
    assert status == 400
    error = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 1024 or fewer in length."}]}
    assert body == {
        "code": 50035,
        "message": "Invalid Form Body",
        "errors": {"attachments": {"0": {"description": error}}},
    }
    assert uploads.fake.messages(uploads.fake.general_channel_id) == []


async def test_a_file_over_the_upload_limit_is_refused_with_413(uploads: Uploads) -> None:
    status, body = await uploads.post([PNG + b"\x00" * (10 * 1024 * 1024)], [{"id": 0, "filename": "chart0.png"}])
    assert (status, body) == (413, {"code": 40005, "message": "Request entity too large"})
    assert uploads.fake.messages(uploads.fake.general_channel_id) == []


async def test_more_than_ten_files_are_refused(uploads: Uploads) -> None:
    status, body = await uploads.post([PNG] * 11, [])
    assert status == 400
    assert body["code"] == 50035 and "files" in body["errors"]


async def test_discord_py_sends_the_description_as_the_attachments_alt_text() -> None:
    async with FakeDiscord(token="test-token") as fake:
        client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.1)
        async with run_client(client, fake):
            channel = await client.fetch_channel(fake.general_channel_id)
            file = discord.File(io.BytesIO(PNG), filename="timeline.png", description="Timeline in words")
            sent = await channel.send(content="Mock over", file=file)  # type: ignore[union-attr]
        assert sent.attachments[0].description == "Timeline in words"
        assert fake.uploads[-1] == {"filename": "timeline.png", "data": PNG, "description": "Timeline in words"}
