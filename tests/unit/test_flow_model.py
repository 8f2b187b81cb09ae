"""The typed flow model: console-shaped JSON out, any flow-language object in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.model.actions import (
    DisconnectParticipant,
    GetParticipantInput,
    InvokeLambdaFunction,
    RawParameters,
    UpdateContactAttributes,
    parse_parameters,
)
from flows.model.flow import (
    Action,
    Condition,
    ConditionBranch,
    ErrorBranch,
    Flow,
    FlowParseError,
    Transitions,
    load_flow,
    parse_flow,
)

TOKEN = "${Token[TOKEN.123]}"


def _one_action_flow(action: Action) -> Flow:
    return Flow(start_action=action.identifier, actions=[action])


def test_numbers_are_written_as_strings() -> None:
    params = InvokeLambdaFunction(lambda_function_arn="arn", invocation_time_limit_seconds=4)
    assert params.to_dict()["InvocationTimeLimitSeconds"] == "4"


def test_booleans_are_written_as_strings() -> None:
    assert GetParticipantInput(store_input=False).to_dict()["StoreInput"] == "False"


def test_numeric_strings_are_read_as_numbers() -> None:
    params = parse_parameters("InvokeLambdaFunction", {"InvocationTimeLimitSeconds": "8"})
    assert isinstance(params, InvokeLambdaFunction)
    assert params.invocation_time_limit_seconds == 8


def test_a_reference_in_a_number_parameter_stays_a_string() -> None:
    raw = {"InvocationTimeLimitSeconds": "$.Attributes.timeout"}
    params = parse_parameters("InvokeLambdaFunction", raw)
    assert params.to_dict() == raw


def test_a_number_written_unusually_is_written_back_unchanged() -> None:
    raw = {"LoopCount": "07"}
    assert parse_parameters("Loop", raw).to_dict() == raw


def test_a_json_number_where_a_string_is_expected_is_kept_verbatim() -> None:
    raw = {"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": 30}
    params = parse_parameters("InvokeLambdaFunction", raw)
    assert params.extra == {"InvocationTimeLimitSeconds": 30}
    assert params.to_dict() == raw


def test_unknown_parameters_of_a_known_type_are_kept() -> None:
    raw = {"LambdaFunctionARN": "arn", "SomethingNew": {"a": ["b"]}}
    assert parse_parameters("InvokeLambdaFunction", raw).to_dict() == raw


def test_response_type_is_written_under_response_validation() -> None:
    params = InvokeLambdaFunction(lambda_function_arn="arn", response_type="STRING_MAP")
    assert params.to_dict()["ResponseValidation"] == {"ResponseType": "STRING_MAP"}


def test_types_without_a_class_are_carried_through_raw() -> None:
    raw = {"ViewResource": {"Id": "x"}, "InvocationTimeLimitSeconds": "5"}
    params = parse_parameters("ShowView", raw)
    assert isinstance(params, RawParameters)
    assert params.action_type == "ShowView"
    assert params.to_dict() == raw


def test_a_terminal_action_has_empty_transitions() -> None:
    action = Action("Hang up", "DisconnectParticipant", DisconnectParticipant(), Transitions())
    assert action.to_dict()["Transitions"] == {}


def test_an_action_is_written_in_console_key_order() -> None:
    action = Action("Hang up", "DisconnectParticipant", DisconnectParticipant(), Transitions())
    assert list(action.to_dict()) == ["Parameters", "Identifier", "Type", "Transitions"]


def test_error_branches_are_a_list_of_next_action_and_error_type() -> None:
    transitions = Transitions("Next", errors=[ErrorBranch("NoMatchingError", "Sorry")])
    assert transitions.to_dict() == {
        "NextAction": "Next",
        "Errors": [{"NextAction": "Sorry", "ErrorType": "NoMatchingError"}],
    }


def test_conditions_are_written_with_operator_and_operands() -> None:
    branch = ConditionBranch(Condition("Equals", ["GOLD"]), "Priority")
    assert branch.to_dict() == {
        "NextAction": "Priority",
        "Condition": {"Operator": "Equals", "Operands": ["GOLD"]},
    }


def test_a_malformed_condition_is_parsed_and_kept() -> None:
    raw = {"NextAction": "x", "Condition": {"Operand": "$.Attributes.a"}}
    branch = ConditionBranch.from_dict(raw)
    assert branch.condition is not None
    assert branch.condition.operator is None
    assert branch.to_dict() == raw


def test_parsing_keeps_the_order_of_keys() -> None:
    raw = {
        "Identifier": "a",
        "Transitions": {"Errors": [], "NextAction": "b"},
        "Type": "MessageParticipant",
        "Parameters": {"Text": "Hi"},
    }
    assert json.dumps(Action.from_dict(raw).to_dict()) == json.dumps(raw)


def test_missing_parameters_and_transitions_stay_missing() -> None:
    raw = {"Identifier": "a", "Type": "TransferContactToQueue"}
    assert Action.from_dict(raw).to_dict() == raw


def test_a_flow_module_keeps_its_settings() -> None:
    content = {
        "Version": "2019-10-30",
        "StartAction": "End",
        "Actions": [{"Identifier": "End", "Type": "EndFlowModuleExecution", "Transitions": {}}],
        "Settings": {"InputParameters": [], "OutputParameters": [], "Transitions": []},
    }
    flow = parse_flow(content)
    assert flow.is_module
    assert flow.to_dict() == content


def test_cdk_tokens_pass_through_the_content_unchanged() -> None:
    params = InvokeLambdaFunction(lambda_function_arn=TOKEN, invocation_time_limit_seconds=4)
    flow = _one_action_flow(Action("Invoke", params.action_type, params, Transitions()))
    content = flow.to_content()
    assert f'"LambdaFunctionARN":"{TOKEN}"' in content


def test_content_keeps_non_ascii_text_readable() -> None:
    params = UpdateContactAttributes(attributes={"greeting": "¡Hola, Begoña!"})
    flow = _one_action_flow(Action("Set", params.action_type, params, Transitions()))
    assert "¡Hola, Begoña!" in flow.to_content()


def test_content_parses_back_to_the_same_flow() -> None:
    params = UpdateContactAttributes(attributes={"a": "b"}, target_contact="Current")
    flow = _one_action_flow(Action("Set", params.action_type, params, Transitions()))
    assert parse_flow(json.loads(flow.to_content())) == flow


def test_writing_a_flow_does_not_share_state_with_the_model() -> None:
    params = UpdateContactAttributes(attributes={"a": "b"})
    flow = _one_action_flow(Action("Set", params.action_type, params, Transitions()))
    written = flow.to_dict()
    written["Actions"][0]["Parameters"]["Attributes"]["a"] = "changed"
    assert params.attributes == {"a": "b"}


def test_actions_that_are_not_a_list_are_a_parse_error() -> None:
    with pytest.raises(FlowParseError, match="Actions"):
        parse_flow({"Version": "2019-10-30", "StartAction": "a", "Actions": {"a": 1}})


def test_an_action_without_identifier_is_a_parse_error_naming_its_position() -> None:
    content = {"StartAction": "a", "Actions": [{"Type": "DisconnectParticipant"}]}
    with pytest.raises(FlowParseError, match=r"Actions\[0\].*Identifier"):
        parse_flow(content)


def test_looking_up_a_missing_action_names_it() -> None:
    flow = Flow(start_action=None, actions=[])
    with pytest.raises(KeyError, match="Nowhere"):
        flow.action("Nowhere")


def test_load_flow_reads_a_wrapped_file(tmp_path: Path) -> None:
    content = {"Version": "2019-10-30", "StartAction": "a", "Actions": []}
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"ContactFlow": {"Name": "x", "Content": json.dumps(content)}}))
    assert load_flow(path).to_dict() == content


def test_load_flow_names_the_file_when_it_cannot_be_a_flow(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"Version": "2019-10-30", "Actions": "none"}))
    with pytest.raises(FlowParseError, match=r"odd\.json: expected Actions"):
        load_flow(path)
