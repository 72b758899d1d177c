"""The layering rules hold: platform libraries stay in bot/platforms/."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BANNED = ["import discord", "from slack_bolt.async_app import AsyncApp", "import slack_sdk"]


def ruff_on(path: str, source: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "TID251", "--stdin-filename", path, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


@pytest.mark.parametrize("source", BANNED)
@pytest.mark.parametrize("path", ["handlers/feature.py", "bot/dispatch.py", "question_bank/models.py"])
def test_platform_imports_are_banned_outside_platforms(path: str, source: str) -> None:
    result = ruff_on(path, source + "\n")
    assert result.returncode == 1
    assert "TID251" in result.stdout


@pytest.mark.parametrize("source", BANNED)
def test_platform_imports_are_allowed_in_platform_adapters(source: str) -> None:
    assert ruff_on("bot/platforms/discord_adapter.py", source + "\n").returncode == 0


def test_no_feature_module_imports_a_platform_library() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("handlers", "question_bank")
        for path in (REPO / folder).rglob("*.py")
        if any(word in path.read_text() for word in ("import discord", "slack_bolt", "slack_sdk"))
    ]
    assert offenders == []
