"""Error branches and conditions, judged against the action table.

Each test is one small flow: one block under test (tests/unit/small_flows.py). The facts come
from the flow-language reference (flows/language/action_table.py cites each page); where a live
instance refused a flow (../shared/reference/connect-flows.md, last section), the test says so.
"""

from __future__ import annotations

import pytest

from tests.unit.small_flows import block_findings, codes_of, conditions, equals, one_block_flow

STORED_INPUT = {
    "Text": "Enter your account number, then press pound.",
    "StoreInput": "True",
    "InputTimeLimitSeconds": "5",
    "InputValidation": {"CustomValidation": {"MaximumLength": "12"}},
}
MENU = {"Text": "Press 1 for sales.", "StoreInput": "False", "InputTimeLimitSeconds": "5"}
PHONE_INPUT = {
    **STORED_INPUT,
    "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}},
}

# -- "Errors: None." -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action_type", "parameters"),
    [
        ("UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}),
        ("UpdateContactRecordingBehavior", {"RecordingBehavior": {"RecordedParticipants": []}}),
        ("UpdateContactRoutingBehavior", {"QueuePriority": "1"}),
    ],
)
def test_an_error_branch_on_an_action_without_errors_is_refused(
    action_type: str, parameters: dict[str, str]
) -> None:
    findings = block_findings(
        one_block_flow(action_type, parameters, error_types=("NoMatchingError",))
    )
    assert codes_of(findings) == [("error", "UNSUPPORTED_ERROR_TYPE")]
    assert "'Errors: None.'" in findings[0].message


def test_a_loop_with_an_error_branch_is_refused() -> None:
    flow = one_block_flow(
        "Loop",
        {"LoopCount": "2"},
        error_types=("NoMatchingError",),
        condition_list=equals("ContinueLooping", "DoneLooping"),
    )
    assert codes_of(block_findings(flow)) == [("error", "UNSUPPORTED_ERROR_TYPE")]


def test_an_action_without_errors_and_an_empty_errors_list_is_accepted() -> None:
    flow = one_block_flow("UpdateContactRoutingBehavior", {"QueuePriority": "1"})
    assert block_findings(flow) == []


def test_set_callback_number_takes_its_own_errors_not_no_matching_error() -> None:
    flow = one_block_flow(
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.StoredCustomerInput"},
        error_types=("InvalidCallbackNumber", "NoMatchingError"),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "UNSUPPORTED_ERROR_TYPE")]
    assert "InvalidCallbackNumber" in findings[0].message


# -- Get customer input ----------------------------------------------------------------------


def test_stored_input_with_an_empty_conditions_list_is_accepted() -> None:
    flow = one_block_flow(
        "GetParticipantInput", STORED_INPUT, error_types=("NoMatchingError",), condition_list=[]
    )
    assert block_findings(flow) == []


def test_stored_input_with_a_condition_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        STORED_INPUT,
        error_types=("NoMatchingError",),
        condition_list=equals("1"),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "CONDITIONS_NOT_SUPPORTED")]
    assert 'StoreInput is "True"' in findings[0].message


def test_stored_input_with_a_timeout_branch_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        STORED_INPUT,
        error_types=("InputTimeLimitExceeded", "NoMatchingError"),
        condition_list=[],
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "UNSUPPORTED_ERROR_TYPE")]
    assert 'InputTimeLimitExceeded only when StoreInput is "False"' in findings[0].message


def test_stored_input_with_a_no_match_branch_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput", STORED_INPUT, error_types=("NoMatchingCondition", "NoMatchingError")
    )
    assert codes_of(block_findings(flow)) == [("error", "UNSUPPORTED_ERROR_TYPE")]


def test_invalid_phone_number_branch_with_phone_validation_is_accepted() -> None:
    flow = one_block_flow(
        "GetParticipantInput", PHONE_INPUT, error_types=("InvalidPhoneNumber", "NoMatchingError")
    )
    assert block_findings(flow) == []


def test_invalid_phone_number_branch_without_phone_validation_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput", STORED_INPUT, error_types=("InvalidPhoneNumber", "NoMatchingError")
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "UNSUPPORTED_ERROR_TYPE")]
    assert "PhoneNumberValidation is given" in findings[0].message


