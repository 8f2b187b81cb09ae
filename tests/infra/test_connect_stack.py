"""The Connect stack, in every mode: association, hours, queues, the validated contact flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from flows.customer_lookup import CustomerLookupFlowSettings, build_customer_lookup_flow
from flows.model import Flow, parse_flow
from flows.validator import validate_content
from stacks import contact_flow
from stacks.arns import parse_connect_instance_arn
from stacks.config import QUEUE_CONTEXT_KEYS
from stacks.connect_stack import ConnectStack
from stacks.contact_flow import FlowValidationError
from tests.infra.conftest import ALIAS_ARNS, CDK_JSON_CONTEXT, SynthesizedApp, render_references

pytestmark = pytest.mark.infra

QUEUE_NAMES = tuple(QUEUE_CONTEXT_KEYS)
SANDBOX_INSTANCE = parse_connect_instance_arn(CDK_JSON_CONTEXT["instance_arn"])


def resources_of(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


def invoke_actions(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [action for action in content["Actions"] if action["Type"] == "InvokeLambdaFunction"]


def queue_ids_in(content: dict[str, Any]) -> set[str]:
    return {
        action["Parameters"]["QueueId"]
        for action in content["Actions"]
        if action["Type"] == "UpdateContactTargetQueue"
    }


def test_connect_stack_is_deployed_to_the_instances_environment(
    synthesized: SynthesizedApp,
) -> None:
    instance = synthesized.config.instance
    assert synthesized.environment(synthesized.stacks.connect.artifact_id) == (
        instance.account,
        instance.region,
    )


def test_connect_stack_is_deployed_after_the_lookup_stack(synthesized: SynthesizedApp) -> None:
    dependencies = synthesized.dependencies(synthesized.stacks.connect.artifact_id)
    assert synthesized.stacks.lookup.artifact_id in dependencies


def test_function_is_associated_with_the_instance_only_in_the_same_account_and_region(
    synthesized: SynthesizedApp,
) -> None:
    associations = resources_of(
        synthesized.connect_template, "AWS::Connect::IntegrationAssociation"
    )
    expected = 1 if synthesized.mode == "same-region" else 0
    assert len(associations) == expected
    for association in associations.values():
        assert association["Properties"] == {
            "InstanceId": synthesized.config.instance.arn,
            "IntegrationType": "LAMBDA_FUNCTION",
            "IntegrationArn": ALIAS_ARNS[synthesized.mode],
        }


def test_hours_of_operation_are_created_in_the_instance(synthesized: SynthesizedApp) -> None:
    Template.from_json(synthesized.connect_template).has_resource_properties(
        "AWS::Connect::HoursOfOperation",
        {
            "InstanceArn": synthesized.config.instance.arn,
            "TimeZone": synthesized.config.time_zone,
            "Config": Match.array_with(
                [Match.object_like({"Day": "MONDAY", "StartTime": Match.any_value()})]
            ),
        },
    )


def test_each_flow_queue_is_created_with_the_hours_of_operation(
    synthesized: SynthesizedApp,
) -> None:
    hours = resources_of(synthesized.connect_template, "AWS::Connect::HoursOfOperation")
    queues = resources_of(synthesized.connect_template, "AWS::Connect::Queue")
    (hours_id,) = hours
    assert sorted(q["Properties"]["Name"] for q in queues.values()) == sorted(
        f"{name}-{synthesized.config.stage}" for name in QUEUE_NAMES
    )
    for queue in queues.values():
        assert queue["Properties"]["InstanceArn"] == synthesized.config.instance.arn
        assert queue["Properties"]["HoursOfOperationArn"] == {
            "Fn::GetAtt": [hours_id, "HoursOfOperationArn"]
        }


def test_contact_flow_is_an_active_contact_flow_of_the_instance(
    synthesized: SynthesizedApp,
) -> None:
    Template.from_json(synthesized.connect_template).has_resource_properties(
        "AWS::Connect::ContactFlow",
        {
            "InstanceArn": synthesized.config.instance.arn,
            "Type": "CONTACT_FLOW",
            "State": "ACTIVE",
            "Name": f"CustomerLookup-{synthesized.config.stage}",
        },
    )


def test_contact_flow_calls_the_functions_alias_by_its_deterministic_arn(
    synthesized: SynthesizedApp,
) -> None:
    actions = invoke_actions(synthesized.flow_content())
    assert actions
    assert {a["Parameters"]["LambdaFunctionARN"] for a in actions} == {ALIAS_ARNS[synthesized.mode]}


def test_contact_flow_waits_the_configured_invocation_time(synthesized: SynthesizedApp) -> None:
    actions = invoke_actions(synthesized.flow_content())
    assert {int(a["Parameters"]["InvocationTimeLimitSeconds"]) for a in actions} == {
        synthesized.config.invocation_timeout_seconds
    }


def test_contact_flow_routes_to_the_queues_of_this_stack(synthesized: SynthesizedApp) -> None:
    queues = resources_of(synthesized.connect_template, "AWS::Connect::Queue")
    assert queue_ids_in(synthesized.flow_content()) == {
        f"${{Token[{queue_id}.QueueArn]}}" for queue_id in queues
    }


def test_deployed_flow_content_has_no_validator_error(synthesized: SynthesizedApp) -> None:
    findings = validate_content(synthesized.flow_content())
    assert not [f for f in findings if f.severity == "error"], findings


def connect_stack_alone(tmp_path: Path, **overrides: Any) -> tuple[ConnectStack, dict[str, Any]]:
    """A Connect stack without the lookup stack: no bundling, quick to synthesize."""
    app = cdk.App(outdir=str(tmp_path))
    instance = SANDBOX_INSTANCE
    properties: dict[str, Any] = {
        "instance": instance,
        "stage": "dev",
        "queue_names": QUEUE_NAMES,
        "existing_queue_arns": {},
        "time_zone": "America/New_York",
        "lookup_function_arn": f"arn:aws:lambda:us-east-1:{instance.account}:function:x",
        "associate_function": True,
        "invocation_timeout_seconds": 4,
        **overrides,
    }
    stack = ConnectStack(
        app,
        "Connect",
        env=cdk.Environment(account=instance.account, region=instance.region),
        **properties,
    )
    return stack, dict(Template.from_stack(stack).to_json())


def test_existing_queues_are_used_instead_of_created_ones(tmp_path: Path) -> None:
    existing = {
        name: f"{SANDBOX_INSTANCE.arn}/queue/{index:08d}-0000-4000-8000-000000000000"
        for index, name in enumerate(QUEUE_NAMES)
    }
    _, template = connect_stack_alone(tmp_path, existing_queue_arns=existing)
    assert not resources_of(template, "AWS::Connect::Queue")
    assert not resources_of(template, "AWS::Connect::HoursOfOperation")
    (flow,) = resources_of(template, "AWS::Connect::ContactFlow").values()
    content = json.loads(render_references(flow["Properties"]["Content"]))
    assert queue_ids_in(content) == set(existing.values())


def test_only_the_queues_not_configured_are_created(tmp_path: Path) -> None:
    general = f"{SANDBOX_INSTANCE.arn}/queue/11111111-0000-4000-8000-000000000000"
    _, template = connect_stack_alone(tmp_path, existing_queue_arns={"General": general})
    names = {
        q["Properties"]["Name"] for q in resources_of(template, "AWS::Connect::Queue").values()
    }
    assert names == {f"{name}-dev" for name in QUEUE_NAMES if name != "General"}


def test_an_invalid_flow_stops_synthesis_with_the_validators_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real flow with one block sent to an action that does not exist: the validator's
    # UNKNOWN_TARGET finding must stop the stack, naming the block.
    def broken_flow(settings: CustomerLookupFlowSettings) -> Flow:
        content = build_customer_lookup_flow(settings).to_dict()
        content["Actions"][0]["Transitions"]["NextAction"] = "No such block"
        return parse_flow(content)

    monkeypatch.setattr(contact_flow, "build_customer_lookup_flow", broken_flow)
    with pytest.raises(FlowValidationError) as raised:
        contact_flow.customer_lookup_flow_content(
            flow_name="CustomerLookup-dev",
            lookup_function_arn="arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev",
            queue_arns={name: f"${{Token[{name}.QueueArn]}}" for name in QUEUE_NAMES},
            invocation_timeout_seconds=4,
        )
    first_block = build_customer_lookup_flow(
        CustomerLookupFlowSettings(
            lookup_function_arn="arn:aws:lambda:us-east-1:111111111111:function:f",
            queue_arns={name: f"${{Token[{name}.QueueArn]}}" for name in QUEUE_NAMES},
        )
    ).to_dict()["Actions"][0]["Identifier"]
    assert [f.code for f in raised.value.findings if f.severity == "error"] == ["UNKNOWN_TARGET"]
    assert f"UNKNOWN_TARGET at {first_block}" in str(raised.value)
