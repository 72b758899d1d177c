"""Run the configured platforms (and the console when asked) on one event loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Protocol

from bot.app import App
from bot.chat import ChatPort
from bot.config import Settings
from bot.http_server import HttpServer

log = logging.getLogger(__name__)
LINE_GRACE_SECONDS = 2.0  # on SIGTERM or Ctrl-C, how long a console line still running may take to finish


class Adapter(Protocol):
    """A connected platform, as the runner starts, waits on and closes it."""

    @property
    def chat(self) -> ChatPort:
        """The platform's chat, for the features to post with."""

    async def start(self) -> None:
        """Connect; raise PlatformStartError when the platform refuses."""

    async def wait(self) -> None:
        """Return when the connection ends for good."""

    async def close(self) -> None:
        """Disconnect and release what the adapter holds."""

    def ready(self) -> bool:
        """Connected and serving (for /readyz)."""


def platform_adapters(app: App, settings: Settings, http: HttpServer | None) -> list[Adapter]:
    """One adapter per platform whose token is configured (imported only when used)."""
    adapters: list[Adapter] = []
    if settings.wants_discord:
        from bot.platforms.discord_bot import DiscordAdapter

        adapters.append(DiscordAdapter(app, settings.discord))
    if settings.wants_slack:
        from bot.platforms.slack_app import SlackAdapter

        adapters.append(SlackAdapter(app, settings.slack, http=http))
    return adapters


async def run_adapters(
    adapters: list[Adapter], *, http: HttpServer | None = None, also: asyncio.Task[object] | None = None
) -> None:
    """Start every adapter (then the HTTP server, once they added their routes) and run until
    one ends, `also` ends, or SIGINT/SIGTERM arrives."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    started: list[Adapter] = []
    try:
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        if http is not None:
            await http.start()
        waiting: list[asyncio.Future[object]] = [asyncio.ensure_future(adapter.wait()) for adapter in started]
        waiting.append(asyncio.ensure_future(stop.wait()))
        if also is not None:
            waiting.append(also)
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()  # surface a PlatformStartError raised while connecting
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
        for adapter in started:
            await adapter.close()
        if http is not None:
            await http.close()


async def console_until_stopped(console: asyncio.Task[None], stop: asyncio.Event) -> None:
    """Run the console until its input ends or `stop` is set. A line still running then (a `/wait`, a slow
    LLM call) gets LINE_GRACE_SECONDS to finish before it is cut short: a stop never waits on it."""
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({console, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    await end_console(console, grace_seconds=LINE_GRACE_SECONDS)


async def end_console(console: asyncio.Task[None], *, grace_seconds: float = 0.0) -> None:
    """Let the console's line in progress finish within `grace_seconds`, else cancel it; raise what it raised."""
    if not console.done():
        await asyncio.wait({console}, timeout=grace_seconds)
    if not console.done():
        console.cancel()
        await asyncio.wait({console})  # not `await console`: a cancellation of our own must not be swallowed
    if not console.cancelled():
        console.result()
