""":class:`FakeSlackApi`: the stand-in's Web API, response_url endpoints and Socket Mode, started and stopped."""

from __future__ import annotations

from typing import Self

from aiohttp import WSCloseCode, web

from tests.fakes.slack_api._response_url import ResponseUrls
from tests.fakes.slack_api._socket_mode import SocketMode
from tests.fakes.slack_api._web_api import WebApi


class FakeSlackApi(WebApi, SocketMode, ResponseUrls):
    """Slack's Web API, response_url endpoints and Socket Mode on 127.0.0.1 (random port).

    Reading back what happened:

    * :meth:`calls` -- every Web API call as ``{"kind": "api", "method", "params", "token", "time",
      "http_method", "content_type", "status", "response"}`` (``params`` merged from query, form and JSON
      bodies; ``blocks``/``attachments``/``view``/``metadata`` JSON strings decoded).
    * :meth:`response_posts` -- every POST to a response_url as ``{"kind": "response_url", "id", "url",
      "response_type", "replace_original", "delete_original", "text", "blocks", "thread_ts", "body",
      "status", "time"}``.
    * :meth:`acks` -- every ack (HTTP response or Socket Mode ack) that carried a body, with what Slack
      did with it: a slash command's message shown like a response_url post, an interaction's ignored.
    * :meth:`messages`, :meth:`message`, :meth:`ephemerals`, :meth:`view`, :attr:`views`,
      :meth:`reactions` -- the state those calls produced (only messages the app posted are stored).
    * :attr:`socket_acks` -- what Socket Mode clients sent back carrying an ``envelope_id``.
    * :meth:`wait_for` -- wait until a condition holds; wakes on every change, never sleeps blindly.
    """

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response_url/{rid}", self._handle_response_url)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
        app.router.add_get("/socket", self._handle_socket)
        app.router.add_get("/oauth/v2/authorize", self._handle_authorize)
        app.router.add_get("/files-pri/{key}/download/{name}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def _handle_file(self, request: web.Request) -> web.Response:
        """A private file: its bytes with a valid bot token of its workspace; otherwise, as Slack does, a
        redirect to the sign-in page (never the file)."""
        data = self.file_download(request.match_info["key"], request.headers.get("Authorization", ""))
        if data is None:
            raise web.HTTPFound(f"{self.root_url}/?redir=%2Ffiles-pri%2F{request.match_info['key']}")
        return web.Response(body=data, content_type="application/octet-stream")

    async def stop(self) -> None:
        """Close Socket Mode connections, then the server. Close Socket Mode clients first,
        or they will try to reconnect to a server that is gone."""
        await self.socket_close(code=WSCloseCode.GOING_AWAY)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
