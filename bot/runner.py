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
