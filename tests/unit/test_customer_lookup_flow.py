"""The customer-lookup flow routes every caller as the routing table says, on every path.

The flow is built from the tests' own routing table (tests/fixtures), so what is asserted here
is how the builder turns a table into blocks, whatever the user's table holds. Callers are run
through the built flow by the project's simulator (flows.simulator) with a stand-in for the
lookup function that answers what each caller's record would give; the end-to-end suite does the
same with the real function and a seeded table.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from flows.customer_lookup.flow import (
    CHECK_OPENING_HOURS,
    CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP,
    CLOSING_MESSAGES,
    ENABLE_FLOW_LOGGING,
    LOOK_UP_CALLER,
    SAVE_LOOKUP_RESULT,
    SET_SPANISH_VOICE,
    CustomerLookupFlowSettings,
    FlowSettingsError,
    build_customer_lookup_flow,
    greeting_id,
    sandbox_settings,
    set_reason_id,
)
from flows.customer_lookup.routing import TYPOGRAPHIC_QUOTES
from flows.language.facts import ACTION_SPECS
from flows.simulator import (
    ContactSetup,
    Ended,
    FunctionBindings,
    Script,
    SimulationResult,
    Simulator,
)
from flows.simulator.functions import function_name
from flows.validator import has_errors, validate_content
from tests.fixtures import ROUTING_TABLE

QUEUE_NAMES = ROUTING_TABLE.queues
SETTINGS = sandbox_settings(ROUTING_TABLE)
FUNCTION = function_name(SETTINGS.lookup_function_arn)
QUEUE_BY_ARN = {arn: name for name, arn in SETTINGS.queue_arns.items()}
SPANISH_VOICE = "Lupe"
DEFAULT_VOICE = "Joanna"


def found(**fields: str) -> dict[str, str]:
    """The function's answer for a customer it found (STRING_MAP), with ``fields`` changed."""
    return {
        "lookupStatus": "FOUND",
        "errorCode": "",
        "customerId": "C-1",
        "firstName": "Ana",
        "lastName": "Diaz",
        "fullName": "Ana Diaz",
        "membershipStatus": "NONE",
        "preferredLanguage": "en-US",
        "hasOpenCase": "false",
        "openCaseId": "",
        **fields,
    }


@dataclass(frozen=True)
class Caller:
    """What the function answers for this caller (``None``: its Error branch) and where the
    caller must end: routingReason, queue (``None``: disconnected), first words heard."""

    answer: dict[str, str] | None
    reason: str
    queue: str | None
    hears: str


CALLERS = {
    "function error": Caller(None, "LOOKUP_ERROR", "General", "We're sorry"),
    "lookup status ERROR": Caller(
        found(lookupStatus="ERROR"), "LOOKUP_ERROR", "General", "We're sorry"
    ),
    "status ERROR wins over an open case": Caller(
        found(lookupStatus="ERROR", hasOpenCase="true"), "LOOKUP_ERROR", "General", "We're sorry"
    ),
    "not found": Caller(found(lookupStatus="NOT_FOUND"), "UNKNOWN_CALLER", "General", "Welcome"),
    "invalid input": Caller(
        found(lookupStatus="INVALID_INPUT"), "UNKNOWN_CALLER", "General", "Welcome"
    ),
    "open case": Caller(
        found(hasOpenCase="true", openCaseId="CASE-9"), "OPEN_CASE", "CaseSpecialists", "Hello Ana"
    ),
    "open case wins over Spanish and GOLD, greeted in Spanish": Caller(
        found(hasOpenCase="true", openCaseId="CASE-9", preferredLanguage="es-MX"),
        "OPEN_CASE",
        "CaseSpecialists",
        "Hola Ana",
    ),
    "Spanish wins over GOLD": Caller(
        found(preferredLanguage="es-US", membershipStatus="GOLD"),
        "LANGUAGE_ES",
        "Spanish",
        "Hola Ana",
    ),
    "plain es": Caller(found(preferredLanguage="es"), "LANGUAGE_ES", "Spanish", "Hola Ana"),
    "GOLD member": Caller(
        found(membershipStatus="GOLD"),
        "PRIORITY_MEMBER",
        "Priority",
        "Hello Ana and thank you for being a Gold member.",
    ),
    "anyone else": Caller(found(), "STANDARD", "General", "Hello Ana"),
    "sparse record": Caller(
        found(firstName="", membershipStatus="", preferredLanguage=""),
        "STANDARD",
        "General",
        "Hello and thank you for calling.",
    ),
}


