"""Invoke AWS Lambda function in the simulator: event, context, time limit, retries, verdicts."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from flows.simulator import (
    ContactSetup,
    FunctionBindings,
    Outcome,
    SimulationOptions,
    simulate,
)

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:stand-in"
FAST = SimulationOptions(time_scale=0.02)  # a 2-second limit becomes 40 ms


def invoke(
    *,
    limit: str = "2",
    response_type: str | None = "STRING_MAP",
    attributes: dict[str, str] | None = None,
    next_action: str = "yes",
    arn: str = FUNCTION_ARN,
) -> dict[str, Any]:
    parameters: dict[str, Any] = {
        "LambdaFunctionARN": arn,
        "InvocationTimeLimitSeconds": limit,
        "LambdaInvocationAttributes": attributes or {"phoneNumber": "$.CustomerEndpoint.Address"},
    }
    if response_type is not None:
        parameters["ResponseValidation"] = {"ResponseType": response_type}
    return {
        "Identifier": "invoke",
        "Type": "InvokeLambdaFunction",
        "Parameters": parameters,
        "Transitions": {
            "NextAction": next_action,
            "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "error"}],
        },
    }


def flow(*actions: dict[str, Any]) -> dict[str, Any]:
    ends = [
        {"Identifier": name, "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
        for name in ("yes", "error")
    ]
    return {"Version": "2019-10-30", "StartAction": "invoke", "Actions": [*actions, *ends]}


def say(identifier: str, text: str, next_action: str = "yes") -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "MessageParticipant",
        "Parameters": {"Text": text},
        "Transitions": {"NextAction": next_action},
    }


def bound(function: Callable[..., Any]) -> FunctionBindings:
    return FunctionBindings({"stand-in": function})


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end of a test, so functions left running in the background finish."""
    event = threading.Event()
    yield event
    event.set()


# --- The event and the context ---


def test_the_function_gets_the_event_connect_sends() -> None:
    seen: list[dict[str, Any]] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(event)
        return {}

    simulate(
        flow(invoke(attributes={"phoneNumber": "$.CustomerEndpoint.Address", "fixed": "x"})),
        ContactSetup(phone="+14155550100", attributes={"tier": "gold"}),
        bound(function),
    )
    event = seen[0]
    assert event["Name"] == "ContactFlowEvent"
    assert event["Details"]["Parameters"] == {"phoneNumber": "+14155550100", "fixed": "x"}
    data = event["Details"]["ContactData"]
    assert data["Attributes"] == {"tier": "gold"}
    assert data["CustomerEndpoint"] == {"Address": "+14155550100", "Type": "TELEPHONE_NUMBER"}
    assert data["Channel"] == "VOICE"


def test_extra_parameters_of_the_contact_are_sent_with_every_call() -> None:
    seen: list[dict[str, Any]] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(event["Details"]["Parameters"])
        return {}

    simulate(flow(invoke()), ContactSetup(parameters={"responseFormat": "JSON"}), bound(function))
    assert seen[0]["responseFormat"] == "JSON"


def test_the_context_looks_like_the_lambda_runtimes() -> None:
    seen: list[Any] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append((context, context.get_remaining_time_in_millis()))
        return {}

    simulate(flow(invoke(limit="3")), functions=bound(function))
    context, remaining = seen[0]
    assert context.function_name == "stand-in"
    assert context.invoked_function_arn == FUNCTION_ARN
    assert context.memory_limit_in_mb == 128
    assert context.log_group_name == "/aws/lambda/stand-in"
    assert re.fullmatch(r"[0-9a-f-]{36}", context.aws_request_id)
    assert 1500 < remaining <= 2000  # the function's timeout: the block's 3 s minus one


def test_the_functions_timeout_can_be_set() -> None:
    seen: list[int] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(context.get_remaining_time_in_millis())
        return {}

    options = SimulationOptions(function_timeout_seconds=1.0)
    simulate(flow(invoke(limit="8")), functions=bound(function), options=options)
    assert 500 < seen[0] <= 1000


def test_remaining_time_counts_down_during_the_call() -> None:
    seen: list[int] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(context.get_remaining_time_in_millis())
        time.sleep(0.05)
        seen.append(context.get_remaining_time_in_millis())
        return {}

    simulate(flow(invoke()), functions=bound(function))
    assert seen[0] - seen[1] >= 40


