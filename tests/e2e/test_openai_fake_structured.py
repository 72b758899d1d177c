"""The fake OpenAI refuses what each kind of server refuses about ``response_format`` (real ``openai`` client).

* ``structured="strict"`` (OpenAI): a strict ``json_schema`` outside the documented subset is a 400 with OpenAI's
  body, and a scripted answer strict mode could never give fails the test;
* ``"lenient"`` (Ollama, vLLM): any schema is taken and nothing is guaranteed about the answer;
* ``"json_object"``: a server without structured outputs refuses ``json_schema``;
* ``"text"``: a server that refuses ``response_format`` altogether.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import openai
import pytest
from openai import AsyncOpenAI

from tests.fakes.openai_server import FakeOpenAI, Malformed, Reply

KEY = "sk-test"
MESSAGES: list[Any] = [{"role": "user", "content": "Answer in JSON."}]
PROBES = {"probes": ["How do you shard it?"]}


def schema(**extra: Any) -> dict[str, Any]:
    """A valid strict schema, with `extra` keywords on its `probes` property."""
    return {
        "type": "object",
        "properties": {"probes": {"type": "array", "items": {"type": "string"}, **extra}},
        "required": ["probes"],
        "additionalProperties": False,
    }


def json_schema(body: dict[str, Any], *, strict: bool = True, name: str = "Probes") -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": body, "strict": strict}}


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key=KEY) as server:
        server.reply_with(PROBES)
        yield server


@pytest.fixture
async def client(fake: FakeOpenAI) -> AsyncIterator[AsyncOpenAI]:
    async with AsyncOpenAI(api_key=KEY, base_url=fake.base_url, max_retries=0, timeout=2) as made:
        yield made


async def ask(client: AsyncOpenAI, response_format: Any, model: str = "gpt-4o-mini") -> Any:
    return await client.chat.completions.create(model=model, messages=MESSAGES, response_format=response_format)


def refusal(keyword: str, context: str, name: str = "Probes") -> dict[str, Any]:
    return {
        "message": f"Invalid schema for response_format '{name}': In context={context}, '{keyword}' is not permitted.",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": None,
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"default": []},
        {"items": {"type": "string", "minLength": 3}},
        {"items": {"type": "string", "maxLength": 400}},
        {"uniqueItems": True},
        {"allOf": [{"type": "array"}]},
    ],
    ids=["default", "minLength", "maxLength", "uniqueItems", "allOf"],
)
async def test_strict_mode_refuses_keywords_outside_the_subset(
    fake: FakeOpenAI, client: AsyncOpenAI, extra: dict[str, Any]
) -> None:
    fake.queue(Reply(PROBES))
    with pytest.raises(openai.BadRequestError) as caught:
        await ask(client, json_schema(schema(**extra)))
    keyword = next(k for k in ("default", "minLength", "maxLength", "uniqueItems", "allOf") if k in str(extra))
    context = "('properties', 'probes', 'items')" if "items" in extra else "('properties', 'probes')"
    assert caught.value.status_code == 400
    assert caught.value.body == refusal(keyword, context)
    assert fake.pending == 1  # a refused request uses no scripted answer


async def test_counts_and_ranges_pass_except_for_fine_tuned_models(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    counted = json_schema(schema(minItems=1, maxItems=3))
    assert (await ask(client, counted)).choices[0].message.content is not None
    with pytest.raises(openai.BadRequestError) as caught:
        await ask(client, counted, model="ft:gpt-4o-mini:acme::abc123")
    assert caught.value.body == refusal("minItems", "('properties', 'probes')")


async def test_strict_mode_wants_every_object_closed_and_every_property_required(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    open_object = {**schema(), "additionalProperties": True}
    half_required = {**schema(), "properties": {**schema()["properties"], "level": {"type": "string"}}}
    with pytest.raises(openai.BadRequestError) as not_closed:
        await ask(client, json_schema(open_object))
    with pytest.raises(openai.BadRequestError) as not_required:
        await ask(client, json_schema(half_required))
    with pytest.raises(openai.BadRequestError) as not_an_object:
        await ask(client, json_schema({"type": "array", "items": {"type": "string"}}))
    assert not_closed.value.body["message"] == (  # type: ignore[index]
        "Invalid schema for response_format 'Probes': In context=(), "
        "'additionalProperties' is required to be supplied and to be false."
    )
    assert not_required.value.body["message"] == (  # type: ignore[index]
        "Invalid schema for response_format 'Probes': In context=(), 'required' is required to be supplied and "
        "to be an array including every key in properties. Missing 'level'."
    )
    assert "must be a JSON Schema of 'type: \"object\"'" in not_an_object.value.body["message"]  # type: ignore[index]
    assert {e.value.body["param"] for e in (not_closed, not_required, not_an_object)} == {"response_format"}  # type: ignore[index]


async def test_without_strict_or_on_a_lenient_server_any_schema_is_taken(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    loose = schema(default=[], minItems=1)
    assert (await ask(client, json_schema(loose, strict=False))).choices[0].message.content
    fake.structured = "lenient"
    fake.queue(Malformed("Sure! {not json"))  # a lenient server may answer off-schema
    assert (await ask(client, json_schema(loose))).choices[0].message.content == "Sure! {not json"


async def test_a_strict_fake_will_not_answer_off_schema(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Reply({"probes": "not a list"}))
    with pytest.raises(openai.InternalServerError):
        await ask(client, json_schema(schema()))
    with pytest.raises(AssertionError, match="does not fit the strict schema 'Probes'"):
        await fake.stop()


async def test_a_json_object_server_refuses_json_schema(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.structured = "json_object"
    with pytest.raises(openai.BadRequestError) as caught:
        await ask(client, json_schema(schema()))
    assert caught.value.body == {
        "message": "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. "
        "Learn more about supported models at the Structured Outputs guide: "
        "https://platform.openai.com/docs/guides/structured-outputs",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": None,
    }
    assert (await ask(client, {"type": "json_object"})).choices[0].message.content


@pytest.mark.parametrize("response_format", [{"type": "json_object"}, json_schema(schema())], ids=["object", "schema"])
async def test_a_text_only_server_refuses_any_response_format(
    fake: FakeOpenAI, client: AsyncOpenAI, response_format: Any
) -> None:
    fake.structured = "text"
    with pytest.raises(openai.BadRequestError) as caught:
        await ask(client, response_format)
    assert caught.value.body == {
        "message": "Unsupported parameter: 'response_format' is not supported with this model.",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": "unsupported_parameter",
    }
    assert (await client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)).choices[0].message.content
