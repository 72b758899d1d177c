"""Two bot processes on one Redis (the real one in CI): 100 mocks, 50 channels' daily drops and a
pairing round, every announcement, drop and match exactly once, whoever claims it."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.store import Store
from handlers.daily.service import DailyService
from handlers.daily.state import DailyConfig, DailyStore
from question_bank import QuestionBank
from tests.integration.mock_harness import MockHarness
from tests.integration.test_mock_sessions import FULL_MOCK


async def test_two_processes_do_everything_exactly_once(store: Store, bank: QuestionBank) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    apps = [
        await build_app(load_settings(env_file=None), clock, store=store, bank=bank, rng=random.Random(n))
        for n in (1, 2)
    ]
    first, second = MockHarness(apps[0], clock, id_prefix="a"), MockHarness(apps[1], clock, id_prefix="b")

    for number in range(100):
        await (first if number % 2 else second).run("/mock start url-shortener", user=f"u{number}")
        clock.advance(1)  # staggered starts: deadlines fall due at many moments, claimed by one process or the other
    for number in range(50):
        harness = first if number % 2 else second
        config = DailyConfig(
            platform=harness.chat.platform, workspace="w1", channel_id=f"c{number}", time="09:00", tz="UTC",
            days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), version=1,
        )  # fmt: skip
        await DailyStore(store).save_config(config)
        await DailyService(harness.app.services, harness.chat).schedule(config, clock.now())  # type: ignore[arg-type]
    for who in ("p1", "p2", "p3", "p4", "p5", "p6"):
        await first.run('/pair join availability:"weekday mornings"', user=who)
    await first.run("/pair setup mon 09:30 UTC", user="ada", admin=True)

    for tick in range(int(timedelta(minutes=100).total_seconds() // 10)):
        clock.advance(10)
        pollers = [first.queue.run_due(), second.queue.run_due()]
        await asyncio.gather(*(pollers if tick % 2 else reversed(pollers)))

    threads = [thread for thread in first.chat.threads + second.chat.threads if thread.name.startswith("Mock ")]
    assert len(threads) == 100
    for harness in (first, second):  # both processes took part: the claims really raced
        assert sum(1 for thread in threads for line in harness.announcements(thread) if line.startswith("Phase")) > 50
    for thread in threads:
        said = Counter(first.announcements(thread) + second.announcements(thread))
        over = [line for line in said if line.startswith("Mock over")]
        assert len(over) == 1, (thread, said)
        assert said == Counter([*FULL_MOCK, over[0]]), (thread, said)  # each exactly once, whoever sent it

    drops = Counter(
        sent.place.id
        for harness in (first, second)
        for sent in harness.chat.sent
        if sent.kind == "post" and sent.reply and (sent.reply.title or "").startswith("Daily question") and sent.place
    )
    assert len(drops) == 50 and set(drops.values()) == {1}

    rounds = [
        s
        for h in (first, second)
        for s in h.chat.sent
        if s.kind == "post" and s.reply and s.reply.title == "Pairing round"
    ]
    intros = [
        s
        for h in (first, second)
        for s in h.chat.sent
        if s.kind == "post" and s.reply and s.reply.title == "Your practice pair"
    ]
    assert len(rounds) == 1
    assert len(intros) == 3
