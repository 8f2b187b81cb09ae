"""The customer-lookup contact flow, built from its settings and the routing table.

What the caller goes through:

1. Set logging behavior: Enabled. It declares no Error branch: the reference lists none for
   UpdateFlowLoggingBehavior ("Errors: None",
   https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowloggingbehavior.html).
2. Invoke AWS Lambda function ``customer-lookup-<stage>`` with ``phoneNumber`` =
   ``$.CustomerEndpoint.Address``, ResponseValidation STRING_MAP.
3. Set contact attributes: copy the answer (``$.External``) into user-defined attributes, so it
   reaches the contact record and survives later invocations.
4. Check contact attributes on ``preferredLanguage``: a caller known to prefer Spanish gets the
   Spanish voice (Lupe, engine ``Neural`` as console exports write it) for the rest of the call.
5. Check hours of operation, naming the hours explicitly (the Connect stack's, or the ones the
   context key ``hours_of_operation_arn`` names). The check sits after the lookup, not before:
   the closed message is in Spanish for callers known to prefer it, and only the lookup says
   who they are (it costs at most the invocation time limit). Out of hours: the route CLOSED
   (its message, then a disconnect). If the check itself fails (its Error branch), the caller
   is treated as within hours and routed: someone should still answer, and a queue outside its
   hours still holds the call until agents are back. A failed lookup has its own hours check,
   leading to CLOSED or to LOOKUP_ERROR.
6. Check contact attributes, first match wins, by the routing table
   (:mod:`flows.customer_lookup.routing`).
7. On each route: set ``routingReason``; where callers of both languages can take the route,
   check the language; greet; set working queue; transfer to queue. QueueAtCapacity plays "all
   agents busy" and hangs up; any other transfer or queue error apologises and hangs up, in the
   language of the greeting.

Steps that only make the call nicer do not end it when they fail: a failed voice,
routingReason or greeting block carries on with the next step, so the caller still reaches an
agent. A failed copy of the lookup result counts as a failed lookup (route LOOKUP_ERROR).
Every path ends in a transfer to a queue or in a message and a disconnect.

A missing first name: the flow language cannot test for an empty value (a Check contact
attributes block cannot: "To check for a NULL value, you need to use a Lambda",
https://docs.aws.amazon.com/connect/latest/adminguide/check-contact-attributes.html) and the
function's answer is not ours to change, so each greeting names the caller where the sentence
still reads without the name ("Hello $.Attributes.firstName and thank you for calling" is
heard as "Hello and thank you for calling"); :mod:`flows.customer_lookup.routing` refuses a name
followed or preceded by punctuation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from flows.customer_lookup.routing import (
    ENGLISH,
    LOOKUP_RESPONSE_KEYS,
    ROUTING_REASON_ATTRIBUTE,
    ROUTING_TABLE,
    SPANISH,
    SPANISH_SPEAKER,
    Route,
    RoutingPlan,
    RoutingTable,
    check_routing_table,
    plan_routing,
)
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.language.facts import ARN, CDK_TOKEN, MAX_INVOCATION_SECONDS, MIN_INVOCATION_SECONDS
from flows.model.actions import (
    CheckHoursOfOperation,
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
from flows.model.builder import FlowBuilder, condition
from flows.model.flow import Flow

LOOKUP_FUNCTION_NAME_PREFIX = "customer-lookup-"
# Connect calls the function through this alias, which points at a published version.
LOOKUP_ALIAS = "live"
DEFAULT_INVOCATION_TIMEOUT_SECONDS = 4
# The queues of the routing table; the Connect stack creates (or looks up) one per name.
QUEUE_NAMES: tuple[str, ...] = ROUTING_TABLE.queues

# Lupe: Amazon Polly's US Spanish (es-US) voice
# (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html), with the neural engine.
# Console exports write the engine capitalised ("Neural"); Connect takes the block's Error branch
# for an engine or voice it does not know ("Results in error if voice or engine are invalid",
# https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontacttexttospeechvoice.html).
SPANISH_VOICE = "Lupe"
SPANISH_VOICE_ENGINE = "Neural"

# Identifiers of the fixed blocks (readable names, as the console shows them).
ENABLE_FLOW_LOGGING = "Enable flow logging"
LOOK_UP_CALLER = "Look up caller"
SAVE_LOOKUP_RESULT = "Save lookup result"
CHECK_PREFERRED_LANGUAGE = "Check preferred language"
SET_SPANISH_VOICE = "Set Spanish voice"
CHECK_OPENING_HOURS = "Check opening hours"
CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP = "Check opening hours after a failed lookup"
SAY_ALL_AGENTS_BUSY = "Say all agents busy"
SAY_SORRY = "Say sorry and goodbye"
SAY_ALL_AGENTS_BUSY_ES = "Say all agents busy in Spanish"
SAY_SORRY_ES = "Say sorry and goodbye in Spanish"
HANG_UP = "Hang up"

# Where a transfer that fails goes, by the language of the route: (queue full, other error).
FAILED_TRANSFER_MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {ENGLISH: (SAY_ALL_AGENTS_BUSY, SAY_SORRY), SPANISH: (SAY_ALL_AGENTS_BUSY_ES, SAY_SORRY_ES)}
)
CLOSING_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        SAY_ALL_AGENTS_BUSY: (
            "All of our agents are busy right now. Please call again later. Goodbye."
        ),
        SAY_SORRY: (
            "We're sorry, we cannot connect your call right now. Please call again later. Goodbye."
        ),
        SAY_ALL_AGENTS_BUSY_ES: (
            "Todos nuestros agentes están ocupados en este momento. "
            "Por favor, llame más tarde. Adiós."
        ),
        SAY_SORRY_ES: (
            "Lo sentimos, no podemos atender su llamada en este momento. "
            "Por favor, llame más tarde. Adiós."
        ),
    }
)

_IN_LANGUAGE = {ENGLISH: "", SPANISH: " in Spanish"}


def set_reason_id(reason: str) -> str:
    return f"Set routingReason {reason}"


def language_check_id(reason: str) -> str:
    return f"Check language for {reason}"


def greeting_id(reason: str, language: str = ENGLISH) -> str:
    return f"Greet {reason}{_IN_LANGUAGE[language]}"


def set_queue_id(reason: str, language: str = ENGLISH) -> str:
    return f"Set queue for {reason}{_IN_LANGUAGE[language]}"


def transfer_id(reason: str, language: str = ENGLISH) -> str:
    return f"Transfer {reason}{_IN_LANGUAGE[language]}"


class FlowSettingsError(ValueError):
    """Settings the flow cannot be built from; the message names the setting and the fix."""


@dataclass(frozen=True)
class CustomerLookupFlowSettings:
    """What differs between deployments: the function, the queues, the hours, the timeout.

    ARNs may be CDK tokens (``${Token[...]}``), resolved when CloudFormation deploys the flow.
    ``queue_arns`` maps every queue of the routing table to its ARN.
    """

    lookup_function_arn: str
    queue_arns: Mapping[str, str]
    hours_of_operation_arn: str
    invocation_timeout_seconds: int = DEFAULT_INVOCATION_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        _check_arn("lookup_function_arn", self.lookup_function_arn)
        _check_arn("hours_of_operation_arn", self.hours_of_operation_arn)
        if not isinstance(self.queue_arns, Mapping):
            raise FlowSettingsError(
                f"queue_arns: {self.queue_arns!r}; expected a mapping of queue name to ARN"
            )
        for name, arn in self.queue_arns.items():
            _check_arn(f"queue_arns[{name!r}]", arn)
        timeout = self.invocation_timeout_seconds
        # Only the type here: Connect's 1..8 s limit is the validator's rule (BAD_TIMEOUT), so an
        # out-of-range value yields a flow that flows.validator rejects, with the block named.
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            raise FlowSettingsError(
                f"invocation_timeout_seconds: {timeout!r}; expected a whole number of seconds "
                f"({MIN_INVOCATION_SECONDS} to {MAX_INVOCATION_SECONDS} for Connect)"
            )

    def check_queues(self, queues: tuple[str, ...]) -> None:
        """Raise :class:`FlowSettingsError` unless ``queue_arns`` names exactly ``queues``."""
        missing = [name for name in queues if name not in self.queue_arns]
        unknown = sorted(set(self.queue_arns) - set(queues))
        if missing or unknown:
            raise FlowSettingsError(
                f"queue_arns: expected exactly the queues {', '.join(queues)}; "
                f"missing: {', '.join(missing) or 'none'}, unknown: {', '.join(unknown) or 'none'}"
            )


def _check_arn(name: str, value: object) -> None:
    if not isinstance(value, str) or not (ARN.match(value) or CDK_TOKEN.search(value)):
        raise FlowSettingsError(f"{name}: {value!r}; expected an ARN or a CDK token")


SANDBOX_ACCOUNT = "111111111111"
SANDBOX_REGION = "us-east-1"
SANDBOX_STAGE = "dev"
# Made-up ids in the sandbox instance: only the shape matters until a real deployment. Queues
# are numbered in the table's order (General ...0001, Priority ...0002, ...).
SANDBOX_HOURS_OF_OPERATION_ID = "00000000-0000-4000-8000-000000000100"


def sandbox_queue_id(position: int) -> str:
    """The made-up id of the table's queue at ``position`` (0-based) in the sandbox instance."""
    return f"00000000-0000-4000-8000-{position + 1:012d}"


