"""Drive each feature through the real dispatcher, store and deadline queue with a FakeClock, counting commands.

Time jumps from one due deadline to the next (as a live poller would find them), so the counts
hold the feature's own commands; the poller's empty claims are counted apart, as they are paid
per process and not per feature.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import redis.asyncio as aioredis

from bench._redis_count import CommandCounter, counting_client
from bot.app import App, build_app
from bot.chat import IncomingMessage, MessageRef, ThreadRef
from bot.clock import FakeClock
from bot.config import load_settings
from bot.deadline_scripts import CLAIM, DISPATCH, REQUEUE_EXPIRED, SCHEDULE
from bot.deadlines import DeadlineQueue
from bot.pacing import _RESERVE_SLOT
from bot.store import Store
from handlers.mock.running import _RELEASE
from tests.fakes.chat import channel, user
from tests.integration.mock_harness import MockHarness

SCRIPTS = (CLAIM, DISPATCH, REQUEUE_EXPIRED, SCHEDULE, _RESERVE_SLOT, _RELEASE)
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday, 08:00 UTC
MOCK_MESSAGES = 10  # messages written in a thread, counted per message
SOLO_MESSAGES = 20  # the candidate's messages in a mock the bot interviews
PAIRING_PEOPLE = 1_000
TRANSCRIPT = (
    "Shorten and redirect, 100M new links a month, reads dominate writes 100 to 1",
    "A Redis cache in front of DynamoDB, keyed by the short code, with a TTL",
    "Base62 codes from a counter range per node so two nodes never mint the same code",
)


@dataclass
class Counts:
    """Commands by name for one feature, the messages it posted, and the poller's overhead apart."""

    commands: Counter[str]
    posts: int = 0  # messages posted (Slack paces each: one EVALSHA more)
    inbound: int = 0  # commands, buttons and messages received (each platform de-duplicates: one SET NX more)
    poll: Counter[str] = field(default_factory=Counter)
    units: int = 1  # how many of the feature's unit the counts cover (messages, joins)

    def total(self) -> int:
        """Commands in all."""
        return sum(self.commands.values())


