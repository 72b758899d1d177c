"""Discord's clients and shards: one connection, a fixed slice of shards, or shards held under Redis leases."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from typing import Any, Protocol

import discord
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.clock import Clock
from bot.config import DiscordSettings
from bot.shard_leases import IdentifySlots, ShardLeases
from bot.store import Store

log = logging.getLogger(__name__)


class _Setup(Protocol):
    async def setup(self) -> None: ...


class _PracticeClientMixin:
    adapter: _Setup
    identify_slots: IdentifySlots | None = None

    async def setup_hook(self) -> None:
        await self.adapter.setup()

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        """Hand an event to its listeners, unless the client has closed.

        discord.py's close() lets go of the event loop before the gateway task has ended, and that task
        may still dispatch ("disconnect"): its handlers could not be scheduled any more and would be
        dropped unstarted ("Client._run_event was never awaited"). Nothing listens once the bot closes."""
        if getattr(self, "loop", None) is discord.utils.MISSING:
            return
        super().dispatch(event, *args, **kwargs)  # type: ignore[misc]


class PracticeClient(_PracticeClientMixin, discord.Client):
    """A single-connection Discord client serving the adapter."""


class ShardedPracticeClient(_PracticeClientMixin, discord.AutoShardedClient):
    """A sharded Discord client serving the adapter; IDENTIFYs wait for a Redis slot when sharing a token."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for the shard's identify bucket across every process (discord.py's own wait is per process)."""
        if self.identify_slots is None:
            await super().before_identify_hook(shard_id, initial=initial)
        else:
            await self.identify_slots.acquire(shard_id)


def make_client(settings: DiscordSettings, intents: discord.Intents, guild_ready_timeout: float) -> discord.Client:
    """The client the settings ask for: unsharded, discord.py's automatic sharding, or a slice of shards."""
    count = settings.shard_count
    if count == "auto":
        if settings.shards == "auto":
            return ShardedPracticeClient(intents=intents, guild_ready_timeout=guild_ready_timeout)
        return PracticeClient(intents=intents, guild_ready_timeout=guild_ready_timeout)
    # cluster: the shard list fills in as leases are won (ShardKeeper)
    shard_ids = [] if settings.shards == "cluster" else list(settings.shard_ids or range(count))
    return ShardedPracticeClient(
        intents=intents, guild_ready_timeout=guild_ready_timeout, shard_count=count, shard_ids=shard_ids
    )


async def pace_identifies(client: discord.Client, store: Store, window_seconds: float) -> None:
    """Make a sharded client's IDENTIFYs share Discord's rate (GET /gateway/bot's max_concurrency) with
    every process on the token."""
    if isinstance(client, ShardedPracticeClient):
        limits = await client.fetch_session_start_limits()
        client.identify_slots = IdentifySlots(store, limits.max_concurrency, window_seconds=window_seconds)


class ShardKeeper:
    """Cluster mode: claims this process's shards, keeps their leases, runs them, and stops any it loses.

    A process that cannot renew stops its shards well before the lease runs out, so the process that
    takes them over never overlaps with it.
    """

    def __init__(
        self,
        client: discord.AutoShardedClient,
        leases: ShardLeases,
        *,
        tick_seconds: float | None = None,
    ) -> None:
        self.client = client
        self.leases = leases
        self.tick_seconds = tick_seconds if tick_seconds is not None else leases.lease_seconds / 3
        self.held: set[int] = set()
        self.ticks = 0  # completed renewals, for operators and tests
        self._abandoned: set[int] = set()
        self._connection: asyncio.Task[None] | None = None
        self._last_renewed = leases.clock.now()

    @classmethod
    def for_client(
        cls, client: discord.AutoShardedClient, store: Store, clock: Clock, *, lease_seconds: float
    ) -> ShardKeeper:
        """A keeper with a fresh owner id for this process."""
        count = client.shard_count or 1
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"  # says who holds a shard
        return cls(client, ShardLeases(store, clock, count, owner, lease_seconds=lease_seconds))

    async def run(self) -> None:
        """Join, then claim and renew every tick until the client's connection ends (its error is raised)."""
        with contextlib.suppress(RedisConnectionError, RedisTimeoutError, OSError):
            await self.leases.renew([])  # join first, so processes starting together share fairly
        while True:
            await asyncio.sleep(self.tick_seconds)
            if self._connection is not None and self._connection.done():
                return self._connection.result()
            await self.tick()

    async def tick(self) -> None:
        """Renew what is held (stopping what was lost), then claim free shards up to the fair share."""
        try:
            if self._abandoned:  # stopped while Redis was away: free them for whoever claims next (us too)
                await self.leases.release(self._abandoned)
                self._abandoned = set()
            renewed = await self.leases.renew(self.held)
            claimed = await self.leases.claim()
        except (RedisConnectionError, RedisTimeoutError, OSError):
            unrenewed = (self.leases.clock.now() - self._last_renewed).total_seconds()
            if self.held and unrenewed > self.leases.lease_seconds * 2 / 3:
                log.warning("cannot renew Discord shard leases; stopping shards %s", sorted(self.held))
                self._abandoned |= self.held
                await self._stop(set(self.held))
            return
        self._last_renewed = self.leases.clock.now()
        self.ticks += 1
        lost = self.held - renewed
        if lost:
            log.warning("lost the lease on Discord shards %s; stopping them", sorted(lost))
            await self._stop(lost)
        if claimed:
            await self._launch(claimed)

    async def _launch(self, shard_ids: list[int]) -> None:
        self.held.update(shard_ids)
        log.info("running Discord shards %s of %s", sorted(shard_ids), self.client.shard_count)
        if self._connection is None:
            self.client.shard_ids = sorted(shard_ids)
            self._connection = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
            return
        gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        for shard_id in shard_ids:
            assert self.client.shard_ids is not None
            self.client.shard_ids.append(shard_id)  # the same list as the connection state's
            await self.client.launch_shard(gateway, shard_id)

    async def _stop(self, shard_ids: set[int]) -> None:
        for shard_id in shard_ids:
            shard = self.client.get_shard(shard_id)
            if shard is not None:
                await shard.disconnect()
            if self.client.shard_ids is not None and shard_id in self.client.shard_ids:
                self.client.shard_ids.remove(shard_id)
        self.held -= shard_ids

    async def close(self, *, release: bool = True) -> None:
        """Stop the shards' connection and, on a clean shutdown, give the shards back at once."""
        if self._connection is not None:
            await asyncio.gather(self._connection, return_exceptions=True)
        if release and self.held:
            with contextlib.suppress(RedisConnectionError, RedisTimeoutError, OSError):
                await self.leases.release(self.held)
