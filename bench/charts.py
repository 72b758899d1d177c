"""Chart render times: each chart the bot posts, drawn from realistic data, p50/p99 and PNG size.

    python -m bench.charts [--runs 30] [--json] [--examples docs/charts]

Each chart is rendered `runs` times after two warm-up renders (fonts and caches loaded), straight through
`render_png` (the renderer's cache is not involved), its data nudged from run to run. The target is p99 < 300 ms on
2 cores; the bot renders in a worker thread, so the event loop never waits for it. The load average before and
after is printed: on a shared machine, wall times grow with other work. `--examples DIR` also writes one PNG per
chart (the README's examples).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bot.charts import Chart, render_png
from bot.charts.history import MockHistory, PastMock, history_chart
from bot.charts.mock import Mark, MockTimeline, ScoreBars, scorecard_chart, timeline_chart
from bot.charts.prep import BurnUp, burnup_chart
from bot.charts.star import StarCoverage, coverage_chart
from bot.charts.stats import ChannelStats, Series, stats_chart
from question_bank import LeadershipPrinciple

PHASES = ("Requirements & scope", "Capacity estimation", "High-level design", "Deep dive", "Trade-offs & wrap-up")
SCORED = (*PHASES, "Leadership Principles")
PLAN = (7.0, 5.0, 13.0, 13.0, 7.0)
TARGET_P99_MS = 300


def examples(nudge: int = 0) -> list[Chart]:
    """One chart of each kind, on data like a month of practice; `nudge` changes the data a little."""
    n = nudge % 3
    timeline = MockTimeline(
        PHASES, PLAN, (8.5, 4.0 + n, 15.0, 11.5, 6.0), (Mark(16.0, "LP interruption"), Mark(29.5, "probe")), 2.0
    )
    history = MockHistory(
        PHASES,
        SCORED,
        tuple(
            PastMock(
                f"11-{day + 1:02d}",
                None if day % 4 == 2 else tuple(min(4, 1 + (day + i + n) // 3) for i in range(6)),
                PLAN,
                tuple(p + ((day + i) % 3 - 1) * 1.5 for i, p in enumerate(PLAN)),
            )
            for day in range(10)
        ),
    )
    principles = tuple(principle.value for principle in LeadershipPrinciple)
    weeks = tuple(f"W{week:02d}" for week in range(38, 50))
    return [
        timeline_chart(timeline),
        scorecard_chart(ScoreBars(SCORED, (3, 2, 4, 3, 3 - (n > 1), 2), "SDE II")),
        history_chart(history),
        burnup_chart(BurnUp(("Week 1", "Week 2", "Week 3", "Week 4"), (5, 6, 8, 8), (4, 7, 3 + n, 0), 2.4)),
        coverage_chart(
            StarCoverage(principles, tuple((i * 7 + n) % 4 for i in range(16)), weeks, tuple(i % 4 for i in range(12)))
        ),
        stats_chart(
            ChannelStats(
                weeks,
                (
                    Series("daily answers per drop", tuple(round(2 + (i % 5) * 0.6 + n, 1) for i in range(12))),
                    Series("mocks run", tuple(float((i * 3) % 7) for i in range(12))),
                    Series("pairs made", tuple(float(4 + i % 3) for i in range(12))),
                    Series("meetings held", tuple(float(3 + i % 3) for i in range(12))),
                    Series("no-shows", tuple(float(i % 2) for i in range(12))),
                ),
            )
        ),
    ]


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Milliseconds per render (p50, p99, max) and PNG kilobytes, per chart."""
    figures: dict[str, dict[str, float]] = {}
    for index, name in enumerate(chart.name for chart in examples()):
        timings: list[float] = []
        cpu: list[float] = []  # this thread's CPU time: what the render costs when other work shares the cores
        size = 0
        for run in range(runs + 2):
            chart = examples(run)[index]
            started, started_cpu = time.perf_counter(), time.thread_time()
            png = render_png(chart)
            if run >= 2:
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
            size = max(size, len(png))
        ordered = sorted(timings)
        figures[name] = {
            "p50_ms": round(statistics.median(ordered), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
            "max_ms": round(ordered[-1], 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p99_ms": round(sorted(cpu)[min(len(cpu) - 1, int(len(cpu) * 0.99))], 1),
            "png_kb": round(size / 1024, 1),
        }
    return figures


def markdown(figures: dict[str, object]) -> str:
    """The figures as a table for bench/RESULTS.md: one row per chart."""
    charts = figures.get("charts")
    assert isinstance(charts, dict)
    keys = ["p50_ms", "p99_ms", "max_ms", "cpu_p50_ms", "cpu_p99_ms", "png_kb"]
    rows = ["| chart | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for name, values in charts.items():
        rows.append(f"| {name} | " + " | ".join(str(values[key]) for key in keys) + " |")
    return f"Target: p99 < {TARGET_P99_MS} ms at 2 cores, every PNG < 200 KB.\n\n" + "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="renders per chart after two warm-ups")
    parser.add_argument("--json", action="store_true", help="print one JSON line at the end")
    parser.add_argument("--examples", type=Path, help="also write one PNG per chart into this folder")
    args = parser.parse_args(argv)
    if args.examples is not None:
        args.examples.mkdir(parents=True, exist_ok=True)
        for chart in examples():
            (args.examples / f"{chart.name}.png").write_bytes(render_png(chart))
    load_before = os.getloadavg()[0]  # other work on the machine: wall times grow with it, CPU times much less
    figures = measure(args.runs)
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(f"load average (1 min) {load[0]} before, {load[1]} after, on {os.cpu_count()} cores")
    for name, values in figures.items():
        verdict = "ok" if values["p99_ms"] < TARGET_P99_MS else f"over the {TARGET_P99_MS} ms target"
        print(f"{name:15} p50 {values['p50_ms']:6.1f} ms  p99 {values['p99_ms']:6.1f} ms  "
              f"(CPU p99 {values['cpu_p99_ms']:6.1f} ms)  {values['png_kb']:5.1f} KB  {verdict}")  # fmt: skip
    if args.json:
        print(json.dumps({"runs": args.runs, "target_p99_ms": TARGET_P99_MS, "load_average": load, "charts": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
