"""A Redis outage: commands say so, nothing crashes, and timers catch up when Redis returns."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.scheduler import Poller
from bot.store import open_store
from question_bank import QuestionBank
from tests.integration.mock_harness import MockHarness


class RedisServer:
    """A private redis-server that a test can stop and start again, keeping its data (AOF)."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("needs redis-server on PATH (CI installs it)")
        self.binary = binary
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    yield redis_server
    redis_server.stop()


async def test_commands_say_storage_is_unavailable_and_timers_catch_up(server: RedisServer, bank: QuestionBank) -> None:
    clock = FakeClock()
    store = await open_store(server.url)
    app = await build_app(load_settings(env_file=None), clock, store=store, bank=bank)
    mock = MockHarness(app, clock)
    poller = Poller([mock.queue])
    await mock.run("/mock start url-shortener")
    assert mock.announcements() == ["Phase 1/5 · Requirements & scope · 7 min"]

    server.stop()
    answer = await mock.run("/question random")
    assert answer.last.text == "Storage is unavailable right now; try again in a minute."
    assert answer.last.ephemeral
    clock.advance(timedelta(minutes=8))
    assert await poller.poll() == 0  # nothing crashes while Redis is away

    server.start()
    await asyncio.sleep(0.1)
    await poller.poll()
    assert mock.announcements()[
        -1
    ] == "Phase 2/5 · Capacity estimation · 5 min · announced 1 min late" or mock.announcements()[-1].startswith(
        "Phase 2/5 · Capacity estimation · 5 min"
    )
    assert (await mock.run("/question url-shortener")).last.footer == "id: url-shortener"
    await app.close()


async def test_a_running_poller_warns_once_an_outage_and_catches_up_when_redis_returns(
    server: RedisServer, bank: QuestionBank, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    store = await open_store(server.url)
    app = await build_app(load_settings(env_file=None), clock, store=store, bank=bank)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    poller = app.start_polling(safety_seconds=3600)  # the test runs the safety polls itself

    server.stop()
    clock.advance(timedelta(minutes=8))  # phase 2 falls due while Redis is away
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        for _ in range(3):
            await poller.safety_poll()
            for _ in range(20):
                await asyncio.sleep(0.01)
        server.start()
        await poller.safety_poll()  # subscribes again and looks at the queue
        for _ in range(500):
            if mock.announcements()[-1].startswith("Phase 2/5"):
                break
            await asyncio.sleep(0.01)
    assert mock.announcements()[-1].startswith("Phase 2/5 · Capacity estimation · 5 min")
    assert [record.getMessage() for record in caplog.records] == [
        "Redis is unreachable: deadlines wait until it is back",
        "Redis is back: catching up on deadlines",
    ]
    await app.close()
