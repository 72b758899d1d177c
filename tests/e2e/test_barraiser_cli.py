"""`python -m bot barraiser` for prompt work and regression."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TRANSCRIPT = REPO / "tests" / "data" / "transcripts" / "02-url-shortener-deep-dive.txt"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "barraiser", *args], cwd=REPO, env={**base, **(env or {})},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_json_probes_name_their_targets() -> None:
    result = run(
        "--question",
        "url-shortener",
        "--phase",
        "deep-dive",
        "--level",
        "sde2",
        "--transcript",
        str(TRANSCRIPT),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["engine"] == "offline rubric"
    assert 1 <= len(answer["probes"]) <= 3
    assert all(probe["text"] and probe["targets"] for probe in answer["probes"])
    # Targets name areas since issue 16; this transcript never says what a retried create does.
    assert "idempotency" in [target for probe in answer["probes"] for target in probe["targets"]]


def test_scorecard_as_json() -> None:
    result = run(
        "--question", "url-shortener", "--phase", "deep-dive", "--transcript", str(TRANSCRIPT), "--json", "--scorecard"
    )
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)["scorecard"]
    assert [phase["phase"] for phase in card["phases"]][-1] == "leadership"
    assert len(card["practise_next"]) == 3


def test_the_llm_engine_needs_a_key() -> None:
    result = run(
        "--question", "url-shortener", "--phase", "deep-dive", "--transcript", str(TRANSCRIPT), "--engine", "llm"
    )
    assert result.returncode == 2
    assert "needs OPENAI_API_KEY" in result.stderr


def test_bad_input_is_one_clear_line() -> None:
    unknown = run("--question", "nope", "--phase", "deep-dive", "--transcript", str(TRANSCRIPT))
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "practice-partner: no question 'nope'"
    missing = run("--question", "url-shortener", "--phase", "deep-dive", "--transcript", "/no/such/file")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
