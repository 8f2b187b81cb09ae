"""Building flows in code: console-shaped output, and wiring mistakes caught at build time."""

from __future__ import annotations

import pytest

from flows.model.actions import (
    Compare,
    DisconnectParticipant,
    InvokeLambdaFunction,
    MessageParticipant,
    RawParameters,
    TransferContactToQueue,
    UpdateContactTargetQueue,
    UpdateFlowLoggingBehavior,
)
from flows.model.builder import FlowBuilder, FlowBuildError, condition, equals, text_starts_with
from flows.model.layout import compute_layout


def _lookup_flow(builder: FlowBuilder) -> FlowBuilder:
    """A small flow: log, invoke, route on an attribute, play and hang up."""
    builder.action("Log", UpdateFlowLoggingBehavior(flow_logging_behavior="Enabled")).then("Invoke")
    builder.action("Invoke", InvokeLambdaFunction(lambda_function_arn="arn")).then(
        "Route"
    ).on_error("Sorry")
    builder.action("Route", Compare(comparison_value="$.External.tier")).when(
        equals("GOLD"), "Hello"
    ).when(text_starts_with("SIL"), "Sorry").otherwise("Hello")
    builder.action("Hello", MessageParticipant(text="Hello")).then("Bye").on_error("Bye")
    builder.action("Sorry", MessageParticipant(text="Sorry")).then("Bye")
    builder.action("Bye", DisconnectParticipant())
    return builder


def _built(builder: FlowBuilder) -> dict:
    return builder.build().to_dict()


def _action(content: dict, identifier: str) -> dict:
    return next(a for a in content["Actions"] if a["Identifier"] == identifier)


def test_then_is_the_success_path() -> None:
    content = _built(_lookup_flow(FlowBuilder()))
    assert _action(content, "Log")["Transitions"]["NextAction"] == "Invoke"


def test_on_error_is_a_no_matching_error_branch() -> None:
    content = _built(_lookup_flow(FlowBuilder()))
    errors = _action(content, "Invoke")["Transitions"]["Errors"]
    assert errors == [{"NextAction": "Sorry", "ErrorType": "NoMatchingError"}]


def test_conditions_keep_their_order_and_otherwise_is_no_matching_condition() -> None:
    transitions = _action(_built(_lookup_flow(FlowBuilder())), "Route")["Transitions"]
    assert [c["Condition"] for c in transitions["Conditions"]] == [
        {"Operator": "Equals", "Operands": ["GOLD"]},
        {"Operator": "TextStartsWith", "Operands": ["SIL"]},
    ]
    assert transitions["Errors"] == [{"NextAction": "Hello", "ErrorType": "NoMatchingCondition"}]


def test_check_contact_attributes_goes_on_to_its_no_match_target_as_the_console_writes() -> None:
    transitions = _action(_built(_lookup_flow(FlowBuilder())), "Route")["Transitions"]
    assert transitions["NextAction"] == "Hello"


def test_terminal_actions_have_empty_transitions() -> None:
    assert _action(_built(_lookup_flow(FlowBuilder())), "Bye")["Transitions"] == {}


def test_every_other_action_has_an_errors_list() -> None:
    content = _built(_lookup_flow(FlowBuilder()))
    for action in content["Actions"]:
        if action["Type"] != "DisconnectParticipant":
            assert isinstance(action["Transitions"]["Errors"], list), action["Identifier"]


def test_actions_without_parameters_write_an_empty_object() -> None:
    builder = FlowBuilder()
    builder.action("Transfer", TransferContactToQueue()).on_error("Bye", "QueueAtCapacity")
    builder.action("Bye", DisconnectParticipant())
    assert _action(_built(builder), "Transfer")["Parameters"] == {}


def test_transfer_to_queue_goes_on_to_its_first_error_target_as_the_console_writes() -> None:
    builder = FlowBuilder()
    builder.action("Transfer", TransferContactToQueue()).on_error(
        "Busy", "QueueAtCapacity"
    ).on_error("Bye")
    builder.action("Busy", MessageParticipant(text="Busy")).then("Bye")
    builder.action("Bye", DisconnectParticipant())
    assert _action(_built(builder), "Transfer")["Transitions"]["NextAction"] == "Busy"


def test_a_block_without_a_success_branch_refuses_one() -> None:
    action = FlowBuilder().action("Transfer", TransferContactToQueue())
    with pytest.raises(FlowBuildError, match="no success branch"):
        action.then("Bye")


def test_the_first_action_added_is_the_start_by_default() -> None:
    assert _built(_lookup_flow(FlowBuilder()))["StartAction"] == "Log"


def test_an_explicit_start_action_is_used() -> None:
    assert _built(_lookup_flow(FlowBuilder(start="Invoke")))["StartAction"] == "Invoke"


def test_readable_identifiers_with_spaces_are_kept() -> None:
    builder = FlowBuilder()
    builder.action("Say goodbye", MessageParticipant(text="Bye")).then("Hang up")
    builder.action("Hang up", DisconnectParticipant())
    assert [a["Identifier"] for a in _built(builder)["Actions"]] == ["Say goodbye", "Hang up"]


