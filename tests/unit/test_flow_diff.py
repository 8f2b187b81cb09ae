"""`python -m flows diff OLD NEW`: behaviour changes reported block by block, layout ignored."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main

SVG = "{http://www.w3.org/2000/svg}"


def _flow() -> dict[str, Any]:
    """Log, invoke, check the tier, greet gold callers, transfer; errors hang up."""
    return {
        "Version": "2019-10-30",
        "StartAction": "log",
        "Metadata": {
            "entryPointPosition": {"x": 20, "y": 20},
            "ActionMetadata": {
                "log": {"position": {"x": 100, "y": 20}},
                "invoke": {"position": {"x": 400, "y": 20}},
                "check": {"position": {"x": 700, "y": 20}},
                "greet-gold": {"position": {"x": 1000, "y": 20}},
                "greet": {"position": {"x": 1000, "y": 300}},
                "transfer": {"position": {"x": 1300, "y": 20}},
                "hang-up": {"position": {"x": 1600, "y": 300}},
            },
        },
        "Actions": [
            {
                "Parameters": {"FlowLoggingBehavior": "Enabled"},
                "Identifier": "log",
                "Type": "UpdateFlowLoggingBehavior",
                "Transitions": {"NextAction": "invoke"},
            },
            {
                "Parameters": {"LambdaFunctionARN": "arn:aws:lambda:us-east-1:1:function:f"},
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
                    "NextAction": "greet",
                    "Conditions": [
                        {
                            "NextAction": "greet-gold",
                            "Condition": {"Operator": "Equals", "Operands": ["GOLD"]},
                        },
                        {
                            "NextAction": "greet",
                            "Condition": {"Operator": "Equals", "Operands": ["SILVER"]},
                        },
                    ],
                    "Errors": [{"NextAction": "greet", "ErrorType": "NoMatchingCondition"}],
                },
            },
            {
                "Parameters": {"Text": "Welcome back, gold member."},
                "Identifier": "greet-gold",
                "Type": "MessageParticipant",
                "Transitions": {
                    "NextAction": "transfer",
                    "Errors": [{"NextAction": "transfer", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Parameters": {"Text": "Welcome."},
                "Identifier": "greet",
                "Type": "MessageParticipant",
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
            {
                "Parameters": {},
                "Identifier": "hang-up",
                "Type": "DisconnectParticipant",
                "Transitions": {},
            },
        ],
    }


def _action(content: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(a for a in content["Actions"] if a["Identifier"] == identifier)


def _diff(
    tmp_path: Path, old: Any, new: Any, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, list[str]]:
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    new_path.write_text(json.dumps(new), encoding="utf-8")
    status = main(["diff", str(old_path), str(new_path), *options])
    return status, capsys.readouterr().out.splitlines()


def test_the_same_flow_has_the_same_behaviour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = _diff(tmp_path, _flow(), _flow(), capsys)
    assert (status, lines) == (0, ["same behaviour: 0 renamed, 0 moved"])


def test_a_changed_prompt_is_one_line_naming_the_block_and_parameter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "greet")["Parameters"]["Text"] = "Hello there."
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert lines[0] == 'changed  greet (Play prompt): parameter Text: "Welcome." -> "Hello there."'


LONG_PROMPT = (
    "Thank you for calling. As one of our most valued customers, thank you for being a {} "
    "member; we will connect you to the next available agent."
)


def test_a_long_changed_prompt_is_cut_around_its_first_difference_on_both_sides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _flow(), _flow()
    _action(old, "greet")["Parameters"]["Text"] = LONG_PROMPT.format("Gold")
    _action(new, "greet")["Parameters"]["Text"] = LONG_PROMPT.format("Platinum")
    status, lines = _diff(tmp_path, old, new, capsys)
    assert status == 1
    head = "changed  greet (Play prompt): parameter Text: "
    assert lines[0].startswith(head)
    was, now = lines[0].removeprefix(head).split(" -> ")
    # Each side starts at a word shortly before the change and ends shortly after it.
    assert was == "...you for being a Gold member; we will..."
    assert now == "...you for being a Platinum member; we will..."


def test_a_change_near_the_start_of_a_long_value_is_shown_from_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _flow(), _flow()
    _action(old, "greet")["Parameters"]["Text"] = LONG_PROMPT.format("Gold")
    _action(new, "greet")["Parameters"]["Text"] = "Thanks" + LONG_PROMPT.format("Gold")[5:]
    _, lines = _diff(tmp_path, old, new, capsys)
    was, now = lines[0].split(": parameter Text: ")[1].split(" -> ")
    assert was.startswith('"Thank you for calling.')
    assert was.endswith("...")
    assert now.startswith('"Thanks you for calling.')
    assert now.endswith("...")


def test_a_repointed_branch_names_the_branch_and_both_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "invoke")["Transitions"]["Errors"][0]["NextAction"] = "greet"
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert lines[0] == (
        "changed  invoke (Invoke AWS Lambda function): NoMatchingError -> greet (Play prompt), "
        "was hang-up"
    )


def test_an_added_block_is_reported_with_the_branch_that_leads_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    new["Actions"].append(
        {
            "Parameters": {"Text": "Goodbye."},
            "Identifier": "bye",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": "hang-up"},
        }
    )
    _action(new, "greet")["Transitions"]["Errors"][0]["NextAction"] = "bye"
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert "added    bye (Play prompt)" in lines
    assert (
        "changed  greet (Play prompt): NoMatchingError -> bye (Play prompt), was hang-up" in lines
    )
    assert lines[-1] == "behaviour differs: 1 added, 0 removed, 1 changed; 0 renamed, 0 moved"


def test_a_removed_block_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _flow()
    new["Actions"].remove(_action(new, "log"))
    new["StartAction"] = "invoke"
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert "removed  log (Set logging behavior)" in lines


def test_a_changed_start_action_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    new["StartAction"] = "invoke"
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert lines[0] == "changed  StartAction -> invoke (Invoke AWS Lambda function), was log"
    assert lines[-1] == (
        "behaviour differs: 0 added, 0 removed, 0 changed, StartAction changed; 0 renamed, 0 moved"
    )


def test_reordered_conditions_change_behaviour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "check")["Transitions"]["Conditions"].reverse()
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert lines[0] == (
        "changed  check (Check contact attributes): conditions in the order "
        "condition Equals SILVER, condition Equals GOLD, was condition Equals GOLD, "
        "condition Equals SILVER"
    )


def test_reordered_error_branches_do_not_change_behaviour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "transfer")["Transitions"]["Errors"].reverse()
    status, _ = _diff(tmp_path, _flow(), new, capsys)
    assert status == 0


def test_a_changed_next_action_of_a_block_without_success_branch_is_not_behaviour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "transfer")["Transitions"]["NextAction"] = "greet"  # never followed
    status, _ = _diff(tmp_path, _flow(), new, capsys)
    assert status == 0


def test_a_nested_parameter_is_named_by_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _flow(), _flow()
    _action(old, "invoke")["Parameters"]["LambdaInvocationAttributes"] = {"mode": "a", "x": "1"}
    _action(new, "invoke")["Parameters"]["LambdaInvocationAttributes"] = {"mode": "b", "x": "1"}
    _, lines = _diff(tmp_path, old, new, capsys)
    assert lines[0] == (
        "changed  invoke (Invoke AWS Lambda function): parameter LambdaInvocationAttributes.mode: "
        '"a" -> "b"'
    )


def test_moved_blocks_count_as_layout_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    new["Metadata"]["ActionMetadata"]["greet"]["position"] = {"x": 1040, "y": 320}
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert (status, lines) == (0, ["same behaviour: 0 renamed, 1 moved"])


def test_layout_option_lists_moved_and_renamed_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = json.loads(json.dumps(_flow()).replace('"greet"', '"welcome"'))
    new["Metadata"]["ActionMetadata"]["welcome"]["position"] = {"x": 1040, "y": 320}
    status, lines = _diff(tmp_path, _flow(), new, capsys, "--layout")
    assert status == 0
    assert "renamed  welcome (Play prompt), was greet" in lines
    assert "moved    welcome (Play prompt): (1000, 300) -> (1040, 320)" in lines
    assert lines[-1] == "same behaviour: 1 renamed, 1 moved"


def test_a_renamed_and_changed_block_names_its_old_identifier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = json.loads(json.dumps(_flow()).replace('"greet-gold"', '"gold"'))
    _action(new, "gold")["Parameters"]["Text"] = "Hello, gold member."
    status, lines = _diff(tmp_path, _flow(), new, capsys)
    assert status == 1
    assert lines[0] == (
        "changed  gold (Play prompt; was greet-gold): parameter Text: "
        '"Welcome back, gold member." -> "Hello, gold member."'
    )


def test_json_report_has_the_documented_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    _action(new, "greet")["Parameters"]["Text"] = "Hello there."
    status, lines = _diff(tmp_path, _flow(), new, capsys, "--json")
    report = json.loads("\n".join(lines))
    assert status == 1
    assert report["same_behaviour"] is False
    assert report["summary"] == {
        "added": 0,
        "removed": 0,
        "changed": 1,
        "start_changed": False,
        "renamed": 0,
        "moved": 0,
    }
    assert report["blocks"] == [
        {
            "change": "changed",
            "identifier": "greet",
            "old_identifier": "greet",
            "type": "MessageParticipant",
            "console_name": "Play prompt",
            "details": [
                {"what": "parameter", "name": "Text", "old": "Welcome.", "new": "Hello there."}
            ],
        }
    ]
    assert {"old": "greet", "new": "greet", "paired_by": "identifier"} in report["pairs"]
    assert report["flow"] == []
    assert report["layout"] == []


def test_svg_picture_highlights_added_and_changed_blocks_and_lists_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _flow()
    new["Actions"].remove(_action(new, "greet-gold"))
    _action(new, "check")["Transitions"]["Conditions"][0]["NextAction"] = "vip"
    new["Actions"].append(
        {
            "Parameters": {"Text": "Hello VIP."},
            "Identifier": "vip",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": "transfer"},
        }
    )
    picture = tmp_path / "change.svg"
    status, _ = _diff(tmp_path, _flow(), new, capsys, "-o", str(picture))
    root = ET.fromstring(picture.read_text(encoding="utf-8"))  # noqa: S314 -- our own output
    classes = {
        g.get("data-identifier"): g.get("class") for g in root.iter(f"{SVG}g") if g.get("id")
    }
    side = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "side-item"]
    assert status == 1
    assert classes["vip"] == "action added"
    assert classes["check"] == "action changed"
    assert classes["greet"] == "action"
    assert side == ["greet-gold (Play prompt)"]


def test_png_picture_fills_an_added_block_green(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    new = _flow()
    new["Actions"].append(
        {
            "Parameters": {"Text": "Unreached."},
            "Identifier": "extra",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": "hang-up"},
        }
    )
    picture = tmp_path / "change.png"
    _diff(tmp_path, _flow(), new, capsys, "-o", str(picture))
    colors = Image.open(io.BytesIO(picture.read_bytes())).convert("RGB").getcolors(1 << 20)
    assert colors is not None
    assert (0xE6, 0xF4, 0xEA) in {rgb for _, rgb in colors}, "no block filled the added green"


@pytest.mark.parametrize(
    ("old_text", "expected"),
    [
        ("{", "is not valid JSON"),
        ('{"Version": "2019-10-30"}', "not a flow; expected a JSON object with an Actions list"),
    ],
    ids=["truncated", "not a flow"],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old_text: str, expected: str
) -> None:
    old = tmp_path / "old.json"
    old.write_text(old_text, encoding="utf-8")
    new = tmp_path / "new.json"
    new.write_text(json.dumps(_flow()), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert error.startswith(f"diff: {old}: ")
    assert expected in error


def test_a_picture_other_than_svg_or_png_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "flow.json"
    flow.write_text(json.dumps(_flow()), encoding="utf-8")
    assert main(["diff", str(flow), str(flow), "-o", str(tmp_path / "x.gif")]) == 2
    assert "expected a picture file ending in .svg or .png" in capsys.readouterr().err


def test_exit_statuses_through_the_real_command_line(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_flow()), encoding="utf-8")
    changed = copy.deepcopy(_flow())
    _action(changed, "greet")["Parameters"]["Text"] = "Hi."
    new = tmp_path / "new.json"
    new.write_text(json.dumps(changed), encoding="utf-8")

    def status(*paths: Path) -> int:
        command = [sys.executable, "-m", "flows", "diff", *map(str, paths)]
        return subprocess.run(command, capture_output=True, timeout=60, check=False).returncode

    assert [status(old, old), status(old, new), status(old, tmp_path / "missing.json")] == [
        0,
        1,
        2,
    ]
