"""Plain messages while Redis is away: one warning an outage, no tracebacks, recording resumes after."""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator

import fakeredis
import pytest

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store
from handlers import transcripts
from question_bank import QuestionBank
from tests.e2e.test_console import Terminal


@pytest.fixture
def server() -> fakeredis.FakeServer:
    return fakeredis.FakeServer()


@pytest.fixture
async def outage_app(
    server: fakeredis.FakeServer, clock: FakeClock, bank: QuestionBank, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    store = Store(fakeredis.FakeAsyncRedis(server=server, decode_responses=True), embedded=True)
    app = await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(7))
    yield app
    server.connected = True
    await app.close()


async def test_messages_in_a_mock_thread_log_one_warning_per_outage(
    outage_app: App, server: fakeredis.FakeServer, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    terminal = Terminal(outage_app, clock)
    await terminal.type("/mock start url-shortener", "first we pin down the requirements")
    thread = terminal.session.place

    caplog.clear()
    server.connected = False
    shown = await terminal.type("a cache in front of the store", "then we shard by key", "and replicate")
    server.connected = True
    await terminal.type("back again: what about cost?")
    server.connected = False
    await terminal.type("a second outage")

    assert "Traceback" not in shown and "went wrong" not in shown
    assert not [record for record in caplog.records if record.exc_info]
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert warnings == [
        "Redis is unreachable: messages are not recorded until it is back",
        "Redis is back: recording messages again",
        "Redis is unreachable: messages are not recorded until it is back",
    ]
    server.connected = True
    said = [entry["t"] for entry in await transcripts.load(outage_app.services.store, thread, thread.id)]
    assert said == ["first we pin down the requirements", "back again: what about cost?"]
