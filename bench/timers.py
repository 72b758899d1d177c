"""Phase-announcement timers at scale: the Redis deadline queue vs one APScheduler job per announcement.

    python -m bench.timers [--scenario spread_1000|burst_10000|all] [--sessions N] [--window S] [--json]

Scenarios: `spread_1000`, 1,000 concurrent mocks whose next phase falls due over 20 s (target
p99 lateness < 20 ms); `burst_10000`, 10,000 falling due within the same second (p99 < 150 ms,
longest event-loop stall < 50 ms). Each runs, on one real Redis (REDIS_URL, or a private
redis-server) and in the same run: ours in one process, ours in two processes sharing the work
(exactly-once checked: every thread gets its announcement once), and the naive baseline, one
APScheduler RedisJobStore date job per announcement; both on the event loop the bot runs on.
"Ours" runs the real announcer (load, send-once guard, post, record, status edit, schedule the
next event; the bookkeeping after the posts); lateness is from the due time to the chat's post
call returning (after an await), i.e. what a user sees; the naive job
only notes when it fires (it does none of the announcer's work), inside the same bot (app, bank,
store, start-up warm-up: peak RSS compares the timer designs, not a bare script with the whole bot).
Stalls are watched from the end of set-up (queueing the mocks) until the bookkeeping after the posts
is done. Ours in one process and the naive baseline take `--turns` turns (3), one after the other, so
both see the machine in the same minutes: lateness is over every announcement of every turn, the stall
the longest of any turn, peak RSS the median turn's (each turn's is listed; in spread_1000 the two sit
within ~0.2 MB of 82 MB, and one run's noise is as large).
Printed: p50/p99/max lateness, longest stall, peak RSS, ratios naive/ours, and which targets hold.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import redis_for_bench
from bench.timers_child import child, percentile

TARGETS = {"spread_1000": {"p99_ms": 20.0}, "burst_10000": {"p99_ms": 150.0, "stall_ms": 50.0}}


def start_variant(
    variant: str, redis_url: str, part: tuple[int, int], sessions: int, window: float, prefix: str, out: Path
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bench.timers", "--variant", variant, "--redis", redis_url, "--prefix", prefix]
    command += ["--sessions", str(sessions), "--window", str(window), "--part", f"{part[0]}/{part[1]}"]
    command += ["--out", str(out)]
    repo = Path(__file__).resolve().parents[1]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=repo)


def run_variant(variant: str, redis_url: str, sessions: int, window: float, processes: int = 1) -> dict[str, Any]:
    """Run `variant` in `processes` processes on one Redis: the run's figures, the processes' merged."""
    prefix = f"bench{variant}{os.getpid()}{random.randrange(10**6)}"
    folder = tempfile.TemporaryDirectory()
    outs = [Path(folder.name) / f"{index}.json" for index in range(processes)]
    running = [
        start_variant(variant, redis_url, (index, processes), sessions, window, prefix, outs[index])
        for index in range(processes)
    ]
    for child_process in running:  # started up, mocks created: only queueing the announcements is left
        if child_process.stdout is None or child_process.stdout.readline().strip() != "ready":
            sys.exit(f"a {variant} process failed to start")
    base = time.time() + 1 + sessions / processes / 1500  # time to queue them (a shared box: see setup_overran_ms)
    for child_process in running:  # to all of them first: communicate() waits for the process to end
        assert child_process.stdin is not None
        child_process.stdin.write(f"{base}\n")
        child_process.stdin.flush()
    # Each writes its figures to a file, not its stdout: a second process's output, over 64 KiB (a pipe's
    # size), waited in a full pipe until the first was read, and once reached the parent broken at 64 KiB.
    for child_process in running:
        child_process.communicate()
        if child_process.returncode != 0:
            sys.exit(f"a {variant} process failed (exit {child_process.returncode})")
    with folder:
        outputs = [json.loads(out.read_text()) for out in outs]
    posted = Counter(thread for output in outputs for thread in output.pop("posted", []))
    run: dict[str, Any] = {
        "announced": sum(output["announced"] for output in outputs),
        "lateness_ms": sorted(value for output in outputs for value in output["lateness_ms"]),
        "longest_stall_ms": max(output["longest_stall_ms"] for output in outputs),
        "peak_rss_mb": max(output["peak_rss_mb"] for output in outputs),
        "setup_overran_ms": max(output["setup_overran_ms"] for output in outputs),
    }
    if variant == "ours":
        run["posted_twice"] = sum(1 for times in posted.values() if times > 1)
        run["exactly_once"] = len(posted) == sessions and run["posted_twice"] == 0
    return run


def figures_over(runs: list[dict[str, Any]], processes: int = 1) -> dict[str, Any]:
    """A variant's figures over its turns: lateness of every announcement of every turn, the longest stall,
    the median peak RSS (a tie at the allocator's granularity moves ~0.2 MB from one run to the next)."""
    lateness = sorted(value for run in runs for value in run["lateness_ms"])
    rss = [run["peak_rss_mb"] for run in runs]
    figures: dict[str, Any] = {
        "announced": min(run["announced"] for run in runs),  # in the turn that announced the fewest
        "lateness_p50_ms": percentile(lateness, 0.5),
        "lateness_p99_ms": percentile(lateness, 0.99),
        "lateness_max_ms": percentile(lateness, 1.0),
        "longest_stall_ms": max(run["longest_stall_ms"] for run in runs),
        "peak_rss_mb": statistics.median(rss),
        "setup_overran_ms": max(run["setup_overran_ms"] for run in runs),
    }
    if len(runs) > 1:
        figures["turns"] = len(runs)
        figures["longest_stall_ms_turns"] = [round(run["longest_stall_ms"], 1) for run in runs]
        figures["lateness_p99_ms_turns"] = [round(percentile(run["lateness_ms"], 0.99), 2) for run in runs]
        figures["peak_rss_mb_turns"] = rss
    if "exactly_once" in runs[0]:
        figures["posted_twice"] = sum(run["posted_twice"] for run in runs)
        figures["exactly_once"] = all(run["exactly_once"] for run in runs)
    if processes > 1:
        figures["processes"] = processes
    return figures


def compare(ours: dict[str, Any], naive: dict[str, Any]) -> dict[str, float]:
    def ratio(key: str) -> float:
        return float(naive[key]) / max(float(ours[key]), 0.001)

    return {
        "ratio_lateness_p99": ratio("lateness_p99_ms"),
        "ratio_longest_stall": ratio("longest_stall_ms"),
        "ratio_peak_rss": ratio("peak_rss_mb"),
    }


def scenario(name: str, redis_url: str, sessions: int, window: float, turns: int) -> dict[str, Any]:
    """One load, ours (one and two processes) and the naive baseline in the same run, with the targets.

    Ours and the naive baseline take `turns` turns each, one after the other, so both see the machine in the
    same minutes; two processes run once."""
    ours_runs, naive_runs = [], []
    for _ in range(turns):
        ours_runs.append(run_variant("ours", redis_url, sessions, window))
        naive_runs.append(run_variant("naive", redis_url, sessions, window))
    ours, naive = figures_over(ours_runs), figures_over(naive_runs)
    two = figures_over([run_variant("ours", redis_url, sessions, window, processes=2)], processes=2)
    target = TARGETS.get(name, {})
    met = {
        "p99": ours["lateness_p99_ms"] < target.get("p99_ms", float("inf")),
        "p99_two_processes": two["lateness_p99_ms"] < target.get("p99_ms", float("inf")),
        "exactly_once_two_processes": bool(two["exactly_once"]),
        "peak_rss_at_most_naive": ours["peak_rss_mb"] <= naive["peak_rss_mb"],
    }
    if "stall_ms" in target:
        met["longest_stall"] = ours["longest_stall_ms"] < target["stall_ms"]
    return {
        "sessions": sessions,
        "window_s": window,
        "ours": ours,
        "ours_two_processes": two,
        "naive_apscheduler_redisjobstore": naive,
        **compare(ours, naive),
        "targets": target,
        "met": met,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["spread_1000", "burst_10000", "all"], default="all")
    parser.add_argument("--sessions", type=int, help="override the scenario's number of mocks")
    parser.add_argument("--window", type=float, help="override the seconds over which announcements fall due")
    parser.add_argument("--turns", type=int, default=3, help="turns each of ours (one process) and the naive one take")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--variant", choices=["ours", "naive"], help=argparse.SUPPRESS)
    for hidden in ("--redis", "--prefix", "--part", "--out"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        child(args)
        return
    loads = {"spread_1000": (1_000, 20.0), "burst_10000": (10_000, 1.0)}
    chosen = list(loads) if args.scenario == "all" else [args.scenario]
    redis_url, server = redis_for_bench()
    try:
        results = {
            name: scenario(name, redis_url, args.sessions or loads[name][0], args.window or loads[name][1], args.turns)
            for name in chosen
        }
    finally:
        if server is not None:
            server.terminate()
    if args.json:
        print(json.dumps(results))
        return
    for name, result in results.items():
        print(f"{name}: {result['sessions']} mocks, announcements due over {result['window_s']:.0f} s")
        for label, key in (("ours", "ours"), ("ours, 2 processes", "ours_two_processes"),
                           ("APScheduler RedisJobStore", "naive_apscheduler_redisjobstore")):  # fmt: skip
            figures = result[key]
            print(
                f"  {label:26} announced {figures['announced']:>6.0f}"
                f"  lateness p50 {figures['lateness_p50_ms']:8.1f} ms"
                f"  p99 {figures['lateness_p99_ms']:8.1f} ms  max {figures['lateness_max_ms']:8.1f} ms"
                f"  longest stall {figures['longest_stall_ms']:7.1f} ms  peak RSS {figures['peak_rss_mb']:6.1f} MB"
                + (
                    f" (turns {', '.join(f'{mb:.1f}' for mb in figures['peak_rss_mb_turns'])})"
                    if "turns" in figures
                    else ""
                )
                + (f"  exactly once: {figures['exactly_once']}" if "exactly_once" in figures else "")
            )
        print(
            f"  naive / ours: p99 lateness x{result['ratio_lateness_p99']:.2f}, "
            f"longest stall x{result['ratio_longest_stall']:.2f}, peak RSS x{result['ratio_peak_rss']:.2f}"
        )
        print(f"  targets {result['targets']}: {result['met']}")


if __name__ == "__main__":
    main()
