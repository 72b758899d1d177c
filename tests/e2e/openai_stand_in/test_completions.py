"""Plain completions, usage, scripted replies, models, 400s and the stand-in's own helpers."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import openai
import pytest
from openai import AsyncOpenAI

from tests.e2e.openai_stand_in.support import (
    KEY,
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
    Reply,
)

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
