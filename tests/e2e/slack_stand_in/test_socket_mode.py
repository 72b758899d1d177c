"""A plain slack_bolt AsyncApp in Socket Mode on the stand-in (no project code)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.web.async_client import AsyncWebClient

from tests.e2e.slack_stand_in.support import close_socket_handler, retry_num
from tests.fakes.slack_api import FakeSlackApi

# ---------------------------------------------------------------------------- Socket Mode


@asynccontextmanager
async def socket_mode(api: FakeSlackApi, app: AsyncApp, app_token: str) -> AsyncIterator[AsyncSocketModeHandler]:
    handler = AsyncSocketModeHandler(app, app_token)
    assert isinstance(handler.client, SocketModeClient)  # the aiohttp-based client is bolt's default
    try:
        yield handler
    finally:
        await close_socket_handler(handler)


async def test_socket_mode_slash_command_is_acked(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    answered: list[str] = []

    @app.command("/question")
    async def question(ack: Any, respond: Any, command: dict[str, Any]) -> None:
        await ack(f"Looking up {command['text']}")
        await respond("Here it is")
        answered.append(command["text"])

    async with socket_mode(api, app, api.app_token) as handler:
        await handler.connect_async()
        assert api.calls("apps.connections.open")[0]["token"] == "xapp-test"
        await api.wait_for(lambda: api.socket_connected == 1)

        envelope_id = await api.socket_send_slash_command("/question", "url-shortener", user_id="U1")
        ack = await api.wait_for_ack(envelope_id)
        assert ack == {"envelope_id": envelope_id, "payload": {"text": "Looking up url-shortener"}}
        await api.wait_for(lambda: answered)
        posts = await api.wait_for(lambda: api.response_posts())
        assert posts[0]["text"] == "Here it is"

    await api.wait_for(lambda: api.socket_connected == 0)


async def test_socket_mode_events_interactive_ping_and_reconnect(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    retries: list[str | None] = []

    @app.event("app_mention")
    async def mention(request: AsyncBoltRequest, event: dict[str, Any], say: Any) -> None:
        retries.append(retry_num(request))
        await say(text="hi", thread_ts=event["ts"])

    @app.view("answer-modal")
    async def on_submit(ack: Any) -> None:
        await ack(response_action="clear")

    async with socket_mode(api, app, api.app_token) as handler:
        await handler.connect_async()
        event = api.payloads.app_mention("ping?")
        envelope_id = await api.socket_send_event(event, retry_attempt=1, retry_reason="timeout")
        assert await api.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
        await api.wait_for(lambda: api.messages("C1", thread_ts=event["ts"]))
        assert retries == ["1"]  # bolt mirrors retry_attempt into the x-slack-retry-num header

        submit = api.payloads.view_submission("answer-modal", {"answer": {"text": "42"}})
        envelope_id = await api.socket_send_interactive(submit)
        ack = await api.wait_for_ack(envelope_id)
        assert ack["payload"] == {"response_action": "clear"}

        assert any(p.startswith(b"sdk-ping-pong:") for p in api.socket_pings)  # slack_sdk pings on connect
        await api.socket_ping(b"are-you-alive")
        await api.wait_for(lambda: b"are-you-alive" in api.socket_pongs)

        await api.socket_disconnect("refresh_requested")
        await api.wait_for(lambda: api.socket_connections_total == 2 and api.socket_connected == 1)
        assert len(api.calls("apps.connections.open")) == 2
        envelope_id = await api.socket_send_event(api.payloads.app_mention("after reconnect"))
        await api.wait_for_ack(envelope_id)
        await api.wait_for(lambda: len(retries) == 2)


async def test_socket_mode_wrong_app_token_keeps_retrying(api: FakeSlackApi, client: AsyncWebClient) -> None:
    app = AsyncApp(client=client)
    handler = AsyncSocketModeHandler(app, "xapp-revoked", ping_interval=0.05)
    connecting = asyncio.ensure_future(handler.connect_async())
    try:
        # slack_sdk logs the error and retries every ping_interval; connect_async() never returns.
        await api.wait_for(lambda: len(api.calls("apps.connections.open")) >= 2)
        assert not connecting.done()
        assert {c["response"]["error"] for c in api.calls("apps.connections.open")} == {"invalid_auth"}
    finally:
        await close_socket_handler(handler)
        await asyncio.wait_for(connecting, timeout=2)
    assert api.socket_connections_total == 0


async def test_socket_url_needs_a_ticket(api: FakeSlackApi) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"ws://127.0.0.1:{api.port}/socket?ticket=forged")
