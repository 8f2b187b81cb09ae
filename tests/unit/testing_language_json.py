"""Small writers of Testing-language JSON for the tests: test cases written by hand, the way
people write them, so that the tests read the JSON they are about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/"
    "queue/11111111-1111-4111-8111-111111111111"
)


def content(*observations: dict[str, Any], version: str = "2019-10-30") -> dict[str, Any]:
    return {"Version": version, "Metadata": {}, "Observations": list(observations)}


def observation(
    identifier: str,
    event: dict[str, Any],
    *actions: dict[str, Any],
    then: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Event": event,
        "Actions": list(actions),
        "Transitions": {"NextObservations": list(then)},
        **extra,
    }


def started() -> dict[str, Any]:
    return {"Identifier": "e-start", "Type": "TestInitiated", "Actor": "System", "Properties": {}}


def completed() -> dict[str, Any]:
    return {"Identifier": "e-done", "Type": "TestCompleted", "Actor": "System", "Properties": {}}


def message(text: str, criteria: str = "Inclusion") -> dict[str, Any]:
    return {
        "Identifier": "e-message",
        "Type": "MessageReceived",
        "Actor": "System",
        "Properties": {"Text": text, "MatchingCriteria": {"Type": criteria}},
    }


def flow_action(action_type: str, **parameters: Any) -> dict[str, Any]:
    return {
        "Identifier": "e-block",
        "Type": "FlowActionStarted",
        "Actor": "System",
        "Properties": {"ActionType": action_type, "ActionParameters": parameters},
    }


def press(identifier: str, value: object) -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "SendInstruction",
        "Parameters": {
            "ActionType": "SendInstruction",
            "Actor": "Customer",
            "Instruction": {"Type": "DtmfInput", "Properties": {"Value": value}},
        },
    }


def check(identifier: str, namespace: str, operator: str, operand: object = None) -> dict[str, Any]:
    parameters: dict[str, Any] = {"Namespace": namespace, "Operator": operator}
    if operand is not None:
        parameters["Operand"] = operand
    return {"Identifier": identifier, "Type": "Assert", "Parameters": parameters}


def end_test(identifier: str = "end") -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "TestControl",
        "Parameters": {"ActionType": "TestControl", "Command": {"Type": "EndTest"}},
    }


def mock_lambda(identifier: str, response: dict[str, Any]) -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "OverrideSystemBehavior",
        "Parameters": {
            "ActionType": "OverrideSystemBehavior",
            "Behavior": {
                "Type": "FlowAction",
                "Properties": {
                    "ActionType": "InvokeLambdaFunction",
                    "ActionParameters": {"LambdaFunctionARN": FUNCTION_ARN},
                    "Strategy": {"Type": "MockResponse", "Response": response},
                },
            },
        },
    }


def then_action(action: dict[str, Any], next_action: str) -> dict[str, Any]:
    return {**action, "Transitions": {"NextAction": next_action}}


def minimal_case() -> dict[str, Any]:
    """A case in the forms the live service accepted: start, greeting with a check, end."""
    return content(
        observation("start", started(), then=("greeting",)),
        observation(
            "greeting",
            message("Welcome"),
            check("tier", "$.Attributes.tier", "Equals", "GOLD"),
            end_test(),
        ),
    )


def write(tmp_path: Path, data: object, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
