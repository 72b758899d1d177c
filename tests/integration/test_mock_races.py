"""Races around a mock (issue 14, items 1 and 2): double starts, and Next against the timer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.app import App
from bot.chat import MessageRef, Place, Reply, ThreadRef
from bot.clock import FakeClock
from handlers.mock.service import MockService
from handlers.mock.session import MockSession, SessionStore
from tests.fakes.chat import channel
from tests.integration.mock_harness import MockHarness, minutes

ALREADY = "A mock is already running in this thread ("


@pytest.fixture
def mock(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


async def pair_up(mock: MockHarness) -> tuple[ThreadRef, str]:
    """alice and bob in a private pair thread; returns the thread and its Start the mock button."""
    for who in ("alice", "bob"):
        await mock.run('/pair join availability:"weekday evenings"', user=who)
    await mock.run("/pair round", user="ada", admin=True)
    [thread] = mock.chat.threads
    [intro] = mock.posts(thread)
    return thread, str(intro.buttons[0].action)


async def session_of(mock: MockHarness, thread: ThreadRef) -> MockSession:
    session = await SessionStore(mock.app.services.store).for_thread(channel(), thread.id)
    assert session is not None
    return session


def guides(mock: MockHarness) -> int:
    return sum(
        1 for sent in mock.chat.sent if sent.kind == "dm" and (sent.reply.title or "").startswith("Interviewer guide")
    )  # type: ignore[union-attr]


async def test_start_pressed_twice_makes_one_mock_and_the_second_press_points_at_it(mock: MockHarness) -> None:
    thread, start = await pair_up(mock)
    guides_before = guides(mock)
    first = await mock.press(start, user="alice")
    again = await mock.press(start, user="alice")
    partner = await mock.press(start, user="bob")
    assert first.last.text == "Mock started in this thread."
    for refused in (again, partner):
        assert refused.last.ephemeral
        assert refused.last.text.startswith(ALREADY + "phase 1/5 · Requirements & scope, 7:00 left; session ")
    assert mock.announcements(thread) == ["Phase 1/5 · Requirements & scope · 7 min"]
    assert guides(mock) == guides_before + 1
    await mock.wait(minutes(8))
    assert mock.announcements(thread).count("Phase 2/5 · Capacity estimation · 5 min") == 1


async def test_after_end_the_pair_can_start_again_and_history_has_no_mock_left_running(mock: MockHarness) -> None:
    thread, start = await pair_up(mock)
    await mock.press(start, user="alice")
    await mock.press(start, user="bob")
    await mock.wait(minutes(8))
    await mock.run("/mock end", user="alice", thread=thread)
    history = (await mock.run("/mock history", user="alice")).last.text.splitlines()
    assert len(history) == 1
    assert "in progress" not in history[0]
    restarted = await mock.press(start, user="bob")
    assert restarted.last.text == "Mock started in this thread."


async def test_mock_start_in_a_thread_that_runs_a_mock_is_refused(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    thread = mock.thread
    await mock.wait(minutes(8))
    refused = await mock.run("/mock start url-shortener", thread=thread)
    assert refused.last.text.startswith(ALREADY + "phase 2/5 · Capacity estimation, 4:00 left; session ")
    assert len(mock.chat.threads) == 1
    await mock.run("/mock end", thread=thread)
    allowed = await mock.run("/mock start url-shortener", thread=thread)
    assert allowed.last.text == "Your mock starts in #general."
    assert len(mock.chat.threads) == 2


async def test_next_as_a_phase_falls_due_says_that_phase_then_moves_on(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(7) - 5)
    mock.clock.advance(5)  # phase 2 is due; the timer has not said it yet
    await mock.run("/mock next", thread=mock.thread)
    lines = [reply.text.splitlines()[0] for reply in mock.posts()]
    assert lines[-3:] == [
        "Phase 2/5 · Capacity estimation · 5 min",
        "⏭ <@alice> moved on to the next phase.",
        "Phase 3/5 · High-level design · 13 min",
    ]
    await mock.run("/mock end", thread=mock.thread)
    summary = next(reply.text for reply in mock.posts() if reply.text.startswith("Mock over"))
    assert "Capacity estimation: 0:00 of 5:00 (-5:00)" in summary


async def test_next_a_little_after_a_phase_falls_due_counts_the_time_spent_in_it(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(7) - 5)
    mock.clock.advance(35)  # 30 s into phase 2; the timer is late
    await mock.run("/mock next", thread=mock.thread)
    assert mock.announcements()[-2:] == [
        "Phase 2/5 · Capacity estimation · 5 min",
        "Phase 3/5 · High-level design · 13 min",
    ]
    await mock.run("/mock end", thread=mock.thread)
    summary = next(reply.text for reply in mock.posts() if reply.text.startswith("Mock over"))
    assert "Capacity estimation: 0:30 of 5:00 (-4:30)" in summary


def while_posting(mock: MockHarness, prefix: str, action: Callable[[], Awaitable[object]]) -> None:
    """Run `action` (once) while the bot posts a message starting with `prefix`: another click or a
    timer handled by the event loop, or another process, between a control's change and its announcement."""
    post = mock.chat.post
    pending = [action]

    async def post_then_act(place: Place, reply: Reply) -> MessageRef:
        message = await post(place, reply)
        if reply.text.startswith(prefix) and pending:
            await pending.pop()()
        return message

    mock.chat.post = post_then_act  # type: ignore[method-assign]


