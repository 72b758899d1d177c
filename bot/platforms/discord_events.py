"""The tasks discord.py starts for each event it dispatches: let a closing client's finish.

discord.py runs every listener of every event in a task of its own ("discord.py: <event>"). A client
closed while some of those are pending, and an event loop closed after it, would destroy them unstarted
(Python warns that `Client._run_event` was never awaited) or cut a handler off mid-answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord

EVENT_TASK_PREFIX = "discord.py: "
CLOSE_WAIT_SECONDS = 5.0


def event_tasks_of(client: discord.Client) -> list[asyncio.Task[Any]]:
    """The client's event tasks not yet done (their coroutine is a method of this client)."""
    found = []
    for task in asyncio.all_tasks():
        if task.done() or not task.get_name().startswith(EVENT_TASK_PREFIX):
            continue
        frame = getattr(task.get_coro(), "cr_frame", None)
        if frame is not None and frame.f_locals.get("self") is client:
            found.append(task)
    return found


async def settle_event_tasks(client: discord.Client, within: float = CLOSE_WAIT_SECONDS) -> None:
    """Let the client's event tasks finish for up to `within` seconds, then cancel what is left."""
    pending = event_tasks_of(client)
    if not pending:
        return
    _, unfinished = await asyncio.wait(pending, timeout=within)
    for task in unfinished:
        task.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)
