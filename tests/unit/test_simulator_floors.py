"""The simulator's modules sit on floors, and a module imports only from its own floor or below.

Read from the source with ``ast`` (imports inside functions count too), so that a lazy import
cannot hide a cycle: the engine never imports a block handler, the handlers never import what
runs them, and the package has no import cycle at all. The Connect test-case runner
(flows/testing/) sits one floor above the whole simulator: it drives runs through the
simulator's public interface and imports no block handler, and nothing of the simulator
imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "flows.simulator"
ROOT = Path(__file__).resolve().parents[2] / "flows" / "simulator"
TESTING_PACKAGE = "flows.testing"
TESTING_ROOT = ROOT.parent / "testing"

# Lowest floor first. Every module of the package must be on one.
FLOORS: list[tuple[str, frozenset[str]]] = [
    (
        "records and facts",
        frozenset(
            {
                "conditions",
                "contact",
                "coverage",
                "flow_index",
                "flow_library",
                "functions",
                "lambda_context",
                "observe",
                "references",
                "result",
                "scripting",
                "transcript",
                "worker",
            }
        ),
    ),
    ("engine", frozenset({"engine"})),
    (
        "block handlers",
        frozenset(
            {
                "blocks",
                "blocks.contact_data",
                "blocks.flow_control",
                "blocks.invoke_lambda",
                "blocks.lex_and_views",
                "blocks.prompts",
                "blocks.queues",
                "blocks.services",
                "blocks.speech",
            }
        ),
    ),
    ("the simulator", frozenset({"", "simulator"})),
    ("command lines", frozenset({"cli", "coverage_cli", "script_options"})),
]


def module_name(path: Path) -> str:
    """The module's name relative to the package ("" for the package itself)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                relative = name[len(PACKAGE) + 1 :]
                if relative in known:
                    found.add(relative)
    return found


def floor_of(name: str) -> int:
    for number, (_, members) in enumerate(FLOORS):
        if name in members:
            return number
    raise AssertionError(f"flows/simulator module {name or '__init__'!r} is on no floor")


def test_every_module_of_the_simulator_is_on_a_floor() -> None:
    placed = {name for _, members in FLOORS for name in members}
    assert set(modules()) == placed


def test_no_module_imports_from_a_floor_above_its_own() -> None:
    found = modules()
    known = set(found)
    upward = [
        f"{name or '__init__'} ({FLOORS[floor_of(name)][0]}) imports {imported} "
        f"({FLOORS[floor_of(imported)][0]})"
        for name, path in found.items()
        for imported in sorted(imports_of(path, known))
        if floor_of(imported) > floor_of(name)
    ]
    assert upward == [], "imports that go up a floor:\n" + "\n".join(upward)


def test_the_engine_imports_no_block_handler() -> None:
    found = modules()
    imported = imports_of(found["engine"], set(found))
    assert {name for name in imported if name.startswith("blocks")} == set()


def test_the_simulator_package_has_no_import_cycle() -> None:
    found = modules()
    graph = {name: imports_of(path, set(found)) - {name} for name, path in found.items()}
    graph[""] = set()  # the package's own __init__ re-exports; importing it is not a dependency
    cycles: list[list[str]] = []
    finished: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append([*trail[trail.index(name) :], name])
            return
        if name in finished:
            return
        for imported in sorted(graph.get(name, ())):
            if imported != "":
                visit(imported, [*trail, name])
        finished.add(name)

    for name in graph:
        visit(name, [])
    assert cycles == [], f"import cycles: {cycles[:3]}"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file (``from a import b`` gives a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_test_case_runner_imports_no_block_handler() -> None:
    handlers = f"{PACKAGE}.blocks"
    found = {
        f"{path.relative_to(TESTING_ROOT)} imports {name}"
        for path in sorted(TESTING_ROOT.rglob("*.py"))
        for name in imported_modules(path)
        if name == handlers or name.startswith(handlers + ".")
    }
    assert found == set()


def test_nothing_of_the_simulator_imports_the_test_case_runner() -> None:
    found = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(ROOT.rglob("*.py"))
        for name in imported_modules(path)
        if name == TESTING_PACKAGE or name.startswith(TESTING_PACKAGE + ".")
    }
    assert found == set()


def test_the_floor_check_sees_the_runners_imports_of_the_simulator() -> None:
    # The check above would pass vacuously if the runner imported nothing of the simulator.
    assert "flows.simulator" in imported_modules(TESTING_ROOT / "runner.py")
