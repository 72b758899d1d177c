"""Once-only claims asked for in one turn of the event loop: one script call to Redis, each key claimed on its own."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.claim_batches import ClaimBatches
from bot.store import Store


@pytest.fixture
def script_calls(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many claims each script call to Redis carried."""
    carried: list[int] = []
    real = store.redis.evalsha

    async def counting(sha: str, numkeys: int, *args: Any) -> Any:
        carried.append(numkeys)
        return await real(sha, numkeys, *args)

    monkeypatch.setattr(store.redis, "evalsha", counting)
    return carried


async def test_a_burst_of_claims_is_one_round_trip_and_each_key_is_claimed_once(
    store: Store, script_calls: list[int]
) -> None:
    claims = ClaimBatches(store, 60)
    keys = [store.global_key("event", name) for name in ("a", "b", "a", "c")]
    first = await asyncio.gather(*(claims.claim(key) for key in keys))
    assert first == [(True, None), (True, None), (False, None), (True, None)]
    assert script_calls == [4]
    again = await asyncio.gather(*(claims.claim(key) for key in keys))
    assert again == [(False, None)] * 4
    assert script_calls == [4, 4]


async def test_claims_in_different_turns_go_separately(store: Store, script_calls: list[int]) -> None:
    claims = ClaimBatches(store, 60)
    assert await claims.claim(store.global_key("event", "d")) == (True, None)
    assert await claims.claim(store.global_key("event", "d")) == (False, None)
    assert script_calls == [1, 1]


async def test_a_claim_lasts_its_ttl(store: Store) -> None:
    key = store.global_key("event", "ttl")
    await ClaimBatches(store, 90).claim(key)
    assert 0 < await store.redis.ttl(key) <= 90


async def test_each_claim_of_a_batch_reads_its_own_key_alongside(store: Store) -> None:
    claims = ClaimBatches(store, 60, read_alongside=True)
    await store.redis.set(store.global_key("flag", "x"), "yes")
    replies = await asyncio.gather(
        claims.claim(store.global_key("event", "e"), store.global_key("flag", "none")),
        claims.claim(store.global_key("event", "f"), store.global_key("flag", "x")),
    )
    assert replies == [(True, None), (True, "yes")]


async def test_a_read_key_is_given_exactly_when_the_batches_read_alongside(store: Store) -> None:
    with pytest.raises(ValueError, match="read_key"):
        await ClaimBatches(store, 60).claim("k", "other")
    with pytest.raises(ValueError, match="read_key"):
        await ClaimBatches(store, 60, read_alongside=True).claim("k")


async def test_redis_down_fails_every_claim_of_the_batch(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    async def refused(*args: Any) -> Any:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(store.redis, "evalsha", refused)
    claims = ClaimBatches(store, 60)
    outcomes = await asyncio.gather(*(claims.claim(f"k{n}") for n in range(3)), return_exceptions=True)
    assert all(isinstance(outcome, RedisConnectionError) for outcome in outcomes)


async def test_a_redis_that_forgot_the_script_learns_it(store: Store) -> None:
    await store.redis.script_flush()
    assert await ClaimBatches(store, 60).claim(store.global_key("event", "g")) == (True, None)
