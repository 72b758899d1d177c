"""The Discord adapter: discord.py on one side, the dispatcher on the other, nothing else."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Coroutine
from typing import Any

import discord
import yarl
from discord import app_commands
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import metrics
from bot.app import App
from bot.chat import IncomingMessage, Invocation, MessageRef
from bot.claim_batches import ClaimBatches
from bot.commands import Command
from bot.config import DiscordSettings
from bot.platforms import PlatformStartError
from bot.platforms.discord_chat import DiscordChat, InteractionResponder, submitted_values
from bot.platforms.discord_commands import build_commands
from bot.platforms.discord_events import settle_event_tasks
from bot.platforms.discord_inbound import file_hosts, images_of, invocation_of, place_of, user_of
from bot.platforms.discord_shards import ShardKeeper, make_client, pace_identifies
from bot.shard_leases import IDENTIFY_WINDOW_SECONDS

log = logging.getLogger(__name__)

# Discord allows 3 s before an interaction must be answered; defer well before that.
DEFER_AFTER_SECONDS = 2.0
SCOPES = ("bot", "applications.commands")
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    read_message_history=True,
)
# Resync at least daily even when unchanged, in case commands were edited on Discord's side.
SYNC_MEMORY_SECONDS = 24 * 3600
# Every process on one token receives every event; remember who took one for as long as Discord
# accepts answers to it (an interaction token lives 15 minutes).
EVENT_MEMORY_SECONDS = 15 * 60
BUTTON = discord.ComponentType.button.value
# What the bot's own buttons carry (`feature:action:entity`): any button on any message, old ones included.
ACTION_ID = re.compile(r"[A-Za-z0-9_.@-]+:[A-Za-z0-9_.@-]+:.*")


def invite_url(application_id: int) -> str:
    """The OAuth link that adds the bot to a server with the permissions it needs."""
    return discord.utils.oauth_url(application_id, permissions=BOT_PERMISSIONS, scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its user id (= application id) in base64."""
    first = token.split(".", 1)[0]
    try:
        return int(base64.b64decode(first + "=" * (-len(first) % 4)).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def point_at(settings: DiscordSettings) -> None:
    """Send REST and gateway traffic to configured endpoints (API proxies, tests)."""
    if settings.api_base_url:
        discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class DiscordAdapter:
    """Connects discord.py to the dispatcher: commands, buttons, forms and messages."""

    def __init__(
        self,
        app: App,
        settings: DiscordSettings,
        *,
        guild_ready_timeout: float = 2.0,
        shard_tick_seconds: float | None = None,
        identify_window_seconds: float = IDENTIFY_WINDOW_SECONDS,
    ) -> None:
        self.app = app
        self.settings = settings
        self.file_hosts = file_hosts(str(settings.api_base_url) if settings.api_base_url else None)
        intents = discord.Intents.default()
        intents.message_content = True  # the bar raiser reads answers in threads
        self.client = make_client(settings, intents, guild_ready_timeout)
        self.client.adapter = self  # type: ignore[attr-defined]
        self.keeper: ShardKeeper | None = None
        if settings.shards == "cluster" and isinstance(self.client, discord.AutoShardedClient):
            self.keeper = ShardKeeper.for_client(
                self.client, app.services.store, app.services.clock, lease_seconds=settings.shard_lease_seconds
            )
            if shard_tick_seconds is not None:
                self.keeper.tick_seconds = shard_tick_seconds
        self._identify_window_seconds = identify_window_seconds
        self.tree: app_commands.CommandTree[Any] = app_commands.CommandTree(self.client)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.tree.interaction_check = self._first_to_take  # type: ignore[method-assign]
        self.chat = DiscordChat(self.client)
        self.claims = ClaimBatches(app.services.store, EVENT_MEMORY_SECONDS)
        self._connection: asyncio.Task[None] | None = None
        self.client.event(self.on_message)
        self.client.event(self.on_interaction)
        self.client.event(self.on_ready)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Log in (a rejected token is a PlatformStartError) and connect in the background."""
        token = self.settings.token
        if token is None:
            raise PlatformStartError("DISCORD_TOKEN is not set")
        point_at(self.settings)
        try:
            await self.client.login(token.get_secret_value())
        except discord.LoginFailure:
            await self.client.close()
            raise PlatformStartError("Discord rejected the token (DISCORD_TOKEN)") from None
        if self.settings.shard_count != "auto":
            await pace_identifies(self.client, self.app.services.store, self._identify_window_seconds)
        if self.keeper is not None:
            self._connection = asyncio.create_task(self.keeper.run(), name="discord-shard-keeper")
        else:
            self._connection = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")

    async def wait(self) -> None:
        """Run until the connection ends; a refused intent becomes a PlatformStartError."""
        if self._connection is None:
            return
        try:
            await self._connection
        except discord.PrivilegedIntentsRequired:
            raise PlatformStartError(
                "Discord refused the Message Content intent: enable it in the Developer Portal "
                "(your application → Bot → Privileged Gateway Intents)"
            ) from None

    def ready(self) -> bool:
        """Whether the gateway connection is up."""
        return self.client.is_ready() and not self.client.is_closed()

    async def close(self) -> None:
        """Close the client and wait for its connection and event handlers to end; in a cluster, give the
        shards back."""
        await self.client.close()
        if self._connection is not None:
            if self.keeper is not None:
                self._connection.cancel()  # a process waiting for shards has no connection to end
            await asyncio.gather(self._connection, return_exceptions=True)
        await settle_event_tasks(self.client)
        if self.keeper is not None:
            await self.keeper.close()

    async def setup(self) -> None:
        """Runs once before connecting: the slash commands."""
        for command in build_commands(self.app.services.registry, self.on_command, self.app.dispatcher.suggest):
            self.tree.add_command(command)
        await self._sync_commands()

    async def _sync_commands(self) -> None:
        application_id = self.client.application_id
        payload = json.dumps([command.to_dict(self.tree) for command in self.tree.get_commands()], sort_keys=True)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        store = self.app.services.store
        targets: list[discord.Object | None] = [discord.Object(id=g) for g in self.settings.guild_ids] or [None]
        for guild in targets:
            # Discord rate-limits syncing: skip it when the commands did not change.
            key = store.global_key("discord", "commands", application_id, guild.id if guild else "global")
            if await store.redis.get(key) == digest:
                continue
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
            await store.redis.set(key, digest, ex=SYNC_MEMORY_SECONDS)
            log.info("synced %d slash commands to %s", len(self.tree.get_commands()), guild or "all servers")

    async def on_ready(self) -> None:
        """Log the invite link once connected."""
        if self.client.application_id is not None:
            log.info("Discord ready; invite the bot with %s", invite_url(self.client.application_id))

    # -- inbound -----------------------------------------------------------------------------

    async def on_command(
        self, interaction: discord.Interaction[Any], command: Command, values: dict[str, object]
    ) -> None:
        """Run a slash command (deferred first when it is slow)."""

        async def work(responder: InteractionResponder, invocation: Invocation) -> None:
            await self.app.dispatcher.run_command(self.chat, invocation, responder, command, values)

        await self._serve(interaction, work, slow=command.slow)

    async def on_button(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Run a button press, unless another process already took it."""
        if not await self._first_to_take(interaction):
            return
        feature, _, rest = custom_id.partition(":")
        slow = self.app.services.registry.is_slow_action(feature, rest.partition(":")[0])

        async def work(responder: InteractionResponder, invocation: Invocation) -> None:
            await self.app.dispatcher.run_action(self.chat, invocation, responder, custom_id)

        await self._serve(interaction, work, slow=slow)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Run a button press or a submitted form, unless another process already took it; commands are
        discord.py's (its command tree). Buttons are routed here by custom_id rather than through discord.py's
        dynamic items, which rebuild a view of the whole message for every press."""
        if not isinstance(interaction.data, dict):
            return
        if interaction.type is discord.InteractionType.component:
            custom_id = str(interaction.data.get("custom_id", ""))
            if interaction.data.get("component_type") == BUTTON and ACTION_ID.fullmatch(custom_id):
                await self.on_button(interaction, custom_id)
            return
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        if not await self._first_to_take(interaction):
            return
        custom_id = str(interaction.data.get("custom_id", ""))
        values = submitted_values(interaction.data.get("components", []))

        async def work(responder: InteractionResponder, invocation: Invocation) -> None:
            await self.app.dispatcher.run_form(self.chat, invocation, responder, custom_id, values)

        await self._serve(interaction, work, slow=False)

    async def on_message(self, message: discord.Message) -> None:
        """Hand a human's message to the listeners, once across processes."""
        if message.author.bot or not (message.content or message.attachments):
            return
        if not await self._first_to_take(message):
            return
        guild_id = message.guild.id if message.guild else None
        channel, thread = place_of(message.channel, guild_id)
        reference = MessageRef(thread or channel, str(message.id))
        images = images_of(message.attachments, self.file_hosts)
        incoming = IncomingMessage(user_of(message.author, guild_id), reference, message.content, images)
        await self.app.dispatcher.run_message(self.chat, incoming)

    async def _first_to_take(self, event: discord.Interaction[Any] | discord.Message) -> bool:
        """Only the first process to claim an event handles it: a second answer to an interaction
        would be refused (40060), a second reply to a message would be a duplicate."""
        kind = "message" if isinstance(event, discord.Message) else "interaction"
        try:  # with the other events of this turn of the loop: interactions come from the gateway in bursts
            first, _ = await self.claims.claim(self.app.services.store.global_key("discord", kind, event.id))
            return first
        except (RedisConnectionError, RedisTimeoutError, OSError):
            return True  # without Redis, answering (with "storage unavailable") beats silence

    async def _serve(
        self,
        interaction: discord.Interaction[Any],
        work: Callable[[InteractionResponder, Invocation], Coroutine[Any, Any, None]],
        *,
        slow: bool,
    ) -> None:
        """Run a handler, deferring first when it is known to be slow or when it takes too long."""
        started = time.perf_counter()
        invocation = invocation_of(interaction)
        responder = InteractionResponder(interaction, invocation.place)
        if slow:
            await responder.defer()
        # A timer, not wait_for(shield(...)): the handler runs in this task (no task, shield and waiter each
        # interaction), and only one that is still running after DEFER_AFTER_SECONDS gets a deferral task.
        loop = asyncio.get_running_loop()
        deferrals: list[asyncio.Task[None]] = []
        timer = loop.call_later(DEFER_AFTER_SECONDS, lambda: deferrals.append(loop.create_task(responder.defer())))
        try:
            await work(responder, invocation)
        finally:
            timer.cancel()
            for deferral in deferrals:
                await deferral
        await responder.acknowledge()
        if responder.first_answer_at is not None:
            metrics.ACK_SECONDS.labels("discord").observe(responder.first_answer_at - started)

    async def _on_tree_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        # Only discord.py's own failures reach here (e.g. an option it could not convert);
        # handler errors are answered by the dispatcher.
        log.warning("Discord could not run %s: %s", interaction.command and interaction.command.name, error)
        if not interaction.response.is_done():
            await interaction.response.send_message(
                "Sorry, I could not read that command's options. Try /help.", ephemeral=True
            )
