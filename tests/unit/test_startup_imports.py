"""Starting the bot loads only what every run needs: the LLM client and the chart library come when first used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ["openai", "matplotlib"]  # about a second each to import


def loaded_after(code: str) -> dict[str, bool]:
    probe = f"import json, sys\n{code}\nprint(json.dumps({{name: name in sys.modules for name in {HEAVY!r}}}))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_bot_and_every_feature_loads_neither_the_llm_client_nor_matplotlib() -> None:
    assert loaded_after("import bot.cli, bot.app, handlers, bot.charts.mock, bot.llm") == dict.fromkeys(HEAVY, False)


def test_drawing_a_chart_loads_matplotlib_and_an_llm_client_loads_openai() -> None:
    code = """
from bot.charts import render_png
from bot.charts.mock import ScoreBars, scorecard_chart
from bot.clock import SystemClock
from bot.config import LlmSettings
from bot.llm import LlmClient
from bot.store import open_store
import asyncio, os
png = render_png(scorecard_chart(ScoreBars(labels=("Requirements",), scores=(3,), level="L5")))
assert png.startswith(b"\\x89PNG")
os.environ["OPENAI_API_KEY"] = "sk-test"
LlmClient(LlmSettings(), SystemClock(), asyncio.run(open_store(None)))
"""
    assert loaded_after(code) == dict.fromkeys(HEAVY, True)
