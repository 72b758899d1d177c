"""What one Redis node sustains for a command mix: `redis-benchmark` per command, combined by share.

Each command of the mix runs alone (50 clients, no pipelining, the best of two runs) on keys shaped like ours:
values of the size the bot sends, one big sorted set for the deadline queue, the real Lua
scripts. The node's rate for the mix is 1 / sum(share / rate) over the commands.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from urllib.parse import urlsplit

import redis

from bot.deadline_scripts import CLAIM
from bot.pacing import _RESERVE_SLOT

CLIENTS = 50
REQUESTS = 50_000
TRIES = 2  # the best of two: other work on a shared machine only ever slows a run down
KEYSPACE = 100_000
CHEAP = ("MULTI", "EXEC", "WATCH", "UNWATCH", "DISCARD")  # queueing only: the queued commands are counted apart
# Commands benchmarked in this order, so reads find what writes made.
ORDER: tuple[str, ...] = ("SET", "GET", "EXISTS", "EXPIRE", "DEL", "ZADD", "ZREM", "ZCARD", "LPUSH", "RPUSH")
ORDER += ("LTRIM", "LRANGE", "SADD", "SMEMBERS", "SREM", "HSET", "HGET", "HINCRBY", "INCR", "INCRBY", "EVALSHA", "POLL")
ORDER += ("PING",)


def _command(name: str, ns: str, size: int, shas: Mapping[str, str]) -> list[str] | None:
    """A redis-benchmark command line for `name` on keys under `ns`, or None when it has no stand-in."""
    value = "v" * max(size - 40, 8)
    key = f"{ns}:k:__rand_int__"
    member = f"kind=mock,id=s__rand_int__,at={'p' * 100}"  # a queue entry's size, without CSV-breaking quotes
    table: dict[str, list[str]] = {
        "SET": ["SET", key, value, "EX", "86400"],
        "GET": ["GET", key],
        "EXISTS": ["EXISTS", key],
        "EXPIRE": ["EXPIRE", key, "86400"],
        "DEL": ["DEL", f"{ns}:gone:__rand_int__"],
        "ZADD": ["ZADD", f"{ns}:deadlines", "__rand_int__", member],  # one queue for every workspace
        "ZREM": ["ZREM", f"{ns}:deadlines", member],
        "ZCARD": ["ZCARD", f"{ns}:deadlines"],
        "LPUSH": ["LPUSH", f"{ns}:l:__rand_int__", value],
        "RPUSH": ["RPUSH", f"{ns}:l:__rand_int__", value],
        "LTRIM": ["LTRIM", f"{ns}:l:__rand_int__", "-50", "-1"],
        "LRANGE": ["LRANGE", f"{ns}:l:__rand_int__", "0", "-1"],
        "SADD": ["SADD", f"{ns}:s:__rand_int__", "member__rand_int__"],
        "SMEMBERS": ["SMEMBERS", f"{ns}:s:__rand_int__"],
        "SREM": ["SREM", f"{ns}:s:__rand_int__", "member__rand_int__"],
        "HSET": ["HSET", f"{ns}:h:__rand_int__", "f__rand_int__", value],
        "HGET": ["HGET", f"{ns}:h:__rand_int__", "f__rand_int__"],
        "HINCRBY": ["HINCRBY", f"{ns}:hi:__rand_int__", "f", "1"],
        "INCR": ["INCR", f"{ns}:n:__rand_int__"],
        "INCRBY": ["INCRBY", f"{ns}:n:__rand_int__", "120"],
        "EVALSHA": ["EVALSHA", shas["pace"], "1", f"{ns}:pace:__rand_int__", "__rand_int__", "1000"],
        "POLL": ["EVALSHA", shas["claim"], "2", f"{ns}:deadlines", f"{ns}:leases", "0", "60000", "200"],
        "PING": ["PING"],
    }
    return table.get(name)


def _target(redis_url: str) -> list[str]:
    parts = urlsplit(redis_url)
    arguments = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 6379)]
    if parts.password:
        arguments += ["-a", parts.password]
    database = parts.path.strip("/")
    if database:
        arguments += ["--dbnum", database]
    return arguments


def _rate(redis_url: str, command: list[str]) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) of one command, from redis-benchmark's CSV."""
    line = ["redis-benchmark", *_target(redis_url), "-c", str(CLIENTS), "-n", str(REQUESTS), "-r", str(KEYSPACE)]
    result = subprocess.run([*line, "--csv", *command], capture_output=True, text=True, check=True, timeout=300)
    rows = [row for row in csv.reader(result.stdout.splitlines()) if row]
    header, last = rows[0], rows[-1]
    figures = dict(
        zip(header[1:], last[len(last) - len(header) + 1 :], strict=True)
    )  # from the end: names may hold commas
    return float(figures["rps"]), float(figures.get("p99_latency_ms", "nan"))


def measure(redis_url: str, mix: Mapping[str, float], sizes: Mapping[str, int]) -> dict[str, object]:
    """Each command's rate on this node and the rate of the whole mix; says so when redis-benchmark is missing."""
    if shutil.which("redis-benchmark") is None:
        return {"available": False, "note": "redis-benchmark is not installed (apt-get install redis-tools)"}
    ns = f"redisbench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)
    try:
        shas = {"claim": client.script_load(CLAIM), "pace": client.script_load(_RESERVE_SLOT)}
        wanted = {name for name in mix if name not in CHEAP} | {"POLL", "PING", "GET"}
        rates: dict[str, dict[str, float]] = {}
        for name in [name for name in ORDER if name in wanted]:
            command = _command(name, ns, sizes.get(name, 100), shas)
            if command is not None:
                rps, p99 = max(_rate(redis_url, command) for _ in range(TRIES))
                rates[name] = {"rps": round(rps), "p99_ms": p99}
    finally:
        for key in client.scan_iter(match=f"{ns}:*", count=1000):
            client.delete(key)
        client.close()
    return {
        "available": True,
        "rates": rates,
        "mix_rps": round(mix_rate(mix, rates)),
        "clients": CLIENTS,
        "tries": TRIES,
    }


def mix_rate(mix: Mapping[str, float], rates: Mapping[str, Mapping[str, float]]) -> float:
    """Commands per second the node sustains for `mix` (shares of commands by name).

    MULTI, EXEC and WATCH cost what PING costs; a command without a stand-in costs what GET costs.
    """
    total = sum(mix.values())
    seconds_per_command = 0.0
    for name, count in mix.items():
        stand_in = "PING" if name in CHEAP else name if name in rates else "GET"
        seconds_per_command += (count / total) / float(rates[stand_in]["rps"])
    return 1 / seconds_per_command if seconds_per_command else 0.0
