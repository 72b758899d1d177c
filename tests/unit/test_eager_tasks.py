"""start_eager: the first step runs now, inside the task; the rest behaves like any asyncio task."""

from __future__ import annotations

import asyncio
import contextvars

import pytest
import uvloop

from bot.eager_tasks import start_eager

VISITED: contextvars.ContextVar[str] = contextvars.ContextVar("visited", default="caller")


async def test_a_coroutine_that_never_suspends_has_run_when_start_returns() -> None:
    seen: list[str] = []

    async def work() -> int:
        seen.append("ran")
        return 7

    task = start_eager(work())
    assert seen == ["ran"]
    assert await task == 7


async def test_the_first_step_runs_as_the_new_task_and_the_caller_gets_its_identity_back() -> None:
    caller = asyncio.current_task()
    inside: list[asyncio.Task[object] | None] = []

    async def work() -> None:
        inside.append(asyncio.current_task())
        await asyncio.sleep(0)
        inside.append(asyncio.current_task())

    task = start_eager(work(), name="eager one")
    assert inside == [task]
    assert asyncio.current_task() is caller
    await task
    assert inside == [task, task]
    assert task.get_name() == "eager one"


async def test_a_suspended_coroutine_carries_on_in_its_task_with_what_its_futures_give() -> None:
    loop = asyncio.get_running_loop()
    first: asyncio.Future[str] = loop.create_future()
    second: asyncio.Future[str] = loop.create_future()
    steps: list[str] = []

    async def work() -> str:
        steps.append("before")
        got = await first
        steps.append(got)
        try:
            await second
        except ValueError as error:
            steps.append(f"caught {error}")
        await asyncio.sleep(0)  # a bare yield
        return "done"

    task = start_eager(work())
    assert steps == ["before"]
    loop.call_soon(first.set_result, "first")
    loop.call_later(0.01, second.set_exception, ValueError("second"))
    assert await task == "done"
    assert steps == ["before", "first", "caught second"]


async def test_errors_raised_before_or_after_the_first_suspension_end_the_task() -> None:
    async def fails_at_once() -> None:
        raise LookupError("at once")

    async def fails_later() -> None:
        await asyncio.sleep(0)
        raise LookupError("later")

    for coro, message in ((fails_at_once(), "at once"), (fails_later(), "later")):
        task = start_eager(coro)
        with pytest.raises(LookupError, match=message):
            await task


async def test_cancelling_the_task_reaches_the_coroutine_where_it_waits() -> None:
    seen: list[str] = []
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def work() -> None:
        try:
            await never
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    task = start_eager(work())
    await asyncio.sleep(0)  # the task's body has begun waiting
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]
    assert task.cancelled()


async def test_a_cancel_after_the_awaited_future_finished_still_reaches_the_coroutine() -> None:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[str] = loop.create_future()
    seen: list[str] = []

    async def work() -> None:
        await asyncio.sleep(0)
        try:
            await ready
            seen.append("resumed normally")
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    task = start_eager(work())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    ready.set_result("x")
    task.cancel()  # the future is done: cancelling it fails, so the task must pass the cancel on
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]


async def test_a_timeout_entered_in_the_first_step_cancels_the_task_not_the_caller() -> None:
    caught: list[str] = []

    async def work() -> None:
        try:
            async with asyncio.timeout(0.01):
                await asyncio.sleep(5)
        except TimeoutError:
            caught.append("timed out")

    task = start_eager(work())
    await asyncio.sleep(0.05)  # the caller goes on; its own task must not be cancelled
    await task
    assert caught == ["timed out"]
    current = asyncio.current_task()
    assert current is not None and current.cancelling() == 0


async def test_context_variables_set_by_the_coroutine_stay_in_its_task() -> None:
    async def work() -> str:
        VISITED.set("task")
        await asyncio.sleep(0)
        return VISITED.get()

    task = start_eager(work())
    assert VISITED.get() == "caller"
    assert await task == "task"


async def test_a_task_cancelled_before_it_resumed_closes_its_coroutine() -> None:
    cleaned: list[str] = []

    async def work() -> None:
        try:
            await asyncio.sleep(5)
        finally:
            cleaned.append("finally ran")

    coro = work()  # held here, so the garbage collector cannot be what closes it
    task = start_eager(coro)
    task.cancel()  # before the task's body has begun
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)  # done callbacks run
    assert cleaned == ["finally ran"]
    assert coro.cr_frame is None  # closed, not left suspended


def test_every_case_holds_on_uvloop_too() -> None:
    # The bot runs on uvloop: the task swapping must hold on its loop as on asyncio's.
    this = test_every_case_holds_on_uvloop_too.__name__
    cases = [value for name, value in sorted(globals().items()) if name.startswith("test_") and name != this]
    assert len(cases) == 9  # each async test above, run again

    async def all_cases() -> None:
        for case in cases:
            await case()

    uvloop.run(all_cases())
