"""Pointing discord.py at the fake: :func:`pointed_at` and :func:`run_client`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import discord
import yarl

if TYPE_CHECKING:
    from tests.fakes.discord_server._fake import FakeDiscord


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Point discord.py's REST base and default gateway at ``fake``; restore them afterwards."""
    route = discord.http.Route
    websocket = discord.gateway.DiscordWebSocket
    saved_base, saved_gateway = route.BASE, websocket.DEFAULT_GATEWAY
    route.BASE = fake.api_base_url
    websocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        route.BASE = saved_base
        websocket.DEFAULT_GATEWAY = saved_gateway


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    return None


@contextlib.asynccontextmanager
async def run_client(
    client: discord.Client,
    fake: FakeDiscord,
    *,
    token: str | None = None,
    timeout: float = 5.0,  # noqa: ASYNC109
    skip_identify_delay: bool = True,
) -> AsyncIterator[discord.Client]:
    """Run ``client.start`` against ``fake`` until it is ready (on_ready fired); close it on exit.

    Errors from start (LoginFailure, PrivilegedIntentsRequired, ...) are raised here. discord.py sleeps 5 s
    before every non-initial IDENTIFY (``Client.before_identify_hook``); ``skip_identify_delay`` replaces
    that hook on this client instance with a no-op so re-identify tests stay fast.
    """
    if skip_identify_delay:
        client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    with pointed_at(fake):
        task = asyncio.create_task(client.start(token or fake.token), name="fake-discord-client")
        try:
            deadline = time.monotonic() + timeout
            while not client.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("client.start() returned before the client became ready")
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"discord.py client not ready within {timeout}s")
                await asyncio.sleep(0.005)
            yield client
        finally:
            await client.close()
            if not task.done():
                await asyncio.wait([task], timeout=timeout)
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: the error (if any) was already raised above
            elif not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
