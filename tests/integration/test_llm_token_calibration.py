"""The prompt budget holds on a model that counts tokens differently from the bot's estimate: each answer's
`usage.prompt_tokens` calibrates the estimate, and after a few calls the real prompt is within 10% of it."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import Store
from handlers.barraiser.llm_engine import LlmEngine
from handlers.barraiser.models import BarRaiserRequest, Line
from handlers.barraiser.prompt import PROBE_PROMPT_TOKENS
from handlers.interviewer.llm import PROMPT_BUDGET_TOKENS, LlmInterviewer
from handlers.interviewer.offline import Turn
from handlers.interviewer.state import InterviewState
from question_bank import Level, Phase, QuestionBank
from tests.fakes.openai_server import FakeOpenAI, Reply

PROBES = {
    "probes": [
        {
            "text": "Two retries of the same create arrive 50 ms apart. What stops a second link?",
            "targets": ["idempotent-create"],
        }
    ]
}
LINE = "we shard by user id, replicate across three zones, and cache hot links at the edge for 5 min"
Counter = Callable[[str], int]


def finer_characters(text: str) -> int:
    """A tokenizer that takes 2.5 characters a token (the fake's own counting, built with chars_per_token)."""
    return math.ceil(len(text) / 2.5)


def words_and_marks(text: str) -> int:
    """A tokenizer of another kind: a token per piece of a word (three characters at most) and per mark."""
    return len(re.findall(r"\w{1,3}|[^\w\s]", text))


def prompt_text(body: dict[str, Any]) -> str:
    return "".join(str(message.get("content", "")) for message in body["messages"])


@pytest.fixture(params=["chars_per_token", "reply_callable"])
async def counted(request: pytest.FixtureRequest) -> AsyncIterator[tuple[FakeOpenAI, Counter]]:
    """A stand-in whose usage counts tokens differently: built in (2.5 characters), or by a scripted Reply."""
    if request.param == "chars_per_token":
        async with FakeOpenAI(api_key="sk-test", chars_per_token=2.5) as server:
            yield server, finer_characters
        return
    async with FakeOpenAI(api_key="sk-test") as server:
        yield server, words_and_marks


def client(server: FakeOpenAI, clock: FakeClock, store: Store) -> LlmClient:
    settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=server.base_url)  # type: ignore[call-arg]
    return LlmClient(settings, clock, store, max_retries=0)


def answer_with(server: FakeOpenAI, count: Counter, content: dict[str, Any]) -> None:
    server.reply_with(lambda body: Reply(content, usage=(count(prompt_text(body)), 20)))


async def test_the_bar_raisers_prompt_converges_on_its_budget(
    counted: tuple[FakeOpenAI, Counter], clock: FakeClock, store: Store, bank: QuestionBank
) -> None:
    server, count = counted
    answer_with(server, count, PROBES)
    question = bank.get("url-shortener")
    assert question is not None
    lines = tuple(Line("maya", f"message {n}: {LINE}") for n in range(600))
    engine = LlmEngine(client(server, clock, store))
    real = []
    for _ in range(5):
        await engine.probes(BarRaiserRequest(question, Phase.DEEP_DIVE, Level.SDE2, lines))
        real.append(count(prompt_text(server.completions[-1].json)))
    assert real[0] > 1.2 * PROBE_PROMPT_TOKENS  # the plain estimate overshoots on this model
    assert all(abs(tokens - PROBE_PROMPT_TOKENS) <= 0.1 * PROBE_PROMPT_TOKENS for tokens in real[2:])
    assert "message 599:" in server.completions[-1].user  # still the newest lines


async def test_the_ai_interviewers_prompt_converges_on_its_budget(
    counted: tuple[FakeOpenAI, Counter], clock: FakeClock, store: Store, bank: QuestionBank
) -> None:
    server, count = counted
    answer_with(server, count, {"reply": "Why three zones?"})
    question = bank.get("url-shortener")
    assert question is not None
    said = tuple(f"message {n}: {LINE}" for n in range(600))
    turn = Turn(question, Phase.DEEP_DIVE, said[-2:], said, InterviewState(session_id="s1"))
    interviewer = LlmInterviewer(client(server, clock, store))
    real = []
    for _ in range(5):
        assert await interviewer.reply(turn, "", minutes_left=5.0) == "Why three zones?"
        real.append(count(prompt_text(server.completions[-1].json)))
    assert real[0] > 1.2 * PROMPT_BUDGET_TOKENS
    assert all(abs(tokens - PROMPT_BUDGET_TOKENS) <= 0.1 * PROMPT_BUDGET_TOKENS for tokens in real[2:])
    assert "<candidate>message 599:" in server.completions[-1].user
