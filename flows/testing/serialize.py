"""Writing test case content as JSON, deterministically.

Keys come in a fixed order (the order the documentation shows them: Identifier, Type, Actor,
Parameters / Properties, Transitions), and :func:`content_to_json` indents by two spaces and ends
with a newline, so a committed case diffs line by line and writing it twice gives the same bytes.
What the model holds is written as it is: a case read from elsewhere keeps its Version, Usage,
action Transitions and where its MatchingCriteria sat, and reads back equal to itself. The
builder (:mod:`flows.testing.builder`) only produces the forms the live service accepted.

Values such as ARNs are written untouched, so CDK tokens pass through; the CDK app serializes
:func:`content_to_dict`'s object with its stack's ``to_json_string`` so that they resolve.
"""

from __future__ import annotations

import json
from typing import Any

from flows.testing.model import (
    Action,
    Assert,
    Disconnect,
    DtmfInput,
    EndTest,
    EntryPoint,
    Event,
    ExecutionResult,
    FlowActionCompleted,
    FlowActionStarted,
    InitializationData,
    Instruction,
    MessageReceived,
    MockError,
    MockResponse,
    Observation,
    OverrideSystemBehavior,
    SendInstruction,
    SubstituteResource,
    TestCase,
    TestCaseContent,
    TestControl,
)


def content_to_dict(content: TestCaseContent) -> dict[str, Any]:
    """The ``Content`` object, keys in the documented order."""
    return {
        "Version": content.version,
        "Metadata": dict(content.metadata),
        "Observations": [_observation(observation) for observation in content.observations],
    }


def content_to_json(content: TestCaseContent) -> str:
    """The content as a file: two-space indent, non-ASCII kept, a final newline."""
    return json.dumps(content_to_dict(content), indent=2, ensure_ascii=False) + "\n"


def content_to_string(content: TestCaseContent) -> str:
    """The content as CreateTestCase's ``Content`` string (compact)."""
    return json.dumps(content_to_dict(content), ensure_ascii=False, separators=(",", ":"))


def entry_point_to_dict(entry_point: EntryPoint) -> dict[str, Any]:
    """CreateTestCase's / CloudFormation's ``EntryPoint``."""
    if entry_point.type == "CHAT":
        chat = {"FlowId": entry_point.flow_id} if entry_point.flow_id else {}
        return {"Type": "CHAT", "ChatEntryPointParameters": chat}
    voice = {
        key: value
        for key, value in (
            ("SourcePhoneNumber", entry_point.source_phone_number),
            ("DestinationPhoneNumber", entry_point.destination_phone_number),
            ("FlowId", entry_point.flow_id),
        )
        if value
    }
    return {"Type": entry_point.type, "VoiceCallEntryPointParameters": voice}


def initialization_data_to_string(data: InitializationData) -> str:
    """``InitializationData`` as the JSON string the API takes."""
    return json.dumps(dict(data.raw), ensure_ascii=False, separators=(",", ":"))


def to_describe_shape(case: TestCase) -> dict[str, Any]:
    """The DescribeTestCase shape, ``{"TestCase": {...}}``, with Content as a JSON string."""
    body: dict[str, Any] = {"Name": case.name}
    if case.description is not None:
        body["Description"] = case.description
    if case.entry_point is not None:
        body["EntryPoint"] = entry_point_to_dict(case.entry_point)
    if case.initialization_data is not None:
        body["InitializationData"] = initialization_data_to_string(case.initialization_data)
    body["Content"] = content_to_string(case.content)
    return {"TestCase": body}


def _observation(observation: Observation) -> dict[str, Any]:
    written: dict[str, Any] = {
        "Identifier": observation.identifier,
        "Event": _event(observation.event),
        "Actions": [_action(action) for action in observation.actions],
        "Transitions": {"NextObservations": list(observation.next_observations)},
    }
    if observation.usage is not None:
        usage: dict[str, Any] = {"Type": observation.usage.written}
        if observation.usage.times is not None:
            usage["Times"] = observation.usage.times
        written["Usage"] = usage
    return written


