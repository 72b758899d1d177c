"""The deadline queue's Lua scripts (each atomic in Redis: no two processes interleave) and entry helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.deadline_models import Deadline, RawDeadline

# KEYS: queue, leases. ARGV: now_ms, lease_until_ms, batch. Moves due entries to the lease set.
CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for i = 1, #due, 2 do
  if redis.call('ZREM', KEYS[1], due[i]) == 1 then
    redis.call('ZADD', KEYS[2], ARGV[2], due[i])
    table.insert(claimed, due[i])
    table.insert(claimed, due[i + 1])
  end
end
return claimed
"""

# KEYS: queue, leases. ARGV: now_ms, lease_until_ms, room, batch_room, batched kinds (",mock,"), ahead_ms.
# The poller's one round trip per wake-up: expired leases back to the queue, then a claim - up to `room`
# due entries of kinds handled one by one, up to `batch_room` entries of kinds handled in batches due
# within `ahead_ms` (their handler prepares them and waits for each due time itself). Returns the claim,
# the earliest queued entry's score ('' if none) and whether it is of a batched kind (1/0), the earliest
# lease's score, and 1 if entries that could be claimed now were left for want of room.
DISPATCH = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], ARGV[1], member)
end
local claimed = {}
local now = tonumber(ARGV[1])
local room, batch_room = tonumber(ARGV[3]), tonumber(ARGV[4])
local function is_batched(member)
  local kind = string.match(member, '"kind":%s*"([^"]*)"')
  return kind ~= nil and string.find(ARGV[5], ',' .. kind .. ',', 1, true) ~= nil
end
local left = 0
local scan = room + batch_room
if scan > 0 then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now + tonumber(ARGV[6]), 'WITHSCORES', 'LIMIT', 0, scan)
  local taken = 0
  for i = 1, #due, 2 do
    local take = false
    if is_batched(due[i]) then
      if batch_room > 0 then batch_room, take = batch_room - 1, true else left = 1 end
    elseif tonumber(due[i + 1]) <= now then
      if room > 0 then room, take = room - 1, true else left = 1 end
    end
    if take and redis.call('ZREM', KEYS[1], due[i]) == 1 then
      redis.call('ZADD', KEYS[2], ARGV[2], due[i])
      table.insert(claimed, due[i])
      table.insert(claimed, due[i + 1])
      taken = taken + 1
    end
  end
  if #due == 2 * scan and taken > 0 then left = 1 end  -- the scan stopped short: there may be more
end
local first_queued = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local first_leased = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local first_batched = (first_queued[1] ~= nil and is_batched(first_queued[1])) and 1 or 0
if scan <= 0 and first_queued[2] ~= nil then  -- no room at all: is the earliest entry claimable now?
  local ready_by = first_batched == 1 and now + tonumber(ARGV[6]) or now
  if tonumber(first_queued[2]) <= ready_by then left = 1 end
end
return {claimed, first_queued[2] or '', first_batched, first_leased[2] or '', left}
"""

# KEYS: queue. ARGV: due_ms, member, channel, wake_ms. Queues an entry; when it is now the earliest, says
# on the channel when to wake for it (other processes sleeping until a later one wake up for it): its due
# time, or earlier for a kind claimed ahead (as `DISPATCH` reckons the poller's own wake-up).
SCHEDULE = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if first[1] == ARGV[2] then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
  return 1
end
return 0
"""

# KEYS: queue. ARGV: channel, ahead_ms, then due_ms and member of each entry. SCHEDULE for many entries in
# one round trip: when one of them is now the earliest, says once on the channel to wake ahead_ms before it.
SCHEDULE_MANY = """
local before = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
for i = 3, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if first[1] ~= nil and (first[1] ~= before[1] or first[2] ~= before[2]) then
  redis.call('PUBLISH', ARGV[1], string.format('%d', tonumber(first[2]) - tonumber(ARGV[2])))
  return 1
end
return 0
"""

# KEYS: queue, leases. ARGV: now_ms. Expired leases go back to the queue, due at once.
REQUEUE_EXPIRED = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], ARGV[1], member)
end
return #expired
"""


def to_ms(moment: datetime) -> int:
    """A queue score: `moment` in Unix milliseconds."""
    return int(moment.timestamp() * 1000)


def from_ms(milliseconds: float) -> datetime:
    """The moment of a queue score."""
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)


def queue_entry(member: str) -> dict[str, Any]:
    """A queue entry's fields; an entry that is not a JSON object has none (and is dropped)."""
    try:
        data = json.loads(member)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Dispatched:
    """What the dispatch script answered: the claim, the earliest queued entry and lease, and whether
    entries that could be claimed were left for want of room."""

    claimed: list[RawDeadline]
    first_queued_ms: float | None
    first_batched: bool  # the earliest queued entry is of a batched kind
    first_leased_ms: float | None
    left: bool

    @classmethod
    def of(cls, reply: list[Any]) -> Dispatched:
        """The dispatch script's reply, read."""
        raw, first_queued, first_batched, first_leased, left = reply
        return cls(
            claimed(raw),
            float(first_queued) if first_queued != "" else None,
            bool(int(first_batched)),
            float(first_leased) if first_leased != "" else None,
            bool(left),
        )

    def next_look_ms(self, batched_early_ms: float) -> float | None:
        """When the queue next needs a look: its earliest lease's end, or when its earliest entry is to be
        claimed (batched kinds `batched_early_ms` before they fall due); None when work was left for want of
        room (a finishing handler wakes the poller) or nothing is queued or leased."""
        looks = [] if self.first_leased_ms is None else [self.first_leased_ms]
        if self.first_queued_ms is not None:
            looks.append(self.first_queued_ms - (batched_early_ms if self.first_batched else 0))
        return None if self.left or not looks else min(looks)


def claimed(raw: list[Any]) -> list[RawDeadline]:
    """Deadlines from a claim script's flat [member, score, ...] reply."""
    deadlines = []
    for member, score in zip(raw[::2], raw[1::2], strict=True):
        data = queue_entry(str(member))
        kind = str(data.pop("kind", ""))
        deadlines.append(Deadline(kind, data, from_ms(float(score)), str(member)))
    return deadlines
