"""The Connect stack, in every mode: association, hours, queues, the validated contact flow, and
the order CloudFormation creates them in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template
from cfnlint.data import AdditionalSpecs

from flows.customer_lookup.flow import (
    ENABLE_FLOW_LOGGING,
    CustomerLookupFlowSettings,
    build_customer_lookup_flow,
)
from flows.customer_lookup.routing import RoutingTable
from flows.language.arns import parse_connect_instance_arn
from flows.model.flow import Flow, parse_flow
from flows.validator import validate_content
from stacks import contact_flow
from stacks.connect_stack import FLOW_LOGS_NOTE, SANDBOX_NOTE, ConnectStack
from stacks.contact_flow import FlowValidationError
from stacks.synth_summary import summarize
from tests.fixtures import ROUTING_TABLE
from tests.infra.conftest import (
    ALIAS_ARNS,
    FIXTURE_CONTEXT,
    PHONE_NUMBER_ARN,
    REPO_ROOT,
    SynthesizedApp,
    fixture_application,
    render_references,
    synthesize,
)

pytestmark = pytest.mark.infra

QUEUE_NAMES = ROUTING_TABLE.queues
SANDBOX_INSTANCE = parse_connect_instance_arn(FIXTURE_CONTEXT["instance_arn"])
EXISTING_HOURS = f"{SANDBOX_INSTANCE.arn}/operating-hours/22222222-0000-4000-8000-000000000000"


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


def hours_ids_in(content: dict[str, Any]) -> set[str]:
    return {
        action["Parameters"]["HoursOfOperationId"]
        for action in content["Actions"]
        if action["Type"] == "CheckHoursOfOperation"
    }


def flow_resource(template: dict[str, Any]) -> dict[str, Any]:
    (flow,) = resources_of(template, "AWS::Connect::ContactFlow").values()
    return flow


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
    # "configured" is the same region too.
    expected = 1 if synthesized.mode in {"same-region", "configured"} else 0
    assert len(associations) == expected
    for association in associations.values():
        assert association["Properties"] == {
            "InstanceId": synthesized.config.instance.arn,
            "IntegrationType": "LAMBDA_FUNCTION",
            "IntegrationArn": ALIAS_ARNS[synthesized.mode],
        }


def test_hours_of_operation_are_created_in_the_instance_in_its_regions_time(
    synthesized: SynthesizedApp,
) -> None:
    # The sandbox instance is in us-east-1, US East (N. Virginia).
    Template.from_json(synthesized.connect_template).has_resource_properties(
        "AWS::Connect::HoursOfOperation",
        {
            "InstanceArn": synthesized.config.instance.arn,
            "TimeZone": "America/New_York",
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


def only(resources: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    assert len(resources) == 1, f"expected one resource, found {sorted(resources)}"
    ((logical_id, resource),) = resources.items()
    return logical_id, resource


def test_a_routing_profile_offers_every_flow_queue_for_voice_calls(
    synthesized: SynthesizedApp,
) -> None:
    _, profile = only(resources_of(synthesized.connect_template, "AWS::Connect::RoutingProfile"))
    queue_arn = {
        queue["Properties"]["Name"]: {"Fn::GetAtt": [logical_id, "QueueArn"]}
        for logical_id, queue in resources_of(
            synthesized.connect_template, "AWS::Connect::Queue"
        ).items()
    }
    assert profile["Properties"] == {
        "InstanceArn": synthesized.config.instance.arn,
        "Name": "CustomerLookup-dev",
        "Description": "Agents who answer the customer-lookup queues",
        "DefaultOutboundQueueArn": queue_arn["General-dev"],
        "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}],
        "QueueConfigs": [
            {
                "Delay": 0,
                "Priority": 1,
                "QueueReference": {"Channel": "VOICE", "QueueArn": queue_arn[f"{name}-dev"]},
            }
            for name in ("General", "Priority", "Spanish", "CaseSpecialists")
        ],
    }


def test_the_outputs_say_that_agents_must_be_assigned_to_the_routing_profile(
    synthesized: SynthesizedApp,
) -> None:
    profile_id, _ = only(resources_of(synthesized.connect_template, "AWS::Connect::RoutingProfile"))
    assert synthesized.connect_template["Outputs"]["AssignAgentsToRoutingProfile"] == {
        "Description": "No call is answered until agents are assigned to this routing profile",
        "Value": {"Fn::GetAtt": [profile_id, "RoutingProfileArn"]},
    }


def test_the_function_association_skipped_elsewhere_is_a_note_saying_what_to_check(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("cross-region")
    function = "arn:aws:lambda:eu-west-2:111111111111:function:customer-lookup-dev:live"
    instance = app.config.instance.arn
    assert (
        "  note: function association skipped: the function "
        f"({function}) is not in the instance's account and region (111111111111, us-east-1), "
        "and Connect lists only functions of its own; the flow calls it by ARN and its resource "
        "policy admits the instance, so nothing is needed; check that policy with "
        f"scripts/grant_connect_access.py --check --function {function} --instance-arn {instance}"
    ) in summarize(app.directory)


def test_no_association_note_when_the_function_is_with_the_instance(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    summary = summarize(synthesized_app("same-region").directory)
    assert not [line for line in summary if "association skipped" in line]


@pytest.mark.parametrize("mode", ["same-region", "cross-region", "cross-account"])
def test_without_a_phone_number_nothing_is_associated_and_the_note_says_how_to_attach_one(
    synthesized_app: Callable[[str], SynthesizedApp], mode: str
) -> None:
    app = synthesized_app(mode)
    assert not resources_of(app.connect_template, "Custom::PhoneNumberContactFlowAssociation")
    assert not resources_of(app.connect_template, "AWS::Lambda::Function")
    assert (
        "  note: no phone number is sent to the flow 'CustomerLookup-dev': after deploying, "
        "attach a claimed number to it in the Connect console (Channels, Phone numbers), or "
        "deploy with -c phone_number_arn=ARN"
    ) in summarize(app.directory)


def phone_number_association(app: SynthesizedApp) -> dict[str, Any]:
    _, association = only(
        resources_of(app.connect_template, "Custom::PhoneNumberContactFlowAssociation")
    )
    return association["Properties"]


def sdk_call_with_flow_id(value: Any, flow_id: str) -> dict[str, Any]:
    """The AwsCustomResource call as JSON. Its one reference must be the flow's id, the last part
    of the flow's ARN taken by CloudFormation at deployment; it is shown as FLOW-ID."""
    separator, parts = value["Fn::Join"]
    flow_arn = {"Fn::GetAtt": [flow_id, "ContactFlowArn"]}
    assert [part for part in parts if not isinstance(part, str)] == [
        {"Fn::Select": [3, {"Fn::Split": ["/", flow_arn]}]}
    ]
    call: dict[str, Any] = json.loads(
        separator.join(part if isinstance(part, str) else "FLOW-ID" for part in parts)
    )
    return call


