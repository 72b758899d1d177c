"""The Slack adapter: Bolt's AsyncApp on one side, the dispatcher on the other, nothing else."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.app import App
from bot.chat import ChannelRef, IncomingMessage, Invocation, MessageRef, Platform, Reply, ThreadRef, UserRef
from bot.clock import Clock, SystemClock
from bot.command_text import CommandLine, tokenize
from bot.config import SlackMode, SlackSettings
from bot.http_server import HttpServer
from bot.pacing import Pacer
from bot.platforms import PlatformStartError
from bot.platforms.slack_chat import ResponseUrls, SlackChat, SlackResponder
from bot.platforms.slack_clients import OneWorkspace, SlackClients, web_client
from bot.platforms.slack_commands import REDIRECT_PATH, registry_command_name
from bot.platforms.slack_files import file_hosts, images_of
from bot.platforms.slack_http import SlackHttpEntry
from bot.platforms.slack_inbound import FILE_SHARE
from bot.platforms.slack_oauth import INSTALL_PATH, SlackOAuth
from bot.platforms.slack_render import submitted_values, unescape

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DELIVERY_TTL_SECONDS = 15 * 60  # Slack retries for a few minutes; keep ids longer than that
ADMIN_CACHE_SECONDS = 10 * 60
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+>\s*")


def _delivery_id(body: dict[str, Any]) -> str | None:
    """What makes a delivery unique: the event id, or the trigger of a command or interaction."""
    return body.get("event_id") or body.get("trigger_id")


class SlackAdapter:
    """Connects slack_bolt (Socket Mode or HTTP) to the dispatcher."""

    def __init__(
        self,
        app: App,
        settings: SlackSettings,
        *,
        http: HttpServer | None = None,
        pacing_clock: Clock | None = None,
        signature_now: Callable[[], float] = time.time,
    ) -> None:
        if settings.bot_token is None and not settings.oauth:
            raise PlatformStartError("SLACK_BOT_TOKEN is not set")
        self.app = app
        self.settings = settings
        self.http = http
        token = settings.bot_token.get_secret_value() if settings.bot_token else None
        self.client = web_client(token, settings.api_base_url)
        self.file_hosts = file_hosts(settings.api_base_url)
        signing_secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
        self.oauth = SlackOAuth(app, settings) if settings.oauth else None
        self.bolt = AsyncApp(
            client=self.client,
            signing_secret=signing_secret,
            request_verification_enabled=False,  # SlackHttpEntry verifies the raw body before parsing it
            process_before_response=False,
            oauth_settings=self.oauth.settings if self.oauth else None,
        )
        clients: SlackClients = self.oauth.clients if self.oauth else OneWorkspace(self.client)
        self.chat = SlackChat(clients, Pacer(app.services.store, pacing_clock or SystemClock()))
        self.http_entry = SlackHttpEntry(self.bolt, signing_secret, signature_now)
        self.response_urls = ResponseUrls()
        self.socket: AsyncSocketModeHandler | None = None
        self._closed = asyncio.Event()
        self._register_listeners()

    def _register_listeners(self) -> None:
        self.bolt.middleware(self._once)
        self.bolt.command(re.compile(r"^/.+"))(self._on_command)
        self.bolt.action(re.compile(r".+"))(self._on_action)
        self.bolt.view(re.compile(r".+"))(self._on_view)
        self.bolt.event("app_mention")(self._on_mention)
        self.bolt.event("message")(self._on_message)
        if self.oauth is not None:
            self.bolt.event("app_uninstalled")(self.oauth.on_uninstalled)
            self.bolt.event("tokens_revoked")(self.oauth.on_tokens_revoked)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the token and connect; a refused token raises `PlatformStartError`."""
        if self.oauth is not None:
            await self.oauth.start(self.bolt.oauth_flow)
            self._add_http_routes()
            assert self.http is not None
            self.http.add_route("GET", INSTALL_PATH, self.oauth.install_page)
            self.http.add_route("GET", REDIRECT_PATH, self.oauth.redirect)
            return
        try:
            identity = await self.client.auth_test()
        except SlackApiError:
            raise PlatformStartError("Slack rejected the bot token (SLACK_BOT_TOKEN)") from None
        log.info("Slack: connected to workspace %s as %s", identity.get("team"), identity.get("user"))
        if self.settings.mode is SlackMode.HTTP:
            self._add_http_routes()
            return
        app_token = self.settings.app_token.get_secret_value() if self.settings.app_token else ""
        try:
            await self.client.apps_connections_open(app_token=app_token)
        except SlackApiError:
            raise PlatformStartError("Slack rejected the app token (SLACK_APP_TOKEN)") from None
        self.socket = AsyncSocketModeHandler(self.bolt, app_token)
        await self.socket.connect_async()  # type: ignore[no-untyped-call]

    def _add_http_routes(self) -> None:
        if self.http is None:
            raise PlatformStartError("HTTP_PORT: required when SLACK_MODE=http or for OAuth installs")
        self.http.add_route("POST", EVENTS_PATH, self.http_entry.handle)

    async def wait(self) -> None:
        """Return when the adapter is closed."""
        await self._closed.wait()

    def ready(self) -> bool:
        """Whether the adapter serves: not closed, and in Socket Mode connected."""
        if self._closed.is_set():
            return False
        return self.socket is None or bool(self.socket.client.is_connected())

    async def close(self) -> None:
        """Close the socket and wait for its tasks to end."""
        if self.socket is not None:
            client = self.socket.client
            await self.socket.close_async()  # type: ignore[no-untyped-call]
            # close_async() cancels the client's tasks without waiting for them to finish.
            pending = [client.message_processor, client.current_session_monitor, client.message_receiver]
            await asyncio.gather(*(task for task in pending if task is not None), return_exceptions=True)
        await self.response_urls.close()
        self._closed.set()

    @staticmethod
    async def _ack(ack: Callable[[], Awaitable[None]]) -> None:
        """Acknowledge at once (Slack allows 3 s); slow work happens after."""
        started = time.perf_counter()
        await ack()
        metrics.ACK_SECONDS.labels("slack").observe(time.perf_counter() - started)

    # -- inbound -----------------------------------------------------------------------------

    async def _once(self, body: dict[str, Any], next_: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Slack re-sends what it thinks was lost; handle each delivery once across all processes."""
        delivery = _delivery_id(body)
        team = body.get("team_id") or (body.get("team") or {}).get("id") or "unknown"
        if delivery is not None:
            scope = ChannelRef(Platform.SLACK, str(team), "")
            key = self.app.services.store.key(scope, "slack-delivery", delivery)
            if not await self.app.services.store.claim_once(key, DELIVERY_TTL_SECONDS):
                log.info("Slack: dropping a repeated delivery %s", delivery)
                return BoltResponse(status=200, body="")  # acknowledged, so Slack stops re-sending
        if self.oauth is not None:
            await self.oauth.note_request(body)
        await next_()
        return None

    async def _on_command(self, ack: Callable[[], Awaitable[None]], body: dict[str, Any]) -> None:
        await self._ack(ack)
        invocation = await self._invocation(
            body["team_id"],
            body["user_id"],
            body.get("user_name"),
            body["channel_id"],
            body.get("channel_name"),
        )
        line = CommandLine(registry_command_name(body["command"]), tuple(tokenize(body.get("text") or "")))
        respond = self.response_urls.for_url(body["response_url"])
        responder = SlackResponder(self.chat, invocation, respond=respond, trigger_id=body.get("trigger_id"))
        await self.app.dispatcher.run_command_line(self.chat, invocation, responder, line)

    async def _on_action(self, ack: Callable[[], Awaitable[None]], body: dict[str, Any]) -> None:
        await self._ack(ack)
        action_id = str(body["actions"][0]["action_id"])
        message = body.get("message") or {}
        channel = body.get("channel") or {}
        invocation = await self._invocation(
            body["team"]["id"],
            body["user"]["id"],
            body["user"].get("username") or body["user"].get("name"),
            channel.get("id") or body.get("container", {}).get("channel_id", ""),
            channel.get("name"),
            message.get("thread_ts"),
        )
        # A button in a modal comes without a response_url.
        reply_url = self.response_urls.for_url(body["response_url"]) if body.get("response_url") else None
        responder = SlackResponder(self.chat, invocation, respond=reply_url, trigger_id=body.get("trigger_id"))
        await self.app.dispatcher.run_action(self.chat, invocation, responder, action_id)

    async def _on_view(self, ack: Callable[[], Awaitable[None]], body: dict[str, Any], view: dict[str, Any]) -> None:
        await self._ack(ack)
        where = json.loads(view.get("private_metadata") or "{}")
        invocation = await self._invocation(
            body["team"]["id"],
            body["user"]["id"],
            body["user"].get("username") or body["user"].get("name"),
            where.get("channel", ""),
            where.get("channel_name"),
            where.get("thread_ts"),
        )
        responder = SlackResponder(self.chat, invocation)
        await self.app.dispatcher.run_form(
            self.chat, invocation, responder, str(view["callback_id"]), submitted_values(view)
        )

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """`@practice-partner question url-shortener` works like the slash command, in its thread."""
        invocation = await self._invocation(
            body["team_id"], event["user"], None, event["channel"], None, event.get("thread_ts")
        )
        responder = SlackResponder(self.chat, invocation)
        words = tokenize(_LEADING_MENTION.sub("", event.get("text") or ""))
        if not words:
            await responder.respond(Reply(text="Mention me with a command, like `@practice-partner help`."))
            return
        line = CommandLine(registry_command_name(words[0]), tuple(words[1:]))
        await self.app.dispatcher.run_command_line(self.chat, invocation, responder, line)

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("bot_id") or event.get("subtype") not in (None, FILE_SHARE):
            return
        if not (event.get("text") or event.get("files")):
            return
        channel = ChannelRef(Platform.SLACK, str(body["team_id"]), str(event["channel"]))
        thread_ts = event.get("thread_ts")
        place = ThreadRef(channel, str(thread_ts)) if thread_ts else channel
        author = UserRef(Platform.SLACK, channel.workspace, str(event["user"]))
        images = await images_of(event.get("files") or [], self.chat.clients, channel.workspace, self.file_hosts)
        text = unescape(str(event.get("text") or ""))
        incoming = IncomingMessage(author, MessageRef(place, str(event["ts"])), text, images)
        await self.app.dispatcher.run_message(self.chat, incoming)

    async def _invocation(
        self,
        team_id: str,
        user_id: str,
        user_name: str | None,
        channel_id: str,
        channel_name: str | None,
        thread_ts: str | None = None,
    ) -> Invocation:
        channel = ChannelRef(Platform.SLACK, team_id, channel_id, channel_name or "")
        thread = ThreadRef(channel, thread_ts) if thread_ts else None
        user = UserRef(Platform.SLACK, team_id, user_id, user_name or "")
        return Invocation(user, channel, thread, await self._is_admin(user))

    async def _is_admin(self, user: UserRef) -> bool:
        """Workspace admins and owners; asked of Slack once per user every ten minutes."""
        store = self.app.services.store
        key = store.key(user, "slack-admin", user.id)
        cached = await store.redis.get(key)
        if cached is not None:
            return bool(cached == "1")
        try:
            client = await self.chat.client_for(user)
            info = (await client.users_info(user=user.id))["user"]
            is_admin = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        except SlackApiError:
            log.warning("Slack: could not look up user %s; treating them as a member", user.id)
            return False
        await store.redis.set(key, "1" if is_admin else "0", ex=ADMIN_CACHE_SECONDS)
        return is_admin
