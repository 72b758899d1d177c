"""The layering rules hold: platform libraries stay in bot/platforms/, and no import comes back around."""

import ast
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


PACKAGES = ("bot", "handlers", "question_bank")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for folder in PACKAGES for path in (REPO / folder).rglob("*.py")}


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module loads, and those under `if TYPE_CHECKING` (a cycle for the reader too)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            found += _top_level_imports(node.body) + [i for h in node.handlers for i in _top_level_imports(h.body)]
    return found


def imports_of(module: str) -> set[str]:
    """The project modules `module` imports at load time (`from pkg import mod` names the module itself)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _top_level_imports(ast.parse(path.read_text()).body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        for alias in node.names:
            found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


def feature_of(module: str) -> str:
    """A feature package (`handlers.mock`) stands for all its modules; any other module for itself."""
    parts = module.split(".")
    is_feature = len(parts) > 1 and parts[0] == "handlers" and (REPO / "handlers" / parts[1]).is_dir()
    return ".".join(parts[:2]) if is_feature else module


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (Tarjan's strongly connected components), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while stack[-1] != node:
                component.append(stack.pop())
            component.append(stack.pop())
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_cycles_finds_a_cycle_and_leaves_a_chain_alone() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_imports_are_read_from_the_source() -> None:
    assert "bot.chat" in imports_of("bot.context")
    assert "handlers.transcripts" in imports_of("handlers.barraiser.commands")  # `from handlers import transcripts`


def test_no_module_imports_itself_back() -> None:
    graph = {module: imports_of(module) for module in MODULES}
    assert cycles(graph) == []


def test_no_two_features_import_each_other() -> None:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        graph.setdefault(feature_of(module), set()).update(feature_of(name) for name in imports_of(module))
    graph = {unit: targets - {unit} for unit, targets in graph.items()}
    assert cycles(graph) == []


MODULE_LINE_LIMIT = 300


def test_no_module_of_the_runtime_or_the_features_runs_over_300_lines() -> None:
    modules = [*REPO.joinpath("bot").rglob("*.py"), *REPO.joinpath("handlers").rglob("*.py")]
    too_long = {
        str(path.relative_to(REPO)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINE_LIMIT
    }
    assert not too_long, f"split by responsibility: {too_long}"
