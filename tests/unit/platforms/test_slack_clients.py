"""The Slack app shares its one Web API client across requests, and otherwise sets a request up as Bolt does."""

from __future__ import annotations

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.platforms.slack_clients import SharedClientApp, web_client

COMMAND = {"command": "/pp-help", "team_id": "T1", "user_id": "U1", "channel_id": "C1", "response_url": "http://x/y"}


async def test_every_request_gets_the_apps_own_client_and_the_context_bolt_gives() -> None:
    client = web_client("xoxb-test-token", "http://127.0.0.1:1/api/")
    shared = SharedClientApp(client=client, request_verification_enabled=False)
    stock = AsyncApp(client=client, request_verification_enabled=False)
    ours, bolts = AsyncBoltRequest(body=COMMAND, mode="socket_mode"), AsyncBoltRequest(body=COMMAND, mode="socket_mode")
    shared._init_context(ours)
    stock._init_context(bolts)
    assert ours.context.client is client
    assert sorted(ours.context) == sorted(bolts.context)  # a Bolt upgrade that sets more up shows here
    assert (ours.context.token, ours.context.client.base_url) == (bolts.context.token, bolts.context.client.base_url)
