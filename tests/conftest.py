"""Shared fixtures: the store (real Redis when REDIS_URL is set), the bank, a wired app."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store, open_store
from question_bank import QuestionBank, load_bank


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return load_bank()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    """Real Redis when REDIS_URL is set (and it must answer), the embedded store otherwise.

    Each test gets its own key prefix, deleted afterwards, so tests never see each
    other's keys and a developer's own data in that Redis is left alone.
    """
    url = os.environ.get("REDIS_URL")
    prefix = f"pptest-{uuid.uuid4().hex[:10]}"
    if url:
        try:
            opened = await open_store(url, prefix=prefix)
        except Exception as error:  # a set-but-dead REDIS_URL must fail loudly, never skip
            pytest.fail(f"REDIS_URL is set but Redis is unreachable: {error}")
    else:
        opened = await open_store(None, prefix=prefix)
    yield opened
    await opened.delete_namespace()
    await opened.close()


@pytest.fixture
async def app(store: Store, clock: FakeClock, bank: QuestionBank, monkeypatch: pytest.MonkeyPatch) -> App:
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    return await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(7))