# --- Time limit and retries ---


def test_a_function_past_the_time_limit_takes_the_error_branch_without_being_waited_on(
    release: threading.Event,
) -> None:
    def slow(event: dict[str, Any], context: Any) -> dict[str, str]:
        release.wait(5)
        return {"late": "yes"}

    started = time.perf_counter()
    result = simulate(flow(invoke(limit="2")), functions=bound(slow), options=FAST)
    elapsed = time.perf_counter() - started
    assert result.path == ["invoke", "error"]
    assert result.invocations[0].outcome is Outcome.TIMEOUT
    assert elapsed < 1.0  # the limit is 40 ms here; the function would take 5 s


def test_a_function_that_raises_is_tried_three_times_then_takes_the_error_branch() -> None:
    calls: list[str] = []

    def failing(event: dict[str, Any], context: Any) -> dict[str, str]:
        calls.append(context.aws_request_id)
        raise RuntimeError("database unavailable")

    result = simulate(flow(invoke()), functions=bound(failing))
    invocation = result.invocations[0]
    assert result.path == ["invoke", "error"]
    assert invocation.outcome is Outcome.FUNCTION_ERROR
    assert len(calls) == 3
    assert len(set(calls)) == 3  # each attempt is its own request
    assert "RuntimeError: database unavailable" in invocation.error


def test_a_retry_that_succeeds_takes_the_success_branch() -> None:
    calls: list[int] = []

    def flaky(event: dict[str, Any], context: Any) -> dict[str, str]:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("throttled")
        return {"ok": "true"}

    result = simulate(flow(invoke()), functions=bound(flaky))
    assert result.path == ["invoke", "yes"]
    assert len(result.invocations[0].attempts) == 3


def test_retries_stay_inside_the_time_limit(release: threading.Event) -> None:
    calls: list[int] = []

    def slow_failure(event: dict[str, Any], context: Any) -> dict[str, str]:
        calls.append(1)
        release.wait(0.6 * 0.2)  # 60% of the 200 ms limit, then fail
        raise RuntimeError("late failure")

    # The block's 2 s limit becomes 200 ms; the function's own timeout is as long.
    options = SimulationOptions(time_scale=0.1, function_timeout_seconds=2)
    result = simulate(flow(invoke(limit="2")), functions=bound(slow_failure), options=options)
    assert result.invocations[0].outcome is Outcome.TIMEOUT
    assert len(calls) == 2  # a third attempt would start after the limit


def test_a_function_past_its_own_timeout_fails_that_attempt_and_is_retried(
    release: threading.Event,
) -> None:
    calls: list[int] = []

    def slow_first(event: dict[str, Any], context: Any) -> dict[str, str]:
        calls.append(1)
        if len(calls) == 1:
            release.wait(5)
        return {"ok": "true"}

    options = SimulationOptions(time_scale=0.02, function_timeout_seconds=1)
    result = simulate(flow(invoke(limit="8")), functions=bound(slow_first), options=options)
    invocation = result.invocations[0]
    assert result.path == ["invoke", "yes"]
    assert invocation.attempts[0].error.startswith("Task timed out after 1.00 seconds")


# --- Response validation and $.External ---


def test_a_string_map_response_becomes_external() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"firstName": "Ana"}

    content = flow(invoke(next_action="hello"), say("hello", "Hello $.External.firstName"))
    result = simulate(content, functions=bound(function))
    assert result.prompts == ["Hello Ana"]


def test_a_nested_response_in_string_map_mode_takes_the_error_branch() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"lookupStatus": "FOUND", "customer": {"firstName": "Ana"}}

    result = simulate(flow(invoke()), functions=bound(function))
    assert result.path == ["invoke", "error"]
    assert result.invocations[0].outcome is Outcome.INVALID_RESPONSE
    assert "customer" in result.invocations[0].error


def test_a_non_string_value_in_string_map_mode_takes_the_error_branch() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"count": 3}

    result = simulate(flow(invoke()), functions=bound(function))
    assert result.invocations[0].outcome is Outcome.INVALID_RESPONSE


