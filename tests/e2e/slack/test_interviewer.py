"""The AI interviewer on the real slack_bolt: a solo mock's thread, the candidate's lines as signed message events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.app import App
from bot.chat import IncomingMessage
from bot.clock import FakeClock
from bot.deadlines import DeadlineQueue
from handlers.interviewer.pushback import COUNTER
from tests.e2e.slack.support import texts, until_scheduled
from tests.fakes.slack_api import FakeSlackApi, Json, SlackRequests

FOOTER = "Interviewer · offline interviewer"


def interviewer(api: FakeSlackApi, thread_ts: str) -> list[Json]:
    """The interviewer's messages in the mock's thread (its footer is a context block), oldest first."""
    return [
        m
        for m in api.messages("C1", thread_ts=thread_ts)
        if any(
            block["type"] == "context" and any(element.get("text") == FOOTER for element in block["elements"])
            for block in m["blocks"]
        )
    ]


async def polled_until(queue: DeadlineQueue, done: Callable[[], bool], what: str) -> None:
    """Poll the deadline queue, as the live bot does, without moving the clock, until `done`."""
    for _ in range(500):
        await queue.run_due()
        if done():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"never happened: {what}")


async def a_mock_thread(slack: SlackRequests, api: FakeSlackApi, options: str = "") -> str:
    """alice (U1) starts a solo mock in #general: the thread of its intro, once phase 1 is announced."""
    await slack.slash_command("/mock", f"start url-shortener {options}".strip(), channel_id="C1")
    [intro] = await api.wait_for(lambda: api.messages("C1"))
    thread_ts = str(intro["ts"])
    await api.wait_for(
        lambda: any(str(m["text"]).startswith("Phase 1/5") for m in api.messages("C1", thread_ts=thread_ts))
    )
    return thread_ts


async def said_in_thread(
    slack: SlackRequests,
    api: FakeSlackApi,
    heard: list[IncomingMessage],
    thread_ts: str,
    text: str,
    user: str,
    *,
    retried: bool = False,
) -> None:
    """A message event in the thread (delivered again as Slack's retry when `retried`), acked by the app;
    then wait until every listener has heard it."""
    before = len(heard)
    event = api.payloads.message(text, user_id=user, channel_id="C1", thread_ts=thread_ts)
    event_id = f"Ev{event['ts'].replace('.', '')}"
    for retry in (None, 1) if retried else (None,):
        status, _ = await slack.event(event, event_id=event_id, retry_num=retry)
        assert status == 200
    await api.wait_for(lambda: len(heard) > before)


async def test_the_bot_interviews_a_solo_mock_in_its_thread_and_answers_only_the_candidate(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock, heard: list[IncomingMessage]
) -> None:
    queue = app.services.queue_for("slack")
    api.add_user("U2", "bob")
    thread_ts = await a_mock_thread(slack, api)
    await polled_until(queue, lambda: bool(interviewer(api, thread_ts)), "the interviewer's opening")
    [opening] = interviewer(api, thread_ts)
    assert str(opening["text"]).startswith("I'll be your interviewer today. Let's build a URL shortener")
    assert "What would you like to know?" in texts(opening["blocks"])

    await said_in_thread(slack, api, heard, thread_ts, "how many links are created each month?", "U1")
    await polled_until(queue, lambda: len(interviewer(api, thread_ts)) == 2, "the answer to the clarification")
    assert "About 100M new short links a month" in texts(interviewer(api, thread_ts)[-1]["blocks"])

    await said_in_thread(slack, api, heard, thread_ts, "what database should I use?", "U1", retried=True)
    await polled_until(queue, lambda: len(interviewer(api, thread_ts)) == 3, "the counter-question")
    assert COUNTER in texts(interviewer(api, thread_ts)[-1]["blocks"])

    await said_in_thread(slack, api, heard, thread_ts, "do links ever expire?", "U2")  # not the candidate
    clock.advance(25)  # past the pause after a burst too
    await queue.run_due()
    assert len(interviewer(api, thread_ts)) == 3  # one answer per candidate line, none to the bystander
    assert not any(FOOTER in texts(m["blocks"]) for m in api.messages("C1"))  # all in the thread


async def test_interviewer_none_keeps_a_silent_timer_on_slack(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock, heard: list[IncomingMessage]
) -> None:
    queue = app.services.queue_for("slack")
    thread_ts = await a_mock_thread(slack, api, "interviewer:none")
    await until_scheduled(queue, count=2)  # the warning and the status refresh: the start's handler is done
    await queue.run_due()
    await said_in_thread(slack, api, heard, thread_ts, "do links ever expire?", "U1")
    clock.advance(7 * 60)  # into estimation: the timer still speaks
    await queue.run_due()
    thread = api.messages("C1", thread_ts=thread_ts)
    assert any(str(m["text"]).startswith("Phase 2/5") for m in thread)
    assert not any("Interviewer ·" in texts(m["blocks"]) for m in thread)


async def test_the_arithmetic_checked_is_what_the_candidate_typed_not_slacks_escaping(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock, heard: list[IncomingMessage]
) -> None:
    queue = app.services.queue_for("slack")
    thread_ts = await a_mock_thread(slack, api)
    await polled_until(queue, lambda: bool(interviewer(api, thread_ts)), "the interviewer's opening")
    clock.advance(7 * 60 + 5)  # into estimation
    await polled_until(queue, lambda: len(interviewer(api, thread_ts)) == 2, "the estimation's opening")
    typed = "So 10M links a day -> about 1,000 a second."
    await said_in_thread(slack, api, heard, thread_ts, typed.replace(">", "&gt;"), "U1")  # as Slack sends it
    assert heard[-1].text == typed
    clock.advance(25)  # the pause after a line that is not a question
    await queue.run_due()
    assert "Check that: 10M links a day is about 115 a second" in texts(interviewer(api, thread_ts)[-1]["blocks"])
