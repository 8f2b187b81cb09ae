"""Packaging a Python function with its dependencies, without Docker.

CDK's usual Python packaging runs pip in a Docker image of the Lambda runtime. These machines
have no Docker engine, and none is needed: pip can fetch wheels for another platform
(``--platform manylinux2014_aarch64 --only-binary=:all:``). :class:`LocalPythonBundling` is the
``ILocalBundling`` CDK calls before it would start Docker; it always bundles, so the Docker
fallback is never reached. The installed dependencies are cached under ``.build/``,
keyed by the requirements' hash and the target platform, so repeated synths only copy files.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
from aws_cdk import aws_lambda as lambda_

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = REPO_ROOT / ".build" / "python-deps"
# Never copied into the function's asset: byte code of the build machine, local tool state.
_IGNORED = ("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache", ".ruff_cache", "tests")
_PIP_PLATFORMS = {
    lambda_.Architecture.ARM_64.name: "manylinux2014_aarch64",
    lambda_.Architecture.X86_64.name: "manylinux2014_x86_64",
}


class BundlingError(RuntimeError):
    """Packaging failed; the message says what to fix."""


@dataclass(frozen=True)
class PipTarget:
    """What pip installs for: the runtime's Python version on the function's architecture."""

    python_version: str  # "3.14"
    platform: str  # "manylinux2014_aarch64"

    @classmethod
    def of(cls, runtime: lambda_.Runtime, architecture: lambda_.Architecture) -> PipTarget:
        version = runtime.name.removeprefix("python")
        return cls(python_version=version, platform=_PIP_PLATFORMS[architecture.name])


@jsii.implements(cdk.ILocalBundling)
class LocalPythonBundling:
    """Fills the asset with the code root and the already installed requirements."""

    def __init__(self, *, code_root: Path, dependencies: Path | None) -> None:
        self._code_root = code_root
        self._dependencies = dependencies

    def try_bundle(self, output_dir: str, *, image: cdk.DockerImage, **_: Any) -> bool:
        """Called by CDK before Docker; returning False would start Docker, so never do."""
        output = Path(output_dir)
        shutil.copytree(
            self._code_root,
            output,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(*_IGNORED, "requirements*.txt"),
        )
        if self._dependencies is not None:
            shutil.copytree(self._dependencies, output, dirs_exist_ok=True)
        return True


def installed_requirements(requirements: Path, target: PipTarget, cache_dir: Path) -> Path:
    """The requirements installed for the target: from the cache, or installed now.

    Done in Python before CDK bundles (not inside the jsii callback) so that a failure is a
    plain :class:`BundlingError` the app reports in one line.
    """
    key = hashlib.sha256(
        requirements.read_bytes() + f"|{target.python_version}|{target.platform}".encode()
    ).hexdigest()[:16]
    cached = cache_dir / key
    if cached.is_dir():
        return cached
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Install into a temporary sibling, then rename: an interrupted install never leaves a
    # half-filled directory that later synths would trust.
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=f".{key}-") as work:
        _pip_install(requirements, Path(work) / "site", target)
        try:
            (Path(work) / "site").rename(cached)
        except OSError:
            if not cached.is_dir():  # not merely another synth that finished first
                raise
    return cached


def _pip_install(requirements: Path, target_dir: Path, target: PipTarget) -> None:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--requirement",
        str(requirements),
        "--target",
        str(target_dir),
        "--platform",
        target.platform,
        "--only-binary=:all:",
        "--python-version",
        target.python_version,
        "--implementation",
        "cp",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BundlingError(f"could not run pip for {requirements}: {error}") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BundlingError(
            f"pip could not install {requirements} for Python {target.python_version} on "
            f"{target.platform} (wheels only, no Docker): {last}"
        )


def python_function_code(
    *,
    code_root: Path,
    runtime: lambda_.Runtime,
    architecture: lambda_.Architecture,
) -> lambda_.Code:
    """The function's asset: its code root plus its requirements, bundled locally."""
    if not code_root.is_dir():
        raise BundlingError(f"function code root {code_root} does not exist")
    requirements = code_root / "requirements.txt"
    dependencies = (
        installed_requirements(requirements, PipTarget.of(runtime, architecture), CACHE_DIR)
        if requirements.is_file()
        else None
    )
    bundling = LocalPythonBundling(code_root=code_root, dependencies=dependencies)
    return lambda_.Code.from_asset(
        str(code_root),
        # The options require an image; it is never pulled because local bundling never declines.
        bundling=cdk.BundlingOptions(
            image=cdk.DockerImage.from_registry("local-bundling-only"), local=bundling
        ),
        exclude=list(_IGNORED),
    )
