"""Helpers for the OAuth (distributed app) tests: settings, two workspaces, and a browser that installs."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.app import App
from bot.clock import FakeClock
from bot.config import SlackMode, SlackSettings
from bot.http_server import HttpServer
from bot.platforms.slack_app import SlackAdapter
from tests.e2e.slack.support import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackApi, SlackRequests

TOKEN_KEY = Fernet.generate_key().decode()
TEAM_1 = "T0001"  # the stand-in's first workspace
TEAM_2 = "T0002"
STATE_COOKIE = "slack-app-oauth-state"


def oauth_settings(api: FakeSlackApi, *, token_key: str = TOKEN_KEY, client_secret: str | None = None) -> SlackSettings:
    values = {
        "client_id": api.client_id,
        "client_secret": SecretStr(client_secret or api.client_secret),
        "signing_secret": SecretStr(SIGNING_SECRET),
        "token_key": SecretStr(token_key),
        "api_base_url": api.base_url,
        "mode": SlackMode.HTTP,
    }
    return SlackSettings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def add_second_workspace(api: FakeSlackApi) -> None:
    """Workspace T0002 with its own members and channel C2 (the first one has U1, UADMIN and C1).

    A distributed app has no token before it is installed: the stand-in's preset bot token goes.
    """
    api.revoke_token(api.bot_token)
    api.add_workspace(TEAM_2, "Second", domain="second")
    api.add_user("U2", "bob", team_id=TEAM_2)
    api.add_user("UADMIN2", "ben", is_admin=True, team_id=TEAM_2)
    api.add_channel("C2", "random", team_id=TEAM_2)


@dataclass
class Installed:
    """A running adapter in OAuth mode, reachable over HTTP."""

    adapter: SlackAdapter
    base_url: str
    requests: SlackRequests


@asynccontextmanager
async def oauth_adapter(
    app: App, api: FakeSlackApi, clock: FakeClock, *, token_key: str = TOKEN_KEY
) -> AsyncIterator[Installed]:
    http = HttpServer(0, host="127.0.0.1")
    adapter = SlackAdapter(app, oauth_settings(api, token_key=token_key), http=http, pacing_clock=clock)
    app.attach(adapter.chat)
    await adapter.start()
    await http.start()
    base_url = f"http://127.0.0.1:{http.port}"
    api.oauth_redirect_url = f"{base_url}/slack/oauth_redirect"
    requests = SlackRequests(app_url=f"{base_url}/slack/events", signing_secret=SIGNING_SECRET, api=api)
    try:
        yield Installed(adapter, base_url, requests)
    finally:
        await adapter.close()
        await http.close()


@dataclass
class InstallResult:
    """What the installer's browser ended on."""

    install_page: str
    status: int
    page: str


async def install(base_url: str, api: FakeSlackApi, team_id: str) -> InstallResult:
    """Do what an installer's browser does: open /slack/install, follow "Add to Slack" to Slack's
    authorize page (approved at once for `team_id`), and come back to /slack/oauth_redirect with the
    code, the state and the state cookie."""
    api.signed_in_team = team_id
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as browser:
        async with browser.get(f"{base_url}/slack/install") as page:
            install_page = await page.text()
            assert page.status == 200, install_page
            cookie = page.cookies[STATE_COOKIE].value
        link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', install_page)
        assert link is not None, install_page
        async with browser.get(html.unescape(link.group(1)), allow_redirects=False) as approved:
            assert approved.status == 302, await approved.text()
            location = approved.headers["Location"]
        assert location.startswith(f"{base_url}/slack/oauth_redirect?")
        async with browser.get(location, headers={"Cookie": f"{STATE_COOKIE}={cookie}"}) as done:
            return InstallResult(install_page, done.status, await done.text())


def posts_in(api: FakeSlackApi, channel: str) -> list[dict[str, object]]:
    """Every successful chat.postMessage to the channel, with the token and workspace it acted as."""
    return [c for c in api.calls("chat.postMessage") if c["params"].get("channel") == channel and c["response"]["ok"]]
