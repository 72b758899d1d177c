"""The AI interviewer behind a local OpenAI-compatible stand-in: voiced by the LLM, a placeholder while it
is slow, the offline interviewer when it fails, a cap on calls per mock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import Store
from handlers.interviewer.llm import CALLS_PER_MOCK
from handlers.interviewer.service import AI, FELL_BACK, PLACEHOLDER
from tests.fakes.openai_server import Delay, FakeOpenAI, Reply, Status
from tests.integration.mock_harness import MockHarness


@pytest.fixture
async def llm() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(
        api_key="sk-test", default_reply=Reply({"reply": "Good. What else would you ask?"})
    ) as server:
        yield server


def use(app: App, clock: FakeClock, store: Store, server: FakeOpenAI, timeout: float = 5.0) -> None:
    settings = LlmSettings(  # type: ignore[call-arg]
        OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=server.base_url, LLM_TIMEOUT_SECONDS=timeout
    )
    app.services.llm = LlmClient(settings, clock, store, max_retries=0)


def footers(mock: MockHarness) -> list[str]:
    return [reply.footer for reply in mock.posts() if reply.footer and reply.footer.startswith("Interviewer · ")]


async def test_the_llm_voices_the_interviewer_with_the_banks_facts_in_its_prompt(
    app: App, clock: FakeClock, store: Store, llm: FakeOpenAI
) -> None:
    use(app, clock, store, llm)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.wait(1, step=1)
    await mock.say("how many links a month?")
    await mock.wait(2, step=1)
    assert footers(mock)[-1] == f"Interviewer · {AI}"
    assert mock.posts()[-1].text == "Good. What else would you ask?"
    assert all(request.json["response_format"]["type"] == "json_schema" for request in llm.completions)  # strict
    prompt = llm.completions[-1].json["messages"][-1]["content"]
    assert "About 100M new short links a month" in prompt  # the bank's answer: the model is not left to invent
    assert "<candidate>how many links a month?</candidate>" in prompt


async def test_a_slow_llm_shows_a_placeholder_then_the_answer_in_its_place(
    app: App, clock: FakeClock, store: Store, llm: FakeOpenAI
) -> None:
    use(app, clock, store, llm)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.wait(1, step=1)
    llm.queue(Delay(1.5, Reply({"reply": "Fine. And how many redirects?"})))
    await mock.say("how many links a month?")
    await mock.wait(1, step=1)
    assert mock.posts()[-1].text == PLACEHOLDER
    edited = [sent.reply for sent in mock.chat.sent if sent.kind == "edit" and sent.reply and sent.reply.footer]
    assert edited[-1].text == "Fine. And how many redirects?"
    assert edited[-1].footer == f"Interviewer · {AI}"


async def test_a_failing_llm_falls_back_mid_interview_without_losing_the_thread(
    app: App, clock: FakeClock, store: Store, llm: FakeOpenAI
) -> None:
    use(app, clock, store, llm)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.wait(1, step=1)
    llm.reply_with(Status(500))
    await mock.say("how long do we keep links?")
    await mock.wait(2, step=1)
    last = mock.posts()[-1]
    assert last.footer == f"Interviewer · {FELL_BACK}"
    assert "5 years" in last.text  # the offline interviewer answered from the bank


async def test_a_mock_stops_asking_the_llm_after_its_cap(
    app: App, clock: FakeClock, store: Store, llm: FakeOpenAI
) -> None:
    use(app, clock, store, llm)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener")
    await mock.wait(1, step=1)
    for number in range(CALLS_PER_MOCK + 3):
        await mock.say(f"question {number}: do links expire?")
        await mock.wait(1, step=1)
    assert len(llm.completions) == CALLS_PER_MOCK
    assert footers(mock)[-1] == "Interviewer · offline interviewer"
