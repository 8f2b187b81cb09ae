"""`python -m flows plan`: an adopted package against a live instance (botocore's Stubber)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from flows.adopt.package import load_package
from flows.adopt.plan import run
from flows.adopt.pull import Puller, TokenBucket
from flows.cli import build_parser, main
from flows.language.arns import ConnectInstanceArn
from flows.model.references import Resource, ResourceTable
from tests.unit import adoption_fixtures as fx

TARGET_ID = "dddddddd-4444-4444-8444-dddddddddddd"
TARGET = f"arn:aws:connect:us-east-1:555566667777:instance/{TARGET_ID}"


def arn(segment: str, number: int) -> str:
    return f"{TARGET}/{segment}/eeeeeeee-5555-4555-8555-{number:012d}"


# What the target instance has, by kind and name (no "Whisper" flow yet, no "Orders" queue).
LIVE = {
    ("Flow", "Front door"): arn("contact-flow", 1),
    ("Flow", "Closed"): arn("contact-flow", 2),
    ("FlowModule", "Check PIN"): arn("flow-module", 3),
    ("Prompt", "Closed.wav"): arn("prompt", 6),
    ("HoursOfOperation", "Office hours"): arn("operating-hours", 5),
}


@pytest.fixture
def package(tmp_path: Path) -> Path:
    fx.write_exports(tmp_path / "exports")
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(tmp_path / "orders")]) == 0
    return tmp_path / "orders"


@pytest.fixture
def stub() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "connect", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _summaries(kind: str) -> list[dict[str, str]]:
    return [
        {"Id": value.rsplit("/", 1)[1], "Arn": value, "Name": name}
        for (k, name), value in LIVE.items()
        if k == kind
    ]


def _live_content(package: Path, name: str) -> dict[str, Any]:
    """The package's flow as the target would hold it once deployed."""
    table = ResourceTable([Resource(kind, n, a) for (kind, n), a in LIVE.items()])
    table.add(Resource("Queue", "Orders", arn("queue", 4)))
    table.add(Resource("Flow", "Whisper", arn("contact-flow", 7)))
    for function in ("orders-lookup", "pin-check"):
        table.add(
            Resource(
                "LambdaFunction",
                function,
                f"arn:aws:lambda:us-east-1:555566667777:function:prod-{function}",
            )
        )
    flow = load_package(package).by_name()[name].flow
    content: dict[str, Any] = table.resolver()(flow.to_dict())
    return content


def _stub_instance(stubber: Stubber, package: Path) -> None:
    instance = {"InstanceId": TARGET_ID}
    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": _summaries("Flow")},
        {**instance, "MaxResults": 1000},
    )
    stubber.add_response(
        "list_contact_flow_modules",
        {"ContactFlowModulesSummaryList": _summaries("FlowModule")},
        {**instance, "MaxResults": 1000},
    )
    lists = (
        ("list_queues", "QueueSummaryList", "Queue", {"QueueTypes": ["STANDARD"]}),
        ("list_prompts", "PromptSummaryList", "Prompt", {}),
        ("list_hours_of_operations", "HoursOfOperationSummaryList", "HoursOfOperation", {}),
        ("list_quick_connects", "QuickConnectSummaryList", "QuickConnect", {}),
        ("list_routing_profiles", "RoutingProfileSummaryList", "RoutingProfile", {}),
    )
    for operation, key, kind, extra in lists:
        stubber.add_response(
            operation, {key: _summaries(kind)}, {**instance, "MaxResults": 1000, **extra}
        )
    stubber.add_response(
        "list_lambda_functions", {"LambdaFunctions": []}, {**instance, "MaxResults": 25}
    )
    stubber.add_response(
        "list_bots", {"LexBots": []}, {**instance, "MaxResults": 25, "LexVersion": "V2"}
    )
    stubber.add_response("list_lex_bots", {"LexBots": []}, {**instance, "MaxResults": 25})
    changed = _live_content(package, "Front door")
    for action in changed["Actions"]:
        if action["Identifier"] == "lookup":
            action["Parameters"]["InvocationTimeLimitSeconds"] = "8"  # edited in the console
    # Described in the package's order; Whisper is new, so not described.
    for loaded in load_package(package).flows:
        name = loaded.name
        if name == "Whisper":
            continue
        if loaded.entry.is_module:
            module_arn = LIVE[("FlowModule", name)]
            stubber.add_response(
                "describe_contact_flow_module",
                {
                    "ContactFlowModule": {
                        "Arn": module_arn,
                        "Name": name,
                        "Content": json.dumps(_live_content(package, name)),
                    }
                },
                {**instance, "ContactFlowModuleId": module_arn.rsplit("/", 1)[1]},
            )
            continue
        content = changed if name == "Front door" else _live_content(package, name)
        flow_arn = LIVE[("Flow", name)]
        stubber.add_response(
            "describe_contact_flow",
            {
                "ContactFlow": {
                    "Arn": flow_arn,
                    "Name": name,
                    "Type": "CONTACT_FLOW",
                    "Content": json.dumps(content),
                }
            },
            {**instance, "ContactFlowId": flow_arn.rsplit("/", 1)[1]},
        )


def _plan(client: Any, package: Path, *extra: str) -> int:
    def make(args: argparse.Namespace, instance: ConnectInstanceArn) -> Puller:
        return Puller(client, instance, bucket=TokenBucket(clock=lambda: 0.0, burst=10**6))

    argv = ["plan", str(package), "--instance-arn", TARGET, "--function-names", '{"*": "prod-*"}']
    return run(build_parser("plan").parse_args([*argv, *extra]), make=make)


def test_plan_says_per_flow_what_deploying_would_do(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    _stub_instance(stubber, package)
    assert _plan(client, package, "--json") == 1
    plan = json.loads(capsys.readouterr().out)
    changes = {flow["name"]: flow["change"] for flow in plan["flows"]}
    assert changes == {
        "Front door": "changed",
        "Closed": "unchanged",
        "Whisper": "added",
        "Check PIN": "unchanged",
    }
    (front,) = [flow for flow in plan["flows"] if flow["name"] == "Front door"]
    assert any("InvocationTimeLimitSeconds" in line for line in front["lines"])
    # The queue Front door sends callers to is not in the target: the deployment would fail.
    assert plan["missing"] == ["Queue('Orders')"]


def test_plan_as_text_names_each_flow(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    _stub_instance(stubber, package)
    _plan(client, package)
    out = capsys.readouterr().out
    assert "added     Whisper (AGENT_WHISPER)" in out
    assert "changed   Front door (CONTACT_FLOW)" in out
    assert "1 added, 1 changed, 2 unchanged; 1 reference missing in the instance" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--instance-arn", "nope"], "--instance-arn"),
        (["--instance-arn", TARGET, "--function-names", "a=,b"], "--function-names"),
    ],
)
def test_bad_input_is_one_line_and_no_call(
    package: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(["plan", str(package), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert expected in err[0]
