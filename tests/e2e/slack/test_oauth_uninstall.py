"""Uninstalling the distributed app from one workspace forgets it, and leaves the others serving."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.store import Store
from tests.e2e.slack.oauth_support import (
    TEAM_1,
    TEAM_2,
    Installed,
    add_second_workspace,
    install,
    oauth_adapter,
    posts_in,
)
from tests.e2e.slack.support import until_scheduled
from tests.fakes.slack_api import FakeSlackApi


@pytest.fixture
async def both(app: App, api: FakeSlackApi, clock: FakeClock) -> AsyncIterator[Installed]:
    """Both workspaces installed, each with a daily drop set up (data and a pending deadline each)."""
    add_second_workspace(api)
    async with oauth_adapter(app, api, clock) as served:
        for team in (TEAM_1, TEAM_2):
            await install(served.base_url, api, team)
        send = served.requests.slash_command
        await send("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN", channel_id="C1", team_id=TEAM_1)
        await send("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN2", channel_id="C2", team_id=TEAM_2)
        await until_scheduled(app.services.queue_for("slack"), count=2)
        yield served


async def _keys_of(store: Store, team: str) -> list[str]:
    return [key async for key in store.redis.scan_iter(match=f"{store.prefix}:slack:{team}:*")]


async def _deadline_workspaces(app: App) -> list[str]:
    queue = app.services.queue_for("slack")
    members = await app.services.store.redis.zrange(queue.queue_key, 0, -1)
    return sorted(json.loads(member)["ws"] for member in members)


def _said(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [record.getMessage() for record in caplog.records if words in record.getMessage()]


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTT0002"]}}],
    ids=["app_uninstalled", "tokens_revoked"],
)
async def test_uninstalling_one_workspace_deletes_its_installation_data_and_deadlines_only(
    both: Installed,
    api: FakeSlackApi,
    app: App,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    event: dict[str, object],
) -> None:
    caplog.set_level(logging.INFO)
    assert await _keys_of(store, TEAM_2)
    assert await _deadline_workspaces(app) == [TEAM_1, TEAM_2]
    second_tokens = api.tokens_of(TEAM_2)
    api.revoke_workspace(TEAM_2)  # Slack revokes the tokens, then tells the app
    status, _ = await both.requests.event(event, team_id=TEAM_2)
    assert status == 200
    [line] = await api.wait_for(lambda: _said(caplog, "in workspace T0002: deleted its installation"))
    assert not any(token in caplog.text for token in second_tokens)
    oauth = both.adapter.oauth
    assert oauth is not None
    assert await oauth.installations.find_for_team(TEAM_2) is None
    assert await oauth.installations.find_for_team(TEAM_1) is not None
    assert await _keys_of(store, TEAM_2) == []
    assert await _keys_of(store, TEAM_1)
    assert await _deadline_workspaces(app) == [TEAM_1]
    assert "1 pending deadlines" in line

    await both.requests.slash_command("/question", "url-shortener", channel_id="C1", user_id="U1", team_id=TEAM_1)
    [answer] = await api.wait_for(lambda: [c for c in posts_in(api, "C1") if "Design a URL" in str(c["params"])])
    assert answer["token"] in api.tokens_of(TEAM_1)


async def test_a_revoked_user_token_forgets_that_user_but_keeps_the_workspace(
    both: Installed, api: FakeSlackApi, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    event = {"type": "tokens_revoked", "tokens": {"oauth": ["UADMIN2"], "bot": []}}
    await both.requests.event(event, team_id=TEAM_2)
    await api.wait_for(lambda: _said(caplog, "revoked 1 user tokens"))
    oauth = both.adapter.oauth
    assert oauth is not None
    assert await oauth.installations.find_for_team(TEAM_2) is not None
    assert await _keys_of(store, TEAM_2)


async def test_uninstalling_an_org_wide_install_removes_every_workspace_it_served(
    both: Installed, app: App, store: Store
) -> None:
    oauth = both.adapter.oauth
    assert oauth is not None
    for team in (TEAM_1, TEAM_2):  # both workspaces served through one Enterprise Grid installation
        await oauth.installations.remember(team, "E0001", org_wide=True)
    await oauth.on_uninstalled({"team_id": TEAM_1, "enterprise_id": "E0001", "is_enterprise_install": True})
    assert await _keys_of(store, TEAM_1) == []
    assert await _keys_of(store, TEAM_2) == []
    assert await _deadline_workspaces(app) == []
    assert await oauth.installations.org_teams("E0001") == set()
