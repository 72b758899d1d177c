"""The benchmarks' load generator reads every response whole, however the server frames it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bench.http_load import Connections, post, read_response


@pytest.fixture
async def server() -> AsyncIterator[tuple[int, list[bytes], list[int]]]:
    """A local server: /sized answers with a Content-Length, /chunked in chunks, /closing closes the
    connection after answering, /refused answers 403. Yields its port, the bodies it got and the
    number of connections it saw."""
    received: list[bytes] = []
    connections: list[int] = []  # the client's port of each request's connection

    async def sized(request: web.Request) -> web.Response:
        received.append(await request.read())
        assert request.transport is not None
        connections.append(request.transport.get_extra_info("peername")[1])
        return web.Response(text="sized answer")

    async def chunked(request: web.Request) -> web.StreamResponse:
        received.append(await request.read())
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for part in (b"first ", b"second ", b"third"):
            await response.write(part)
        await response.write_eof()
        return response

    async def closing(request: web.Request) -> web.Response:
        received.append(await request.read())
        assert request.transport is not None
        connections.append(request.transport.get_extra_info("peername")[1])
        return web.Response(text="bye", headers={"Connection": "close"})

    async def refused(request: web.Request) -> web.Response:
        received.append(await request.read())
        return web.json_response({"ok": False}, status=403)

    app = web.Application()
    for path, handler in (("/sized", sized), ("/chunked", chunked), ("/closing", closing), ("/refused", refused)):
        app.router.add_post(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield port, received, connections
    await runner.cleanup()


async def test_every_request_is_sent_whole_and_timed_by_kind(server: tuple[int, list[bytes], list[int]]) -> None:
    port, received, _ = server
    requests = [
        post("127.0.0.1", port, "/sized" if n % 2 else "/chunked", f"body {n}".encode(), {"X-N": str(n)}, kind=kind)
        for n, kind in enumerate(["a", "b"] * 10)
    ]

    connections = Connections("127.0.0.1", port, 3)
    result = await connections.run(requests)
    connections.close()

    assert sorted(received) == sorted(f"body {n}".encode() for n in range(20))
    assert {kind: len(seconds) for kind, seconds in result.timings.items()} == {"a": 10, "b": 10}
    assert all(seconds > 0 for seconds in result.timings["a"] + result.timings["b"])
    assert result.failures == []


async def test_a_chunked_body_is_read_to_its_end(server: tuple[int, list[bytes], list[int]]) -> None:
    port, _, _ = server
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = post("127.0.0.1", port, "/chunked", b"x", {})
    writer.write(request.data + request.data)  # two in a row on one connection: the first must end exactly

    first, second = await read_response(reader), await read_response(reader)
    writer.close()

    assert first.status == second.status == 200
    assert first.body == second.body == b"first second third"


async def test_statuses_other_than_200_are_counted(server: tuple[int, list[bytes], list[int]]) -> None:
    port, _, _ = server
    requests = [post("127.0.0.1", port, "/refused", b"{}", {"Content-Type": "application/json"}) for _ in range(4)]

    connections = Connections("127.0.0.1", port, 2)
    result = await connections.run(requests)
    connections.close()

    assert result.failures == [403, 403, 403, 403]


async def test_a_connection_the_server_closes_is_opened_again(server: tuple[int, list[bytes], list[int]]) -> None:
    port, received, connections_seen = server
    requests = [post("127.0.0.1", port, "/closing", str(n).encode(), {}) for n in range(5)]

    connections = Connections("127.0.0.1", port, 1)
    result = await connections.run(requests)
    connections.close()

    assert len(result.timings[""]) == 5
    assert sorted(received) == [str(n).encode() for n in range(5)]
    assert len(set(connections_seen)) == 5  # one connection each: each answer closed its own


async def test_the_connections_are_kept_from_one_run_to_the_next(server: tuple[int, list[bytes], list[int]]) -> None:
    port, _, connections_seen = server
    connections = Connections("127.0.0.1", port, 2)

    for _ in range(3):
        await connections.run([post("127.0.0.1", port, "/sized", b"x", {}) for _ in range(4)])
    connections.close()

    assert len(connections_seen) == 12
    assert len(set(connections_seen)) == 2  # two connections, opened once, used by all three runs


async def test_something_that_is_not_http_is_refused() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(b"SSH-2.0-OpenSSH\r\n\r\n")
    reader.feed_eof()

    with pytest.raises(ValueError, match="not an HTTP/1.x status line"):
        await read_response(reader)
