"""The one HTTP server of a bot process; features add routes (Slack events, later metrics)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HttpServer:
    """One aiohttp server per process; features add routes before it starts."""

    def __init__(self, port: int, host: str = "0.0.0.0") -> None:  # noqa: S104 - it serves Slack
        self.host = host
        self.port = port
        self.app = web.Application()
        self._runner: web.AppRunner | None = None

    def add_route(self, method: str, path: str, handler: Handler) -> None:
        """Serve `method path` with `handler`."""
        self.app.router.add_route(method, path, handler)

    async def start(self) -> None:
        """Start listening; with port 0, `port` becomes the one the system picked."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        addresses = self._runner.addresses
        if addresses:
            self.port = int(addresses[0][1])  # the real port when 0 was asked for
        log.info("HTTP server listening on %s:%d", self.host, self.port)

    async def close(self) -> None:
        """Stop listening (safe to call when not started)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
