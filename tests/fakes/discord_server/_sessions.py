"""Gateway plumbing: a websocket connection's outgoing queue and a resumable session's event buffer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

from tests.fakes.discord_server._constants import JSON
from tests.fakes.discord_server._json import json_text


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

    def send(self, frame: JSON | str | Close | object) -> None:
        """Queue a frame for the socket: a dict is written as JSON, text goes as it is."""
        if self.closed:
            return
        if isinstance(frame, Close):
            self.closed = True
        self.queue.put_nowait(json_text(frame) if isinstance(frame, dict) else frame)


@dataclass(frozen=True)
class Frame:
    """A dispatched event as it was sent: its sequence number and its JSON text.

    Written once, when dispatched: what it was made from may change later (a message edited) without
    reaching a session that resumes, and no session needs its own copy of the data."""

    seq: int
    text: str


@dataclass
class Session:
    id: str
    intents: int
    shard: list[int] | None = None
    seq: int = 0
    buffer: list[Frame] = field(default_factory=list)
    connection: Connection | None = None
    valid: bool = True

    def dispatch(self, event: str, data: JSON) -> None:
        self.seq += 1
        frame = Frame(self.seq, json_text({"op": 0, "t": event, "s": self.seq, "d": data}))
        self.buffer.append(frame)
        del self.buffer[:-500]
        if self.connection is not None:
            self.connection.send(frame.text)
