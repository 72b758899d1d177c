"""What the real client raises for each failure the stand-in scripts: retries, timeouts, refusals."""

from __future__ import annotations

import time

import openai
import pytest
from openai import AsyncOpenAI

from tests.e2e.openai_stand_in.support import (
    MODEL,
    PROBES,
    MakeClient,
    Probes,
    messages,
    parse,
    timed,
)
from tests.fakes.openai_server import (
    Delay,
    Disconnect,
    FakeOpenAI,
    Reply,
    Status,
)

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
