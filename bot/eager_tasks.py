"""Tasks that start now, not on the event loop's next turn: Python 3.12's eager tasks, for 3.11.

A slash command's answer rides on its ack when the command has answered by the time the ack goes
out. Started as an ordinary task, the command waits one loop turn to begin and the ack waits another
to see the answer; with fifty requests in flight a turn takes milliseconds. `start_eager` runs the
coroutine up to its first suspension at once, as the task it becomes (`asyncio.current_task()`,
`asyncio.timeout()` and context variables see that task, not the caller), and the task carries on
from there. A coroutine that never suspends has finished when `start_eager` returns.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sys
from asyncio.tasks import _enter_task, _leave_task
from collections.abc import Coroutine
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def start_eager(coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
    """Run `coro` as a task whose first step runs now, inside the task."""
    loop = asyncio.get_running_loop()
    if sys.version_info >= (3, 12):  # pragma: no cover - the bot runs on 3.11
        return asyncio.Task(coro, loop=loop, name=name, eager_start=True)
    started = _StartedCoroutine(coro)
    context = contextvars.copy_context()
    task = loop.create_task(started.rest(), name=name, context=context)
    task.add_done_callback(started.close_if_abandoned)
    caller = asyncio.current_task(loop)
    if caller is not None:
        _leave_task(loop, caller)
    _enter_task(loop, task)
    try:
        context.run(started.first_step)
    finally:
        _leave_task(loop, task)
        if caller is not None:
            _enter_task(loop, caller)
    return task


class _StartedCoroutine(Generic[T]):
    """A coroutine stepped once by hand, then driven by its task the way asyncio's Task drives one."""

    def __init__(self, coro: Coroutine[Any, Any, T]) -> None:
        self._coro = coro
        self._waiting_on: Any = None  # what the coroutine yielded: a future, or None for a bare yield
        self._finished = False
        self._result: Any = None
        self._error: BaseException | None = None

    def first_step(self) -> None:
        """Run the coroutine to its first suspension (or its end), keeping the outcome for the task."""
        try:
            self._waiting_on = _taken(self._coro.send(None))
        except StopIteration as stop:
            self._finished, self._result = True, stop.value
        except BaseException as error:
            self._finished, self._error = True, error
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise  # as a task's step does: these reach the loop at once

    async def rest(self) -> T:
        """The task's body: hand over the first step's outcome, or go on driving the coroutine."""
        if self._finished:
            if self._error is not None:
                raise self._error
            return self._result  # type: ignore[no-any-return]
        coro, waiting_on = self._coro, self._waiting_on
        while True:
            cancelled: asyncio.CancelledError | None = None
            try:
                if waiting_on is None:
                    await asyncio.sleep(0)
                else:
                    await waiting_on
            except asyncio.CancelledError as error:
                # Cancelling this task cancels the future it waits on, and the coroutine reads that on
                # resuming; if the future had already finished, the cancellation is the coroutine's to take.
                if waiting_on is None or not waiting_on.cancelled():
                    cancelled = error
            except BaseException:  # noqa: S110 - the future's own error: the coroutine reads it on resuming
                pass
            try:
                waiting_on = _taken(coro.throw(cancelled) if cancelled else coro.send(None))
            except StopIteration as stop:
                self._finished = True
                return stop.value  # type: ignore[no-any-return]
            except BaseException:
                self._finished = True
                raise

    def close_if_abandoned(self, task: asyncio.Task[T]) -> None:
        """A task cancelled before its body began leaves the coroutine suspended: close it (its `finally`
        blocks run) rather than leave it to the garbage collector."""
        if not self._finished:
            self._finished = True
            try:
                self._coro.close()
            except RuntimeError:
                log.warning("A task cancelled before it resumed could not be closed cleanly: %s", task.get_name())


def _taken(yielded: Any) -> Any:
    """What a step yielded, taken over as asyncio's Task takes it: the future's blocking flag is reset."""
    if yielded is not None:
        yielded._asyncio_future_blocking = False
    return yielded
