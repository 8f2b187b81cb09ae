"""The customer-lookup contact flow, built from configuration (issue 3).

What the caller goes through:

1. Set logging behavior: Enabled.
2. Invoke AWS Lambda function ``customer-lookup-<stage>`` with ``phoneNumber`` =
   ``$.CustomerEndpoint.Address``, ResponseValidation STRING_MAP.
3. Set contact attributes: copy the response (``$.External``) into user-defined attributes, so
   it reaches the contact record and survives later invocations.
4. Check contact attributes, one block per attribute, first match wins, by :data:`ROUTES`.
5. On each route: set ``routingReason``, (Spanish: set a Spanish voice), greet, set working
   queue, transfer to queue. QueueAtCapacity plays "all agents busy" and hangs up; any other
   transfer or queue error apologises and hangs up.

Steps that only make the call nicer do not end it when they fail: a failed logging, voice,
routingReason or greeting block carries on with the next step, so the caller still reaches an
agent. A failed copy of the lookup result is treated as a failed lookup (route LOOKUP_ERROR).
Every path ends in a transfer to a queue or in a message and a disconnect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from flows.actions import (
    Compare,
    DisconnectParticipant,
    InvokeLambdaFunction,
    MessageParticipant,
    TransferContactToQueue,
    UpdateContactAttributes,
    UpdateContactTargetQueue,
    UpdateContactTextToSpeechVoice,
    UpdateFlowLoggingBehavior,
)
from flows.builder import FlowBuilder, condition
from flows.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.language import ARN, CDK_TOKEN, MAX_INVOCATION_SECONDS, MIN_INVOCATION_SECONDS
from flows.model import Flow

LOOKUP_FUNCTION_NAME_PREFIX = "customer-lookup-"
# Connect calls the function through this alias, which points at a published version.
LOOKUP_ALIAS = "live"
DEFAULT_INVOCATION_TIMEOUT_SECONDS = 4
QUEUE_NAMES = ("General", "Priority", "Spanish", "CaseSpecialists")

# What the function returns (STRING_MAP) and the flow copies into contact attributes.
LOOKUP_RESPONSE_KEYS = (
    "lookupStatus",
    "errorCode",
    "customerId",
    "firstName",
    "lastName",
    "membershipStatus",
    "preferredLanguage",
    "hasOpenCase",
    "openCaseId",
)
ROUTING_REASON_ATTRIBUTE = "routingReason"
SPANISH_VOICE = "Lupe"  # Amazon Polly, US Spanish, available with the neural engine
SPANISH_VOICE_ENGINE = "neural"


class Route(NamedTuple):
    """One row of the routing table: when, the routingReason written, the queue."""

    condition: str
    routing_reason: str
    queue: str


# The routing table of issue 3, first match wins. The checks below implement the conditions.
ROUTES: tuple[Route, ...] = (
    Route("the function's Error branch, or lookupStatus ERROR", "LOOKUP_ERROR", "General"),
    Route("lookupStatus NOT_FOUND or INVALID_INPUT", "UNKNOWN_CALLER", "General"),
    Route("hasOpenCase = true", "OPEN_CASE", "CaseSpecialists"),
    Route('preferredLanguage starts with "es"', "LANGUAGE_ES", "Spanish"),
    Route("membershipStatus = GOLD", "PRIORITY_MEMBER", "Priority"),
    Route("otherwise", "STANDARD", "General"),
)
ROUTES_BY_REASON: Mapping[str, Route] = {route.routing_reason: route for route in ROUTES}


class Check(NamedTuple):
    """A Check contact attributes block: its attribute and (operator, operand, reason) rows."""

    identifier: str
    attribute: str
    conditions: tuple[tuple[str, str, str], ...]


# The table's conditions as Check contact attributes blocks, in order; no match goes on to the
# next block, and after the last one to the route FALLBACK_REASON.
CHECKS: tuple[Check, ...] = (
    Check(
        "Check lookup status",
        "lookupStatus",
        (
            ("Equals", "ERROR", "LOOKUP_ERROR"),
            ("Equals", "NOT_FOUND", "UNKNOWN_CALLER"),
            ("Equals", "INVALID_INPUT", "UNKNOWN_CALLER"),
        ),
    ),
    Check("Check open case", "hasOpenCase", (("Equals", "true", "OPEN_CASE"),)),
    Check(
        "Check preferred language", "preferredLanguage", (("TextStartsWith", "es", "LANGUAGE_ES"),)
    ),
    Check("Check membership", "membershipStatus", (("Equals", "GOLD", "PRIORITY_MEMBER"),)),
)
FALLBACK_REASON = "STANDARD"
LOOKUP_FAILED_REASON = "LOOKUP_ERROR"  # the function's Error branch goes to this route

# What the caller hears on each route (dynamic text: references are filled in by Connect).
GREETINGS: Mapping[str, str] = {
    "LOOKUP_ERROR": (
        "We're sorry, we could not find your account details just now. "
        "Please hold while we connect you to an agent."
    ),
    "UNKNOWN_CALLER": "Welcome, and thank you for calling. Please hold for the next agent.",
    "OPEN_CASE": (
        "Hello $.Attributes.firstName. We see you have an open case, $.Attributes.openCaseId. "
        "Please hold while we connect you to a case specialist."
    ),
    "LANGUAGE_ES": (
        "Hola $.Attributes.firstName, gracias por llamar. "
        "Por favor, espere mientras le comunicamos con un agente."
    ),
    "PRIORITY_MEMBER": (
        "Hello $.Attributes.firstName, thank you for being a Gold member. "
        "Please hold while we connect you to a priority agent."
    ),
    "STANDARD": (
        "Hello $.Attributes.firstName, thank you for calling. "
        "Please hold while we connect you to an agent."
    ),
}
SPANISH_REASONS = frozenset({"LANGUAGE_ES"})

# Identifiers of the fixed blocks (readable names, as the console shows them).
ENABLE_FLOW_LOGGING = "Enable flow logging"
LOOK_UP_CALLER = "Look up caller"
SAVE_LOOKUP_RESULT = "Save lookup result"
SET_SPANISH_VOICE = "Set Spanish voice"
SAY_ALL_AGENTS_BUSY = "Say all agents busy"
SAY_SORRY = "Say sorry and goodbye"
SAY_ALL_AGENTS_BUSY_ES = "Say all agents busy in Spanish"
SAY_SORRY_ES = "Say sorry and goodbye in Spanish"
HANG_UP = "Hang up"

CLOSING_MESSAGES: Mapping[str, str] = {
    SAY_ALL_AGENTS_BUSY: "All of our agents are busy right now. Please call again later. Goodbye.",
    SAY_SORRY: (
        "We're sorry, we cannot connect your call right now. Please call again later. Goodbye."
    ),
    SAY_ALL_AGENTS_BUSY_ES: (
        "Todos nuestros agentes están ocupados en este momento. Por favor, llame más tarde. Adiós."
    ),
    SAY_SORRY_ES: (
        "Lo sentimos, no podemos atender su llamada en este momento. "
        "Por favor, llame más tarde. Adiós."
    ),
}


def set_reason_id(reason: str) -> str:
    return f"Set routingReason {reason}"


def greeting_id(reason: str) -> str:
    return f"Greet {reason}"


def set_queue_id(reason: str) -> str:
    return f"Set queue {ROUTES_BY_REASON[reason].queue} for {reason}"


def transfer_id(reason: str) -> str:
    return f"Transfer {reason} to {ROUTES_BY_REASON[reason].queue}"


class FlowSettingsError(ValueError):
    """Settings the flow cannot be built from; the message names the setting and the fix."""


@dataclass(frozen=True)
class CustomerLookupFlowSettings:
    """What differs between deployments: the function, the queues, the invocation timeout.

    ARNs may be CDK tokens (``${Token[...]}``), resolved when CloudFormation deploys the flow.
    """

    lookup_function_arn: str
    queue_arns: Mapping[str, str]
    invocation_timeout_seconds: int = DEFAULT_INVOCATION_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        _check_arn("lookup_function_arn", self.lookup_function_arn)
        missing = [name for name in QUEUE_NAMES if name not in self.queue_arns]
        unknown = sorted(set(self.queue_arns) - set(QUEUE_NAMES))
        if missing or unknown:
            raise FlowSettingsError(
                f"queue_arns: expected exactly the queues {', '.join(QUEUE_NAMES)}; "
                f"missing: {', '.join(missing) or 'none'}, unknown: {', '.join(unknown) or 'none'}"
            )
        for name in QUEUE_NAMES:
            _check_arn(f"queue_arns[{name!r}]", self.queue_arns[name])
        timeout = self.invocation_timeout_seconds
        # Only the type here: Connect's 1..8 s limit is the validator's rule (BAD_TIMEOUT), so an
        # out-of-range value yields a flow that flows.validator rejects, with the block named.
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            raise FlowSettingsError(
                f"invocation_timeout_seconds: {timeout!r}; expected a whole number of seconds "
                f"({MIN_INVOCATION_SECONDS} to {MAX_INVOCATION_SECONDS} for Connect)"
            )


def _check_arn(name: str, value: object) -> None:
    if not isinstance(value, str) or not (ARN.match(value) or CDK_TOKEN.search(value)):
        raise FlowSettingsError(f"{name}: {value!r}; expected an ARN or a CDK token")


SANDBOX_ACCOUNT = "111111111111"
SANDBOX_REGION = "us-east-1"
SANDBOX_STAGE = "dev"
# Made-up queue ids in the sandbox instance: only the shape matters until a real deployment.
SANDBOX_QUEUE_IDS: Mapping[str, str] = {
    "General": "00000000-0000-4000-8000-000000000001",
    "Priority": "00000000-0000-4000-8000-000000000002",
    "Spanish": "00000000-0000-4000-8000-000000000003",
    "CaseSpecialists": "00000000-0000-4000-8000-000000000004",
}


def sandbox_settings() -> CustomerLookupFlowSettings:
    """The sandbox configuration the committed flows/generated/ files are written with."""
    from stacks.arns import lambda_function_arn

    return CustomerLookupFlowSettings(
        lookup_function_arn=lambda_function_arn(
            partition="aws",
            region=SANDBOX_REGION,
            account=SANDBOX_ACCOUNT,
            name=f"{LOOKUP_FUNCTION_NAME_PREFIX}{SANDBOX_STAGE}",
        )
        + f":{LOOKUP_ALIAS}",
        queue_arns={
            name: f"{SANDBOX_INSTANCE_ARN}/queue/{queue_id}"
            for name, queue_id in SANDBOX_QUEUE_IDS.items()
        },
    )


def build_customer_lookup_flow(settings: CustomerLookupFlowSettings) -> Flow:
    """The flow described in the module docstring, with the given function, queues, timeout."""
    flow = FlowBuilder(start=ENABLE_FLOW_LOGGING)
    flow.action(
        ENABLE_FLOW_LOGGING, UpdateFlowLoggingBehavior(flow_logging_behavior="Enabled")
    ).then(LOOK_UP_CALLER).on_error(LOOK_UP_CALLER)
    flow.action(
        LOOK_UP_CALLER,
        InvokeLambdaFunction(
            lambda_function_arn=settings.lookup_function_arn,
            invocation_time_limit_seconds=settings.invocation_timeout_seconds,
            lambda_invocation_attributes={"phoneNumber": "$.CustomerEndpoint.Address"},
            response_type="STRING_MAP",
        ),
    ).then(SAVE_LOOKUP_RESULT).on_error(set_reason_id(LOOKUP_FAILED_REASON))
    flow.action(
        SAVE_LOOKUP_RESULT,
        UpdateContactAttributes(
            attributes={key: f"$.External.{key}" for key in LOOKUP_RESPONSE_KEYS},
            target_contact="Current",
        ),
    ).then(CHECKS[0].identifier).on_error(set_reason_id(LOOKUP_FAILED_REASON))

    for index, check in enumerate(CHECKS):
        block = flow.action(
            check.identifier, Compare(comparison_value=f"$.Attributes.{check.attribute}")
        )
        for operator, operand, reason in check.conditions:
            block.when(condition(operator, operand), set_reason_id(reason))
        is_last = index + 1 == len(CHECKS)
        block.otherwise(set_reason_id(FALLBACK_REASON) if is_last else CHECKS[index + 1].identifier)

    for route in ROUTES:
        _add_route(flow, route, settings.queue_arns[route.queue])

    for identifier, text in CLOSING_MESSAGES.items():
        flow.action(identifier, MessageParticipant(text=text)).then(HANG_UP).on_error(HANG_UP)
    flow.action(HANG_UP, DisconnectParticipant())
    return flow.build()


def _add_route(flow: FlowBuilder, route: Route, queue_arn: str) -> None:
    """Set routingReason, (Spanish voice), greeting, set working queue, transfer to queue."""
    reason = route.routing_reason
    spanish = reason in SPANISH_REASONS
    busy, sorry = (
        (SAY_ALL_AGENTS_BUSY_ES, SAY_SORRY_ES) if spanish else (SAY_ALL_AGENTS_BUSY, SAY_SORRY)
    )
    after_reason = SET_SPANISH_VOICE if spanish else greeting_id(reason)

    flow.action(
        set_reason_id(reason),
        UpdateContactAttributes(
            attributes={ROUTING_REASON_ATTRIBUTE: reason}, target_contact="Current"
        ),
    ).then(after_reason).on_error(after_reason)
    if spanish:
        flow.action(
            SET_SPANISH_VOICE,
            UpdateContactTextToSpeechVoice(
                text_to_speech_voice=SPANISH_VOICE, text_to_speech_engine=SPANISH_VOICE_ENGINE
            ),
        ).then(greeting_id(reason)).on_error(greeting_id(reason))
    flow.action(greeting_id(reason), MessageParticipant(text=GREETINGS[reason])).then(
        set_queue_id(reason)
    ).on_error(set_queue_id(reason))
    flow.action(set_queue_id(reason), UpdateContactTargetQueue(queue_id=queue_arn)).then(
        transfer_id(reason)
    ).on_error(sorry)
    # Transfer to queue has no success branch: the contact leaves the flow for the queue.
    flow.action(transfer_id(reason), TransferContactToQueue()).on_error(
        busy, "QueueAtCapacity"
    ).on_error(sorry)
