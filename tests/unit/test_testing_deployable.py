"""deployable_problems lists every construct a deployed test case must not use, one line each,
naming where it is."""

from __future__ import annotations

import json
from typing import Any

from flows.testing.deployable import deployable_problems
from flows.testing.loader import parse_test_case
from flows.testing.model import TestCase
from tests.unit.testing_language_json import (
    content,
    end_test,
    message,
    minimal_case,
    observation,
    press,
    started,
)


def case_of(data: dict[str, Any], **wrapper: Any) -> TestCase:
    shape = {"TestCase": {"Name": "case", "Content": json.dumps(data), **wrapper}}
    return parse_test_case(shape, source="case.json").case


def test_a_case_in_the_accepted_forms_has_no_problems() -> None:
    assert deployable_problems(case_of(minimal_case())) == []


def test_an_empty_text_is_a_problem() -> None:
    case = case_of(content(observation("g", message(""), end_test())))

    assert deployable_problems(case) == [
        "observation 'g': an empty Text was refused by the live service; give the words to expect"
    ]


def test_flow_id_with_a_destination_number_is_a_problem() -> None:
    entry = {
        "Type": "VOICE_CALL",
        "VoiceCallEntryPointParameters": {"FlowId": "f", "DestinationPhoneNumber": "+18005550199"},
    }

    problems = deployable_problems(case_of(minimal_case(), EntryPoint=entry))

    assert problems == [
        "EntryPoint: FlowId with DestinationPhoneNumber was refused by the live service "
        '("Must specify either FlowId or phone numbers"); give one of them'
    ]


def test_dtmf_under_a_chat_entry_point_is_a_problem() -> None:
    data = content(
        observation("menu", message("Press 1"), press("press", 1), then=("bye",)),
        observation("bye", message("Goodbye"), end_test()),
    )
    entry = {"Type": "CHAT", "ChatEntryPointParameters": {"FlowId": "f"}}

    assert deployable_problems(case_of(data, EntryPoint=entry)) == [
        "observation 'menu', action 'press': DTMF input was refused under a CHAT entry point"
    ]


def test_the_guessed_flow_action_completed_event_is_a_problem() -> None:
    event = {
        "Type": "FlowActionCompleted",
        "Actor": "System",
        "Properties": {"ActionType": "InvokeLambdaFunction"},
    }
    data = content(
        observation("done", event, then=("g",)), observation("g", message("Hi"), end_test())
    )

    assert deployable_problems(case_of(data)) == [
        "observation 'done': no Testing-language page names the flow-action-completed event's "
        "JSON type (FlowActionCompleted is a guess); the service may refuse it"
    ]


def test_an_utterance_in_the_documented_but_refused_form_is_two_problems() -> None:
    say = {
        "Identifier": "say",
        "Type": "SendInstruction",
        "Parameters": {
            "ActionType": "SendInstruction",
            "Instruction": {"Type": "TextUtterance", "Properties": {"Text": "billing"}},
        },
    }
    data = content(observation("ask", message("How can I help?"), say, end_test()))

    assert deployable_problems(case_of(data)) == [
        "observation 'ask', action 'say': TextUtterance: the form that ran live is Type Utterance",
        "observation 'ask', action 'say': utterance Text was refused by the live service; give "
        "the words as Value",
    ]


def test_an_override_that_names_no_resource_is_a_problem() -> None:
    mock = {
        "Identifier": "mock",
        "Type": "OverrideSystemBehavior",
        "Parameters": {
            "Behavior": {
                "Type": "FlowAction",
                "Properties": {
                    "ActionType": "CheckHoursOfOperation",
                    "ActionParameters": {},
                    "Strategy": {
                        "Type": "MockResponse",
                        "Response": {
                            "Type": "ExecutionResult",
                            "ExecutionResult": {"Value": "OutOfHours"},
                        },
                    },
                },
            }
        },
    }
    data = content(
        observation("start", started(), mock, then=("g",)),
        observation("g", message("Closed"), end_test()),
    )

    assert deployable_problems(case_of(data)) == [
        "observation 'start', action 'mock': an override with empty ActionParameters was refused "
        "by the live service; name the resource"
    ]


def test_a_name_longer_than_cloudformation_takes_is_a_problem() -> None:
    shape = {"TestCase": {"Name": "x" * 128, "Content": json.dumps(minimal_case())}}

    case = parse_test_case(shape, source="case.json").case

    assert deployable_problems(case) == [
        f"Name {'x' * 128!r}: expected 1-127 characters, not all blank"
    ]


def test_content_over_cloudformations_limit_is_a_problem() -> None:
    long_text = "word " * 52_000
    data = content(observation("g", message(long_text.strip()), end_test()))

    problems = deployable_problems(case_of(data))

    assert len(problems) == 1
    assert problems[0].startswith("Content is 260")
    assert problems[0].endswith("characters; CloudFormation takes at most 256,000")
