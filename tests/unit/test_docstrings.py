"""Every public function, class and method in bot/ and handlers/ says what it promises, in a docstring."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("bot", "handlers")


def undocumented(source: str, path: str = "<source>") -> list[str]:
    """`path:line name` of each public module-level function, class and public method without a docstring.

    Dunder methods, functions nested in functions (closures) and members of private classes are left out.
    """
    found: list[str] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if node.name.startswith("_") or any(_is_overload(decorator) for decorator in node.decorator_list):
                continue
            if ast.get_docstring(node) is None:
                found.append(f"{path}:{node.lineno} {prefix}{node.name}")
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(source).body, "")
    return found


def _is_overload(decorator: ast.expr) -> bool:
    return (isinstance(decorator, ast.Name) and decorator.id == "overload") or (
        isinstance(decorator, ast.Attribute) and decorator.attr == "overload"
    )


def checked_files() -> list[Path]:
    return [path for top in CHECKED for path in sorted((ROOT / top).rglob("*.py"))]


def test_every_public_function_class_and_method_has_a_docstring() -> None:
    missing = [
        line
        for path in checked_files()
        for line in undocumented(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not missing, "one-line docstrings wanted (say what it promises):\n" + "\n".join(missing)


def test_the_check_flags_public_names_only() -> None:
    source = '''
def bare(): pass
def documented():
    """Says what it promises."""
def _private(): pass
class Thing:
    def __init__(self): pass
    def method(self): pass
    def _helper(self): pass
    @property
    def told(self):
        """Told."""
class _Hidden:
    def method(self): pass
def outer():
    """Documented."""
    def closure(): pass
async def waits(): pass
'''
    assert undocumented(source) == [
        "<source>:2 bare",
        "<source>:6 Thing",
        "<source>:8 Thing.method",
        "<source>:18 waits",
    ]