def sandbox_settings(table: RoutingTable = ROUTING_TABLE) -> CustomerLookupFlowSettings:
    """The sandbox configuration the committed flows/generated/ files are written with."""
    from flows.language.arns import lambda_function_arn

    return CustomerLookupFlowSettings(
        lookup_function_arn=lambda_function_arn(
            partition="aws",
            region=SANDBOX_REGION,
            account=SANDBOX_ACCOUNT,
            name=f"{LOOKUP_FUNCTION_NAME_PREFIX}{SANDBOX_STAGE}",
        )
        + f":{LOOKUP_ALIAS}",
        queue_arns={
            name: f"{SANDBOX_INSTANCE_ARN}/queue/{sandbox_queue_id(position)}"
            for position, name in enumerate(table.queues)
        },
        # The form CloudFormation gives AWS::Connect::HoursOfOperation ARNs (the HoursOfOperationArn
        # pattern of the AWS::Connect::Queue resource schema):
        # arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE-ID/operating-hours/HOURS-ID
        hours_of_operation_arn=(
            f"{SANDBOX_INSTANCE_ARN}/operating-hours/{SANDBOX_HOURS_OF_OPERATION_ID}"
        ),
    )


def build_customer_lookup_flow(
    settings: CustomerLookupFlowSettings, table: RoutingTable = ROUTING_TABLE
) -> Flow:
    """The flow described in the module docstring, routed by ``table``.

    Raises :class:`~flows.model.builder.FlowBuildError` naming the route and the field for a mistake
    in the table, and :class:`FlowSettingsError` when the settings do not name its queues.
    """
    check_routing_table(table)
    settings.check_queues(table.queues)
    plan = plan_routing(table)
    flow = FlowBuilder(start=ENABLE_FLOW_LOGGING, metadata=queue_name_metadata(table, plan))
    _add_lookup(flow, settings)
    _add_opening_hours(flow, settings, plan)
    _add_attribute_checks(flow, plan)
    queued_languages: set[str] = set()
    for route in table.routes:
        languages = plan.languages_of(route)
        _add_route(flow, route, languages, settings.queue_arns)
        if route.queue is not None:
            queued_languages.update(languages)
    for language in (ENGLISH, SPANISH):
        if language in queued_languages:
            for identifier in FAILED_TRANSFER_MESSAGES[language]:
                flow.action(identifier, MessageParticipant(text=CLOSING_MESSAGES[identifier])).then(
                    HANG_UP
                ).on_error(HANG_UP)
    flow.action(HANG_UP, DisconnectParticipant())
    return flow.build()


