"""No import circles in `desktop` (STYLE.md "Growing the house"): a module never needs, directly
or through others, a module that needs it. Imports inside functions count too: a lazy import
hides a circle from Python at start-up, not from a reader.

The graph is built from the source with `ast`, so the check imports nothing. A package's
`__init__` importing its own submodules is how packages re-export, and is not counted as an
edge back from those submodules (they import `pkg.sub`, never `pkg` itself, for that reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

import desktop

ROOT = Path(desktop.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # `from . import x` inside a package's __init__ is relative to the package itself.
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Each `desktop` module → the `desktop` modules it imports (anywhere in its source)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(name, node, is_package)
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    # `from pkg import sub` imports a submodule, `from mod import name` a module.
                    targets.add(submodule if submodule in modules else source)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, …, a], or None (depth-first search, three colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_desktop_has_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " → ".join(cycle or [])


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    # image_io reads DICOM through a function-level import (DESIGN §10).
    assert "desktop.core.dicom.reader" in graph["desktop.core.image_io"]
    assert "desktop.core.dicom.detect" in graph["desktop.core.dicom"]
    assert len(graph) > 50


def test_a_cycle_is_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
