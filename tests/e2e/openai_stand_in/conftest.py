"""The stand-in, and real openai clients pointed at it (closed afterwards)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from openai import AsyncOpenAI

from tests.e2e.openai_stand_in.support import (
    KEY,
    MODEL,
    MakeClient,
)
from tests.fakes.openai_server import (
    FakeOpenAI,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key=KEY, model=MODEL) as server:
        yield server


@pytest.fixture
async def make_client(fake: FakeOpenAI) -> AsyncIterator[MakeClient]:
    """Clients pointed at the fake (short timeout, no retries unless asked); all closed afterwards."""
    clients: list[AsyncOpenAI] = []

    def make(*, api_key: str = KEY, timeout: float = 0.5, max_retries: int = 0) -> AsyncOpenAI:
        client = AsyncOpenAI(api_key=api_key, base_url=fake.base_url, timeout=timeout, max_retries=max_retries)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
def client(make_client: MakeClient) -> AsyncOpenAI:
    return make_client()
