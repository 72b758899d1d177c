"""No handler text names a command that Slack renames by its bare name: it would be wrong on Slack."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.platforms.slack_commands import SLACK_RESERVED

HANDLERS = Path(__file__).resolve().parents[3] / "handlers"


def _texts(tree: ast.Module) -> list[tuple[int, str]]:
    """String constants that are not docstrings (docstrings describe code, users never see them)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_handler_texts_name_slack_renamed_commands_through_command_text() -> None:
    renamed = re.compile(r"(?<![\w/-])/(" + "|".join(sorted(SLACK_RESERVED)) + r")\b")
    found = [
        f"{path.relative_to(HANDLERS.parent)}:{line}: {text!r}"
        for path in sorted(HANDLERS.rglob("*.py"))
        for line, text in _texts(ast.parse(path.read_text()))
        if renamed.search(text)
    ]
    assert found == []
