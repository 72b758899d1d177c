"""The Redis side of a batch of mock timers: each step one command for the whole batch.

The same guards as one mock at a time (`MockService._claim_send`, `_mark_sent`, `SessionStore.update`),
run by a Lua script over many keys: atomic per key as before, and one round trip instead of hundreds.
"""

from __future__ import annotations

from bot.store import Store

# KEYS: send guards. ARGV: lease seconds. Claims each guard that is free: 1 (this process sends it) or 0.
_CLAIM_SENDS = """
local won = {}
for i, key in ipairs(KEYS) do
  won[i] = redis.call('SET', key, 'sending', 'NX', 'EX', ARGV[1]) and 1 or 0
end
return won
"""

# KEYS: send guards of what was sent. ARGV: their TTL. Each guard becomes "sent" (no process sends it again).
_MARK_SENT = """
for _, key in ipairs(KEYS) do
  redis.call('SET', key, 'sent', 'EX', ARGV[1])
end
return #KEYS
"""

# KEYS: mocks. ARGV: for each, the JSON it must still hold and the JSON to write. Each is written only if
# no one changed it since it was read: 1 if written, 0 if not (read it again and retry). (The JSON read is
# compared whole: the embedded Redis, fakeredis, has no redis.sha1hex to compare digests with.)
_WRITE_UNCHANGED = """
local written = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i * 2 - 1] then
    redis.call('SET', key, ARGV[i * 2], 'KEEPTTL')
    written[i] = 1
  else
    written[i] = 0
  end
end
return written
"""


class BatchWrites:
    """Send guards and optimistic mock writes for many mocks at once."""

    def __init__(self, store: Store) -> None:
        self._claim_sends = store.redis.register_script(_CLAIM_SENDS)
        self._mark_sent = store.redis.register_script(_MARK_SENT)
        self._write_unchanged = store.redis.register_script(_WRITE_UNCHANGED)

    async def claim_sends(self, guards: list[str], lease_seconds: int) -> list[bool]:
        """Claim each send guard; True for those this process is to send (never twice across processes)."""
        if not guards:
            return []
        return [bool(won) for won in await self._claim_sends(keys=guards, args=[lease_seconds])]

    async def mark_sent(self, guards: list[str], sent_ttl: int) -> None:
        """Mark the send guards of what went out as sent, for `sent_ttl` seconds."""
        if guards:
            await self._mark_sent(keys=guards, args=[sent_ttl])

    async def write_unchanged(self, writes: list[tuple[str, str, str]]) -> list[bool]:
        """Write each (key, JSON read, new JSON) if the key still holds what was read; whether each was written."""
        if not writes:
            return []
        args = [item for _, was, new in writes for item in (was, new)]
        written = await self._write_unchanged(keys=[key for key, _, _ in writes], args=args)
        return [bool(done) for done in written]
