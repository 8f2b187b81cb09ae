"""No import cycle anywhere in the product, and the Lambda function's files stand alone.

import-linter (`lint-imports`, contracts in pyproject.toml) keeps the layers, and its
``acyclic_siblings`` contract refuses packages or modules side by side that import each other.
It cannot see a cycle through a package's ``__init__`` and one of its own modules, nor the
loose modules outside a package (app.py, the function's handler.py and restore_hooks.py). This
test builds the whole graph with grimp (import-linter's engine: imports inside functions and
under TYPE_CHECKING count), adds the loose modules' imports read with ``ast``, and fails naming
each cycle it finds.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import grimp
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("flows", "stacks", "scripts", "bench", "customer_lookup")
PRODUCT_OUTSIDE_THE_FUNCTION = frozenset({"flows", "stacks", "scripts", "bench", "app"})
LAMBDA_ROOT = REPO_ROOT / "lambdas" / "customer_lookup"
LOOSE_MODULES = {
    "app": REPO_ROOT / "app.py",
    "handler": LAMBDA_ROOT / "handler.py",
    "restore_hooks": LAMBDA_ROOT / "restore_hooks.py",
}


def import_graph(packages: Iterable[str], loose: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of the graph it imports (packages by grimp, loose files by ast)."""
    graph = grimp.build_graph(*packages, include_external_packages=True, cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    for name, path in loose.items():
        edges.setdefault(name, set()).update(_imports(path))
    known = set(edges)
    resolved: dict[str, set[str]] = {}
    for module, imported in edges.items():
        targets = (_known(name, known) for name in imported)
        resolved[module] = {target for target in targets if target is not None and target != module}
    return resolved


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _known(name: str, known: set[str]) -> str | None:
    """``name`` or its nearest enclosing module in the graph (``from m import f`` names m.f)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """One shortest cycle through each group of modules that import each other, as a path
    that starts and ends at the same module."""
    found = []
    for group in _strongly_connected(edges):
        start = min(group)
        if len(group) == 1 and start not in edges.get(start, set()):
            continue
        found.append(_shortest_cycle(start, edges, group))
    return sorted(found)


def _strongly_connected(edges: Mapping[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, without recursion (the graph has hundreds of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _shortest_cycle(start: str, edges: Mapping[str, set[str]], group: set[str]) -> list[str]:
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges.get(node, ())):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child in group and child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{start} is in no cycle")


def test_the_product_has_no_import_cycle() -> None:
    found = cycles(import_graph(PACKAGES, LOOSE_MODULES))
    assert not found, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in found)


def test_the_functions_loose_modules_import_nothing_of_the_rest_of_the_project() -> None:
    edges = import_graph(PACKAGES, LOOSE_MODULES)
    for name in ("handler", "restore_hooks"):
        reached, todo = set(), [name]
        while todo:
            for imported in edges.get(todo.pop(), set()) - reached:
                reached.add(imported)
                todo.append(imported)
        outside = sorted(
            m for m in reached if m.split(".")[0] in {"flows", "stacks", "scripts", "bench"}
        )
        assert not outside, f"lambdas/customer_lookup/{name}.py reaches {', '.join(outside)}"


# --- The detection itself, on packages written here ---


@pytest.fixture
def package_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.split(".")[0] in {"looped", "straight"}]:
        del sys.modules[name]


def write_package(root: Path, name: str, modules: Mapping[str, str]) -> None:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for module, source in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(source))


def test_a_cycle_through_an_import_inside_a_function_is_found_and_named(package_root: Path) -> None:
    write_package(
        package_root,
        "looped",
        {
            "first": "from looped import second\n",
            "second": "def later():\n    from looped.third import value\n    return value\n",
            "third": "import looped.first\nvalue = 1\n",
            "apart": "import looped.first\n",
        },
    )
    found = cycles(import_graph(["looped"], {}))
    assert found == [["looped.first", "looped.second", "looped.third", "looped.first"]]


def test_a_cycle_through_a_loose_module_is_found(package_root: Path) -> None:
    write_package(package_root, "straight", {"uses": "import runner\n", "alone": ""})
    runner = package_root / "runner.py"
    runner.write_text("from straight.uses import thing\n")
    assert cycles(import_graph(["straight"], {})) == []
    found = cycles(import_graph(["straight"], {"runner": runner}))
    assert found == [["runner", "straight.uses", "runner"]]
