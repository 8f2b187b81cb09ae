"""Semantics of each simulated action and operator, on small hand-written flows."""

from __future__ import annotations

from typing import Any

import pytest

from flows.language.facts import OPERATORS
from flows.simulator import ContactSetup, Ended, Script, SimulationOptions, simulate

QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/queue/11111111-2222-4333-8444-555555555555"
)


def action(  # noqa: PLR0917 - reads like the console: id, type, parameters, branches
    identifier: str,
    type_: str,
    parameters: dict[str, Any] | None = None,
    next_action: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, str, str]] | None = None,
) -> dict[str, Any]:
    """One action as the console exports it; conditions are (operator, operand, target)."""
    transitions: dict[str, Any] = {}
    if next_action:
        transitions["NextAction"] = next_action
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": t} for e, t in errors.items()]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": t, "Condition": {"Operator": o, "Operands": [v]}}
            for o, v, t in conditions
        ]
    return {
        "Identifier": identifier,
        "Type": type_,
        "Parameters": parameters or {},
        "Transitions": transitions,
    }


def flow(*actions: dict[str, Any]) -> dict[str, Any]:
    """A flow of these actions, starting at the first, with the two endings tests look for."""
    ends = [
        action("yes", "DisconnectParticipant"),
        action("no", "DisconnectParticipant"),
        action("error", "DisconnectParticipant"),
    ]
    return {
        "Version": "2019-10-30",
        "StartAction": actions[0]["Identifier"],
        "Actions": [*actions, *ends],
    }


def say(identifier: str, text: str, next_action: str = "yes") -> dict[str, Any]:
    return action(identifier, "MessageParticipant", {"Text": text}, next_action)


def check(value: str, operator: str, operand: str) -> dict[str, Any]:
    return action(
        "check",
        "Compare",
        {"ComparisonValue": value},
        errors={"NoMatchingCondition": "no"},
        conditions=[(operator, operand, "yes")],
    )


# --- Check contact attributes: the eight operators ---


OPERATOR_CASES = [
    ("Equals", "GOLD", "GOLD", True),
    ("Equals", "gold", "GOLD", False),
    ("TextStartsWith", "es-MX", "es", True),
    ("TextStartsWith", "en-US", "es", False),
    ("TextEndsWith", "es-MX", "MX", True),
    ("TextEndsWith", "es-MX", "US", False),
    ("TextContains", "CASE-123", "123", True),
    ("TextContains", "CASE-123", "999", False),
    ("NumberGreaterThan", "10", "9", True),
    ("NumberGreaterThan", "9", "9", False),
    ("NumberGreaterOrEqualTo", "9", "9", True),
    ("NumberGreaterOrEqualTo", "8.5", "9", False),
    ("NumberLessThan", "-1", "0", True),
    ("NumberLessThan", "0", "0", False),
    ("NumberLessOrEqualTo", "1e2", "100", True),
    ("NumberLessOrEqualTo", "101", "100", False),
]


@pytest.mark.parametrize(("operator", "value", "operand", "matched"), OPERATOR_CASES)
def test_each_operator_matches_as_connect_compares(
    operator: str, value: str, operand: str, matched: bool
) -> None:
    content = flow(check("$.Attributes.v", operator, operand))
    result = simulate(content, ContactSetup(attributes={"v": value}))
    assert result.path[-1] == ("yes" if matched else "no")


def test_the_operator_cases_cover_all_eight_operators_both_ways() -> None:
    assert {(op, matched) for op, _, _, matched in OPERATOR_CASES} == {
        (op, matched) for op in OPERATORS for matched in (True, False)
    }


@pytest.mark.parametrize("value", ["ten", "", "1_000", "inf", "nan"])
def test_number_operators_never_match_a_value_that_is_not_a_numeric_string(value: str) -> None:
    content = flow(check("$.Attributes.v", "NumberLessThan", "1000000"))
    result = simulate(content, ContactSetup(attributes={"v": value}))
    assert result.path[-1] == "no"


def test_a_missing_value_matches_no_condition_and_is_noted() -> None:
    content = flow(check("$.Attributes.absent", "TextContains", ""))
    result = simulate(content)
    assert result.path == ["check", "no"]
    assert any("$.Attributes.absent does not exist" in n for n in result.notes)


