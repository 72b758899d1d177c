"""The bot against each kind of OpenAI-compatible server: strict OpenAI, lenient Ollama/vLLM, JSON-mode only and
text only; checks after parsing; and the circuit breaker's single half-open trial."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.chat import ChannelRef, Platform
from bot.clock import FakeClock
from bot.store import Store
from handlers.barraiser.models import PROBE_TEXT_LIMIT
from handlers.barraiser.service import UNAVAILABLE, BarRaiser
from handlers.star._review import review
from question_bank import Phase, QuestionBank
from tests.fakes.openai_server import Delay, FakeOpenAI, Reply, Status
from tests.integration.test_barraiser_llm import GOOD, request, services_with_llm

SCOPE = ChannelRef(Platform.SLACK, "T1", "C1")
PROBE = GOOD["probes"][0]


def scorecard(**changes: Any) -> dict[str, Any]:
    phases = [{"phase": p.value, "score": 3, "evidence": ["“we use Redis”"], "missing": "cost"} for p in Phase]
    card = {
        "phases": [*phases, {"phase": "leadership", "score": 2, "evidence": [], "missing": "no STAR"}],
        "lean": "lean hire",
        "lean_reason": "Solid core, thin on operations",
        "practise_next": ["Cost", "Monitoring", "Failure modes"],
    }
    return {**card, **changes}


def by_schema(body: dict[str, Any]) -> dict[str, Any]:
    """Answer what was asked for: the schema's name when there is one, else what the instructions describe."""
    text = str(body.get("response_format")) + str(body["messages"][0]["content"])
    if "practise_next" in text:
        return scorecard()
    if "comment" in text:
        return {"missing": ["result"], "comment": "Give the number that changed."}
    return GOOD


@pytest.fixture
async def server() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key="sk-test", default_reply=by_schema) as fake:
        yield fake


