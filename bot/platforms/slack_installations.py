"""Slack installations and OAuth states in Redis, for the OAuth (distributed app) mode.

slack_sdk ships file, SQL and S3 stores, none on Redis. Each installation scope (enterprise id + team
id; an org-wide Enterprise Grid install has no team) is one Redis hash: the bot, the latest installer,
and each installing user. Every value is the record's JSON encrypted with Fernet, so no token (bot,
refresh, user, webhook URL) is ever stored in plaintext.
"""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.store import Store

log = logging.getLogger(__name__)

NONE = "-"  # the part of a key for a missing enterprise or team id
BOT_FIELD = "bot"
LATEST_FIELD = "installer-latest"
KEY_CHECK = "practice-partner token key check"


class WrongTokenKey(Exception):
    """SLACK_TOKEN_KEY does not decrypt what is stored."""


class TokenBox:
    """Fernet encryption with SLACK_TOKEN_KEY: comma-separated keys, the first encrypts, any decrypts."""

    def __init__(self, keys: str) -> None:
        self.keys = [Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()]
        self.fernet = MultiFernet(self.keys)

    def encrypt(self, text: str) -> str:
        """The text encrypted with the first key."""
        return self.fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        """The text back; `WrongTokenKey` when no key opens it."""
        try:
            return self.fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise WrongTokenKey("SLACK_TOKEN_KEY does not decrypt the stored Slack installations") from None

    def rotate(self, token: str) -> str:
        """The same text, re-encrypted with the first key."""
        try:
            return self.fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise WrongTokenKey("SLACK_TOKEN_KEY does not decrypt the stored Slack installations") from None


def _scope(enterprise_id: str | None, team_id: str | None) -> tuple[str, str]:
    return enterprise_id or NONE, team_id or NONE