def _event(event: Event) -> dict[str, Any]:
    written: dict[str, Any] = {}
    if event.identifier is not None:
        written["Identifier"] = event.identifier
    written["Type"] = event.TYPE
    written["Actor"] = event.actor
    properties: dict[str, Any] = {}
    if isinstance(event, MessageReceived):
        if event.text is not None:
            properties["Text"] = event.text
        if event.ssml is not None:
            properties["SSML"] = event.ssml
        if event.prompt_id is not None:
            properties["PromptId"] = event.prompt_id
        if event.media is not None:
            properties["Media"] = {
                "Uri": event.media.uri,
                "SourceType": event.media.source_type,
                "MediaType": event.media.media_type,
            }
        if not event.criteria_on_event:
            properties["MatchingCriteria"] = {"Type": event.matching}
    elif isinstance(event, FlowActionStarted | FlowActionCompleted):
        properties["ActionType"] = event.action_type
        if event.action_parameters:
            properties["ActionParameters"] = dict(event.action_parameters)
    written["Properties"] = properties
    if isinstance(event, MessageReceived) and event.criteria_on_event:
        written["MatchingCriteria"] = event.matching
    return written


def _action(action: Action) -> dict[str, Any]:
    written: dict[str, Any] = {
        "Identifier": action.identifier,
        "Type": action.TYPE,
        "Parameters": _parameters(action),
    }
    if action.next_action is not None:
        written["Transitions"] = {"NextAction": action.next_action}
    return written


def _parameters(action: Action) -> dict[str, Any]:
    if isinstance(action, Assert):
        parameters: dict[str, Any] = {"Namespace": action.namespace, "Operator": action.operator}
        if action.operand is not None:
            parameters["Operand"] = action.operand
        return parameters
    if isinstance(action, SendInstruction):
        return {
            "ActionType": action.TYPE,
            "Actor": action.actor,
            "Instruction": _instruction(action.instruction),
        }
    if isinstance(action, OverrideSystemBehavior):
        return {
            "ActionType": action.TYPE,
            "Behavior": {
                "Type": "FlowAction",
                "Properties": {
                    "ActionType": action.action_type,
                    "ActionParameters": dict(action.action_parameters),
                    "Strategy": _strategy(action.strategy),
                },
            },
        }
    return {"ActionType": TestControl.TYPE, "Command": _command(action)}


def _instruction(instruction: Instruction) -> dict[str, Any]:
    if isinstance(instruction, Disconnect):
        return {"Type": "Disconnect"}
    if isinstance(instruction, DtmfInput):
        return {"Type": "DtmfInput", "Properties": {"Value": instruction.value}}
    properties: dict[str, Any] = {instruction.text_key: instruction.text}
    if instruction.language_code is not None:
        properties["LanguageCode"] = instruction.language_code
    return {"Type": instruction.type_name, "Properties": properties}


def _strategy(strategy: MockResponse | SubstituteResource) -> dict[str, Any]:
    if isinstance(strategy, SubstituteResource):
        return {"Type": "SubstituteResource", "SubstituteArn": strategy.substitute_arn}
    response = strategy.response
    if isinstance(response, MockError):
        error: dict[str, Any] = {"Value": response.error}
        if response.delay_seconds is not None:
            error["DelaySeconds"] = response.delay_seconds
        return {"Type": "MockResponse", "Response": {"Type": "Error", "Error": error}}
    return {
        "Type": "MockResponse",
        "Response": {"Type": "ExecutionResult", "ExecutionResult": _result(response)},
    }


def _result(result: ExecutionResult) -> dict[str, Any]:
    written: dict[str, Any] = {}
    if result.delay_seconds is not None:
        written["DelaySeconds"] = result.delay_seconds
    if result.loaded_data is not None:
        written["LoadedData"] = result.loaded_data
    if result.value is not None:
        written["Value"] = result.value
    return written


def _command(action: TestControl) -> dict[str, Any]:
    if isinstance(action.command, EndTest):
        return {"Type": "EndTest"}
    return {"Type": "LogData", "Properties": {"Expressions": dict(action.command.expressions)}}


def case_file_json(case: TestCase) -> str:
    """The case as a file to read and review: the DescribeTestCase shape with ``Content``
    written as an object rather than a JSON string (the loader reads both), two-space indent,
    non-ASCII kept, a final newline."""
    body = to_describe_shape(case)["TestCase"]
    body["Content"] = content_to_dict(case.content)
    return json.dumps({"TestCase": body}, indent=2, ensure_ascii=False) + "\n"
