"""`python -m flows` keeps the command-line contract of :mod:`flows.command_line`: the wrapper
that turns a bug into one line, the usage errors, and the shared readers and hints.

The careless inputs every verb is run against are in tests/integration/test_careless_input.py;
these are the pieces beneath them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import main
from flows.command_line import (
    EXIT_UNEXPECTED,
    TextFileError,
    counted,
    did_you_mean,
    read_text_file,
)
from tests.cli_contract import one_line, usage_error


def test_a_mistyped_command_is_the_usage_and_one_line_with_a_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulte", "flow.json"]) == 2
    line = usage_error(capsys.readouterr().err, "python -m flows")
    assert "'simulte' is not a command (did you mean 'simulate'?); expected one of" in line


def test_an_unknown_option_is_reported_with_the_commands_own_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "x.json", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m flows validate ")
    line = usage_error(err, "python -m flows validate")
    assert line == "python -m flows validate: error: unrecognized arguments: --bogus (see --help)"


def test_debug_may_come_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--debug", "validate", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: python -m flows validate")


def _broken_run(args: object) -> int:
    raise KeyError("the bug's own words")


def test_a_bug_in_a_command_is_one_line_naming_the_file_that_holds_the_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("flows.validator.cli.run", _broken_run)
    assert main(["validate", str(tmp_path / "x.json")]) == EXIT_UNEXPECTED
    line = one_line(capsys.readouterr().err)
    prefix = (
        'python -m flows: unexpected error: KeyError: "the bug\'s own words"; the full trace is in '
    )
    assert line.startswith(prefix), line
    trace = Path(line.removeprefix(prefix))
    try:
        assert "in _broken_run" in trace.read_text(encoding="utf-8")
    finally:
        trace.unlink()
    assert trace.name.startswith("flows-")


def test_with_debug_a_bug_prints_its_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("flows.validator.cli.run", _broken_run)
    assert main(["validate", str(tmp_path / "x.json"), "--debug"]) == EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("python -m flows: unexpected error: KeyError")


# --- the shared pieces -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("\ufeffhello".encode("utf-16"), "UTF-16 text; save the file as UTF-8"),
        ("hello".encode("utf-32"), "UTF-32 text; save the file as UTF-8"),
        (b"\x89PNG\r\n", "not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8"),
    ],
)
def test_text_that_is_not_utf8_is_named_with_what_to_do(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(data)
    with pytest.raises(TextFileError) as refused:
        read_text_file(path)
    assert str(refused.value) == f"{path}: {problem}"


def test_a_utf8_byte_order_mark_is_accepted_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_text_file(path) == "{}"


def test_a_missing_file_and_a_folder_say_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(TextFileError, match=r"x\.json: no such file; expected a flow file$"):
        read_text_file(tmp_path / "x.json", expected="a flow file")
    with pytest.raises(TextFileError, match=r": is a directory; expected a flow file$"):
        read_text_file(tmp_path, expected="a flow file")


def test_a_hint_names_the_closest_known_value_or_nothing() -> None:
    assert did_you_mean("Priorty", ["General", "Priority"]) == " (did you mean 'Priority'?)"
    assert did_you_mean("general", ["General", "Priority"]) == " (did you mean 'General'?)"
    assert did_you_mean("zzz", ["General", "Priority"]) == ""


@pytest.mark.parametrize(("count", "shown"), [(0, "0 blocks"), (1, "1 block"), (2, "2 blocks")])
def test_a_count_agrees_with_its_noun(count: int, shown: str) -> None:
    assert counted(count, "block") == shown
