"""Discord shards shared out between processes on one Redis, under leases like the deadline queue.

Each process registers as a member and claims free shards up to its fair share (the shard count over
the live members, rounded up). A claim is a lease: renewed while the process lives, taken over by
another process once it runs out. A shard is never handed to a second process while its lease holds:
a process that wants it waits. Identify pacing is here too: Discord allows one IDENTIFY per bucket
(`shard_id % max_concurrency`) every 5 seconds, across every process on the token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from bot.clock import Clock
from bot.store import Store

LEASE_SECONDS = 30.0
IDENTIFY_WINDOW_SECONDS = 5.0
POLL_MS = 250
SLOT_MARGIN_MS = 250

# KEYS: owners (hash shard -> owner), leases (zset shard -> until ms), members (zset owner -> until ms).
# ARGV: now_ms, until_ms, owner, shard_count. Joins, then claims free shards up to the fair share.
_CLAIM = """
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
local count = tonumber(ARGV[4])
local share = math.ceil(count / redis.call('ZCARD', KEYS[3]))
local held, free = 0, {}
for shard = 0, count - 1 do
  local owner = redis.call('HGET', KEYS[1], shard)
  local expiry = tonumber(redis.call('ZSCORE', KEYS[2], shard) or '0')
  if owner and expiry > tonumber(ARGV[1]) then
    if owner == ARGV[3] then held = held + 1 end
  else
    table.insert(free, shard)
  end
end
local claimed = {}
for _, shard in ipairs(free) do
  if held >= share then break end
  redis.call('HSET', KEYS[1], shard, ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[2], shard)
  held = held + 1
  table.insert(claimed, shard)
end
return claimed
"""

# Same KEYS. ARGV: now_ms, until_ms, owner, shard... Renews the owner's unexpired leases; returns them.
_RENEW = """
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
local renewed = {}
for i = 4, #ARGV do
  local expiry = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[i]) or '0')
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[3] and expiry > tonumber(ARGV[1]) then
    redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i])
    table.insert(renewed, tonumber(ARGV[i]))
  end
end
return renewed
"""

# Same KEYS. ARGV: owner, shard... Gives the owner's shards back at once and leaves.
_RELEASE = """
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
  end
end
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
"""


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class ShardLeases:
    """One process's view of the shard leases for one shard count."""

    def __init__(
        self, store: Store, clock: Clock, shard_count: int, owner: str, *, lease_seconds: float = LEASE_SECONDS
    ) -> None:
        self.clock = clock
        self.shard_count = shard_count
        self.owner = owner
        self.lease_seconds = lease_seconds
        self._keys = [
            store.global_key("discord", "shards", shard_count, part) for part in ("owners", "leases", "members")
        ]
        self._claim = store.redis.register_script(_CLAIM)
        self._renew = store.redis.register_script(_RENEW)
        self._release = store.redis.register_script(_RELEASE)

    def _window(self) -> tuple[int, int]:
        now = self.clock.now()
        return _ms(now), _ms(now) + int(self.lease_seconds * 1000)

    async def claim(self) -> list[int]:
        """Stay a member and claim free shards up to this process's fair share; return the new ones."""
        now_ms, until_ms = self._window()
        claimed = await self._claim(keys=self._keys, args=[now_ms, until_ms, self.owner, self.shard_count])
        return [int(shard) for shard in claimed]

    async def renew(self, held: Iterable[int]) -> set[int]:
        """Extend the leases on `held` that are still this process's; the rest were lost."""
        now_ms, until_ms = self._window()
        renewed = await self._renew(keys=self._keys, args=[now_ms, until_ms, self.owner, *held])
        return {int(shard) for shard in renewed}

    async def release(self, held: Iterable[int]) -> None:
        """Give `held` back at once (a clean shutdown) and stop counting as a member."""
        await self._release(keys=self._keys, args=[self.owner, *held])


class IdentifySlots:
    """Discord's identify rate across processes: one IDENTIFY per bucket per window."""

    def __init__(self, store: Store, max_concurrency: int, *, window_seconds: float = IDENTIFY_WINDOW_SECONDS) -> None:
        self.store = store
        self.max_concurrency = max(1, max_concurrency)
        # Held a little longer than Discord's window: the IDENTIFY leaves a moment after the slot is taken,
        # and Discord times it on arrival.
        self.window_ms = max(1, int(window_seconds * 1000 * 1.1) + SLOT_MARGIN_MS)

    async def acquire(self, shard_id: int | None) -> None:
        """Wait until this shard's bucket may IDENTIFY, and take the slot (Redis keeps the window's time)."""
        bucket = (shard_id or 0) % self.max_concurrency
        key = self.store.global_key("discord", "identify", self.max_concurrency, bucket)
        while not await self.store.redis.set(key, "1", nx=True, px=self.window_ms):
            wait_ms = await self.store.redis.pttl(key)
            await asyncio.sleep(min(max(wait_ms, 10), POLL_MS) / 1000)  # short polls: a flushed key frees it
