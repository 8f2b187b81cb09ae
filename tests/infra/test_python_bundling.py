"""Docker-free packaging of the function: runtime choice, local bundling, the pip cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

from stacks import python_bundling
from stacks.lookup_stack import FUNCTION_RUNTIME
from stacks.python_bundling import (
    BundlingError,
    LocalPythonBundling,
    PipTarget,
    installed_requirements,
)

pytestmark = pytest.mark.infra

TARGET = PipTarget(python_version="3.14", platform="manylinux2014_aarch64")


def fake_pip(calls: list[Path]) -> Callable[[Path, Path, PipTarget], None]:
    def install(requirements: Path, target_dir: Path, target: PipTarget) -> None:
        calls.append(requirements)
        (target_dir / "somepackage").mkdir(parents=True)
        (target_dir / "somepackage" / "__init__.py").write_text("")

    return install


def test_dependencies_are_fetched_for_the_functions_python_3_14_on_arm64() -> None:
    target = PipTarget.of(FUNCTION_RUNTIME, lambda_.Architecture.ARM_64)
    assert target == PipTarget(python_version="3.14", platform="manylinux2014_aarch64")


def test_pip_target_follows_the_runtime_and_the_architecture() -> None:
    target = PipTarget.of(lambda_.Runtime.PYTHON_3_12, lambda_.Architecture.X86_64)
    assert target == PipTarget(python_version="3.12", platform="manylinux2014_x86_64")


def test_local_bundling_copies_code_and_dependencies_and_never_declines(tmp_path: Path) -> None:
    code_root = tmp_path / "code"
    (code_root / "pkg" / "__pycache__").mkdir(parents=True)
    (code_root / "handler.py").write_text("def handler(event, context): ...\n")
    (code_root / "pkg" / "__init__.py").write_text("")
    (code_root / "pkg" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    (code_root / "requirements.txt").write_text("somepackage\n")
    dependencies = tmp_path / "deps"
    (dependencies / "somepackage").mkdir(parents=True)
    (dependencies / "somepackage" / "__init__.py").write_text("")
    output = tmp_path / "out"
    output.mkdir()

    bundled = LocalPythonBundling(code_root=code_root, dependencies=dependencies).try_bundle(
        str(output), image=cdk.DockerImage.from_registry("unused")
    )

    # True means CDK never falls back to Docker.
    assert bundled is True
    files = {path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()}
    assert files == {"handler.py", "pkg/__init__.py", "somepackage/__init__.py"}


def test_installed_requirements_are_cached_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(python_bundling, "_pip_install", fake_pip(calls))
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("somepackage==1.0\n")
    cache = tmp_path / "cache"

    first = installed_requirements(requirements, TARGET, cache)
    again = installed_requirements(requirements, TARGET, cache)
    requirements.write_text("somepackage==2.0\n")
    changed = installed_requirements(requirements, TARGET, cache)

    assert first == again != changed
    assert len(calls) == 2
    assert (first / "somepackage" / "__init__.py").is_file()


def test_the_cache_key_includes_the_target_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(python_bundling, "_pip_install", fake_pip([]))
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("somepackage==1.0\n")
    x86 = PipTarget(python_version="3.14", platform="manylinux2014_x86_64")
    assert installed_requirements(requirements, TARGET, tmp_path) != installed_requirements(
        requirements, x86, tmp_path
    )


def test_a_failed_install_is_one_clear_error_and_caches_nothing(tmp_path: Path) -> None:
    # pip rejects this line itself, before looking at any package index.
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("this is not a requirement !!!\n")
    cache = tmp_path / "cache"

    with pytest.raises(BundlingError) as raised:
        installed_requirements(requirements, TARGET, cache)

    message = str(raised.value)
    assert "\n" not in message
    assert str(requirements) in message
    assert "manylinux2014_aarch64" in message
    assert list(cache.iterdir()) == []
