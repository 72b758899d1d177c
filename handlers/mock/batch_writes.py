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

# KEYS: send guards of what was sent, then mocks. ARGV: how many guards, their TTL, then for each mock
# the JSON it must still hold and the JSON to write. Guards become "sent"; each mock is
# written only if no one changed it since it was read: 1 if written, 0 if not (read it again and retry).
_MARK_AND_WRITE = """
local guards = tonumber(ARGV[1])
for i = 1, guards do
  redis.call('SET', KEYS[i], 'sent', 'EX', ARGV[2])
end
local written = {}
for i = guards + 1, #KEYS do
  local at = 3 + (i - guards - 1) * 2
  if redis.call('GET', KEYS[i]) == ARGV[at] then
    redis.call('SET', KEYS[i], ARGV[at + 1], 'KEEPTTL')
    table.insert(written, 1)
  else
    table.insert(written, 0)
  end
end
return written
"""


class BatchWrites:
    """Send guards and optimistic mock writes for many mocks at once."""

    def __init__(self, store: Store) -> None:
        self._claim_sends = store.redis.register_script(_CLAIM_SENDS)
        self._mark_and_write = store.redis.register_script(_MARK_AND_WRITE)

    async def claim_sends(self, guards: list[str], lease_seconds: int) -> list[bool]:
        """Claim each send guard; True for those this process is to send (never twice across processes)."""
        if not guards:
            return []
        return [bool(won) for won in await self._claim_sends(keys=guards, args=[lease_seconds])]

    async def mark_and_write(self, sent: list[str], sent_ttl: int, writes: list[tuple[str, str, str]]) -> list[bool]:
        """Mark the guards `sent`; write each (key, JSON read, new JSON) if unchanged; whether each was written."""
        if not sent and not writes:
            return []
        args: list[str | int] = [len(sent), sent_ttl]
        for _, was, new in writes:
            args += [was, new]
        written = await self._mark_and_write(keys=[*sent, *(key for key, _, _ in writes)], args=args)
        return [bool(done) for done in written]
