"""Redis writes bounded by one timer, not by a task each.

redis-py bounds every command's write with `asyncio.wait_for(..., socket_timeout)`, which on Python 3.11
wraps the write in a new task: a task, and a turn of the event loop, for every Redis call. Under load a
turn takes milliseconds, and the bot makes a Redis call for every Slack request and Discord interaction
(bench/ack.py: ~8% of the Discord bot's CPU per interaction). The connections here bound the same write
with `asyncio.timeout`, a single timer, and raise what redis-py raises when it runs out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import redis.asyncio as aioredis
from redis.exceptions import TimeoutError as RedisTimeoutError

if TYPE_CHECKING:  # a mixin over whichever connection class the URL chose; type-checked as the plain one
    _Connection = aioredis.Connection
else:
    _Connection = object


class TimerBoundWrites(_Connection):
    """Put before a redis-py connection class: its writes are bounded by one timer."""

    async def send_packed_command(self, command: bytes | str | Iterable[bytes], check_health: bool = True) -> None:
        """Send a command, its write (and a health check's round trip) bounded by one timer."""
        timeout = self.socket_timeout
        if not timeout:
            await super().send_packed_command(command, check_health)
            return
        # Without a socket timeout redis-py writes directly; the timer bounds the whole of it instead. The
        # connection serves one command at a time, so nothing else reads the attribute meanwhile.
        self.socket_timeout = None
        try:
            async with asyncio.timeout(timeout):
                await super().send_packed_command(command, check_health)
        except TimeoutError:  # the timer's (redis-py turns its own into RedisTimeoutError): it disconnected
            raise RedisTimeoutError("Timeout writing to socket") from None
        finally:
            self.socket_timeout = timeout


def timer_bound(connection_class: type[Any]) -> type[Any]:
    """`connection_class` (plain, TLS or Unix socket, as the URL chose) with timer-bound writes."""
    if issubclass(connection_class, TimerBoundWrites):
        return connection_class
    return type(f"TimerBound{connection_class.__name__}", (TimerBoundWrites, connection_class), {})


def use_timer_bound_writes(client: aioredis.Redis) -> None:
    """Make the client's pool open its connections with timer-bound writes (before it opens any)."""
    pool = client.connection_pool
    pool.connection_class = timer_bound(pool.connection_class)
