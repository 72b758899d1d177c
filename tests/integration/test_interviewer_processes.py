"""The AI interviewer with two bot processes on one Redis, and across a restart: one answer per burst."""

from __future__ import annotations

import asyncio
import random

from bot.app import build_app
from bot.chat import IncomingMessage, MessageRef
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store
from question_bank import QuestionBank
from tests.fakes.chat import user
from tests.integration.mock_harness import MockHarness, minutes
from tests.integration.test_interviewer import interviewer


async def two_processes(store: Store, clock: FakeClock, bank: QuestionBank) -> tuple[MockHarness, MockHarness]:
    apps = [
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(n))
        for n in (1, 2)
    ]
    first, second = MockHarness(apps[0], clock, id_prefix="a"), MockHarness(apps[1], clock, id_prefix="b")
    second.chat.sent = first.chat.sent
    second.chat.threads = first.chat.threads
    return first, second


async def test_two_processes_hearing_the_same_line_answer_it_once(
    store: Store, clock: FakeClock, bank: QuestionBank
) -> None:
    first, second = await two_processes(store, clock, bank)
    await first.run("/mock start url-shortener")
    message = IncomingMessage(user("alice"), MessageRef(first.thread, "m1"), "How long do we keep links?")
    # Both processes receive the event (a gateway redelivery, a second shard) and both poll the queue.
    await asyncio.gather(
        first.app.dispatcher.run_message(first.chat, message), second.app.dispatcher.run_message(second.chat, message)
    )
    for _ in range(6):
        clock.advance(5)
        await asyncio.gather(first.queue.run_due(), second.queue.run_due())
    said = interviewer(first)
    assert said[0].startswith("I'll be your interviewer today")  # the opening, once
    assert len(said) == 2
    assert "5 years" in said[1]


async def test_a_restart_mid_interview_resumes_where_it_stood(
    store: Store, clock: FakeClock, bank: QuestionBank
) -> None:
    before = MockHarness(
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(1)), clock
    )
    await before.run("/mock start url-shortener")
    await before.wait(minutes(30), step=10)  # into the deep dive: the interviewer chose where to go
    opening = interviewer(before)[-1]
    # A new process on the same Redis takes over (the first one is gone).
    after = MockHarness(
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(2)), clock
    )
    after.chat.threads = before.chat.threads
    await after.say("We'd time out after 50 ms and retry once with jitter.")
    await after.wait(25, step=5)
    follow_up = interviewer(after)[-1]
    assert follow_up != opening
    assert follow_up.endswith("?")  # it follows up on the topic it chose before the restart
