"""A distributed Slack app: Bolt's real OAuth flow over HTTP installs two workspaces, each served apart."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.platforms import PlatformStartError
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
async def served(app: App, api: FakeSlackApi, clock: FakeClock) -> AsyncIterator[Installed]:
    add_second_workspace(api)
    async with oauth_adapter(app, api, clock) as installed:
        yield installed


async def test_the_install_page_has_an_add_to_slack_link_and_the_redirect_installs_the_workspace(
    served: Installed, api: FakeSlackApi
) -> None:
    result = await install(served.base_url, api, TEAM_1)
    assert "Add to Slack" in result.install_page
    assert result.status == 200
    assert "Thank you!" in result.page
    [exchange] = api.calls("oauth.v2.access")
    assert exchange["response"]["ok"]
    assert exchange["response"]["team"]["id"] == TEAM_1


async def test_a_redirect_without_the_browsers_state_cookie_installs_nothing(
    served: Installed, api: FakeSlackApi
) -> None:
    import aiohttp

    forged = f"{served.base_url}/slack/oauth_redirect?code=forged&state=forged"
    async with aiohttp.ClientSession() as stranger, stranger.get(forged) as answer:
        assert answer.status == 400
    assert api.calls("oauth.v2.access") == []


async def test_two_workspaces_each_answer_a_command_with_their_own_token(served: Installed, api: FakeSlackApi) -> None:
    for team in (TEAM_1, TEAM_2):
        assert (await install(served.base_url, api, team)).status == 200
    await served.requests.slash_command("/question", "url-shortener", channel_id="C1", user_id="U1", team_id=TEAM_1)
    await served.requests.slash_command("/question", "url-shortener", channel_id="C2", user_id="U2", team_id=TEAM_2)
    await api.wait_for(lambda: posts_in(api, "C1") and posts_in(api, "C2"))
    [in_first] = posts_in(api, "C1")
    [in_second] = posts_in(api, "C2")
    assert in_first["token"] in api.tokens_of(TEAM_1)
    assert in_second["token"] in api.tokens_of(TEAM_2)
    assert in_first["token"] != in_second["token"]


async def test_a_daily_drop_in_each_workspace_posts_with_that_workspaces_token(
    served: Installed, api: FakeSlackApi, app: App, clock: FakeClock
) -> None:
    for team in (TEAM_1, TEAM_2):
        await install(served.base_url, api, team)
    send = served.requests.slash_command
    await send("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN", channel_id="C1", team_id=TEAM_1)
    await send("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN2", channel_id="C2", team_id=TEAM_2)
    queue = app.services.queue_for("slack")
    await until_scheduled(queue, count=2)
    clock.advance(61 * 60)  # the fixture clock starts at 09:00 UTC
    await queue.run_due()  # no request: the deadline handler finds each workspace's token itself
    cards = {
        channel: [c for c in posts_in(api, channel) if str(c["params"]["text"]).startswith("Daily question ·")]
        for channel in ("C1", "C2")
    }
    assert len(cards["C1"]) == len(cards["C2"]) == 1
    assert cards["C1"][0]["token"] in api.tokens_of(TEAM_1)
    assert cards["C2"][0]["token"] in api.tokens_of(TEAM_2)


async def test_tokens_are_encrypted_in_redis(served: Installed, api: FakeSlackApi, store: Store) -> None:
    for team in (TEAM_1, TEAM_2):
        await install(served.base_url, api, team)
    secrets = api.tokens_of(TEAM_1) + api.tokens_of(TEAM_2)
    assert len(secrets) == 2
    stored: list[str] = []
    keys = [key async for key in store.redis.scan_iter(match=f"{store.prefix}:*")]
    assert sum(key.startswith(f"{store.prefix}:_:slack-install:") for key in keys) == 2
    for key in keys:
        kind = await store.redis.type(key)
        if kind == "hash":
            stored += [f"{k}={v}" for k, v in (await store.redis.hgetall(key)).items()]
        elif kind == "string":
            stored.append(str(await store.redis.get(key)))
    assert not [value for value in stored if any(secret in value for secret in secrets)]


async def test_a_wrong_token_key_stops_the_bot_with_one_line(
    served: Installed, api: FakeSlackApi, app: App, clock: FakeClock
) -> None:
    from cryptography.fernet import Fernet

    await install(served.base_url, api, TEAM_1)
    with pytest.raises(PlatformStartError) as refused:
        async with oauth_adapter(app, api, clock, token_key=Fernet.generate_key().decode()):
            pass
    assert str(refused.value) == (
        "SLACK_TOKEN_KEY does not decrypt the stored Slack installations (see 'Rotate the token key')"
    )


async def test_a_new_first_key_re_encrypts_the_installations_and_the_old_key_can_go(
    served: Installed, api: FakeSlackApi, app: App, clock: FakeClock
) -> None:
    from cryptography.fernet import Fernet

    from tests.e2e.slack.oauth_support import TOKEN_KEY

    await install(served.base_url, api, TEAM_1)
    new_key = Fernet.generate_key().decode()
    async with oauth_adapter(app, api, clock, token_key=f"{new_key},{TOKEN_KEY}"):
        pass  # starting with "new,old" re-encrypts everything under the new key
    async with oauth_adapter(app, api, clock, token_key=new_key) as again:
        await again.requests.slash_command("/question", "url-shortener", channel_id="C1", team_id=TEAM_1)
        await api.wait_for(lambda: posts_in(api, "C1"))


async def test_an_expiring_token_is_refreshed_before_use(served: Installed, api: FakeSlackApi, app: App) -> None:
    api.token_rotation = True
    api.token_lifetime_seconds = 3600  # under Bolt's two-hour margin: refreshed on first use
    await install(served.base_url, api, TEAM_1)
    [installed_token] = api.tokens_of(TEAM_1)
    await served.requests.slash_command("/question", "url-shortener", channel_id="C1", team_id=TEAM_1)
    [post] = await api.wait_for(lambda: posts_in(api, "C1"))
    refreshes = [c for c in api.calls("oauth.v2.access") if c["params"].get("grant_type") == "refresh_token"]
    assert refreshes
    assert all(c["response"]["ok"] for c in refreshes)
    assert post["token"] != installed_token
    assert post["token"] in api.tokens_of(TEAM_1)
    clients = served.adapter.oauth.clients if served.adapter.oauth else None
    assert clients is not None
    stored = await clients.installations.find_for_team(TEAM_1)
    assert stored is not None
    assert stored.bot_token in api.tokens_of(TEAM_1)
    assert stored.bot_refresh_token is not None


async def test_a_pairing_round_in_the_second_workspace_opens_its_group_dm_with_that_workspaces_token(
    served: Installed, api: FakeSlackApi
) -> None:
    await install(served.base_url, api, TEAM_2)
    api.add_user("U3", "cara", team_id=TEAM_2)
    send = served.requests.slash_command
    for person in ("U2", "U3"):
        await send("/pair", 'join availability:"weekday evenings"', user_id=person, channel_id="C2", team_id=TEAM_2)
    await api.wait_for(lambda: len(api.answers()) >= 2)
    await send("/pair", "round", user_id="UADMIN2", channel_id="C2", team_id=TEAM_2)
    await api.wait_for(lambda: any("Round done" in str(c["params"].get("text")) for c in posts_in(api, "C2")))
    [opened] = [c for c in api.calls("conversations.open") if "," in str(c["params"].get("users", ""))]
    assert opened["response"]["ok"]
    assert opened["token"] in api.tokens_of(TEAM_2)
    group = str(opened["response"]["channel"]["id"])
    intro = await api.wait_for(lambda: [c for c in posts_in(api, group) if "Your practice " in str(c["params"])])
    assert all(call["token"] in api.tokens_of(TEAM_2) for call in intro)


async def test_a_daily_drop_refreshes_an_expiring_token_itself_with_no_request(
    served: Installed, api: FakeSlackApi, app: App, clock: FakeClock
) -> None:
    api.token_rotation = True
    api.token_lifetime_seconds = 3600  # under the two-hour margin: every use refreshes it
    await install(served.base_url, api, TEAM_1)
    await served.requests.slash_command("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN", channel_id="C1")
    queue = app.services.queue_for("slack")
    await until_scheduled(queue, count=1)
    await api.wait_for(lambda: api.answers())  # the setup is answered: its requests are over

    def refreshes() -> int:
        return sum(c["params"].get("grant_type") == "refresh_token" for c in api.calls("oauth.v2.access"))

    before = refreshes()
    clock.advance(61 * 60)
    await queue.run_due()
    [card] = [c for c in posts_in(api, "C1") if str(c["params"]["text"]).startswith("Daily question ·")]
    assert refreshes() > before
    refreshed = [c for c in api.calls("oauth.v2.access") if c["params"].get("grant_type") == "refresh_token"]
    refreshed_by_the_drop = [c["response"]["access_token"] for c in refreshed[before:]]
    assert card["token"] in refreshed_by_the_drop
