"""The action table the validator works from: complete, sourced, and readable by type.

Expected facts are written down as the reference pages state them (the URL of each is in
flows/language/action_table.py), not computed from the table.
"""

from __future__ import annotations

import pytest

from flows.language import facts as language
from flows.language.flow_types import FLOW_TYPES

MODELLED_TYPES = {
    "InvokeLambdaFunction",
    "UpdateContactAttributes",
    "Compare",
    "MessageParticipant",
    "UpdateContactTargetQueue",
    "TransferContactToQueue",
    "DisconnectParticipant",
    "EndFlowExecution",
    "EndFlowModuleExecution",
    "UpdateFlowLoggingBehavior",
    "UpdateContactTextToSpeechVoice",
    "GetParticipantInput",
    "TransferToFlow",
    "Loop",
    "CheckHoursOfOperation",
}


def _spec(action_type: str) -> language.ActionSpec:
    spec = language.action_spec(action_type)
    assert spec is not None, f"{action_type} has no entry in the action table"
    return spec


def test_the_modelled_types_are_those_the_model_knows() -> None:
    assert set(language.ACTION_SPECS) == MODELLED_TYPES


def test_every_known_type_has_an_entry_with_its_reference_page() -> None:
    known = set(language.ACTION_SPECS) | set(language.OTHER_KNOWN_TYPES)
    unsourced = [
        t for t in sorted(known) if not _spec(t).url.startswith("https://docs.aws.amazon.com/")
    ]
    assert unsourced == [], f"entries without an AWS reference URL: {unsourced}"


def test_modelled_and_other_types_do_not_overlap() -> None:
    assert set(language.ACTION_SPECS) & set(language.OTHER_KNOWN_TYPES) == set()


@pytest.mark.parametrize(
    "action_type",
    ["UpdateContactTargetAgent", "UpdateCaseData", "EndFlowModuleWithError", "SendCarrierPigeon"],
)
def test_types_no_aws_page_describes_are_unknown(action_type: str) -> None:
    assert language.action_spec(action_type) is None
    assert not language.is_known_type(action_type)


@pytest.mark.parametrize(
    "action_type",
    [
        "UpdateFlowLoggingBehavior",
        "UpdateContactRoutingBehavior",
        "UpdateContactRecordingBehavior",
        "Loop",
        "DisconnectParticipant",
        "TransferContactToAgent",
    ],
)
def test_actions_whose_page_says_errors_none_take_no_error_type(action_type: str) -> None:
    assert _spec(action_type).errors == frozenset()


def test_check_hours_of_operation_branches_on_true_and_false_only() -> None:
    conditions = _spec("CheckHoursOfOperation").condition_spec
    assert conditions is not None
    assert (conditions.values, conditions.required, conditions.others) == (
        ("True", "False"),
        ("True", "False"),
        False,
    )
    assert conditions.operators == ("Equals",)


def test_loop_branches_on_continue_and_done_looping_only() -> None:
    conditions = _spec("Loop").condition_spec
    assert conditions is not None
    assert (conditions.values, conditions.required, conditions.others) == (
        ("ContinueLooping", "DoneLooping"),
        ("ContinueLooping", "DoneLooping"),
        False,
    )


def test_get_customer_input_takes_conditions_only_without_stored_input() -> None:
    spec = _spec("GetParticipantInput")
    assert spec.conditions_for({"StoreInput": "False"}) is not None
    assert spec.conditions_for({}) is not None
    assert spec.conditions_for({"StoreInput": "True"}) is None


def test_get_customer_input_must_always_declare_no_matching_error() -> None:
    assert _spec("GetParticipantInput").required_errors == frozenset({"NoMatchingError"})


def test_text_to_speech_engine_takes_the_values_connect_writes() -> None:
    engine = _spec("UpdateContactTextToSpeechVoice").parameter("TextToSpeechEngine")
    assert engine is not None
    assert engine.values == ("Standard", "Neural", "Generative")


def test_flow_logging_behavior_must_be_static() -> None:
    behavior = _spec("UpdateFlowLoggingBehavior").parameter("FlowLoggingBehavior")
    assert behavior is not None
    assert (behavior.required, behavior.form, behavior.values) == (
        True,
        "static",
        ("Enabled", "Disabled"),
    )


def test_a_prompt_is_not_available_in_hold_flows() -> None:
    spec = _spec("MessageParticipant")
    assert not spec.available_in("CUSTOMER_HOLD")
    assert not spec.available_in("AGENT_HOLD")
    assert spec.available_in("CUSTOMER_QUEUE")


def test_the_module_return_is_available_only_in_modules() -> None:
    spec = _spec("EndFlowModuleExecution")
    assert [t for t in FLOW_TYPES if spec.available_in(t)] == []
    assert spec.available_in("CONTACT_FLOW", in_module=True)


def test_console_names_come_from_the_table() -> None:
    assert language.console_name("UpdateContactRoutingBehavior") == (
        "Change routing priority / age"
    )
    assert language.console_name("SendCarrierPigeon") == "SendCarrierPigeon"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("InvokeLambdaFuntion", "InvokeLambdaFunction"),
        ("MessageParticipent", "MessageParticipant"),
        ("checkhoursofoperation", "CheckHoursOfOperation"),
    ],
)
def test_the_closest_type_to_a_misspelt_one(typed: str, meant: str) -> None:
    assert language.closest_type(typed) == meant


def test_no_type_is_close_to_an_unrelated_name() -> None:
    assert language.closest_type("SendCarrierPigeon") is None
