"""Pace outgoing messages per channel across every bot process (Slack allows ~1 message/s)."""

from __future__ import annotations

from bot.clock import Clock
from bot.store import Scoped, Store

# Reserve the next free slot for a channel atomically; returns how many ms to wait for it.
_RESERVE_SLOT = """
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local next_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_free)
redis.call('SET', KEYS[1], slot + gap, 'PX', slot + gap - now + 1000)
return slot - now
"""


class Pacer:
    """Spaces messages to one channel at least `gap_seconds` apart, across every bot process."""

    def __init__(self, store: Store, clock: Clock, *, gap_seconds: float = 1.0) -> None:
        self.store = store
        self.clock = clock
        self.gap_ms = int(gap_seconds * 1000)
        self._reserve = store.redis.register_script(_RESERVE_SLOT)

    async def wait_turn(self, scope: Scoped, channel_id: str) -> float:
        """Wait until this process may post in the channel; return the seconds waited."""
        now_ms = int(self.clock.now().timestamp() * 1000)
        key = self.store.key(scope, "pace", channel_id)
        wait_ms = int(await self._reserve(keys=[key], args=[now_ms, self.gap_ms]))
        if wait_ms > 0:
            await self.clock.sleep(wait_ms / 1000)
        return wait_ms / 1000