def test_the_first_condition_that_holds_wins() -> None:
    compare = action(
        "check",
        "Compare",
        {"ComparisonValue": "$.Attributes.v"},
        errors={"NoMatchingCondition": "error"},
        conditions=[("TextStartsWith", "G", "yes"), ("Equals", "GOLD", "no")],
    )
    result = simulate(flow(compare), ContactSetup(attributes={"v": "GOLD"}))
    assert result.path[-1] == "yes"


def test_an_operator_outside_the_eight_stops_the_run_naming_it() -> None:
    content = flow(check("$.Attributes.v", "GreaterThan", "1"))
    result = simulate(content, ContactSetup(attributes={"v": "2"}))
    assert result.ended is Ended.STOPPED
    assert "GreaterThan" in result.message


# --- Set contact attributes ---


def test_set_contact_attributes_sets_every_attribute_with_references_resolved() -> None:
    setter = action(
        "set",
        "UpdateContactAttributes",
        {"Attributes": {"caller": "$.CustomerEndpoint.Address", "greeting": "Hi $.Channel"}},
        "yes",
        {"NoMatchingError": "error"},
    )
    result = simulate(flow(setter), ContactSetup(phone="+14155550123"))
    assert result.attributes == {"caller": "+14155550123", "greeting": "Hi VOICE"}


def test_set_contact_attributes_accepts_keys_that_are_references() -> None:
    setter = action(
        "set",
        "UpdateContactAttributes",
        {"Attributes": {"$.Attributes.keyName": "value"}},
        "yes",
        {"NoMatchingError": "error"},
    )
    result = simulate(flow(setter), ContactSetup(attributes={"keyName": "dynamic"}))
    assert result.attributes["dynamic"] == "value"


def test_set_contact_attributes_sets_nothing_when_the_contact_would_exceed_32_kb() -> None:
    setter = action(
        "set",
        "UpdateContactAttributes",
        {"Attributes": {"small": "x", "big": "$.Attributes.big"}},
        "yes",
        {"NoMatchingError": "error"},
    )
    result = simulate(flow(setter), ContactSetup(attributes={"big": "b" * 33_000}))
    assert result.path[-1] == "error"
    assert "small" not in result.attributes


def test_set_contact_attributes_on_the_related_contact_leaves_this_contact_unchanged() -> None:
    setter = action(
        "set",
        "UpdateContactAttributes",
        {"Attributes": {"note": "x"}, "TargetContact": "Related"},
        "yes",
        {"NoMatchingError": "error"},
    )
    result = simulate(flow(setter))
    assert result.path[-1] == "yes"
    assert "note" not in result.attributes


def test_attribute_names_with_spaces_are_read_with_bracket_references() -> None:
    greeting = say("hello", "Hi $.Attributes.['first name']!")
    result = simulate(flow(greeting), ContactSetup(attributes={"first name": "Zoë"}))
    assert result.prompts == ["Hi Zoë!"]


def test_attribute_names_with_spaces_are_read_with_jsonpath_brackets_too() -> None:
    greeting = say("hello", "Hi $.Attributes['first name']!")
    result = simulate(flow(greeting), ContactSetup(attributes={"first name": "Zoë"}))
    assert result.prompts == ["Hi Zoë!"]


def test_set_flow_attributes_are_readable_in_the_flow() -> None:
    setter = action(
        "flowattr",
        "UpdateFlowAttributes",
        {"FlowAttributes": {"tier": {"Value": "gold"}}},
        "hello",
    )
    result = simulate(flow(setter, say("hello", "tier $.FlowAttributes.tier")))
    assert result.prompts == ["tier gold"]


# --- Play prompt ---


def test_play_prompt_interpolates_references_in_text() -> None:
    result = simulate(
        flow(say("hello", "Calling from $.CustomerEndpoint.Address on $.Channel")),
        ContactSetup(phone="+442071838750"),
    )
    assert result.prompts == ["Calling from +442071838750 on VOICE"]


