"""What every stand-in shares: the list of what it received, and waiting until something has happened.

Each fake (Discord, Slack, OpenAI) keeps a :class:`Recorder` of the requests it got, calls
:meth:`Recorder.record` for each one (and :meth:`Recorder.notify` for other changes, such as a socket
frame), and lets tests wait with :meth:`Recorder.wait_for`, whose timeout error lists the last requests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Generic, TypeVar

R = TypeVar("R")
T = TypeVar("T")


class Recorder(Generic[R]):
    """The requests a stand-in received, oldest first, and a wake-up for every change."""

    def __init__(self, noun: str = "requests", describe: Callable[[R], str] = str) -> None:
        self.items: list[R] = []  # the fake exposes this very list (``calls``, ``requests``, ...)
        self._noun = noun
        self._describe = describe
        self._changed = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def record(self, item: R) -> R:
        """Keep ``item`` and wake every waiter."""
        self.items.append(item)
        self.notify()
        return item

    def notify(self) -> None:
        """Wake every waiter, for a change that is not a recorded request."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _event(self) -> asyncio.Event:
        # A fake may outlive one test's event loop; an Event that waited in an old loop cannot wait in a new one.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._changed = loop, asyncio.Event()
        return self._changed

    def recent(self, count: int = 10) -> str:
        """The last ``count`` requests, one a line, for error messages."""
        return "\n  ".join(self._describe(item) for item in self.items[-count:]) or "(none)"

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 (the fakes' agreed interface)
        *,
        what: str | None = None,
        interval: float = 0.02,
    ) -> T:
        """Return ``predicate()`` as soon as it is truthy, checking on every change and every ``interval``
        (for conditions outside the stand-in); ``TimeoutError`` listing the last requests otherwise."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what or 'a condition'}; "
                    f"last {self._noun}:\n  {self.recent()}"
                )
            changed = self._event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=min(remaining, interval))
