"""A test case's ``OverrideSystemBehavior`` actions as the simulator's scripted outcomes.

The simulator has one scripting model for everything a flow cannot decide
(:mod:`flows.simulator.scripting`): ``--lex``, ``--queue-full`` and ``--closed`` on the command
line fill it, and so do a test case's mocks, so a Lex mock in a test case and ``--lex`` behave
the same. An override becomes one queued outcome, used by the next block that uses its resource
(several for one resource: oldest first, each once), as the Developer Guide says
(https://docs.aws.amazon.com/connect/latest/devguide/testing-language-actions-override-system-behavior.html).

- ``InvokeLambdaFunction``: ``LoadedData`` is the function's answer, judged as the block's
  ResponseType judges any answer; ``DelaySeconds`` counts against the block's
  InvocationTimeLimitSeconds; errors ``TimeLimitExceeded`` and ``NoMatchingError`` take the
  Error branch; SubstituteResource calls another function, bound as ``simulate`` binds any
  (``--lambda NAME=...``, or the project's ``[tool.flows.functions]``).
- ``CheckHoursOfOperation``: ``InHours`` takes the True branch, ``OutOfHours`` False;
  ``NoMatchingError`` the Error branch; SubstituteResource checks other hours (the simulator
  reads no hours, so: in hours).
- ``TransferContactToQueue``, ``DequeueAndTransferToQueue`` (the flow language's
  DequeueContactAndTransferToQueue, the customer queue flow's Transfer to queue, keyed by its
  QueueId as the mock names it): no successful mock is documented; ``QueueAtCapacity`` and
  ``NoMatchingError``; SubstituteResource queues the contact in another queue.
- No other block can be mocked: the Testing language overrides these five action types only, so
  a test case runs customer profiles, cases, tags, messages sent and the like with the
  simulator's documented defaults (marked as assumptions), as they would run live.
- ``ConnectParticipantWithLexBot``: ``LoadedData`` is
  ``{"IntentName": ..., "Slots": {...}, "SessionAttributes": {...}}`` (the ``$.Lex`` names: the
  docs give no shape); ``TimeLimitExceeded``, ``NoMatchingError``; SubstituteResource names
  another bot alias (the mocked or the default intent still applies).

Resources are keyed as the blocks look them up: a function by its name (the last part of an
ARN, so an ARN or a name both match), hours and queues by their id (the last part of an ARN, so
an id or an ARN both match), a bot by its alias ARN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flows.simulator import HoursOutcome, LambdaOutcome, LexOutcome, QueueOutcome
from flows.simulator.functions import function_name
from flows.simulator.scripting import Scripted
from flows.testing.matching import resource_of
from flows.testing.model import (
    HOURS_VALUES,
    ExecutionResult,
    MockError,
    MockResponse,
    OverrideSystemBehavior,
    SubstituteResource,
)

QUEUE_ACTIONS = ("TransferContactToQueue", "DequeueAndTransferToQueue")


class OverrideError(ValueError):
    """An override the simulator cannot apply; the message names what is wrong."""


def scripted_outcome(override: OverrideSystemBehavior) -> tuple[str, Scripted]:
    """The (resource key, outcome) that ``override`` queues; raises :class:`OverrideError`."""
    action_type = override.action_type
    resource = resource_of(action_type, override.action_parameters)
    if resource is None:
        raise OverrideError(f"{action_type} override names no resource")
    strategy = override.strategy
    if action_type == "InvokeLambdaFunction":
        return function_name(resource), _lambda(strategy)
    if action_type == "CheckHoursOfOperation":
        return _tail(resource), _hours(strategy)
    if action_type in QUEUE_ACTIONS:
        return _tail(resource), _queue(strategy, action_type)
    if action_type == "ConnectParticipantWithLexBot":
        return resource, _lex(strategy)
    raise OverrideError(f"{action_type} cannot be overridden")


def _tail(resource: str) -> str:
    return resource.rsplit("/", 1)[-1]


def _delay(value: int | float | None) -> float:
    return float(value or 0)


def _lambda(strategy: MockResponse | SubstituteResource) -> LambdaOutcome:
    if isinstance(strategy, SubstituteResource):
        return LambdaOutcome(substitute=strategy.substitute_arn)
    response = strategy.response
    if isinstance(response, MockError):
        return LambdaOutcome(error=response.error, delay_seconds=_delay(response.delay_seconds))
    return LambdaOutcome(
        loaded_data=response.loaded_data, delay_seconds=_delay(response.delay_seconds)
    )


def _hours(strategy: MockResponse | SubstituteResource) -> HoursOutcome:
    if isinstance(strategy, SubstituteResource):
        return HoursOutcome(substitute=strategy.substitute_arn)
    response = strategy.response
    if isinstance(response, MockError):
        return HoursOutcome(error=response.error)
    if response.value not in HOURS_VALUES:
        raise OverrideError(
            f"CheckHoursOfOperation mock value {response.value!r}: expected InHours or OutOfHours"
        )
    return HoursOutcome(in_hours=response.value == HOURS_VALUES[0])


def _queue(strategy: MockResponse | SubstituteResource, action_type: str) -> QueueOutcome:
    if isinstance(strategy, SubstituteResource):
        return QueueOutcome(substitute=strategy.substitute_arn)
    response = strategy.response
    if isinstance(response, ExecutionResult):
        raise OverrideError(
            f"{action_type}: no successful mock answer is documented; mock an error "
            "(QueueAtCapacity, NoMatchingError) or substitute a queue"
        )
    return QueueOutcome(error=response.error)


def _lex(strategy: MockResponse | SubstituteResource) -> LexOutcome:
    if isinstance(strategy, SubstituteResource):
        return LexOutcome(substitute=strategy.substitute_arn)
    response = strategy.response
    if isinstance(response, MockError):
        return LexOutcome(error=response.error, delay_seconds=_delay(response.delay_seconds))
    answer = _bot_answer(response.loaded_data)
    return LexOutcome(
        intent=answer.get("IntentName") or None,
        slots=_strings(answer.get("Slots")),
        session_attributes=_strings(answer.get("SessionAttributes")),
        delay_seconds=_delay(response.delay_seconds),
    )


def _bot_answer(loaded_data: str | None) -> Mapping[str, Any]:
    try:
        answer = json.loads(loaded_data or "{}")
    except json.JSONDecodeError as exc:
        raise OverrideError(f"Lex mock LoadedData is not JSON: {exc.msg}") from None
    if not isinstance(answer, Mapping):
        raise OverrideError(
            'Lex mock LoadedData: expected an object such as {"IntentName": "Sales"}'
        )
    return answer


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(key): "" if item is None else str(item) for key, item in value.items()}
