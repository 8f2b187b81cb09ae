"""Reading test cases written elsewhere: every documented variant is accepted, each form the live
service refused is a warning, and a file that cannot mean anything is one line `PATH: message`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.testing.loader import TestCaseLoadError, load_test_case, parse_test_case
from flows.testing.model import (
    Assert,
    DtmfInput,
    EntryPoint,
    MessageReceived,
    SendInstruction,
    Usage,
    Utterance,
)
from flows.testing.observations import action_order
from tests.unit.testing_language_json import (
    check,
    content,
    end_test,
    flow_action,
    message,
    minimal_case,
    mock_lambda,
    observation,
    press,
    started,
    then_action,
    write,
)


def load(tmp_path: Path, data: object) -> Any:
    return load_test_case(write(tmp_path, data))


def load_error(tmp_path: Path, data: object) -> str:
    path = write(tmp_path, data)
    with pytest.raises(TestCaseLoadError) as caught:
        load_test_case(path)
    text = str(caught.value)
    assert "\n" not in text, f"the error should be one line: {text!r}"
    assert text.startswith(f"{path}: "), f"the error should start with the path: {text!r}"
    return text.removeprefix(f"{path}: ")


def only_action(loaded: Any, observation_id: str) -> Any:
    (action,) = loaded.case.content.observation(observation_id).actions
    return action


# --- what is read --------------------------------------------------------------------------


def test_a_case_in_the_accepted_forms_loads_without_warnings(tmp_path: Path) -> None:
    loaded = load(tmp_path, minimal_case())

    assert loaded.warnings == ()
    assert [o.identifier for o in loaded.case.content.observations] == ["start", "greeting"]
    assert loaded.case.content.observation("start").next_observations == ("greeting",)


def test_a_bare_content_file_is_named_after_the_file(tmp_path: Path) -> None:
    loaded = load_test_case(write(tmp_path, minimal_case(), name="LOOKUP_ERROR.json"))

    assert loaded.case.name == "LOOKUP_ERROR"


def test_the_describe_test_case_shape_gives_name_entry_point_and_attributes(
    tmp_path: Path,
) -> None:
    wrapped = {
        "TestCase": {
            "Name": "gold caller",
            "Content": json.dumps(minimal_case()),
            "EntryPoint": {
                "Type": "VOICE_CALL",
                "VoiceCallEntryPointParameters": {
                    "FlowId": "flow-1",
                    "SourcePhoneNumber": "+14155550100",
                },
            },
            "InitializationData": json.dumps(
                {"Attributes": {"tier": "GOLD"}, "SegmentAttributes": {}}
            ),
        }
    }

    loaded = load(tmp_path, wrapped)

    assert loaded.case.name == "gold caller"
    assert loaded.case.entry_point == EntryPoint(
        type="VOICE_CALL", flow_id="flow-1", source_phone_number="+14155550100"
    )
    assert loaded.case.initialization_data.attributes == {"tier": "GOLD"}
    assert loaded.warnings == ()


def test_flat_initialization_data_reads_as_no_attributes_with_a_warning(tmp_path: Path) -> None:
    wrapped = {
        "TestCase": {
            "Name": "flat",
            "Content": json.dumps(minimal_case()),
            "InitializationData": json.dumps({"tier": "GOLD"}),
        }
    }

    loaded = load(tmp_path, wrapped)

    assert loaded.case.initialization_data.attributes == {}
    assert loaded.warnings == (
        "InitializationData: a flat map of attributes was accepted live but read back empty; "
        'put them under "Attributes"',
    )


def test_the_other_version_string_is_read_with_a_warning(tmp_path: Path) -> None:
    loaded = load(tmp_path, {**minimal_case(), "Version": "2025-06-21"})

    assert loaded.case.content.version == "2025-06-21"
    assert loaded.warnings == ("Version '2025-06-21': the live service accepted only 2019-10-30",)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ({"Type": "Exactly", "Times": 2}, Usage("Exactly", "exactly", 2)),
        ({"Type": "EXACTLY"}, Usage("EXACTLY", "exactly", None)),
        ({"Type": "AtLeast", "Times": 1}, Usage("AtLeast", "at_least", 1)),
        ({"Type": "AtMost", "Times": 3}, Usage("AtMost", "at_most", 3)),
        ({"Type": "Always"}, Usage("Always", "any", None)),
        ({"Type": "ANY"}, Usage("ANY", "any", None)),
    ],
    ids=["Exactly-2", "EXACTLY", "AtLeast", "AtMost", "Always", "ANY"],
)
def test_usage_is_read_in_both_doc_sets_spellings(
    tmp_path: Path, written: dict[str, Any], expected: Usage
) -> None:
    case = content(
        observation("start", started(), then=("greeting",), Usage=written),
        observation("greeting", message("Welcome"), end_test()),
    )

    loaded = load(tmp_path, case)

    assert loaded.case.content.observation("start").usage == expected
    assert loaded.warnings == (
        "observation 'start': Usage was refused by the live service; leave it out",
    )


def test_matching_criteria_on_the_event_as_a_string_is_read(tmp_path: Path) -> None:
    event = {
        "Type": "MessageReceived",
        "Actor": "System",
        "Properties": {"Text": "Welcome"},
        "MatchingCriteria": "Inclusion",
    }
    loaded = load(tmp_path, content(observation("greeting", event, end_test())))

    read = loaded.case.content.observation("greeting").event
    assert read == MessageReceived(text="Welcome", matching="Inclusion", criteria_on_event=True)
    assert loaded.warnings == ()


def test_a_message_without_matching_criteria_matches_by_similarity(tmp_path: Path) -> None:
    event = {"Type": "MessageReceived", "Actor": "System", "Properties": {"Text": "Welcome"}}

    loaded = load(tmp_path, content(observation("greeting", event, end_test())))

    assert loaded.case.content.observation("greeting").event.matching == "Similarity"


@pytest.mark.parametrize(
    ("instruction_type", "properties", "expected"),
    [
        (
            "Utterance",
            {"Value": "billing", "LanguageCode": "en-US"},
            Utterance("billing", "Value", "en-US"),
        ),
        ("TextUtterance", {"Text": "billing"}, Utterance("billing", "Text", None, "TextUtterance")),
        (
            "Utterance",
            {"SSML": "<speak>billing</speak>"},
            Utterance("<speak>billing</speak>", "SSML"),
        ),
    ],
    ids=["Utterance-Value", "TextUtterance-Text", "Utterance-SSML"],
)
def test_utterances_are_read_in_every_documented_form(
    tmp_path: Path, instruction_type: str, properties: dict[str, Any], expected: Utterance
) -> None:
    say = {
        "Identifier": "say",
        "Type": "SendInstruction",
        "Parameters": {
            "ActionType": "SendInstruction",
            "Actor": "Customer",
            "Instruction": {"Type": instruction_type, "Properties": properties},
        },
    }
    loaded = load(
        tmp_path,
        content(
            observation("menu", message("How can I help?"), say, then=("bye",)),
            observation("bye", message("Goodbye"), end_test()),
        ),
    )

    assert only_action(loaded, "menu").instruction == expected


@pytest.mark.parametrize(
    ("value", "digits"), [(1, "1"), ("1", "1"), ("*0#", "*0#"), (42, "42")], ids=repr
)
def test_dtmf_values_are_read_as_numbers_or_strings(
    tmp_path: Path, value: object, digits: str
) -> None:
    loaded = load(
        tmp_path,
        content(
            observation("menu", message("Press 1"), press("press", value), then=("bye",)),
            observation("bye", message("Goodbye"), end_test()),
        ),
    )

    action = only_action(loaded, "menu")
    assert isinstance(action, SendInstruction)
    assert action.instruction == DtmfInput(value)
    assert action.instruction.digits == digits


def test_a_dtmf_value_given_as_a_string_is_a_warning(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        content(
            observation("menu", message("Press 1"), press("press", "1"), then=("bye",)),
            observation("bye", message("Goodbye"), end_test()),
        ),
    )

    assert loaded.warnings == (
        "observation 'menu', action 'press': DTMF Value '1' is a string; the live service "
        "accepted only a number (1)",
    )


@pytest.mark.parametrize(
    "terminal",
    [{"Transitions": {}}, {}, {"Transitions": {"NextAction": ""}}],
    ids=["empty Transitions", "no Transitions", "empty NextAction"],
)
def test_a_terminal_action_is_read_in_all_three_forms(
    tmp_path: Path, terminal: dict[str, Any]
) -> None:
    loaded = load(
        tmp_path,
        content(observation("greeting", message("Welcome"), {**end_test(), **terminal})),
    )

    assert only_action(loaded, "greeting").next_action in (None, "")


def test_only_the_empty_next_action_form_of_a_terminal_action_is_a_warning(
    tmp_path: Path,
) -> None:
    accepted = load(
        tmp_path, content(observation("g", message("Hi"), {**end_test(), "Transitions": {}}))
    )
    refused = load(
        tmp_path,
        content(observation("g", message("Hi"), then_action(end_test(), ""))),
    )

    assert accepted.warnings == ()
    assert refused.warnings == (
        "observation 'g', action 'end': Transitions {\"NextAction\": \"\"} was refused by the "
        'live service ("Invalid next action identifier"); leave Transitions out',
    )


def test_next_action_links_decide_the_order_actions_run_in(tmp_path: Path) -> None:
    actions = (
        end_test("end"),
        then_action(check("tier", "$.Attributes.tier", "Equals", "GOLD"), "end"),
    )
    loaded = load(tmp_path, content(observation("greeting", message("Welcome"), *actions)))

    order = action_order(loaded.case.content.observation("greeting"))

    assert [action.identifier for action in order] == ["tier", "end"]


def test_an_exists_assert_needs_no_operand_and_is_a_warning(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        content(
            observation(
                "greeting", message("Welcome"), check("id", "$.ContactId", "Exists"), end_test()
            )
        ),
    )

    assert loaded.case.content.observation("greeting").actions[0] == Assert(
        identifier="id", namespace="$.ContactId", operator="Exists"
    )
    assert loaded.warnings == (
        "observation 'greeting', action 'id': the Exists operator was refused by the live "
        "service; compare with an operand instead",
    )


def test_actions_on_a_flow_action_started_observation_are_a_warning(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        content(
            observation(
                "lookup",
                flow_action("InvokeLambdaFunction", LambdaFunctionARN="arn:aws:lambda:x"),
                end_test(),
            )
        ),
    )

    assert loaded.warnings == (
        "observation 'lookup': actions on a FlowActionStarted observation were refused by the "
        "live service; act on a MessageReceived or TestInitiated observation instead",
    )


def test_the_observations_name_key_spelled_next_actions_is_read_with_a_note(
    tmp_path: Path,
) -> None:
    first = {**observation("start", started()), "Transitions": {"NextActions": ["greeting"]}}
    loaded = load(tmp_path, content(first, observation("greeting", message("Hi"), end_test())))

    assert loaded.case.content.observation("start").next_observations == ("greeting",)
    assert loaded.warnings == (
        "observation 'start': Transitions.NextActions read as NextObservations (the key's name)",
    )


# --- what is refused -----------------------------------------------------------------------


def test_malformed_json_is_one_line_naming_the_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"Version": "2019-10-30",', encoding="utf-8")

    with pytest.raises(TestCaseLoadError) as caught:
        load_test_case(path)

    assert str(caught.value) == (
        f"{path}: the file is not valid JSON (line 1, column 26: Expecting property name "
        "enclosed in double quotes)"
    )


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"

    with pytest.raises(TestCaseLoadError) as caught:
        load_test_case(path)

    assert str(caught.value) == f"{path}: no such file; expected a test case file (JSON)"


@pytest.mark.parametrize(
    ("flow", "sign"),
    [
        ({"Version": "2019-10-30", "StartAction": "a", "Actions": []}, "it has Actions"),
        ({"ContactFlow": {"Content": "{}"}}, "a DescribeContactFlow file"),
        ({"modules": [], "version": "1"}, "a pre-2019 export"),
    ],
    ids=["export", "describe", "pre-2019"],
)
def test_a_flow_given_as_a_case_is_named_a_flow(
    tmp_path: Path, flow: dict[str, Any], sign: str
) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow), encoding="utf-8")
    with pytest.raises(TestCaseLoadError) as caught:
        load_test_case(path)
    assert str(caught.value) == (
        f"{path}: this is a contact flow ({sign}), not a test case; give the flow first (FLOW), "
        "then the test cases (files with Observations)"
    )


def test_an_unknown_event_type_is_named(tmp_path: Path) -> None:
    event = {"Type": "PromptPlayed", "Actor": "System", "Properties": {}}

    message_text = load_error(tmp_path, content(observation("greeting", event, end_test())))

    assert message_text == (
        "observation 'greeting', Event: Type 'PromptPlayed' is not an event type; expected one "
        "of TestInitiated, MessageReceived, FlowActionStarted, FlowActionCompleted, TestCompleted"
    )


def test_an_unknown_action_type_is_named(tmp_path: Path) -> None:
    action = {"Identifier": "wait", "Type": "Wait", "Parameters": {}}

    message_text = load_error(tmp_path, content(observation("greeting", message("Hi"), action)))

    assert message_text == (
        "observation 'greeting', action 'wait': Type 'Wait' is not an action type; expected one "
        "of SendInstruction, Assert, OverrideSystemBehavior, TestControl"
    )


def test_a_transition_to_a_missing_observation_is_named(tmp_path: Path) -> None:
    case = content(observation("start", started(), then=("greting",)))

    assert load_error(tmp_path, case) == (
        "observation 'start': NextObservations names 'greting', which is not an observation"
    )


def test_a_transition_to_a_missing_action_is_named(tmp_path: Path) -> None:
    actions = (then_action(check("tier", "$.Attributes.tier", "Equals", "GOLD"), "fin"),)

    message_text = load_error(tmp_path, content(observation("g", message("Hi"), *actions)))

    assert message_text == (
        "observation 'g': action 'tier': NextAction names 'fin', which is not an action of this "
        "observation"
    )


def test_next_action_links_that_loop_are_refused(tmp_path: Path) -> None:
    actions = (
        then_action(check("a", "$.Attributes.a", "Equals", "1"), "b"),
        then_action(check("b", "$.Attributes.b", "Equals", "1"), "a"),
    )

    message_text = load_error(tmp_path, content(observation("g", message("Hi"), *actions)))

    assert message_text == "observation 'g': the NextAction links of actions ['a', 'b'] form a loop"


def test_observations_that_all_name_each_other_leave_none_to_start_with(tmp_path: Path) -> None:
    case = content(
        observation("a", message("A"), then=("b",)),
        observation("b", message("B"), end_test(), then=("a",)),
    )

    assert load_error(tmp_path, case) == (
        "no observation is active at the start: every observation is named in another's "
        "NextObservations"
    )


def test_two_observations_with_one_identifier_are_refused(tmp_path: Path) -> None:
    case = content(observation("g", started()), observation("g", message("Hi"), end_test()))

    assert load_error(tmp_path, case) == (
        "observation 'g': Identifier is used by another observation"
    )


def test_an_assert_without_an_operand_is_refused(tmp_path: Path) -> None:
    case = content(observation("g", message("Hi"), check("t", "$.Attributes.t", "Equals")))

    assert (
        load_error(tmp_path, case)
        == "observation 'g', action 't': Operator Equals needs an Operand"
    )


def test_the_flat_dtmf_form_is_refused_with_the_form_to_write(tmp_path: Path) -> None:
    flat = {
        "Identifier": "press",
        "Type": "SendInstruction",
        "Parameters": {"ActionType": "SendInstruction", "DtmfInput": "1"},
    }

    message_text = load_error(tmp_path, content(observation("menu", message("Press 1"), flat)))

    assert message_text.startswith(
        "observation 'menu', action 'press': the flat Parameters.DtmfInput form is not the "
        "language's"
    )


def test_a_dtmf_value_that_is_not_keys_is_refused(tmp_path: Path) -> None:
    case = content(observation("menu", message("Press 1"), press("press", "one")))

    assert load_error(tmp_path, case) == (
        "observation 'menu', action 'press', DtmfInput: Value 'one' is not keys to press; "
        "expected a number such as 1, or digits, * and # in a string"
    )


def test_a_message_with_two_kinds_of_content_is_refused(tmp_path: Path) -> None:
    event = {
        "Type": "MessageReceived",
        "Actor": "System",
        "Properties": {"Text": "Hi", "PromptId": "p-1"},
    }

    assert load_error(tmp_path, content(observation("g", event, end_test()))) == (
        "observation 'g', Event.Properties: Text and PromptId are exclusive; give one of them"
    )


def test_a_mock_error_the_block_cannot_answer_is_refused(tmp_path: Path) -> None:
    mock = mock_lambda("mock", {"Type": "Error", "Error": {"Value": "QueueAtCapacity"}})

    message_text = load_error(tmp_path, content(observation("start", started(), mock)))

    assert message_text == (
        "observation 'start', action 'mock': error 'QueueAtCapacity' is not one "
        "InvokeLambdaFunction can answer; expected TimeLimitExceeded or NoMatchingError"
    )


def test_a_mock_answer_is_read_with_its_delay(tmp_path: Path) -> None:
    mock = mock_lambda(
        "mock",
        {
            "Type": "ExecutionResult",
            "ExecutionResult": {"DelaySeconds": 2, "LoadedData": '{"lookupStatus": "FOUND"}'},
        },
    )
    loaded = load(
        tmp_path,
        content(
            observation("start", started(), mock, then=("g",)),
            observation("g", message("Hi"), end_test()),
        ),
    )

    strategy = only_action(loaded, "start").strategy
    assert strategy.response.loaded_data == '{"lookupStatus": "FOUND"}'
    assert strategy.response.delay_seconds == 2


def test_a_phone_number_that_is_not_e164_is_refused(tmp_path: Path) -> None:
    wrapped = {
        "TestCase": {
            "Name": "n",
            "Content": json.dumps(minimal_case()),
            "EntryPoint": {
                "Type": "VOICE_CALL",
                "VoiceCallEntryPointParameters": {"SourcePhoneNumber": "415 555 0100"},
            },
        }
    }

    assert load_error(tmp_path, wrapped) == (
        "TestCase.EntryPoint.VoiceCallEntryPointParameters: SourcePhoneNumber '415 555 0100' is "
        "not an E.164 number; expected e.g. +14155550100"
    )


def test_content_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    assert load_error(tmp_path, [minimal_case()]) == (
        "the file should be a JSON object, found a JSON array"
    )


def test_an_already_decoded_object_is_read_too() -> None:
    loaded = parse_test_case(minimal_case(), source="inline", default_name="inline case")

    assert loaded.path == "inline"
    assert loaded.case.name == "inline case"
