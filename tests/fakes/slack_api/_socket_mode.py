"""Socket Mode: the ``hello``, pushing ``slash_commands``/``events_api``/``interactive`` envelopes, acks."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from tests.fakes.slack_api._common import Json
from tests.fakes.slack_api._response_url import ResponseUrls


class SocketMode(ResponseUrls):
    """Socket Mode: the websocket clients connect to, envelopes pushed to them, and what they send back."""

    async def _handle_socket(self, request: web.Request) -> web.StreamResponse:
        if request.query.get("ticket") not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=False, timeout=2.0)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections_total += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._sockets),
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 3600,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )
        self.recorder.notify()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    try:
                        data: Any = json.loads(message.data)
                    except ValueError:
                        data = message.data
                    self.socket_received.append(data)
                    if isinstance(data, dict) and "envelope_id" in data:
                        self.socket_acks.append(data)
                        self._apply_socket_ack(data)
                elif message.type == WSMsgType.PING:
                    self.socket_pings.append(bytes(message.data))
                    await ws.pong(message.data)
                elif message.type == WSMsgType.PONG:
                    self.socket_pongs.append(bytes(message.data))
                elif message.type == WSMsgType.ERROR:
                    break
                self.recorder.notify()
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
            self.recorder.notify()
        return ws

    def _apply_socket_ack(self, ack: Json) -> None:
        """A slash command's ack may carry a message (``payload``), as over HTTP."""
        sent = self._envelopes.get(str(ack["envelope_id"]))
        response_url = sent and sent["payload"].get("response_url")
        if sent is not None and response_url and ack.get("payload"):
            accepts = bool(sent.get("accepts_response_payload")) and sent["type"] == "slash_commands"
            self.apply_ack(str(response_url), ack["payload"], accepts_payload=accepts, via="socket")

    @property
    def socket_connected(self) -> int:
        """How many Socket Mode connections are open right now."""
        return len(self._sockets)

    async def _socket(self, timeout: float) -> web.WebSocketResponse:  # noqa: ASYNC109
        await self.wait_for(lambda: self._sockets, timeout=timeout)
        return self._sockets[-1]

    async def socket_send(self, envelope: Json, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Send a raw frame on the newest connection, waiting up to ``timeout`` for one to exist."""
        ws = await self._socket(timeout)
        await ws.send_str(json.dumps(envelope))

    async def _send_envelope(self, kind: str, payload: Json, *, accepts_response_payload: bool, **extra: Any) -> str:
        envelope_id = str(uuid.uuid4())
        envelope: Json = {"envelope_id": envelope_id, "payload": payload, "type": kind}
        envelope["accepts_response_payload"] = accepts_response_payload
        envelope.update(extra)
        self._envelopes[envelope_id] = envelope
        await self.socket_send(envelope)
        return envelope_id

    async def socket_send_slash_command(self, command: str, text: str = "", **options: Any) -> str:
        """Push a ``slash_commands`` envelope (options as :meth:`SlackPayloads.slash_command`);
        returns its envelope_id."""
        payload: Json = dict(self.payloads.slash_command(command, text, **options))
        return await self._send_envelope("slash_commands", payload, accepts_response_payload=True)

    async def socket_send_event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """Push an ``events_api`` envelope wrapping ``event``; returns its envelope_id."""
        payload = self.payloads.event_callback(event, event_id=event_id)
        return await self._send_envelope(
            "events_api",
            payload,
            accepts_response_payload=False,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    async def socket_send_interactive(self, payload: Mapping[str, Any]) -> str:
        """Push an ``interactive`` envelope (build ``payload`` with ``api.payloads.block_actions`` or
        ``api.payloads.view_submission``); returns its envelope_id."""
        accepts = payload.get("type") in ("view_submission", "block_suggestion")
        return await self._send_envelope("interactive", dict(payload), accepts_response_payload=accepts)

    async def wait_for_ack(
        self,
        envelope_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Json:
        """The client's ack for ``envelope_id`` (``{"envelope_id": ..., "payload"?: ...}``)."""

        def ack() -> Json | None:
            return next((a for a in self.socket_acks if a.get("envelope_id") == envelope_id), None)

        found = await self.wait_for(ack, timeout=timeout)
        assert found is not None
        return found

    async def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's ``disconnect`` message; slack_sdk clients reconnect via apps.connections.open."""
        await self.socket_send({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    async def socket_ping(self, data: bytes = b"fake-slack-ping") -> None:
        """Send a websocket ping; the client's pong lands in :attr:`socket_pongs`."""
        ws = await self._socket(5.0)
        await ws.ping(data)

    async def socket_close(self, code: int = WSCloseCode.GOING_AWAY) -> None:
        """Close every open Socket Mode connection from the server side."""
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=code, message=b"closed by fake slack")
