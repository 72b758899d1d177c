"""Matching speed, memory and quality.

    python -m bench.pairing [--n 100000] [--json] [--compare] [--sizes 200,1000,2000] [--networkx-up-to 1000]

Random pools: people with a few hours of weekly availability, a level and a role wish. Prints
seconds and peak RSS for `--n` people (goal: 100,000 people in under 1 GB); with `--compare`, the
total weight against the optimum on pools of `--sizes` (goal: >= 0.98 of it at 1,000 and 2,000),
side by side with its time, and the fairness of 20 simulated rounds of a 30-person pool.

The optimum is an exact maximum-weight matching (blossom, as many pairs as possible first) over
every compatible pair: rustworkx's at every size, and networkx's (pure Python, the reference) up to
`--networkx-up-to` people, which must find the same total. networkx takes minutes at 2,000 (141 s
on a loaded 2-core machine, the same optimum as rustworkx), so `make bench` stops it at 1,000.
Matching itself prunes each person to a few best partners and matches buckets of about 1,000:
that pruning, not the solver, is what the ratio measures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import networkx
import rustworkx

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import peak_rss_mb
from handlers.pairing.matching import MatchProfile, compatible, match, repeat_window, total_weight, weight

LEVELS = ["sde1", "sde2", "sde3"]
MEMORY_GOAL_MB = 1024
RATIO_GOAL = 0.98


def pool(size: int, seed: int) -> list[MatchProfile]:
    rng = random.Random(seed)
    people = []
    for number in range(size):
        start = rng.randrange(0, 168 - 6)
        hours = frozenset(range(start, start + rng.choice([2, 4, 6])))
        people.append(
            MatchProfile(f"p{number}", rng.choice(LEVELS), hours, rng.choice(["candidate", "interviewer", "either"]))
        )
    return people


def timed_match(people: list[MatchProfile]) -> tuple[float, float]:
    started = time.perf_counter()
    result = match(people)
    return time.perf_counter() - started, total_weight(result)


def _compatible_pairs(people: list[MatchProfile]) -> dict[tuple[int, int], float]:
    """Every compatible pair (by index) with its weight: the full graph, no pruning."""
    by_hour: dict[int, list[int]] = {}
    for index, person in enumerate(people):
        for hour in person.hours:
            by_hour.setdefault(hour, []).append(index)
    pairs: dict[tuple[int, int], float] = {}
    for group in by_hour.values():
        for position, a in enumerate(group):
            for b in group[position + 1 :]:
                key = (min(a, b), max(a, b))
                if key not in pairs and compatible(people[a], people[b]):
                    pairs[key] = weight(people[a], people[b])
    return pairs


def optimum(people: list[MatchProfile]) -> tuple[float, float]:
    """networkx's exact maximum-weight matching over every compatible pair: (seconds, total weight)."""
    started = time.perf_counter()
    graph = networkx.Graph()
    for (a, b), score in _compatible_pairs(people).items():
        graph.add_edge(a, b, weight=score)
    matched = networkx.max_weight_matching(graph, maxcardinality=True)
    return time.perf_counter() - started, sum(weight(people[a], people[b]) for a, b in matched)


def fast_optimum(people: list[MatchProfile]) -> tuple[float, float]:
    """rustworkx's exact maximum-weight matching over every compatible pair: (seconds, total weight)."""
    started = time.perf_counter()
    graph: rustworkx.PyGraph = rustworkx.PyGraph()
    graph.add_nodes_from(range(len(people)))
    for (a, b), score in _compatible_pairs(people).items():
        graph.add_edge(a, b, score)
    matched = rustworkx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda score: int(score * 100))
    return time.perf_counter() - started, sum(weight(people[a], people[b]) for a, b in matched)


def quality(size: int, networkx_up_to: int) -> dict[str, float | bool]:
    """Our total weight against the exact optimum on a random pool of `size` people."""
    people = pool(size, seed=2)
    ours_s, ours_w = timed_match(people)
    best_s, best_w = fast_optimum(people)
    figures: dict[str, float | bool] = {
        "ratio": round(ours_w / best_w, 4),
        "seconds": round(ours_s, 3),
        "optimum_seconds": round(best_s, 3),
    }
    if size <= networkx_up_to:
        reference_s, reference_w = optimum(people)
        figures["networkx_seconds"] = round(reference_s, 3)
        figures["networkx_agrees"] = reference_w == best_w
    return figures


def fairness() -> dict[str, int]:
    people = {f"p{n}": MatchProfile(f"p{n}", "sde2", frozenset(range(40))) for n in range(30)}
    history: list[list[tuple[str, str]]] = []
    debt: Counter[str] = Counter()
    repeats = 0
    for _ in range(20):
        recent: dict[str, set[str]] = {pid: set() for pid in people}
        for past in history[-repeat_window(len(people)) :]:
            for a, b in past:
                recent[a].add(b)
                recent[b].add(a)
        result = match(
            MatchProfile(pid, p.level, p.hours, interviewer_debt=debt[pid], recent_partners=frozenset(recent[pid]))
            for pid, p in people.items()
        )
        pairs = [(pair.candidate, pair.interviewer) for pair in result.pairs]
        repeats += sum(1 for a, b in pairs if b in recent[a])
        for candidate, interviewer in pairs:
            debt[candidate] += 1
            debt[interviewer] -= 1
        history.append(pairs)
    return {"repeat_partners_within_window": repeats, "max_role_imbalance": max(abs(v) for v in debt.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--sizes", default="200,1000,2000", help="pool sizes checked against the optimum")
    parser.add_argument("--networkx-up-to", type=int, default=1000, help="also run networkx up to this size")
    args = parser.parse_args()
    people = pool(args.n, seed=1)
    started_cpu = time.process_time()
    seconds, _ = timed_match(people)
    cpu_seconds = time.process_time() - started_cpu  # on a shared machine, wall time includes waiting for a core
    peak = round(peak_rss_mb(), 1)  # before the comparisons, which build full graphs of their own
    result: dict[str, object] = {"n": args.n, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3)}
    result["peak_rss_mb"] = peak
    result["peak_rss_goal_mb"] = MEMORY_GOAL_MB
    if args.compare:
        checked = {str(size): quality(size, args.networkx_up_to) for size in map(int, args.sizes.split(","))}
        worst = min(float(figures["ratio"]) for figures in checked.values())
        result["quality"] = checked
        result["ratio_to_optimum"] = worst
        result["ratio_goal"] = RATIO_GOAL
        result["fairness"] = fairness()
        result["goals_met"] = peak < MEMORY_GOAL_MB and worst >= RATIO_GOAL
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"matching {args.n} people: {result['seconds']} s ({result['cpu_seconds']} s CPU),"
        f" peak RSS {peak} MB (goal < {MEMORY_GOAL_MB})"
    )
    if args.compare:
        for size, figures in checked.items():
            reference = f", networkx {figures['networkx_seconds']} s" if "networkx_seconds" in figures else ""
            print(
                f"  {size} people: {figures['ratio']:.4f} of the optimum (goal >= {RATIO_GOAL})"
                f" in {figures['seconds']} s (exact: rustworkx {figures['optimum_seconds']} s{reference})"
            )
        print(f"  20 rounds of 30 people: {result['fairness']}")


if __name__ == "__main__":
    main()