def test_play_prompt_with_ssml_is_heard_without_its_tags() -> None:
    prompt = action(
        "ssml",
        "MessageParticipant",
        {"SSML": "<speak>Hola <break time='1s'/> $.Attributes.n &amp; bye</speak>"},
        "yes",
    )
    result = simulate(flow(prompt), ContactSetup(attributes={"n": "Ana"}))
    assert result.prompts == ["Hola Ana & bye"]


def test_a_missing_reference_in_a_prompt_reads_as_empty_and_is_noted() -> None:
    result = simulate(flow(say("hello", "Hello $.Attributes.firstName.")))
    assert result.prompts == ["Hello ."]
    assert result.notes == ["$.Attributes.firstName does not exist; read as empty"]


def test_set_voice_changes_the_voice_later_prompts_are_spoken_in() -> None:
    voice = action(
        "voice",
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": "Neural"},
        "hello",
    )
    result = simulate(flow(voice, say("hello", "Hola")))
    heard = result.steps[1].events[-1]
    assert getattr(heard, "voice", None) == "Lupe"
    assert result.voice == "Lupe"


def test_set_logging_behavior_goes_on_to_the_next_block() -> None:
    logging = action("log", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, "yes")
    result = simulate(flow(logging))
    assert result.path == ["log", "yes"]


# --- Get customer input ---


def menu() -> dict[str, Any]:
    return action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 1 or 2", "InputTimeLimitSeconds": "5", "StoreInput": "False"},
        errors={"InputTimeLimitExceeded": "error", "NoMatchingCondition": "no"},
        conditions=[("Equals", "1", "yes"), ("Equals", "2", "no")],
    )


def test_get_customer_input_takes_the_condition_of_the_digit_pressed() -> None:
    result = simulate(flow(menu()), script=Script(inputs=["2"]))
    assert result.steps[0].label == "Equals 2"
    assert result.prompts == ["Press 1 or 2"]


def test_get_customer_input_without_input_takes_input_time_limit_exceeded() -> None:
    result = simulate(flow(menu()))
    assert result.steps[0].label == "InputTimeLimitExceeded"


def test_a_digit_with_no_condition_takes_no_matching_condition() -> None:
    result = simulate(flow(menu()), script=Script(inputs=["7"]))
    assert result.steps[0].label == "NoMatchingCondition"


def test_scripted_inputs_are_used_one_per_block_in_order() -> None:
    again = action(
        "menu2",
        "GetParticipantInput",
        {"Text": "Again", "StoreInput": "False"},
        errors={"InputTimeLimitExceeded": "error", "NoMatchingCondition": "error"},
        conditions=[("Equals", "1", "yes")],
    )
    first = menu()
    first["Transitions"]["Conditions"][1]["NextAction"] = "menu2"
    result = simulate(flow(first, again), script=Script(inputs=["2", "1"]))
    assert result.path == ["menu", "menu2", "yes"]


def test_stored_input_is_readable_as_stored_customer_input() -> None:
    store = action(
        "store",
        "GetParticipantInput",
        {"Text": "Your account number", "StoreInput": "True"},
        "readback",
        {"NoMatchingError": "error"},
    )
    result = simulate(
        flow(store, say("readback", "You entered $.StoredCustomerInput")),
        script=Script(inputs=["12345"]),
    )
    assert result.prompts[-1] == "You entered 12345"


def test_stored_input_with_no_entry_holds_timeout_and_takes_success() -> None:
    store = action(
        "store", "GetParticipantInput", {"Text": "Number?", "StoreInput": "True"}, "readback"
    )
    result = simulate(flow(store, say("readback", "$.StoredCustomerInput")))
    assert result.prompts[-1] == "Timeout"


def test_stored_input_failing_phone_number_validation_takes_invalid_phone_number() -> None:
    store = action(
        "store",
        "GetParticipantInput",
        {
            "Text": "Number?",
            "StoreInput": "True",
            "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}},
        },
        "yes",
        {"InvalidPhoneNumber": "no", "NoMatchingError": "error"},
    )
    result = simulate(flow(store), script=Script(inputs=["555"]))
    assert result.path[-1] == "no"


# --- Queues ---


def set_queue(queue_id: str = QUEUE_ARN) -> dict[str, Any]:
    return action(
        "setqueue",
        "UpdateContactTargetQueue",
        {"QueueId": queue_id},
        "transfer",
        {"NoMatchingError": "error"},
    )


