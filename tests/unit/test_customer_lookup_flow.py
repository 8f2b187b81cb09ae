"""The customer-lookup flow does what issue 3's routing table says, on every path."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from flows.customer_lookup import (
    DEFAULT_INVOCATION_TIMEOUT_SECONDS,
    LOOK_UP_CALLER,
    QUEUE_NAMES,
    ROUTES,
    CustomerLookupFlowSettings,
    FlowSettingsError,
    build_customer_lookup_flow,
    greeting_id,
    sandbox_settings,
    set_reason_id,
)
from flows.validator import has_errors, validate_content

# Issue 3, "The customer-lookup flow": routingReason -> queue.
ISSUE_TABLE = (
    ("LOOKUP_ERROR", "General"),
    ("UNKNOWN_CALLER", "General"),
    ("OPEN_CASE", "CaseSpecialists"),
    ("LANGUAGE_ES", "Spanish"),
    ("PRIORITY_MEMBER", "Priority"),
    ("STANDARD", "General"),
)


def _found(**fields: str) -> dict[str, str]:
    response = {
        "lookupStatus": "FOUND",
        "errorCode": "",
        "customerId": "c-1",
        "firstName": "Ana",
        "lastName": "Diaz",
        "membershipStatus": "SILVER",
        "preferredLanguage": "en-US",
        "hasOpenCase": "false",
        "openCaseId": "",
    }
    response.update(fields)
    return response


# (what the function answers, None = its Error branch) -> (routingReason, queue)
CALLERS = {
    "function error": (None, "LOOKUP_ERROR", "General"),
    "lookup status ERROR": (_found(lookupStatus="ERROR"), "LOOKUP_ERROR", "General"),
    "status ERROR wins over an open case": (
        _found(lookupStatus="ERROR", hasOpenCase="true"),
        "LOOKUP_ERROR",
        "General",
    ),
    "not found": (_found(lookupStatus="NOT_FOUND"), "UNKNOWN_CALLER", "General"),
    "invalid input": (_found(lookupStatus="INVALID_INPUT"), "UNKNOWN_CALLER", "General"),
    "open case wins over Spanish and GOLD": (
        _found(hasOpenCase="true", openCaseId="CASE-9", preferredLanguage="es-MX"),
        "OPEN_CASE",
        "CaseSpecialists",
    ),
    "Spanish wins over GOLD": (
        _found(preferredLanguage="es-US", membershipStatus="GOLD"),
        "LANGUAGE_ES",
        "Spanish",
    ),
    "plain es": (_found(preferredLanguage="es"), "LANGUAGE_ES", "Spanish"),
    "GOLD member": (_found(membershipStatus="GOLD"), "PRIORITY_MEMBER", "Priority"),
    "anyone else": (_found(), "STANDARD", "General"),
    "sparse record": (
        _found(firstName="", membershipStatus="", preferredLanguage=""),
        "STANDARD",
        "General",
    ),
}


@dataclass
class Outcome:
    """Where a walk through the flow ended and what happened on the way."""

    ended_by: str = ""
    queue: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    voice: str | None = None
    voice_before_first_message: bool = False
    visited: list[str] = field(default_factory=list)


def _walk(
    content: Mapping[str, Any],
    response: Mapping[str, str] | None,
    *,
    failing: frozenset[str] = frozenset(),
) -> Outcome:
    """Follow the flow as Connect would for one caller (only the types this flow uses).

    ``response``: the function's answer, ``None`` for its Error branch; ``failing``: blocks
    that take their NoMatchingError branch instead of succeeding.
    """
    actions = {a["Identifier"]: a for a in content["Actions"]}
    external: dict[str, str] = {}
    outcome = Outcome()
    current = content["StartAction"]
    for _ in range(200):
        action = actions[current]
        outcome.visited.append(current)
        kind, params, transitions = action["Type"], action["Parameters"], action["Transitions"]
        errors = {e["ErrorType"]: e["NextAction"] for e in transitions.get("Errors", [])}
        if current in failing:
            current = errors["NoMatchingError"]
            continue
        if kind == "DisconnectParticipant":
            outcome.ended_by = "disconnect"
            return outcome
        if kind == "TransferContactToQueue":
            outcome.ended_by = "transfer"
            return outcome
        if kind == "InvokeLambdaFunction":
            if response is None:
                current = errors["NoMatchingError"]
                continue
            external = dict(response)
        elif kind == "UpdateContactAttributes":
            for key, value in params["Attributes"].items():
                prefix = "$.External."
                outcome.attributes[key] = (
                    external.get(value[len(prefix) :], "") if value.startswith(prefix) else value
                )
        elif kind == "UpdateContactTextToSpeechVoice":
            outcome.voice = params["TextToSpeechVoice"]
            outcome.voice_before_first_message = not outcome.messages
        elif kind == "MessageParticipant":
            outcome.messages.append(params["Text"])
        elif kind == "UpdateContactTargetQueue":
            outcome.queue = params["QueueId"]
        elif kind == "Compare":
            value = outcome.attributes.get(params["ComparisonValue"].split(".")[-1], "")
            tests = {"Equals": str.__eq__, "TextStartsWith": str.startswith}
            current = next(
                (
                    c["NextAction"]
                    for c in transitions["Conditions"]
                    if tests[c["Condition"]["Operator"]](value, c["Condition"]["Operands"][0])
                ),
                errors["NoMatchingCondition"],
            )
            continue
        current = transitions["NextAction"]
    raise AssertionError(f"no end after 200 blocks: {outcome.visited[-5:]}")


@pytest.fixture(scope="module")
def settings() -> CustomerLookupFlowSettings:
    return sandbox_settings()


@pytest.fixture(scope="module")
def content(settings: CustomerLookupFlowSettings) -> dict[str, Any]:
    return build_customer_lookup_flow(settings).to_dict()


def _by_id(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["Identifier"]: a for a in content["Actions"]}


def test_route_table_is_the_issue_table() -> None:
    assert [(r.routing_reason, r.queue) for r in ROUTES] == list(ISSUE_TABLE)
    assert {r.queue for r in ROUTES} == set(QUEUE_NAMES)


@pytest.mark.parametrize("caller", CALLERS, ids=str)
def test_each_caller_is_routed_as_the_table_says(
    caller: str, content: dict[str, Any], settings: CustomerLookupFlowSettings
) -> None:
    response, reason, queue = CALLERS[caller]
    outcome = _walk(content, response)
    assert outcome.ended_by == "transfer"
    assert outcome.attributes["routingReason"] == reason
    assert outcome.queue == settings.queue_arns[queue]


def test_every_route_of_the_table_is_reached_by_some_caller() -> None:
    assert {reason for _, reason, _ in CALLERS.values()} == {r.routing_reason for r in ROUTES}


def test_the_flow_starts_by_enabling_flow_logging_then_looks_the_caller_up(
    content: dict[str, Any],
) -> None:
    first = _by_id(content)[content["StartAction"]]
    assert first["Type"] == "UpdateFlowLoggingBehavior"
    assert first["Parameters"] == {"FlowLoggingBehavior": "Enabled"}
    assert _by_id(content)[first["Transitions"]["NextAction"]]["Type"] == "InvokeLambdaFunction"


def test_the_lookup_sends_the_caller_number_and_expects_a_string_map(
    content: dict[str, Any], settings: CustomerLookupFlowSettings
) -> None:
    params = _by_id(content)[LOOK_UP_CALLER]["Parameters"]
    assert params["LambdaFunctionARN"] == settings.lookup_function_arn
    assert params["LambdaInvocationAttributes"] == {"phoneNumber": "$.CustomerEndpoint.Address"}
    assert params["ResponseValidation"] == {"ResponseType": "STRING_MAP"}
    assert params["InvocationTimeLimitSeconds"] == str(DEFAULT_INVOCATION_TIMEOUT_SECONDS)


def test_the_invocation_timeout_comes_from_the_settings() -> None:
    settings = dataclasses.replace(sandbox_settings(), invocation_timeout_seconds=7)
    content = build_customer_lookup_flow(settings).to_dict()
    assert _by_id(content)[LOOK_UP_CALLER]["Parameters"]["InvocationTimeLimitSeconds"] == "7"


def test_the_lookup_result_is_copied_into_contact_attributes(content: dict[str, Any]) -> None:
    outcome = _walk(content, _found(hasOpenCase="true", openCaseId="CASE-9"))
    for key in ("lookupStatus", "firstName", "membershipStatus", "preferredLanguage"):
        assert outcome.attributes[key] == _found()[key]
    assert (outcome.attributes["hasOpenCase"], outcome.attributes["openCaseId"]) == (
        "true",
        "CASE-9",
    )


def test_routing_reason_is_set_before_the_transfer_on_every_route(
    content: dict[str, Any],
) -> None:
    for response, reason, _ in CALLERS.values():
        visited = _walk(content, response).visited
        assert visited.index(set_reason_id(reason)) < len(visited) - 1
        assert _by_id(content)[visited[-2]]["Type"] == "UpdateContactTargetQueue"


def test_the_spanish_route_sets_a_spanish_voice_and_greets_in_spanish(
    content: dict[str, Any],
) -> None:
    outcome = _walk(content, _found(preferredLanguage="es-MX"))
    assert outcome.voice == "Lupe"
    assert outcome.voice_before_first_message
    assert outcome.messages[0].startswith("Hola")


def test_other_routes_keep_the_default_voice(content: dict[str, Any]) -> None:
    assert _walk(content, _found(membershipStatus="GOLD")).voice is None


@pytest.mark.parametrize("reason", ["OPEN_CASE", "LANGUAGE_ES", "PRIORITY_MEMBER", "STANDARD"])
def test_known_callers_are_greeted_by_first_name(reason: str, content: dict[str, Any]) -> None:
    text = _by_id(content)[greeting_id(reason)]["Parameters"]["Text"]
    assert "$.Attributes.firstName" in text


def test_callers_with_an_open_case_hear_its_id(content: dict[str, Any]) -> None:
    text = _by_id(content)[greeting_id("OPEN_CASE")]["Parameters"]["Text"]
    assert "$.Attributes.openCaseId" in text


def test_a_failed_lookup_is_met_with_an_apology(content: dict[str, Any]) -> None:
    assert "sorry" in _walk(content, None).messages[0].lower()


@pytest.mark.parametrize(
    "failing",
    [
        "Enable flow logging",
        "Set routingReason STANDARD",
        "Greet STANDARD",
    ],
)
def test_a_failing_courtesy_block_does_not_keep_the_caller_from_an_agent(
    failing: str, content: dict[str, Any]
) -> None:
    outcome = _walk(content, _found(), failing=frozenset({failing}))
    assert outcome.ended_by == "transfer"


def test_a_failed_copy_of_the_lookup_result_routes_as_a_lookup_error(
    content: dict[str, Any],
) -> None:
    outcome = _walk(content, _found(), failing=frozenset({"Save lookup result"}))
    assert (outcome.ended_by, outcome.attributes.get("routingReason")) == (
        "transfer",
        "LOOKUP_ERROR",
    )


def _paths(content: Mapping[str, Any]) -> Iterator[list[str]]:
    """Every path from the start over every branch, to a block with no way on."""
    actions = _by_id(content)
    stack = [[content["StartAction"]]]
    while stack:
        path = stack.pop()
        transitions = actions[path[-1]]["Transitions"]
        targets = [transitions["NextAction"]] if "NextAction" in transitions else []
        targets += [c["NextAction"] for c in transitions.get("Conditions", [])]
        targets += [e["NextAction"] for e in transitions.get("Errors", [])]
        if not targets:
            yield path
        for target in dict.fromkeys(targets):
            assert target not in path, f"loop: {path} -> {target}"
            stack.append([*path, target])


def test_every_path_ends_in_a_transfer_or_a_message_and_a_disconnect(
    content: dict[str, Any],
) -> None:
    # A transfer takes the contact out of the flow; its error branches go on, so every path
    # that leaves the graph must end in a message and a disconnect, transfers included.
    actions = _by_id(content)
    transfers = set()
    for path in _paths(content):
        types = [actions[identifier]["Type"] for identifier in path]
        assert types[-2:] == ["MessageParticipant", "DisconnectParticipant"], path
        transfers |= {i for i, t in zip(path, types, strict=True) if t == "TransferContactToQueue"}
    assert len(transfers) == len(ROUTES)


@pytest.mark.parametrize(
    ("error_type", "message"), [("QueueAtCapacity", "busy"), ("NoMatchingError", "sorry")]
)
def test_transfer_errors_play_a_message_and_hang_up(
    error_type: str, message: str, content: dict[str, Any]
) -> None:
    actions = _by_id(content)
    for action in actions.values():
        if action["Type"] != "TransferContactToQueue" or "LANGUAGE_ES" in action["Identifier"]:
            continue
        errors = {e["ErrorType"]: e["NextAction"] for e in action["Transitions"]["Errors"]}
        said = actions[errors[error_type]]
        assert message in said["Parameters"]["Text"].lower()
        assert actions[said["Transitions"]["NextAction"]]["Type"] == "DisconnectParticipant"


def test_the_spanish_route_says_its_transfer_errors_in_spanish(content: dict[str, Any]) -> None:
    actions = _by_id(content)
    transfer = next(
        a
        for a in actions.values()
        if a["Type"] == "TransferContactToQueue" and "LANGUAGE_ES" in a["Identifier"]
    )
    for error in transfer["Transitions"]["Errors"]:
        assert "llame más tarde" in actions[error["NextAction"]]["Parameters"]["Text"]


def test_the_validator_finds_no_error_in_the_flow(content: dict[str, Any]) -> None:
    findings = validate_content(content)
    assert not has_errors(findings), findings


def test_cdk_tokens_survive_serialization() -> None:
    function_token = "${Token[TOKEN.101]}"
    queue_tokens = {name: f"${{Token[TOKEN.{200 + i}]}}" for i, name in enumerate(QUEUE_NAMES)}
    settings = CustomerLookupFlowSettings(
        lookup_function_arn=function_token, queue_arns=queue_tokens
    )
    text = build_customer_lookup_flow(settings).to_content()
    content = json.loads(text)
    assert _by_id(content)[LOOK_UP_CALLER]["Parameters"]["LambdaFunctionARN"] == function_token
    queue_ids = {
        a["Parameters"]["QueueId"]
        for a in content["Actions"]
        if a["Type"] == "UpdateContactTargetQueue"
    }
    assert queue_ids == set(queue_tokens.values())
    assert all(token in text for token in [function_token, *queue_tokens.values()])
    assert not has_errors(validate_content(content))


def test_sandbox_settings_name_the_dev_functions_live_alias_and_sandbox_queues() -> None:
    settings = sandbox_settings()
    assert settings.lookup_function_arn == (
        "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live"
    )
    assert all(
        arn.startswith("arn:aws:connect:us-east-1:111111111111:instance/")
        for arn in settings.queue_arns.values()
    )


def test_settings_without_a_queue_are_refused_naming_it() -> None:
    queues = dict(sandbox_settings().queue_arns)
    del queues["Spanish"]
    with pytest.raises(FlowSettingsError, match="missing: Spanish"):
        CustomerLookupFlowSettings(lookup_function_arn="${Token[T.1]}", queue_arns=queues)


@pytest.mark.parametrize("timeout", [True, "4", 4.5])
def test_invocation_timeouts_that_are_not_whole_numbers_are_refused(timeout: Any) -> None:
    with pytest.raises(FlowSettingsError, match="invocation_timeout_seconds"):
        CustomerLookupFlowSettings(
            lookup_function_arn="${Token[T.1]}",
            queue_arns=sandbox_settings().queue_arns,
            invocation_timeout_seconds=timeout,
        )


@pytest.mark.parametrize("timeout", [0, 9, 30])
def test_a_timeout_outside_connects_limit_gives_a_flow_the_validator_rejects(
    timeout: int,
) -> None:
    settings = dataclasses.replace(sandbox_settings(), invocation_timeout_seconds=timeout)
    findings = validate_content(build_customer_lookup_flow(settings).to_dict())
    assert [f.identifier for f in findings if f.severity == "error"] == [LOOK_UP_CALLER]


def test_a_function_that_is_neither_arn_nor_token_is_refused() -> None:
    with pytest.raises(FlowSettingsError, match="lookup_function_arn"):
        CustomerLookupFlowSettings(
            lookup_function_arn="customer-lookup-dev", queue_arns=sandbox_settings().queue_arns
        )


def test_every_copied_attribute_is_a_key_the_function_returns(content: dict[str, Any]) -> None:
    from customer_lookup.response import RESPONSE_KEYS

    copied = _by_id(content)["Save lookup result"]["Parameters"]["Attributes"]
    assert {value.removeprefix("$.External.") for value in copied.values()} <= set(RESPONSE_KEYS)
