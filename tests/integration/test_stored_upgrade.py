"""Records an earlier release left in Redis keep working after an upgrade; newer ones are refused kindly."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.clock import FakeClock
from bot.store import Store
from tests.fakes.chat import user
from tests.integration.mock_harness import MockHarness

V1 = Path(__file__).parents[1] / "data" / "stored" / "v1"


@pytest.fixture
def harness(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


def as_before_versions(value: Any) -> Any:
    """A record as the release before schema versions wrote it (the same fields, no versions)."""
    if isinstance(value, dict):
        return {key: as_before_versions(item) for key, item in value.items() if key != "schema_version"}
    if isinstance(value, list):
        return [as_before_versions(item) for item in value]
    return value


async def session_key(store: Store) -> str:
    [key] = [key async for key in store.redis.scan_iter(match=f"{store.prefix}:*:mock:*")]
    return str(key)


async def test_a_mock_stored_by_the_earlier_release_is_controlled_and_saved_with_a_version(
    harness: MockHarness, store: Store
) -> None:
    await harness.run("/mock start url-shortener")
    key = await session_key(store)
    await store.redis.set(key, json.dumps(as_before_versions(json.loads(await store.redis.get(key)))), keepttl=True)
    paused = await harness.run("/mock pause", thread=harness.thread)
    assert "Paused" in harness.posts()[-1].text, paused.last.text
    assert json.loads(await store.redis.get(key))["schema_version"] == 1


async def test_star_stories_written_as_plain_objects_are_still_listed(harness: MockHarness, store: Store) -> None:
    alice = user("alice")
    await store.redis.rpush(store.key(alice, "user", alice.id, "stories"), (V1 / "star_story.json").read_text())
    listed = await harness.run("/star list")
    assert "Ownership: Our checkout queue backed up" in listed.last.text


async def test_a_mock_saved_by_a_newer_release_is_refused_kindly_without_a_traceback(
    harness: MockHarness, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.run("/mock start url-shortener")
    key = await session_key(store)
    newer = {**json.loads(await store.redis.get(key)), "schema_version": 99}
    await store.redis.set(key, json.dumps(newer), keepttl=True)
    with caplog.at_level(logging.INFO):
        answer = await harness.run("/mock pause", thread=harness.thread)
    assert answer.last.text == "This was saved by a newer version of the bot. Try again once the update is done."
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]
    assert json.loads(await store.redis.get(key)) == newer  # left as it was, for the newer release
