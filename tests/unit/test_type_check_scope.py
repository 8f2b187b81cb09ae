"""mypy reads exactly the aws-cdk-lib modules the project's code can reach, and no others.

``import aws_cdk`` makes a type checker read all of aws-cdk-lib: under ``TYPE_CHECKING`` its
``__init__`` imports every service module (about 680 with their interfaces), and checking them
took about 50 of the 70 seconds of a cold ``mypy`` run. None of them but the few the project
imports (and what those import in turn) can change a type the project's code sees, so
pyproject.toml skips ``aws_cdk.*`` and lists the reachable modules to read as usual.

This test recomputes that list from the installed aws-cdk-lib and the project's imports, so the
list cannot fall behind an aws-cdk-lib upgrade or a new ``from aws_cdk import aws_x``: a module
missing from the list would be read as ``Any`` and its types unchecked.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from collections.abc import Iterator
from pathlib import Path

import aws_cdk

REPO_ROOT = Path(__file__).resolve().parents[2]
CDK_ROOT = Path(aws_cdk.__file__).resolve().parent
SITE_PACKAGES = CDK_ROOT.parent
# Index packages: under TYPE_CHECKING they import every module of the library. Only their own
# runtime helpers (`._jsii`) are followed from them; what the project imports is reached directly.
INDEX_PACKAGES = frozenset({"aws_cdk", "aws_cdk.interfaces"})
# Generated modules start with a docstring, then this line, then their code.
FUTURE_IMPORT = "from __future__ import annotations\n"


def module_file(module: str) -> Path | None:
    path = SITE_PACKAGES.joinpath(*module.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def import_statements(source: str) -> str:
    """A generated aws_cdk module's own imports: its top-level import lines and its
    ``if typing.TYPE_CHECKING:`` blocks, after the module docstring (whose code examples import
    modules too). Parsing only these keeps the test under a second; parsing whole modules (some
    are 100,000 lines) took twelve, for the same result."""
    start = source.find(FUTURE_IMPORT)
    lines = source[max(start, 0) :].splitlines(keepends=True)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith(("import ", "from ")):
            kept.append(line)
        elif line.startswith("if typing.TYPE_CHECKING:"):
            kept.append(line)
            while index < len(lines) and (not lines[index].strip() or lines[index][0] in " \t"):
                kept.append(lines[index])
                index += 1
    return "".join(kept)


def cdk_imports(tree: ast.AST, package: str) -> Iterator[str]:
    """The aws_cdk modules a module's import statements name (``package``: its own package)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "aws_cdk")
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = (
                ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [node.module])])
                if node.level
                else node.module or ""
            )
            if base.split(".")[0] != "aws_cdk":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if module_file(submodule) else base


def project_cdk_imports() -> set[str]:
    """aws_cdk modules imported by the code mypy checks (pyproject's ``[tool.mypy] files``)."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    found: set[str] = set()
    for entry in config["files"]:
        path = REPO_ROOT / entry
        for source in [path] if path.is_file() else sorted(path.rglob("*.py")):
            found.update(cdk_imports(ast.parse(source.read_text()), "project"))
    return found


@functools.cache
def reachable_cdk_modules() -> frozenset[str]:
    seen: set[str] = set()
    pending = list(project_cdk_imports())
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        path = module_file(module)
        if path is None:
            continue
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        imported = set(cdk_imports(ast.parse(import_statements(path.read_text())), package))
        if module in INDEX_PACKAGES:
            imported = {name for name in imported if name.endswith("._jsii")}
        pending.extend(imported - seen)
    return frozenset(seen)


def configured_modules() -> tuple[set[str], set[str]]:
    """(modules mypy skips, modules it reads) as pyproject.toml's overrides name them."""
    overrides = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["mypy"][
        "overrides"
    ]
    by_mode: dict[str, set[str]] = {"skip": set(), "normal": set()}
    for override in overrides:
        mode = override.get("follow_imports")
        if mode in by_mode:
            by_mode[mode].update(override["module"])
    return by_mode["skip"], by_mode["normal"]


def test_mypy_skips_aws_cdk_except_the_modules_it_lists() -> None:
    skipped, read = configured_modules()
    assert skipped == {"aws_cdk.*"}
    assert "aws_cdk" in read


def test_mypy_reads_every_aws_cdk_module_the_project_can_reach() -> None:
    _, read = configured_modules()
    reachable = reachable_cdk_modules()
    listed = "".join(f'    "{name}",\n' for name in sorted(reachable))
    assert read == reachable, (
        'pyproject.toml\'s [[tool.mypy.overrides]] with follow_imports = "normal" must list '
        f"exactly these modules (missing: {sorted(reachable - read)}, "
        f"not reachable: {sorted(read - reachable)}); replace its list with:\n{listed}"
    )


def test_the_reachable_modules_include_those_the_stacks_import() -> None:
    reachable = reachable_cdk_modules()
    assert {"aws_cdk.aws_lambda", "aws_cdk.aws_connect", "aws_cdk.aws_iam"} <= reachable
    assert "aws_cdk.aws_quicksight" not in reachable