def queue_name_metadata(table: RoutingTable, plan: RoutingPlan) -> dict[str, Any]:
    """The console's display data of each Set working queue block: the queue's name.

    The console writes it beside the block in ``Metadata.ActionMetadata``
    (``"parameters": {"QueueId": {"displayName": NAME}}, "queue": {"text": NAME}`` in real
    exports), and the toolkit reads queue names from there for transcripts, test cases and
    ``--queue-full NAME``; so the routing table's queue names travel with the generated flow and
    are written nowhere else.
    """
    per_block: dict[str, Any] = {}
    for route in table.routes:
        if route.queue is None:
            continue
        for language in plan.languages_of(route):
            per_block[set_queue_id(route.routing_reason, language)] = {
                "parameters": {"QueueId": {"displayName": route.queue}},
                "queue": {"text": route.queue},
            }
    return {"ActionMetadata": per_block}


def _add_lookup(flow: FlowBuilder, settings: CustomerLookupFlowSettings) -> None:
    """Logging, the lookup, saving its answer, and the Spanish voice for Spanish speakers."""
    failed = CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP
    flow.action(
        ENABLE_FLOW_LOGGING, UpdateFlowLoggingBehavior(flow_logging_behavior="Enabled")
    ).then(LOOK_UP_CALLER)
    flow.action(
        LOOK_UP_CALLER,
        InvokeLambdaFunction(
            lambda_function_arn=settings.lookup_function_arn,
            invocation_time_limit_seconds=settings.invocation_timeout_seconds,
            lambda_invocation_attributes={"phoneNumber": "$.CustomerEndpoint.Address"},
            response_type="STRING_MAP",
        ),
    ).then(SAVE_LOOKUP_RESULT).on_error(failed)
    flow.action(
        SAVE_LOOKUP_RESULT,
        UpdateContactAttributes(
            attributes={key: f"$.External.{key}" for key in LOOKUP_RESPONSE_KEYS},
            target_contact="Current",
        ),
    ).then(CHECK_PREFERRED_LANGUAGE).on_error(failed)
    _spanish_check(flow, CHECK_PREFERRED_LANGUAGE, SET_SPANISH_VOICE, CHECK_OPENING_HOURS)
    flow.action(
        SET_SPANISH_VOICE,
        UpdateContactTextToSpeechVoice(
            text_to_speech_voice=SPANISH_VOICE, text_to_speech_engine=SPANISH_VOICE_ENGINE
        ),
    ).then(CHECK_OPENING_HOURS).on_error(CHECK_OPENING_HOURS)


