"""One running mock per thread: an atomic claim in Redis.

It holds across processes: a double click, a click from each partner, or two processes handling
the same click race for one `SET NX`; the loser is told about the winner.
"""

from __future__ import annotations

from bot.store import Store, Workspace

STARTING_SECONDS = 120  # a claim whose mock was never saved (the process died) frees the thread after this
RUNNING_SECONDS = 90 * 24 * 3600  # a saved mock holds its thread until it ends (or the session expires)

# KEYS: the claim. ARGV: the mock it must hold. Delete it only if it still holds that value.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RunningMocks:
    """The per-thread claims of running mocks."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._release = store.redis.register_script(_RELEASE)

    def _thread_key(self, scope: Workspace, thread_id: str) -> str:
        return self.store.key(scope, "mock-running", thread_id)

    async def claim_thread(self, scope: Workspace, thread_id: str, session_id: str) -> str | None:
        """Claim the thread for `session_id`; None if it is ours now, else the id of the mock holding it."""
        key = self._thread_key(scope, thread_id)
        if await self.store.redis.set(key, session_id, nx=True, ex=STARTING_SECONDS):
            return None
        holder = await self.store.redis.get(key)
        return str(holder) if holder is not None else await self.claim_thread(scope, thread_id, session_id)

    async def holder(self, scope: Workspace, thread_id: str) -> str | None:
        """The id of the mock holding the thread, if any."""
        value = await self.store.redis.get(self._thread_key(scope, thread_id))
        return str(value) if value is not None else None

    async def hold_thread(self, scope: Workspace, thread_id: str, session_id: str) -> None:
        """The mock is saved: keep the claim until the mock ends."""
        await self.store.redis.set(self._thread_key(scope, thread_id), session_id, ex=RUNNING_SECONDS)

    async def release_thread(self, scope: Workspace, thread_id: str, session_id: str) -> None:
        """Free the thread, unless another mock holds it by now."""
        await self._release(keys=[self._thread_key(scope, thread_id)], args=[session_id])
