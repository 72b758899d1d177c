"""Who sent a Slack request: each delivery claimed once, and whether its sender is an admin.

Both are read in one Redis round trip (one script) before the listener runs: on a busy bot the
trips, not Redis, are what a request costs (a script is one command; a pipeline costs the client more).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from redis.exceptions import NoScriptError
from slack_sdk.errors import SlackApiError

from bot.chat import ChannelRef, Platform, UserRef
from bot.platforms.slack_chat import SlackChat
from bot.store import Store

log = logging.getLogger(__name__)

DELIVERY_TTL_SECONDS = 15 * 60  # Slack retries for a few minutes; keep ids longer than that
ADMIN_CACHE_SECONDS = 10 * 60

# KEYS: the delivery's claim, the sender's cached admin flag. ARGV: the claim's TTL in seconds.
# Returns {1 when this is the first claim else 0, the flag or nil}.
CLAIM_AND_READ_ADMIN = """
local claimed = redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1])
return {claimed and 1 or 0, redis.call('GET', KEYS[2])}
"""
CLAIM_SHA = hashlib.sha1(CLAIM_AND_READ_ADMIN.encode()).hexdigest()  # noqa: S324 - the name Redis knows it by


def delivery_id(body: dict[str, Any]) -> str | None:
    """What makes a delivery unique: the event id, or the trigger of a command or interaction."""
    return body.get("event_id") or body.get("trigger_id")


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request comes from."""
    return str(body.get("team_id") or (body.get("team") or {}).get("id") or "unknown")


def sender_of(body: dict[str, Any]) -> str | None:
    """Who sent a command, interaction or event."""
    user = body.get("user_id") or body.get("user") or (body.get("event") or {}).get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return str(user) if user else None


class SlackMembers:
    """Claims deliveries and tells admins apart, with Redis in front of Slack's users.info."""

    def __init__(self, store: Store, chat: SlackChat) -> None:
        self.store = store
        self.chat = chat

    def _admin_key(self, team: str, user_id: str) -> str:
        return self.store.key(UserRef(Platform.SLACK, team, user_id), "slack-admin", user_id)

    async def claim(self, body: dict[str, Any]) -> tuple[bool, str | None]:
        """Whether this is the first time any process sees the delivery, and the sender's cached
        admin flag ("1", "0", or None when not cached)."""
        delivery, team, sender = delivery_id(body), team_of(body), sender_of(body)
        if delivery is None:
            return True, None
        key = self.store.key(ChannelRef(Platform.SLACK, team, ""), "slack-delivery", delivery)
        if sender is None:
            return await self.store.claim_once(key, DELIVERY_TTL_SECONDS), None
        keys = (key, self._admin_key(team, sender))
        try:
            # EVALSHA itself: redis-py's Script object checks isinstance against a Protocol on every call,
            # which cost more CPU than the round trip.
            reply = await self.store.redis.evalsha(CLAIM_SHA, 2, *keys, DELIVERY_TTL_SECONDS)
        except NoScriptError:  # a Redis that has not seen the script yet (new, restarted, flushed) learns it
            reply = await self.store.redis.eval(CLAIM_AND_READ_ADMIN, 2, *keys, DELIVERY_TTL_SECONDS)
        claimed, *cached = reply
        return claimed == 1, (str(cached[0]) if cached and cached[0] is not None else None)

    async def is_admin(self, user: UserRef, cached: str | None = None) -> bool:
        """Workspace admins and owners; asked of Slack once per user every ten minutes."""
        key = self._admin_key(user.workspace, user.id)
        flag = cached if cached is not None else await self.store.redis.get(key)
        if flag is not None:
            return bool(flag == "1")
        try:
            client = await self.chat.client_for(user)
            info = (await client.users_info(user=user.id))["user"]
            is_admin = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        except SlackApiError:
            log.warning("Slack: could not look up user %s; treating them as a member", user.id)
            return False
        await self.store.redis.set(key, "1" if is_admin else "0", ex=ADMIN_CACHE_SECONDS)
        return is_admin
