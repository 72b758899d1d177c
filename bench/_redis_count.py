"""Count the Redis commands a client sends: a connection class that notes each command it packs.

Every command goes through `Connection.pack_command` (pipelines and MULTI/EXEC pack each of
theirs, EVALSHA is one command however many calls its script makes), so counting there counts
what Redis receives, by command name. Connection setup (HELLO, CLIENT SETINFO, AUTH, SELECT)
is left out: it is paid once per pooled connection, not per feature.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

import redis.asyncio as aioredis

SETUP_COMMANDS = frozenset({"HELLO", "CLIENT", "AUTH", "SELECT"})


class CommandCounter:
    """Commands by name, with the deadline poller's own commands apart (they are paid per process)."""

    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()
        self.poll: Counter[str] = Counter()
        self.argument_bytes: Counter[str] = Counter()  # by command, over every run: sizes the benchmark's values
        self.sent: Counter[str] = Counter()
        self._polling = 0

    def add(self, name: str, argument_bytes: int = 0) -> None:
        """Count one command sent."""
        if name in SETUP_COMMANDS:
            return
        (self.poll if self._polling else self.commands)[name] += 1
        self.argument_bytes[name] += argument_bytes
        self.sent[name] += 1

    def mean_bytes(self, name: str) -> int:
        """The mean size of a command's arguments (key and values), in bytes."""
        return self.argument_bytes[name] // max(self.sent[name], 1)

    @contextlib.contextmanager
    def polling(self) -> Iterator[None]:
        """Count what runs inside as the poller's overhead, not as the feature's."""
        self._polling += 1
        try:
            yield
        finally:
            self._polling -= 1

    def take(self) -> tuple[Counter[str], Counter[str]]:
        """The feature's counts and the poller's since the last take, and start again."""
        taken = (self.commands, self.poll)
        self.commands, self.poll = Counter(), Counter()
        return taken


def counting_connection(counter: CommandCounter) -> type[aioredis.Connection]:
    """A redis.asyncio Connection class whose every command is counted by `counter`."""

    class CountingConnection(aioredis.Connection):
        def pack_command(self, *args: Any) -> list[bytes]:
            if args:
                first = args[0]
                name = first.decode() if isinstance(first, bytes) else str(first)
                size = sum(len(arg) if isinstance(arg, bytes | str) else 8 for arg in args[1:])
                counter.add(name.split(" ", 1)[0].upper(), size)
            return super().pack_command(*args)

    return CountingConnection


def counting_client(redis_url: str, counter: CommandCounter) -> aioredis.Redis:
    """A client on `redis_url` (redis://) whose commands are counted."""
    if not redis_url.startswith("redis://"):  # rediss:// and unix:// bring their own connection class
        raise ValueError("the command counter needs a redis:// URL")
    return aioredis.Redis.from_url(redis_url, decode_responses=True, connection_class=counting_connection(counter))
