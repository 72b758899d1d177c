"""Two bot processes (two app instances) on one Redis: double starts and Next against the timer
(issue 14, items 1 and 2), whichever process handles the click or the deadline."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store
from handlers.mock.session import SessionStore
from question_bank import QuestionBank
from tests.fakes.chat import channel
from tests.integration.mock_harness import MockHarness, minutes
from tests.integration.test_mock_races import ALREADY

FULL_STARTS = [
    "Phase 1/5 · Requirements & scope · 7 min",
    "Phase 2/5 · Capacity estimation · 5 min",
    "Phase 3/5 · High-level design · 13 min",
    "Phase 4/5 · Deep dive · 13 min",
    "Phase 5/5 · Trade-offs & operations · 7 min",
]


@pytest.fixture
async def processes(store: Store, clock: FakeClock, bank: QuestionBank) -> tuple[MockHarness, MockHarness]:
    """Two processes on one store; their chats record into one list, so the order across them shows."""
    apps = [
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(n))
        for n in (1, 2)
    ]
    first, second = MockHarness(apps[0], clock, id_prefix="a"), MockHarness(apps[1], clock, id_prefix="b")
    second.chat.sent = first.chat.sent
    return first, second


async def both_poll(first: MockHarness, second: MockHarness, seconds: float, step: float = 10) -> None:
    for tick in range(int(seconds // step)):
        first.clock.advance(step)
        polls = [first.queue.run_due(), second.queue.run_due()]
        await asyncio.gather(*(polls if tick % 2 else reversed(polls)))


async def test_start_pressed_on_both_processes_by_both_partners_makes_one_mock(
    processes: tuple[MockHarness, MockHarness],
) -> None:
    first, second = processes
    for who in ("alice", "bob"):
        await first.run('/pair join availability:"weekday evenings"', user=who)
    await first.run("/pair round", user="ada", admin=True)
    [thread] = first.chat.threads
    start = str(first.posts(thread)[0].buttons[0].action)
    guides_before = sum(1 for sent in first.chat.sent if sent.kind == "dm")

    answers = await asyncio.gather(
        first.press(start, user="alice"),
        second.press(start, user="alice"),  # the same click, handled by both processes
        second.press(start, user="bob"),
        first.press(start, user="bob"),
    )
    texts = [answer.last.text for answer in answers]
    assert texts.count("Mock started in this thread.") == 1, texts
    assert all(
        text.startswith((ALREADY, "A mock is starting in this thread")) for text in texts if "started" not in text
    )
    assert sum(1 for sent in first.chat.sent if sent.kind == "dm") == guides_before + 1

    await both_poll(first, second, minutes(8))
    await second.run("/mock end", user="bob", thread=thread)
    said = first.announcements(thread)
    assert [line for line in said if line.startswith("Phase")] == FULL_STARTS[:2]
    assert len(said) == len(set(said)), said
    [line] = (await first.run("/mock history", user="alice")).last.text.splitlines()
    assert "in progress" not in line


async def test_next_on_one_process_while_the_other_fires_the_timer_says_each_phase_once_in_order(
    processes: tuple[MockHarness, MockHarness],
) -> None:
    first, second = processes
    await first.run("/mock start url-shortener")
    thread = first.thread
    await both_poll(first, second, minutes(7) - 10)
    first.clock.advance(40)  # phase 2 is 30 s old; neither timer has fired yet
    await first.run("/mock next", thread=thread)
    await second.queue.run_due()
    first.clock.advance(3)
    await asyncio.gather(second.run("/mock next", user="alice", thread=thread), first.queue.run_due())
    await both_poll(first, second, minutes(40))
    starts = [line for line in first.announcements(thread) if line.startswith("Phase")]
    assert starts == FULL_STARTS
    said = Counter(first.announcements(thread))
    assert set(said.values()) == {1}, said
    session = await SessionStore(first.app.services.store).for_thread(channel(), thread.id)
    assert session is not None and session.over
    summary = next(reply.text for reply in first.posts(thread) if reply.text.startswith("Mock over"))
    assert "Capacity estimation: 0:30 of 5:00 (-4:30)" in summary
    assert "High-level design: 0:03 of 13:00 (-12:57)" in summary


async def reach_next_announcement(harness: MockHarness) -> None:
    queue = harness.queue
    pending = await queue.store.redis.zrange(queue.queue_key, 0, -1, withscores=True)
    due = [score / 1000 for member, score in pending if '"e":"status"' not in member]
    if due:
        harness.clock.advance(max(due[0] - harness.clock.now().timestamp(), 0.0))


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["reach", "poll", "lag", "next", "pause", "resume", "extend"]),
        st.sampled_from([0, 1]),  # which process
        st.integers(1, 90),
    ),
    max_size=20,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
async def test_any_mix_of_controls_and_timers_on_two_processes_says_each_phase_once(
    processes: tuple[MockHarness, MockHarness], steps: list[tuple[str, int, int]]
) -> None:
    harnesses = processes
    await harnesses[0].run("/mock start url-shortener")
    thread = harnesses[0].thread
    for index in range(0, len(steps), 2):  # two steps at a time, concurrently, one per process if they differ
        batch = steps[index : index + 2]
        jobs = []
        for kind, which, amount in batch:
            harness = harnesses[which]
            if kind == "lag":
                harness.clock.advance(amount)
            elif kind == "reach":  # the clock reaches the next announcement's due time; no timer fired yet
                await reach_next_announcement(harness)
            elif kind == "poll":
                jobs.append(harness.queue.run_due())
            else:
                command = f"/mock extend {amount % 5 + 1}" if kind == "extend" else f"/mock {kind}"
                jobs.append(harness.run(command, thread=thread))
        await asyncio.gather(*jobs)
    store = SessionStore(harnesses[0].app.services.store)
    for _ in range(20):
        session = await store.for_thread(channel(), thread.id)
        assert session is not None
        if session.over:
            break
        if session.paused_at is not None:
            await harnesses[1].run("/mock resume", thread=thread)
        await both_poll(*harnesses, minutes(10), step=30)  # running out: how late each poll is does not matter
    assert session.over
    said = harnesses[0].announcements(thread)
    assert len(said) == len(set(said)), said
    phases = [int(line[6]) - 1 for line in said if line.startswith("Phase ")]
    assert phases == sorted(phases), said
    assert {i for i, seconds in enumerate(session.durations) if seconds > 0} <= set(phases), said
