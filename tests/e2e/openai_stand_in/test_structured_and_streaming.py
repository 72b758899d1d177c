"""Structured outputs (parse) and streaming through the stand-in."""

from __future__ import annotations

import json

import openai
import pydantic
import pytest
from openai import AsyncOpenAI

from tests.e2e.openai_stand_in.support import (
    MODEL,
    PROBES,
    SYSTEM,
    USER,
    Probes,
    messages,
    parse,
)
from tests.fakes.openai_server import (
    FakeOpenAI,
    Malformed,
    Refusal,
    Reply,
    Status,
)

# -- structured outputs ----------------------------------------------------------------------------------------


async def test_parse_returns_the_pydantic_object_and_sends_the_json_schema(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.reply_with(PROBES)

    completion = await parse(client)

    message = completion.choices[0].message
    assert message.parsed == Probes.model_validate(PROBES)
    assert json.loads(message.content or "") == PROBES
    request = fake.last_request
    assert request.response_format is not None and request.response_format["type"] == "json_schema"
    assert request.json_schema is not None
    assert (request.json_schema["name"], request.json_schema["strict"]) == ("Probes", True)
    schema = request.json_schema["schema"]
    assert set(schema["properties"]) == {"probes", "difficulty"}
    assert schema["additionalProperties"] is False
    assert [m["role"] for m in request.messages] == ["system", "user"]
    assert (request.system, request.user) == (SYSTEM, USER)
    assert request.headers["x-stainless-helper-method"] == "chat.completions.parse"


async def test_parse_accepts_a_pydantic_instance_as_the_reply(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with(Probes(probes=["Why not a hash?"], difficulty=1))

    assert (await parse(client)).choices[0].message.parsed == Probes(probes=["Why not a hash?"], difficulty=1)


async def test_malformed_content_makes_parse_raise_pydantic_validation_error(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.structured = "lenient"  # OpenAI's strict mode never answers off-schema; Ollama or vLLM may
    fake.queue(Malformed())

    with pytest.raises(pydantic.ValidationError) as caught:
        await parse(client)

    assert type(caught.value) is pydantic.ValidationError
    assert not isinstance(caught.value, openai.OpenAIError)
    assert [e["type"] for e in caught.value.errors()] == ["json_invalid"]


async def test_schema_invalid_json_makes_parse_raise_pydantic_validation_error(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.structured = "lenient"
    fake.queue(Reply({"probes": "not a list"}))

    with pytest.raises(pydantic.ValidationError) as caught:
        await parse(client)

    assert type(caught.value) is pydantic.ValidationError
    assert {e["type"] for e in caught.value.errors()} == {"list_type", "missing"}


async def test_refusal_leaves_parsed_none_and_sets_refusal(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Refusal("I can't help with that"))

    completion = await parse(client)

    message = completion.choices[0].message
    assert message.parsed is None
    assert message.refusal == "I can't help with that"
    assert message.content is None


async def test_length_finish_reason_makes_parse_raise(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Reply('{"probes": ["How', finish_reason="length"))

    with pytest.raises(openai.LengthFinishReasonError):
        await parse(client)


# -- streaming -------------------------------------------------------------------------------------------------


async def test_streaming_sends_chunks_and_a_final_usage_chunk(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    text = "Start with the write path, then caching."
    fake.queue(Reply(text, usage=(40, 9)))

    stream = await client.chat.completions.create(
        model=MODEL, messages=messages(), stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]

    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == text
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 49
    assert fake.last_request.stream


async def test_streaming_without_include_usage_has_no_usage_chunk(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with("short answer")

    stream = await client.chat.completions.create(model=MODEL, messages=messages(), stream=True)
    chunks = [chunk async for chunk in stream]

    assert all(c.choices and c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_stream_helper_parses_structured_output_and_refusals(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Reply(PROBES), Refusal("No."))

    async with client.chat.completions.stream(model=MODEL, messages=messages(), response_format=Probes) as stream:
        parsed = (await stream.get_final_completion()).choices[0].message
    async with client.chat.completions.stream(model=MODEL, messages=messages(), response_format=Probes) as stream:
        refused = (await stream.get_final_completion()).choices[0].message

    assert parsed.parsed == Probes.model_validate(PROBES)
    assert (refused.parsed, refused.refusal) == (None, "No.")


async def test_streaming_errors_before_the_stream_starts(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Status(429))

    with pytest.raises(openai.RateLimitError):
        await client.chat.completions.create(model=MODEL, messages=messages(), stream=True)
