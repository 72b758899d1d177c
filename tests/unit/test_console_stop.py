"""Stopping the console (SIGTERM, Ctrl-C): a line still running gets a short grace, then is cut short."""

from __future__ import annotations

import asyncio

import pytest

from bot import runner
from bot.runner import console_until_stopped, end_console


@pytest.fixture(autouse=True)
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "LINE_GRACE_SECONDS", 0.2)


async def test_a_line_that_ends_within_the_grace_finishes() -> None:
    stop, finished = asyncio.Event(), []

    async def console() -> None:
        await stop.wait()  # the line is running when the stop comes
        await asyncio.sleep(0.01)
        finished.append("the line's last step")

    stop.set()
    await console_until_stopped(asyncio.create_task(console()), stop)
    assert finished == ["the line's last step"]


async def test_a_line_still_running_after_the_grace_is_cut_short() -> None:
    stop, finished = asyncio.Event(), []

    async def console() -> None:
        await asyncio.sleep(3600)  # a `/wait 1h` at real speed
        finished.append("never")

    task = asyncio.create_task(console())
    asyncio.get_running_loop().call_later(0.01, stop.set)
    await asyncio.wait_for(console_until_stopped(task, stop), 5)
    assert task.cancelled() and finished == []


async def test_input_that_ends_ends_the_console_without_a_stop() -> None:
    async def console() -> None:
        return None

    await asyncio.wait_for(console_until_stopped(asyncio.create_task(console()), asyncio.Event()), 5)


async def test_what_the_console_raised_is_raised() -> None:
    async def console() -> None:
        raise RuntimeError("broken terminal")

    with pytest.raises(RuntimeError, match="broken terminal"):
        await console_until_stopped(asyncio.create_task(console()), asyncio.Event())


async def test_cancelling_the_stopper_is_not_swallowed() -> None:
    async def console() -> None:
        await asyncio.sleep(3600)

    task = asyncio.create_task(console())
    ending = asyncio.create_task(end_console(task, grace_seconds=3600))
    await asyncio.sleep(0.01)
    ending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await ending
    task.cancel()
