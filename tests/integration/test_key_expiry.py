"""Keys that would otherwise grow without bound expire when nothing needs them any more."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.chat import ChannelRef, IncomingMessage, MessageRef, Platform
from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.context import Services
from bot.llm import LlmClient
from bot.store import Store
from handlers.barraiser.models import BarRaiserRequest, Line
from handlers.barraiser.service import BarRaiser
from question_bank import Level, Phase, QuestionBank
from tests.fakes.chat import user
from tests.fakes.openai_server import FakeOpenAI
from tests.integration.mock_harness import MockHarness

DAY = 86_400


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
def harness(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


async def ttl_of(store: Store, pattern: str) -> int:
    """The TTL in seconds of the one key matching `pattern` under the test's prefix (-1: none)."""
    keys = [key async for key in store.redis.scan_iter(match=f"{store.prefix}:{pattern}")]
    assert len(keys) == 1, keys
    return int(await store.redis.ttl(keys[0]))


async def say(harness: MockHarness, who: str, text: str) -> None:
    message = IncomingMessage(user(who), MessageRef(harness.thread, "m"), text)
    for listener in harness.app.services.registry.message_listeners:
        await listener(harness.app.services, harness.chat, message)


async def test_the_bar_raisers_asked_probes_live_as_long_as_the_mock(harness: MockHarness, store: Store) -> None:
    await harness.run("/mock start url-shortener")
    await say(harness, "alice", "Shorten and redirect, 100M new links a month, a cache in front of the database")
    await harness.run("/barraiser", thread=harness.thread)
    assert 89 * DAY < await ttl_of(store, "*:barraiser-asked:*") <= 90 * DAY


async def test_a_mock_history_expires_with_the_mocks_it_lists(harness: MockHarness, store: Store) -> None:
    await harness.run("/mock start url-shortener")
    assert 89 * DAY < await ttl_of(store, "*:user:alice:mocks") <= 90 * DAY


async def test_who_was_probed_in_a_daily_thread_is_kept_as_long_as_the_thread(
    harness: MockHarness, store: Store
) -> None:
    await harness.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
    await harness.wait(timedelta(hours=1).total_seconds(), step=600)
    await say(harness, "bob", "A trie of prefixes in Redis, 100k qps")
    assert 29 * DAY < await ttl_of(store, "*:daily-probed:*") <= 30 * DAY


async def test_topics_and_phases_practised_expire_like_the_weekly_progress(harness: MockHarness, store: Store) -> None:
    await harness.run("/prep done consistent hashing")
    await harness.run("/mock start url-shortener")
    await harness.wait(timedelta(minutes=8).total_seconds())  # the first phase really ran
    await harness.run("/mock end", thread=harness.thread)
    await harness.wait(30)
    assert 83 * DAY < await ttl_of(store, "*:user:alice:topics-done") <= 84 * DAY
    assert 83 * DAY < await ttl_of(store, "*:user:alice:phases-practised") <= 84 * DAY


async def test_forget_me_also_deletes_the_topics_someone_typed(harness: MockHarness, store: Store) -> None:
    await harness.run("/prep done my team's secret project")
    await harness.run("/forget-me")
    assert [key async for key in store.redis.scan_iter(match=f"{store.prefix}:*:topics-done")] == []


@pytest.fixture
async def openai_server() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key="sk-test") as server:
        probe = {"text": "What stops a second link on a retry?", "targets": ["idempotent-create"]}
        server.reply_with({"probes": [probe]})
        yield server


async def test_tokens_are_counted_per_day_and_the_count_expires(
    store: Store, clock: FakeClock, bank: QuestionBank, openai_server: FakeOpenAI
) -> None:
    settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=openai_server.base_url)  # type: ignore[call-arg]
    services = Services(bank=bank, store=store, clock=clock, registry=None)  # type: ignore[arg-type]
    services.llm = LlmClient(settings, clock, store, max_retries=0)
    question = bank.get("url-shortener")
    assert question is not None
    request = BarRaiserRequest(question, Phase.DEEP_DIVE, Level.SDE2, (Line("maya", "Redis in front of DynamoDB"),))
    answer = await BarRaiser(services).probes(request, ChannelRef(Platform.SLACK, "T1", "C1"), "U1")
    assert answer.engine == "AI bar raiser"
    key = store.global_key("llm-tokens", "2026-03-02")
    assert int(await store.redis.get(key) or 0) > 0
    assert DAY < int(await store.redis.ttl(key)) <= 2 * DAY
    await services.llm.close()


async def test_a_persons_pair_history_expires_with_the_pairs_it_lists(store: Store, clock: FakeClock) -> None:
    from handlers.pairing.state import PairingStore, PairRecord

    pool = ChannelRef(Platform.CONSOLE, "local", "general")
    pair = PairRecord(
        id="p1",
        channel_id="general",
        candidate="alice",
        interviewer="bob",
        question_id="url-shortener",
        thread_id="t1",
        thread_name="alice & bob",
        made_at=clock.now(),
    )
    await PairingStore(store).add_pair(pool, pair)
    assert 119 * DAY < await ttl_of(store, "*:history:alice") <= 120 * DAY