def test_a_menu_with_its_timeout_and_no_match_branches_is_accepted() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        MENU,
        error_types=("InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"),
        condition_list=equals("1", "*", "#"),
    )
    assert block_findings(flow) == []


def test_get_customer_input_without_an_error_branch_is_refused() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        MENU,
        error_types=("NoMatchingCondition",),
        condition_list=equals("1"),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "MISSING_ERROR_BRANCH")]
    assert "NoMatchingError" in findings[0].message


def test_menu_conditions_take_only_equals() -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        MENU,
        error_types=("NoMatchingError",),
        condition_list=conditions(("NumberGreaterThan", "5")),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "UNSUPPORTED_OPERATOR")]
    assert "Equals" in findings[0].message


@pytest.mark.parametrize("operand", ["12", "a", ""])
def test_menu_conditions_compare_with_one_key(operand: str) -> None:
    flow = one_block_flow(
        "GetParticipantInput",
        MENU,
        error_types=("NoMatchingError",),
        condition_list=equals(operand),
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "BAD_CONDITION_VALUE")]
    assert "a single character: 0-9, * or #" in findings[0].message


# -- fixed condition sets --------------------------------------------------------------------


def test_a_loop_without_done_looping_is_refused() -> None:
    flow = one_block_flow("Loop", {"LoopCount": "2"}, condition_list=equals("ContinueLooping"))
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "MISSING_CONDITION")]
    assert "missing: DoneLooping" in findings[0].message


def test_a_loop_with_both_results_is_accepted() -> None:
    flow = one_block_flow(
        "Loop", {"LoopCount": "2"}, condition_list=equals("ContinueLooping", "DoneLooping")
    )
    assert block_findings(flow) == []


def test_an_hours_check_with_only_its_true_branch_is_refused() -> None:
    flow = one_block_flow(
        "CheckHoursOfOperation", {}, error_types=("NoMatchingError",), condition_list=equals("True")
    )
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "MISSING_CONDITION")]
    assert "missing: False" in findings[0].message


def test_an_hours_check_without_conditions_is_refused() -> None:
    flow = one_block_flow("CheckHoursOfOperation", {}, error_types=("NoMatchingError",))
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "MISSING_CONDITION")]
    assert "missing: True, False" in findings[0].message


def test_an_hours_check_with_a_third_result_is_refused() -> None:
    flow = one_block_flow(
        "CheckHoursOfOperation",
        {},
        error_types=("NoMatchingError",),
        condition_list=equals("True", "False", "Holiday"),
    )
    assert codes_of(block_findings(flow)) == [("error", "BAD_CONDITION_VALUE")]


def test_an_hours_check_compared_with_another_operator_is_refused() -> None:
    flow = one_block_flow(
        "CheckHoursOfOperation",
        {},
        error_types=("NoMatchingError",),
        condition_list=conditions(("Equals", "True"), ("TextStartsWith", "False")),
    )
    assert codes_of(block_findings(flow)) == [("error", "UNSUPPORTED_OPERATOR")]


def test_an_hours_check_with_both_results_is_accepted() -> None:
    flow = one_block_flow(
        "CheckHoursOfOperation",
        {},
        error_types=("NoMatchingError",),
        condition_list=equals("True", "False"),
    )
    assert block_findings(flow) == []


# -- error types that depend on a setting ----------------------------------------------------


def test_a_third_party_timeout_branch_is_refused_when_the_flow_does_not_continue() -> None:
    flow = one_block_flow(
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "+14155550100", "ContinueFlowExecution": "False"},
        error_types=("ConnectionTimeLimitExceeded", "NoMatchingError"),
    )
    assert codes_of(block_findings(flow)) == [("error", "UNSUPPORTED_ERROR_TYPE")]


def test_a_third_party_timeout_branch_is_accepted_when_the_flow_continues_by_default() -> None:
    flow = one_block_flow(
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "+14155550100"},
        error_types=("ConnectionTimeLimitExceeded", "CallFailed", "NoMatchingError"),
    )
    assert block_findings(flow) == []