def test_a_nested_json_response_is_readable_by_path() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"customer": {"name": {"first": "Ana"}, "cases": [{"id": "C-1"}]}}

    greeting = say(
        "hello", "Hi $.External.customer.name.first, case $.External.customer.cases[0].id"
    )
    result = simulate(
        flow(invoke(response_type="JSON", next_action="hello"), greeting), functions=bound(function)
    )
    assert result.prompts == ["Hi Ana, case C-1"]


def test_a_response_of_32_kb_or_more_takes_the_error_branch() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"blob": "x" * (32 * 1024)}

    result = simulate(flow(invoke(response_type="JSON")), functions=bound(function))
    assert result.invocations[0].outcome is Outcome.INVALID_RESPONSE
    assert "32768" in result.invocations[0].error


def test_a_response_just_under_32_kb_is_accepted() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"b": "x" * (32 * 1024 - 20)}  # {"b":"..."} is 8 bytes more than the value

    result = simulate(flow(invoke()), functions=bound(function))
    assert result.invocations[0].outcome is Outcome.SUCCESS


def test_each_invocation_replaces_external() -> None:
    answers = iter([{"first": "1"}, {"second": "2"}])

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        return next(answers)

    second = invoke(next_action="hello")
    second["Identifier"] = "invoke2"
    first = invoke(next_action="invoke2")
    content = flow(first, second, say("hello", "[$.External.first][$.External.second]"))
    result = simulate(content, functions=bound(function))
    assert result.prompts == ["[][2]"]


def test_the_error_branch_clears_external() -> None:
    answers = iter([{"first": "1"}, {"nested": {"x": "y"}}])

    def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return next(answers)

    second = invoke(next_action="yes")
    second["Identifier"] = "invoke2"
    second["Transitions"]["Errors"][0]["NextAction"] = "hello"
    content = flow(invoke(next_action="invoke2"), second, say("hello", "[$.External.first]"))
    result = simulate(content, functions=bound(function))
    assert result.prompts == ["[]"]


def test_the_function_cannot_change_external_after_answering() -> None:
    kept: list[dict[str, str]] = []

    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        response = {"name": "Ana"}
        kept.append(response)
        return response

    def tamper(event: dict[str, Any], context: Any) -> dict[str, str]:
        kept[0]["name"] = "changed"
        return {"name2": "x"}

    # The first response is copied into attributes only after the second function ran.
    second = invoke(next_action="hello", arn=FUNCTION_ARN.replace("stand-in", "tamper"))
    second["Identifier"] = "invoke2"
    copy = {
        "Identifier": "copy",
        "Type": "UpdateContactAttributes",
        "Parameters": {"Attributes": {"name": "$.External.name"}},
        "Transitions": {"NextAction": "invoke2"},
    }
    content = flow(invoke(next_action="copy"), copy, second, say("hello", "$.Attributes.name"))
    functions = FunctionBindings({"stand-in": function, "tamper": tamper})
    result = simulate(content, functions=functions)
    assert result.prompts == ["Ana"]


def test_a_function_that_is_not_bound_takes_the_error_branch_and_says_so() -> None:
    result = simulate(flow(invoke()), functions=FunctionBindings())
    assert result.path == ["invoke", "error"]
    assert result.invocations[0].outcome is Outcome.NOT_BOUND
    assert any("'stand-in' is not bound" in note for note in result.notes)


def test_a_missing_response_validation_is_judged_as_a_string_map() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"nested": {"a": "b"}}

    result = simulate(flow(invoke(response_type=None)), functions=bound(function))
    assert result.invocations[0].response_type == "STRING_MAP"
    assert result.path[-1] == "error"


def test_a_time_limit_outside_1_to_8_is_noted_and_clamped() -> None:
    def function(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {}

    result = simulate(flow(invoke(limit="30")), functions=bound(function))
    assert result.invocations[0].time_limit_seconds == 8
    assert any("InvocationTimeLimitSeconds '30'" in note for note in result.notes)


def test_functions_are_bound_by_name_prefix_and_by_exact_name_first() -> None:
    def prefixed(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"by": "prefix"}

    def exact(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"by": "name"}

    bindings = FunctionBindings({"customer-lookup-prod": exact}, {"customer-lookup-": prefixed})
    assert bindings.resolve("customer-lookup-dev") is prefixed
    assert bindings.resolve("customer-lookup-prod") is exact
    assert bindings.resolve("other") is None
