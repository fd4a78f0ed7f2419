"""Imports inside drift/ run one way: the graph of drift's parts has no cycle.

A part is a subpackage (`drift.plan`, `drift.checks`, ...) or a top-level module
(`drift.model`, `drift.findings`, ...). Every import of one drift part by another
counts, at module level or inside a function, except those only for type checkers
(`if TYPE_CHECKING:`), which never run. The graph is read from the source with `ast`.
"""

from __future__ import annotations

import ast
from pathlib import Path

DRIFT = Path(__file__).resolve().parents[2] / "drift"


def _part(module: str) -> str:
    """drift.plan.ops -> drift.plan; drift.model -> drift.model."""
    parts = module.split(".")
    if len(parts) >= 2 and (DRIFT / parts[1]).is_dir():
        return ".".join(parts[:2])
    return ".".join(parts[:2]) if len(parts) >= 2 else module


def _module_name(path: Path) -> str:
    rel = path.relative_to(DRIFT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, package: str) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("drift"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("drift"):
                found.add(module)
                for alias in node.names:  # `from drift import spec` imports drift.spec
                    path = DRIFT.parent / f"{module}.{alias.name}".replace(".", "/")
                    if path.is_dir() or path.with_suffix(".py").is_file():
                        found.add(f"{module}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def part_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(DRIFT.rglob("*.py")):
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        source = _part(module)
        targets = {_part(m) for m in _imports(ast.parse(path.read_text()), package)}
        graph.setdefault(source, set()).update(t for t in targets
                                               if t != source and t != "drift")
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_is_read() -> None:
    graph = part_graph()
    assert "drift.model" in graph["drift.diff"]
    assert "drift.plan" in graph["drift.render"]


def test_a_cycle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_drift_parts_import_one_way() -> None:
    cycle = _cycle(part_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
