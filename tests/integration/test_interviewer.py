"""The AI interviewer in a mock thread, offline engine: the real dispatcher, store and deadline queue, a FakeClock."""

from __future__ import annotations

import re

from bot.app import App
from bot.clock import FakeClock
from handlers.interviewer.openings import NUDGE
from handlers.interviewer.pushback import COUNTER, PICK_ONE
from tests.integration.mock_harness import MockHarness, minutes

OFFLINE = "Interviewer · offline interviewer"


def interviewer(mock: MockHarness) -> list[str]:
    """What the interviewer said in the thread, in order."""
    return [reply.text for reply in mock.posts() if reply.footer and reply.footer.startswith("Interviewer · ")]


async def start(app: App, clock: FakeClock, extra: str = "") -> MockHarness:
    mock = MockHarness(app, clock)
    await mock.run(f"/mock start url-shortener {extra}".strip())
    await mock.wait(1, step=1)
    return mock


async def test_a_solo_mock_opens_with_the_question_and_asks_what_the_candidate_wants_to_know(
    app: App, clock: FakeClock
) -> None:
    mock = await start(app, clock)
    [opening] = interviewer(mock)
    assert opening.startswith("I'll be your interviewer today. Let's build a URL shortener")
    assert opening.endswith("What would you like to know?")
    assert all(reply.footer == OFFLINE for reply in mock.posts() if reply.text == opening)


