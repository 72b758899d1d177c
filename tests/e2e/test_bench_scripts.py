"""The benchmarks run both ways the README and their docstrings name them: by path and as modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import BENCHMARKS

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = ["pairing", "daily", "timers", "barraiser_eval", "clarify_eval", "arith_eval", "deep_dive_eval"]
SCRIPTS += ["interviewer", "judge", "redis_load", "ack", "diagrams", "charts"]


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("name", SCRIPTS)
@pytest.mark.parametrize("form", ["path", "module"])
def test_every_bench_script_starts_by_path_and_as_a_module(name: str, form: str) -> None:
    target = [f"bench/{name}.py"] if form == "path" else ["-m", f"bench.{name}"]
    result = run(*target, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("form", ["path", "module"])
def test_the_pairing_bench_measures_a_small_pool(form: str) -> None:
    target = ["bench/pairing.py"] if form == "path" else ["-m", "bench.pairing"]
    result = run(*target, "--n", "60", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["n"] == 60


def test_the_pairing_bench_checks_every_pool_size_against_the_exact_optimum() -> None:
    result = run("-m", "bench.pairing", "--n", "60", "--json", "--compare", "--sizes", "30,60")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures["quality"]) == {"30", "60"}
    assert all(size["networkx_agrees"] for size in figures["quality"].values())  # two exact solvers, one optimum
    assert figures["ratio_to_optimum"] >= figures["ratio_goal"] == 0.98
    assert figures["peak_rss_mb"] < figures["peak_rss_goal_mb"] == 1024
    assert figures["goals_met"] is True
    printed = run("-m", "bench.pairing", "--n", "60", "--compare", "--sizes", "30,60").stdout
    assert "30 people: 1.0000 of the optimum" in printed and "60 people: 1.0000 of the optimum" in printed


def test_make_bench_matches_100000_people_and_checks_1000_and_2000() -> None:
    arguments = next(arguments for name, arguments, _ in BENCHMARKS if name == "pairing")
    assert arguments[arguments.index("--n") + 1] == "100000"
    assert {"1000", "2000"} <= set(arguments[arguments.index("--sizes") + 1].split(","))


def test_the_ack_bench_times_a_few_requests_against_the_bare_app() -> None:
    result = run("-m", "bench.ack", "--requests", "20", "--concurrency", "5", "--interactions", "6", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    slack = figures["slack"]
    assert slack["requests"] == 20
    for server in ("bot", "bare_bolt"):
        assert slack[server]["not_200"] == {}
        assert slack[server]["p50_ms"] <= slack[server]["p99_ms"] <= slack[server]["max_ms"]
    assert slack["rate_ratio"] > 0
    assert figures["discord"]["interactions"] == 6