def call(
    content: Mapping[str, Any],
    answer: dict[str, str] | None,
    *,
    hours_open: bool = True,
    failures: Mapping[str, str] | None = None,
    queues_full: frozenset[str] = frozenset(),
) -> SimulationResult:
    """One simulated call; ``answer`` None makes the lookup take its Error branch."""
    scripted = dict(failures or {})
    if answer is None:
        scripted[LOOK_UP_CALLER] = "NoMatchingError"

    def lookup(event: Any, context: Any) -> dict[str, str]:
        return dict(answer or {})

    return Simulator(content).run(
        ContactSetup(phone="+14155550100", queue_names=QUEUE_BY_ARN),
        FunctionBindings({FUNCTION: lookup}),
        Script(hours_open=hours_open, failures=scripted, queues_at_capacity=queues_full),
    )


def spoken(text: str) -> str:
    """Text as a caller hears it: a run of spaces is one pause."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return build_customer_lookup_flow(SETTINGS, ROUTING_TABLE).to_dict()


def actions_by_id(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["Identifier"]: a for a in content["Actions"]}


# --- The routing table ---


@pytest.mark.parametrize("name", CALLERS)
def test_each_caller_is_routed_as_the_table_says(name: str, content: dict[str, Any]) -> None:
    caller = CALLERS[name]
    result = call(content, caller.answer)
    assert result.ended is Ended.TRANSFERRED_TO_QUEUE, result.message
    routed = (result.attributes["routingReason"], result.queue)
    assert routed == (caller.reason, caller.queue), f"{name}: routed {routed}"
    assert spoken(result.prompts[0]).startswith(caller.hears)


def test_every_route_of_the_table_is_taken_by_some_caller() -> None:
    reasons_with_callers = {caller.reason for caller in CALLERS.values()} | {"CLOSED"}
    without = [
        route.routing_reason
        for route in ROUTING_TABLE.routes
        if route.routing_reason not in reasons_with_callers
    ]
    assert without == [], f"no caller in CALLERS takes these routes: {without}"


# --- Opening hours ---


def test_out_of_hours_a_caller_hears_the_closed_message_and_is_disconnected(
    content: dict[str, Any],
) -> None:
    result = call(content, found(membershipStatus="GOLD"), hours_open=False)
    assert result.ended is Ended.DISCONNECTED
    assert result.attributes["routingReason"] == "CLOSED"
    assert result.prompts == [
        "Thank you for calling. We are closed right now. "
        "Please call again during our opening hours. Goodbye."
    ]
    assert result.queue is None


def test_out_of_hours_a_spanish_speaker_hears_the_closed_message_in_spanish(
    content: dict[str, Any],
) -> None:
    result = call(content, found(preferredLanguage="es-MX"), hours_open=False)
    assert result.ended is Ended.DISCONNECTED
    assert result.attributes["routingReason"] == "CLOSED"
    assert result.prompts == [
        "Gracias por llamar. En este momento estamos cerrados. "
        "Por favor, llame de nuevo en nuestro horario de atención. Adiós."
    ]
    assert result.voice == SPANISH_VOICE


def test_out_of_hours_a_failed_lookup_still_closes_in_english(content: dict[str, Any]) -> None:
    result = call(content, None, hours_open=False)
    assert result.ended is Ended.DISCONNECTED
    assert result.attributes["routingReason"] == "CLOSED"
    assert result.prompts[0].startswith("Thank you for calling. We are closed")


def test_the_hours_are_checked_after_the_lookup_and_before_any_queue(
    content: dict[str, Any],
) -> None:
    path = call(content, found()).path
    assert path.index(LOOK_UP_CALLER) < path.index(CHECK_OPENING_HOURS)
    assert path.index(CHECK_OPENING_HOURS) < path.index(set_reason_id("STANDARD"))


def test_a_failing_hours_check_routes_the_caller_as_if_open(content: dict[str, Any]) -> None:
    result = call(content, found(), failures={CHECK_OPENING_HOURS: "NoMatchingError"})
    assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, "General")
    assert result.attributes["routingReason"] == "STANDARD"


def test_a_failed_lookup_whose_hours_check_fails_still_reaches_an_agent(
    content: dict[str, Any],
) -> None:
    failing = {CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP: "NoMatchingError"}
    result = call(content, None, failures=failing)
    assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, "General")
    assert result.attributes["routingReason"] == "LOOKUP_ERROR"


def test_both_hours_checks_name_the_sandbox_hours(content: dict[str, Any]) -> None:
    actions = actions_by_id(content)
    for identifier in (CHECK_OPENING_HOURS, CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP):
        assert actions[identifier]["Parameters"] == {
            "HoursOfOperationId": "arn:aws:connect:us-east-1:111111111111:instance/"
            "00000000-0000-4000-8000-000000000000/operating-hours/"
            "00000000-0000-4000-8000-000000000100"
        }, identifier


# --- What the caller hears ---


def test_the_spanish_voice_is_set_before_anything_is_said(content: dict[str, Any]) -> None:
    result = call(content, found(preferredLanguage="es-MX"))
    assert result.voice == SPANISH_VOICE
    types_before_voice = [s.type for s in result.steps[: result.path.index(SET_SPANISH_VOICE)]]
    assert "MessageParticipant" not in types_before_voice


def test_other_callers_keep_the_default_voice(content: dict[str, Any]) -> None:
    assert call(content, found(membershipStatus="GOLD")).voice == DEFAULT_VOICE


@pytest.mark.parametrize(
    ("answer", "heard"),
    [
        (found(firstName=""), "Hello and thank you for calling. Please hold"),
        (found(firstName="", membershipStatus="GOLD"), "Hello and thank you for being a Gold"),
        (found(firstName="", preferredLanguage="es"), "Hola y gracias por llamar. Por favor"),
        (
            found(firstName="", hasOpenCase="true", openCaseId="CASE-9"),
            "Hello and thank you for calling. We see you have an open case, CASE-9.",
        ),
        (
            found(firstName="", hasOpenCase="true", openCaseId="CASE-9", preferredLanguage="es"),
            "Hola y gracias por llamar. Vemos que tiene un caso abierto, CASE-9.",
        ),
    ],
    ids=["standard", "gold", "spanish", "open case", "open case in Spanish"],
)
def test_a_caller_without_a_first_name_is_greeted_naturally(
    answer: dict[str, str], heard: str, content: dict[str, Any]
) -> None:
    first_prompt = spoken(call(content, answer).prompts[0])
    assert first_prompt.startswith(heard)


def test_callers_with_an_open_case_hear_its_id(content: dict[str, Any]) -> None:
    result = call(content, found(hasOpenCase="true", openCaseId="CASE-9"))
    assert "open case, CASE-9." in result.prompts[0]


def test_no_prompt_holds_a_typographic_quote(content: dict[str, Any]) -> None:
    texts = {
        a["Identifier"]: a["Parameters"]["Text"]
        for a in content["Actions"]
        if a["Type"] == "MessageParticipant"
    }
    with_quotes = {i: t for i, t in texts.items() if set(t) & TYPOGRAPHIC_QUOTES}
    assert with_quotes == {}


# --- The steps before routing, and failures of single blocks ---


def test_the_flow_starts_by_enabling_flow_logging_then_looks_the_caller_up(
    content: dict[str, Any],
) -> None:
    first = actions_by_id(content)[content["StartAction"]]
    assert first["Type"] == "UpdateFlowLoggingBehavior"
    assert first["Parameters"] == {"FlowLoggingBehavior": "Enabled"}
    assert first["Transitions"]["NextAction"] == LOOK_UP_CALLER


def test_the_lookup_sends_the_caller_number_and_expects_a_string_map(
    content: dict[str, Any],
) -> None:
    assert actions_by_id(content)[LOOK_UP_CALLER]["Parameters"] == {
        "LambdaFunctionARN": (
            "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live"
        ),
        "InvocationTimeLimitSeconds": "4",
        "LambdaInvocationAttributes": {"phoneNumber": "$.CustomerEndpoint.Address"},
        "ResponseValidation": {"ResponseType": "STRING_MAP"},
    }


def test_the_invocation_timeout_comes_from_the_settings() -> None:
    settings = dataclasses.replace(SETTINGS, invocation_timeout_seconds=7)
    content = build_customer_lookup_flow(settings, ROUTING_TABLE).to_dict()
    assert actions_by_id(content)[LOOK_UP_CALLER]["Parameters"]["InvocationTimeLimitSeconds"] == "7"


def test_the_lookup_result_is_copied_into_contact_attributes(content: dict[str, Any]) -> None:
    result = call(content, found(hasOpenCase="true", openCaseId="CASE-9"))
    copied = {key: result.attributes[key] for key in ("firstName", "hasOpenCase", "openCaseId")}
    assert copied == {"firstName": "Ana", "hasOpenCase": "true", "openCaseId": "CASE-9"}


def test_routing_reason_is_set_before_the_caller_is_queued(content: dict[str, Any]) -> None:
    result = call(content, found(membershipStatus="GOLD"))
    path = result.path
    assert path.index(set_reason_id("PRIORITY_MEMBER")) < path.index(greeting_id("PRIORITY_MEMBER"))
    assert result.steps[-1].type == "TransferContactToQueue"


@pytest.mark.parametrize(
    "failing",
    [SET_SPANISH_VOICE, set_reason_id("LANGUAGE_ES"), greeting_id("LANGUAGE_ES", "es")],
)
def test_a_failing_courtesy_block_does_not_keep_the_caller_from_an_agent(
    failing: str, content: dict[str, Any]
) -> None:
    result = call(content, found(preferredLanguage="es"), failures={failing: "NoMatchingError"})
    assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, "Spanish")


def test_a_failed_copy_of_the_lookup_result_routes_as_a_lookup_error(
    content: dict[str, Any],
) -> None:
    result = call(content, found(), failures={SAVE_LOOKUP_RESULT: "NoMatchingError"})
    assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, "General")
    assert result.attributes["routingReason"] == "LOOKUP_ERROR"


@pytest.mark.parametrize(
    ("answer", "queue", "goodbye"),
    [
        (found(), "General", CLOSING_MESSAGES["Say all agents busy"]),
        (
            found(preferredLanguage="es"),
            "Spanish",
            CLOSING_MESSAGES["Say all agents busy in Spanish"],
        ),
    ],
    ids=["English", "Spanish"],
)
def test_a_full_queue_is_said_in_the_callers_language_before_hanging_up(
    answer: dict[str, str], queue: str, goodbye: str, content: dict[str, Any]
) -> None:
    result = call(content, answer, queues_full=frozenset({queue}))
    assert result.ended is Ended.DISCONNECTED
    assert result.prompts[-1] == goodbye


def test_a_failed_transfer_apologises_in_spanish_to_a_spanish_speaker_with_an_open_case(
    content: dict[str, Any],
) -> None:
    answer = found(hasOpenCase="true", openCaseId="CASE-9", preferredLanguage="es")
    failing = {"Transfer OPEN_CASE in Spanish": "NoMatchingError"}
    result = call(content, answer, failures=failing)
    assert result.ended is Ended.DISCONNECTED
    assert result.prompts[-1].startswith("Lo sentimos, no podemos atender su llamada")


def _paths(content: Mapping[str, Any]) -> Iterator[list[str]]:
    """Every path from the start over every branch, to a block with no way on."""
    actions = actions_by_id(content)
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


def test_every_path_ends_in_a_message_and_a_disconnect_unless_transferred(
    content: dict[str, Any],
) -> None:
    # A transfer takes the contact out of the flow; its error branches go on, so every path
    # that leaves the graph must end in a message and a disconnect, transfers included.
    actions = actions_by_id(content)
    endings = {
        tuple(actions[identifier]["Type"] for identifier in path[-2:]) for path in _paths(content)
    }
    assert endings == {("MessageParticipant", "DisconnectParticipant")}


# --- Conformance with the flow language ---


def test_flow_logging_declares_no_error_branch(content: dict[str, Any]) -> None:
    # "Errors: None" (https://docs.aws.amazon.com/connect/latest/APIReference/
    # flow-control-actions-updateflowloggingbehavior.html)
    assert actions_by_id(content)[ENABLE_FLOW_LOGGING]["Transitions"]["Errors"] == []


def test_the_spanish_voice_is_written_as_connect_writes_it_and_declares_its_error(
    content: dict[str, Any],
) -> None:
    voice = actions_by_id(content)[SET_SPANISH_VOICE]
    assert voice["Parameters"] == {"TextToSpeechEngine": "Neural", "TextToSpeechVoice": "Lupe"}
    assert [e["ErrorType"] for e in voice["Transitions"]["Errors"]] == ["NoMatchingError"]


@pytest.mark.parametrize(
    "identifier", [CHECK_OPENING_HOURS, CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP]
)
def test_the_hours_checks_have_both_conditions_and_an_error_branch(
    identifier: str, content: dict[str, Any]
) -> None:
    transitions = actions_by_id(content)[identifier]["Transitions"]
    conditions = [c["Condition"] for c in transitions["Conditions"]]
    assert conditions == [
        {"Operator": "Equals", "Operands": ["True"]},
        {"Operator": "Equals", "Operands": ["False"]},
    ]
    assert [e["ErrorType"] for e in transitions["Errors"]] == ["NoMatchingError"]


def test_every_block_declares_only_what_the_language_allows_its_type(
    content: dict[str, Any],
) -> None:
    problems = []
    for action in content["Actions"]:
        spec = ACTION_SPECS[action["Type"]]
        transitions = action["Transitions"]
        declared = {e["ErrorType"] for e in transitions.get("Errors", [])}
        if declared - spec.errors:
            problems.append(f"{action['Identifier']}: errors {sorted(declared - spec.errors)}")
        if spec.required_errors - declared:
            problems.append(f"{action['Identifier']}: lacks {sorted(spec.required_errors)}")
        conditions = transitions.get("Conditions", [])
        if conditions and not spec.conditions:
            problems.append(f"{action['Identifier']}: conditions on a type that takes none")
        operands = {o for c in conditions for o in c["Condition"]["Operands"]}
        if spec.condition_values and operands != set(spec.condition_values):
            problems.append(f"{action['Identifier']}: conditions {sorted(operands)}")
        missing = [p for p in spec.required_parameters if p not in action["Parameters"]]
        if missing:
            problems.append(f"{action['Identifier']}: lacks parameters {missing}")
    assert problems == []


def test_the_validator_finds_no_error_in_the_flow(content: dict[str, Any]) -> None:
    findings = validate_content(content)
    assert not has_errors(findings), findings


# --- Settings ---


def test_cdk_tokens_survive_serialization() -> None:
    function_token = "${Token[TOKEN.101]}"
    hours_token = "${Token[TOKEN.102]}"
    queue_tokens = {name: f"${{Token[TOKEN.{200 + i}]}}" for i, name in enumerate(QUEUE_NAMES)}
    settings = CustomerLookupFlowSettings(
        lookup_function_arn=function_token,
        queue_arns=queue_tokens,
        hours_of_operation_arn=hours_token,
    )
    content = json.loads(build_customer_lookup_flow(settings, ROUTING_TABLE).to_content())
    named = {
        value
        for action in content["Actions"]
        for key, value in action["Parameters"].items()
        if key in {"LambdaFunctionARN", "QueueId", "HoursOfOperationId"}
    }
    assert named == {function_token, hours_token, *queue_tokens.values()}
    assert not has_errors(validate_content(content))


def test_sandbox_settings_name_the_dev_functions_live_alias_and_sandbox_queues_and_hours() -> None:
    instance = (
        "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    )
    assert SETTINGS.lookup_function_arn == (
        "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live"
    )
    assert dict(SETTINGS.queue_arns) == {
        "General": f"{instance}/queue/00000000-0000-4000-8000-000000000001",
        "Priority": f"{instance}/queue/00000000-0000-4000-8000-000000000002",
        "Spanish": f"{instance}/queue/00000000-0000-4000-8000-000000000003",
        "CaseSpecialists": f"{instance}/queue/00000000-0000-4000-8000-000000000004",
    }
    assert SETTINGS.hours_of_operation_arn == (
        f"{instance}/operating-hours/00000000-0000-4000-8000-000000000100"
    )


def test_settings_without_a_queue_of_the_table_are_refused_naming_it() -> None:
    queues = dict(SETTINGS.queue_arns)
    del queues["Spanish"]
    settings = dataclasses.replace(SETTINGS, queue_arns=queues)
    with pytest.raises(FlowSettingsError, match="missing: Spanish, unknown: none"):
        build_customer_lookup_flow(settings, ROUTING_TABLE)


@pytest.mark.parametrize("timeout", [True, "4", 4.5])
def test_invocation_timeouts_that_are_not_whole_numbers_are_refused(timeout: Any) -> None:
    with pytest.raises(FlowSettingsError, match="invocation_timeout_seconds"):
        dataclasses.replace(SETTINGS, invocation_timeout_seconds=timeout)


@pytest.mark.parametrize("timeout", [0, 9, 30])
def test_a_timeout_outside_connects_limit_gives_a_flow_the_validator_rejects(
    timeout: int,
) -> None:
    settings = dataclasses.replace(SETTINGS, invocation_timeout_seconds=timeout)
    findings = validate_content(build_customer_lookup_flow(settings, ROUTING_TABLE).to_dict())
    assert [f.identifier for f in findings if f.severity == "error"] == [LOOK_UP_CALLER]


@pytest.mark.parametrize(
    ("field", "value"),
    [("lookup_function_arn", "customer-lookup-dev"), ("hours_of_operation_arn", "BusinessHours")],
)
def test_a_resource_that_is_neither_arn_nor_token_is_refused(field: str, value: str) -> None:
    with pytest.raises(FlowSettingsError, match=f"^{field}: '{value}'; expected an ARN"):
        dataclasses.replace(SETTINGS, **{field: value})


def test_every_copied_attribute_is_a_key_the_function_returns(content: dict[str, Any]) -> None:
    from customer_lookup.response import RESPONSE_KEYS

    copied = actions_by_id(content)[SAVE_LOOKUP_RESULT]["Parameters"]["Attributes"]
    assert {value.removeprefix("$.External.") for value in copied.values()} <= set(RESPONSE_KEYS)


def test_each_set_working_queue_block_carries_its_queues_name_as_the_console_writes_it(
    content: dict[str, Any],
) -> None:
    # Real exports write the chosen queue's name beside the block (Metadata.ActionMetadata);
    # the simulator and the test-case runner name queues from there.
    metadata = content["Metadata"]["ActionMetadata"]
    named = {
        action["Parameters"]["QueueId"]: metadata[action["Identifier"]]
        for action in content["Actions"]
        if action["Type"] == "UpdateContactTargetQueue"
    }
    assert {arn: meta["queue"]["text"] for arn, meta in named.items()} == QUEUE_BY_ARN
    assert all(
        meta["parameters"]["QueueId"]["displayName"] == meta["queue"]["text"]
        for meta in named.values()
    )
    assert Simulator(content).flow.queue_names == QUEUE_BY_ARN
