"""Console-shaped exports of a small set of flows, for the tests of adopt, render, plan and the
adopted-flows stack: built here, with their own instance, account and names.

The set: "Front door" (inbound) invokes a function of another account, runs the module
"Check PIN", sets "Whisper" as its agent whisper flow, checks hours, queues, and transfers to
"Closed"; "Closed" plays a prompt and transfers back to "Front door" (a cycle). "Whisper" says
nothing of its type: the set implies it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SOURCE_ACCOUNT = "123412341234"
FUNCTION_ACCOUNT = "987698769876"
REGION = "eu-west-2"
INSTANCE_ID = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa"
INSTANCE_ARN = f"arn:aws:connect:{REGION}:{SOURCE_ACCOUNT}:instance/{INSTANCE_ID}"


def resource_arn(segment: str, number: int) -> str:
    return f"{INSTANCE_ARN}/{segment}/bbbbbbbb-2222-4222-8222-{number:012d}"


FLOW_ARNS = {
    "Front door": resource_arn("contact-flow", 1),
    "Closed": resource_arn("contact-flow", 2),
    "Whisper": resource_arn("contact-flow", 3),
}
MODULE_ARN = resource_arn("flow-module", 4)
QUEUE_ARN = resource_arn("queue", 5)
HOURS_ARN = resource_arn("operating-hours", 6)
PROMPT_ARN = resource_arn("prompt", 7)
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{FUNCTION_ACCOUNT}:function:orders-lookup"
MODULE_FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{FUNCTION_ACCOUNT}:function:pin-check:prod"


def _errors(target: str, *types: str) -> list[dict[str, str]]:
    return [{"NextAction": target, "ErrorType": t} for t in (*types, "NoMatchingError")]


def _export(
    name: str,
    flow_type: str | None,
    start: str,
    actions: list[dict[str, Any]],
    shown: dict[str, dict[str, Any]],
    *,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for index, action in enumerate(actions):
        entries[action["Identifier"]] = {"position": {"x": 100 + 250 * index, "y": 50}}
        entries[action["Identifier"]].update(shown.get(action["Identifier"], {}))
    metadata: dict[str, Any] = {
        "entryPointPosition": {"x": 20, "y": 20},
        "ActionMetadata": entries,
        "name": name,
    }
    if flow_type is not None:
        metadata["type"] = flow_type
    content: dict[str, Any] = {
        "Version": "2019-10-30",
        "StartAction": start,
        "Metadata": metadata,
        "Actions": actions,
    }
    if settings is not None:
        content["Settings"] = settings
    return content


def front_door() -> dict[str, Any]:
    actions = [
        {
            "Parameters": {"LambdaFunctionARN": FUNCTION_ARN, "InvocationTimeLimitSeconds": "3"},
            "Identifier": "lookup",
            "Type": "InvokeLambdaFunction",
            "Transitions": {"NextAction": "pin", "Errors": _errors("pin")},
        },
        {
            "Parameters": {"FlowModuleId": MODULE_ARN},
            "Identifier": "pin",
            "Type": "InvokeFlowModule",
            "Transitions": {"NextAction": "whisper", "Errors": _errors("bye")},
        },
        {
            "Parameters": {"EventHooks": {"AgentWhisper": FLOW_ARNS["Whisper"]}},
            "Identifier": "whisper",
            "Type": "UpdateContactEventHooks",
            "Transitions": {"NextAction": "hours", "Errors": _errors("hours")},
        },
        {
            "Parameters": {"HoursOfOperationId": HOURS_ARN},
            "Identifier": "hours",
            "Type": "CheckHoursOfOperation",
            "Transitions": {
                "NextAction": "closed",
                "Conditions": [
                    {
                        "NextAction": "queue",
                        "Condition": {"Operator": "Equals", "Operands": ["True"]},
                    },
                    {
                        "NextAction": "closed",
                        "Condition": {"Operator": "Equals", "Operands": ["False"]},
                    },
                ],
                "Errors": _errors("closed"),
            },
        },
        {
            "Parameters": {"QueueId": QUEUE_ARN},
            "Identifier": "queue",
            "Type": "UpdateContactTargetQueue",
            "Transitions": {"NextAction": "transfer", "Errors": _errors("bye")},
        },
        {
            "Parameters": {},
            "Identifier": "transfer",
            "Type": "TransferContactToQueue",
            "Transitions": {"NextAction": "bye", "Errors": _errors("bye", "QueueAtCapacity")},
        },
        {
            "Parameters": {"ContactFlowId": FLOW_ARNS["Closed"]},
            "Identifier": "closed",
            "Type": "TransferToFlow",
            "Transitions": {"NextAction": "bye", "Errors": _errors("bye")},
        },
        {"Parameters": {}, "Identifier": "bye", "Type": "DisconnectParticipant", "Transitions": {}},
    ]
    shown = {
        "pin": {"parameters": {"FlowModuleId": {"displayName": "Check PIN"}}},
        "whisper": {
            "parameters": {"EventHooks": {"AgentWhisper": {"displayName": "Whisper"}}},
            "contactFlow": {"text": "Whisper", "id": FLOW_ARNS["Whisper"]},
        },
        "hours": {"parameters": {"HoursOfOperationId": {"displayName": "Office hours"}}},
        "queue": {
            "parameters": {"QueueId": {"displayName": "Orders"}},
            "queue": {"text": "Orders"},
        },
        "closed": {"parameters": {"ContactFlowId": {"displayName": "Closed"}}},
    }
    return _export("Front door", "contactFlow", "lookup", actions, shown)


def closed() -> dict[str, Any]:
    actions = [
        {
            "Parameters": {"PromptId": PROMPT_ARN},
            "Identifier": "sorry",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": "back", "Errors": _errors("bye")},
        },
        {
            "Parameters": {"ContactFlowId": FLOW_ARNS["Front door"]},
            "Identifier": "back",
            "Type": "TransferToFlow",
            "Transitions": {"NextAction": "bye", "Errors": _errors("bye")},
        },
        {"Parameters": {}, "Identifier": "bye", "Type": "DisconnectParticipant", "Transitions": {}},
    ]
    shown = {
        "sorry": {"parameters": {"PromptId": {"displayName": "Closed.wav"}}},
        "back": {"parameters": {"ContactFlowId": {"displayName": "Front door"}}},
    }
    return _export("Closed", "contactFlow", "sorry", actions, shown)


def whisper() -> dict[str, Any]:
    actions = [
        {
            "Parameters": {"Text": "An order caller"},
            "Identifier": "say",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": "end", "Errors": _errors("end")},
        },
        {"Parameters": {}, "Identifier": "end", "Type": "EndFlowExecution", "Transitions": {}},
    ]
    return _export("Whisper", None, "say", actions, {})


def check_pin() -> dict[str, Any]:
    actions = [
        {
            "Parameters": {"LambdaFunctionARN": MODULE_FUNCTION_ARN},
            "Identifier": "check",
            "Type": "InvokeLambdaFunction",
            "Transitions": {"NextAction": "done", "Errors": _errors("done")},
        },
        {
            "Parameters": {},
            "Identifier": "done",
            "Type": "EndFlowModuleExecution",
            "Transitions": {},
        },
    ]
    settings = {"InputParameters": [], "OutputParameters": [], "Transitions": []}
    return _export("Check PIN", None, "check", actions, {}, settings=settings)


EXPORTS = {
    "Front door": front_door,
    "Closed": closed,
    "Whisper": whisper,
    "Check PIN": check_pin,
}
# The source values adoption must take out of the code: the instance, and both accounts.
SOURCE_TRACES = (SOURCE_ACCOUNT, FUNCTION_ACCOUNT, INSTANCE_ID)


def write_exports(folder: Path, names: tuple[str, ...] = tuple(EXPORTS)) -> list[Path]:
    """Write the named exports as console files (``NAME.json``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(EXPORTS[name](), indent=2), encoding="utf-8")
        paths.append(path)
    return paths
