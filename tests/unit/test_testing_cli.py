"""`python -m flows test FLOW CASE...`: a line per case and a summary, JSON, JUnit, the options
that set the caller, bind functions and find other flows, and one-line errors for bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.cli_contract import one_line
from tests.unit.simulator_flows import action, flow, say
from tests.unit.testing_language_json import (
    check,
    completed,
    content,
    end_test,
    message,
    mock_lambda,
    observation,
    press,
    started,
    write,
)

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:fortune"


def hello_flow() -> dict[str, Any]:
    return flow(say("hello", "Hello and welcome."))


def hello_case() -> dict[str, Any]:
    return content(observation("hello", message("Hello and welcome"), end_test()))


def goodbye_case() -> dict[str, Any]:
    return content(observation("bye", message("Goodbye"), end_test()))


def test_every_case_passing_prints_a_line_each_and_a_summary_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    first = write(tmp_path, hello_case(), "first.json")
    second = write(tmp_path, hello_case(), "second.json")
    assert main(["test", str(flow_file), str(first), str(second)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"PASSED  first  {first}",
        f"PASSED  second  {second}",
        "2 cases: 2 passed, 0 failed",
    ]


def test_one_case_is_counted_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    assert main(["test", str(flow_file), str(write(tmp_path, hello_case(), "one.json"))]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 case: 1 passed, 0 failed"


def test_a_failing_case_is_named_with_its_observation_and_reason_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    good = write(tmp_path, hello_case(), "good.json")
    bad = write(tmp_path, goodbye_case(), "bad.json")
    assert main(["test", str(flow_file), str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"PASSED  good  {good}"
    assert lines[1].startswith(
        f"FAILED  bad  {bad}: observation 'bye': expected MessageReceived \"Goodbye\" "
        "(Inclusion); it never happened"
    )
    assert lines[-1] == "2 cases: 1 passed, 1 failed"


def test_logged_values_are_printed_under_their_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logging = {
        "Identifier": "log",
        "Type": "TestControl",
        "Parameters": {
            "ActionType": "TestControl",
            "Command": {"Type": "LogData", "Properties": {"Expressions": {"channel": "$.Channel"}}},
        },
    }
    case = content(observation("hello", message("Hello"), logging, end_test()))
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    assert main(["test", str(flow_file), str(write(tmp_path, case, "logs.json"))]) == 0
    assert "    log: channel: VOICE" in capsys.readouterr().out.splitlines()


def test_forms_the_live_service_refused_are_warned_about_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = content(observation("hello", message("Hello"), end_test()), version="2025-06-21")
    path = write(tmp_path, case, "old.json")
    assert main(["test", str(write(tmp_path, hello_flow(), "flow.json")), str(path)]) == 0
    assert (
        f"test: {path}: warning: Version '2025-06-21': the live service accepted only 2019-10-30"
        in capsys.readouterr().err.splitlines()
    )


def test_json_prints_one_object_with_each_case_and_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    bad = write(tmp_path, goodbye_case(), "bad.json")
    assert main(["test", str(flow_file), str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == {"cases": 1, "passed": 0, "failed": 1}
    (case,) = report["cases"]
    assert (case["name"], case["file"], case["status"]) == ("bad", str(bad), "FAILED")
    assert case["failures"][0]["observation"] == "bye"
    assert case["events"] == [
        "TestInitiated",
        "FlowActionStarted MessageParticipant",
        'MessageReceived "Hello and welcome."',
        "FlowActionStarted DisconnectParticipant",
        "TestCompleted",
    ]


def test_junit_writes_a_report_with_a_testcase_per_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    good = write(tmp_path, hello_case(), "good.json")
    bad = write(tmp_path, goodbye_case(), "bad.json")
    report = tmp_path / "report.xml"
    assert main(["test", str(flow_file), str(good), str(bad), "--junit", str(report)]) == 1
    suite = ET.parse(report).getroot().find("testsuite")  # noqa: S314 - the command's own report
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failed == ["bad"]


def test_phone_replaces_every_cases_source_phone_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = content(
        observation(
            "hello",
            message("Hello"),
            check("caller", "$.CustomerEndpoint.Address", "Equals", "+442079460958"),
            end_test(),
        )
    )
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    args = ["test", str(flow_file), str(write(tmp_path, case)), "--phone", "+442079460958"]
    assert main(args) == 0


def test_lambda_binds_a_function_no_override_mocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file, handler = _fortune_flow_and_handler(tmp_path)
    case = content(observation("tell", message("Today is sunny"), end_test()))
    binding = f"fortune={handler}:handler"
    assert main(["test", str(flow_file), str(write(tmp_path, case)), "--lambda", binding]) == 0


def _fortune_flow_and_handler(tmp_path: Path) -> tuple[Path, Path]:
    handler = tmp_path / "fortune.py"
    handler.write_text("def handler(event, context):\n    return {'fortune': 'sunny'}\n")
    flow_content = flow(
        action(
            "ask",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": FUNCTION_ARN},
            "tell",
            {"NoMatchingError": "error"},
        ),
        say("tell", "Today is $.External.fortune."),
    )
    return write(tmp_path, flow_content, "flow.json"), handler


def test_a_binding_for_a_function_neither_the_flow_nor_a_case_calls_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file, handler = _fortune_flow_and_handler(tmp_path)
    case = write(tmp_path, content(observation("tell", message("Today is sunny"), end_test())))
    binding = f"fortune-prod={handler}:handler"
    assert main(["test", str(flow_file), str(case), "--lambda", binding]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err) == (
        f"test: --lambda {binding!r}: no flow calls a function named 'fortune-prod' "
        "(did you mean 'fortune'?); the functions called are fortune"
    )


def test_a_binding_for_the_function_a_case_substitutes_is_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file, handler = _fortune_flow_and_handler(tmp_path)
    substitute = mock_lambda("swap", {})
    behaviour = substitute["Parameters"]["Behavior"]["Properties"]
    behaviour["ActionParameters"] = {"LambdaFunctionARN": FUNCTION_ARN}
    behaviour["Strategy"] = {
        "Type": "SubstituteResource",
        "SubstituteArn": FUNCTION_ARN + "-canary",
    }
    case = content(
        observation("start", started(), substitute, then=("tell",)),
        observation("tell", message("Today is sunny"), end_test()),
    )
    binding = f"fortune-canary={handler}:handler"
    assert main(["test", str(flow_file), str(write(tmp_path, case)), "--lambda", binding]) == 0


def test_flow_dir_lets_transfer_to_flow_continue_in_another_flow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    other = {
        "Version": "2019-10-30",
        "StartAction": "there",
        "Actions": [
            say("there", "Now in the other flow.", "bye"),
            action("bye", "DisconnectParticipant"),
        ],
    }
    (flows / "next.json").write_text(json.dumps(other), encoding="utf-8")
    to_flow = action(
        "go",
        "TransferToFlow",
        {"ContactFlowId": "arn:aws:connect:us-east-1:1:instance/i/contact-flow/next"},
        errors={"NoMatchingError": "error"},
    )
    case = content(observation("there", message("Now in the other flow"), end_test()))
    flow_file = write(tmp_path, flow(to_flow), "flow.json")
    assert main(["test", str(flow_file), str(write(tmp_path, case)), "--flow-dir", str(flows)]) == 0


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--phone", "4155550100"], "test: --phone '4155550100': expected an E.164 number"),
        (["--lambda", "nonsense"], "test: --lambda 'nonsense': expected NAME=module:function"),
        (["--flow-dir", "/no/such/folder"], "test: --flow-dir '/no/such/folder': not a folder"),
        (["--junit", "/no/such/folder/r.xml"], "test: --junit '/no/such/folder/r.xml': the folder"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(
    extra: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    assert main(["test", str(flow_file), str(write(tmp_path, hello_case())), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(expected)
    assert captured.err.count("\n") == 1


def test_a_case_that_is_not_a_test_case_is_one_line_naming_it_and_nothing_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow_file = write(tmp_path, hello_flow(), "flow.json")
    good = write(tmp_path, hello_case(), "good.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"Version": "2019-10-30", "Observations": [', encoding="utf-8")
    assert main(["test", str(flow_file), str(good), str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"test: {broken}: ")
    assert captured.err.count("\n") == 1


def test_a_flow_that_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert main(["test", str(missing), str(write(tmp_path, hello_case()))]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"test: {missing}")
    assert err.count("\n") == 1


def test_a_menu_case_presses_keys_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    menu = action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 1 for sales."},
        errors={"InputTimeLimitExceeded": "other", "NoMatchingCondition": "other"},
        conditions=[("Equals", "1", "sales")],
    )
    case = content(
        observation("start", started(), then=("menu",)),
        observation("menu", message("Press 1 for sales"), press("press", 1), then=("done",)),
        observation("done", completed()),
    )
    flow_file = write(tmp_path, flow(menu, say("sales", "Sales.")), "flow.json")
    assert main(["test", str(flow_file), str(write(tmp_path, case))]) == 0
