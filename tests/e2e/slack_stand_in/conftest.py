"""Fixtures of the Slack stand-in's own tests: the stand-in, a Web API client on it, a Bolt app served."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.e2e.slack_stand_in.support import PROXY_VARIABLES, Bolt, bolt_app
from tests.fakes.slack_api import FakeSlackApi


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk reads HTTP(S)_PROXY itself and ignores NO_PROXY: a proxy set in CI would swallow 127.0.0.1.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi(bot_token="xoxb-test", app_token="xapp-test", team_id="T0001", bot_user_id="U0BOT") as fake:
        yield fake


@pytest.fixture
async def client(api: FakeSlackApi) -> AsyncWebClient:
    return AsyncWebClient(base_url=api.base_url, token=api.bot_token)


@pytest.fixture
async def bolt(api: FakeSlackApi, client: AsyncWebClient) -> AsyncIterator[Bolt]:
    async with bolt_app(api, client) as harness:
        yield harness
