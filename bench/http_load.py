"""A lean HTTP/1.1 load generator: keep-alive connections, requests written whole, responses read whole.

The benchmarks run it on the same two cores as the server under test. aiohttp's client spent 0.3-0.4 ms
of CPU per request there (about four times this one) and the server's own CPU per request rose with it,
so the figures measured the load generator as much as the server; Slack's requests come from elsewhere.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

HEAD_END = b"\r\n\r\n"


@dataclass(frozen=True)
class Request:
    """One request, as bytes ready to write; `kind` groups its timing."""

    kind: str
    data: bytes


@dataclass
class LoadResult:
    """Seconds from writing each request to reading its whole response, by kind; statuses other than 200."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def post(host: str, port: int, path: str, body: bytes, headers: dict[str, str], kind: str = "") -> Request:
    """A POST of `body` with `headers`, framed by Content-Length."""
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", *(f"{name}: {value}" for name, value in headers.items())]
    lines.append(f"Content-Length: {len(body)}")
    return Request(kind, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


async def read_response(reader: asyncio.StreamReader) -> Response:
    """One response: its status, headers (names lower-cased) and body, framed by length or chunks."""
    head = await reader.readuntil(HEAD_END)
    status_line, *header_lines = head[: -len(HEAD_END)].decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ValueError(f"not an HTTP/1.x status line: {status_line!r}")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunks(reader)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Response(int(parts[1]), headers, body)


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    chunks = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, then the blank line
                pass
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


class Connections:
    """Keep-alive connections to one server, kept from one load to the next as a client's pool is: a
    load then times requests, not connections being opened (the first request on a new connection
    waited for the server to accept it: 90-340 ms behind a saturated event loop)."""

    def __init__(self, host: str, port: int, count: int) -> None:
        self.host, self.port, self.count = host, port, count
        self._open: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def open(self) -> None:
        """Open the connections (again, if they were closed)."""
        self.close()
        self._open = [await asyncio.open_connection(self.host, self.port) for _ in range(self.count)]

    def close(self) -> None:
        for _, writer in self._open:
            writer.close()
        self._open = []

    async def run(self, requests: Iterable[Request]) -> LoadResult:
        """Send every request, one at a time on each connection, each waiting for its response."""
        if not self._open:
            await self.open()
        result = LoadResult()
        queue: Iterator[Request] = iter(requests)
        await asyncio.gather(*(self._send(number, queue, result) for number in range(self.count)))
        return result

    async def _send(self, number: int, queue: Iterator[Request], result: LoadResult) -> None:
        reader, writer = self._open[number]
        for request in queue:
            started = time.perf_counter()
            writer.write(request.data)
            response = await read_response(reader)
            result.timings.setdefault(request.kind, []).append(time.perf_counter() - started)
            if response.status != 200:
                result.failures.append(response.status)
            if response.headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = self._open[number] = await asyncio.open_connection(self.host, self.port)
