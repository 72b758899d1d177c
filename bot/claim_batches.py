"""Once-only claims of inbound events, sent to Redis together: the claims asked for in one turn of the
event loop go in one script call (each key still SET NX on its own), so a burst costs one round trip.

On a busy bot the round trips, not Redis, are what a claim costs: redis-py's client side of one command
was ~20% of the Discord bot's CPU per interaction. A script is one command; a pipeline costs the client more.
"""

from __future__ import annotations

import asyncio
import hashlib

from redis.exceptions import NoScriptError

from bot.store import Store

# KEYS: for each claim, its key, then (when the batch reads alongside) one key read with it.
# ARGV: the claims' TTL in seconds, keys per claim (1 or 2).
# Returns, for each claim, 1 when this is the key's first claim else 0, then (reading) the key's value or nil.
CLAIM_EACH = """
local step = tonumber(ARGV[2])
local replies = {}
for i = 1, #KEYS, step do
  replies[i] = redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) and 1 or 0
  if step == 2 then replies[i + 1] = redis.call('GET', KEYS[i + 1]) end
end
return replies
"""
CLAIM_EACH_SHA = hashlib.sha1(CLAIM_EACH.encode()).hexdigest()  # noqa: S324 - the name Redis knows it by
Claimed = tuple[bool, str | None]  # the first claim of the key; the value read alongside (None: none or not read)
Waiting = tuple[str, str | None, asyncio.Future[Claimed]]


class ClaimBatches:
    """Claims keys for `ttl_seconds`, with whatever else is claimed in the same turn of the event loop.

    With `read_alongside`, every claim names a second key whose value comes back with it (Slack reads
    the sender's cached admin flag this way); without, only the claims are sent.
    """

    def __init__(self, store: Store, ttl_seconds: int, *, read_alongside: bool = False) -> None:
        self.store = store
        self.ttl_seconds = ttl_seconds
        self.step = 2 if read_alongside else 1
        self._waiting: list[Waiting] = []
        self._sending: set[asyncio.Task[None]] = set()

    async def claim(self, key: str, read_key: str | None = None) -> Claimed:
        """Whether this is the first claim of `key` across every process, and `read_key`'s value."""
        if (read_key is not None) != (self.step == 2):
            raise ValueError("read_key is given exactly when the batches read alongside")
        loop = asyncio.get_running_loop()
        if not self._waiting:
            # Its first step runs after the handlers already ready in this turn: they add their claims to
            # this batch. (A task at once, not call_soon then a task: that cost every claim a loop turn.)
            task = loop.create_task(self._send_waiting())
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)
        future: asyncio.Future[Claimed] = loop.create_future()
        self._waiting.append((key, read_key, future))
        return await future

    async def _send_waiting(self) -> None:
        batch, self._waiting = self._waiting, []
        await self._send(batch)

    async def _send(self, batch: list[Waiting]) -> None:
        keys = [key for claim_key, read_key, _ in batch for key in (claim_key, read_key) if key is not None]
        args: list[str | int] = [*keys, self.ttl_seconds, self.step]
        redis = self.store.redis
        try:
            try:
                # EVALSHA itself: redis-py's Script object checks isinstance against a Protocol on every call.
                reply = await redis.evalsha(CLAIM_EACH_SHA, len(keys), *args)
            except NoScriptError:  # a Redis that has not seen the script yet (new, restarted, flushed) learns it
                reply = await redis.eval(CLAIM_EACH, len(keys), *args)
        except asyncio.CancelledError:
            for *_, future in batch:
                future.cancel()
            raise
        except Exception as error:  # each waiting claim fails as its own call would have (Redis down)
            for *_, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for number, (*_, future) in enumerate(batch):
            at = self.step * number
            value = reply[at + 1] if self.step == 2 and len(reply) > at + 1 else None
            if not future.done():
                future.set_result((reply[at] == 1, None if value is None else str(value)))
