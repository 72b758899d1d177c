"""Diagrams: parse + structural review (pure) and Graphviz layout to PNG, for small, typical and large flowcharts.

    python -m bench.diagrams [--runs 30] [--json]

Printed per size: p50/p99 milliseconds of parse + review, of `dot` (subprocess, in a worker thread as the bot
runs it), and the PNG's bytes. Without `dot` installed only the pure figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from handlers.diagrams.draw import draw_png
from handlers.diagrams.parse import parse
from handlers.diagrams.render import to_dot
from handlers.diagrams.review import Traits, review

KINDS = ["Service", "DB", "Redis cache", "Kafka queue", "Worker", "Load balancer"]


def flowchart(nodes: int) -> str:
    """A layered flowchart of about `nodes` nodes: a user, then layers of three fed by the layer before."""
    lines = ["flowchart LR", "  U[User] --> N0[Load balancer]"]
    for index in range(1, nodes - 1):
        parent = max(0, (index - 1) // 3 * 3 - 2) if index > 3 else 0
        shape = "[({})]" if "DB" in KINDS[index % len(KINDS)] else "[{}]"
        label = shape.format(f"{KINDS[index % len(KINDS)]} {index}")
        lines.append(f"  N{parent} --> N{index}{label}")
    lines += ["  subgraph core [Core]", "    N1", "    N2", "  end"]
    return "\n".join(lines)


def percentile(samples: list[float], share: float) -> float:
    """The `share` percentile of `samples` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(nodes: int, runs: int) -> dict[str, float]:
    """Timings for one size."""
    source = flowchart(nodes)
    traits = Traits(read_heavy=True, needs_durability=True)
    pure, drawn, size = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        graph = parse(source)
        review(graph, traits, "We run three replicas of the service.")
        pure.append((time.perf_counter() - started) * 1000)
        if shutil.which("dot"):
            started = time.perf_counter()
            png = await draw_png(to_dot(graph))
            drawn.append((time.perf_counter() - started) * 1000)
            size = len(png or b"")
    figures = {"nodes": nodes, "parse_review_p50_ms": round(statistics.median(pure), 3)}
    figures["parse_review_p99_ms"] = round(percentile(pure, 0.99), 3)
    if drawn:
        figures |= {"dot_p50_ms": round(statistics.median(drawn), 1), "dot_p99_ms": round(percentile(drawn, 0.99), 1)}
        figures["png_bytes"] = size
    return figures


def main() -> None:
    """Measure three sizes and print them (one JSON line last with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    sizes = {
        name: asyncio.run(measure(nodes, arguments.runs))
        for name, nodes in (("small", 6), ("typical", 15), ("large", 60))
    }
    for name, figures in sizes.items():
        print(f"{name:8} " + "  ".join(f"{key}={value}" for key, value in figures.items()))
    if arguments.json:
        print(json.dumps({"runs": arguments.runs, "dot": shutil.which("dot") is not None, **sizes}))


if __name__ == "__main__":
    main()
