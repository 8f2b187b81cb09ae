"""The flow validator, rule by rule: a flow that breaks the rule, and a variant that keeps it.

Every test starts from one small valid flow (the shape of the customer-lookup flow, as plain
flow-language dicts), changes one thing and looks for the finding's code.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from flows.language import facts as language
from flows.model.document import parse_flow_text
from flows.validator import (
    Finding,
    has_errors,
    validate_content,
    validate_document,
    validate_path,
)

LAMBDA_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/"
    "11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"
)
CDK_TOKEN = "${Token[TOKEN.231]}"


def _valid_flow() -> dict[str, Any]:
    return {
        "Version": "2019-10-30",
        "StartAction": "Enable logging",
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": {}},
        "Actions": [
            {
                "Identifier": "Enable logging",
                "Type": "UpdateFlowLoggingBehavior",
                "Parameters": {"FlowLoggingBehavior": "Enabled"},
                "Transitions": {"NextAction": "Lookup"},
            },
            {
                "Identifier": "Lookup",
                "Type": "InvokeLambdaFunction",
                "Parameters": {
                    "LambdaFunctionARN": LAMBDA_ARN,
                    "InvocationTimeLimitSeconds": "4",
                    "LambdaInvocationAttributes": {"phoneNumber": "$.CustomerEndpoint.Address"},
                    "ResponseValidation": {"ResponseType": "STRING_MAP"},
                },
                "Transitions": {
                    "NextAction": "Copy result",
                    "Errors": [{"NextAction": "Apologise", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "Copy result",
                "Type": "UpdateContactAttributes",
                "Parameters": {
                    "Attributes": {"lookupStatus": "$.External.lookupStatus"},
                    "TargetContact": "Current",
                },
                "Transitions": {
                    "NextAction": "Route",
                    "Errors": [{"NextAction": "Apologise", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "Route",
                "Type": "Compare",
                "Parameters": {"ComparisonValue": "$.Attributes.lookupStatus"},
                "Transitions": {
                    "NextAction": "Apologise",
                    "Conditions": [
                        {
                            "NextAction": "Set queue",
                            "Condition": {"Operator": "Equals", "Operands": ["FOUND"]},
                        }
                    ],
                    "Errors": [{"NextAction": "Apologise", "ErrorType": "NoMatchingCondition"}],
                },
            },
            {
                "Identifier": "Set queue",
                "Type": "UpdateContactTargetQueue",
                "Parameters": {"QueueId": QUEUE_ARN},
                "Transitions": {
                    "NextAction": "Transfer",
                    "Errors": [{"NextAction": "Apologise", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "Transfer",
                "Type": "TransferContactToQueue",
                "Parameters": {},
                "Transitions": {
                    "NextAction": "Hang up",
                    "Errors": [
                        {"NextAction": "Hang up", "ErrorType": "QueueAtCapacity"},
                        {"NextAction": "Hang up", "ErrorType": "NoMatchingError"},
                    ],
                },
            },
            {
                "Identifier": "Apologise",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "Sorry, something went wrong."},
                "Transitions": {
                    "NextAction": "Hang up",
                    "Errors": [{"NextAction": "Hang up", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": "Hang up",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }


@pytest.fixture
def flow() -> dict[str, Any]:
    return copy.deepcopy(_valid_flow())


def action(content: dict[str, Any], identifier: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in content["Actions"] if a["Identifier"] == identifier)
    return found


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def finding(findings: list[Finding], code: str) -> Finding:
    return next(f for f in findings if f.code == code)


def rename(content: dict[str, Any], old: str, new: str) -> None:
    """Rename an action everywhere it is named (Identifier, StartAction, every NextAction)."""
    text = json.dumps(content).replace(json.dumps(old), json.dumps(new))
    content.clear()
    content.update(json.loads(text))


def chain_of_prompts(count: int) -> dict[str, Any]:
    """A flow of ``count`` actions: prompts one after another, then a disconnect."""
    actions: list[dict[str, Any]] = [
        {
            "Identifier": f"say-{n}",
            "Type": "MessageParticipant",
            "Parameters": {"Text": f"Message {n}"},
            "Transitions": {"NextAction": f"say-{n + 1}" if n < count - 2 else "bye"},
        }
        for n in range(count - 1)
    ]
    actions.append(
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
    )
    return {"Version": "2019-10-30", "StartAction": "say-0", "Actions": actions}


# -- the starting point ---------------------------------------------------------------------


def test_valid_flow_has_no_findings(flow: dict[str, Any]) -> None:
    assert validate_content(flow) == []


def test_has_errors_is_false_for_warnings_only() -> None:
    warning = Finding("x", "warning", "UNREACHABLE", "m")
    assert not has_errors([warning])
    assert has_errors([warning, Finding("y", "error", "DEAD_END", "m")])


def test_content_that_is_not_an_object_is_not_a_flow() -> None:
    assert codes(validate_content([])) == {"NOT_A_FLOW"}  # type: ignore[arg-type]


def test_parameters_nested_too_deeply_are_a_finding_not_a_recursion_error(
    flow: dict[str, Any],
) -> None:
    nested: dict[str, Any] = {}
    innermost = nested
    for _ in range(5000):
        innermost["a"] = {}
        innermost = innermost["a"]
    action(flow, "Apologise")["Parameters"]["Deep"] = nested
    assert codes(validate_content(flow)) == {"NOT_A_FLOW"}


# -- flow level -----------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2020-01-01", "1", 2019])
def test_version_other_than_2019_10_30_is_an_error(flow: dict[str, Any], version: Any) -> None:
    flow["Version"] = version
    found = finding(validate_content(flow), "BAD_VERSION")
    assert found.severity == "error"
    assert found.identifier == "-"


def test_missing_version_is_an_error(flow: dict[str, Any]) -> None:
    del flow["Version"]
    assert "BAD_VERSION" in codes(validate_content(flow))


def test_missing_start_action_is_an_error(flow: dict[str, Any]) -> None:
    del flow["StartAction"]
    assert "MISSING_START_ACTION" in codes(validate_content(flow))


def test_start_action_naming_no_action_is_an_error(flow: dict[str, Any]) -> None:
    flow["StartAction"] = "Nowhere"
    assert "UNKNOWN_START_ACTION" in codes(validate_content(flow))


@pytest.mark.parametrize("actions", [None, [], {"a": 1}], ids=["missing", "empty", "object"])
def test_actions_that_are_not_a_list_of_actions_are_an_error(
    flow: dict[str, Any], actions: Any
) -> None:
    if actions is None:
        del flow["Actions"]
    else:
        flow["Actions"] = actions
    assert "BAD_ACTIONS" in codes(validate_content(flow))


def test_more_than_250_actions_is_an_error() -> None:
    assert "TOO_MANY_ACTIONS" in codes(validate_content(chain_of_prompts(251)))


def test_250_actions_are_allowed() -> None:
    assert validate_content(chain_of_prompts(250)) == []


def _document_with_text_of_length(length: int) -> Any:
    content = chain_of_prompts(2)
    base = len(json.dumps(content))
    content["Actions"][0]["Parameters"]["Text"] += "x" * (length - base)
    text = json.dumps(content)
    assert len(text) == length
    return parse_flow_text(text, source="big.json")


def test_content_over_256000_characters_is_an_error() -> None:
    document = _document_with_text_of_length(256_001)
    assert "CONTENT_TOO_LONG" in codes(validate_document(document))


def test_content_over_256000_characters_names_the_largest_actions() -> None:
    document = _document_with_text_of_length(256_001)
    message = finding(validate_document(document), "CONTENT_TOO_LONG").message
    assert "the largest actions, in characters: 'say-0' (" in message


def test_content_of_256000_characters_is_allowed() -> None:
    document = _document_with_text_of_length(256_000)
    assert validate_document(document) == []


def test_pre_2019_modules_format_is_rejected() -> None:
    legacy = {"modules": [{"id": "1", "type": "PlayPrompt", "branches": []}], "version": "1"}
    findings = validate_content(legacy)
    assert [f.code for f in findings] == ["LEGACY_FORMAT"]
    assert findings[0].severity == "error"


def test_lowercase_version_1_without_modules_is_the_legacy_format() -> None:
    assert codes(validate_content({"version": "1", "start": "x"})) == {"LEGACY_FORMAT"}


# -- identifiers ----------------------------------------------------------------------------


def test_duplicate_identifiers_are_an_error(flow: dict[str, Any]) -> None:
    flow["Actions"].append(copy.deepcopy(action(flow, "Apologise")))
    found = finding(validate_content(flow), "DUPLICATE_IDENTIFIER")
    assert found.identifier == "Apologise"


def test_identifier_over_50_characters_is_an_error(flow: dict[str, Any]) -> None:
    rename(flow, "Apologise", "A" * 51)
    assert "IDENTIFIER_TOO_LONG" in codes(validate_content(flow))


def test_identifier_of_50_characters_with_spaces_and_unicode_is_allowed(
    flow: dict[str, Any],
) -> None:
    rename(flow, "Apologise", ("Désolé, 申し訳 " * 5)[:50].replace(",", ""))
    assert validate_content(flow) == []


@pytest.mark.parametrize("char", sorted(language.FORBIDDEN_IDENTIFIER_CHARS))
def test_identifier_with_a_forbidden_character_is_an_error(flow: dict[str, Any], char: str) -> None:
    rename(flow, "Apologise", f"Apolo{char}gise")
    assert "IDENTIFIER_FORBIDDEN_CHAR" in codes(validate_content(flow))


def test_reserved_identifier_is_an_error(flow: dict[str, Any]) -> None:
    rename(flow, "Apologise", "constructor")
    assert "IDENTIFIER_RESERVED" in codes(validate_content(flow))


def test_identifier_containing_a_reserved_word_is_allowed(flow: dict[str, Any]) -> None:
    rename(flow, "Apologise", "constructor apology")
    assert validate_content(flow) == []


def test_action_without_identifier_is_reported_by_position(flow: dict[str, Any]) -> None:
    del flow["Actions"][6]["Identifier"]
    found = finding(validate_content(flow), "BAD_ACTION")
    assert found.identifier == "Actions[6]"


def test_action_without_type_is_an_error(flow: dict[str, Any]) -> None:
    del action(flow, "Apologise")["Type"]
    assert "BAD_ACTION" in codes(validate_content(flow))


# -- types ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "legacy", ["CheckAttribute", "TransferToQueue", "SetVoice", "PlayPrompt", "Start"]
)
def test_legacy_block_name_as_type_is_an_error_naming_the_modern_type(
    flow: dict[str, Any], legacy: str
) -> None:
    action(flow, "Apologise")["Type"] = legacy
    found = finding(validate_content(flow), "LEGACY_TYPE")
    assert found.severity == "error"
    assert language.LEGACY_TYPES[legacy] in found.message


def test_unknown_type_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Type"] = "SendCarrierPigeon"
    findings = validate_content(flow)
    assert [(f.identifier, f.severity, f.code) for f in findings] == [
        ("Apologise", "error", "UNKNOWN_TYPE")
    ]
    assert "did you mean" not in findings[0].message


def test_misspelt_type_is_an_error_naming_the_type_meant(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Type"] = "InvokeLambdaFuntion"
    found = finding(validate_content(flow), "UNKNOWN_TYPE")
    assert found.severity == "error"
    assert "did you mean InvokeLambdaFunction?" in found.message


def test_type_in_the_wrong_case_is_an_error_naming_the_type_meant(flow: dict[str, Any]) -> None:
    action(flow, "Hang up")["Type"] = "disconnectparticipant"
    assert (
        "did you mean DisconnectParticipant?"
        in finding(validate_content(flow), "UNKNOWN_TYPE").message
    )


def test_return_from_flow_module_is_a_legacy_name_for_the_module_return(
    flow: dict[str, Any],
) -> None:
    action(flow, "Hang up")["Type"] = "ReturnFromFlowModule"
    assert "use EndFlowModuleExecution" in finding(validate_content(flow), "LEGACY_TYPE").message


def test_type_the_model_does_not_know_in_detail_is_checked_from_the_table(
    flow: dict[str, Any],
) -> None:
    action(flow, "Apologise").update(Type="ResumeContact", Parameters={})
    assert validate_content(flow) == []
    action(flow, "Apologise")["Transitions"]["Errors"][0]["ErrorType"] = "QueueAtCapacity"
    assert codes(validate_content(flow)) == {"UNSUPPORTED_ERROR_TYPE"}


# -- transitions ----------------------------------------------------------------------------


def test_next_action_naming_no_action_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Transitions"]["NextAction"] = "Nowhere"
    found = finding(validate_content(flow), "UNKNOWN_TARGET")
    assert (found.identifier, found.severity) == ("Apologise", "error")


def test_error_branch_naming_no_action_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Transitions"]["Errors"][0]["NextAction"] = "Nowhere"
    assert "UNKNOWN_TARGET" in codes(validate_content(flow))


def test_condition_naming_no_action_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Route")["Transitions"]["Conditions"][0]["NextAction"] = "Nowhere"
    assert "UNKNOWN_TARGET" in codes(validate_content(flow))


def test_non_terminal_action_without_a_way_on_is_a_dead_end(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Transitions"] = {}
    found = finding(validate_content(flow), "DEAD_END")
    assert (found.identifier, found.severity) == ("Apologise", "error")


def test_action_with_only_error_branches_is_not_a_dead_end(flow: dict[str, Any]) -> None:
    action(flow, "Transfer")["Transitions"]["NextAction"] = ""
    assert validate_content(flow) == []


@pytest.mark.parametrize(
    "terminal", ["DisconnectParticipant", "EndFlowExecution", "EndFlowModuleExecution"]
)
def test_terminal_action_with_transitions_is_an_error(flow: dict[str, Any], terminal: str) -> None:
    hang_up = action(flow, "Hang up")
    hang_up["Type"] = terminal
    hang_up["Transitions"] = {"NextAction": "Apologise"}
    assert "TERMINAL_WITH_TRANSITIONS" in codes(validate_content(flow))


def test_terminal_action_with_empty_error_and_condition_lists_is_allowed(
    flow: dict[str, Any],
) -> None:
    action(flow, "Hang up")["Transitions"] = {"Errors": [], "Conditions": []}
    assert validate_content(flow) == []


def test_missing_transitions_is_an_error(flow: dict[str, Any]) -> None:
    del action(flow, "Hang up")["Transitions"]
    assert "BAD_TRANSITIONS" in codes(validate_content(flow))


def test_error_branch_without_error_type_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Transitions"]["Errors"] = [{"NextAction": "Hang up"}]
    assert "BAD_TRANSITIONS" in codes(validate_content(flow))


def test_unreachable_action_is_a_warning(flow: dict[str, Any]) -> None:
    flow["Actions"].append(
        {"Identifier": "Orphan", "Type": "DisconnectParticipant", "Transitions": {}}
    )
    findings = validate_content(flow)
    found = finding(findings, "UNREACHABLE")
    assert (found.identifier, found.severity) == ("Orphan", "warning")
    assert not has_errors(findings)


# -- error branches -------------------------------------------------------------------------


def test_invoke_lambda_function_without_no_matching_error_is_an_error(
    flow: dict[str, Any],
) -> None:
    action(flow, "Lookup")["Transitions"]["Errors"] = []
    found = finding(validate_content(flow), "MISSING_ERROR_BRANCH")
    assert "NoMatchingError" in found.message


def test_compare_without_no_matching_condition_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Route")["Transitions"]["Errors"] = []
    found = finding(validate_content(flow), "MISSING_ERROR_BRANCH")
    assert "NoMatchingCondition" in found.message


def test_compare_with_no_matching_error_is_an_unsupported_error_type(
    flow: dict[str, Any],
) -> None:
    action(flow, "Route")["Transitions"]["Errors"].append(
        {"NextAction": "Apologise", "ErrorType": "NoMatchingError"}
    )
    assert "UNSUPPORTED_ERROR_TYPE" in codes(validate_content(flow))


def test_queue_at_capacity_is_unsupported_outside_transfer_to_queue(
    flow: dict[str, Any],
) -> None:
    action(flow, "Lookup")["Transitions"]["Errors"].append(
        {"NextAction": "Apologise", "ErrorType": "QueueAtCapacity"}
    )
    assert "UNSUPPORTED_ERROR_TYPE" in codes(validate_content(flow))


def test_transfer_to_queue_without_error_branches_is_not_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Transfer")["Transitions"]["Errors"] = []
    assert validate_content(flow) == []


def test_error_type_handled_twice_is_a_warning(flow: dict[str, Any]) -> None:
    errors = action(flow, "Apologise")["Transitions"]["Errors"]
    errors.append(dict(errors[0]))
    findings = validate_content(flow)
    assert codes(findings) == {"DUPLICATE_ERROR_TYPE"}
    assert not has_errors(findings)


# -- conditions -----------------------------------------------------------------------------


def _route_condition(flow: dict[str, Any]) -> dict[str, Any]:
    condition: dict[str, Any] = action(flow, "Route")["Transitions"]["Conditions"][0]["Condition"]
    return condition


@pytest.mark.parametrize("operator", language.OPERATORS)
def test_each_of_the_eight_operators_is_accepted(flow: dict[str, Any], operator: str) -> None:
    _route_condition(flow)["Operator"] = operator
    _route_condition(flow)["Operands"] = ["5"]
    assert validate_content(flow) == []


@pytest.mark.parametrize("operator", ["GreaterThan", "NotEquals", "Contains", "equals"])
def test_operator_outside_the_eight_is_an_error(flow: dict[str, Any], operator: str) -> None:
    _route_condition(flow)["Operator"] = operator
    assert "UNKNOWN_OPERATOR" in codes(validate_content(flow))


def test_unknown_operator_message_suggests_the_real_one(flow: dict[str, Any]) -> None:
    _route_condition(flow)["Operator"] = "GreaterThan"
    assert "NumberGreaterThan" in finding(validate_content(flow), "UNKNOWN_OPERATOR").message


@pytest.mark.parametrize(
    "operands", [[], ["FOUND", "NOT_FOUND"], [5], "FOUND"], ids=["none", "two", "number", "bare"]
)
def test_operands_other_than_one_string_are_an_error(flow: dict[str, Any], operands: Any) -> None:
    _route_condition(flow)["Operands"] = operands
    assert "BAD_OPERANDS" in codes(validate_content(flow))


def test_condition_without_operator_and_operands_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Route")["Transitions"]["Conditions"][0]["Condition"] = {"Operand": "FOUND"}
    assert "BAD_CONDITION" in codes(validate_content(flow))


def test_condition_entry_without_condition_object_is_an_error(flow: dict[str, Any]) -> None:
    del action(flow, "Route")["Transitions"]["Conditions"][0]["Condition"]
    assert "BAD_CONDITION" in codes(validate_content(flow))


def test_conditions_on_invoke_lambda_function_are_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Transitions"]["Conditions"] = copy.deepcopy(
        action(flow, "Route")["Transitions"]["Conditions"]
    )
    assert "CONDITIONS_NOT_SUPPORTED" in codes(validate_content(flow))


def test_empty_conditions_list_on_invoke_lambda_function_is_allowed(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Transitions"]["Conditions"] = []
    assert validate_content(flow) == []


def _with_loop(flow: dict[str, Any], operand: str) -> dict[str, Any]:
    loop = {
        "Identifier": "Retry",
        "Type": "Loop",
        "Parameters": {"LoopCount": "3"},
        "Transitions": {
            "NextAction": "Hang up",
            "Conditions": [
                {
                    "NextAction": "Apologise",
                    "Condition": {"Operator": "Equals", "Operands": [operand]},
                },
                {
                    "NextAction": "Hang up",
                    "Condition": {"Operator": "Equals", "Operands": ["DoneLooping"]},
                },
            ],
        },
    }
    flow["Actions"].append(loop)
    action(flow, "Transfer")["Transitions"]["Errors"][0]["NextAction"] = "Retry"
    return flow


def test_loop_compared_with_its_results_is_accepted(flow: dict[str, Any]) -> None:
    assert validate_content(_with_loop(flow, "ContinueLooping")) == []


def test_loop_compared_with_a_value_it_never_returns_is_an_error(flow: dict[str, Any]) -> None:
    assert "BAD_CONDITION_VALUE" in codes(validate_content(_with_loop(flow, "Again")))


# -- per-type parameters --------------------------------------------------------------------


def test_invoke_lambda_function_without_function_arn_is_an_error(flow: dict[str, Any]) -> None:
    del action(flow, "Lookup")["Parameters"]["LambdaFunctionARN"]
    assert "MISSING_PARAMETER" in codes(validate_content(flow))


@pytest.mark.parametrize("seconds", ["0", "9", "30", "3.5", "", True, "$.Attributes.timeout"])
def test_invocation_time_limit_outside_1_to_8_is_an_error(
    flow: dict[str, Any], seconds: Any
) -> None:
    action(flow, "Lookup")["Parameters"]["InvocationTimeLimitSeconds"] = seconds
    assert "BAD_TIMEOUT" in codes(validate_content(flow))


@pytest.mark.parametrize("seconds", ["1", "8", 8, CDK_TOKEN])
def test_invocation_time_limit_from_1_to_8_or_a_token_is_accepted(
    flow: dict[str, Any], seconds: Any
) -> None:
    action(flow, "Lookup")["Parameters"]["InvocationTimeLimitSeconds"] = seconds
    assert validate_content(flow) == []


def test_asynchronous_invocation_may_wait_up_to_60_seconds(flow: dict[str, Any]) -> None:
    parameters = action(flow, "Lookup")["Parameters"]
    parameters.update(InvocationType="ASYNCHRONOUS", InvocationTimeLimitSeconds="60")
    assert validate_content(flow) == []
    parameters["InvocationTimeLimitSeconds"] = "61"
    assert "BAD_TIMEOUT" in codes(validate_content(flow))


def test_unknown_invocation_type_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Parameters"]["InvocationType"] = "EVENTUALLY"
    assert "BAD_PARAMETER" in codes(validate_content(flow))


@pytest.mark.parametrize("validation", [{"ResponseType": "XML"}, {}, "STRING_MAP"])
def test_response_type_other_than_string_map_or_json_is_an_error(
    flow: dict[str, Any], validation: Any
) -> None:
    action(flow, "Lookup")["Parameters"]["ResponseValidation"] = validation
    assert "BAD_RESPONSE_TYPE" in codes(validate_content(flow))


def test_response_type_json_is_accepted(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Parameters"]["ResponseValidation"] = {"ResponseType": "JSON"}
    assert validate_content(flow) == []


@pytest.mark.parametrize(
    "value",
    ["lookupStatus", "$.Attributes.a and $.Attributes.b", "Hello $.Attributes.a", 5],
    ids=["static", "two-paths", "dynamic-text", "number"],
)
def test_comparison_value_that_is_not_one_jsonpath_is_an_error(
    flow: dict[str, Any], value: Any
) -> None:
    action(flow, "Route")["Parameters"]["ComparisonValue"] = value
    assert "BAD_COMPARISON_VALUE" in codes(validate_content(flow))


def test_comparison_value_with_a_bracketed_key_is_accepted(flow: dict[str, Any]) -> None:
    action(flow, "Route")["Parameters"]["ComparisonValue"] = "$.Attributes.['lookup status']"
    assert validate_content(flow) == []


def test_compare_without_comparison_value_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Route")["Parameters"] = {}
    assert "MISSING_PARAMETER" in codes(validate_content(flow))


def test_set_working_queue_without_queue_or_agent_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Set queue")["Parameters"] = {}
    assert "MISSING_PARAMETER" in codes(validate_content(flow))


def test_set_working_queue_with_queue_and_agent_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Set queue")["Parameters"]["AgentId"] = "$.Attributes.agentArn"
    assert "CONFLICTING_PARAMETERS" in codes(validate_content(flow))


def test_set_working_queue_with_an_agent_only_is_accepted(flow: dict[str, Any]) -> None:
    action(flow, "Set queue")["Parameters"] = {"AgentId": "$.Attributes.agentArn"}
    assert validate_content(flow) == []


def test_play_prompt_without_prompt_text_ssml_or_media_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Parameters"] = {}
    assert "MISSING_PARAMETER" in codes(validate_content(flow))


def test_play_prompt_with_text_and_ssml_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Parameters"]["SSML"] = "<speak>Sorry</speak>"
    assert "CONFLICTING_PARAMETERS" in codes(validate_content(flow))


@pytest.mark.parametrize(
    "parameters",
    [
        {"SSML": "<speak>Sorry</speak>"},
        {"PromptId": "66666666-7777-8888-9999-000000000000"},
        {"Media": {"Uri": "s3://bucket/sorry.wav", "SourceType": "S3", "MediaType": "Audio"}},
    ],
    ids=["ssml", "prompt-id", "media"],
)
def test_play_prompt_with_exactly_one_source_is_accepted(
    flow: dict[str, Any], parameters: dict[str, Any]
) -> None:
    action(flow, "Apologise")["Parameters"] = parameters
    assert validate_content(flow) == []


def test_flow_logging_behavior_outside_enabled_disabled_is_an_error(
    flow: dict[str, Any],
) -> None:
    action(flow, "Enable logging")["Parameters"]["FlowLoggingBehavior"] = "On"
    assert "BAD_PARAMETER" in codes(validate_content(flow))


def test_target_contact_outside_current_related_is_an_error(flow: dict[str, Any]) -> None:
    action(flow, "Copy result")["Parameters"]["TargetContact"] = "Previous"
    assert "BAD_PARAMETER" in codes(validate_content(flow))


def test_loop_count_over_100_is_an_error(flow: dict[str, Any]) -> None:
    _with_loop(flow, "ContinueLooping")
    action(flow, "Retry")["Parameters"]["LoopCount"] = "101"
    assert "BAD_PARAMETER" in codes(validate_content(flow))


# -- references -----------------------------------------------------------------------------


def test_reference_to_an_unknown_namespace_is_a_warning(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = "Sorry $.Atributes.firstName"
    findings = validate_content(flow)
    assert codes(findings) == {"UNKNOWN_NAMESPACE"}
    assert not has_errors(findings)


def test_reference_in_an_attribute_key_is_checked(flow: dict[str, Any]) -> None:
    action(flow, "Copy result")["Parameters"]["Attributes"] = {"$.Extrnal.key": "value"}
    assert "UNKNOWN_NAMESPACE" in codes(validate_content(flow))


@pytest.mark.parametrize(
    "text",
    ["Sorry $.Attributes..firstName", "Sorry $.Attributes.['first name", "Sorry $.['x']"],
    ids=["empty-segment", "unclosed-bracket", "no-namespace"],
)
def test_malformed_reference_is_a_warning(flow: dict[str, Any], text: str) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = text
    assert codes(validate_content(flow)) == {"MALFORMED_REFERENCE"}


def test_reference_repeating_its_namespace_is_a_warning_naming_the_action(
    flow: dict[str, Any],
) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = "Sorry $.Attributes.$.Attributes.firstName"
    findings = validate_content(flow)
    assert [(f.identifier, f.severity, f.code) for f in findings] == [
        ("Apologise", "warning", "REPEATED_NAMESPACE")
    ]
    assert "Did you mean $.Attributes.firstName?" in findings[0].message


def test_reference_continued_by_another_namespace_is_malformed(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = "Sorry $.Attributes.$.Queue.Name"
    assert codes(validate_content(flow)) == {"MALFORMED_REFERENCE"}


@pytest.mark.parametrize(
    "text",
    [
        "Sorry $.Attributes.firstName.",
        "Sorry $.Attributes.['first name'], again",
        "Sorry $.Attributes['first name'] again",
        "It costs $.50 today",
        "<speak>$.Attributes.caseId</speak>",
    ],
    ids=["sentence-end", "bracketed-key", "jsonpath-bracket", "money", "ssml"],
)
def test_well_formed_text_with_references_has_no_findings(flow: dict[str, Any], text: str) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = text
    assert validate_content(flow) == []


# -- $.External data flow ------------------------------------------------------------------


def test_external_read_after_the_lambda_succeeded_has_no_finding(flow: dict[str, Any]) -> None:
    assert "EXTERNAL_BEFORE_LAMBDA" not in codes(validate_content(flow))


def test_external_read_on_the_lambda_error_branch_is_a_warning(flow: dict[str, Any]) -> None:
    action(flow, "Apologise")["Parameters"]["Text"] = "Sorry $.External.firstName"
    findings = validate_content(flow)
    found = finding(findings, "EXTERNAL_BEFORE_LAMBDA")
    assert (found.identifier, found.severity) == ("Apologise", "warning")
    assert "Lookup" in found.message
    assert not has_errors(findings)


def test_external_read_before_any_lambda_is_a_warning(flow: dict[str, Any]) -> None:
    action(flow, "Enable logging").update(
        Type="UpdateContactAttributes",
        Parameters={"Attributes": {"early": "$.External.lookupStatus"}},
    )
    action(flow, "Enable logging")["Transitions"]["Errors"] = [
        {"NextAction": "Lookup", "ErrorType": "NoMatchingError"}
    ]
    found = finding(validate_content(flow), "EXTERNAL_BEFORE_LAMBDA")
    assert found.identifier == "Enable logging"


def test_external_read_where_one_path_skips_the_lambda_is_a_warning(
    flow: dict[str, Any],
) -> None:
    # Logging now jumps either to the Lambda or (on error) straight to Copy result.
    action(flow, "Enable logging")["Transitions"]["Errors"] = [
        {"NextAction": "Copy result", "ErrorType": "NoMatchingError"}
    ]
    found = finding(validate_content(flow), "EXTERNAL_BEFORE_LAMBDA")
    assert found.identifier == "Copy result"


def test_external_read_in_a_loop_after_the_lambda_has_no_finding(flow: dict[str, Any]) -> None:
    # Route loops back to Copy result when nothing matches: every lap is after the Lambda.
    route = action(flow, "Route")["Transitions"]
    route["NextAction"] = route["Errors"][0]["NextAction"] = "Copy result"
    assert "EXTERNAL_BEFORE_LAMBDA" not in codes(validate_content(flow))


def test_external_read_in_a_flow_module_is_a_warning_mentioning_the_caller(
    flow: dict[str, Any],
) -> None:
    flow["Settings"] = {"InputParameters": [], "OutputParameters": [], "Transitions": []}
    action(flow, "Apologise")["Parameters"]["Text"] = "Sorry $.External.firstName"
    found = finding(validate_content(flow), "EXTERNAL_BEFORE_LAMBDA")
    assert found.severity == "warning"
    assert "module" in found.message


# -- ARN-typed parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "<<ARN>>",
        "{{lambdaFunctions.lookup.arn}}",
        "%LookupArn%",
        "REPLACE_WITH_LAMBDA_FUNCTION_ARN",
    ],
)
def test_deploy_time_placeholder_in_an_arn_parameter_is_a_warning(
    flow: dict[str, Any], value: str
) -> None:
    action(flow, "Lookup")["Parameters"]["LambdaFunctionARN"] = value
    findings = validate_content(flow)
    assert codes(findings) == {"DEPLOY_PLACEHOLDER"}
    assert "replaced" in findings[0].message


@pytest.mark.parametrize("value", ["customer-lookup-dev", "SELECT LAMBDA", "arn:nothing"])
def test_arn_parameter_that_is_no_arn_is_a_warning(flow: dict[str, Any], value: str) -> None:
    action(flow, "Lookup")["Parameters"]["LambdaFunctionARN"] = value
    findings = validate_content(flow)
    assert codes(findings) == {"NOT_AN_ARN"}
    assert not has_errors(findings)


@pytest.mark.parametrize(
    "value",
    [
        CDK_TOKEN,
        "arn:${Token[AWS.Partition.8]}:lambda:us-east-1:111111111111:function:f",
        "$.FlowAttributes.lookupArn",
    ],
    ids=["token", "arn-with-token", "reference"],
)
def test_arn_parameter_from_a_token_or_reference_is_accepted(
    flow: dict[str, Any], value: str
) -> None:
    action(flow, "Lookup")["Parameters"]["LambdaFunctionARN"] = value
    assert validate_content(flow) == []


def test_bare_queue_id_is_accepted(flow: dict[str, Any]) -> None:
    action(flow, "Set queue")["Parameters"]["QueueId"] = "66666666-7777-8888-9999-000000000000"
    assert validate_content(flow) == []


def test_bare_id_is_not_a_lambda_function_arn(flow: dict[str, Any]) -> None:
    action(flow, "Lookup")["Parameters"]["LambdaFunctionARN"] = (
        "66666666-7777-8888-9999-000000000000"
    )
    assert "NOT_AN_ARN" in codes(validate_content(flow))


def test_placeholder_inside_a_map_of_flow_arns_is_a_warning(flow: dict[str, Any]) -> None:
    action(flow, "Apologise").update(
        Type="UpdateContactEventHooks", Parameters={"EventHooks": {"CustomerQueue": "<<ARN>>"}}
    )
    assert codes(validate_content(flow)) == {"DEPLOY_PLACEHOLDER"}


# -- files ----------------------------------------------------------------------------------


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    findings = validate_path(tmp_path / "absent.json")
    assert [(f.identifier, f.code) for f in findings] == [("-", "FILE_UNREADABLE")]


def test_directory_is_a_finding(tmp_path: Path) -> None:
    assert codes(validate_path(tmp_path)) == {"FILE_UNREADABLE"}


def test_file_that_is_not_utf8_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"Version": "caf\xe9"}')
    assert codes(validate_path(path)) == {"FILE_UNREADABLE"}


def test_truncated_file_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "truncated.json"
    path.write_text(json.dumps(_valid_flow())[:500], encoding="utf-8")
    findings = validate_path(path)
    assert codes(findings) == {"NOT_A_FLOW"}
    assert "truncated" in findings[0].message


def test_json_that_is_not_an_object_is_not_a_flow(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert codes(validate_path(path)) == {"NOT_A_FLOW"}


def test_wrapped_flow_is_validated_inside_its_content_string(tmp_path: Path) -> None:
    broken = _valid_flow()
    broken["StartAction"] = "Nowhere"
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"Name": "x", "Content": json.dumps(broken)}), encoding="utf-8")
    assert codes(validate_path(path)) == {"UNKNOWN_START_ACTION"}


def test_valid_file_has_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(_valid_flow()), encoding="utf-8")
    assert validate_path(path) == []


# -- the code table -------------------------------------------------------------------------


def _codes_reported_in_source() -> set[str]:
    """Every finding code the validator's modules report, and those the action table gives."""
    import ast
    import pkgutil

    import flows.validator as package
    from flows.language.action_table import ACTION_TABLE

    code_argument = {"error": 0, "warning": 0, "flow_error": 0, "report": 2, "Finding": 2}
    found: set[str] = set()
    for module in pkgutil.iter_modules(package.__path__):
        source = Path(package.__path__[0], f"{module.name}.py").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            argument: ast.expr | None = None
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in code_argument and len(node.args) > code_argument[name]:
                    argument = node.args[code_argument[name]]
            elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                argument = node.value.elts[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    found.update(p.code for spec in ACTION_TABLE.values() for p in spec.parameters)
    return found


def test_every_code_the_validator_reports_is_documented_in_its_table() -> None:
    import flows.validator as module

    documented = set(re.findall(r"^([A-Z][A-Z_]+) +(?:error|warning) ", module.__doc__ or "", re.M))
    assert len(documented) >= 30  # the table was read
    assert _codes_reported_in_source() == documented
