"""Diagrams and images in a mock thread, on the real discord.py against the Discord stand-in."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.chat import ImageUnavailable, IncomingMessage
from bot.platforms.discord_bot import DiscordAdapter
from bot.platforms.discord_inbound import DISCORD_FILE_HOSTS
from bot.platforms.images import checked_url, download
from handlers.diagrams.images import OFFLINE
from tests.fakes.discord_server import FakeDiscord

PNG = b"\x89PNG\r\n\x1a\n" + b"whiteboard" * 50


async def start_mock(fake: FakeDiscord) -> int:
    await fake.wait_for_response(await fake.slash_command("mock start", {"question": "url-shortener"}))
    await fake.wait_for(lambda: fake.threads, what="the mock thread")
    return fake.threads[0].id


def contents(fake: FakeDiscord, thread_id: int) -> list[str]:
    return [(m.content or "") + " ".join(str(e.get("title", "")) for e in m.embeds) for m in fake.messages(thread_id)]


async def test_a_fenced_diagram_is_reviewed_in_the_thread(bot: DiscordAdapter, app: App, fake: FakeDiscord) -> None:
    thread_id = await start_mock(fake)
    diagram = "```mermaid\nflowchart LR\n  U[User] --> S[Redirect service] --> DB[(Links DB)]\n```"
    await fake.post_message(thread_id, diagram)
    await fake.wait_for(lambda: any("Your diagram" in text for text in contents(fake, thread_id)), what="diagram")


async def test_an_image_reaches_the_bot_and_offline_it_says_so_once(
    bot: DiscordAdapter, app: App, fake: FakeDiscord, heard: list[IncomingMessage]
) -> None:
    thread_id = await start_mock(fake)
    await fake.post_message(thread_id, "", files=[("board.png", PNG, "image/png")])
    await fake.post_message(thread_id, "and again", files=[("board.png", PNG, "image/png")])
    await fake.wait_for(lambda: len([m for m in heard if m.images]) == 2, what="both images heard")
    image = heard[-1].images[0]
    assert (image.filename, image.content_type, image.size) == ("board.png", "image/png", len(PNG))
    assert await image.fetch(10_000) == PNG  # from the stand-in's CDN, the API's own host
    with pytest.raises(ImageUnavailable, match="size limit"):
        await image.fetch(100)
    await fake.wait_for(lambda: any(OFFLINE[:40] in text for text in contents(fake, thread_id)), what="offline note")
    # the test listener runs after the features' listeners, so the second image was handled too
    assert sum(OFFLINE[:40] in text for text in contents(fake, thread_id)) == 1


async def test_only_discords_own_file_hosts_are_fetched(fake: FakeDiscord) -> None:
    for url in ("https://evil.example.com/a.png", "http://cdn.discordapp.com/a.png", "file:///etc/passwd"):
        with pytest.raises(ImageUnavailable, match="own file host"):
            checked_url(url, DISCORD_FILE_HOSTS)
    assert checked_url("https://cdn.discordapp.com/attachments/1/2/a.png", DISCORD_FILE_HOSTS)
    with pytest.raises(ImageUnavailable, match="answered 404"):
        await download(f"{fake.base_url}/attachments/999/gone.png", 1000, hosts=frozenset({"127.0.0.1"}))
