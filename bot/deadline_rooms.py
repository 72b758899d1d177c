"""What one process has taken on from a deadline queue, and the order its work runs in: posts before bookkeeping.

Handlers started by a poll are in flight until they end. One-by-one handlers (an AI call each, perhaps)
and batches of cheap kinds have rooms of their own, so neither crowds out the other; a poll claims only
what there is room for, and due work left for want of room is claimed as soon as a handler ends.
While batches are posting, what falls due meanwhile is claimed together once their posts are out (at
most COALESCE_MS later): in a burst a claim every few deadlines would spend more on each batch's round
trips than on the deadlines.

Batched kinds are claimed up to CLAIM_AHEAD before they fall due (bot.deadlines): their handler prepares
them (reads, decides, renders) and then waits for each due time (`waiting`), its room given to further
claims, so a burst's reading and rendering happens in the quiet before it and only the posts remain at
the due time. Shortly before its posts (`imminent`) a waiting batch counts as not caught up.

In a burst (thousands of mocks due in the same second) the announcements are what people wait for;
recording what was said, editing status cards and queueing what comes next can follow moments later.
So a batch handler, once its posts are out, gives its room to further claims (`bookkeeping`) and waits
until the process has caught up: nothing claimed is still before its posts, and nothing more falls due
within QUIET_MS. The waiting batches then keep their books one at a time, so a post due meanwhile waits
for at most one batch's step. Nobody waits longer than MAX_DEFER_SECONDS:
under load that does not let up, the records still follow, well within the deadline lease.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager

HANDLER_CONCURRENCY = 50  # deadlines handled one by one (an AI call each, perhaps) at a time
BATCHED_IN_FLIGHT = 600  # deadlines of batched kinds (cheap, many at once) in flight at a time, before their posts
MAX_DEFER_SECONDS = 5.0
COALESCE_MS = 20
QUIET_MS = 50  # bookkeeping waits while more work falls due within this (a burst's deadlines are ~0.1 ms apart)
DEFERRED_LIMIT = 20_000  # deadlines waiting for their due time or bookkeeping; beyond this a batch keeps its room


class Rooms:
    """The handlers one queue started in this process, and how much more it may claim."""

    def __init__(self, claim_more: Callable[[], None]) -> None:
        self._claim_more = claim_more  # wakes the poller: room was freed for due work left waiting
        self.started: set[asyncio.Task[None]] = set()
        self._batched: dict[asyncio.Task[None], int] = {}  # batch handlers before their posts are out: how many each
        self._waiting: dict[asyncio.Task[None], int] = {}  # ... prepared, waiting for their due time
        self._imminent: set[asyncio.Task[None]] = set()  # ... of those, posting within QUIET_MS
        self._deferred: dict[asyncio.Task[None], int] = {}  # ... after their posts: waiting for their bookkeeping turn
        self._left_waiting = False  # due work was left for want of room
        self._holding = False  # the poller waits for the posting batches before it claims again
        self._due_soon = False  # more falls due within QUIET_MS of the last claim
        self._closing = False
        self._caught_up = asyncio.Event()
        self._caught_up.set()
        self._turn = asyncio.Lock()

    def free(self) -> list[int]:
        """How many more deadlines of one-by-one kinds, and of batched kinds, may start now."""
        one_by_one = len(self.started) - len(self._batched) - len(self._waiting) - len(self._deferred)
        return [HANDLER_CONCURRENCY - one_by_one, BATCHED_IN_FLIGHT - sum(self._batched.values())]

    def start(self, task: asyncio.Task[None], batched: int) -> None:
        """`task` handles one deadline (`batched` 0) or a batch of `batched`; it is in flight until it ends."""
        self.started.add(task)
        if batched:
            self._batched[task] = batched

    def claimed(self, due_work_left: bool, next_due_in_ms: float | None) -> None:
        """A poll claimed what there was room for; `due_work_left`: more was due than that; `next_due_in_ms`:
        when the earliest entry still queued falls due (None: the queue is empty)."""
        self._left_waiting = due_work_left
        self._due_soon = next_due_in_ms is not None and next_due_in_ms < QUIET_MS
        self._note()

    def holds_off(self, next_due_in_ms: float) -> bool:
        """Whether the poller should wait for the batches still posting (up to COALESCE_MS) rather than claim
        again in `next_due_in_ms`; they wake it when their posts are out."""
        self._holding = bool(self._batched) and next_due_in_ms < COALESCE_MS and not self._closing
        return self._holding

    def ended(self, task: asyncio.Task[None]) -> None:
        """`task` is done: its room is free."""
        self.started.discard(task)
        self._batched.pop(task, None)
        self._waiting.pop(task, None)
        self._imminent.discard(task)
        self._deferred.pop(task, None)
        self._freed()

    def closing(self) -> None:
        """Shutting down: nothing more is claimed, and bookkeeping waits no longer."""
        self._closing = True
        self._note()

    def waiting(self) -> None:
        """The running batch handler prepared its deadlines and waits for their due time: its room goes to
        further claims (unless DEFERRED_LIMIT deadlines wait already)."""
        task = asyncio.current_task()
        if task in self._batched and self._held() + self._batched[task] <= DEFERRED_LIMIT:
            self._waiting[task] = self._batched.pop(task)
            self._freed()

    @contextlib.contextmanager
    def imminent(self) -> Iterator[None]:
        """Around a waiting batch's posts and the moments before them: bookkeeping does not start meanwhile."""
        task = asyncio.current_task()
        if task is None or task not in self._waiting:
            yield
            return
        self._imminent.add(task)
        self._note()
        try:
            yield
        finally:
            self._imminent.discard(task)
            self._note()

    def bookkeeping(self) -> AbstractAsyncContextManager[None]:
        """For the running batch handler, its posts out: free its room, and hold the bookkeeping turn once
        the process has caught up on due work (at most MAX_DEFER_SECONDS from now)."""
        task = asyncio.current_task()
        if task in self._waiting:
            self._deferred[task] = self._waiting.pop(task)
        elif task in self._batched and self._held() + self._batched[task] <= DEFERRED_LIMIT:
            self._deferred[task] = self._batched.pop(task)
        else:
            return contextlib.nullcontext()  # run by `run_due`, or too much waits already: no waiting
        self._freed()
        return self._bookkeeping_turn(MAX_DEFER_SECONDS)

    def _held(self) -> int:
        """Deadlines held without a room: prepared and waiting for their due time, or for their bookkeeping."""
        return sum(self._waiting.values()) + sum(self._deferred.values())

    @contextlib.asynccontextmanager
    async def _bookkeeping_turn(self, max_wait: float) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + max_wait
        async with self._turn:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._caught_up.wait(), max(0.0, give_up - loop.time()))
            yield

    def _freed(self) -> None:
        if (self._left_waiting or (self._holding and not self._batched)) and not self._closing:
            self._left_waiting = self._holding = False
            self._claim_more()
        self._note()

    def _note(self) -> None:
        """Caught up: no batch is before its posts or about to post, no due work waits, none is due soon (or
        shutting down)."""
        if self._closing or not (self._batched or self._imminent or self._left_waiting or self._due_soon):
            self._caught_up.set()
        else:
            self._caught_up.clear()
