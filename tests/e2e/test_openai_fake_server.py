"""The real ``openai`` client (no project code) against the fake OpenAI server.

These pin down what the client sends and, above all, what it raises for each failure, so the bot's own
tests can script the same failures and know which exceptions to expect:

* 401 -> ``openai.AuthenticationError`` (never retried);
* 429 -> ``openai.RateLimitError`` once retries run out (``Retry-After`` honoured between tries);
* 500/503 -> ``openai.InternalServerError`` once retries run out;
* a reply slower than the client's timeout -> ``openai.APITimeoutError`` (a subclass of ``APIConnectionError``);
* a dropped connection -> ``openai.APIConnectionError``;
* ``parse()`` with content that is not JSON, or JSON that does not fit the model -> ``pydantic.ValidationError``
  straight from pydantic (not an ``openai.OpenAIError``!);
* ``parse()`` on a refusal -> no exception: ``message.parsed is None`` and ``message.refusal`` is set;
* ``parse()`` on ``finish_reason="length"`` -> ``openai.LengthFinishReasonError``.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import openai
import pydantic
import pytest
from openai import AsyncOpenAI

from tests.fakes.openai_server import (
    Delay,
    Disconnect,
    FakeOpenAI,
    Malformed,
    Refusal,
    Reply,
    Status,
)

KEY = "sk-test-0123456789"
MODEL = "gpt-4o-mini"
SYSTEM = "You are an interviewer. Answer in JSON."
USER = "Give me two probes about a URL shortener."

MakeClient = Callable[..., AsyncOpenAI]


class Probes(pydantic.BaseModel):
    probes: list[str]
    difficulty: int


PROBES = {"probes": ["How do you generate short codes?", "How do you handle hot keys?"], "difficulty": 3}


def messages() -> list[Any]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}]


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key=KEY, model=MODEL) as server:
        yield server


@pytest.fixture
async def make_client(fake: FakeOpenAI) -> AsyncIterator[MakeClient]:
    """Clients pointed at the fake (short timeout, no retries unless asked); all closed afterwards."""
    clients: list[AsyncOpenAI] = []

    def make(*, api_key: str = KEY, timeout: float = 0.5, max_retries: int = 0) -> AsyncOpenAI:
        client = AsyncOpenAI(api_key=api_key, base_url=fake.base_url, timeout=timeout, max_retries=max_retries)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
def client(make_client: MakeClient) -> AsyncOpenAI:
    return make_client()


async def parse(client: AsyncOpenAI) -> openai.types.chat.ParsedChatCompletion[Probes]:
    return await client.chat.completions.parse(model=MODEL, messages=messages(), response_format=Probes)


async def timed(call: Awaitable[Any]) -> float:
    started = time.monotonic()
    await call
    return time.monotonic() - started


# -- plain completions -----------------------------------------------------------------------------------------


async def test_create_returns_an_openai_shaped_completion(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with("Consider the read path first.")

    completion = await client.chat.completions.create(model="gpt-4.1-nano", messages=messages())

    assert completion.id.startswith("chatcmpl-")
    assert completion.object == "chat.completion"
    assert completion.model == "gpt-4.1-nano"  # echoes the request's model
    assert abs(completion.created - time.time()) < 5
    assert completion.system_fingerprint is not None and completion.system_fingerprint.startswith("fp_")
    [choice] = completion.choices
    assert (choice.index, choice.finish_reason, choice.logprobs) == (0, "stop", None)
    assert choice.message.role == "assistant"
    assert choice.message.content == "Consider the read path first."
    assert choice.message.refusal is None
    request = fake.last_request
    assert (request.method, request.path, request.status) == ("POST", "/v1/chat/completions", 200)
    assert request.authorized and "authorization" not in request.headers
    assert request.messages == messages()
    assert (request.system, request.user, request.model) == (SYSTEM, USER, "gpt-4.1-nano")
    assert request.headers["x-stainless-read-timeout"] == "0.5"


async def test_default_usage_counts_about_four_characters_a_token(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with("x" * 40)

    completion = await client.chat.completions.create(model=MODEL, messages=messages())

    assert completion.usage is not None
    prompt_chars = len(SYSTEM) + len(USER)
    assert completion.usage.prompt_tokens == -(-prompt_chars // 4)
    assert completion.usage.completion_tokens == 10
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + 10


async def test_a_fake_built_for_another_tokenizer_counts_its_usage_at_that_rate() -> None:
    async with FakeOpenAI(api_key="sk-test", chars_per_token=2.5) as fake:
        client = AsyncOpenAI(api_key="sk-test", base_url=fake.base_url, max_retries=0)
        fake.reply_with("x" * 40)
        completion = await client.chat.completions.create(model=MODEL, messages=messages())
        await client.close()

    assert completion.usage is not None
    prompt_chars = len(SYSTEM) + len(USER)
    assert completion.usage.prompt_tokens == -(-prompt_chars * 2 // 5)  # 2.5 characters a token, rounded up
    assert completion.usage.completion_tokens == 16


async def test_scripted_usage_comes_back(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Reply(PROBES, usage=(1200, 85)))

    completion = await parse(client)

    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (1200, 85)
    assert completion.usage.total_tokens == 1285


async def test_raw_json_has_openai_fields_including_nulls(fake: FakeOpenAI) -> None:
    body = {"model": MODEL, "messages": messages()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"}) as r,
    ):
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("application/json")
        assert r.headers["x-request-id"].startswith("req_")
        payload = await r.json()
    assert set(payload) >= {"id", "object", "created", "model", "choices", "usage", "system_fingerprint"}
    choice = payload["choices"][0]
    assert choice["logprobs"] is None and choice["finish_reason"] == "stop" and choice["index"] == 0
    assert choice["message"]["refusal"] is None and choice["message"]["role"] == "assistant"
    assert set(payload["usage"]) >= {"prompt_tokens", "completion_tokens", "total_tokens"}


async def test_queue_is_consumed_in_order_then_the_default_reply(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with("default")
    fake.queue(Reply("one"), Reply("two"))
    assert fake.pending == 2

    contents = [
        (await client.chat.completions.create(model=MODEL, messages=messages())).choices[0].message.content
        for _ in range(3)
    ]

    assert contents == ["one", "two", "default"]
    assert fake.pending == 0 and fake.count == 3


async def test_reply_with_a_callable_sees_the_request_body(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        return {"probes": [body["messages"][-1]["content"]], "difficulty": len(body["messages"])}

    fake.reply_with(answer)

    completion = await parse(client)

    assert completion.choices[0].message.parsed == Probes(probes=[USER], difficulty=2)


async def test_models_lists_one_model(client: AsyncOpenAI) -> None:
    page = await client.models.list()

    assert [m.id for m in page.data] == [MODEL]
    assert (await client.models.retrieve(MODEL)).id == MODEL
    with pytest.raises(openai.NotFoundError):
        await client.models.retrieve("gpt-nope")


async def test_invalid_bodies_get_openai_400s(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Reply("kept for the next valid request"))

    with pytest.raises(openai.BadRequestError) as empty:
        await client.chat.completions.create(model=MODEL, messages=[])
    with pytest.raises(openai.BadRequestError) as no_json_word:
        await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}], response_format={"type": "json_object"}
        )

    assert empty.value.code == "empty_array"
    assert "must contain the word 'json'" in no_json_word.value.message
    assert fake.pending == 1  # rejected requests consume no scripted behaviour


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


# -- errors, retries and timeouts ------------------------------------------------------------------------------


async def test_429_with_retry_after_is_retried_then_succeeds(fake: FakeOpenAI, make_client: MakeClient) -> None:
    client = make_client(max_retries=2)
    fake.reply_with(PROBES)
    fake.queue(Status(429, retry_after=0.01), Status(429, retry_after_ms=10))

    elapsed = await timed(parse(client))

    assert fake.count == 3
    assert [r.status for r in fake.requests] == [429, 429, 200]
    assert [r.retry_count for r in fake.requests] == [0, 1, 2]
    assert elapsed < 1.0  # the short Retry-After was honoured, not the default back-off (0.5 s, then 1 s)


async def test_429_without_retries_raises_rate_limit_error(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Status(429, retry_after=1))

    with pytest.raises(openai.RateLimitError) as caught:
        await parse(client)

    error = caught.value
    assert error.status_code == 429
    assert error.code == "rate_limit_exceeded"
    assert error.type == "requests"
    assert error.response.headers["retry-after"] == "1"
    assert fake.count == 1


async def test_500_raises_internal_server_error_after_retries(fake: FakeOpenAI, make_client: MakeClient) -> None:
    client = make_client(max_retries=2)
    fake.queue(*[Status(500, retry_after=0.01)] * 3, Reply("never reached"))

    with pytest.raises(openai.InternalServerError) as caught:
        await parse(client)

    assert caught.value.status_code == 500
    assert caught.value.type == "server_error"
    assert fake.count == 3
    assert fake.pending == 1


async def test_503_outage_as_the_default_reply(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply_with(Status(503))

    for _ in range(2):
        with pytest.raises(openai.InternalServerError) as caught:
            await client.chat.completions.create(model=MODEL, messages=messages())
        assert caught.value.status_code == 503


async def test_x_should_retry_false_stops_retries(fake: FakeOpenAI, make_client: MakeClient) -> None:
    client = make_client(max_retries=2)
    fake.queue(Status(503, should_retry=False))

    with pytest.raises(openai.InternalServerError):
        await parse(client)

    assert fake.count == 1


async def test_delay_longer_than_timeout_raises_api_timeout_error(fake: FakeOpenAI, make_client: MakeClient) -> None:
    client = make_client(timeout=0.3)
    fake.queue(Delay(5, then=Reply(PROBES)))

    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        await parse(client)

    assert time.monotonic() - started < 1.0
    assert fake.last_request.status == 0  # nothing was answered
    fake.reply_with(PROBES)  # the server is not stuck on the abandoned request
    assert (await parse(client)).choices[0].message.parsed is not None


async def test_timed_out_request_is_retried(fake: FakeOpenAI, make_client: MakeClient) -> None:
    client = make_client(timeout=0.2, max_retries=1)
    fake.reply_with(PROBES)
    fake.queue(Delay(5))

    completion = await parse(client)

    assert completion.choices[0].message.parsed == Probes.model_validate(PROBES)
    assert [r.status for r in fake.requests] == [0, 200]


async def test_slow_reply_within_timeout_succeeds(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Delay(0.15, then=Reply(PROBES)))

    elapsed = await timed(parse(client))

    assert 0.15 <= elapsed < 0.5


async def test_disconnect_raises_api_connection_error(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.queue(Disconnect())

    with pytest.raises(openai.APIConnectionError) as caught:
        await parse(client)

    assert type(caught.value) is openai.APIConnectionError  # not the APITimeoutError subclass
    assert fake.last_request.status == 0


async def test_wrong_key_raises_authentication_error_without_retrying(
    fake: FakeOpenAI, make_client: MakeClient
) -> None:
    client = make_client(api_key="sk-wrong-key-000000", max_retries=2)
    fake.queue(Reply("kept"))

    with pytest.raises(openai.AuthenticationError) as caught:
        await parse(client)

    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"
    assert "Incorrect API key provided" in caught.value.message
    assert "sk-wrong-key-000000" not in caught.value.message
    assert fake.count == 1 and not fake.last_request.authorized
    assert fake.pending == 1


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


# -- the fake itself -------------------------------------------------------------------------------------------


async def test_wait_for_requests_and_unknown_routes(fake: FakeOpenAI) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}/embeddings", json={}, headers={"Authorization": f"Bearer {KEY}"}) as r,
    ):
        assert r.status == 404
        assert (await r.json())["error"]["message"] == "Invalid URL (POST /v1/embeddings)"

    [request] = await fake.wait_for_requests(1, within=0.5)
    assert request.path == "/v1/embeddings"
