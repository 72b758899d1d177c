"""REDIS_KEY_PREFIX: two deployments on one Redis never see each other's data or deadlines."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import redis

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import load_settings
from question_bank import QuestionBank
from tests.integration.mock_harness import MockHarness, minutes


@dataclass
class Deployment:
    prefix: str
    app: App
    harness: MockHarness


async def deploy(monkeypatch: pytest.MonkeyPatch, url: str, clock: FakeClock, bank: QuestionBank) -> Deployment:
    """A deployment configured as an operator would: REDIS_URL and REDIS_KEY_PREFIX in the environment."""
    prefix = f"dep-{uuid.uuid4().hex[:8]}"
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_URL", url)
    monkeypatch.setenv("REDIS_KEY_PREFIX", prefix)
    app = await build_app(load_settings(env_file=None), clock, bank=bank, rng=random.Random(7))
    return Deployment(prefix, app, MockHarness(app, clock))


@pytest.fixture
async def two(
    redis_server_url: str, monkeypatch: pytest.MonkeyPatch, bank: QuestionBank
) -> AsyncIterator[tuple[Deployment, Deployment, redis.Redis]]:
    clock = FakeClock()
    first = await deploy(monkeypatch, redis_server_url, clock, bank)
    second = await deploy(monkeypatch, redis_server_url, clock, bank)
    raw = redis.Redis.from_url(redis_server_url, decode_responses=True)
    yield first, second, raw
    for deployment in (first, second):
        await deployment.app.services.store.delete_namespace()
        await deployment.app.close()
    raw.close()


async def test_two_prefixes_on_one_redis_keep_mocks_drops_and_deadlines_apart(
    two: tuple[Deployment, Deployment, redis.Redis],
) -> None:
    first, second, raw = two
    before = set(raw.scan_iter(count=1000))
    # The same workspace, user and thread ids in both: only the prefix tells them apart.
    await first.harness.run("/mock start url-shortener", user="alice")
    await first.harness.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
    await first.harness.run('/pair join availability:"weekday evenings"', user="alice")
    thread = first.harness.thread

    assert await first.harness.queue.pending() > 0
    assert await second.harness.queue.pending() == 0
    assert (await second.harness.run("/mock history", user="alice")).last.text.startswith("No mocks yet")
    assert (await second.harness.run("/pair status", user="alice")).last.text == (
        "You are not in the pool. /pair join first."
    )

    # The other deployment's poller never claims this one's deadlines.
    for _ in range(int(minutes(8) // 5)):
        first.harness.clock.advance(5)
        await second.harness.queue.run_due()
    assert second.harness.chat.sent == []
    await first.harness.queue.run_due()
    assert first.harness.announcements(thread)[-1] == "Phase 2/5 · Capacity estimation · 5 min"

    # A mock in the very same thread id starts in the second deployment: the first's claim is not seen.
    started = await second.harness.run("/mock start url-shortener", user="alice")
    assert second.harness.chat.threads, started.last.text

    written = set(raw.scan_iter(count=1000)) - before
    assert written
    assert {key.split(":", 1)[0] for key in written} == {first.prefix, second.prefix}

    # Deleting one deployment's namespace leaves the other's data alone.
    await first.app.services.store.delete_namespace()
    assert not any(key.startswith(f"{first.prefix}:") for key in raw.scan_iter(count=1000))
    assert any(key.startswith(f"{second.prefix}:") for key in raw.scan_iter(count=1000))
    assert await second.harness.queue.pending() > 0