async def test_two_quick_nexts_say_the_phase_in_between(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(2))
    status = mock.posts()[1]
    next_button = next(str(button.action) for button in status.buttons if str(button.action).startswith("mock:next"))

    async def second_press() -> None:
        mock.clock.advance(3)
        await mock.press(next_button, user="bob", admin=True)

    while_posting(mock, "⏭ <@alice>", second_press)
    await mock.press(next_button, user="alice")
    assert mock.announcements() == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
        "Phase 3/5 · High-level design · 13 min",
    ]


async def test_a_timer_that_fired_just_before_next_says_nothing_stale(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(2))
    fired_at = mock.clock.now()  # the timer took its deadline here (a status refresh, say) ...
    mock.clock.advance(1)
    session = await session_of(mock, mock.thread)
    service = MockService(mock.app.services, mock.chat)
    while_posting(mock, "⏭", lambda: service.advance(session.scope, session.id, fired_at))  # ... and runs now
    await mock.run("/mock next", thread=mock.thread)
    assert mock.announcements() == [
        "Phase 1/5 · Requirements & scope · 7 min",
        "Phase 2/5 · Capacity estimation · 5 min",
    ]


async def test_a_pause_as_a_phase_falls_due_says_the_phase_it_paused_in(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.wait(minutes(7) - 5)
    mock.clock.advance(5)
    await mock.run("/mock pause", thread=mock.thread)
    assert mock.announcements()[-1] == "Phase 2/5 · Capacity estimation · 5 min"
    await mock.wait(minutes(30))
    assert mock.announcements()[-1] == "Phase 2/5 · Capacity estimation · 5 min"


async def test_the_pause_notice_carries_a_resume_button(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener")
    await mock.run("/mock pause", thread=mock.thread)
    notice = mock.posts()[-1]
    assert notice.text.startswith("⏸ Paused by <@alice>.")
    [resume] = notice.buttons
    assert resume.label == "Resume"
    assert (await mock.press(str(resume.action), user="alice")).last.text == "Done: resume."
    assert mock.posts()[-1].text == "▶ Resumed by <@alice>."
    again = await mock.press(str(resume.action), user="alice")
    assert again.last.text == "This mock is not paused."


async def test_a_claim_outliving_its_mock_does_not_block_the_thread(mock: MockHarness) -> None:
    thread, start = await pair_up(mock)
    await mock.press(start, user="alice")
    ended = await session_of(mock, thread)
    await mock.run("/mock end", thread=thread)
    store = mock.app.services.store
    await store.redis.set(store.key(ended.scope, "mock-running", thread.id), ended.id)  # as if never released
    assert (await mock.press(start, user="bob")).last.text == "Mock started in this thread."


async def test_a_claim_whose_mock_is_still_being_set_up_is_explained(mock: MockHarness) -> None:
    thread, start = await pair_up(mock)
    store = mock.app.services.store
    await store.redis.set(store.key(channel(), "mock-running", thread.id), "0ther0ne", ex=120)
    refused = await mock.press(start, user="alice")
    assert refused.last.text == "A mock is starting in this thread right now (session 0ther0ne). Follow it here."
    assert mock.announcements(thread) == []
