"""`python -m flows import`: what the written module says, and how bad input is refused."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flows.cli import main

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:customer-lookup-dev"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:123456789012:instance/"
    "11111111-2222-4333-8444-555555555555/queue/66666666-7777-4888-8999-000000000000"
)


def _export() -> dict[str, Any]:
    """A small console-shaped export: invoke, check, greet, set queue, transfer, hang up."""
    return {
        "Version": "2019-10-30",
        "StartAction": "invoke",
        "Metadata": {
            "entryPointPosition": {"x": 15, "y": 20.5},
            "ActionMetadata": {
                "invoke": {"position": {"x": 100, "y": 50}},
                "check": {"position": {"x": 400, "y": 50}},
                "greet": {"position": {"x": 700, "y": 50}},
                "queue": {
                    "position": {"x": 1000, "y": 50},
                    "parameters": {"QueueId": {"displayName": "Priority Callers"}},
                },
                "transfer": {"position": {"x": 1300, "y": 50}},
                "hang-up": {"position": {"x": 1600, "y": 300}},
            },
            "name": "Inbound main",
        },
        "Actions": [
            {
                "Parameters": {},
                "Identifier": "hang-up",
                "Type": "DisconnectParticipant",
                "Transitions": {},
            },
            {
                "Parameters": {"LambdaFunctionARN": FUNCTION_ARN},
                "Identifier": "invoke",
                "Type": "InvokeLambdaFunction",
                "Transitions": {
                    "NextAction": "check",
                    "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Parameters": {"ComparisonValue": "$.External.tier"},
                "Identifier": "check",
                "Type": "Compare",
                "Transitions": {
                    "NextAction": "hang-up",
                    "Conditions": [
                        {
                            "NextAction": "greet",
                            "Condition": {"Operator": "Equals", "Operands": ["GOLD"]},
                        }
                    ],
                    "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingCondition"}],
                },
            },
            {
                "Parameters": {"Text": "Welcome back, gold member."},
                "Identifier": "greet",
                "Type": "MessageParticipant",
                "Transitions": {"NextAction": "queue"},
            },
            {
                "Parameters": {"QueueId": QUEUE_ARN},
                "Identifier": "queue",
                "Type": "UpdateContactTargetQueue",
                "Transitions": {
                    "NextAction": "transfer",
                    "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Parameters": {},
                "Identifier": "transfer",
                "Type": "TransferContactToQueue",
                "Transitions": {
                    "NextAction": "hang-up",
                    "Errors": [
                        {"NextAction": "hang-up", "ErrorType": "QueueAtCapacity"},
                        {"NextAction": "hang-up", "ErrorType": "NoMatchingError"},
                    ],
                },
            },
        ],
    }


def _write(tmp_path: Path, content: Any, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def _import(tmp_path: Path, content: Any, *options: str) -> tuple[str, ModuleType]:
    """Run the command with -o; the module's text and the module itself."""
    export = _write(tmp_path, content)
    output = tmp_path / "imported_flow.py"
    assert main(["import", str(export), "-o", str(output), *options]) == 0
    spec = importlib.util.spec_from_file_location(f"imported_{tmp_path.name}", output)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return output.read_text(encoding="utf-8"), module