class RedisInstallationStore(AsyncInstallationStore):
    """slack_sdk's AsyncInstallationStore on Redis, every record encrypted."""

    def __init__(self, store: Store, box: TokenBox) -> None:
        self.store = store
        self.box = box

    @property
    def logger(self) -> logging.Logger:
        """The logger slack_sdk expects."""
        return log

    def scope_key(self, enterprise_id: str | None, team_id: str | None) -> str:
        """The hash holding one installation scope's records."""
        return self.store.global_key("slack-install", *_scope(enterprise_id, team_id))

    def _route_key(self, team_id: str) -> str:
        return self.store.global_key("slack-route", team_id)

    def _org_key(self, enterprise_id: str) -> str:
        return self.store.global_key("slack-org-teams", enterprise_id)

    async def remember(self, team_id: str, enterprise_id: str | None, *, org_wide: bool) -> None:
        """Note which installation serves workspace `team_id` (an org-wide one is found by its enterprise)."""
        route = json.dumps({"enterprise_id": enterprise_id, "org_wide": org_wide})
        await self.store.redis.set(self._route_key(team_id), route)
        if org_wide and enterprise_id:  # uninstalling the org-wide app must reach every workspace it served
            await self.store.redis.sadd(self._org_key(enterprise_id), team_id)

    async def org_teams(self, enterprise_id: str) -> set[str]:
        """The workspaces an org-wide installation of `enterprise_id` has served."""
        return {str(team) for team in await self.store.redis.smembers(self._org_key(enterprise_id))}

    async def forget_org(self, enterprise_id: str) -> None:
        """Forget which workspaces an uninstalled org-wide installation served."""
        await self.store.redis.delete(self._org_key(enterprise_id))

    async def forget(self, team_id: str) -> None:
        """Forget the route of an uninstalled workspace."""
        await self.store.redis.delete(self._route_key(team_id))

    async def find_for_team(self, team_id: str) -> Installation | None:
        """The installation that serves workspace `team_id`: its own, or its organisation's."""
        stored = await self.store.redis.get(self._route_key(team_id))
        route: dict[str, Any] = json.loads(stored) if stored else {}
        enterprise_id = route.get("enterprise_id")
        return await self.async_find_installation(
            enterprise_id=str(enterprise_id) if enterprise_id else None,
            team_id=team_id,
            is_enterprise_install=bool(route.get("org_wide")),
        )

    async def check_key(self) -> None:
        """Raise `WrongTokenKey` unless the key opens what is stored; re-encrypt it all under the first key."""
        check_key = self.store.global_key("slack-install-key-check")
        stored = await self.store.redis.get(check_key)
        if stored is not None and self.box.decrypt(str(stored)) != KEY_CHECK:
            raise WrongTokenKey("SLACK_TOKEN_KEY does not decrypt the stored Slack installations")
        if stored is None or len(self.box.keys) > 1:
            rotated = await self._rotate_all()
            if rotated:
                log.info("Slack: re-encrypted %d installation records with the first SLACK_TOKEN_KEY", rotated)
            await self.store.redis.set(check_key, self.box.encrypt(KEY_CHECK))

    async def _rotate_all(self) -> int:
        rotated = 0
        async for key in self.store.redis.scan_iter(match=self.store.global_key("slack-install", "*"), count=500):
            records = await self.store.redis.hgetall(key)
            fresh: dict[Any, str] = {str(name): self.box.rotate(str(text)) for name, text in records.items()}
            if fresh:
                await self.store.redis.hset(key, mapping=fresh)
                rotated += len(fresh)
        return rotated

    async def _put(self, key: str, field: str, record: object) -> None:
        await self.store.redis.hset(key, field, self.box.encrypt(json.dumps(vars(record))))

    async def _get(self, key: str, field: str) -> dict[str, Any] | None:
        stored = await self.store.redis.hget(key, field)
        if stored is None:
            return None
        data: dict[str, Any] = json.loads(self.box.decrypt(str(stored)))
        return data

    async def async_save(self, installation: Installation) -> None:
        """Keep the installation: as the latest installer's, the user's, and the bot's."""
        key = self.scope_key(installation.enterprise_id, installation.team_id)
        await self._put(key, LATEST_FIELD, installation)
        await self._put(key, f"installer:{installation.user_id}", installation)
        if installation.team_id is not None and not installation.is_enterprise_install:
            await self.remember(installation.team_id, installation.enterprise_id, org_wide=False)
        if installation.bot_token is not None:
            await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep the bot of an installation."""
        await self._put(self.scope_key(bot.enterprise_id, bot.team_id), BOT_FIELD, bot)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The bot installed in the scope (an org-wide install has no team)."""
        data = await self._get(self.scope_key(enterprise_id, None if is_enterprise_install else team_id), BOT_FIELD)
        return Bot(**data) if data is not None else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The latest installation (or `user_id`'s), with the latest bot token."""
        key = self.scope_key(enterprise_id, None if is_enterprise_install else team_id)
        data = await self._get(key, f"installer:{user_id}" if user_id is not None else LATEST_FIELD)
        if data is None:
            return None
        installation = Installation(**data)
        bot = await self._get(key, BOT_FIELD)
        if bot is not None and bot.get("bot_token") != installation.bot_token:
            for field in ("bot_id", "bot_user_id", "bot_token", "bot_refresh_token", "bot_token_expires_at"):
                setattr(installation, field, bot.get(field))
            installation.bot_scopes = bot.get("bot_scopes")
        return installation

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the scope's bot."""
        await self.store.redis.hdel(self.scope_key(enterprise_id, team_id), BOT_FIELD)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget one user's installation, or every installer's (the bot stays)."""
        key = self.scope_key(enterprise_id, team_id)
        fields = await self.store.redis.hkeys(key)
        if user_id is None:
            doomed = [field for field in fields if field != BOT_FIELD]
        else:
            doomed = [field for field in fields if field == f"installer:{user_id}"]
        if user_id is not None and LATEST_FIELD in fields:
            latest = await self._get(key, LATEST_FIELD)
            if latest is not None and latest.get("user_id") == user_id:
                doomed.append(LATEST_FIELD)
        if doomed:
            await self.store.redis.hdel(key, *doomed)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the scope: bot and every installer."""
        await self.store.redis.delete(self.scope_key(enterprise_id, team_id))


class RedisStateStore(AsyncOAuthStateStore):
    """OAuth `state` values in Redis: issued by /slack/install, consumed once by the redirect."""

    def __init__(self, store: Store, expiration_seconds: int = 600) -> None:
        self.store = store
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        """The logger slack_sdk expects."""
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """A fresh random state, valid for `expiration_seconds`."""
        state = secrets.token_urlsafe(24)
        await self.store.redis.set(self.store.global_key("slack-oauth-state", state), "1", ex=self.expiration_seconds)
        return state

    async def async_consume(self, state: str) -> bool:
        """True once for a state this store issued and that has not expired."""
        return bool(await self.store.redis.delete(self.store.global_key("slack-oauth-state", state)))
