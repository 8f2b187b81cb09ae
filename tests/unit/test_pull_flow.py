"""scripts/pull_flow.py against botocore's Stubber (moto has no Connect API).

The client is a real botocore Connect client built from the installed service model, so every
request the tool makes is checked against the model's shapes; Stubber answers in place of AWS.
The pulled file is then compared with `python -m flows diff`: the drift check it exists for.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from flows.cli import main as flows_main
from flows.language.arns import ConnectInstanceArn
from scripts.pull_flow import main
from tests.cli_contract import usage_error

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATED_FLOW = REPO_ROOT / "flows" / "generated" / "customer_lookup.json"
INSTANCE_ID = "00000000-0000-4000-8000-000000000000"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:111111111111:instance/{INSTANCE_ID}"
FLOW_ID = "12345678-1234-4234-8234-123456789012"
FLOW_ARN = f"{INSTANCE_ARN}/contact-flow/{FLOW_ID}"


@pytest.fixture
def stub() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "connect",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _pull(client: Any, *argv: str) -> int:
    def factory(args: argparse.Namespace, instance: ConnectInstanceArn) -> Any:
        return client

    return main(["--instance-arn", INSTANCE_ARN, *argv], clients=factory)


def _described(content: str, status: str = "PUBLISHED") -> dict[str, Any]:
    return {
        "ContactFlow": {
            "Arn": FLOW_ARN,
            "Id": FLOW_ID,
            "Name": "Customer lookup",
            "Type": "CONTACT_FLOW",
            "State": "ACTIVE",
            "Status": status,
            "Content": content,
            "LastModifiedTime": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        }
    }


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert error.startswith("pull_flow.py: error: ")
    return error


def test_flow_id_writes_what_describe_contact_flow_returns(
    stub: tuple[Any, Stubber], tmp_path: Path
) -> None:
    client, stubber = stub
    content = GENERATED_FLOW.read_text(encoding="utf-8")
    stubber.add_response(
        "describe_contact_flow",
        _described(content),
        {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID},
    )
    output = tmp_path / "pulled.json"
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(output)) == 0
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["ContactFlow"]["Content"] == content
    assert written["ContactFlow"]["LastModifiedTime"] == "2025-01-02T03:04:05+00:00"


def test_saved_reads_the_saved_alias_of_the_flow(stub: tuple[Any, Stubber], tmp_path: Path) -> None:
    client, stubber = stub
    stubber.add_response(
        "describe_contact_flow",
        _described(GENERATED_FLOW.read_text(encoding="utf-8"), status="SAVED"),
        {"InstanceId": INSTANCE_ID, "ContactFlowId": f"{FLOW_ARN}:$SAVED"},
    )
    assert _pull(client, "--flow-id", FLOW_ID, "--saved", "-o", str(tmp_path / "f.json")) == 0


def test_a_flow_arn_is_taken_for_its_id(stub: tuple[Any, Stubber], tmp_path: Path) -> None:
    client, stubber = stub
    stubber.add_response(
        "describe_contact_flow",
        _described(GENERATED_FLOW.read_text(encoding="utf-8")),
        {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID},
    )
    assert _pull(client, "--flow-id", FLOW_ARN, "-o", str(tmp_path / "f.json")) == 0


def test_name_is_found_on_any_page_of_list_contact_flows(
    stub: tuple[Any, Stubber], tmp_path: Path
) -> None:
    client, stubber = stub
    other = {"Id": "other", "Arn": f"{INSTANCE_ARN}/contact-flow/other", "Name": "Other"}
    wanted = {"Id": FLOW_ID, "Arn": FLOW_ARN, "Name": "Customer lookup"}
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": [other], "NextToken": "page-2"},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000},
    )
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": [wanted]},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000, "NextToken": "page-2"},
    )
    stubber.add_response(
        "describe_contact_flow",
        _described(GENERATED_FLOW.read_text(encoding="utf-8")),
        {"InstanceId": INSTANCE_ID, "ContactFlowId": FLOW_ID},
    )
    assert _pull(client, "--name", "Customer lookup", "-o", str(tmp_path / "f.json")) == 0


def test_an_unknown_name_is_one_line_with_a_hint_about_case(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": [{"Id": FLOW_ID, "Name": "Customer lookup"}]},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000},
    )
    assert _pull(client, "--name", "customer lookup", "-o", str(tmp_path / "f.json")) == 2
    error = _one_line(capsys)
    assert "--name 'customer lookup': no flow of that name" in error
    assert "names are case-sensitive: 'Customer lookup' exists" in error


def test_a_malformed_instance_arn_is_refused_before_any_call(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, _ = stub
    status = main(
        [
            "--instance-arn",
            "arn:aws:connect:us-east-1:1:instance/x",
            "--flow-id",
            FLOW_ID,
            "-o",
            str(tmp_path / "f.json"),
        ],
        clients=lambda args, instance: client,
    )
    assert status == 2
    assert "is not a Connect instance ARN; expected arn:aws:connect:" in _one_line(capsys)


def test_a_flow_that_does_not_exist_is_one_line(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    stubber.add_client_error(
        "describe_contact_flow", "ResourceNotFoundException", "Flow not found", 404
    )
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(tmp_path / "f.json")) == 2
    assert f"flow {FLOW_ID} not found in instance {INSTANCE_ID}" in _one_line(capsys)


def test_throttling_is_one_line_saying_to_try_again(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    stubber.add_client_error("describe_contact_flow", "ThrottlingException", "Rate exceeded", 429)
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(tmp_path / "f.json")) == 2
    error = _one_line(capsys)
    assert "ThrottlingException: Rate exceeded" in error
    assert "throttled; try again in a moment" in error


def test_a_flow_never_published_points_at_saved(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    stubber.add_client_error(
        "describe_contact_flow", "ContactFlowNotPublishedException", "Not published", 404
    )
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(tmp_path / "f.json")) == 2
    assert "has not been published; give --saved" in _one_line(capsys)


def test_a_failed_pull_leaves_the_existing_file_alone(
    stub: tuple[Any, Stubber], tmp_path: Path
) -> None:
    client, stubber = stub
    stubber.add_client_error("describe_contact_flow", "ThrottlingException", "Rate exceeded", 429)
    output = tmp_path / "pulled.json"
    output.write_text("yesterday's pull\n", encoding="utf-8")
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(output)) == 2
    assert output.read_text(encoding="utf-8") == "yesterday's pull\n"


def test_name_and_flow_id_together_are_refused_with_the_usage_and_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--instance-arn", INSTANCE_ARN, "--name", "a", "--flow-id", "b", "-o", "f"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in usage_error(capsys.readouterr().err, "pull_flow.py")


def test_a_pulled_flow_as_deployed_has_the_generated_flows_behaviour(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    stubber.add_response(
        "describe_contact_flow", _described(GENERATED_FLOW.read_text(encoding="utf-8"))
    )
    pulled = tmp_path / "pulled.json"
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(pulled)) == 0
    assert flows_main(["diff", str(GENERATED_FLOW), str(pulled)]) == 0


def test_a_console_edit_shows_up_in_the_diff_against_the_generated_flow(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    content = json.loads(GENERATED_FLOW.read_text(encoding="utf-8"))
    hello = next(a for a in content["Actions"] if a["Type"] == "MessageParticipant")
    hello["Parameters"]["Text"] = "Edited in the console."
    stubber.add_response("describe_contact_flow", _described(json.dumps(content)))
    pulled = tmp_path / "pulled.json"
    assert _pull(client, "--flow-id", FLOW_ID, "-o", str(pulled)) == 0
    capsys.readouterr()
    assert flows_main(["diff", str(GENERATED_FLOW), str(pulled)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"changed  {hello['Identifier']} (Play prompt): parameter Text: ")
    assert first.endswith('-> "Edited in the console."')


def test_a_flow_id_that_is_a_path_is_refused_before_any_call(
    stub: tuple[Any, Stubber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, _ = stub
    assert _pull(client, "--flow-id", "queue/abc", "-o", str(tmp_path / "f.json")) == 2
    assert "--flow-id 'queue/abc': expected the flow's id" in _one_line(capsys)
