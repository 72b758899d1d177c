"""Mocks, the bar raiser and daily drops on the real slack_bolt, against a local Web API stand-in."""

from __future__ import annotations

import re

from pydantic import SecretStr

from bot.app import App
from bot.clock import FakeClock
from bot.store import Store
from tests.e2e.slack.support import texts, until_scheduled
from tests.fakes.slack_api import FakeSlackApi, SlackRequests


async def test_a_mock_runs_in_a_thread_and_its_pause_button_works(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock
) -> None:
    queue = app.services.queue_for("slack")
    await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
    [intro] = await api.wait_for(lambda: api.messages("C1"))
    assert "Mock · Design a URL shortener" in texts(intro["blocks"])

    def thread() -> list[dict[str, object]]:
        return api.messages("C1", thread_ts=intro["ts"])

    await api.wait_for(lambda: any(str(m["text"]).startswith("Phase 1/5") for m in thread()))
    await until_scheduled(queue, count=2)  # the handler runs on after Slack's ack: let it finish
    clock.advance(7 * 60)
    await queue.run_due()
    said = [str(m["text"]).split("\n")[0] for m in thread() if str(m["text"]).startswith(("Phase", "⏳"))]
    assert said == ["Phase 1/5 · Requirements & scope · 7 min", "Phase 2/5 · Capacity estimation · 5 min"]
    status = next(m for m in thread() if "mock:pause:" in texts(m["blocks"]))  # type: ignore[arg-type]
    pause = re.search(r"mock:pause:[0-9a-f]{8}", texts(status["blocks"]))  # type: ignore[arg-type]
    assert pause is not None
    status_code, _ = await slack.button(pause.group(0), channel_id="C1", message_ts=str(status["ts"]))
    assert status_code == 200
    await api.wait_for(lambda: str(thread()[-1]["text"]).startswith("⏸ Paused by"))
    # The status card is edited after the notice is posted: wait for the edit rather than race it.
    await api.wait_for(lambda: any("paused" in texts(call["params"]["blocks"]) for call in api.calls("chat.update")))


async def test_the_bar_raiser_acks_at_once_and_answers_a_mention_in_the_thread_from_a_slow_llm(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock, store: Store
) -> None:
    import time

    from bot.config import LlmSettings
    from bot.llm import LlmClient
    from tests.fakes.openai_server import Delay, FakeOpenAI
    from tests.fakes.openai_server import Reply as LlmReply

    async with FakeOpenAI(api_key="sk-test") as llm:
        probe = {
            "text": "Your id allocator is down for ten minutes. What do users see?",
            "targets": ["redirects-survive"],
        }
        llm.reply_with(Delay(2.5, then=LlmReply({"probes": [probe]})))
        settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=llm.base_url)  # type: ignore[call-arg]
        app.services.llm = LlmClient(settings, clock, store)
        await slack.slash_command("/mock", "start url-shortener", channel_id="C1")
        [intro] = await api.wait_for(lambda: api.messages("C1"))
        await slack.message("A Redis cache in front of DynamoDB", channel_id="C1", thread_ts=intro["ts"])
        started = time.monotonic()
        status, _ = await slack.app_mention("barraiser", channel_id="C1", thread_ts=intro["ts"])
        assert status == 200
        assert time.monotonic() - started < 2  # acknowledged before the LLM answered
        reply = await api.wait_for(
            lambda: next(
                (m for m in api.messages("C1", thread_ts=intro["ts"]) if "Bar raiser" in str(m["text"])), None
            ),
            timeout=10,
        )
        assert probe["text"] in texts(reply["blocks"])
        assert "AI bar raiser" in texts(reply["blocks"])
        await app.services.llm.close()


async def test_a_daily_drop_posts_a_card_with_a_thread_on_slack(
    slack: SlackRequests, app: App, api: FakeSlackApi, clock: FakeClock
) -> None:
    await slack.slash_command("/daily", "setup time:10:00 tz:UTC", user_id="UADMIN", channel_id="C1")
    [saved] = await api.wait_for(lambda: api.answers())
    assert saved["text"].startswith("Saved. The first drop:")
    await until_scheduled(app.services.queue_for("slack"), count=1)
    clock.advance(61 * 60)  # the fixture clock starts at 09:00 UTC
    await app.services.queue_for("slack").run_due()
    card = next(m for m in api.messages("C1") if str(m["text"]).startswith("Daily question ·"))
    assert card["blocks"][0]["type"] == "header"