# The APIs take the number's id (an ARN only for a number in a traffic distribution group):
# the last part of the configured ARN.
PHONE_NUMBER_ID = PHONE_NUMBER_ARN.rsplit("/", 1)[1]


def test_the_phone_number_is_associated_with_the_flow_on_create_and_update(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("configured")
    flow_id, _ = only(resources_of(app.connect_template, "AWS::Connect::ContactFlow"))
    properties = phone_number_association(app)
    expected = {
        "service": "Connect",
        "action": "AssociatePhoneNumberContactFlow",
        "parameters": {
            "PhoneNumberId": PHONE_NUMBER_ID,
            "InstanceId": "00000000-0000-4000-8000-000000000000",
            "ContactFlowId": "FLOW-ID",
        },
        "physicalResourceId": {"id": PHONE_NUMBER_ARN},
    }
    assert sdk_call_with_flow_id(properties["Create"], flow_id) == expected
    assert sdk_call_with_flow_id(properties["Update"], flow_id) == expected


def test_the_phone_number_is_detached_from_the_flow_on_delete(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    properties = phone_number_association(synthesized_app("configured"))
    assert json.loads(properties["Delete"]) == {
        "service": "Connect",
        "action": "DisassociatePhoneNumberContactFlow",
        "parameters": {
            "PhoneNumberId": PHONE_NUMBER_ID,
            "InstanceId": "00000000-0000-4000-8000-000000000000",
        },
    }
    assert properties["InstallLatestAwsSdk"] is False


def provider_role_statements(app: SynthesizedApp) -> list[dict[str, Any]]:
    _, role = only(resources_of(app.connect_template, "AWS::IAM::Role"))
    assert "ManagedPolicyArns" not in role["Properties"]
    return [
        statement
        for policy in role["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def test_the_association_may_touch_only_the_number_the_flow_and_its_own_logs(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("configured")
    flow_id, _ = only(resources_of(app.connect_template, "AWS::Connect::ContactFlow"))
    log_group_id, _ = only(resources_of(app.connect_template, "AWS::Logs::LogGroup"))
    assert provider_role_statements(app) == [
        {
            "Action": "connect:AssociatePhoneNumberContactFlow",
            "Effect": "Allow",
            "Resource": [PHONE_NUMBER_ARN, {"Fn::GetAtt": [flow_id, "ContactFlowArn"]}],
        },
        {
            "Action": "connect:DisassociatePhoneNumberContactFlow",
            "Effect": "Allow",
            "Resource": PHONE_NUMBER_ARN,
        },
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [log_group_id, "Arn"]},
        },
    ]


def resource_type_of(resource: Any) -> str:
    """The Connect resource type a granted resource is: a phone number ARN or the flow's ARN."""
    if isinstance(resource, str) and ":phone-number/" in resource:
        return "phone-number"
    if (
        isinstance(resource, dict)
        and resource.get("Fn::GetAtt", [None, None])[1] == "ContactFlowArn"
    ):
        return "contact-flow"
    raise AssertionError(f"unexpected resource {resource!r}")


def test_each_connect_action_is_granted_on_the_resource_types_the_authorization_reference_lists(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    # cfn-lint ships a copy of the Service Authorization Reference's tables (Policies.json),
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html.
    policies = Path(str(AdditionalSpecs.__file__)).parent / "Policies.json"
    reference = json.loads(policies.read_text())["connect"]["Actions"]
    granted = {
        statement["Action"]: sorted(
            resource_type_of(resource)
            for resource in (
                statement["Resource"]
                if isinstance(statement["Resource"], list)
                else [statement["Resource"]]
            )
        )
        for statement in provider_role_statements(synthesized_app("configured"))
        if str(statement["Action"]).startswith("connect:")
    }
    listed = {
        action: sorted(reference[action.removeprefix("connect:").lower()]["Resources"])
        for action in granted
    }
    assert granted == listed


def test_the_routing_profile_can_be_left_out(tmp_path: Path) -> None:
    stack, template = connect_stack_alone(tmp_path, create_routing_profile=False)
    assert not resources_of(template, "AWS::Connect::RoutingProfile")
    assert "AssignAgentsToRoutingProfile" not in template.get("Outputs", {})
    assert stack.routing_profile is None


def test_the_routing_profile_offers_existing_queues_too(tmp_path: Path) -> None:
    general = f"{SANDBOX_INSTANCE.arn}/queue/11111111-0000-4000-8000-000000000000"
    _, template = connect_stack_alone(tmp_path, existing_queue_arns={"General": general})
    _, profile = only(resources_of(template, "AWS::Connect::RoutingProfile"))
    queues = [
        config["QueueReference"]["QueueArn"] for config in profile["Properties"]["QueueConfigs"]
    ]
    assert queues == [
        general,
        {"Fn::GetAtt": ["PriorityQueue", "QueueArn"]},
        {"Fn::GetAtt": ["SpanishQueue", "QueueArn"]},
        {"Fn::GetAtt": ["CaseSpecialistsQueue", "QueueArn"]},
    ]
    assert profile["Properties"]["DefaultOutboundQueueArn"] == general


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


def test_contact_flow_checks_the_hours_of_this_stack(synthesized: SynthesizedApp) -> None:
    (hours_id,) = resources_of(synthesized.connect_template, "AWS::Connect::HoursOfOperation")
    assert hours_ids_in(synthesized.flow_content()) == {
        f"${{Token[{hours_id}.HoursOfOperationArn]}}"
    }


def test_contact_flow_depends_on_everything_of_its_stack_it_names(
    synthesized: SynthesizedApp,
) -> None:
    template = synthesized.connect_template
    named = [
        *resources_of(template, "AWS::Connect::HoursOfOperation"),
        *resources_of(template, "AWS::Connect::Queue"),
        *resources_of(template, "AWS::Connect::IntegrationAssociation"),
    ]
    assert sorted(flow_resource(template)["DependsOn"]) == sorted(named)


def test_contact_flow_depends_on_the_association_when_there_is_one(
    synthesized: SynthesizedApp,
) -> None:
    template = synthesized.connect_template
    associations = list(resources_of(template, "AWS::Connect::IntegrationAssociation"))
    depends_on = flow_resource(template)["DependsOn"]
    assert [a for a in associations if a in depends_on] == associations
    assert len(associations) == (1 if synthesized.mode in {"same-region", "configured"} else 0)


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
        "routing_table": ROUTING_TABLE,
        "test_cases_dir": fixture_application().test_cases_dir,
        **overrides,
    }
    stack = ConnectStack(
        app,
        "Connect",
        env=cdk.Environment(account=instance.account, region=instance.region),
        **properties,
    )
    return stack, dict(Template.from_stack(stack).to_json())


def test_existing_queues_and_hours_are_used_instead_of_created_ones(tmp_path: Path) -> None:
    existing = {
        name: f"{SANDBOX_INSTANCE.arn}/queue/{index:08d}-0000-4000-8000-000000000000"
        for index, name in enumerate(QUEUE_NAMES)
    }
    _, template = connect_stack_alone(
        tmp_path, existing_queue_arns=existing, existing_hours_of_operation_arn=EXISTING_HOURS
    )
    assert not resources_of(template, "AWS::Connect::Queue")
    assert not resources_of(template, "AWS::Connect::HoursOfOperation")
    flow = flow_resource(template)
    content = json.loads(render_references(flow["Properties"]["Content"]))
    assert queue_ids_in(content) == set(existing.values())
    assert hours_ids_in(content) == {EXISTING_HOURS}
    assert flow["DependsOn"] == list(resources_of(template, "AWS::Connect::IntegrationAssociation"))


def test_only_the_queues_not_configured_are_created(tmp_path: Path) -> None:
    general = f"{SANDBOX_INSTANCE.arn}/queue/11111111-0000-4000-8000-000000000000"
    _, template = connect_stack_alone(tmp_path, existing_queue_arns={"General": general})
    names = {
        q["Properties"]["Name"] for q in resources_of(template, "AWS::Connect::Queue").values()
    }
    assert names == {f"{name}-dev" for name in QUEUE_NAMES if name != "General"}


def test_created_queues_keep_the_configured_existing_hours(tmp_path: Path) -> None:
    _, template = connect_stack_alone(tmp_path, existing_hours_of_operation_arn=EXISTING_HOURS)
    assert not resources_of(template, "AWS::Connect::HoursOfOperation")
    queue_hours = {
        q["Properties"]["HoursOfOperationArn"]
        for q in resources_of(template, "AWS::Connect::Queue").values()
    }
    assert queue_hours == {EXISTING_HOURS}


def test_an_invalid_flow_stops_synthesis_with_the_validators_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real flow with its first block sent to an action that does not exist: the validator's
    # UNKNOWN_TARGET finding must stop the stack, naming the block.
    def broken_flow(settings: CustomerLookupFlowSettings, table: RoutingTable) -> Flow:
        content = build_customer_lookup_flow(settings, table).to_dict()
        for action in content["Actions"]:
            if action["Identifier"] == ENABLE_FLOW_LOGGING:
                action["Transitions"]["NextAction"] = "No such block"
        return parse_flow(content)

    monkeypatch.setattr(contact_flow, "build_customer_lookup_flow", broken_flow)
    with pytest.raises(FlowValidationError) as raised:
        contact_flow.customer_lookup_flow_content(
            flow_name="CustomerLookup-dev",
            lookup_function_arn="arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev",
            queue_arns={name: f"${{Token[{name}.QueueArn]}}" for name in QUEUE_NAMES},
            hours_of_operation_arn="${Token[Hours.HoursOfOperationArn]}",
            invocation_timeout_seconds=4,
            table=ROUTING_TABLE,
        )
    assert [f.code for f in raised.value.findings if f.severity == "error"] == ["UNKNOWN_TARGET"]
    assert f"UNKNOWN_TARGET at {ENABLE_FLOW_LOGGING}" in str(raised.value)


# The app with the tests' routing table and a new route that lacks its greeting, in place of
# flows/customer_lookup/routing.py's table before the flow module reads it, then app.py run as
# the CDK CLI runs it.
APP_WITH_A_BROKEN_ROUTE = """
import dataclasses, runpy
from flows.customer_lookup import routing
from flows.customer_lookup.routing import Condition, Route
from tests.fixtures import ROUTING_TABLE
silver = Route(
    "SILVER_MEMBER", when=Condition("membershipStatus", "Equals", "SILVER"), queue="General"
)
routes = ROUTING_TABLE.routes
routing.ROUTING_TABLE = dataclasses.replace(
    ROUTING_TABLE, routes=(*routes[:-1], silver, routes[-1])
)
runpy.run_path("app.py", run_name="__main__")
"""


def test_the_cdk_app_reports_a_mistake_in_the_routing_table_as_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CDK_CONTEXT_JSON": json.dumps(dict(FIXTURE_CONTEXT)),
        "CDK_OUTDIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", APP_WITH_A_BROKEN_ROUTE],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert [line for line in result.stderr.splitlines() if line.startswith("cdk app:")] == [
        "cdk app: routing table: route SILVER_MEMBER: greeting_en: missing; callers not known "
        "to prefer Spanish take this route and hear it"
    ]
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.template.json"))


# --- What synthesis says to the person about to deploy


def test_synth_notes_say_the_sandbox_instance_is_still_configured(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    assert f"  note: {SANDBOX_NOTE}" in summarize(synthesized_app("same-region").directory)


def test_synth_notes_say_nothing_of_the_sandbox_for_an_instance_of_ones_own(
    tmp_path: Path,
) -> None:
    own = "arn:aws:connect:eu-west-2:210987654321:instance/4f1c2b3a-9d8e-4a7b-8c6d-5e4f3a2b1c0d"
    summary = summarize(synthesize({"instance_arn": own}, tmp_path).directory)
    assert SANDBOX_NOTE not in summary
    assert f"  note: {FLOW_LOGS_NOTE}" in summary
