"""The test case builder writes only the forms the live service accepted, and refuses the rest
with the observation named."""

from __future__ import annotations

import json

import pytest

from flows.testing.builder import TestCaseBuilder, TestCaseBuildError
from flows.testing.deployable import deployable_problems
from flows.testing.serialize import content_to_dict, to_describe_shape
from tests.unit.testing_language_json import FUNCTION_ARN, QUEUE_ARN

FLOW_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/"
    "contact-flow/22222222-2222-4222-8222-222222222222"
)


def greeting_case() -> TestCaseBuilder:
    case = TestCaseBuilder()
    case.on_test_started("start").mock_lambda(FUNCTION_ARN, {"lookupStatus": "FOUND"}).then(
        "greeting"
    )
    case.on_message("greeting", "Welcome back", matching="Inclusion").check_equals(
        "$.Attributes.routingReason", "STANDARD"
    ).end_test()
    return case


def test_a_built_case_is_written_exactly_in_the_accepted_forms() -> None:
    written = content_to_dict(greeting_case().build())

    assert written == {
        "Version": "2019-10-30",
        "Metadata": {},
        "Observations": [
            {
                "Identifier": "start",
                "Event": {
                    "Identifier": "start-event",
                    "Type": "TestInitiated",
                    "Actor": "System",
                    "Properties": {},
                },
                "Actions": [
                    {
                        "Identifier": "start-mock",
                        "Type": "OverrideSystemBehavior",
                        "Parameters": {
                            "ActionType": "OverrideSystemBehavior",
                            "Behavior": {
                                "Type": "FlowAction",
                                "Properties": {
                                    "ActionType": "InvokeLambdaFunction",
                                    "ActionParameters": {"LambdaFunctionARN": FUNCTION_ARN},
                                    "Strategy": {
                                        "Type": "MockResponse",
                                        "Response": {
                                            "Type": "ExecutionResult",
                                            "ExecutionResult": {
                                                "LoadedData": '{"lookupStatus": "FOUND"}'
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    }
                ],
                "Transitions": {"NextObservations": ["greeting"]},
            },
            {
                "Identifier": "greeting",
                "Event": {
                    "Identifier": "greeting-event",
                    "Type": "MessageReceived",
                    "Actor": "System",
                    "Properties": {
                        "Text": "Welcome back",
                        "MatchingCriteria": {"Type": "Inclusion"},
                    },
                },
                "Actions": [
                    {
                        "Identifier": "greeting-check",
                        "Type": "Assert",
                        "Parameters": {
                            "Namespace": "$.Attributes.routingReason",
                            "Operator": "Equals",
                            "Operand": "STANDARD",
                        },
                    },
                    {
                        "Identifier": "greeting-end",
                        "Type": "TestControl",
                        "Parameters": {"ActionType": "TestControl", "Command": {"Type": "EndTest"}},
                    },
                ],
                "Transitions": {"NextObservations": []},
            },
        ],
    }


def test_a_built_case_has_no_deployment_problems() -> None:
    assert deployable_problems(greeting_case().build()) == []


def test_dtmf_digits_are_written_as_a_number() -> None:
    case = TestCaseBuilder()
    case.on_message("menu", "Press 1 for billing").press("1").then("bye")
    case.on_message("bye", "Goodbye").end_test()

    (menu, _) = content_to_dict(case.build())["Observations"]

    (pressed,) = menu["Actions"]
    assert pressed["Parameters"]["Instruction"] == {"Type": "DtmfInput", "Properties": {"Value": 1}}


@pytest.mark.parametrize("digits", ["#", "*9", "01"])
def test_digits_a_number_cannot_say_are_refused(digits: str) -> None:
    case = TestCaseBuilder()

    with pytest.raises(TestCaseBuildError, match=r"^observation 'menu': DTMF .* cannot be written"):
        case.on_message("menu", "Press 1").press(digits)


def test_utterances_are_written_as_utterance_with_value() -> None:
    case = TestCaseBuilder()
    case.on_message("ask", "How can I help?").say("billing").then("bye")
    case.on_message("bye", "Goodbye").end_test()

    (ask, _) = content_to_dict(case.build())["Observations"]

    (said,) = ask["Actions"]
    assert said["Parameters"]["Instruction"] == {
        "Type": "Utterance",
        "Properties": {"Value": "billing", "LanguageCode": "en-US"},
    }


def test_a_case_whose_last_observation_does_not_end_the_test_is_refused() -> None:
    case = TestCaseBuilder()
    case.on_message("greeting", "Welcome")

    with pytest.raises(TestCaseBuildError) as caught:
        case.build()

    assert str(caught.value) == (
        "observation 'greeting': the last observation has no EndTest; without one the live run "
        "may hang until its 5-minute limit"
    )


def test_actions_on_a_flow_action_started_observation_are_refused() -> None:
    case = TestCaseBuilder()
    lookup = case.on_flow_action_started(
        "lookup", "InvokeLambdaFunction", {"LambdaFunctionARN": FUNCTION_ARN}
    )

    with pytest.raises(TestCaseBuildError, match="refused actions on a FlowActionStarted"):
        lookup.end_test()


def test_an_empty_message_text_is_refused() -> None:
    with pytest.raises(TestCaseBuildError, match="refused an empty Text"):
        TestCaseBuilder().on_message("greeting", "  ")


def test_the_exists_operator_is_refused() -> None:
    greeting = TestCaseBuilder().on_message("greeting", "Welcome")

    with pytest.raises(TestCaseBuildError, match="refused the Exists operator"):
        greeting.check("$.ContactId", "Exists", "")


def test_a_next_observation_that_is_not_defined_is_refused_at_build() -> None:
    case = TestCaseBuilder()
    case.on_test_started("start").then("greting")
    case.on_message("greeting", "Welcome").end_test()

    with pytest.raises(TestCaseBuildError) as caught:
        case.build()

    assert str(caught.value) == "observation 'start': next observation 'greting' is not defined"


def test_nothing_can_follow_end_test() -> None:
    greeting = TestCaseBuilder().on_message("greeting", "Welcome").end_test()

    with pytest.raises(TestCaseBuildError, match="nothing runs after EndTest"):
        greeting.check_equals("$.Attributes.tier", "GOLD")


def test_a_full_queue_is_mocked_as_the_queue_at_capacity_error() -> None:
    case = TestCaseBuilder()
    case.on_test_started("start").mock_queue_error(QUEUE_ARN).then("sorry")
    case.on_message("sorry", "All our agents are busy").end_test()

    (start, _) = content_to_dict(case.build())["Observations"]

    (mock,) = start["Actions"]
    assert mock["Parameters"]["Behavior"]["Properties"]["ActionType"] == "TransferContactToQueue"
    assert mock["Parameters"]["Behavior"]["Properties"]["Strategy"] == {
        "Type": "MockResponse",
        "Response": {"Type": "Error", "Error": {"Value": "QueueAtCapacity"}},
    }


def test_a_mock_error_the_block_cannot_answer_is_refused() -> None:
    start = TestCaseBuilder().on_test_started("start")

    with pytest.raises(TestCaseBuildError, match="cannot answer 'QueueAtCapacity'"):
        start.mock_lambda_error(FUNCTION_ARN, "QueueAtCapacity")


def test_repeated_kinds_of_action_get_numbered_identifiers() -> None:
    case = TestCaseBuilder()
    case.on_message("greeting", "Welcome").check_equals("$.Attributes.a", "1").check_equals(
        "$.Attributes.b", "2"
    ).end_test()

    (greeting,) = content_to_dict(case.build())["Observations"]

    identifiers = [action["Identifier"] for action in greeting["Actions"]]
    assert identifiers == ["greeting-check", "greeting-check-2", "greeting-end"]


def test_a_built_case_carries_its_entry_point_and_attributes_in_the_live_shape() -> None:
    case = greeting_case().build_case(
        "STANDARD", flow_id=FLOW_ARN, source_phone_number="+14155550100", attributes={"x": "1"}
    )

    shape = to_describe_shape(case)["TestCase"]

    assert shape["EntryPoint"] == {
        "Type": "VOICE_CALL",
        "VoiceCallEntryPointParameters": {"SourcePhoneNumber": "+14155550100", "FlowId": FLOW_ARN},
    }
    assert json.loads(shape["InitializationData"]) == {
        "Attributes": {"x": "1"},
        "SegmentAttributes": {},
    }


def test_a_caller_number_that_is_not_e164_is_refused() -> None:
    with pytest.raises(TestCaseBuildError, match=r"is not an E\.164 number"):
        greeting_case().build_case("STANDARD", flow_id=FLOW_ARN, source_phone_number="555-0100")
