"""Gateway plumbing: a websocket connection's outgoing queue and a resumable session's event buffer."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.discord_server._constants import JSON


@dataclass(frozen=True)
class Close:
    code: int
    reason: str


READY_MARK = object()


class Connection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str | Close | object] = asyncio.Queue()
        self.session: Session | None = None
        self.ready = False
        self.closed = False
        self.dropped = False
        self.writer: asyncio.Task[None] | None = None

    def send(self, frame: JSON | Close | object) -> None:
        if self.closed:
            return
        if isinstance(frame, Close):
            self.closed = True
        self.queue.put_nowait(json.dumps(frame) if isinstance(frame, dict) else frame)


@dataclass
class Session:
    id: str
    intents: int
    shard: list[int] | None = None
    seq: int = 0
    buffer: list[JSON] = field(default_factory=list)
    connection: Connection | None = None
    valid: bool = True

    def dispatch(self, event: str, data: JSON) -> None:
        self.seq += 1
        frame = {"op": 0, "t": event, "s": self.seq, "d": data}
        self.buffer.append(frame)
        del self.buffer[:-500]
        if self.connection is not None:
            self.connection.send(frame)
