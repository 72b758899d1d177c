""":class:`FakeDiscord`: the mixins composed into one fake, and its lifecycle (start, stop, ``async with``)."""

from __future__ import annotations

from aiohttp import web

from tests.fakes.discord_server._constants import API_PREFIX
from tests.fakes.discord_server._driving import Driving
from tests.fakes.discord_server._rest import Rest


class FakeDiscord(Rest, Driving):
    """Discord's REST API v10 and gateway on 127.0.0.1: one guild with the bot, an owner, an admin, a member.

    ``stop()`` then ``start()`` again reuses the same port and keeps all state (commands, messages, ...).
    """

    # -- lifecycle -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("GET", "/gateway", self._gateway)
        app.router.add_route("GET", "/attachments/{id}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _attachment(self, request: web.Request) -> web.Response:
        """The CDN: an uploaded file's bytes (users' files, posted with ``post_message(files=...)``); 404 otherwise."""
        data = self.attachment_data.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404, text="This content is no longer available.")
        return web.Response(body=data, content_type="application/octet-stream")

    async def stop(self) -> None:
        await self.drop_connections(code=1001, invalidate_sessions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
