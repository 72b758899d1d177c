"""What the Slack stand-in's own tests share: Bolt's server on a random port, a signed sender, clean-up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackApi, SlackRequests

SECRET = "test-signing-secret"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


@asynccontextmanager
async def serve(app: AsyncApp, path: str = "/slack/events") -> AsyncIterator[str]:
    """Bolt's own aiohttp server (AsyncSlackAppServer.web_app) on a random port of the running loop."""
    runner = web.AppRunner(app.web_app(path=path), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}{path}"
    finally:
        await runner.cleanup()


@dataclass
class Bolt:
    api: FakeSlackApi
    app: AsyncApp
    sender: SlackRequests


@asynccontextmanager
async def bolt_app(api: FakeSlackApi, client: AsyncWebClient) -> AsyncIterator[Bolt]:
    # Only client= (not token= too): bolt logs a warning when given both and uses the client's token.
    app = AsyncApp(signing_secret=SECRET, client=client)
    async with serve(app) as url:
        yield Bolt(api, app, SlackRequests(app_url=url, signing_secret=SECRET, api=api))


async def close_socket_handler(handler: AsyncSocketModeHandler) -> None:
    """close_async() only cancels the client's background tasks; wait for them to really finish."""
    socket_client: SocketModeClient = handler.client
    await handler.close_async()
    tasks = [
        task
        for task in (
            socket_client.message_processor,
            socket_client.current_session_monitor,
            socket_client.message_receiver,
        )
        if task is not None
    ]
    await asyncio.gather(*tasks, return_exceptions=True)


def retry_num(request: AsyncBoltRequest) -> str | None:
    values = request.headers.get("x-slack-retry-num")
    return values[0] if values else None
