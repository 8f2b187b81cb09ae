"""`python -m flows simulate` and `python -m flows coverage` on small hand-written flows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.cli_contract import one_line

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:stand-in"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/queue/00000000-0000-4000-8000-0000000000aa"
)

STAND_IN = """
def handler(event, context):
    print("a log line the function writes")
    status = event["Details"]["Parameters"].get("mode", "FOUND")
    return {"lookupStatus": status, "firstName": "Ana"}
"""


def flow_content() -> dict[str, Any]:
    """Look up the caller, greet, menu, transfer; errors apologise and hang up."""

    def act(identifier: str, type_: str, parameters: dict[str, Any], **transitions: Any) -> Any:
        return {
            "Identifier": identifier,
            "Type": type_,
            "Parameters": parameters,
            "Transitions": transitions,
        }

    sorry = [{"ErrorType": "NoMatchingError", "NextAction": "sorry"}]
    return {
        "Version": "2019-10-30",
        "StartAction": "lookup",
        "Actions": [
            act(
                "lookup",
                "InvokeLambdaFunction",
                {
                    "LambdaFunctionARN": FUNCTION_ARN,
                    "InvocationTimeLimitSeconds": "3",
                    "LambdaInvocationAttributes": {"phoneNumber": "$.CustomerEndpoint.Address"},
                    "ResponseValidation": {"ResponseType": "STRING_MAP"},
                },
                NextAction="greet",
                Errors=sorry,
            ),
            act(
                "greet",
                "MessageParticipant",
                {"Text": "Hello $.External.firstName ($.Attributes.tier)"},
                NextAction="hours",
            ),
            act(
                "hours",
                "CheckHoursOfOperation",
                {},
                Conditions=[
                    {
                        "NextAction": "menu",
                        "Condition": {"Operator": "Equals", "Operands": ["True"]},
                    },
                    {
                        "NextAction": "sorry",
                        "Condition": {"Operator": "Equals", "Operands": ["False"]},
                    },
                ],
                Errors=sorry,
            ),
            act(
                "menu",
                "GetParticipantInput",
                {"Text": "Press 1 for sales", "StoreInput": "False"},
                Conditions=[
                    {"NextAction": "queue", "Condition": {"Operator": "Equals", "Operands": ["1"]}}
                ],
                Errors=[
                    {"ErrorType": "InputTimeLimitExceeded", "NextAction": "sorry"},
                    {"ErrorType": "NoMatchingCondition", "NextAction": "sorry"},
                ],
            ),
            act(
                "queue",
                "UpdateContactTargetQueue",
                {"QueueId": QUEUE_ARN},
                NextAction="transfer",
                Errors=sorry,
            ),
            act(
                "transfer",
                "TransferContactToQueue",
                {},
                Errors=[
                    {"ErrorType": "QueueAtCapacity", "NextAction": "sorry"},
                    {"ErrorType": "NoMatchingError", "NextAction": "sorry"},
                ],
            ),
            act("sorry", "MessageParticipant", {"Text": "Sorry"}, NextAction="bye"),
            act("bye", "DisconnectParticipant", {}),
        ],
    }


@pytest.fixture
def flow_file(tmp_path: Path) -> Path:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow_content()), encoding="utf-8")
    return path


@pytest.fixture
def stand_in(tmp_path: Path) -> str:
    path = tmp_path / "standin" / "stand_in.py"
    path.parent.mkdir()
    path.write_text(STAND_IN, encoding="utf-8")
    return f"stand-in={path}:handler"


def simulate_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["simulate", *argv, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_the_transcript_names_blocks_as_the_console_does(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["simulate", str(flow_file), "--lambda", stand_in, "--input", "1"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Invoke AWS Lambda function [lookup]" in out
    assert "Get customer input [menu]" in out
    assert 'caller hears (Joanna): "Hello Ana ()"' in out
    assert "Ended: TRANSFERRED_TO_QUEUE" in out


def test_json_output_has_path_ended_attributes_prompts_queue_and_invocations(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(
        capsys, str(flow_file), "--lambda", stand_in, "--input", "1", "--attribute", "tier=gold"
    )
    assert result["path"] == ["lookup", "greet", "hours", "menu", "queue", "transfer"]
    assert result["ended"] == "TRANSFERRED_TO_QUEUE"
    assert result["attributes"] == {"tier": "gold"}
    assert result["prompts"] == ["Hello Ana (gold)", "Press 1 for sales"]
    assert result["queue"] == "00000000-0000-4000-8000-0000000000aa"
    invocation = result["invocations"][0]
    assert invocation["function"] == "stand-in"
    assert invocation["parameters"] == {"phoneNumber": "+14155550100"}
    assert invocation["outcome"] == "SUCCESS"
    assert invocation["duration_ms"] >= 0
    assert invocation["response"] == {"lookupStatus": "FOUND", "firstName": "Ana"}


def test_the_functions_log_lines_stay_out_of_the_json(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(flow_file), "--lambda", stand_in, "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout is one JSON document
    assert "a log line the function writes" in captured.err


def test_param_adds_a_parameter_to_every_function_call(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--lambda", stand_in, "--param", "mode=X")
    assert result["invocations"][0]["response"]["lookupStatus"] == "X"


def test_phone_and_channel_reach_the_function(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(
        capsys,
        str(flow_file),
        "--lambda",
        stand_in,
        "--phone",
        "+442079460958",
        "--channel",
        "CHAT",
    )
    assert result["invocations"][0]["parameters"]["phoneNumber"] == "+442079460958"
    assert result["channel"] == "CHAT"


def test_a_module_function_can_be_bound(
    flow_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "standin_module.py").write_text(STAND_IN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    result = simulate_json(capsys, str(flow_file), "--lambda", "stand-in=standin_module:handler")
    assert result["invocations"][0]["outcome"] == "SUCCESS"


def test_an_unbound_function_takes_the_error_branch(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file))
    assert result["path"][:2] == ["lookup", "sorry"]
    assert result["invocations"][0]["outcome"] == "NOT_BOUND"
    assert result["ended"] == "DISCONNECTED"


def test_closed_hours_and_a_full_queue_are_scripted(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = simulate_json(capsys, str(flow_file), "--lambda", stand_in, "--closed")
    assert closed["path"][-2:] == ["sorry", "bye"]
    full = simulate_json(
        capsys,
        str(flow_file),
        "--lambda",
        stand_in,
        "--input",
        "1",
        "--queue-full",
        "00000000-0000-4000-8000-0000000000aa",
    )
    assert full["transitions"][5]["label"] == "QueueAtCapacity"


def test_fail_makes_a_block_take_its_error_branch(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(
        capsys, str(flow_file), "--lambda", stand_in, "--input", "1", "--fail", "queue"
    )
    assert result["path"][-3:] == ["queue", "sorry", "bye"]


def test_a_binding_for_a_function_the_flow_never_calls_is_refused_before_it_loads(
    flow_file: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = stand_in.partition("=")[2]
    assert main(["simulate", str(flow_file), "--lambda", f"stand-inn={target}"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"simulate: --lambda 'stand-inn={target}': no flow calls a function named 'stand-inn' "
        "(did you mean 'stand-in'?); the functions called are stand-in"
    )
    # Refused for its name even when its target could not load: the name is the mistake.
    assert main(["simulate", str(flow_file), "--lambda", "prod=fake.py:handler"]) == 2
    assert "no flow calls a function named 'prod'" in capsys.readouterr().err


def test_a_flow_that_names_its_function_by_reference_may_bind_any_name(
    tmp_path: Path, stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = flow_content()
    invoke = next(a for a in content["Actions"] if a["Type"] == "InvokeLambdaFunction")
    invoke["Parameters"]["LambdaFunctionARN"] = "$.Attributes.lookupFunction"
    path = tmp_path / "dynamic.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    target = stand_in.partition("=")[2]
    assert main(["simulate", str(path), "--lambda", f"any-name={target}", "--json"]) in (0, 1)
    assert "no flow calls" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lambda", "nonsense"], "expected NAME=module:function"),
        (["--lambda", "stand-in=no_such_module_here:handler"], "cannot import module"),
        (["--lambda", "stand-in=/no/such/file.py:handler"], "no such file"),
        (["--attribute", "novalue"], "expected KEY=VALUE"),
        (["--fail", "not-an-action"], "no block has that Identifier"),
        (["--flow-dir", "/no/such/folder"], "not a folder"),
        (["--function-timeout", "nan"], "--function-timeout nan: expected seconds above 0"),
        (["--function-timeout", "inf"], "--function-timeout inf: expected seconds above 0"),
    ],
)
def test_bad_options_get_one_clear_line_and_status_2(
    flow_file: Path, argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(flow_file), *argv]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_an_unreadable_flow_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"Version": "2019-10-30", "Actions": [', encoding="utf-8")
    assert main(["simulate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err
    assert len(err.strip().splitlines()) == 1


def test_a_flow_without_a_valid_start_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = flow_content()
    content["StartAction"] = "missing"
    path = tmp_path / "nostart.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    assert main(["simulate", str(path)]) == 2
    assert "StartAction 'missing'" in capsys.readouterr().err


def test_a_run_the_simulator_had_to_stop_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = flow_content()
    content["Actions"][0]["Type"] = "InvokeExternalResource"
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    assert main(["simulate", str(path)]) == 1
    assert "Ended: STOPPED" in capsys.readouterr().out


# --- coverage ---


def record_runs(
    flow_file: Path,
    stand_in: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *runs: list[str],
) -> list[str]:
    paths = []
    for number, extra in enumerate(runs):
        assert main(["simulate", str(flow_file), "--lambda", stand_in, "--json", *extra]) == 0
        path = tmp_path / f"run{number}.json"
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_coverage_reports_the_transitions_not_taken(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"], ["--closed"])
    assert main(["coverage", str(flow_file), *runs, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    missed = {(m["action"], m["label"]) for m in report["missed"]}
    assert ("menu", "InputTimeLimitExceeded") in missed
    assert ("lookup", "NoMatchingError") in missed
    assert ("hours", "Equals True") not in missed
    assert ("hours", "Equals False") not in missed
    assert report["matching_runs"] == 2


def test_coverage_reads_several_runs_from_one_stream(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"], ["--closed"])
    joined = tmp_path / "all.json"
    joined.write_text("".join(Path(r).read_text(encoding="utf-8") for r in runs), encoding="utf-8")
    assert main(["coverage", str(flow_file), str(joined), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == 2


def test_one_run_is_counted_in_the_singular(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"])
    assert main(["coverage", str(flow_file), *runs]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(" over 1 of 1 run"), first


@pytest.mark.parametrize("percent", ["-1", "101", "nan"])
def test_a_fail_under_that_is_not_a_percentage_is_refused(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], percent: str
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"])
    assert main(["coverage", str(flow_file), *runs, "--fail-under", percent]) == 2
    assert capsys.readouterr().err.startswith(
        f"coverage: --fail-under {percent}: expected a percentage from 0 to 100"
    )


def test_coverage_below_fail_under_exits_1(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"])
    assert main(["coverage", str(flow_file), *runs, "--fail-under", "100"]) == 1
    out = capsys.readouterr().out
    assert "not taken:" in out
    assert "Get customer input [menu] --InputTimeLimitExceeded--> sorry" in out


def test_runs_of_another_flow_do_not_count(
    flow_file: Path, stand_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = record_runs(flow_file, stand_in, tmp_path, capsys, ["--input", "1"])
    changed = flow_content()
    changed["Actions"][1]["Parameters"]["Text"] = "Hi"
    other = tmp_path / "changed.json"
    other.write_text(json.dumps(changed), encoding="utf-8")
    assert main(["coverage", str(other), *runs]) == 0
    out = capsys.readouterr().out
    assert "0 of" in out.splitlines()[0]
    assert "none of the runs went through this flow" in out


def test_coverage_of_a_file_that_is_not_runs_gets_one_clear_line(
    flow_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("not json", encoding="utf-8")
    assert main(["coverage", str(flow_file), str(junk)]) == 2
    err = capsys.readouterr().err
    assert "junk.json" in err
    assert len(err.strip().splitlines()) == 1
