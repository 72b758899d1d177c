"""The schemas the bot sends pass OpenAI's strict mode, and JSON is found in whatever a weaker server answers."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from bot.llm_output import extract_json, messages_for, response_format, strict_schema
from handlers.barraiser.models import SCORED_PHASES, PhaseScore, ProbeSet, Scorecard
from handlers.star._review import StarReview
from question_bank import Phase
from tests.fakes.openai_server._strict import strict_schema_error

RESPONSE_MODELS: list[type[BaseModel]] = [ProbeSet, Scorecard, StarReview]


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("llm", ["gpt-4o-mini", "ft:gpt-4o-mini-2024-07-18:acme::a1b2c3"])
def test_every_response_schema_passes_strict_mode(model: type[BaseModel], llm: str) -> None:
    sent = response_format("json_schema", model)
    assert sent is not None and sent["json_schema"]["strict"] is True
    assert strict_schema_error(model.__name__, sent["json_schema"]["schema"], model=llm) is None


def test_the_scored_phase_is_an_enum_of_the_five_phases_then_leadership() -> None:
    phase = strict_schema(Scorecard)["$defs"]["PhaseScore"]["properties"]["phase"]
    assert phase["enum"] == [*(p.value for p in Phase), "leadership"] == list(SCORED_PHASES)


def test_a_readable_phase_name_is_refused() -> None:
    with pytest.raises(ValidationError):
        PhaseScore.model_validate({"phase": "Requirements & scope", "score": 3, "evidence": [], "missing": ""})


def test_weaker_modes_put_the_schema_into_the_instructions() -> None:
    messages = [{"role": "system", "content": "Be brief. Answer in JSON."}, {"role": "user", "content": "hi"}]
    assert messages_for("json_schema", messages, ProbeSet) == messages
    for mode in ("json_object", "text"):
        sent = messages_for(mode, messages, ProbeSet)  # type: ignore[arg-type]
        assert sent[0]["content"].startswith("Be brief. Answer in JSON.\n\nAnswer with exactly one JSON object")
        assert '"probes"' in sent[0]["content"] and sent[1:] == messages[1:]
    assert response_format("json_object", ProbeSet) == {"type": "json_object"}
    assert response_format("text", ProbeSet) is None


@pytest.mark.parametrize(
    "answer",
    [
        '{"a": 1}',
        '  {"a": 1}\n',
        'Here you go:\n```json\n{"a": 1}\n```\nAnything else?',
        'Sure! {"a": 1} Hope that helps {"b": 2}',
        'Options: [1, 2] and {not json} then {"a": 1}',
    ],
)
def test_the_first_json_object_is_extracted(answer: str) -> None:
    assert extract_json(answer) == '{"a": 1}'


@pytest.mark.parametrize("answer", ["", "Sure! Here are some probes:", "[1, 2]", '{"a": 1', "```json\n[]\n```"])
def test_no_json_object_means_none(answer: str) -> None:
    assert extract_json(answer) is None
