"""A deadline handler says what it takes: mypy holds it to the payload it is registered for."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

HANDLER = """
from datetime import datetime
from typing import ClassVar

from bot.chat import ChatPort
from bot.commands import CommandRegistry
from bot.context import Services
from bot.deadlines import Deadline, DeadlinePayload


class Ping(DeadlinePayload):
    KIND: ClassVar[str] = "ping"


class Pong(DeadlinePayload):
    KIND: ClassVar[str] = "pong"


registry = CommandRegistry()


@registry.deadline(Ping)
async def handle(services: Services, chat: ChatPort, deadline: Deadline[{payload}], now: datetime) -> None:
    pass
"""


def mypy_on(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "handler.py"
    path.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_a_handler_for_another_payload_does_not_type_check(tmp_path: Path) -> None:
    result = mypy_on(HANDLER.format(payload="Pong"), tmp_path)
    assert result.returncode == 1
    assert 'expected "Callable[[Services, ChatPort, Deadline[Ping], datetime]' in result.stdout


def test_a_handler_for_its_payload_type_checks(tmp_path: Path) -> None:
    result = mypy_on(HANDLER.format(payload="Ping"), tmp_path)
    assert result.returncode == 0, result.stdout
