"""Adopted flows synthesized into another instance: `-c instance_arn=... -c adopted_flows=PACKAGE`.

The package is adopted here from the fixture exports of tests/unit/adoption_fixtures.py (two
contact flows that transfer to each other, a whisper flow one of them sets, a flow module, two
functions of another account), then the whole app is synthesized once for this module, into an
instance of another account and region, as `npx cdk synth` would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from botocore.session import get_session
from botocore.validate import ParamValidator

from flows.adopt.package import AdoptedPackage, LoadedFlow, load_package
from flows.cli import main as flows_main
from flows.language.arns import parse_connect_instance_arn
from flows.model.flow import parse_flow
from flows.model.references import Queue
from stacks import adopted_flows_stack
from stacks.adopted_flows_stack import AdoptedFlowsError, AdoptedFlowsStack
from stacks.config import AppConfig, ConfigError
from stacks.contact_flow import FlowValidationError
from stacks.sdk_calls import call_problems, sdk_calls
from tests.infra.conftest import FIXTURE_CONTEXT, SynthesizedApp, render_references, synthesize
from tests.unit import adoption_fixtures as fx

pytestmark = pytest.mark.infra

TARGET_ACCOUNT = "555566667777"
TARGET_ID = "dddddddd-4444-4444-8444-dddddddddddd"
TARGET = f"arn:aws:connect:us-west-2:{TARGET_ACCOUNT}:instance/{TARGET_ID}"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("adopted")
    fx.write_exports(folder / "exports")
    assert flows_main(["adopt", str(folder / "exports"), "-o", str(folder / "orders")]) == 0
    return folder / "orders"


@pytest.fixture(scope="module")
def app(package: Path, tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    overrides = {
        "instance_arn": TARGET,
        "adopted_flows": str(package),
        "adopted_function_names": '{"*": "prod-*"}',
    }
    return synthesize(overrides, tmp_path_factory.mktemp("cdk-adopted"), "adopted")


@pytest.fixture(scope="module")
def template(app: SynthesizedApp) -> dict[str, Any]:
    assert app.stacks.adopted is not None
    return app.template(app.stacks.adopted)


def _render(value: Any) -> str:
    """A template string as text; a flow's id taken from its ARN reads ``${Id[LogicalId]}``."""
    if isinstance(value, dict) and "Fn::Select" in value:
        arn = value["Fn::Select"][1]["Fn::Split"][1]
        return f"${{Id[{arn['Fn::GetAtt'][0]}]}}"
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_render(part) for part in parts)
    return render_references(value)


def _of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def _content_of(template: dict[str, Any], name: str) -> dict[str, Any]:
    """The content a flow ends up with: its own, or the one its content update sets."""
    flows = {
        **_of_type(template, "AWS::Connect::ContactFlow"),
        **_of_type(template, "AWS::Connect::ContactFlowModule"),
    }
    (logical,) = [k for k, r in flows.items() if r["Properties"]["Name"] == name]
    for resource in _of_type(template, "Custom::ContactFlowContent").values():
        call = json.loads(_render(resource["Properties"]["Create"]))
        target = call["parameters"].get(
            "ContactFlowId", call["parameters"].get("ContactFlowModuleId")
        )
        if target == f"${{Id[{logical}]}}":
            content: dict[str, Any] = json.loads(call["parameters"]["Content"])
            return content
    own: dict[str, Any] = json.loads(_render(flows[logical]["Properties"]["Content"]))
    return own


def test_one_resource_per_flow_with_its_name_and_type(template: dict[str, Any]) -> None:
    flows = {
        r["Properties"]["Name"]: r["Properties"]["Type"]
        for r in _of_type(template, "AWS::Connect::ContactFlow").values()
    }
    assert flows == {
        "Front door": "CONTACT_FLOW",
        "Closed": "CONTACT_FLOW",
        "Whisper": "AGENT_WHISPER",
    }
    modules = [
        r["Properties"]["Name"]
        for r in _of_type(template, "AWS::Connect::ContactFlowModule").values()
    ]
    assert modules == ["Check PIN"]
    for resource in [
        *_of_type(template, "AWS::Connect::ContactFlow").values(),
        *_of_type(template, "AWS::Connect::ContactFlowModule").values(),
    ]:
        assert resource["Properties"]["InstanceArn"] == TARGET


def test_the_stack_goes_to_the_instances_account_and_region(app: SynthesizedApp) -> None:
    assert app.stacks.adopted is not None
    assert app.environment(app.stacks.adopted.artifact_id) == (TARGET_ACCOUNT, "us-west-2")


def test_no_trace_of_the_source_instance_or_accounts_in_any_template(
    app: SynthesizedApp,
) -> None:
    for path in app.directory.glob("*.template.json"):
        text = path.read_text()
        for trace in fx.SOURCE_TRACES:
            assert trace not in text, (path.name, trace)