async def test_on_strict_openai_every_ai_feature_answers(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    services = services_with_llm(store, clock, bank, server)
    raiser = BarRaiser(services)
    assert (await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")).engine == "AI bar raiser"
    assert (await raiser.scorecard(request(bank, ["cache"]), SCOPE, "U1")).engine == "AI bar raiser"
    assert (await review(services, "I led the migration."))[1] == "AI coach"
    assert [r.status for r in server.completions] == [200, 200, 200]
    assert all(r.json_schema and r.json_schema["strict"] is True for r in server.completions)


async def test_a_json_mode_server_gets_json_object_from_the_second_request_on(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    server.structured = "json_object"
    raiser = BarRaiser(services_with_llm(store, clock, bank, server))
    with caplog.at_level(logging.INFO, logger="bot.llm"):
        first = await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
        second = await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
    assert (first.engine, second.engine) == ("AI bar raiser", "AI bar raiser")
    assert [(r.status, (r.response_format or {}).get("type")) for r in server.completions] == [
        (400, "json_schema"),
        (200, "json_object"),
        (200, "json_object"),  # remembered: the refused mode is not tried again
    ]
    assert '"probes"' in server.completions[-1].system  # the schema went into the instructions
    [chosen] = [r.getMessage() for r in caplog.records if "output mode" in r.getMessage()]
    assert "json_object" in chosen and "refused json_schema" in chosen
    assert "mode=json_object" in caplog.records[-1].getMessage()


async def test_a_text_only_server_gets_plain_requests_and_json_is_found_in_the_prose(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    server.structured = "text"
    server.reply_with(
        f'Sure! Here are the probes:\n```json\n{{"probes": [{{"text": "{PROBE["text"]}", "targets": []}}]}}\n```'
    )
    raiser = BarRaiser(services_with_llm(store, clock, bank, server))
    first = await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
    second = await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
    assert [p.text for p in first.probes] == [PROBE["text"]] and second.engine == "AI bar raiser"
    assert [r.status for r in server.completions] == [400, 400, 200, 200]
    assert server.completions[-1].response_format is None


async def test_a_text_answer_without_json_falls_back_to_the_rubric(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    server.structured = "text"
    server.reply_with("I would ask about the cache hit ratio.")
    answer = await BarRaiser(services_with_llm(store, clock, bank, server)).probes(request(bank, ["c"]), SCOPE, "U1")
    assert answer.engine == UNAVAILABLE and answer.probes


async def test_a_400_about_something_else_is_a_failure_not_a_step_down(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    services = services_with_llm(store, clock, bank, server, retries=0)
    server.queue(Status(400, message="This model's maximum context length is 128000 tokens.", param="messages"))
    raiser = BarRaiser(services)
    assert (await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")).engine == UNAVAILABLE
    assert (await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")).engine == "AI bar raiser"
    assert [(r.response_format or {}).get("type") for r in server.completions] == ["json_schema", "json_schema"]


async def test_lengths_and_counts_are_trimmed_after_parsing(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    long = "What happens when the cache node holding the hottest links fails during a spike? " * 10
    server.reply_with({"probes": [{"text": f"{long} (probe {n})", "targets": ["monitoring"] * 9} for n in range(5)]})
    answer = await BarRaiser(services_with_llm(store, clock, bank, server)).probes(request(bank, ["c"]), SCOPE, "U1")
    assert answer.engine == "AI bar raiser"
    assert len(answer.probes) == 3
    assert all(len(p.text) <= PROBE_TEXT_LIMIT and len(p.targets) <= 4 for p in answer.probes)


@pytest.mark.parametrize(
    "card",
    [
        pytest.param(scorecard(lean="maybe"), id="lean-outside-the-enum"),
        pytest.param(scorecard(practise_next=["Cost"]), id="too-few-practise-items"),
        pytest.param(scorecard(phases=scorecard()["phases"][:5]), id="leadership-missing"),
        pytest.param(
            scorecard(phases=[{**scorecard()["phases"][0], "score": 7}, *scorecard()["phases"][1:]]), id="score-7"
        ),
        pytest.param(
            scorecard(
                phases=[{**scorecard()["phases"][0], "phase": "Requirements & scope"}, *scorecard()["phases"][1:]]
            ),
            id="readable-phase-name",
        ),
    ],
)
async def test_a_scorecard_that_fails_the_checks_is_answered_by_the_rubric(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI, card: dict[str, Any]
) -> None:
    server.structured = "lenient"  # a server that does not hold the model to the schema
    server.reply_with(card)
    scored = await BarRaiser(services_with_llm(store, clock, bank, server)).scorecard(
        request(bank, ["we use Redis"]), SCOPE, "U1"
    )
    assert scored.engine == UNAVAILABLE
    assert scored.scorecard is not None and scored.scorecard.lean != "maybe"


async def a_half_open_breaker(store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI) -> BarRaiser:
    """A bar raiser whose LLM failed three times a minute ago: its breaker is half-open."""
    raiser = BarRaiser(services_with_llm(store, clock, bank, server, retries=0))
    server.reply_with(Status(500))
    for _ in range(3):
        await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
    clock.advance(timedelta(seconds=61))
    return raiser


async def test_half_open_lets_exactly_one_trial_call_through(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    raiser = await a_half_open_breaker(store, clock, bank, server)
    server.reply_with(Delay(0.2, then=Reply(GOOD)))
    answers = await asyncio.gather(*(raiser.probes(request(bank, ["cache"]), SCOPE, f"U{n}") for n in range(5)))
    assert server.count == 3 + 1  # one trial, not five
    assert sorted(a.engine for a in answers) == ["AI bar raiser", *[UNAVAILABLE] * 4]
    assert (await raiser.probes(request(bank, ["cache"]), SCOPE, "U9")).engine == "AI bar raiser"  # closed again


async def test_a_failed_trial_reopens_and_the_next_minute_allows_one_more(
    store: Store, clock: FakeClock, bank: QuestionBank, server: FakeOpenAI
) -> None:
    raiser = await a_half_open_breaker(store, clock, bank, server)
    server.reply_with(Delay(0.2, then=Status(500)))
    await asyncio.gather(*(raiser.probes(request(bank, ["cache"]), SCOPE, "U1") for _ in range(3)))
    assert server.count == 4
    await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")
    assert server.count == 4  # open again after the failed trial
    clock.advance(timedelta(seconds=61))
    server.reply_with(GOOD)
    assert (await raiser.probes(request(bank, ["cache"]), SCOPE, "U1")).engine == "AI bar raiser"
