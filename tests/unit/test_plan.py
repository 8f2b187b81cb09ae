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
FUNCTIONS = "arn:aws:lambda:us-east-1:555566667777:function"
# The ARNs the package's functions resolve to in the target with --function-names {"*": "prod-*"}:
# Front door calls orders-lookup unqualified, Check PIN calls pin-check through its alias prod.
LOOKUP = f"{FUNCTIONS}:prod-orders-lookup"
PIN_CHECK = f"{FUNCTIONS}:prod-pin-check:prod"


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


def _stub_instance(
    stubber: Stubber,
    package: Path,
    *,
    functions: tuple[list[str], ...] = ([LOOKUP, PIN_CHECK],),
    complete: bool = False,
) -> None:
    """The target's answers, in the order plan asks. ``functions``: the pages of the instance's
    associated functions (ListLambdaFunctions). ``complete``: the target already has every flow
    and resource of the package, as the package has them (nothing to add, change or miss)."""
    instance = {"InstanceId": TARGET_ID}
    live = dict(LIVE)
    if complete:
        live[("Flow", "Whisper")] = arn("contact-flow", 7)
        live[("Queue", "Orders")] = arn("queue", 4)

    def summaries(kind: str) -> list[dict[str, str]]:
        return [
            {"Id": value.rsplit("/", 1)[1], "Arn": value, "Name": name}
            for (k, name), value in live.items()
            if k == kind
        ]

    stubber.add_response(
        "list_contact_flows",
        {"ContactFlowSummaryList": summaries("Flow")},
        {**instance, "MaxResults": 1000},
    )
    stubber.add_response(
        "list_contact_flow_modules",
        {"ContactFlowModulesSummaryList": summaries("FlowModule")},
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
            operation, {key: summaries(kind)}, {**instance, "MaxResults": 1000, **extra}
        )
    for number, page in enumerate(functions):
        token = {"NextToken": f"page{number + 1}"} if number + 1 < len(functions) else {}
        asked = {"NextToken": f"page{number}"} if number else {}
        stubber.add_response(
            "list_lambda_functions",
            {"LambdaFunctions": page, **token},
            {**instance, "MaxResults": 25, **asked},
        )
    stubber.add_response(
        "list_bots", {"LexBots": []}, {**instance, "MaxResults": 25, "LexVersion": "V2"}
    )
    stubber.add_response("list_lex_bots", {"LexBots": []}, {**instance, "MaxResults": 25})
    changed = _live_content(package, "Front door")
    for action in changed["Actions"]:
        if action["Identifier"] == "lookup" and not complete:
            action["Parameters"]["InvocationTimeLimitSeconds"] = "8"  # edited in the console
    # Described in the package's order; Whisper is new unless complete, so not described.
    for loaded in load_package(package).flows:
        name = loaded.name
        if name == "Whisper" and not complete:
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
        flow_arn = live[("Flow", name)]
        stubber.add_response(
            "describe_contact_flow",
            {
                "ContactFlow": {
                    "Arn": flow_arn,
                    "Name": name,
                    "Type": loaded.entry.type,
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


def test_an_instance_with_everything_associated_needs_no_change(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    # The associations come on two pages: the second one holds the qualified ARN.
    _stub_instance(stubber, package, functions=([LOOKUP], [PIN_CHECK]), complete=True)
    assert _plan(client, package) == 0
    out = capsys.readouterr().out
    assert not [line for line in out.splitlines() if line.startswith("missing")]
    assert out.endswith("0 added, 0 changed, 4 unchanged; 0 references missing in the instance\n")


def test_a_function_not_associated_with_the_instance_is_missing(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    # Another function is associated; the one Front door calls is not.
    other = f"{FUNCTIONS}:prod-something-else"
    _stub_instance(stubber, package, functions=([other, PIN_CHECK],), complete=True)
    assert _plan(client, package) == 1
    out = capsys.readouterr().out
    assert (
        f"missing   LambdaFunction('orders-lookup') ({LOOKUP}): not associated with the instance"
        in out.splitlines()
    )
    assert "0 added, 0 changed, 4 unchanged; 1 reference missing in the instance" in out


def test_a_missing_function_is_listed_in_the_json_plan(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    _stub_instance(stubber, package, functions=([PIN_CHECK],))
    assert _plan(client, package, "--json") == 1
    plan = json.loads(capsys.readouterr().out)
    assert plan["missing"] == [f"LambdaFunction('orders-lookup') ({LOOKUP})", "Queue('Orders')"]


def test_a_function_counts_only_by_the_arn_the_flow_calls(
    stub: tuple[Any, Stubber], package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = stub
    # Associated by the bare ARN, pin-check is not associated through its alias prod, which
    # Check PIN calls; associated through an alias, orders-lookup is not for a bare call.
    bare_pin_check = PIN_CHECK.rsplit(":", 1)[0]
    _stub_instance(stubber, package, functions=([bare_pin_check, f"{LOOKUP}:live"],), complete=True)
    assert _plan(client, package) == 1
    missing = [line for line in capsys.readouterr().out.splitlines() if line.startswith("missing")]
    assert missing == [
        f"missing   LambdaFunction('orders-lookup') ({LOOKUP}): not associated with the instance",
        f"missing   LambdaFunction('pin-check', qualifier='prod') ({PIN_CHECK}): "
        "not associated with the instance",
    ]
