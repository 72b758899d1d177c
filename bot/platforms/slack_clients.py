"""Which Web API client posts in a workspace: the one bot token, or that workspace's installation.

Deadline handlers (timers, daily drops, pairing rounds) post with no incoming request, so the client
is resolved from the workspace (Slack team id) of the place they post in, never from a request.
"""

from __future__ import annotations

import logging
from typing import Protocol

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.logger import get_bolt_app_logger
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms.slack_installations import RedisInstallationStore

log = logging.getLogger(__name__)


class NotInstalled(Exception):
    """The app has no installation for this workspace (never installed, or uninstalled)."""


def web_client(token: str | None, base_url: str | None) -> AsyncWebClient:
    """A Web API client with the retries every call of the bot gets."""
    return AsyncWebClient(
        token=token,
        base_url=base_url or AsyncWebClient.BASE_URL,
        retry_handlers=[*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


class SlackClients(Protocol):
    """Resolves the Web API client for a workspace."""

    async def for_team(self, team_id: str) -> AsyncWebClient:
        """The client that acts in workspace `team_id`."""


class OneWorkspace:
    """SLACK_BOT_TOKEN: one client for the one workspace."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def for_team(self, team_id: str) -> AsyncWebClient:
        """The one client, whatever the team."""
        return self.client


class InstalledWorkspaces:
    """OAuth: each workspace's own bot token, refreshed first when it is about to expire."""

    def __init__(
        self,
        installations: RedisInstallationStore,
        rotator: AsyncTokenRotator,
        *,
        base_url: str | None,
        rotation_minutes: int,
    ) -> None:
        self.installations = installations
        self.rotator = rotator
        self.base_url = base_url
        self.rotation_minutes = rotation_minutes
        self._clients: dict[str, AsyncWebClient] = {}

    async def installation(self, team_id: str) -> Installation:
        """The workspace's installation with fresh tokens; `NotInstalled` when there is none."""
        found = await self.installations.find_for_team(team_id)
        if found is None or found.bot_token is None:
            raise NotInstalled(f"the Slack app is not installed in workspace {team_id}")
        rotated = await self.rotator.perform_token_rotation(
            installation=found, minutes_before_expiration=self.rotation_minutes
        )
        if rotated is not None:
            await self.installations.async_save(rotated)
            log.info("Slack: refreshed the tokens of workspace %s", team_id)
            return rotated
        return found

    async def for_team(self, team_id: str) -> AsyncWebClient:
        """A client with the workspace's own bot token."""
        token = (await self.installation(team_id)).bot_token
        assert token is not None  # installation() refuses installations without a bot token
        client = self._clients.get(token)
        if client is None:
            if len(self._clients) > 1000:  # tokens rotate: never let old ones pile up
                self._clients.clear()
            client = self._clients[token] = web_client(token, self.base_url)
        return client


class SharedClientApp(AsyncApp):
    """Bolt's AsyncApp handing every request the app's own Web API client (SLACK_BOT_TOKEN only).

    Bolt builds a client per request so that a listener may change that request's token; nothing here
    does (one workspace, one token; workflow-function tokens are off), and building it (the proxy
    environment read, the user agent made) was ~2.5% of a busy bot's CPU. With OAuth each request
    carries its workspace's token in its client, so the OAuth app stays a plain AsyncApp. This overrides
    Bolt's private `_init_context`; a test checks it still fills in the context Bolt's own does.
    """

    def _init_context(self, req: AsyncBoltRequest) -> None:
        req.context["logger"] = get_bolt_app_logger(app_name=self.name, base_logger=self._base_logger)
        req.context["token"] = self._token
        req.context["client"] = self._async_client
        req.context["listener_runner"] = self.listener_runner
