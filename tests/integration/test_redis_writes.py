"""Redis writes bounded by one timer: no task per command, and a stuck write still times out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from bot.redis_writes import TimerBoundWrites, use_timer_bound_writes
from bot.store import open_store


@contextmanager
def counting_tasks() -> Iterator[list[object]]:
    """Every task the running loop creates meanwhile."""
    loop = asyncio.get_running_loop()
    created: list[object] = []
    previous = loop.get_task_factory()

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        created.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(factory)
    try:
        yield created
    finally:
        loop.set_task_factory(previous)


async def test_store_commands_start_no_task_each(redis_server_url: str) -> None:
    store = await open_store(redis_server_url, prefix="writes-test")
    try:
        key = store.global_key("counter")
        await store.redis.delete(key)  # the connection is open and checked before counting
        with counting_tasks() as created:
            for _ in range(20):
                await store.redis.incr(key)
            claimed = await store.claim_once(store.global_key("claim"), 60)
        assert await store.redis.get(key) == "20"
        assert claimed is True
        assert created == []  # redis-py's wait_for would have started one task per command
        [connection] = store.redis.connection_pool._available_connections
        assert isinstance(connection, TimerBoundWrites)
        assert connection.socket_timeout == 5  # restored after each write
    finally:
        await store.delete_namespace()
        await store.close()


class StallingServer:
    """Answers OK to every command until told to stall; then it stops reading, so writes to it back up."""

    def __init__(self) -> None:
        self.stalled = asyncio.Event()
        self.held: list[asyncio.StreamWriter] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.held.append(writer)
        while not self.stalled.is_set():
            chunk = await reader.read(65536)
            if not chunk:
                return
            writer.write(b"+OK\r\n" * chunk.count(b"*"))  # one reply per command (no '*' in what is sent)


@pytest.fixture
async def stalling() -> AsyncIterator[tuple[StallingServer, int]]:
    stand_in = StallingServer()
    server = await asyncio.start_server(stand_in.serve, "127.0.0.1", 0)
    try:
        yield stand_in, server.sockets[0].getsockname()[1]
    finally:
        for writer in stand_in.held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_write_that_stalls_fails_as_redis_py_reports_a_timeout(stalling: tuple[StallingServer, int]) -> None:
    stand_in, port = stalling
    client = aioredis.Redis(host="127.0.0.1", port=port, socket_timeout=0.3, retry=Retry(NoBackoff(), 0))
    use_timer_bound_writes(client)
    try:
        assert await client.set("small", "1") is True  # connected, handshake answered
        stand_in.stalled.set()
        await client.set("wake", "1")  # the server reads this one, then reads no more
        with pytest.raises(RedisTimeoutError, match="Timeout writing to socket"):
            await client.set("big", b"x" * 64 * 1024 * 1024)  # far more than the socket buffers hold
        [connection] = client.connection_pool._available_connections
        assert not connection.is_connected  # dropped, as redis-py drops a connection after a failed write
        assert connection.socket_timeout == 0.3
    finally:
        await client.aclose()
