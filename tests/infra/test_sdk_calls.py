"""Every AWS call the app makes through a custom resource passes botocore's validation.

The calls are found by walking the synthesized templates of every mode (not a list kept by
hand), so a custom resource added later is checked too; the checker itself is shown to catch a
wrong parameter name, a wrong shape, an unknown operation and an ARN where an id is wanted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from stacks.sdk_calls import DEPLOY_TIME_VALUE, SdkCall, call_problems, sdk_calls
from tests.infra.conftest import COLD_START_OPTIONS, MODES, SynthesizedApp

pytestmark = pytest.mark.infra


def calls_of(app: SynthesizedApp) -> list[SdkCall]:
    return [
        call
        for path in sorted(app.directory.glob("*.template.json"))
        for call in sdk_calls(json.loads(path.read_text()))
    ]


def custom_resources_with_calls(app: SynthesizedApp) -> int:
    count = 0
    for path in app.directory.glob("*.template.json"):
        for resource in json.loads(path.read_text())["Resources"].values():
            if resource["Type"].startswith("Custom::") and "Create" in resource["Properties"]:
                count += 1
    return count


@pytest.mark.parametrize("mode", [*MODES, *COLD_START_OPTIONS])
def test_every_custom_resource_call_of_the_app_passes_botocores_validation(
    synthesized_app: Callable[[str], SynthesizedApp], mode: str
) -> None:
    app = synthesized_app(mode)
    calls = calls_of(app)
    problems = [problem for call in calls for problem in call_problems(call)]
    assert problems == []
    # Each custom resource that makes calls was read in every phase it has.
    assert {call.resource for call in calls} == {
        call.resource for call in calls if call.phase == "Create"
    }
    assert len({call.resource for call in calls}) == custom_resources_with_calls(app)


def test_the_phone_number_association_is_among_the_calls_checked(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("configured")
    assert app.config.phone_number_arn is not None
    number_id = app.config.phone_number_arn.rsplit("/", 1)[1]
    by_phase = {call.phase: call for call in calls_of(app)}
    assert set(by_phase) == {"Create", "Update", "Delete"}
    assert by_phase["Create"].action == "AssociatePhoneNumberContactFlow"
    assert by_phase["Delete"].action == "DisassociatePhoneNumberContactFlow"
    for call in by_phase.values():
        assert call.parameters["PhoneNumberId"] == number_id
        assert call.parameters["InstanceId"] == app.config.instance.instance_id
    # The flow's id is known only at deployment.
    assert by_phase["Create"].parameters["ContactFlowId"] == DEPLOY_TIME_VALUE


def template_with_call(phase: str, call: dict[str, Any]) -> dict[str, Any]:
    return {
        "Resources": {
            "Thing": {
                "Type": "Custom::Thing",
                "Properties": {
                    "ServiceToken": {"Fn::GetAtt": ["Provider", "Arn"]},
                    phase: json.dumps(call),
                },
            }
        }
    }


GOOD_CALL = {
    "service": "Connect",
    "action": "AssociatePhoneNumberContactFlow",
    "parameters": {
        "PhoneNumberId": "5b2c3d4e-0000-4000-8000-00000000a1a1",
        "InstanceId": "00000000-0000-4000-8000-000000000000",
        "ContactFlowId": "11111111-0000-4000-8000-000000000000",
    },
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"parameters": {**GOOD_CALL["parameters"], "PhoneNumber": "x"}}, "Unknown parameter"),
        (
            {"parameters": {"InstanceId": "i", "ContactFlowId": "f"}},
            'Missing required parameter in input: "PhoneNumberId"',
        ),
        (
            {"parameters": {**GOOD_CALL["parameters"], "InstanceId": ["i"]}},
            "Invalid type for parameter InstanceId",
        ),
        ({"action": "AssociatePhoneNumberFlow"}, "has no operation 'AssociatePhoneNumberFlow'"),
        ({"service": "Konnect"}, "no AWS service 'Konnect'"),
        (
            {
                "parameters": {
                    **GOOD_CALL["parameters"],
                    "PhoneNumberId": "arn:aws:connect:us-east-1:111111111111:phone-number/x",
                }
            },
            "PhoneNumberId is given the ARN",
        ),
    ],
)
def test_the_check_reports_a_wrong_call(change: dict[str, Any], expected: str) -> None:
    template = template_with_call("Update", {**GOOD_CALL, **change})
    [call] = sdk_calls(template)
    problems = call_problems(call)
    assert len(problems) == 1, problems
    assert problems[0].startswith("Thing Update: ")
    assert expected in problems[0]


@pytest.mark.parametrize(
    ("service", "action"),
    [
        ("Connect", "AssociatePhoneNumberContactFlow"),
        ("connect", "associatePhoneNumberContactFlow"),
        ("@aws-sdk/client-connect", "AssociatePhoneNumberContactFlowCommand"),
    ],
)
def test_the_check_reads_the_service_and_action_as_either_sdk_writes_them(
    service: str, action: str
) -> None:
    [call] = sdk_calls(
        template_with_call("Create", {**GOOD_CALL, "service": service, "action": action})
    )
    assert call_problems(call) == []


def test_a_service_named_by_its_sdk_v2_class_is_found_through_its_service_id() -> None:
    call = SdkCall(
        resource="Logs",
        phase="Create",
        service="CloudWatchLogs",
        action="putRetentionPolicy",
        parameters={"logGroupName": "/aws/lambda/x", "retentionInDays": 30},
    )
    assert call_problems(call) == []
    wrong = SdkCall(**{**call.__dict__, "parameters": {"logGroupName": "/aws/lambda/x"}})
    assert "retentionInDays" in " ".join(call_problems(wrong))


def test_values_resolved_at_deployment_are_read_as_strings() -> None:
    text = json.dumps(GOOD_CALL)
    head, tail = text.split("11111111-0000-4000-8000-000000000000")
    template = {
        "Resources": {
            "Thing": {
                "Type": "Custom::Thing",
                "Properties": {
                    "Create": {
                        "Fn::Join": [
                            "",
                            [head, {"Fn::Select": [3, {"Fn::Split": ["/", "x"]}]}, tail],
                        ]
                    }
                },
            }
        }
    }
    [call] = sdk_calls(template)
    assert call.parameters["ContactFlowId"] == DEPLOY_TIME_VALUE
    assert call_problems(call) == []


def test_an_arn_resolved_at_deployment_where_an_id_is_wanted_is_reported() -> None:
    # The flow's ARN attribute given whole, where only the id (the ARN's last part) will do.
    text = json.dumps(GOOD_CALL)
    head, tail = text.split('"11111111-0000-4000-8000-000000000000"')
    template = {
        "Resources": {
            "Thing": {
                "Type": "Custom::Thing",
                "Properties": {
                    "Create": {
                        "Fn::Join": [
                            "",
                            [head + '"', {"Fn::GetAtt": ["Flow", "ContactFlowArn"]}, '"' + tail],
                        ]
                    }
                },
            }
        }
    }
    [call] = sdk_calls(template)
    [problem] = call_problems(call)
    assert "ContactFlowId is given the ARN 'arn:(Fn::GetAtt Flow.ContactFlowArn)'" in problem
