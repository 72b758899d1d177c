"""The benchmarks run both ways the README and their docstrings name them: by path and as modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = ["pairing", "daily", "timers", "barraiser_eval", "clarify_eval", "arith_eval", "deep_dive_eval"]
SCRIPTS += ["interviewer", "judge", "redis_load", "charts"]


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