def test_flows_that_transfer_to_each_other_get_their_content_once_both_exist(
    template: dict[str, Any],
) -> None:
    flows = _of_type(template, "AWS::Connect::ContactFlow")
    ids = {r["Properties"]["Name"]: k for k, r in flows.items()}
    for name in ("Front door", "Closed"):
        first = json.loads(flows[ids[name]]["Properties"]["Content"])
        assert [a["Type"] for a in first["Actions"]] == ["DisconnectParticipant"]
    front, closed = _content_of(template, "Front door"), _content_of(template, "Closed")
    transfer = {a["Identifier"]: a for a in closed["Actions"]}["back"]
    assert transfer["Parameters"]["ContactFlowId"] == (
        f"${{Token[{ids['Front door']}.ContactFlowArn]}}"
    )
    hooks = {a["Identifier"]: a for a in front["Actions"]}["whisper"]["Parameters"]
    assert hooks["EventHooks"]["AgentWhisper"] == f"${{Token[{ids['Whisper']}.ContactFlowArn]}}"


def test_functions_resolve_by_name_in_the_target_with_the_rename_map(
    template: dict[str, Any],
) -> None:
    module = _content_of(template, "Check PIN")
    arn = {a["Identifier"]: a for a in module["Actions"]}["check"]["Parameters"]
    assert arn["LambdaFunctionARN"] == (
        f"arn:aws:lambda:us-west-2:{TARGET_ACCOUNT}:function:prod-pin-check:prod"
    )


def test_other_resources_are_looked_up_by_name_and_checked_all_at_once(
    template: dict[str, Any],
) -> None:
    lookups = _of_type(template, "Custom::ConnectNames")
    check = lookups.pop("NamesCheck")["Properties"]
    assert check["Mode"] == "check"
    assert check["InstanceId"] == TARGET_ID
    wanted = {(n["Kind"], n["Name"]) for n in check["Names"] if n["Kind"] != "LambdaFunction"}
    assert wanted == {
        ("Queue", "Orders"),
        ("HoursOfOperation", "Office hours"),
        ("Prompt", "Closed.wav"),
    }
    for logical, resource in lookups.items():
        assert "NamesCheck" in resource["DependsOn"], logical
    front = _content_of(template, "Front door")
    queue = {a["Identifier"]: a for a in front["Actions"]}["queue"]["Parameters"]["QueueId"]
    assert queue.startswith(f"{TARGET}/queue/${{Token[Names0.n")


def _target_function(source_arn: str) -> dict[str, str]:
    """The check's entry for a fixture function: renamed by the app's map ("*": "prod-*"), in
    the target's account and region, qualified as the export called it."""
    name, _, qualifier = source_arn.split(":function:")[1].partition(":")
    arn = f"arn:aws:lambda:us-west-2:{TARGET_ACCOUNT}:function:prod-{name}"
    entry = {"Kind": "LambdaFunction", "Name": f"prod-{name}", "Arn": arn}
    if qualifier:
        entry["Arn"] += f":{qualifier}"
        entry["Qualifier"] = qualifier
    return entry


def test_the_check_asks_for_the_functions_the_flows_call_as_they_call_them(
    template: dict[str, Any],
) -> None:
    check = _of_type(template, "Custom::ConnectNames")["NamesCheck"]["Properties"]
    functions = [
        {k: v for k, v in entry.items() if k != "Key"}
        for entry in check["Names"]
        if entry["Kind"] == "LambdaFunction"
    ]
    expected = [_target_function(fx.FUNCTION_ARN), _target_function(fx.MODULE_FUNCTION_ARN)]
    assert sorted(functions, key=str) == sorted(expected, key=str)
    # Only checked: no lookup returns a function, its ARN is in the flow already.
    for logical, resource in _of_type(template, "Custom::ConnectNames").items():
        if logical != "NamesCheck":
            kinds = {entry["Kind"] for entry in resource["Properties"]["Names"]}
            assert "LambdaFunction" not in kinds, logical


def test_the_names_function_may_list_the_instances_functions_and_nothing_more(
    template: dict[str, Any],
) -> None:
    roles = [
        policy["PolicyDocument"]["Statement"]
        for role in _of_type(template, "AWS::IAM::Role").values()
        for policy in role["Properties"].get("Policies", [])
        if policy["PolicyName"] == "ConnectNames"
    ]
    (statements,) = roles
    granting = [s for s in statements if "connect:ListLambdaFunctions" in s["Action"]]
    assert len(granting) == 1
    assert granting[0]["Effect"] == "Allow"
    assert granting[0]["Resource"] == TARGET
    assert all(action.startswith("connect:List") for action in granting[0]["Action"])


