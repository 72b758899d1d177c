"""OAuth mode: installs through Bolt's OAuth flow, installations in Redis, and uninstalls that clean up.

Set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET and the app serves `GET /slack/install` (the "Add to
Slack" page) and `GET /slack/oauth_redirect` beside `/slack/events`. Each workspace's tokens are
stored encrypted (SLACK_TOKEN_KEY), refreshed by Bolt's token rotation when they expire, and
deleted, with the workspace's data and pending deadlines, when the app is uninstalled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.app import App
from bot.chat import Platform
from bot.config import SlackSettings
from bot.platforms import PlatformStartError
from bot.platforms.slack_clients import InstalledWorkspaces, web_client
from bot.platforms.slack_commands import BOT_SCOPES, REDIRECT_PATH
from bot.platforms.slack_installations import RedisInstallationStore, RedisStateStore, TokenBox, WrongTokenKey
from bot.store import Workspace

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
ROTATION_MINUTES = 120  # refresh a token this long before it expires (Slack's expire after 12 hours)


def authorize_url(api_base_url: str | None) -> str:
    """Slack's authorize page: beside the Web API (so a stand-in serves both)."""
    root = (api_base_url or "https://slack.com/api/").removesuffix("/").removesuffix("api")
    return f"{root}oauth/v2/authorize"


class SlackOAuth:
    """Everything OAuth mode adds: the stores, the per-workspace clients, the flow's routes, uninstalls."""

    def __init__(self, app: App, settings: SlackSettings) -> None:
        assert settings.client_id is not None
        assert settings.client_secret is not None
        assert settings.token_key is not None
        self.app = app
        store = app.services.store
        self.installations = RedisInstallationStore(store, TokenBox(settings.token_key.get_secret_value()))
        client_secret = settings.client_secret.get_secret_value()
        # The rotator refreshes tokens through oauth.v2.access: on the same API as everything else.
        self.rotator = AsyncTokenRotator(
            client_id=settings.client_id, client_secret=client_secret, client=web_client(None, settings.api_base_url)
        )
        self.clients = InstalledWorkspaces(
            self.installations, self.rotator, base_url=settings.api_base_url, rotation_minutes=ROTATION_MINUTES
        )
        self.settings = AsyncOAuthSettings(
            client_id=settings.client_id,
            client_secret=client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=self.installations,
            state_store=RedisStateStore(store),
            authorization_url=authorize_url(settings.api_base_url),
            token_rotation_expiration_minutes=ROTATION_MINUTES,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
        )
        authorize = AsyncInstallationStoreAuthorize(
            logger=log,
            client_id=settings.client_id,
            client_secret=client_secret,
            installation_store=self.installations,
            token_rotation_expiration_minutes=ROTATION_MINUTES,
            client=self.rotator.client,
        )
        self.settings.authorize = authorize
        self.flow: AsyncOAuthFlow | None = None

    async def start(self, flow: AsyncOAuthFlow | None) -> None:
        """Check SLACK_TOKEN_KEY against what is stored (re-encrypting under a new first key)."""
        self.flow = flow
        try:
            await self.installations.check_key()
        except WrongTokenKey:
            raise PlatformStartError(
                "SLACK_TOKEN_KEY does not decrypt the stored Slack installations (see 'Rotate the token key')"
            ) from None
        log.info("Slack: OAuth installs at %s, redirect at %s", INSTALL_PATH, REDIRECT_PATH)
        if self.app.services.store.embedded:
            log.warning("Slack: installations are kept in memory and lost at exit; set REDIS_URL")

    async def install_page(self, request: web.Request) -> web.Response:
        """GET /slack/install: the "Add to Slack" page (sets the state cookie)."""
        assert self.flow is not None
        return await to_aiohttp_response(await self.flow.handle_installation(_bolt_request(request)))

    async def redirect(self, request: web.Request) -> web.Response:
        """GET /slack/oauth_redirect: Slack sends the installer back here with a code."""
        assert self.flow is not None
        return await to_aiohttp_response(await self.flow.handle_callback(_bolt_request(request)))

    async def note_request(self, body: dict[str, Any]) -> None:
        """An org-wide install serves many workspaces: remember which one an event came from."""
        team_id = body.get("team_id") or (body.get("team") or {}).get("id")
        authorization = (body.get("authorizations") or [{}])[0]
        org_wide = body.get("is_enterprise_install") in (True, "true") or authorization.get("is_enterprise_install")
        enterprise_id = body.get("enterprise_id") or (body.get("enterprise") or {}).get("id")
        enterprise_id = enterprise_id or authorization.get("enterprise_id")
        if org_wide and team_id and enterprise_id:
            await self.installations.remember(str(team_id), str(enterprise_id), org_wide=True)

    async def on_uninstalled(self, body: dict[str, Any]) -> None:
        """app_uninstalled: forget the workspace, its data and its pending deadlines."""
        await self._remove_workspace(body, "the app was uninstalled")

    async def on_tokens_revoked(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """tokens_revoked: a revoked bot token ends the install; revoked user tokens only forget those users."""
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            await self._remove_workspace(body, "its bot token was revoked")
            return
        for user_id in tokens.get("oauth") or []:
            await self.installations.async_delete_installation(
                enterprise_id=body.get("enterprise_id"), team_id=body.get("team_id"), user_id=str(user_id)
            )
        log.info("Slack: workspace %s revoked %d user tokens", body.get("team_id"), len(tokens.get("oauth") or []))

    async def _remove_workspace(self, body: dict[str, Any], why: str) -> None:
        team_id = str(body.get("team_id") or "")
        enterprise_id = body.get("enterprise_id")
        org_wide = bool(body.get("is_enterprise_install"))
        await self.installations.async_delete_all(enterprise_id=enterprise_id, team_id=None if org_wide else team_id)
        teams = {team_id} - {""}
        if org_wide and enterprise_id:  # an org-wide uninstall leaves every workspace of the organisation
            teams |= await self.installations.org_teams(str(enterprise_id))
            await self.installations.forget_org(str(enterprise_id))
        services = self.app.services
        for team in sorted(teams):
            await self.installations.forget(team)
            deleted = await services.store.delete_workspace(Workspace(Platform.SLACK.value, team))
            dropped = await services.queue_for(Platform.SLACK.value).drop_workspace(team)
            log.info(
                "Slack: %s in workspace %s: deleted its installation, %d keys of its data and %d pending deadlines",
                why,
                team,
                deleted,
                dropped,
            )


def _bolt_request(request: web.Request) -> AsyncBoltRequest:
    headers: dict[str, str | Sequence[str]] = {name.lower(): value for name, value in request.headers.items()}
    return AsyncBoltRequest(body="", query=request.query_string, headers=headers)
