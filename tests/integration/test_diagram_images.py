"""Images posted in a mock thread: read by a vision LLM (the OpenAI stand-in), or refused once, honestly."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import openai
import pytest
from pydantic import SecretStr

from bot.app import App
from bot.chat import ImageUnavailable, IncomingMessage, MessageRef, PostedImage
from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import Store
from handlers.diagrams.images import OFFLINE, VISION_IMAGE_LIMIT
from tests.fakes.chat import user
from tests.fakes.openai_server import FakeOpenAI
from tests.integration.mock_harness import MockHarness

PNG = b"\x89PNG\r\n\x1a\n" + b"drawing" * 10
PROBE = {"text": "In your drawing the cache sits beside the database. Who fills it on a miss?", "targets": ["caching"]}


def posted(data: bytes = PNG, *, size: int | None = None, kind: str = "image/png") -> PostedImage:
    fetched: list[int] = []

    async def fetch(limit: int) -> bytes:
        fetched.append(limit)
        if len(data) > limit:
            raise ImageUnavailable("over the size limit")
        return data

    return PostedImage("whiteboard.png", kind, len(data) if size is None else size, fetch)


async def post_image(mock: MockHarness, image: PostedImage, text: str = "") -> None:
    message = IncomingMessage(user("alice"), MessageRef(mock.thread, f"img{len(mock.chat.sent)}"), text, (image,))
    await mock.app.dispatcher.run_message(mock.chat, message)


@pytest.fixture
async def vision_llm() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key="sk-test", default_reply={"probes": [PROBE]}) as server:
        yield server


def use_llm(app: App, clock: FakeClock, store: Store, server: FakeOpenAI, *, vision: bool) -> None:
    settings = LlmSettings(  # type: ignore[call-arg]
        OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=server.base_url, LLM_VISION=vision
    )
    app.services.llm = LlmClient(settings, clock, store, max_retries=0)


async def test_without_a_vision_llm_the_bot_says_once_it_cannot_read_images(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await post_image(mock, posted())
    await post_image(mock, posted())
    offline = [reply for reply in mock.posts() if reply.text == OFFLINE]
    assert len(offline) == 1 and "```mermaid" in offline[0].text


async def test_an_llm_without_vision_is_not_sent_the_image(
    app: App, clock: FakeClock, store: Store, vision_llm: FakeOpenAI
) -> None:
    use_llm(app, clock, store, vision_llm, vision=False)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await post_image(mock, posted())
    assert any(reply.text == OFFLINE for reply in mock.posts())
    assert not vision_llm.completions


async def test_a_vision_llm_reads_the_drawing_with_the_transcript(
    app: App, clock: FakeClock, store: Store, vision_llm: FakeOpenAI
) -> None:
    use_llm(app, clock, store, vision_llm, vision=True)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.say("Reads dominate: 100 to 1. I put Redis in front of DynamoDB.")
    await post_image(mock, posted())
    [request] = vision_llm.completions
    sent_urls = [
        part["image_url"]["url"]
        for message in request.messages
        if isinstance(message["content"], list)
        for part in message["content"]
        if part["type"] == "image_url"
    ]
    assert len(sent_urls) == 1 and sent_urls[0].startswith("data:image/png;base64,")  # bytes, never a URL
    user_message = request.messages[-1]
    [text_part, image_part] = user_message["content"]
    assert image_part["type"] == "image_url"
    assert image_part["image_url"]["url"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert "Redis in front of DynamoDB" in text_part["text"] and "drawing" in text_part["text"]
    [reply] = [reply for reply in mock.posts() if reply.title == "Bar raiser"]
    assert PROBE["text"] in reply.text and reply.footer == "AI bar raiser (read your drawing)"
    app.services.llm = None  # the offline engine from here on
    offline = await mock.run("/barraiser", thread=mock.thread)
    assert PROBE["text"] not in offline.last.text  # asked once already, from the drawing
    later = await mock.run("/barraiser scorecard", thread=mock.thread)
    [high_level] = [field for field in later.last.fields if field.name.startswith("High-level design")]
    assert "Diagram: a drawing posted as an image (whiteboard.png)" in high_level.value


async def test_an_image_over_the_limit_is_never_fetched_or_sent(
    app: App, clock: FakeClock, store: Store, vision_llm: FakeOpenAI
) -> None:
    use_llm(app, clock, store, vision_llm, vision=True)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await post_image(mock, posted(size=VISION_IMAGE_LIMIT + 1))
    assert any("over 4 MB" in reply.text for reply in mock.posts())
    assert not vision_llm.completions


async def test_an_image_the_platform_will_not_hand_over_is_not_sent(
    app: App, clock: FakeClock, store: Store, vision_llm: FakeOpenAI
) -> None:
    use_llm(app, clock, store, vision_llm, vision=True)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await post_image(mock, posted(b"x" * (VISION_IMAGE_LIMIT + 1), size=10))  # the platform lied about its size
    assert any("could not fetch that image" in reply.text for reply in mock.posts())
    assert not vision_llm.completions


async def test_files_that_are_not_images_are_ignored(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    before = len(mock.posts())
    await post_image(mock, posted(kind="application/pdf"))
    assert len(mock.posts()) == before


async def test_the_stand_in_refuses_an_image_in_a_system_message_and_a_bad_data_url(vision_llm: FakeOpenAI) -> None:
    client = openai.AsyncOpenAI(api_key="sk-test", base_url=vision_llm.base_url, max_retries=0)
    image = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
    bad = {"type": "image_url", "image_url": {"url": "data:image/tiff;base64,AAAA"}}
    with pytest.raises(openai.BadRequestError, match="unsupported image"):
        await client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": [bad]}],  # type: ignore[list-item]
        )
    with pytest.raises(openai.BadRequestError, match="only allowed for messages with role 'user'"):
        await client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "system", "content": [image]}],  # type: ignore[list-item]
        )
    await client.close()
