"""The stand-in, and the plain bot logged in to it; a test fails if tasks are left running or asyncio complains."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator

import pytest

from tests.e2e.discord_stand_in.support import (
    Bot,
)
from tests.fakes.discord_server import FakeDiscord, run_client


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    loop = asyncio.get_running_loop()
    problems: list[str] = []
    loop.set_exception_handler(lambda _loop, context: problems.append(str(context.get("message"))))
    server = FakeDiscord(token="test-token")
    await server.start()
    yield server
    await server.stop()
    gc.collect()
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    loop.set_exception_handler(None)
    assert not pending, f"tasks left running: {pending}"
    assert not problems, f"asyncio complained: {problems}"


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    client = Bot()
    async with run_client(client, fake):
        await client.tree.sync()
        yield client
