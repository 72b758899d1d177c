"""The deadline queue's Lua scripts (each atomic in Redis: no two processes interleave) and entry helpers."""

from __future__ import annotations

import json
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

# KEYS: queue, leases. ARGV: now_ms, lease_until_ms, room, batch_room, batched kinds (",mock,"). The poller's
# one round trip per wake-up: expired leases back to the queue, then a claim of due entries - up to `room`
# of kinds handled one by one, up to `batch_room` of kinds handled in batches - then the earliest queued
# entry and lease (scores, or '').
DISPATCH = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZADD', KEYS[1], ARGV[1], member)
end
local claimed = {}
local room, batch_room = tonumber(ARGV[3]), tonumber(ARGV[4])
if room + batch_room > 0 then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, room + batch_room)
  for i = 1, #due, 2 do
    local kind = string.match(due[i], '"kind":%s*"([^"]*)"')
    local batched = kind ~= nil and string.find(ARGV[5], ',' .. kind .. ',', 1, true) ~= nil
    local take = false
    if batched and batch_room > 0 then
      batch_room, take = batch_room - 1, true
    elseif not batched and room > 0 then
      room, take = room - 1, true
    end
    if take and redis.call('ZREM', KEYS[1], due[i]) == 1 then
      redis.call('ZADD', KEYS[2], ARGV[2], due[i])
      table.insert(claimed, due[i])
      table.insert(claimed, due[i + 1])
    end
  end
end
local first_queued = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local first_leased = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
return {claimed, first_queued[2] or '', first_leased[2] or ''}
"""

# KEYS: queue. ARGV: due_ms, member, channel. Queues an entry; when it is now the earliest, says so
# on the channel (other processes sleeping until a later one wake up for it).
SCHEDULE = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if first[1] == ARGV[2] then
  redis.call('PUBLISH', ARGV[3], ARGV[1])
  return 1
end
return 0
"""

# KEYS: queue. ARGV: channel, then due_ms and member of each entry. SCHEDULE for many entries in one
# round trip: when one of them is now the earliest, says so once on the channel.
SCHEDULE_MANY = """
local before = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
for i = 2, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if first[1] ~= nil and (first[1] ~= before[1] or first[2] ~= before[2]) then
  redis.call('PUBLISH', ARGV[1], first[2])
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


def claimed(raw: list[Any]) -> list[RawDeadline]:
    """Deadlines from a claim script's flat [member, score, ...] reply."""
    deadlines = []
    for member, score in zip(raw[::2], raw[1::2], strict=True):
        data = queue_entry(str(member))
        kind = str(data.pop("kind", ""))
        deadlines.append(Deadline(kind, data, from_ms(float(score)), str(member)))
    return deadlines
