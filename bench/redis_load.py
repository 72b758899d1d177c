"""The Redis commands each feature issues, the load at 1k/10k/100k active workspaces, and one node's capacity.

    python -m bench.redis_load [--json]

Counts: the real handlers, store and deadline queue on a real Redis (REDIS_URL, or a private
redis-server), driven with a FakeClock; a counting connection notes every command sent. Load:
the counts times the activity assumed below, per active server or workspace. Capacity:
`redis-benchmark` on the same Redis for each command of the mix, combined by share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import redis_for_bench
from bench._redis_benchmark import measure, mix_rate
from bench._redis_scenarios import MOCK_MESSAGES, PAIRING_PEOPLE, Counts, count_features
from bot.scheduler import SAFETY_POLL_SECONDS

# What one active server or workspace does in a day (assumptions, printed with the table).
PER_DAY = {
    "mock": 1.0,  # 45-minute mocks with a partner
    "mock_message": 40.0,  # messages written in that mock's thread
    "mock_solo": 1.0,  # 45-minute mocks the bot interviews, with the candidate's 20 messages
    "other_message": 200.0,  # messages in other threads the bot can read (every listener looks them up)
    "barraiser": 4.0,  # bar-raiser calls (two a mock)
    "daily_drop": 1.0,
    "pairing_round_1000": 50 / PAIRING_PEOPLE / 7,  # a weekly round of 50 people (scaled from 1,000)
    "pair_join": 2.0,  # people joining or changing their availability
    "command": 30.0,  # other commands (questions, status, history, help)
}
PEAK_FACTOR = 4.0  # a day's activity within about six working hours of one region
WORKSPACES_PER_PROCESS = 2_000  # bot processes: one per this many workspaces, at least two
HEADROOM = 0.5  # keep a node under half its measured rate (persistence, replication, bursts)
SCALES = (1_000, 10_000, 100_000)


def per_workspace_day(counts: dict[str, Counts]) -> dict[str, float]:
    """Commands one workspace sends in a day, by name, with the platform's own on top (rates are per unit).

    Slack paces every post through a Lua script (one EVALSHA) and both platforms de-duplicate
    every event they receive (one SET NX): added from the posts and inbound events counted.
    """
    day: dict[str, float] = defaultdict(float)
    for feature, rate in PER_DAY.items():
        measured = counts[feature]
        per_unit = rate / measured.units
        for name, number in measured.commands.items():
            day[name] += number * per_unit
        day["EVALSHA"] += measured.posts * per_unit
        day["SET"] += measured.inbound * per_unit
    return day


def load_table(day: dict[str, float], drop: int, mix_rps: float, poll_rps: float) -> list[dict[str, float]]:
    """Average and peak commands/s at each scale, and the share of one node they take."""
    per_workspace = sum(day.values())
    rows = []
    for workspaces in SCALES:
        processes = max(2, math.ceil(workspaces / WORKSPACES_PER_PROCESS))
        polls = processes / SAFETY_POLL_SECONDS  # an idle poller: one dispatch script per safety poll, per platform
        average = workspaces * per_workspace / 86_400
        peak = average * PEAK_FACTOR
        drop_minute = workspaces * drop / 60  # every workspace's drop in the same minute (09:00 sharp)
        busy = peak / mix_rps + polls / poll_rps if mix_rps and poll_rps else float("nan")
        rows.append(
            {
                "workspaces": workspaces,
                "processes": processes,
                "average_cps": round(average, 1),
                "peak_cps": round(peak, 1),
                "poller_cps": round(polls, 1),
                "drop_minute_cps": round(drop_minute, 1),
                "peak_node_share": round(busy, 3),
                "drop_minute_node_share": round(drop_minute / mix_rps, 3) if mix_rps else float("nan"),
            }
        )
    return rows


def figures(counts: dict[str, Counts], capacity: dict[str, object]) -> dict[str, object]:
    """Everything the report shows."""
    drop = counts["daily_drop"]
    drop_commands = drop.total() + drop.posts + drop.inbound  # with the platform's pacing and de-duplication
    day = per_workspace_day(counts)
    result: dict[str, object] = {
        "counts": {
            name: {
                "total": c.total(),
                "units": c.units,
                "posts": c.posts,
                "inbound": c.inbound,
                "commands": dict(c.commands.most_common()),
            }
            for name, c in counts.items()
        },
        "assumptions_per_workspace_day": PER_DAY,
        "peak_factor": PEAK_FACTOR,
        "workspaces_per_process": WORKSPACES_PER_PROCESS,
        "safety_poll_s": SAFETY_POLL_SECONDS,
        "per_workspace_day": round(sum(day.values())),
        "mix_share": {
            name: round(n / sum(day.values()), 3) for name, n in sorted(day.items(), key=lambda item: -item[1])
        },
        "benchmark": capacity,
    }
    if capacity.get("available"):
        rates = capacity["rates"]
        assert isinstance(rates, dict)
        mix_rps = mix_rate(day, rates)
        result["node_mix_rps"] = round(mix_rps)
        result["load"] = load_table(day, drop_commands, mix_rps, float(rates["POLL"]["rps"]))
        result["one_node_until_workspaces"] = _limit(day, drop_commands, mix_rps, float(rates["POLL"]["rps"]))
    return result


def _limit(day: dict[str, float], drop: int, mix_rps: float, poll_rps: float) -> int:
    """The most active workspaces one node serves within its headroom: at peak, and in a minute of every drop."""
    per_workspace_peak = sum(day.values()) / 86_400 * PEAK_FACTOR
    workspaces = 1_000
    while workspaces < 100_000_000:
        polls = max(2, math.ceil(workspaces / WORKSPACES_PER_PROCESS)) / SAFETY_POLL_SECONDS
        peak = workspaces * per_workspace_peak / mix_rps + polls / poll_rps
        if max(peak, workspaces * drop / 60 / mix_rps) > HEADROOM:
            return int(workspaces / 1.1)
        workspaces = int(workspaces * 1.1)
    return workspaces


def markdown(result: dict[str, object]) -> str:
    """The counts and the load table, as RESULTS.md shows them."""
    counts = result["counts"]
    assert isinstance(counts, dict)
    lines = ["| feature | of | commands | posts | top commands |", "|---|---|---|---|---|"]
    for name, c in counts.items():
        top = ", ".join(f"{command} {n}" for command, n in list(c["commands"].items())[:5])
        lines.append(f"| {name} | {c['units']} | {c['total']} | {c['posts']} | {top} |")
    lines += ["", f"Assumed per active workspace and day: `{json.dumps(result['assumptions_per_workspace_day'])}`;"]
    lines += [f"peak = {result['peak_factor']} x average; {result['per_workspace_day']} commands a workspace a day."]
    benchmark = result["benchmark"]
    assert isinstance(benchmark, dict)
    if not benchmark.get("available"):
        return "\n".join([*lines, "", f"No capacity figures: {benchmark.get('note')}."])
    tries = benchmark.get("tries", 1)
    lines += ["", f"One node (redis-benchmark, {benchmark['clients']} clients, best of {tries}, this machine): "]
    lines[-1] += (
        f"{result['node_mix_rps']} commands/s for this mix; the poller's claim: {benchmark['rates']['POLL']['rps']}/s."
    )
    lines += ["", "| workspaces | processes | average cmd/s | peak cmd/s | poller cmd/s | node busy at peak |"]
    lines[-1] += " every drop in one minute: cmd/s | node busy |"
    lines += ["|---|---|---|---|---|---|---|---|"]
    for row in result["load"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['workspaces']:,} | {row['processes']} | {row['average_cps']:,} | {row['peak_cps']:,} | "
            f"{row['poller_cps']:,} | {row['peak_node_share']:.1%} | {row['drop_minute_cps']:,} | "
            f"{row['drop_minute_node_share']:.1%} |"
        )
    limit = result["one_node_until_workspaces"]
    lines += ["", f"One node stays under {HEADROOM:.0%} busy, at peak and in the drop minute, up to ~{limit:,} "]
    lines[-1] += "active workspaces."
    return "\n".join(lines)


async def run(redis_url: str) -> dict[str, object]:
    counts, sizes = await count_features(redis_url)
    mix = per_workspace_day(counts)
    capacity = await asyncio.to_thread(measure, redis_url, mix, sizes)
    return figures(counts, capacity)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    redis_url, server = redis_for_bench()
    try:
        result = asyncio.run(run(redis_url))
    finally:
        if server is not None:
            server.terminate()
    if args.json:
        print(json.dumps(result))
        return
    print(f"(messages counted per message over {MOCK_MESSAGES}; the pairing round has {PAIRING_PEOPLE} people)")
    print(markdown(result))


if __name__ == "__main__":
    main()