def _action(content: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(a for a in content["Actions"] if a["Identifier"] == identifier)


def test_arns_become_named_constants_at_the_top(tmp_path: Path) -> None:
    _, module = _import(tmp_path, _export())
    assert module.FUNCTION_CUSTOMER_LOOKUP_DEV == FUNCTION_ARN
    assert module.QUEUE_PRIORITY_CALLERS == QUEUE_ARN


def test_blocks_name_the_constants_instead_of_repeating_the_arns(tmp_path: Path) -> None:
    text, _ = _import(tmp_path, _export())
    assert "lambda_function_arn=FUNCTION_CUSTOMER_LOOKUP_DEV" in text
    assert text.count(FUNCTION_ARN) == 1, "the ARN should be written once, in its constant"


def _statements(text: str) -> list[tuple[str, str]]:
    """(comment, block identifier) of each block statement of build_flow, in order."""
    body = text.split("def build_flow() -> Flow:", 1)[1]
    found = []
    for chunk in re.split(r"\n    # ", body)[1:]:
        comment, statement = chunk.split("\n", 1)
        identifier = re.search(r'(?:flow\.action|Action)\(\s*"([^"]+)"', statement)
        assert identifier is not None, f"no block in the statement under # {comment}"
        found.append((comment, identifier.group(1)))
    return found


def test_each_block_has_the_consoles_name_in_a_comment_above_it(tmp_path: Path) -> None:
    text, _ = _import(tmp_path, _export())
    comments = {identifier: comment for comment, identifier in _statements(text)}
    assert comments["invoke"] == "Invoke AWS Lambda function"
    assert comments["check"] == "Check contact attributes"
    assert comments["hang-up"] == "Disconnect / hang up"


def test_blocks_are_written_in_flow_order_from_the_start(tmp_path: Path) -> None:
    text, _ = _import(tmp_path, _export())
    order = [identifier for _, identifier in _statements(text)]
    assert order == ["invoke", "check", "greet", "queue", "transfer", "hang-up"]


def test_wiring_reads_as_the_builders_methods(tmp_path: Path) -> None:
    text, _ = _import(tmp_path, _export())
    assert '.when(equals("GOLD"), "greet")' in text
    assert '.otherwise("hang-up")' in text
    assert '.on_error("hang-up", "QueueAtCapacity")' in text


def test_build_flow_returns_the_flow_as_exported(tmp_path: Path) -> None:
    export = _export()
    _, module = _import(tmp_path, export)
    rebuilt = module.build_flow().to_dict()
    for identifier in ("invoke", "check", "greet", "queue", "transfer", "hang-up"):
        assert _action(rebuilt, identifier) == _action(export, identifier), identifier


def test_block_and_entry_positions_are_kept(tmp_path: Path) -> None:
    _, module = _import(tmp_path, _export())
    metadata = module.build_flow().to_dict()["Metadata"]
    assert metadata["entryPointPosition"] == {"x": 15, "y": 20.5}
    assert metadata["ActionMetadata"]["hang-up"]["position"] == {"x": 1600, "y": 300}


def test_the_consoles_other_metadata_is_kept(tmp_path: Path) -> None:
    _, module = _import(tmp_path, _export())
    metadata = module.build_flow().to_dict()["Metadata"]
    assert metadata["name"] == "Inbound main"
    shown = metadata["ActionMetadata"]["queue"]["parameters"]
    assert shown == {"QueueId": {"displayName": "Priority Callers"}}


def test_a_type_without_a_class_is_imported_as_a_generic_action(tmp_path: Path) -> None:
    export = _export()
    export["Actions"].append(
        {
            "Parameters": {"ViewResource": {"Id": "view-1"}, "Timeout": "30"},
            "Identifier": "future",
            "Type": "SomeBlockOfTomorrow",
            "Transitions": {"NextAction": "hang-up", "Errors": []},
        }
    )
    text, module = _import(tmp_path, export)
    assert re.search(r'RawParameters\.of\(\s*"SomeBlockOfTomorrow"', text), "no generic action"
    assert _action(module.build_flow().to_dict(), "future") == export["Actions"][-1]


def test_a_block_the_wiring_cannot_write_is_added_exactly(tmp_path: Path) -> None:
    export = _export()
    transfer = _action(export, "transfer")
    del transfer["Parameters"]  # as one console export in the corpus has it
    text, module = _import(tmp_path, export)
    assert "flow.add(" in text
    assert _action(module.build_flow().to_dict(), "transfer") == transfer


def test_a_flow_module_keeps_its_settings(tmp_path: Path) -> None:
    export = _export()
    export["Settings"] = {"InputParameters": [], "OutputParameters": [], "Transitions": []}
    _, module = _import(tmp_path, export)
    assert module.build_flow().to_dict()["Settings"] == export["Settings"]


def test_a_wrapped_describe_contact_flow_file_is_imported(tmp_path: Path) -> None:
    wrapped = {"ContactFlow": {"Name": "Inbound", "Content": json.dumps(_export())}}
    _, module = _import(tmp_path, wrapped)
    assert module.build_flow().to_dict()["StartAction"] == "invoke"


def test_function_option_names_the_function(tmp_path: Path) -> None:
    _, module = _import(tmp_path, _export(), "--function", "inbound_main")
    assert module.inbound_main().to_dict()["StartAction"] == "invoke"


def test_run_as_a_script_the_module_prints_the_flows_json(tmp_path: Path) -> None:
    export = _write(tmp_path, _export())
    output = tmp_path / "inbound.py"
    assert main(["import", str(export), "-o", str(output)]) == 0
    result = subprocess.run(
        [sys.executable, str(output)], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout)["StartAction"] == "invoke"


def test_without_output_option_the_module_goes_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(_write(tmp_path, _export()))]) == 0
    assert "def build_flow() -> Flow:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        ({"modules": [], "version": "1"}, "pre-2019 export format"),
        ({"Version": "2019-10-30", "StartAction": "a"}, "expected Actions"),
    ],
    ids=["not JSON", "pre-2019 format", "no Actions"],
)
def test_unreadable_input_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    assert main(["import", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert str(path) in error
    assert expected in error


def test_a_flow_the_builder_cannot_rebuild_is_refused_naming_the_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _export()
    _action(export, "greet")["Transitions"]["NextAction"] = "nowhere"
    assert main(["import", str(_write(tmp_path, export))]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert "cannot be rebuilt with the builder" in error
    assert "action 'greet'" in error
    assert "'nowhere'" in error


def test_another_version_of_the_language_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _export()
    export["Version"] = "2020-01-01"
    assert main(["import", str(_write(tmp_path, export))]) == 2
    assert "Version '2020-01-01'" in capsys.readouterr().err


def test_bad_function_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(_write(tmp_path, _export())), "--function", "2fast"]) == 2
    assert "--function '2fast' is not a Python name" in capsys.readouterr().err


def test_refused_import_leaves_the_existing_output_file_alone(tmp_path: Path) -> None:
    output = tmp_path / "inbound.py"
    output.write_text("# my edits\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == "# my edits\n"


def test_bad_input_through_the_real_command_line_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flows", "import", str(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("import: ")
    assert "Traceback" not in result.stderr
    assert "no such file; expected a flow file" in result.stderr


def test_the_summary_counts_one_block_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "one.json"
    hang_up = {"Parameters": {}, "Identifier": "bye", "Type": "DisconnectParticipant"}
    one = {
        "Version": "2019-10-30",
        "StartAction": "bye",
        "Actions": [hang_up | {"Transitions": {}}],
    }
    export.write_text(json.dumps(one), encoding="utf-8")
    assert main(["import", str(export)]) == 0
    assert capsys.readouterr().err == "import: 1 block (0 added as exported)\n"
