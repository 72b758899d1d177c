"""Fixtures for the Slack end-to-end tests: the Web API stand-in and the bot serving signed requests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import pytest

from bot.app import App
from bot.chat import IncomingMessage
from bot.clock import FakeClock
from bot.http_server import HttpServer
from bot.platforms.slack_app import SlackAdapter
from tests.e2e.slack.support import SIGNING_SECRET, add_test_commands, settings_for
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk honours HTTP(S)_PROXY but not NO_PROXY: keep local traffic local.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as server:
        server.add_user("U1", "alice")
        server.add_user("UADMIN", "ada", is_admin=True)
        server.add_channel("C1", "general")
        yield server


@pytest.fixture
async def slack(
    app: App,
    api: FakeSlackApi,
    clock: FakeClock,
    heard: list[IncomingMessage],
    forms: list[Mapping[str, str]],
) -> AsyncIterator[SlackRequests]:
    add_test_commands(app, heard, forms)
    http = HttpServer(0, host="127.0.0.1")
    adapter = SlackAdapter(app, settings_for(api), http=http, pacing_clock=clock)
    app.attach(adapter.chat)
    await adapter.start()
    await http.start()
    yield SlackRequests(app_url=f"http://127.0.0.1:{http.port}/slack/events", signing_secret=SIGNING_SECRET, api=api)
    await adapter.close()
    await http.close()
