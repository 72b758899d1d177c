"""A mock's announcement claimed ahead of its due time (as the poller does) is posted at its due time, once,
and a control between the claim and the due time wins: the post is decided afresh."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.deadlines import CLAIM_AHEAD
from bot.store import Workspace
from handlers.mock.session import SessionStore
from tests.integration.mock_harness import MockHarness, minutes
from tests.integration.test_deadline_wakeups import until

BEFORE_DUE = CLAIM_AHEAD.total_seconds() / 2  # seconds before phase 2 when the poller claims it


@pytest.fixture
async def mock(app: App, clock: FakeClock) -> MockHarness:
    harness = MockHarness(app, clock)
    await harness.run("/mock start url-shortener")
    await harness.wait(minutes(7) - BEFORE_DUE)  # phase 1 and its one-minute warning said
    return harness


def phase_two_said(mock: MockHarness) -> int:
    return sum(1 for line in mock.announcements() if line.startswith("Phase 2/5"))


def batches_waiting(mock: MockHarness) -> Callable[[], bool]:
    """True once every batch the poll started has prepared its posts and waits for their due time."""
    rooms = mock.queue.rooms
    return lambda: bool(rooms.started) and rooms.free()[1] == 600 and not rooms.holds_off(0)


async def claimed_ahead(mock: MockHarness) -> None:
    await mock.queue.dispatch_due()
    await until(batches_waiting(mock))


async def all_done(mock: MockHarness) -> None:
    await until(lambda: not mock.queue.rooms.started)


async def announced(mock: MockHarness, app: App) -> list[str]:
    thread = mock.thread
    stored = await SessionStore(app.services.store).for_thread(
        Workspace(thread.platform.value, thread.workspace), thread.id
    )
    assert stored is not None
    return stored.announced


async def test_a_phase_claimed_ahead_is_posted_at_its_due_time_not_before_and_recorded(
    mock: MockHarness, clock: FakeClock, app: App
) -> None:
    await claimed_ahead(mock)
    assert phase_two_said(mock) == 0
    assert "start:1" not in await announced(mock, app)
    clock.advance(BEFORE_DUE)
    await until(lambda: phase_two_said(mock) == 1)
    await all_done(mock)
    assert phase_two_said(mock) == 1
    assert "start:1" in await announced(mock, app)


async def test_a_pause_after_the_claim_keeps_the_phase_unsaid_until_resumed(
    mock: MockHarness, clock: FakeClock
) -> None:
    await claimed_ahead(mock)
    await mock.run("/mock pause", thread=mock.thread)
    clock.advance(BEFORE_DUE + 5)
    await all_done(mock)
    assert phase_two_said(mock) == 0  # read again at its due time: paused, the prepared post was not sent
    await mock.run("/mock resume", thread=mock.thread)
    await mock.wait(BEFORE_DUE + 1)  # the time that was left when it paused
    assert phase_two_said(mock) == 1


async def test_skipping_ahead_after_the_claim_says_the_phase_once(mock: MockHarness, clock: FakeClock) -> None:
    await claimed_ahead(mock)
    await mock.run("/mock next", thread=mock.thread)
    assert phase_two_said(mock) == 1  # said by the control
    clock.advance(BEFORE_DUE + 5)
    await all_done(mock)
    assert phase_two_said(mock) == 1  # ... and not again at the time it was due


async def test_shutting_down_before_the_due_time_gives_the_claim_back_unsaid(mock: MockHarness) -> None:
    await claimed_ahead(mock)
    pending = await mock.queue.pending()
    assert await mock.queue.shutdown(grace_seconds=0.05) >= 1
    assert phase_two_said(mock) == 0
    assert await mock.queue.pending() > pending  # back in the queue for another process, due at once


async def test_a_post_claimed_ahead_but_sent_minutes_late_says_how_late(mock: MockHarness, clock: FakeClock) -> None:
    await claimed_ahead(mock)
    clock.advance(BEFORE_DUE + minutes(2))  # the process was starved: the clock moved on past its due time
    await until(lambda: phase_two_said(mock) == 1)
    heading = next(line for line in mock.announcements() if line.startswith("Phase 2/5"))
    assert "announced 2 min late" in heading  # decided afresh, not the text prepared to be on time
