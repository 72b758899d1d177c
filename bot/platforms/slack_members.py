"""Who sent a Slack request: each delivery claimed once, and whether its sender is an admin.

Both are read in one Redis round trip (one script) before the listener runs: on a busy bot the
trips, not Redis, are what a request costs (a script is one command; a pipeline costs the client more).
The claims of requests that arrive in the same turn of the event loop share that trip: one script
call claims each of them (every key still SET NX on its own), so a burst costs one trip, not one each.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.chat import ChannelRef, Platform, UserRef
from bot.claim_batches import ClaimBatches, Claimed
from bot.platforms.slack_chat import SlackChat
from bot.store import Store

log = logging.getLogger(__name__)

ADMIN_HINT = "pp_cached_admin"  # in Bolt's context: the sender's cached admin flag, read with the delivery's claim
DELIVERY_TTL_SECONDS = 15 * 60  # Slack retries for a few minutes; keep ids longer than that
ADMIN_CACHE_SECONDS = 10 * 60


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
        self.claims = ClaimBatches(store, DELIVERY_TTL_SECONDS, read_alongside=True)

    def _admin_key(self, team: str, user_id: str) -> str:
        return self.store.key(UserRef(Platform.SLACK, team, user_id), "slack-admin", user_id)

    async def claim(self, body: dict[str, Any]) -> Claimed:
        """Whether this is the first time any process sees the delivery, and the sender's cached
        admin flag ("1", "0", or None when not cached)."""
        delivery, team, sender = delivery_id(body), team_of(body), sender_of(body)
        if delivery is None:
            return True, None
        key = self.store.key(ChannelRef(Platform.SLACK, team, ""), "slack-delivery", delivery)
        if sender is None:
            return await self.store.claim_once(key, DELIVERY_TTL_SECONDS), None
        return await self.claims.claim(key, self._admin_key(team, sender))

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


class OncePerDelivery(AsyncMiddleware):
    """Bolt middleware: Slack re-sends what it thinks was lost; each delivery is handled once across all
    processes, and the sender's cached admin flag goes into the context for the listener.

    A class, not a function: for a function middleware Bolt builds every argument it could take on each request.
    """

    def __init__(self, members: SlackMembers, note_request: Callable[[dict[str, Any]], Awaitable[None]] | None):
        self.members = members
        self.note_request = note_request  # OAuth: notes the workspace's activity

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        """Go on to the listeners only for a delivery's first claim; a repeat is acknowledged and dropped."""
        claimed, req.context[ADMIN_HINT] = await self.members.claim(req.body)
        if not claimed:
            log.info("Slack: dropping a repeated delivery %s", delivery_id(req.body))
            return BoltResponse(status=200, body="")  # acknowledged, so Slack stops re-sending
        if self.note_request is not None:
            await self.note_request(req.body)
        return await next()
