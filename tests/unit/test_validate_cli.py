"""`python -m flows validate`: the line format, JSON output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main

VALID_FLOW: dict[str, Any] = {
    "Version": "2019-10-30",
    "StartAction": "Greet",
    "Actions": [
        {
            "Identifier": "Greet",
            "Type": "MessageParticipant",
            "Parameters": {"Text": "Hello"},
            "Transitions": {"NextAction": "Bye"},
        },
        {"Identifier": "Bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ],
}


def _write(path: Path, content: Any) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    return _write(tmp_path / "valid.json", VALID_FLOW)


@pytest.fixture
def with_warning(tmp_path: Path) -> Path:
    flow = json.loads(json.dumps(VALID_FLOW))
    flow["Actions"][0]["Parameters"]["Text"] = "Hello $.Atributes.name"
    return _write(tmp_path / "warning.json", flow)


@pytest.fixture
def with_error(tmp_path: Path) -> Path:
    flow = json.loads(json.dumps(VALID_FLOW))
    flow["Actions"][0]["Transitions"]["Errors"] = [
        {"ErrorType": "NoMatchingError", "NextAction": "Nowhere"}
    ]
    return _write(tmp_path / "error.json", flow)


def test_a_file_without_a_type_is_noted_as_checked_as_an_inbound_flow_and_why(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(valid)]) == 0
    note, summary = capsys.readouterr().err.splitlines()
    assert note.startswith(
        f"validate: note: {valid}: no flow type declared (no wrapper Type, no Metadata.type); "
        "checked as CONTACT_FLOW: "
    )
    # Why: the types that allow a greeting and a hang-up, CONTACT_FLOW the least restrictive.
    assert "CONTACT_FLOW is the least restrictive" in note
    assert note.endswith("--flow-type or Metadata.type decides")
    assert summary.startswith("1 file checked")


@pytest.mark.parametrize("declared", ["metadata", "option"])
def test_a_declared_or_given_type_is_not_noted(
    tmp_path: Path, declared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = (
        {**VALID_FLOW, "Metadata": {"type": "contactFlow"}}
        if declared == "metadata"
        else VALID_FLOW
    )
    path = _write(tmp_path / "flow.json", flow)
    given = ["--flow-type", "CONTACT_FLOW"] if declared == "option" else []
    assert main(["validate", str(path), *given]) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if "note" in line] == []


def test_valid_file_prints_nothing_and_exits_0(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(valid)]) == 0
    assert capsys.readouterr().out == ""


def test_warnings_alone_exit_0(with_warning: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(with_warning)]) == 0
    assert " warning UNKNOWN_NAMESPACE: " in capsys.readouterr().out


def test_an_error_exits_1(with_error: Path) -> None:
    assert main(["validate", str(with_error)]) == 1


def test_finding_line_names_path_identifier_severity_and_code(
    with_error: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(with_error)])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"{with_error}: Greet: error UNKNOWN_TARGET: ")
    assert "'Nowhere'" in line


def test_flow_level_findings_use_dash_as_identifier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "old.json", {**VALID_FLOW, "Version": "2018-01-01"})
    main(["validate", str(path)])
    assert capsys.readouterr().out.startswith(f"{path}: -: error BAD_VERSION: ")


def test_every_path_is_checked_and_any_error_fails_the_run(
    valid: Path, with_warning: Path, with_error: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", str(valid), str(with_error), str(with_warning)])
    out = capsys.readouterr().out
    assert status == 1
    assert {line.split(": ")[0] for line in out.splitlines()} == {
        str(with_error),
        str(with_warning),
    }


def test_unreadable_and_truncated_files_are_findings_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truncated = tmp_path / "truncated.json"
    truncated.write_text(json.dumps(VALID_FLOW)[:60], encoding="utf-8")
    missing = tmp_path / "missing.json"
    status = main(["validate", str(truncated), str(missing)])
    captured = capsys.readouterr()
    assert status == 1
    assert f"{truncated}: -: error NOT_A_FLOW: " in captured.out
    assert f"{missing}: -: error FILE_UNREADABLE: " in captured.out
    assert "Traceback" not in captured.err


def test_summary_goes_to_stderr(with_error: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(with_error)])
    assert "1 file checked: 1 error, 0 warnings" in capsys.readouterr().err


def test_json_format_lists_one_object_per_finding(
    with_error: Path, with_warning: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", "--format", "json", str(with_error), str(with_warning)])
    records = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(r["path"], r["identifier"], r["severity"], r["code"]) for r in records] == [
        (str(with_error), "Greet", "error", "UNKNOWN_TARGET"),
        (str(with_warning), "Greet", "warning", "UNKNOWN_NAMESPACE"),
    ]
    assert all(set(r) == {"path", "identifier", "severity", "code", "message"} for r in records)


def test_json_format_of_a_clean_file_is_an_empty_list(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json", str(valid)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_help_documents_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    assert '"path", "identifier", "severity", "code", "message"' in capsys.readouterr().out


def test_module_entry_point_exits_with_the_status(with_error: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "flows", "validate", str(with_error)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "UNKNOWN_TARGET" in completed.stdout


# -- flow types ------------------------------------------------------------------------------


def test_flow_type_option_checks_files_as_that_type(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", "--flow-type", "CUSTOMER_HOLD", str(valid)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{valid}: Greet: error NOT_AVAILABLE_IN_FLOW_TYPE: " in out
    assert "CUSTOMER_HOLD" in out


def test_flow_type_option_is_matched_without_regard_to_case(valid: Path) -> None:
    assert main(["validate", "--flow-type", "customer_queue", str(valid)]) == 0


def test_a_bad_flow_type_exits_2_with_a_one_line_message(
    valid: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", "--flow-type", "INBOUND", str(valid)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "validate: --flow-type 'INBOUND' is not a flow type; expected one of CONTACT_FLOW, "
        "CUSTOMER_QUEUE, CUSTOMER_HOLD, CUSTOMER_WHISPER, AGENT_HOLD, AGENT_WHISPER, "
        "OUTBOUND_WHISPER, AGENT_TRANSFER, QUEUE_TRANSFER, CAMPAIGN"
    ]


def test_a_wrapped_flow_brings_its_own_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrapped = {"ContactFlow": {"Type": "CUSTOMER_HOLD", "Content": json.dumps(VALID_FLOW)}}
    hold = _write(tmp_path / "hold.json", wrapped)
    assert main(["validate", str(hold)]) == 1
    out = capsys.readouterr().out
    assert f"{hold}: Greet: error NOT_AVAILABLE_IN_FLOW_TYPE: " in out
    assert "CUSTOMER_HOLD flows" in out


def test_a_flow_type_option_differing_from_the_files_own_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrapped = {"ContactFlow": {"Type": "CUSTOMER_QUEUE", "Content": json.dumps(VALID_FLOW)}}
    queue = _write(tmp_path / "queue.json", wrapped)
    assert main(["validate", str(queue)]) == 0
    assert main(["validate", "--flow-type", "CONTACT_FLOW", str(queue)]) == 1
    assert f"{queue}: -: error FLOW_TYPE_MISMATCH: " in capsys.readouterr().out


def test_help_lists_the_flow_types(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    assert "OUTBOUND_WHISPER, AGENT_TRANSFER, QUEUE_TRANSFER, CAMPAIGN" in capsys.readouterr().out


def test_a_misspelt_action_type_fails_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = json.loads(json.dumps(VALID_FLOW))
    flow["Actions"][0]["Type"] = "MessageParticipent"
    path = _write(tmp_path / "typo.json", flow)
    assert main(["validate", str(path)]) == 1
    assert "error UNKNOWN_TYPE: " in capsys.readouterr().out
