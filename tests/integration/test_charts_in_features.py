"""The features attach their charts: the mock's summary, /mock history, /prep status, /stats (real dispatcher,
store and deadline queue, FakeClock)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.chat import Reply
from bot.clock import FakeClock
from handlers import channel_counts
from tests.fakes.chat import channel
from tests.integration.mock_harness import MockHarness, minutes


@pytest.fixture
def mock(app: App, clock: FakeClock) -> MockHarness:
    return MockHarness(app, clock)


def summary_of(mock: MockHarness) -> Reply:
    posts = [sent.reply for sent in mock.chat.sent if sent.kind == "post" and sent.reply is not None]
    return next(reply for reply in posts if reply.text.startswith("Mock over"))


async def test_the_summary_carries_the_timeline_with_its_marks_and_pause(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener barraiser:on interruptions:on interviewer:none")
    await mock.wait(minutes(14))
    await mock.run("/mock pause", thread=mock.thread)
    await mock.wait(minutes(3))
    await mock.run("/mock resume", thread=mock.thread)
    await mock.wait(minutes(40))
    image = summary_of(mock).image
    assert image is not None and image.filename == "mock-timeline.png"
    assert image.png.startswith(b"\x89PNG\r\n\x1a\n") and len(image.png) < 200 * 1024
    assert "Requirements & scope 7 of 7 min" in image.alt_text
    assert "LP interruption at minute 16; probe at minute 27; probe at minute 39" in image.alt_text
    assert "Paused 3 min in all" in image.alt_text
    assert image.text_line == "actual vs plan 7/7 5/5 13/13 13/13 7/7"


async def test_mock_history_draws_the_finished_mocks(mock: MockHarness) -> None:
    await mock.run("/mock start url-shortener interviewer:none")
    await mock.wait(minutes(46))
    responder = await mock.run("/mock history")
    [reply] = responder.replies
    assert reply.image is not None and reply.image.filename == "mock-history.png"
    assert "Two charts of your last 1 mocks" in reply.image.alt_text
    assert "no mock has scores yet" in reply.image.alt_text


async def test_mock_history_without_a_finished_mock_has_no_chart(mock: MockHarness) -> None:
    [reply] = (await mock.run("/mock history")).replies
    assert reply.image is None


async def test_prep_status_draws_the_plans_burn_up(mock: MockHarness, clock: FakeClock) -> None:
    await mock.run("/prep start weeks:4")
    clock.advance(timedelta(days=9).total_seconds())
    [reply] = (await mock.run("/prep status")).replies
    assert reply.image is not None and reply.image.filename == "prep-burnup.png"
    assert reply.image.alt_text.startswith("Burn-up chart of your 4-week plan, today in Week 2: 0 practice items done")


async def test_stats_counts_the_channels_drops_answers_and_mocks_by_week(mock: MockHarness, app: App) -> None:
    store, now = app.services.store, mock.clock.now()
    general = channel("general")
    for kind in ("drops", "daily_answers", "daily_answers", "daily_answers"):
        await channel_counts.count(store, general, kind, now)
    await mock.run("/mock start url-shortener interviewer:none")
    await mock.wait(minutes(46))
    [reply] = (await mock.run("/stats", admin=True)).replies
    assert reply.ephemeral and reply.image is not None
    assert "daily answers per drop, oldest week first: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3;" in reply.image.alt_text
    assert "mocks run, oldest week first: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1;" in reply.image.alt_text
    assert "daily answers per drop: 3 this week\nmocks run: 1 in 12 weeks\npairs made: 0 in 12 weeks" in reply.text
    assert f"counted since {now:%Y-%m-%d}" in reply.text


async def test_stats_is_for_admins(mock: MockHarness) -> None:
    [reply] = (await mock.run("/stats")).replies
    assert reply.image is None and "admin" in reply.text.lower()
