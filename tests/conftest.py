"""Shared fixtures: the store (real Redis when REDIS_URL is set), the bank, a wired app."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import redis

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store, open_store
from question_bank import QuestionBank, load_bank
from tests.bot_redis import BotRedis


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis for tests that run whole bot processes on it.

    A private redis-server when the binary is installed (CI installs it), else the server
    of REDIS_URL; without either the test is skipped locally and fails in CI.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REDIS_URL"):
            yield os.environ["REDIS_URL"]
            return
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server (.ci/run installs it) for the multi-process tests")
        pytest.skip("needs redis-server on PATH or REDIS_URL")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("the private redis-server did not start")
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(10)


@pytest.fixture
def bot_redis(redis_server_url: str) -> Iterator[BotRedis]:
    """The real Redis, under a prefix no other test uses: tests on other workers run bot processes on the
    same Redis at the same time (a console restarted by one would otherwise take up another's mocks).
    Its keys are deleted afterwards."""
    shared = BotRedis(redis_server_url, f"pptest-{uuid.uuid4().hex[:10]}")
    yield shared
    client = redis.Redis.from_url(redis_server_url)
    try:
        for key in client.scan_iter(match=f"{shared.prefix}:*", count=1000):
            client.delete(key)
    finally:
        client.close()
