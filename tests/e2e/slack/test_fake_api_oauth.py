"""The Slack stand-in's OAuth and workspaces refuse what Slack refuses, with Slack's error shapes.

Driven through the real slack_sdk client (which sends client credentials as HTTP Basic auth).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackApi

REDIRECT = "https://bot.example.com/slack/oauth_redirect"


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as server:
        server.add_workspace("T0002", "Second")
        server.add_channel("C1", "general")
        server.add_channel("C2", "random", team_id="T0002")
        server.add_user("U2", "bob", team_id="T0002")
        server.oauth_redirect_url = REDIRECT
        yield server


async def _code(api: FakeSlackApi, team_id: str = "T0001") -> str:
    """What the installer's browser brings back from the authorize page."""
    api.signed_in_team = team_id
    query = urlencode({"client_id": api.client_id, "scope": "chat:write", "state": "s1"})
    async with (
        aiohttp.ClientSession() as browser,
        browser.get(f"{api.root_url}/oauth/v2/authorize?{query}", allow_redirects=False) as approved,
    ):
        assert approved.status == 302
        location = urlsplit(approved.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    found = parse_qs(location.query)
    assert found["state"] == ["s1"]
    return found["code"][0]


def _client(api: FakeSlackApi, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=api.base_url)


async def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as refused:
        await call  # type: ignore[misc]
    return str(refused.value.response["error"])


async def test_a_code_is_exchanged_once_for_a_token_of_the_approving_workspace(api: FakeSlackApi) -> None:
    code = await _code(api, "T0002")
    client = _client(api)
    installed = await client.oauth_v2_access(client_id=api.client_id, client_secret=api.client_secret, code=code)
    assert installed["team"]["id"] == "T0002"
    assert installed["token_type"] == "bot"
    identity = await _client(api, installed["access_token"]).auth_test()
    assert (identity["team_id"], identity["team"]) == ("T0002", "Second")
    again = client.oauth_v2_access(client_id=api.client_id, client_secret=api.client_secret, code=code)
    assert await _error(again) == "invalid_code"


@pytest.mark.parametrize(
    ("client_id", "client_secret", "code", "error"),
    [
        ("9999.9999", None, None, "invalid_client_id"),
        (None, "wrong-secret", None, "bad_client_secret"),
        (None, None, "forged-code", "invalid_code"),
    ],
)
async def test_oauth_v2_access_refuses_bad_credentials_and_codes(
    api: FakeSlackApi, client_id: str | None, client_secret: str | None, code: str | None, error: str
) -> None:
    real_code = await _code(api)
    call = _client(api).oauth_v2_access(
        client_id=client_id or api.client_id, client_secret=client_secret or api.client_secret, code=code or real_code
    )
    assert await _error(call) == error


async def test_oauth_v2_access_refuses_an_unknown_grant_type_and_refresh_token(api: FakeSlackApi) -> None:
    client = _client(api)
    credentials = {"client_id": api.client_id, "client_secret": api.client_secret}
    assert await _error(client.oauth_v2_access(**credentials, grant_type="password")) == "invalid_grant_type"
    refresh = client.oauth_v2_access(**credentials, grant_type="refresh_token", refresh_token="xoxe-1-forged")
    assert await _error(refresh) == "invalid_refresh_token"


async def test_a_rotating_token_expires_and_its_refresh_token_gives_a_new_one(api: FakeSlackApi) -> None:
    api.token_rotation = True
    client = _client(api)
    credentials = {"client_id": api.client_id, "client_secret": api.client_secret}
    installed = await client.oauth_v2_access(**credentials, code=await _code(api))
    assert installed["expires_in"] == api.token_lifetime_seconds
    api.expire_token(installed["access_token"])
    assert await _error(_client(api, installed["access_token"]).auth_test()) == "token_expired"
    fresh = await client.oauth_v2_access(
        **credentials, grant_type="refresh_token", refresh_token=installed["refresh_token"]
    )
    assert fresh["access_token"] != installed["access_token"]
    assert (await _client(api, fresh["access_token"]).auth_test())["team_id"] == "T0001"
    reused = client.oauth_v2_access(**credentials, grant_type="refresh_token", refresh_token=installed["refresh_token"])
    assert await _error(reused) == "invalid_refresh_token"


async def test_oauth_v2_exchange_turns_a_long_lived_token_into_a_rotating_one(api: FakeSlackApi) -> None:
    client = _client(api)
    exchanged = await client.oauth_v2_exchange(
        client_id=api.client_id, client_secret=api.client_secret, token=api.bot_token
    )
    assert exchanged["refresh_token"].startswith("xoxe-")
    assert exchanged["expires_in"] > 0
    forged = client.oauth_v2_exchange(client_id=api.client_id, client_secret=api.client_secret, token="xoxb-forged")
    assert await _error(forged) == "invalid_token"  # the method's Errors table; not invalid_auth
    again = client.oauth_v2_exchange(client_id=api.client_id, client_secret=api.client_secret, token=api.bot_token)
    assert await _error(again) == "token_already_exchanged"
    wrong_secret = client.oauth_v2_exchange(client_id=api.client_id, client_secret="nope", token=api.bot_token)
    assert await _error(wrong_secret) == "bad_client_secret"


async def test_the_authorize_page_refuses_an_unknown_client_or_redirect(api: FakeSlackApi) -> None:
    async with aiohttp.ClientSession() as browser:
        for query, error in (
            ({"client_id": "9999.9999"}, "invalid_client_id"),
            ({"client_id": api.client_id, "redirect_uri": "https://evil.example.com/"}, "bad_redirect_uri"),
        ):
            url = f"{api.root_url}/oauth/v2/authorize?{urlencode(query)}"
            async with browser.get(url, allow_redirects=False) as page:
                assert (page.status, await page.text()) == (400, error)


async def test_a_token_acts_in_its_own_workspace_only(api: FakeSlackApi) -> None:
    installed = await _client(api).oauth_v2_access(
        client_id=api.client_id, client_secret=api.client_secret, code=await _code(api, "T0002")
    )
    second = _client(api, installed["access_token"])
    posted = await second.chat_postMessage(channel="C2", text="hello")
    assert api.message("C2", posted["ts"]) is not None
    assert await _error(second.chat_postMessage(channel="C1", text="hello")) == "channel_not_found"
    assert await _error(second.users_info(user="U1")) == "user_not_found"
    first = _client(api, api.bot_token)
    assert await _error(first.chat_postMessage(channel="C2", text="hello")) == "channel_not_found"
    api.revoke_workspace("T0002")
    assert await _error(second.auth_test()) == "invalid_auth"