def transfer() -> dict[str, Any]:
    return action(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "no", "NoMatchingError": "error"},
    )


def test_transfer_to_queue_ends_in_the_working_queue() -> None:
    result = simulate(
        flow(set_queue(), transfer()), ContactSetup(queue_names={QUEUE_ARN: "Priority"})
    )
    assert result.ended is Ended.TRANSFERRED_TO_QUEUE
    assert (result.queue, result.queue_arn) == ("Priority", QUEUE_ARN)


def test_a_queue_scripted_full_takes_queue_at_capacity() -> None:
    result = simulate(
        flow(set_queue(), transfer()),
        ContactSetup(queue_names={QUEUE_ARN: "Priority"}),
        script=Script(queues_at_capacity=frozenset({"Priority"})),
    )
    assert result.steps[-2].label == "QueueAtCapacity"
    assert result.ended is Ended.DISCONNECTED


def test_transfer_to_queue_without_a_working_queue_takes_the_error_branch() -> None:
    result = simulate(flow(transfer()))
    assert result.path == ["transfer", "error"]


def test_set_working_queue_with_a_placeholder_takes_the_error_branch() -> None:
    result = simulate(flow(set_queue("%QueueArn%"), transfer()))
    assert result.path == ["setqueue", "error"]


def test_queue_name_comes_from_console_metadata_when_present() -> None:
    content = flow(set_queue(), transfer())
    content["Metadata"] = {"ActionMetadata": {"setqueue": {"queue": {"text": "BasicQueue"}}}}
    result = simulate(content)
    assert result.queue == "BasicQueue"


def test_the_working_queue_is_readable_as_queue_name() -> None:
    queue = set_queue()
    queue["Transitions"]["NextAction"] = "hello"
    result = simulate(
        flow(queue, say("hello", "Queue $.Queue.Name")),
        ContactSetup(queue_names={QUEUE_ARN: "Spanish"}),
    )
    assert result.prompts == ["Queue Spanish"]


# --- Hours, loops, endings ---


def hours() -> dict[str, Any]:
    return action(
        "hours",
        "CheckHoursOfOperation",
        errors={"NoMatchingError": "error"},
        conditions=[("Equals", "True", "yes"), ("Equals", "False", "no")],
    )


def test_check_hours_of_operation_is_open_by_default() -> None:
    assert simulate(flow(hours())).path[-1] == "yes"


def test_check_hours_of_operation_is_closed_when_scripted() -> None:
    assert simulate(flow(hours()), script=Script(hours_open=False)).path[-1] == "no"


def test_loop_continues_loop_count_times_then_is_done() -> None:
    counter = action(
        "loop",
        "Loop",
        {"LoopCount": "3"},
        errors={"NoMatchingError": "error"},
        conditions=[("Equals", "ContinueLooping", "again"), ("Equals", "DoneLooping", "yes")],
    )
    result = simulate(flow(counter, say("again", "once more", "loop")))
    assert result.prompts == ["once more"] * 3
    assert result.path[-1] == "yes"


def test_end_flow_execution_in_an_inbound_flow_disconnects_the_contact() -> None:
    result = simulate(flow(action("end", "EndFlowExecution")))
    assert result.ended is Ended.DISCONNECTED
    assert "in an inbound flow (CONTACT_FLOW)" in result.message


def test_end_flow_execution_in_a_customer_queue_flow_ends_the_flow_only() -> None:
    content = {**flow(action("end", "EndFlowExecution")), "Metadata": {"type": "customerQueue"}}
    result = simulate(content)
    assert (result.ended, result.flow_type) == (Ended.ENDED, "CUSTOMER_QUEUE")


def test_disconnect_ends_the_contact_as_disconnected() -> None:
    result = simulate(flow(say("bye", "Goodbye")))
    assert (result.ended, result.prompts) == (Ended.DISCONNECTED, ["Goodbye"])


def test_transfer_to_flow_without_a_flow_folder_ends_there() -> None:
    to_flow = action(
        "toflow",
        "TransferToFlow",
        {"ContactFlowId": "arn:aws:connect:us-east-1:1:instance/i/contact-flow/next"},
        errors={"NoMatchingError": "error"},
    )
    result = simulate(flow(to_flow))
    assert result.ended is Ended.TRANSFERRED_TO_FLOW


