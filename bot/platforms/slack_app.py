"""The Slack adapter: Bolt's AsyncApp on one side, the dispatcher on the other, nothing else."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
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
from bot.platforms.slack_ack import ACK_REPLY_WITHIN_SECONDS, AckBody, AckSlot, AfterAck
from bot.platforms.slack_chat import SlackChat, SlackResponder
from bot.platforms.slack_clients import OneWorkspace, SharedClientApp, SlackClients, web_client
from bot.platforms.slack_commands import REDIRECT_PATH, registry_command_name
from bot.platforms.slack_files import file_hosts, images_of
from bot.platforms.slack_http import SlackHttpEntry
from bot.platforms.slack_inbound import FILE_SHARE
from bot.platforms.slack_members import ADMIN_HINT, OncePerDelivery, SlackMembers
from bot.platforms.slack_oauth import INSTALL_PATH, SlackOAuth
from bot.platforms.slack_render import submitted_values, unescape
from bot.platforms.slack_response_urls import ResponseUrls
from bot.platforms.slack_routes import Ack, SlackRoutes

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+>\s*")
ACK_SECONDS = metrics.ACK_SECONDS.labels("slack")  # looked up once, not per ack


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
        self.bolt = (AsyncApp if self.oauth else SharedClientApp)(
            client=self.client,
            signing_secret=signing_secret,
            request_verification_enabled=False,  # SlackHttpEntry verifies the raw body before parsing it
            # Listeners return once the ack is known (work goes on in after_ack): no polling for the ack.
            process_before_response=True,
            # Bolt's documented switches for middleware that does nothing here yet runs on every request:
            # SlackHttpEntry answers the URL checks, and the app has no workflow functions.
            ssl_check_enabled=False,
            url_verification_enabled=False,
            attaching_function_token_enabled=False,
            oauth_settings=self.oauth.settings if self.oauth else None,
        )
        clients: SlackClients = self.oauth.clients if self.oauth else OneWorkspace(self.client)
        self.chat = SlackChat(clients, Pacer(app.services.store, pacing_clock or SystemClock()))
        self.http_entry = SlackHttpEntry(self.bolt, signing_secret, signature_now)
        self.response_urls = ResponseUrls()
        self.members = SlackMembers(app.services.store, self.chat)
        self.after_ack = AfterAck()
        self.ack_reply_within = ACK_REPLY_WITHIN_SECONDS  # how long a command's answer may ride on its ack
        self.socket: AsyncSocketModeHandler | None = None
        self._closed = asyncio.Event()
        self._register_listeners()

    def _register_listeners(self) -> None:
        self.bolt.middleware(OncePerDelivery(self.members, self.oauth.note_request if self.oauth else None))
        self.bolt.middleware(SlackRoutes(command=self._on_command, action=self._on_action, form=self._on_view))
        self.bolt.event("app_mention")(self.after_ack.event_listener(self._on_mention))
        self.bolt.event("message")(self.after_ack.event_listener(self._on_message))
        if self.oauth is not None:
            oauth = self.oauth

            async def uninstalled(_: dict[str, Any], body: dict[str, Any]) -> None:
                await oauth.on_uninstalled(body)

            self.bolt.event("app_uninstalled")(self.after_ack.event_listener(uninstalled))
            self.bolt.event("tokens_revoked")(self.after_ack.event_listener(oauth.on_tokens_revoked))

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
        await self.after_ack.close()
        await self.response_urls.close()
        self._closed.set()

    @staticmethod
    async def _ack(ack: Ack, body: AckBody | None = None, started: float | None = None) -> None:
        """Acknowledge (Slack allows 3 s), with a message for Slack to show when `body` has one."""
        started = time.perf_counter() if started is None else started
        await (ack(**body) if body else ack())
        ACK_SECONDS.observe(time.perf_counter() - started)

    # -- inbound -----------------------------------------------------------------------------

    async def _on_command(self, ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        """A slow command acks first; another may answer in its ack (see slack_ack.py)."""
        started = time.perf_counter()
        line = CommandLine(registry_command_name(body["command"]), tuple(tokenize(body.get("text") or "")))
        if self.app.services.registry.is_slow_command(line.name):
            await self._ack(ack, started=started)
            self.after_ack.start(self._run_command(body, line, context.get(ADMIN_HINT), None), line.name)
            return
        slot = AckSlot()
        self.after_ack.start(self._run_command(body, line, context.get(ADMIN_HINT), slot), line.name, now=True)
        await self._ack(ack, await slot.body(self.ack_reply_within), started)

    async def _run_command(
        self, body: dict[str, Any], line: CommandLine, admin: str | None, slot: AckSlot | None
    ) -> None:
        try:
            invocation = await self._invocation(
                body["team_id"], body["user_id"], body.get("user_name"), body["channel_id"], body.get("channel_name"),
                admin=admin,
            )  # fmt: skip
            respond = self.response_urls.for_url(body["response_url"])
            trigger = body.get("trigger_id")
            responder = SlackResponder(self.chat, invocation, respond=respond, trigger_id=trigger, ack=slot)
            await self.app.dispatcher.run_command_line(self.chat, invocation, responder, line)
        finally:
            if slot is not None:
                slot.release()

    async def _on_action(self, ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        # Slack shows no message from a button's ack: ack at once, answer after.
        await self._ack(ack)
        self.after_ack.start(self._run_action(body, context.get(ADMIN_HINT)), "a button press")

    async def _run_action(self, body: dict[str, Any], admin: str | None) -> None:
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
            admin=admin,
        )
        # A button in a modal comes without a response_url.
        reply_url = self.response_urls.for_url(body["response_url"]) if body.get("response_url") else None
        responder = SlackResponder(self.chat, invocation, respond=reply_url, trigger_id=body.get("trigger_id"))
        await self.app.dispatcher.run_action(self.chat, invocation, responder, action_id)

    async def _on_view(self, ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        await self._ack(ack)
        self.after_ack.start(self._run_view(body, body["view"], context.get(ADMIN_HINT)), "a form")

    async def _run_view(self, body: dict[str, Any], view: dict[str, Any], admin: str | None) -> None:
        where = json.loads(view.get("private_metadata") or "{}")
        invocation = await self._invocation(
            body["team"]["id"],
            body["user"]["id"],
            body["user"].get("username") or body["user"].get("name"),
            where.get("channel", ""),
            where.get("channel_name"),
            where.get("thread_ts"),
            admin=admin,
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
        *,
        admin: str | None = None,  # the cached admin flag read with the delivery's claim, if any
    ) -> Invocation:
        channel = ChannelRef(Platform.SLACK, team_id, channel_id, channel_name or "")
        thread = ThreadRef(channel, thread_ts) if thread_ts else None
        user = UserRef(Platform.SLACK, team_id, user_id, user_name or "")
        return Invocation(user, channel, thread, await self.members.is_admin(user, admin))
