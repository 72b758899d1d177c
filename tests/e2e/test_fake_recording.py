"""The recording every stand-in shares: waiting wakes on a request, and a timeout says what did arrive."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes._recording import Recorder


async def test_a_waiter_gets_the_request_it_waited_for_when_it_arrives() -> None:
    recorder: Recorder[str] = Recorder("calls")
    waiting = asyncio.create_task(recorder.wait_for(lambda: [c for c in recorder.items if c.startswith("POST")]))
    await asyncio.sleep(0)  # the waiter checks once and finds nothing yet
    recorder.record("GET /users/@me")
    recorder.record("POST /channels/1/messages")
    assert await waiting == ["POST /channels/1/messages"]


async def test_a_timeout_lists_the_last_requests() -> None:
    recorder: Recorder[str] = Recorder("REST calls", describe=str.upper)
    recorder.record("get /gateway")
    with pytest.raises(TimeoutError, match=r"waiting for a reply; last REST calls:\n  GET /GATEWAY"):
        await recorder.wait_for(lambda: False, timeout=0, what="a reply")


async def test_a_recorder_outlives_the_event_loop_it_first_waited_in() -> None:
    recorder: Recorder[str] = Recorder()
    with pytest.raises(TimeoutError):
        await recorder.wait_for(lambda: False, timeout=0.01)
    # Another loop (a fake kept across tests) waits again: a timeout, not "bound to a different event loop".
    with pytest.raises(TimeoutError):
        await asyncio.to_thread(asyncio.run, recorder.wait_for(lambda: False, timeout=0.01))
