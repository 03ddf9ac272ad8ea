"""The installed import graph has no cycle, lazy imports included; the scheme ships inside."""

from __future__ import annotations

import ast
from pathlib import Path

import govperf


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_imports(path: Path, name: str, is_package: bool) -> set[str]:
    """Modules of govperf that ``path`` imports when run, inside functions too.

    Imports under ``if TYPE_CHECKING:`` never run and are left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    target = child.module or ""
                if target.startswith("govperf"):
                    if child.module:  # "from . import x" loads only the submodule x
                        found.add(target)
                    found.update(f"{target}.{alias.name}" for alias in child.names)
            elif isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("govperf"))
            visit(child)

    visit(tree)
    return found


def test_import_graph_has_no_cycle() -> None:
    root = Path(govperf.__file__).parent
    modules = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = _runtime_imports(path, name, path.name == "__init__.py")
        # a package's own __init__ re-exports its modules: importing from a package is
        # an edge to that package's __init__, which is an edge to what it imports
        graph[name] = {t for t in targets if t in modules and t != name}
    # the top-level facade imports everything by design; nothing inside imports it
    assert not any("govperf" in deps for n, deps in graph.items() if n != "govperf")
    graph.pop("govperf")
    state: dict[str, int] = {}
    cycle: list[str] = []

    def dfs(node: str, stack: list[str]) -> bool:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend([*stack[stack.index(nxt) :], nxt])
                return True
            if nxt not in state and dfs(nxt, stack):
                return True
        stack.pop()
        state[node] = 2
        return False

    for node in sorted(graph):
        if node not in state and dfs(node, []):
            break
    assert cycle == [], " -> ".join(cycle)


def test_bundled_scheme_ships_inside_the_package() -> None:
    assert govperf.bundled_schemes() == ["xicheng_2013"]
    text = govperf.bundled_scheme_text("xicheng_2013")
    assert text.startswith("# 北京市西城区")
    assert govperf.loads_scheme(text).id == "xicheng_2013"


def test_lazy_numpy_stand_in_gives_way_to_numpy() -> None:
    """A module's ``np`` stand-in imports numpy on first use and is then replaced."""
    import numpy

    from govperf._lazy import lazy_numpy

    namespace: dict[str, object] = {}
    namespace["np"] = lazy_numpy(namespace)
    assert repr(namespace["np"]) == "<numpy, imported on first use>"
    assert namespace["np"].zeros(2).tolist() == [0.0, 0.0]  # type: ignore[attr-defined]
    assert namespace["np"] is numpy