def test_an_unknown_target_fails_the_build_naming_action_and_target() -> None:
    builder = FlowBuilder()
    builder.action("Greet", MessageParticipant(text="Hi")).then("Nowhere")
    with pytest.raises(FlowBuildError, match=r"'Greet'.*'Nowhere'"):
        builder.build()


def test_an_unknown_error_target_fails_the_build() -> None:
    builder = FlowBuilder()
    builder.action("Greet", MessageParticipant(text="Hi")).then("Bye").on_error("Oops")
    builder.action("Bye", DisconnectParticipant())
    with pytest.raises(FlowBuildError, match=r"'Greet'.*NoMatchingError.*'Oops'"):
        builder.build()


def test_an_unknown_start_action_fails_the_build() -> None:
    builder = FlowBuilder(start="Begin")
    builder.action("Bye", DisconnectParticipant())
    with pytest.raises(FlowBuildError, match="'Begin'"):
        builder.build()


def test_a_flow_without_actions_fails_the_build() -> None:
    with pytest.raises(FlowBuildError, match="no actions"):
        FlowBuilder().build()


def test_an_identifier_used_twice_is_refused() -> None:
    builder = FlowBuilder()
    builder.action("Bye", DisconnectParticipant())
    with pytest.raises(FlowBuildError, match="used twice"):
        builder.action("Bye", DisconnectParticipant())


@pytest.mark.parametrize("identifier", ["x" * 51, "Queue: General", "a/b", "constructor", ""])
def test_identifiers_breaking_the_language_rules_are_refused(identifier: str) -> None:
    with pytest.raises(FlowBuildError, match="identifier"):
        FlowBuilder().action(identifier, DisconnectParticipant())


def test_a_terminal_action_cannot_go_on() -> None:
    builder = FlowBuilder()
    with pytest.raises(FlowBuildError, match=r"'Bye'.*ends the flow"):
        builder.action("Bye", DisconnectParticipant()).then("Elsewhere")


def test_an_error_type_the_block_does_not_have_is_refused() -> None:
    action = FlowBuilder().action("Invoke", InvokeLambdaFunction(lambda_function_arn="arn"))
    with pytest.raises(FlowBuildError, match="QueueAtCapacity"):
        action.on_error("Bye", "QueueAtCapacity")


def test_conditions_on_a_block_that_has_none_are_refused() -> None:
    action = FlowBuilder().action("Queue", UpdateContactTargetQueue(queue_id="arn"))
    with pytest.raises(FlowBuildError, match="does not branch on conditions"):
        action.when(equals("x"), "Bye")


def test_a_missing_required_error_branch_fails_the_build() -> None:
    builder = FlowBuilder()
    builder.action("Invoke", InvokeLambdaFunction(lambda_function_arn="arn")).then("Bye")
    builder.action("Bye", DisconnectParticipant())
    with pytest.raises(FlowBuildError, match=r"'Invoke'.*NoMatchingError"):
        builder.build()


def test_a_missing_required_parameter_fails_the_build() -> None:
    builder = FlowBuilder()
    builder.action("Invoke", InvokeLambdaFunction()).then("Bye").on_error("Bye")
    builder.action("Bye", DisconnectParticipant())
    with pytest.raises(FlowBuildError, match=r"'Invoke'.*LambdaFunctionARN"):
        builder.build()


def test_a_dead_end_fails_the_build() -> None:
    builder = FlowBuilder()
    builder.action("Greet", MessageParticipant(text="Hi"))
    with pytest.raises(FlowBuildError, match=r"'Greet'.*no way on"):
        builder.build()


def test_an_operator_outside_the_language_is_refused() -> None:
    with pytest.raises(FlowBuildError, match="GreaterThan"):
        condition("GreaterThan", "3")


def test_types_without_a_class_are_built_from_raw_parameters() -> None:
    builder = FlowBuilder()
    builder.action("Wait", RawParameters.of("Wait", {"TimeLimitSeconds": "30"})).then("Bye")
    builder.action("Bye", DisconnectParticipant())
    wait = _action(_built(builder), "Wait")
    assert (wait["Type"], wait["Parameters"]) == ("Wait", {"TimeLimitSeconds": "30"})


def test_built_flows_carry_the_layout_positions() -> None:
    content = _built(_lookup_flow(FlowBuilder()))
    layout = compute_layout(content)
    positions = {
        identifier: (entry["position"]["x"], entry["position"]["y"])
        for identifier, entry in content["Metadata"]["ActionMetadata"].items()
    }
    assert positions == {i: (box.x, box.y) for i, box in layout.boxes.items()}
    entry = content["Metadata"]["entryPointPosition"]
    assert (entry["x"], entry["y"]) == layout.entry


def test_readable_identifiers_are_marked_friendly_in_the_metadata() -> None:
    content = _built(_lookup_flow(FlowBuilder()))
    assert content["Metadata"]["ActionMetadata"]["Invoke"]["isFriendlyName"] is True


def test_a_flow_built_without_layout_has_no_metadata() -> None:
    assert "Metadata" not in _lookup_flow(FlowBuilder()).build(layout=False).to_dict()