def test_transfer_to_flow_continues_in_a_flow_of_the_flow_folder(tmp_path: Any) -> None:
    import json

    other = {
        "Version": "2019-10-30",
        "StartAction": "there",
        "Actions": [
            say("there", "now in the other flow $.FlowAttributes.x", "bye"),
            action("bye", "DisconnectParticipant"),
        ],
    }
    (tmp_path / "next.json").write_text(json.dumps(other), encoding="utf-8")
    to_flow = action(
        "toflow",
        "TransferToFlow",
        {"ContactFlowId": "arn:aws:connect:us-east-1:1:instance/i/contact-flow/next"},
        errors={"NoMatchingError": "error"},
    )
    setter = action(
        "flowattr", "UpdateFlowAttributes", {"FlowAttributes": {"x": {"Value": "1"}}}, "toflow"
    )
    result = simulate(flow(setter, to_flow), options=SimulationOptions(flow_dir=tmp_path))
    assert result.ended is Ended.DISCONNECTED
    assert result.prompts == ["now in the other flow "]  # flow attributes stay behind
    assert result.steps[-1].flow == 1


# --- The engine ---


def test_an_endless_loop_stops_at_the_step_limit() -> None:
    ping = say("ping", "ping", "pong")
    pong = say("pong", "pong", "ping")
    result = simulate(flow(ping, pong), options=SimulationOptions(max_steps=25))
    assert result.ended is Ended.STOPPED
    assert len(result.steps) == 25
    assert "step limit" in result.message


def test_an_action_type_the_language_lacks_stops_the_run_naming_the_action() -> None:
    agent = action("askAgent", "TeleportCaller", {}, "yes")
    result = simulate(flow(agent))
    assert result.ended is Ended.STOPPED
    assert result.message == (
        "TeleportCaller block 'askAgent': 'TeleportCaller' is not a type of the flow language; "
        "cannot simulate it"
    )


def test_a_misspelt_action_type_stops_the_run_with_the_type_it_most_likely_meant() -> None:
    hello = action("hello", "MessageParticipantt", {"Text": "hi"}, "yes")
    result = simulate(flow(hello))
    assert result.ended is Ended.STOPPED
    assert result.message == (
        "MessageParticipantt block 'hello': 'MessageParticipantt' is not a type of the flow "
        "language (did you mean MessageParticipant?); cannot simulate it"
    )


def test_a_legacy_block_name_used_as_a_type_stops_and_says_what_to_use() -> None:
    legacy = action("old", "CheckAttribute", {}, "yes")
    result = simulate(flow(legacy))
    assert result.ended is Ended.STOPPED
    assert "Compare" in result.message


def test_a_scripted_failure_takes_the_blocks_error_branch() -> None:
    hello = action("hello", "MessageParticipant", {"Text": "hi"}, "yes", {"NoMatchingError": "no"})
    result = simulate(flow(hello), script=Script(failures={"hello": "NoMatchingError"}))
    assert result.path == ["hello", "no"]
    assert result.prompts == []


def test_an_error_without_its_own_branch_falls_back_to_no_matching_error() -> None:
    result = simulate(
        flow(set_queue(), transfer()),
        script=Script(failures={"transfer": "SomethingElse"}),
    )
    assert result.steps[-2].label == "NoMatchingError"


def test_an_error_with_no_branch_at_all_stops_the_run() -> None:
    hello = action("hello", "MessageParticipant", {"Text": "hi"}, "yes")
    result = simulate(flow(hello), script=Script(failures={"hello": "NoMatchingError"}))
    assert result.ended is Ended.STOPPED
    assert "hello" in result.message


def test_a_next_action_that_does_not_exist_stops_the_run() -> None:
    result = simulate(flow(say("hello", "hi", "nowhere")))
    assert result.ended is Ended.STOPPED
    assert "nowhere" in result.message


def test_every_step_records_the_transition_it_took() -> None:
    result = simulate(flow(check("$.Channel", "Equals", "VOICE")))
    assert result.transitions()[0][1:] == ("check", "Equals VOICE", "yes")
