"""flows/generated/ is what `python -m flows generate` writes, and --check says when it is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from flows.customer_lookup import build_customer_lookup_flow, sandbox_settings
from flows.generate import GENERATED_DIR, generated_files
from flows.model import parse_flow


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return generated_files()


def test_committed_generated_files_are_not_stale(files: dict[str, str]) -> None:
    for name, text in files.items():
        path = GENERATED_DIR / name
        assert path.is_file(), f"{path} is missing: run `make flows` and commit it"
        assert path.read_bytes().decode("utf-8") == text, f"{path} is stale: run `make flows`"


def test_the_json_is_the_sandbox_flow(files: dict[str, str]) -> None:
    content = json.loads(files["customer_lookup.json"])
    assert parse_flow(content) == build_customer_lookup_flow(sandbox_settings())


def test_the_json_is_pretty_printed_with_a_trailing_newline(files: dict[str, str]) -> None:
    text = files["customer_lookup.json"]
    assert text.endswith("}\n")
    assert text.splitlines()[1].startswith('  "Version"')


def test_the_svg_is_a_picture_of_the_flow(files: dict[str, str]) -> None:
    svg = files["customer_lookup.svg"]
    assert svg.lstrip().startswith(("<svg", "<?xml"))
    assert "Look up caller" in svg


def test_generate_writes_files_that_check_then_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(generated_files())
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_fails_naming_the_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["generate", "--out", str(tmp_path)])
    stale = tmp_path / "customer_lookup.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Lupe", "Conchita"))
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "customer_lookup.json is stale" in err
    assert "customer_lookup.svg" not in err


def test_check_fails_naming_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 1
    assert "customer_lookup.svg is stale" in capsys.readouterr().err


def test_an_unwritable_directory_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["generate", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("generate: cannot write to")
    assert err.count("\n") == 1
