"""Matching speed, memory and quality.

    python -m bench.pairing [--n 10000] [--json] [--compare]

Random pools: people with a few hours of weekly availability, a level and a role wish. Prints
seconds and peak RSS for `--n` people; with `--compare`, the total weight against the optimum
(networkx's exact max_weight_matching) on pools of 200 and 1,000, side by side with its time,
and the fairness of 20 simulated rounds of a 30-person pool.
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

if __package__ in (None, ""):  # run as `python bench/NAME.py`: Python put bench/ on the path, not the repo
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench._common import peak_rss_mb
from handlers.pairing.matching import Person, compatible, match, repeat_window, total_weight, weight

LEVELS = ["sde1", "sde2", "sde3"]


def pool(size: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for number in range(size):
        start = rng.randrange(0, 168 - 6)
        hours = frozenset(range(start, start + rng.choice([2, 4, 6])))
        people.append(
            Person(f"p{number}", rng.choice(LEVELS), hours, rng.choice(["candidate", "interviewer", "either"]))
        )
    return people


def timed_match(people: list[Person]) -> tuple[float, float]:
    started = time.perf_counter()
    result = match(people)
    return time.perf_counter() - started, total_weight(result)


def optimum(people: list[Person]) -> tuple[float, float]:
    started = time.perf_counter()
    graph = networkx.Graph()
    by_hour: dict[int, list[Person]] = {}
    for person in people:
        for hour in person.hours:
            by_hour.setdefault(hour, []).append(person)
    for group in by_hour.values():
        for index, a in enumerate(group):
            for b in group[index + 1 :]:
                if compatible(a, b):
                    graph.add_edge(a.id, b.id, weight=weight(a, b))
    matched = networkx.max_weight_matching(graph, maxcardinality=True)
    by_id = {person.id: person for person in people}
    return time.perf_counter() - started, sum(weight(by_id[a], by_id[b]) for a, b in matched)


def fairness() -> dict[str, int]:
    people = {f"p{n}": Person(f"p{n}", "sde2", frozenset(range(40))) for n in range(30)}
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
            Person(pid, p.level, p.hours, interviewer_debt=debt[pid], recent_partners=frozenset(recent[pid]))
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
    args = parser.parse_args()
    seconds, _ = timed_match(pool(args.n, seed=1))
    result: dict[str, object] = {"n": args.n, "seconds": round(seconds, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}
    if args.compare:
        quality = {}
        for size in (200, 1000):
            people = pool(size, seed=2)
            ours_s, ours_w = timed_match(people)
            best_s, best_w = optimum(people)
            quality[str(size)] = {
                "ratio": round(ours_w / best_w, 4),
                "seconds": round(ours_s, 3),
                "optimum_seconds": round(best_s, 3),
            }
        result["quality"] = quality
        result["optimum_seconds"] = quality["1000"]["optimum_seconds"]
        result["ratio_to_optimum"] = min(q["ratio"] for q in quality.values())
        result["fairness"] = fairness()
    if args.json:
        print(json.dumps(result))
        return
    print(f"matching {args.n} people: {result['seconds']} s, peak RSS {result['peak_rss_mb']} MB")
    if args.compare:
        for size, figures in result["quality"].items():  # type: ignore[attr-defined]
            ratio, ours, best = figures["ratio"], figures["seconds"], figures["optimum_seconds"]
            print(f"  {size} people: {ratio:.4f} of the optimum in {ours} s (networkx {best} s)")
        print(f"  20 rounds of 30 people: {result['fairness']}")


if __name__ == "__main__":
    main()
