"""Parameter rules driven by the action table: forms, enumerations, settings, prompt text.

Each test is one small flow: one block under test (tests/unit/small_flows.py).
"""

from __future__ import annotations

import pytest

from tests.unit.small_flows import block_findings, codes_of, one_block_flow

QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/"
    "11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"
)

# -- static values ---------------------------------------------------------------------------


def test_a_reference_where_the_value_must_be_static_is_refused() -> None:
    flow = one_block_flow(
        "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "$.Attributes.logging"}
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "DYNAMIC_VALUE")]
    assert "FlowLoggingBehavior" in findings[0].message


def test_store_input_from_a_reference_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        {"Text": "Press 1.", "StoreInput": "$.Attributes.store"},
        error_types=("NoMatchingError",),
    )
    assert ("error", "DYNAMIC_VALUE") in codes_of(block_findings(flow))


def test_a_reference_inside_a_static_map_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        {
            "Text": "Enter your number.",
            "StoreInput": "True",
            "InputValidation": {"CustomValidation": {"MaximumLength": "$.Attributes.length"}},
        },
        error_types=("NoMatchingError",),
    )
    assert codes_of(block_findings(flow)) == [("error", "DYNAMIC_VALUE")]


def test_a_queue_from_a_single_reference_is_accepted() -> None:
    flow = one_block_flow(
        "UpdateContactTargetQueue",
        {"QueueId": "$.Attributes.queueArn"},
        error_types=("NoMatchingError",),
    )
    assert block_findings(flow) == []


def test_a_queue_from_text_around_a_reference_is_refused() -> None:
    flow = one_block_flow(
        "UpdateContactTargetQueue",
        {"QueueId": QUEUE_ARN[:-36] + "$.Attributes.queueId"},
        error_types=("NoMatchingError",),
    )
    assert ("error", "BAD_PARAMETER_FORM") in codes_of(block_findings(flow))


def test_a_static_callback_number_is_refused() -> None:
    flow = one_block_flow(
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "+14155550100"},
        error_types=("InvalidCallbackNumber", "CallbackNumberNotDialable"),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "BAD_PARAMETER_FORM")]
    assert "single JSONPath reference" in findings[0].message


# -- Set voice: the engines Connect writes ---------------------------------------------------


@pytest.mark.parametrize("engine", ["Neural", "Standard", "Generative", "$.Attributes.engine"])
def test_a_text_to_speech_engine_connect_writes_is_accepted(engine: str) -> None:
    flow = one_block_flow(
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": engine},
        error_types=("NoMatchingError",),
    )
    assert block_findings(flow) == []


def test_a_lower_case_engine_is_refused_naming_the_value_connect_writes() -> None:
    flow = one_block_flow(
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": "neural"},
        error_types=("NoMatchingError",),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "BAD_PARAMETER")]
    assert 'did you mean "Neural"?' in findings[0].message


def test_an_engine_polly_lacks_is_refused() -> None:
    flow = one_block_flow(
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": "Turbo"},
        error_types=("NoMatchingError",),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "BAD_PARAMETER")]
    assert '"Standard" or "Neural" or "Generative"' in findings[0].message


# -- parameters a setting requires or excludes -----------------------------------------------


def test_stored_input_without_input_validation_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        {"Text": "Enter your phone number.", "StoreInput": "True"},
        error_types=("NoMatchingError",),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "MISSING_PARAMETER")]
    assert 'InputValidation when StoreInput is "True"' in findings[0].message


def test_input_validation_on_a_menu_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        {
            "Text": "Press 1.",
            "StoreInput": "False",
            "InputValidation": {"CustomValidation": {"MaximumLength": "1"}},
        },
        error_types=("NoMatchingError",),
    )
    assert codes_of(block_findings(flow)) == [("error", "CONFLICTING_PARAMETERS")]


def test_routing_priority_and_time_adjustment_together_are_refused() -> None:
    flow = one_block_flow(
        "UpdateContactRoutingBehavior", {"QueuePriority": "1", "QueueTimeAdjustmentSeconds": "60"}
    )
    assert codes_of(block_findings(flow)) == [("error", "CONFLICTING_PARAMETERS")]


def test_a_hold_state_outside_its_values_is_refused() -> None:
    flow = one_block_flow(
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": "OnHold"},
        error_types=("NoMatchingError",),
    )
    assert codes_of(block_findings(flow)) == [("error", "BAD_PARAMETER")]


def test_a_callback_delay_over_three_days_is_refused() -> None:
    flow = one_block_flow(
        "CreateCallbackContact",
        {"InitialCallDelaySeconds": "259201", "MaximumConnectionAttempts": "1"},
        error_types=("NoMatchingError",),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "BAD_PARAMETER")]
    assert "from 1 to 259200" in findings[0].message


# -- typographic quotes in prompt text -------------------------------------------------------


@pytest.mark.parametrize("parameter", ["Text", "SSML"])
def test_a_curly_apostrophe_in_prompt_text_is_a_warning_giving_both_pieces_of_evidence(
    parameter: str,
) -> None:
    flow = one_block_flow(
        "MessageParticipant", {parameter: "We\u2019re sorry."}, error_types=("NoMatchingError",)
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("warning", "CURLY_APOSTROPHE")]
    assert "U+2019" in findings[0].message
    assert "reports CreateContactFlow refusing" in findings[0].message
    assert "console exports that Connect instances hold carry them" in findings[0].message


def test_a_curly_apostrophe_in_a_get_customer_input_prompt_is_a_warning() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        {"Text": "Press 1 if you\u2018d like help."},
        error_types=("NoMatchingError",),
    )
    assert codes_of(block_findings(flow)) == [("warning", "CURLY_APOSTROPHE")]


def test_a_curly_apostrophe_in_looped_prompts_is_a_warning() -> None:
    flow = one_block_flow(
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "You\u2019re next."}]},
        error_types=("NoMatchingError",),
    )
    findings = block_findings(flow, flow_type="CUSTOMER_QUEUE")
    assert codes_of(findings) == [("warning", "CURLY_APOSTROPHE")]
    assert "Messages[0].Text" in findings[0].message


def test_a_curly_apostrophe_in_a_flow_module_is_a_warning_as_in_a_flow() -> None:
    flow = one_block_flow(
        "MessageParticipant",
        {"Text": "We\u2019re unable to confirm."},
        error_types=("NoMatchingError",),
        module=True,
    )
    assert codes_of(block_findings(flow)) == [("warning", "CURLY_APOSTROPHE")]


def test_curly_double_quotes_in_prompt_text_are_a_warning() -> None:
    flow = one_block_flow(
        "MessageParticipant",
        {"Text": "Say \u201cagent\u201d at any time."},
        error_types=("NoMatchingError",),
    )
    assert codes_of(block_findings(flow)) == [("warning", "TYPOGRAPHIC_QUOTE")]


def test_straight_apostrophes_in_prompt_text_are_accepted() -> None:
    flow = one_block_flow(
        "MessageParticipant", {"Text": "We're sorry."}, error_types=("NoMatchingError",)
    )
    assert block_findings(flow) == []


def test_a_curly_apostrophe_in_an_attribute_value_is_not_prompt_text() -> None:
    flow = one_block_flow(
        "UpdateContactAttributes",
        {"Attributes": {"lastName": "O\u2019Brien"}, "TargetContact": "Current"},
        error_types=("NoMatchingError",),
    )
    assert block_findings(flow) == []