def _spanish_check(flow: FlowBuilder, identifier: str, spanish: str, other: str) -> None:
    """Check contact attributes: callers known to prefer Spanish to ``spanish``."""
    flow.action(
        identifier, Compare(comparison_value=f"$.Attributes.{SPANISH_SPEAKER.attribute}")
    ).when(condition(SPANISH_SPEAKER.operator, SPANISH_SPEAKER.operand), spanish).otherwise(other)


def _add_opening_hours(
    flow: FlowBuilder, settings: CustomerLookupFlowSettings, plan: RoutingPlan
) -> None:
    """Both hours checks: in hours (or the check failing) routes, out of hours closes."""
    closed = set_reason_id(plan.out_of_hours.routing_reason)
    routing = (
        plan.checks[0].identifier if plan.checks else set_reason_id(plan.fallback.routing_reason)
    )
    for identifier, in_hours in (
        (CHECK_OPENING_HOURS, routing),
        (CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP, set_reason_id(plan.lookup_failed.routing_reason)),
    ):
        # The reference requires a condition for Equals True and one for Equals False, no others
        # (https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-checkhoursofoperation.html).
        flow.action(
            identifier,
            CheckHoursOfOperation(hours_of_operation_id=settings.hours_of_operation_arn),
        ).when(condition("Equals", "True"), in_hours).when(
            condition("Equals", "False"), closed
        ).on_error(in_hours)


def _add_attribute_checks(flow: FlowBuilder, plan: RoutingPlan) -> None:
    """The Check contact attributes chain; no match on the last goes to the OTHERWISE route."""
    for index, check in enumerate(plan.checks):
        block = flow.action(
            check.identifier, Compare(comparison_value=f"$.Attributes.{check.attribute}")
        )
        for row_condition, route in check.rows:
            block.when(
                condition(row_condition.operator, row_condition.operand),
                set_reason_id(route.routing_reason),
            )
        is_last = index + 1 == len(plan.checks)
        block.otherwise(
            set_reason_id(plan.fallback.routing_reason)
            if is_last
            else plan.checks[index + 1].identifier
        )


def _add_route(
    flow: FlowBuilder,
    route: Route,
    languages: tuple[str, ...],
    queue_arns: Mapping[str, str],
) -> None:
    """Set routingReason, (check the language), greet, set working queue, transfer to queue."""
    reason = route.routing_reason
    after_reason = (
        language_check_id(reason) if len(languages) > 1 else greeting_id(reason, languages[0])
    )
    flow.action(
        set_reason_id(reason),
        UpdateContactAttributes(
            attributes={ROUTING_REASON_ATTRIBUTE: reason}, target_contact="Current"
        ),
    ).then(after_reason).on_error(after_reason)
    if len(languages) > 1:
        _spanish_check(
            flow,
            language_check_id(reason),
            greeting_id(reason, SPANISH),
            greeting_id(reason, ENGLISH),
        )
    for language in languages:
        greeting = flow.action(
            greeting_id(reason, language), MessageParticipant(text=route.greeting(language))
        )
        if route.queue is None:
            greeting.then(HANG_UP).on_error(HANG_UP)
            continue
        busy, sorry = FAILED_TRANSFER_MESSAGES[language]
        set_queue, transfer = set_queue_id(reason, language), transfer_id(reason, language)
        greeting.then(set_queue).on_error(set_queue)
        flow.action(set_queue, UpdateContactTargetQueue(queue_id=queue_arns[route.queue])).then(
            transfer
        ).on_error(sorry)
        # Transfer to queue has no success branch: the contact leaves the flow for the queue.
        flow.action(transfer, TransferContactToQueue()).on_error(busy, "QueueAtCapacity").on_error(
            sorry
        )
