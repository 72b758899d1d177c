"""Redis state: a real server when REDIS_URL is set, an embedded in-memory one otherwise.

Every key carries platform and workspace (`pp:<platform>:<workspace>:...`) so two
workspaces never see each other's data; the prefix (`REDIS_KEY_PREFIX`, default `pp`) keeps
two deployments on one Redis apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import redis.asyncio as aioredis

from bot.redis_writes import use_timer_bound_writes

EMBEDDED_NOTICE = "state is in memory and lost at exit; set REDIS_URL to keep it"
DEFAULT_PREFIX = "pp"
DELETE_BATCH = 500  # keys per DEL when a namespace or a workspace is deleted
# No ':' (a prefix must not look like a prefix plus a platform), no glob characters (SCAN MATCH
# uses it) and no braces (Redis Cluster reads `{...}` as a hash tag).
KEY_PREFIX_PATTERN = r"^[A-Za-z0-9_.-]{1,40}$"


class Scoped(Protocol):
    """Anything that belongs to one workspace of one platform (users, channels, threads)."""

    @property
    def platform(self) -> str:
        """The platform the data belongs to."""

    @property
    def workspace(self) -> str:
        """The workspace (Discord guild, Slack team) the data belongs to."""


@dataclass(frozen=True)
class Workspace:
    """One workspace of one platform: the scope of keys that belong to no channel or user."""

    platform: str
    workspace: str


class StoreUnavailable(Exception):
    """Redis cannot be reached."""


def _part(value: object) -> str:
    # A colon inside a part would make two different keys collide.
    return str(value).replace(":", "%3A")


class Store:
    """Redis, with keys scoped so that two workspaces never see each other's data."""

    def __init__(self, redis: aioredis.Redis, *, embedded: bool, prefix: str = DEFAULT_PREFIX) -> None:
        self.redis = redis
        self.embedded = embedded
        self.prefix = prefix

    def key(self, scope: Scoped, *parts: object) -> str:
        """`{prefix}:{platform}:{workspace}:{parts...}`."""
        head = [self.prefix, _part(scope.platform), _part(scope.workspace)]
        return ":".join(head + [_part(part) for part in parts])

    def global_key(self, *parts: object) -> str:
        """A key shared by every workspace (the deadline queue, process bookkeeping)."""
        return ":".join([self.prefix, "_", *(_part(part) for part in parts)])

    async def claim_once(self, key: str, ttl_seconds: int) -> bool:
        """True for the first caller across every process; False for repeats within the TTL."""
        return bool(await self.redis.set(key, "1", nx=True, ex=ttl_seconds))

    async def ping(self) -> bool:
        """Whether Redis answers (False rather than raising when it is down)."""
        try:
            return bool(await self.redis.ping())
        except (aioredis.ConnectionError, aioredis.TimeoutError, OSError):
            return False

    async def delete_namespace(self) -> int:
        """Delete every key under this store's prefix (tests, and `make reset` on a dev box)."""
        return await self._delete_matching(f"{self.prefix}:*")

    async def delete_workspace(self, scope: Scoped) -> int:
        """Delete every key of one workspace (`{prefix}:{platform}:{workspace}:*`); return how many."""
        head = ":".join([self.prefix, _part(scope.platform), _part(scope.workspace)])
        return await self._delete_matching(_glob_escaped(head) + ":*")

    async def _delete_matching(self, pattern: str) -> int:
        """Delete the keys matching a glob, a few hundred per command rather than one round trip each."""
        deleted = 0
        batch: list[Any] = []
        async for key in self.redis.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= DELETE_BATCH:
                deleted += int(await self.redis.delete(*batch))
                batch.clear()
        if batch:
            deleted += int(await self.redis.delete(*batch))
        return deleted

    async def close(self) -> None:
        """Close the Redis connections."""
        await self.redis.aclose()


def _glob_escaped(text: str) -> str:
    """The text as a literal in a SCAN pattern."""
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


def _embedded_redis() -> aioredis.Redis:
    import fakeredis  # imported here so a real deployment never loads it

    client: Any = fakeredis.FakeAsyncRedis(decode_responses=True)
    return client  # type: ignore[no-any-return]


async def open_store(redis_url: str | None, *, prefix: str = DEFAULT_PREFIX) -> Store:
    """Connect to `redis_url`, or start the embedded store when it is None."""
    if redis_url is None:
        return Store(_embedded_redis(), embedded=True, prefix=prefix)
    client = aioredis.Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_connect_timeout=5,
        socket_timeout=5,
        health_check_interval=30,
    )
    use_timer_bound_writes(client)
    store = Store(client, embedded=False, prefix=prefix)
    if not await store.ping():
        await store.close()
        raise StoreUnavailable(f"cannot reach Redis at {_redacted(redis_url)}")
    return store


def _redacted(url: str) -> str:
    """The URL without its password, fit for a log line."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"
