"""The gateway websocket: HELLO, IDENTIFY and RESUME, heartbeats, member requests, event dispatch, drops."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets

from aiohttp import WSMsgType, web

from tests.fakes.discord_server._constants import JSON, Intent
from tests.fakes.discord_server._models import StoredMessage
from tests.fakes.discord_server._sessions import READY_MARK, Close, Connection, Session
from tests.fakes.discord_server._shards import Sharding


class Gateway(Sharding):
    """Serves ``/gateway`` and dispatches events to the live sessions (by their intents)."""

    # -- gateway control -------------------------------------------------------------------------------------

    async def drop_connections(self, *, code: int = 4000, invalidate_sessions: bool = False) -> int:
        """Close every gateway connection (as a Discord restart would). Returns how many were dropped.

        discord.py then reconnects and RESUMEs (missed events are replayed); with ``invalidate_sessions`` the
        resume is refused (op 9) and the client IDENTIFIES afresh and gets a new READY.
        """
        dropped = [c for c in self._connections if not c.closed]
        for connection in dropped:
            connection.dropped = True
            self._detach(connection)
            connection.send(Close(code, "dropped by the fake"))
        if invalidate_sessions:
            for session in self._sessions.values():
                session.valid = False
        writers = [c.writer for c in dropped if c.writer is not None]
        if writers:
            await asyncio.wait(writers, timeout=3.0)
        return len(dropped)

    def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every connected client."""
        for connection in list(self._connections):
            connection.send({"op": 7, "d": None})

    # -- connections -----------------------------------------------------------------------------------------

    def _detach(self, connection: Connection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)
        session = connection.session
        if session is not None and session.connection is connection:
            session.connection = None

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=2.0)
        await ws.prepare(request)
        connection = Connection(ws)
        self._connections.append(connection)
        connection.writer = asyncio.create_task(self._writer(connection), name="fake-discord-gateway-writer")
        connection.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake"]}})
        try:
            async for frame in ws:
                if frame.type is WSMsgType.TEXT:
                    try:
                        decoded = json.loads(frame.data)
                    except ValueError:
                        decoded = None
                    if not isinstance(decoded, dict):
                        connection.send(Close(4002, "Decode error."))
                        continue
                    self._gateway_receive(connection, decoded)
                elif frame.type is WSMsgType.BINARY:
                    connection.send(Close(4002, "Decode error."))
        finally:
            client_closed_cleanly = not connection.dropped and ws.close_code in (1000, 1001)
            self._detach(connection)
            if client_closed_cleanly and connection.session is not None:
                connection.session.valid = False  # like Discord: a 1000/1001 close ends the session
            connection.closed = True
            writer = connection.writer
            if writer is not None and not writer.done():
                if connection.dropped:
                    await asyncio.wait([writer], timeout=2.0)
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer
        return ws

    async def _writer(self, connection: Connection) -> None:
        ws = connection.ws
        try:
            while True:
                item = await connection.queue.get()
                if isinstance(item, Close):
                    await ws.close(code=item.code, message=item.reason.encode())
                    return
                if item is READY_MARK:
                    connection.ready = True
                elif isinstance(item, str) and not ws.closed:
                    await ws.send_str(item)
        except (ConnectionError, RuntimeError):
            return

    def _gateway_receive(self, connection: Connection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            connection.send({"op": 11})
        elif op == 2:
            self._identify(connection, data or {})
        elif op == 6:
            self._resume(connection, data or {})
        elif op == 8:
            self._request_members(connection, data or {})
        elif op in (3, 4):
            return
        else:
            connection.send(Close(4001, "Unknown opcode."))

    # -- opcodes ---------------------------------------------------------------------------------------------

    def _identify(self, connection: Connection, data: JSON) -> None:
        if connection.session is not None:
            connection.send(Close(4005, "Already authenticated."))
            return
        if not self._token_ok(data.get("token")):
            self.rejected_identifies += 1
            connection.send(Close(4004, "Authentication failed."))
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            connection.send(Close(4013, "Invalid intent(s)."))
            return
        if intents & Intent.PRIVILEGED & ~self.privileged_intents:
            connection.send(Close(4014, "Disallowed intent(s)."))
            return
        refusal = self._shard_refusal(data)
        if refusal is not None:
            connection.send(refusal)
            return
        shard = data.get("shard")
        if self._identify_rate_limited(shard):
            connection.send({"op": 9, "d": False})
            return
        self._note_overlap(shard)
        session = Session(secrets.token_hex(16), intents, shard=shard)
        self._sessions[session.id] = session
        session.connection = connection
        connection.session = session
        ready: JSON = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(g), "unavailable": True} for g in self._guilds_of(session.shard)],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self._app_payload()["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "user_settings": {},
            "_trace": ["fake"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        session.dispatch("READY", ready)
        for guild_id in self._guilds_of(session.shard):
            session.dispatch("GUILD_CREATE", self._guild_create_payload(guild_id))
        connection.send(READY_MARK)
        self.identify_count += 1
        self.ready_count += 1

    def _resume(self, connection: Connection, data: JSON) -> None:
        if not self._token_ok(data.get("token")):
            connection.send(Close(4004, "Authentication failed."))
            return
        session = self._sessions.get(str(data.get("session_id")))
        seq = data.get("seq") or 0
        oldest = session.buffer[0].seq if session and session.buffer else 1
        if session is None or not session.valid or seq + 1 < oldest:
            connection.send({"op": 9, "d": False})
            return
        previous = session.connection
        if previous is not None and previous is not connection:
            previous.dropped = True
            self._detach(previous)
            previous.send(Close(4000, "Session resumed elsewhere."))
        session.connection = connection
        connection.session = session
        for frame in session.buffer:
            if frame.seq > seq:
                connection.send(frame.text)
        session.dispatch("RESUMED", {"_trace": ["fake"]})
        connection.send(READY_MARK)
        self.resume_count += 1
        self.ready_count += 1

    def _request_members(self, connection: Connection, data: JSON) -> None:
        session = connection.session
        if session is None:
            connection.send(Close(4003, "Not authenticated."))
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        limit = int(data.get("limit") or 0) or len(self.guild_members)
        found = [
            self.users[u]
            for u in self.guild_members
            if (not wanted or u in wanted) and self.users[u].username.lower().startswith(query)
        ][:limit]
        session.dispatch(
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": str(data.get("guild_id") or self.guild_id),
                "members": [self._member_payload(u) for u in found],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [str(u) for u in wanted - {u.id for u in found}],
                "nonce": data.get("nonce"),
            },
        )

    # -- events ----------------------------------------------------------------------------------------------

    def _dispatch_message_event(self, event: str, message: StoredMessage) -> None:
        if message.ephemeral:
            return
        needed = Intent.GUILD_MESSAGES if message.guild_id is not None else Intent.DIRECT_MESSAGES
        full = self._message_payload(message, gateway=True)
        for session in self._sessions_for(message.guild_id):
            if not session.intents & needed:
                continue
            visible = (
                session.intents & Intent.MESSAGE_CONTENT
                or message.guild_id is None
                or message.author.id == self.bot_user.id
                or self.bot_user.id in message.mentions
            )
            payload = full if visible else {**full, "content": "", "embeds": [], "attachments": [], "components": []}
            session.dispatch(event, payload)

    def _dispatch_message_delete(self, message: StoredMessage) -> None:
        if message.ephemeral:
            return
        needed = Intent.GUILD_MESSAGES if message.guild_id is not None else Intent.DIRECT_MESSAGES
        data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        for session in self._sessions_for(message.guild_id):
            if session.intents & needed:
                session.dispatch("MESSAGE_DELETE", dict(data))

    def _dispatch_guild_event(self, event: str, data: JSON) -> None:
        guild_id = int(data["guild_id"]) if data.get("guild_id") else None
        for session in self._sessions_for(guild_id):
            if session.intents & Intent.GUILDS:
                session.dispatch(event, data)
