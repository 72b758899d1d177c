"""bench/redis_load.py counts what Redis receives, and says so plainly when redis-benchmark is missing."""

from __future__ import annotations

from collections import Counter

import pytest

from bench import _redis_benchmark
from bench._redis_benchmark import measure, mix_rate
from bench._redis_count import CommandCounter, counting_client
from bench._redis_scenarios import Counts, close_run, open_run
from bench.redis_load import PER_DAY, figures, markdown

SCRIPT = "return redis.call('GET', KEYS[1])"


async def test_the_counter_counts_each_command_sent_and_leaves_connection_setup_out(redis_server_url: str) -> None:
    counter = CommandCounter()
    client = counting_client(redis_server_url, counter)
    try:
        await client.set("bench-test:a", "1", ex=60)
        await client.script_load(SCRIPT)
        assert counter.take() == (
            Counter({"SET": 1, "SCRIPT": 1}),
            Counter(),
        )  # the connection's HELLO / CLIENT: not counted
        pipe = client.pipeline(transaction=True)
        pipe.incr("bench-test:b")
        pipe.expire("bench-test:b", 60)
        await pipe.execute()
        script = client.register_script(SCRIPT)
        with counter.polling():
            await script(keys=["bench-test:a"])
        commands, poll = counter.take()
        assert commands == Counter({"MULTI": 1, "INCRBY": 1, "EXPIRE": 1, "EXEC": 1})  # redis-py sends INCR as INCRBY
        assert poll == Counter({"EVALSHA": 1})  # one command, however many calls the script makes
    finally:
        await client.delete("bench-test:a", "bench-test:b")
        await client.aclose()


async def test_a_run_counts_a_feature_and_keeps_the_pollers_claims_apart(redis_server_url: str) -> None:
    run = await open_run(redis_server_url)
    try:
        store = run.app.services.store
        once = await run.measured(lambda: store.claim_once(store.global_key("bench-test"), 60), inbound=1)
        assert once.commands == Counter({"SET": 1})
        await run.harness.run("/daily setup time:09:00 tz:UTC", user="ada", admin=True)
        drop = await run.measured(lambda: run.until(run.clock.now() + run.harness.app.services.daily_grace), inbound=0)
        assert drop.posts == 1  # the drop's card
        assert drop.commands["ZREM"] == 1  # its queue entry acknowledged
        assert set(drop.poll) == {"EVALSHA"}  # the claims: the poller's, not the drop's
        assert drop.commands["EVALSHA"] == 1  # tomorrow's drop scheduled (a script: it wakes the pollers)
    finally:
        await close_run(run)


def test_the_counter_refuses_urls_whose_connections_it_could_not_count() -> None:
    with pytest.raises(ValueError, match="redis:// URL"):
        counting_client("rediss://example.invalid:6380/0", CommandCounter())


def test_the_mix_rate_weighs_each_command_by_its_share() -> None:
    rates = {"GET": {"rps": 100.0}, "PING": {"rps": 200.0}}
    assert mix_rate({"GET": 1, "MULTI": 1}, rates) == pytest.approx(1 / (0.5 / 100 + 0.5 / 200))
    assert mix_rate({"XADD": 1}, rates) == pytest.approx(100)  # no stand-in: costs what GET costs


def test_without_redis_benchmark_the_output_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_redis_benchmark.shutil, "which", lambda name: None)
    capacity = measure("redis://127.0.0.1:1/0", {"GET": 1}, {})
    assert capacity == {"available": False, "note": "redis-benchmark is not installed (apt-get install redis-tools)"}
    counts = {name: Counts(Counter({"GET": 2}), posts=1, inbound=1) for name in PER_DAY}
    assert markdown(figures(counts, capacity)).endswith(
        "No capacity figures: redis-benchmark is not installed (apt-get install redis-tools)."
    )