def test_a_set_that_names_only_functions_still_gets_the_check(package: Path) -> None:
    loaded = load_package(package)
    module = loaded.by_name()["Check PIN"]
    stack = AdoptedFlowsStack(
        cdk.App(context=dict(FIXTURE_CONTEXT)),
        "Adopted",
        instance=parse_connect_instance_arn(TARGET),
        packages=[AdoptedPackage(loaded.path, (module,))],
    )
    template = assertions.Template.from_stack(stack).to_json()
    lookups = _of_type(template, "Custom::ConnectNames")
    assert list(lookups) == ["NamesCheck"]
    (entry,) = lookups["NamesCheck"]["Properties"]["Names"]
    name, qualifier = fx.MODULE_FUNCTION_ARN.split(":function:")[1].split(":")
    assert entry["Arn"] == f"arn:aws:lambda:us-west-2:{TARGET_ACCOUNT}:function:{name}:{qualifier}"


def test_the_content_calls_pass_botocores_validation(template: dict[str, Any]) -> None:
    calls = sdk_calls(template)
    assert {call.action for call in calls} == {"UpdateContactFlowContent"}
    assert [problem for call in calls for problem in call_problems(call)] == []
    model = get_session().get_service_model("connect")
    updates = _of_type(template, "Custom::ContactFlowContent")
    assert len(updates) == 2
    for resource in updates.values():
        for phase in ("Create", "Update"):
            call = json.loads(_render(resource["Properties"][phase]))
            shape = model.operation_model(call["action"]).input_shape
            report = ParamValidator().validate(call["parameters"], shape)
            assert not report.has_errors(), report.generate_report()
            assert not call["parameters"]["ContactFlowId"].startswith("arn:")


def test_many_names_are_spread_over_answers_that_stay_under_cloudformations_limit(
    package: Path,
) -> None:
    loaded = load_package(package)
    whisper = loaded.by_name()["Whisper"]
    content = whisper.flow.to_dict()
    content["Metadata"]["queues"] = [Queue(f"Queue {index}") for index in range(75)]
    flows = tuple(
        LoadedFlow(f.entry, parse_flow(content)) if f.name == "Whisper" else f for f in loaded.flows
    )
    stack = AdoptedFlowsStack(
        cdk.App(context=dict(FIXTURE_CONTEXT)),
        "Adopted",
        instance=parse_connect_instance_arn(TARGET),
        packages=[AdoptedPackage(loaded.path, flows)],
    )
    chunks: dict[int, list[str]] = {}
    for lookup in stack.lookups.values():
        chunks.setdefault(id(lookup.resource), []).append(lookup.key)
    assert len(chunks) == 3  # 75 queues, an hours and a prompt: 78 names, 30 at most each
    for keys in chunks.values():
        # The largest answer: each key with a Connect id (36 characters), beside the response's
        # own fields (status, ids of the stack, request and resource: well under 1,000 bytes).
        data = json.dumps(dict.fromkeys(keys, "x" * 36))
        assert len(data) + 1000 < 4096


def test_a_flow_the_validator_rejects_stops_synthesis(package: Path) -> None:
    loaded = load_package(package)
    whisper = loaded.by_name()["Whisper"]
    whisper.flow.action("say").type = "NoSuchBlock"
    app = cdk.App(context=dict(FIXTURE_CONTEXT))
    instance = parse_connect_instance_arn(TARGET)
    with pytest.raises(FlowValidationError, match="Whisper"):
        AdoptedFlowsStack(app, "Adopted", instance=instance, packages=[loaded])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("adopted_flows", "no/such/package"),
        ("adopted_function_names", "old="),
        ("adopted_function_names", '{"*": "prod"}'),
    ],
)
def test_a_bad_adopted_value_is_one_configuration_error(key: str, value: str) -> None:
    context = {**FIXTURE_CONTEXT, key: value}
    with pytest.raises(ConfigError, match=key):
        AppConfig.from_context(context.get)


def test_without_the_key_the_app_has_no_adopted_stack(
    synthesized_app: Any,
) -> None:
    assert synthesized_app("same-region").stacks.adopted is None


@pytest.mark.parametrize(
    ("limit", "value", "expected"),
    [
        ("MAX_STACK_RESOURCES", 3, "resources (at most 3)"),
        ("MAX_TEMPLATE_BYTES", 20_000, "bytes (at most 20,000)"),
    ],
)
def test_a_stack_cloudformation_would_refuse_for_its_size_stops_synthesis(
    package: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, expected: str
) -> None:
    monkeypatch.setattr(adopted_flows_stack, limit, value)
    app = cdk.App(context=dict(FIXTURE_CONTEXT))
    instance = parse_connect_instance_arn(TARGET)
    with pytest.raises(AdoptedFlowsError, match=r"the 4 adopted flows make .*") as raised:
        AdoptedFlowsStack(app, "Adopted", instance=instance, packages=[load_package(package)])
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)
