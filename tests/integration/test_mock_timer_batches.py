"""Many mocks' timers falling due together are handled as one batch: each mock is said once, and a mock
that fails, or changes under the batch, fails or changes alone."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.app import App
from bot.chat import MessageRef, Place, Reply, ThreadRef
from bot.clock import FakeClock
from bot.store import Workspace
from handlers.mock.session import MockSession, SessionStore
from question_bank import Level
from tests.integration.mock_harness import MockHarness, minutes

MOCKS = 6
SDE3 = Level("sde3")


@pytest.fixture
async def mock(app: App, clock: FakeClock) -> MockHarness:
    harness = MockHarness(app, clock)
    for number in range(MOCKS):  # started together: their phases fall due in the same poll
        await harness.run("/mock start url-shortener", user=f"user{number}")
    return harness


def said(mock: MockHarness, thread: ThreadRef, heading: str) -> int:
    return sum(1 for line in mock.announcements(thread) if line.startswith(heading))


async def test_mocks_due_together_each_say_every_phase_once_and_record_it(mock: MockHarness, app: App) -> None:
    await mock.wait(minutes(26))
    sessions = SessionStore(app.services.store)
    for thread in mock.chat.threads:
        stored = await sessions.for_thread(Workspace(thread.platform.value, thread.workspace), thread.id)
        assert stored is not None
        assert {"start:1", "warn:1", "start:2", "warn:2", "start:3"} <= set(stored.announced)
    for thread in mock.chat.threads:
        assert Counter(line.split(" · ")[0] for line in mock.announcements(thread) if line.startswith("Phase")) == {
            "Phase 1/5": 1,
            "Phase 2/5": 1,
            "Phase 3/5": 1,
            "Phase 4/5": 1,
        }


async def test_a_status_edit_failing_for_one_mock_neither_repeats_nor_stops_the_others_or_itself(
    mock: MockHarness,
) -> None:
    unlucky = mock.chat.threads[2]
    edit, failed = mock.chat.edit, []

    async def flaky_edit(message: MessageRef, reply: Reply) -> None:
        if message.place == unlucky and not failed and reply.text and "Phase 2/5" in reply.text:
            failed.append(message)
            raise ConnectionError("the platform hiccuped")
        await edit(message, reply)

    mock.chat.edit = flaky_edit  # type: ignore[method-assign]
    await mock.wait(minutes(13))
    assert failed
    for thread in mock.chat.threads:  # its deadline was retried: its next phase came on time, once
        assert said(mock, thread, "Phase 2/5") == 1
        assert said(mock, thread, "Phase 3/5") == 1


async def test_a_post_failing_for_one_mock_does_not_repeat_or_lose_the_others(mock: MockHarness) -> None:
    unlucky = mock.chat.threads[4]
    post, failed = mock.chat.post, []

    async def flaky_post(place: Place, reply: Reply) -> MessageRef:
        if place == unlucky and not failed and reply.text and reply.text.startswith("Phase 2/5"):
            failed.append(place)
            raise ConnectionError("the platform hiccuped")
        return await post(place, reply)

    mock.chat.post = flaky_post  # type: ignore[method-assign]
    await mock.wait(minutes(13))
    assert failed
    for thread in mock.chat.threads:
        assert said(mock, thread, "Phase 2/5") == (0 if thread == unlucky else 1)  # never twice
        assert said(mock, thread, "Phase 3/5") == 1  # the unlucky one's timer went on after the retry


async def mock_in(mock: MockHarness, app: App, thread: ThreadRef) -> tuple[SessionStore, MockSession]:
    sessions = SessionStore(app.services.store)
    session = await sessions.for_thread(Workspace(thread.platform.value, thread.workspace), thread.id)
    assert session is not None
    return sessions, session


async def raise_level(sessions: SessionStore, session: MockSession) -> None:
    """Another process writes the mock (as a control would)."""
    await sessions.update(session.scope, session.id, lambda now: now.model_copy(update={"level": SDE3}))


async def assert_kept_and_said_once(mock: MockHarness, sessions: SessionStore, session: MockSession) -> None:
    await mock.wait(minutes(13))
    stored = await sessions.load(session.scope, session.id)
    assert stored is not None
    assert stored.level is SDE3  # the batch's own write did not overwrite the change ...
    assert "start:1" in stored.announced  # ... and what it said is recorded all the same
    for thread in mock.chat.threads:
        assert said(mock, thread, "Phase 2/5") == 1
        assert said(mock, thread, "Phase 3/5") == 1


async def test_a_mock_changed_between_the_batch_reading_and_writing_it_keeps_the_change_and_says_once(
    mock: MockHarness, app: App
) -> None:
    target = mock.chat.threads[3]
    sessions, session = await mock_in(mock, app, target)
    post, changed = mock.chat.post, []

    async def post_while_someone_writes(place: Place, reply: Reply) -> MessageRef:
        if place == target and not changed and reply.text and reply.text.startswith("Phase 2/5"):
            # While the batch posts: it finds the mock changed when it reads it again for its bookkeeping.
            await raise_level(sessions, session)
            changed.append(place)
        return await post(place, reply)

    mock.chat.post = post_while_someone_writes  # type: ignore[method-assign]
    await assert_kept_and_said_once(mock, sessions, session)
    assert changed


async def test_a_mock_changed_while_its_status_card_is_edited_keeps_the_change_and_says_once(
    mock: MockHarness, app: App
) -> None:
    target = mock.chat.threads[1]
    sessions, session = await mock_in(mock, app, target)
    edit, changed = mock.chat.edit, []

    async def edit_while_someone_writes(message: MessageRef, reply: Reply) -> None:
        if message.place == target and not changed and reply.text and "Phase 2/5" in reply.text:
            # After the batch read the mock for its bookkeeping, before it records what it said.
            await raise_level(sessions, session)
            changed.append(message)
        await edit(message, reply)

    mock.chat.edit = edit_while_someone_writes  # type: ignore[method-assign]
    await assert_kept_and_said_once(mock, sessions, session)
    assert changed
