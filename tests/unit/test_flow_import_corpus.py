"""`python -m flows import` over every real flow in ../shared/flows-corpus: exact and lint-clean.

For each file (console exports, the wrapped flow, flow modules, flows with placeholder ARNs and
the hand-written NEGATIVE file) the generated module is imported and its function called; the
rebuilt flow must have the source's Version, StartAction, Settings, Actions (Type, Parameters,
Transitions, with the order of Errors free) and block positions. The modules must pass the
project's `ruff check` and `ruff format --check` as written, so that users can commit them.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flows.adopt.import_module import module_text
from flows.adopt.import_plan import plan_import
from flows.model.document import load_flow_document

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT.parent / "shared" / "flows-corpus"
CORPUS_ABSENT = "the flows corpus (../shared/flows-corpus) is absent"


def _corpus_files() -> list[str]:
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        return sorted(row["file"] for row in csv.DictReader(handle, delimiter="\t"))


FILES = _corpus_files()


@pytest.fixture(scope="module", autouse=True)
def _corpus_present() -> None:
    if not FILES:
        pytest.skip(CORPUS_ABSENT)


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Corpus file name -> the module imported from it, written to a temporary folder."""
    folder = tmp_path_factory.mktemp("imported")
    written = {}
    for index, name in enumerate(FILES):
        path = folder / f"imported_flow_{index}.py"
        path.write_text(module_text(plan_import(load_flow_document(CORPUS / name))), "utf-8")
        written[name] = path
    return written


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"imported_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rebuilt(path: Path) -> dict[str, Any]:
    flow = _load(path).build_flow()
    content: dict[str, Any] = flow.to_dict()
    return content


def _actions(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Actions by Identifier; Errors sorted, since their order carries no meaning."""
    by_id = {}
    for original in content["Actions"]:
        action = json.loads(json.dumps(original))
        errors = action.get("Transitions", {}).get("Errors")
        if isinstance(errors, list):
            errors.sort(key=lambda error: json.dumps(error, sort_keys=True))
        by_id[action["Identifier"]] = action
    return by_id


def _positions(content: dict[str, Any]) -> dict[str, Any]:
    metadata = content.get("Metadata", {})
    found = {"entry point": metadata.get("entryPointPosition")}
    for identifier, entry in metadata.get("ActionMetadata", {}).items():
        if identifier in {a["Identifier"] for a in content["Actions"]}:
            found[identifier] = entry.get("position")
    return found


@pytest.mark.parametrize("name", FILES or ["<corpus absent>"])
def test_rebuilt_flow_has_the_exports_version_start_and_settings(
    name: str, modules: dict[str, Path]
) -> None:
    source = load_flow_document(CORPUS / name).content
    rebuilt = _rebuilt(modules[name])
    for key in ("Version", "StartAction", "Settings"):
        assert rebuilt.get(key) == source.get(key), f"{key} differs after import of {name}"


@pytest.mark.parametrize("name", FILES or ["<corpus absent>"])
def test_rebuilt_flow_has_the_exports_actions(name: str, modules: dict[str, Path]) -> None:
    source = _actions(load_flow_document(CORPUS / name).content)
    rebuilt = _actions(_rebuilt(modules[name]))
    assert sorted(rebuilt) == sorted(source), "the rebuilt flow has other blocks"
    for identifier, action in source.items():
        assert rebuilt[identifier] == action, f"block {identifier} differs after import of {name}"


@pytest.mark.parametrize("name", FILES or ["<corpus absent>"])
def test_rebuilt_flow_keeps_every_block_position(name: str, modules: dict[str, Path]) -> None:
    source = _positions(load_flow_document(CORPUS / name).content)
    rebuilt = _positions(_rebuilt(modules[name]))
    moved = {k: (v, rebuilt.get(k)) for k, v in source.items() if rebuilt.get(k) != v}
    assert moved == {}, f"positions changed (export, rebuilt) in {name}"


@pytest.mark.parametrize("name", FILES or ["<corpus absent>"])
def test_rebuilt_flow_keeps_the_consoles_other_metadata(
    name: str, modules: dict[str, Path]
) -> None:
    def without_friendly_marks(content: dict[str, Any]) -> dict[str, Any]:
        metadata = json.loads(json.dumps(content.get("Metadata", {})))
        for entry in metadata.get("ActionMetadata", {}).values():
            entry.pop("isFriendlyName", None)  # the builder marks readable identifiers itself
        return metadata

    source = without_friendly_marks(load_flow_document(CORPUS / name).content)
    assert without_friendly_marks(_rebuilt(modules[name])) == source


def test_imported_modules_pass_ruff_check(modules: dict[str, Path]) -> None:
    folder = next(iter(modules.values())).parent
    result = _ruff("check", "--output-format", "concise", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr


def test_imported_modules_are_formatted_as_ruff_formats_them(modules: dict[str, Path]) -> None:
    folder = next(iter(modules.values())).parent
    result = _ruff("format", "--check", "--diff", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr


def test_negative_file_is_imported_faithfully_with_its_invalid_types(
    modules: dict[str, Path],
) -> None:
    negative = next(name for name in FILES if name.startswith("636137__"))
    types = {a["Identifier"]: a["Type"] for a in _rebuilt(modules[negative])["Actions"]}
    assert types["start"] == "Start"
    assert types["check-action"] == "CheckAttribute"
    assert types["transfer-queue"] == "TransferToQueue"


def test_validator_judges_the_rebuilt_negative_flow_as_it_judges_the_export(
    modules: dict[str, Path],
) -> None:
    from flows.validator import validate_content

    negative = next(name for name in FILES if name.startswith("636137__"))
    source = load_flow_document(CORPUS / negative).content

    def findings(content: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((f.identifier, f.code) for f in validate_content(content))

    assert findings(_rebuilt(modules[negative])) == findings(source)


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    config = str(REPO_ROOT / "pyproject.toml")
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args[:1], "--config", config, *args[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