class Run:
    """One deployment on a counted client: an app, a recording chat and a FakeClock."""

    def __init__(self, app: App, raw: aioredis.Redis, counter: CommandCounter, clock: FakeClock) -> None:
        self.app, self.raw, self.counter, self.clock = app, raw, counter, clock
        self.harness = MockHarness(app, clock)
        self.queue: DeadlineQueue = self.harness.queue
        for name in ("_claim", "_requeue"):  # the poller's claims: counted apart
            script = getattr(self.queue, name)
            setattr(self.queue, name, self._as_poll(script))

    def _as_poll(self, script: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def polled(*args: Any, **kwargs: Any) -> Any:
            with self.counter.polling():
                return await script(*args, **kwargs)

        return polled

    def posts(self) -> int:
        """Messages posted so far (threads open with a post)."""
        return sum(1 for sent in self.harness.chat.sent if sent.kind in ("post", "dm"))

    async def until(self, moment: datetime) -> None:
        """Handle every deadline due by `moment`, jumping from one due time to the next."""
        for _ in range(100_000):
            head = await self.raw.zrange(self.queue.queue_key, 0, 0, withscores=True)
            if not head:
                break
            due = datetime.fromtimestamp(float(head[0][1]) / 1000, tz=UTC)
            if due > moment:
                break
            if due > self.clock.now():
                self.clock.set(due)
            await self.queue.run_due()
        if moment > self.clock.now():
            self.clock.set(moment)

    async def measured(self, work: Callable[[], Awaitable[object]], inbound: int, units: int = 1) -> Counts:
        """Count what `work` sends to Redis."""
        self.counter.take()
        posts_before = self.posts()
        await work()
        commands, poll = self.counter.take()
        return Counts(commands, self.posts() - posts_before, inbound, poll, units)


async def open_run(redis_url: str) -> Run:
    """A fresh deployment (own key prefix) on a counted client, with its Lua scripts loaded."""
    counter = CommandCounter()
    raw = aioredis.Redis.from_url(redis_url, decode_responses=True)
    for script in SCRIPTS:  # as in a long-running deployment: EVALSHA finds them
        await raw.script_load(script)
    store = Store(counting_client(redis_url, counter), embedded=False, prefix=f"benchload-{uuid.uuid4().hex[:8]}")
    app = await build_app(load_settings(env_file=None), FakeClock(START), store=store, rng=random.Random(7))
    clock = app.services.clock
    assert isinstance(clock, FakeClock)
    return Run(app, raw, counter, clock)


async def close_run(run: Run) -> None:
    """Delete the run's keys and close its clients."""
    await run.app.services.store.delete_namespace()
    await run.app.close()
    await run.raw.aclose()


async def mock_scenario(run: Run) -> dict[str, Counts]:
    """A 45-minute mock with a partner: start, announcements, status refreshes, controls, messages, end."""
    h, counts = run.harness, {}
    t0 = run.clock.now()

    async def whole_mock() -> None:
        await h.run("/mock start url-shortener partner:<@bob>", user="alice")
        await run.until(t0 + timedelta(minutes=10))
        await h.run("/mock status", user="alice", thread=h.thread)
        await h.run("/mock pause", user="alice", thread=h.thread)
        await run.until(t0 + timedelta(minutes=12))
        await h.run("/mock resume", user="alice", thread=h.thread)
        await run.until(t0 + timedelta(minutes=40))
        await h.run("/mock extend", user="alice", thread=h.thread)
        await run.until(t0 + timedelta(hours=3))  # its end, and whatever follows it

    async def messages() -> None:  # through the dispatcher: every feature's listener hears them
        for number in range(MOCK_MESSAGES):
            message = IncomingMessage(user("alice"), MessageRef(h.thread, f"x{number}"), TRANSCRIPT[number % 3])
            await run.app.dispatcher.run_message(h.chat, message)

    async def elsewhere() -> None:  # messages in a thread no feature owns still reach every listener
        other = ThreadRef(channel("general"), "unrelated-thread", "chat")
        for number in range(MOCK_MESSAGES):
            message = IncomingMessage(user("dave"), MessageRef(other, f"y{number}"), "lunch at noon?")
            await run.app.dispatcher.run_message(h.chat, message)

    async def barraiser() -> None:
        await h.run("/barraiser", user="alice", thread=h.thread)

    counts["mock"] = await run.measured(whole_mock, inbound=5)
    if not h.announcements()[-1].startswith("Mock over"):  # never count a mock that went wrong
        raise RuntimeError(f"the mock did not end: {h.announcements()}")
    # The messages and the bar raiser, in a second mock that is still running.
    await h.run("/mock start url-shortener partner:<@bob>", user="carol")
    counts["mock_message"] = await run.measured(messages, inbound=MOCK_MESSAGES, units=MOCK_MESSAGES)
    counts["other_message"] = await run.measured(elsewhere, inbound=MOCK_MESSAGES, units=MOCK_MESSAGES)
    counts["barraiser"] = await run.measured(barraiser, inbound=1)
    await run.until(run.clock.now() + timedelta(hours=3))  # the second mock ends, uncounted
    counts["mock_solo"] = await run.measured(lambda: solo_mock(run), inbound=1 + SOLO_MESSAGES)
    return counts


async def solo_mock(run: Run) -> None:
    """A 45-minute mock without a partner: the bot interviews (offline engine), the candidate writes."""
    h = run.harness
    t0 = run.clock.now()
    await h.run("/mock start url-shortener", user="erin")
    thread = h.thread
    for number in range(SOLO_MESSAGES):
        await run.until(t0 + timedelta(minutes=2 * number + 1))
        message = IncomingMessage(user("erin"), MessageRef(thread, f"z{number}"), TRANSCRIPT[number % 3])
        await run.app.dispatcher.run_message(h.chat, message)
    await run.until(t0 + timedelta(hours=3))
    if not h.announcements(thread)[-1].startswith("Mock over"):
        raise RuntimeError(f"the solo mock did not end: {h.announcements(thread)}")


async def daily_scenario(run: Run) -> Counts:
    """One daily drop (set up beforehand, not counted), and what follows it within a day."""
    await run.harness.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
    return await run.measured(lambda: run.until(START + timedelta(hours=23)), inbound=0)


async def pairing_scenario(run: Run, people: int = PAIRING_PEOPLE) -> tuple[Counts, Counts]:
    """`people` join (counted apart), then one round for all of them and its follow-ups a day later."""
    h = run.harness
    slots = ("weekday evenings", "weekday mornings", "sat 10-14", "sun 16-20")

    async def joins() -> None:
        for number in range(people):
            await h.run(f'/pair join availability:"{slots[number % 4]}"', user=f"p{number}")

    async def round_and_follow_ups() -> None:
        done = (await h.run("/pair round", user="ada", admin=True)).last.text
        if not done.startswith(f"Round done: {people // 2} pairs"):
            raise RuntimeError(f"the round did not pair everyone: {done}")
        await run.until(run.clock.now() + timedelta(days=2))

    joined = await run.measured(joins, inbound=people, units=people)
    return joined, await run.measured(round_and_follow_ups, inbound=1)


async def command_scenario(run: Run) -> Counts:
    """One plain command: a random question the person has not seen."""
    return await run.measured(lambda: run.harness.run("/question", user="alice"), inbound=1)


async def count_features(redis_url: str) -> tuple[dict[str, Counts], dict[str, int]]:
    """Every feature's counts, and the mean argument size of each command seen (for the benchmark)."""
    results: dict[str, Counts] = {}
    sizes: dict[str, int] = {}
    for name in ("mock", "daily", "pairing", "command"):
        run = await open_run(redis_url)
        try:
            if name == "mock":
                results.update(await mock_scenario(run))
            elif name == "daily":
                results["daily_drop"] = await daily_scenario(run)
            elif name == "pairing":
                results["pair_join"], results["pairing_round_1000"] = await pairing_scenario(run)
            else:
                results["command"] = await command_scenario(run)
            sizes.update({command: run.counter.mean_bytes(command) for command in run.counter.sent})
        finally:
            await close_run(run)
    return results, sizes
