"""Slack installations in Redis: Enterprise Grid keys, per-workspace deletes, and dropped deadlines."""

from __future__ import annotations

from datetime import timedelta

from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from bot.chat import ChannelRef, Platform
from bot.clock import FakeClock
from bot.deadlines import DeadlineQueue
from bot.platforms.slack_installations import RedisInstallationStore, RedisStateStore, TokenBox
from bot.store import Store, Workspace
from handlers.daily.service import DailyDue


def _installations(store: Store) -> RedisInstallationStore:
    return RedisInstallationStore(store, TokenBox(Fernet.generate_key().decode()))


def _installation(team_id: str | None, *, enterprise_id: str | None = None, org_wide: bool = False) -> Installation:
    return Installation(
        app_id="A1",
        enterprise_id=enterprise_id,
        team_id=team_id,
        user_id="UINSTALLER",
        bot_token=f"xoxb-{team_id or enterprise_id}",
        bot_id="B1",
        bot_user_id="UBOT",
        is_enterprise_install=org_wide,
    )


async def test_an_org_wide_install_serves_every_workspace_of_its_enterprise(store: Store) -> None:
    installations = _installations(store)
    await installations.async_save(_installation(None, enterprise_id="E1", org_wide=True))
    assert await installations.find_for_team("T7") is None  # no event from T7 yet: its route is unknown
    await installations.remember("T7", "E1", org_wide=True)
    found = await installations.find_for_team("T7")
    assert found is not None
    assert found.bot_token == "xoxb-E1"
    await installations.async_delete_all(enterprise_id="E1", team_id=None)
    assert await installations.find_for_team("T7") is None


async def test_a_workspace_of_an_enterprise_is_found_by_its_enterprise_and_team(store: Store) -> None:
    installations = _installations(store)
    await installations.async_save(_installation("T1", enterprise_id="E1"))
    await installations.async_save(_installation("T1"))  # the same team id outside the enterprise: its own key
    found = await installations.find_for_team("T1")
    assert found is not None
    assert found.enterprise_id is None  # the latest install wrote the route
    inside = await installations.async_find_installation(enterprise_id="E1", team_id="T1")
    assert inside is not None
    assert inside.enterprise_id == "E1"


async def test_a_user_installation_is_forgotten_alone(store: Store) -> None:
    installations = _installations(store)
    await installations.async_save(_installation("T1"))
    await installations.async_delete_installation(enterprise_id=None, team_id="T1", user_id="UINSTALLER")
    assert await installations.async_find_installation(enterprise_id=None, team_id="T1") is None
    assert await installations.async_find_bot(enterprise_id=None, team_id="T1") is not None


async def test_an_oauth_state_is_consumed_once(store: Store) -> None:
    states = RedisStateStore(store)
    state = await states.async_issue()
    assert await states.async_consume(state)
    assert not await states.async_consume(state)
    assert not await states.async_consume("forged")


async def test_deleting_a_workspace_keeps_the_others_keys(store: Store) -> None:
    first, second = Workspace("slack", "T1"), Workspace("slack", "T2")
    await store.redis.set(store.key(first, "daily", "C1"), "1")
    await store.redis.set(store.key(second, "daily", "C2"), "1")
    await store.redis.set(store.key(Workspace("slack", "T1*"), "daily"), "1")  # a glob character is literal
    assert await store.delete_workspace(first) == 1
    assert await store.redis.get(store.key(second, "daily", "C2")) == "1"
    assert await store.redis.get(store.key(Workspace("slack", "T1*"), "daily")) == "1"


async def test_dropping_a_workspaces_deadlines_keeps_the_others(store: Store, clock: FakeClock) -> None:
    queue = DeadlineQueue(store, clock, "slack")
    for team in ("T1", "T2"):
        channel = ChannelRef(Platform.SLACK, team, "C1")
        due = DailyDue(workspace=channel.workspace, channel_id=channel.id, version=1, due=clock.now())
        await queue.schedule(due, clock.now() + timedelta(minutes=1))
    assert await queue.drop_workspace("T2") == 1
    assert await queue.pending() == 1
    [left] = await queue.claim(clock.now() + timedelta(minutes=2))
    assert left.payload["ws"] == "T1"


async def test_an_org_wide_install_remembers_every_workspace_it_served_until_it_is_forgotten(store: Store) -> None:
    installations = _installations(store)
    for team in ("T1", "T2"):
        await installations.remember(team, "E1", org_wide=True)
    await installations.remember("T3", "E1", org_wide=False)  # installed on its own: not the org's to remove
    assert await installations.org_teams("E1") == {"T1", "T2"}
    await installations.forget_org("E1")
    assert await installations.org_teams("E1") == set()
