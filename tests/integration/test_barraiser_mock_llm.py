"""A whole mock with ``barraiser:on`` and the AI bar raiser behind a server that answers off-schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.chat import IncomingMessage, MessageRef
from bot.clock import FakeClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import Store
from handlers.barraiser.service import UNAVAILABLE
from question_bank import Phase
from tests.fakes.chat import user
from tests.fakes.openai_server import FakeOpenAI
from tests.integration.mock_harness import MockHarness, minutes

PROBE = {"text": "Two creates for the same URL arrive 50 ms apart. What stops a second code?", "targets": []}


def readable_phases(body: dict[str, Any]) -> dict[str, Any]:
    """Probes when asked for probes; a scorecard naming phases by their labels when asked for a scorecard."""
    if body["response_format"]["json_schema"]["name"] != "Scorecard":
        return {"probes": [PROBE]}
    phases = [{"phase": p.label, "score": 3, "evidence": [], "missing": "cost"} for p in Phase]
    return {
        "phases": [*phases, {"phase": "Leadership Principles", "score": 2, "evidence": [], "missing": "no STAR"}],
        "lean": "lean hire",
        "lean_reason": "Solid core.",
        "practise_next": ["Cost", "Monitoring", "Failure modes"],
    }


@pytest.fixture
async def llm_server() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key="sk-test", structured="lenient", default_reply=readable_phases) as server:
        yield server


async def test_an_off_schema_ai_scorecard_still_ends_the_mock_with_a_rubric_scorecard(
    app: App, clock: FakeClock, store: Store, llm_server: FakeOpenAI
) -> None:
    settings = LlmSettings(OPENAI_API_KEY=SecretStr("sk-test"), OPENAI_BASE_URL=llm_server.base_url)  # type: ignore[call-arg]
    app.services.llm = LlmClient(settings, clock, store, max_retries=0)
    mock = MockHarness(app, clock)
    await mock.run("/mock start url-shortener barraiser:on")
    capture = app.services.registry.message_listeners[0]
    for text in ("Shorten and redirect, 100M new links a month", "A Redis cache in front of DynamoDB"):
        await capture(app.services, mock.chat, IncomingMessage(user("alice"), MessageRef(mock.thread, "x"), text))
    await mock.wait(minutes(46))
    [card] = [reply for reply in mock.posts() if (reply.title or "").startswith("Scorecard · ")]
    assert card.footer == UNAVAILABLE  # the rubric scored it, and says so
    assert any(field.name.startswith("Requirements & scope · ") for field in card.fields)
    assert any(reply.footer == "AI bar raiser" for reply in mock.posts() if reply.title == "Bar raiser")
    assert any(r.json_schema and r.json_schema["name"] == "Scorecard" for r in llm_server.completions)
    await app.services.llm.close()