async def test_a_direct_question_gets_the_banks_answer_at_once(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("roughly how many links get created each month, and how often are they clicked?")
    await mock.wait(1, step=1)
    answer = interviewer(mock)[-1]
    assert "100M new short links a month" in answer


async def test_a_burst_is_answered_once_after_a_pause(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("ok let me think about requirements")
    await mock.say("shorten a URL and redirect")
    await mock.say("how long do we keep links")  # a question without '?': the pause decides
    await mock.wait(10, step=1)
    assert len(interviewer(mock)) == 1  # only the opening so far
    await mock.wait(15, step=1)
    said = interviewer(mock)
    assert len(said) == 2  # one answer to the whole burst
    assert "5 years" in said[-1]


async def test_a_question_the_bank_cannot_answer_asks_for_an_assumption_without_inventing_numbers(
    app: App, clock: FakeClock
) -> None:
    mock = await start(app, clock)
    await mock.say("Which countries have data residency laws we must follow for the link database?")
    await mock.wait(1, step=1)
    answer = interviewer(mock)[-1]
    assert "assumption" in answer
    assert not re.search(r"\d", answer)


async def test_a_design_question_is_turned_back(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("what database should I use for the links?")
    await mock.wait(1, step=1)
    assert COUNTER in interviewer(mock)[-1]


async def test_requirements_without_scale_or_targets_are_called_out_before_estimation(
    app: App, clock: FakeClock
) -> None:
    mock = await start(app, clock)
    await mock.say("Do links expire?")
    await mock.wait(minutes(7.2), step=10)
    called_out = [text for text in interviewer(mock) if text.startswith("Before we move on")]
    assert len(called_out) == 1
    assert "how big this is" in called_out[0]
    assert "latency and availability" in called_out[0]


async def test_wrong_arithmetic_is_corrected(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.wait(minutes(7.1), step=10)
    await mock.say("So 10M links a day is about 1,000 a second.")
    await mock.wait(25, step=1)
    assert re.search(r"Check that: .*115", interviewer(mock)[-1])


async def test_silence_in_high_level_design_gets_one_nudge_then_a_second_after_more_silence(
    app: App, clock: FakeClock
) -> None:
    mock = await start(app, clock)
    await mock.wait(minutes(12.2), step=10)  # into high-level design
    await mock.say("Two services: a writer and a redirector.")
    await mock.wait(minutes(2.5), step=10)
    assert NUDGE not in interviewer(mock)
    await mock.wait(minutes(1), step=10)
    assert interviewer(mock).count(NUDGE) == 1
    await mock.wait(minutes(7), step=10)
    assert interviewer(mock).count(NUDGE) == 2  # never more than two


async def test_a_component_without_a_reason_gets_a_why(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.wait(minutes(12.2), step=10)
    await mock.say("We'll put Kafka between the API and the click counter.")
    await mock.wait(25, step=1)
    assert "Why Kafka" in interviewer(mock)[-1]


async def test_the_deep_dive_goes_where_the_design_is_thin_and_follows_up(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("How many links a month, and how many redirects?")
    await mock.say("We cache hot links in Redis with a 24h TTL, evicted by LRU, so the read path stays fast.")
    await mock.wait(minutes(25.2), step=10)  # into the deep dive
    opening = interviewer(mock)[-1]
    assert "cache" not in opening.lower()  # caching was covered: the deep dive goes elsewhere
    await mock.say("If the database is slow we time out after 50 ms and serve from the cache.")
    await mock.wait(25, step=1)
    follow_up = interviewer(mock)[-1]
    assert follow_up != opening and follow_up.endswith("?")


async def test_it_depends_in_trade_offs_gets_pick_one(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.wait(minutes(38.2), step=10)
    assert "biggest risk" in interviewer(mock)[-1]
    await mock.say("Honestly it depends, both are fine.")
    await mock.wait(25, step=1)
    assert interviewer(mock)[-1] == PICK_ONE


async def test_the_end_brings_a_scorecard_and_three_moments(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("About 100M new links a month; redirects are 100x that, so ~40 writes/s and 4k reads/s.")
    await mock.say("Redirects under 50 ms p99 because people click from emails and leave if it hangs.")
    await mock.say("Retries carry an idempotency key so a double click never makes two links.")
    await mock.wait(minutes(46), step=20)
    cards = [reply for reply in mock.posts() if (reply.title or "").startswith("Scorecard · ")]
    assert len(cards) == 1
    [moments] = [text for text in interviewer(mock) if text.startswith("Three moments")]
    assert moments.count("“") == 3


async def test_no_reply_per_message_more_than_once_even_when_delivered_twice(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock)
    await mock.say("Do links expire?", message_id="same")
    await mock.say("Do links expire?", message_id="same")  # a redelivered event
    await mock.wait(30, step=1)
    assert len(interviewer(mock)) == 2


async def test_interviewer_none_keeps_the_silent_timer(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock, "interviewer:none")
    await mock.say("Do links expire?")
    await mock.wait(minutes(46), step=30)
    assert interviewer(mock) == []


async def test_with_a_partner_the_human_interviews(app: App, clock: FakeClock) -> None:
    mock = MockHarness(app, clock)
    refused = await mock.run("/mock start url-shortener partner:<@bob> interviewer:bot")
    assert "your partner interviews" in refused.replies[-1].text
    await mock.run("/mock start url-shortener partner:<@bob>")
    await mock.wait(minutes(1), step=10)
    assert interviewer(mock) == []


async def test_an_interruption_pauses_the_interview_and_it_resumes_where_it_stopped(app: App, clock: FakeClock) -> None:
    mock = await start(app, clock, "interruptions:on")
    await mock.wait(minutes(12.2), step=10)  # into high-level design
    await mock.wait(minutes(4.2), step=10)  # the LP question comes four minutes in
    [interruption] = [reply for reply in mock.posts() if (reply.title or "").startswith("Interruption · ")]
    said_before = len(interviewer(mock))
    await mock.say("Situation: our checkout failed on Prime Day. I owned the fix, rolled back, and we cut errors 90%.")
    await mock.wait(25, step=5)
    assert len(interviewer(mock)) == said_before  # the STAR answer gets the drill's feedback, not the interviewer
    assert any(reply.title == "Feedback on your answer" for reply in mock.posts())
    await mock.say("Back to the design: we'll put Kafka between the API and the click counter.")
    await mock.wait(25, step=5)
    assert "Why Kafka" in interviewer(mock)[-1]
    assert interruption.text
