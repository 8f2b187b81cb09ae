"""Invoke AWS Lambda function, as Connect runs it.

Source: https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html
(InvocationTimeLimitSeconds 1..8; ResponseValidation STRING_MAP or JSON; NoMatchingError) and
the notes in ../shared/reference/connect-flows.md.

- The event is what Connect sends (:func:`flows.language.connect_lambda.contact_event`): the
  contact's data and the block's LambdaInvocationAttributes with references resolved.
- The call runs in a worker thread with a Lambda context whose remaining time counts down from
  the function's timeout. Past InvocationTimeLimitSeconds the contact takes the Error branch and
  the call is not waited on.
- A call that raises (or overruns the function's own timeout) is retried, at most 3 attempts in
  all and only within the time limit; then the Error branch.
- The response is judged by :func:`flows.language.connect_lambda.judge_response` (STRING_MAP or
  JSON, under 32 KB); rejected, the contact takes the Error branch.
- ``$.External`` is replaced by each invocation: the accepted response, or nothing at all after an
  Error branch. The Connect documents say the response is available under ``$.External`` "if an
  error does not occur" and that ``$.External`` holds only the latest invocation; the simulator
  therefore clears it on error rather than keep a previous function's answer.
- A scripted :class:`~flows.simulator.scripting.LambdaOutcome` (a test case's mock) for the block,
  the function's ARN or its name answers instead of the function: its ``loaded_data`` is judged
  like any answer, its delay counts against the time limit (without waiting for it), its error
  takes the Error branch; a substitute function is called instead.
- A function that is not bound takes the Error branch, marked as an assumption.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flows.language.connect_lambda import contact_event, judge_response
from flows.language.facts import (
    DEFAULT_INVOCATION_SECONDS,
    LAMBDA_RESPONSE_TYPES,
    MAX_INVOCATION_SECONDS,
    MIN_INVOCATION_SECONDS,
)
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.functions import BindingError, LambdaHandler, function_name
from flows.simulator.lambda_context import LambdaContext
from flows.simulator.result import Attempt, FunctionCalled, Invocation
from flows.simulator.result import Outcome as CallOutcome
from flows.simulator.scripting import LambdaOutcome
from flows.simulator.worker import POOL

MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class _Request:
    """What the block asks for: which function, with what, how long to wait, how to judge."""

    name: str
    arn: str
    parameters: dict[str, str]
    response_type: str
    limit: int

    def invocation(self, outcome: CallOutcome, duration_ms: float, **fields: Any) -> Invocation:
        return Invocation(
            self.name,
            self.arn,
            self.parameters,
            self.response_type,
            self.limit,
            outcome,
            duration_ms,
            **fields,
        )


def invoke_lambda_function(action: IndexedAction, run: Run) -> Decision:
    parameters = action.parameters
    arn = run.text(parameters.get("LambdaFunctionARN", ""))
    request = _Request(
        name=function_name(arn),
        arn=arn,
        parameters=_invocation_parameters(parameters.get("LambdaInvocationAttributes"), run),
        response_type=_response_type(parameters.get("ResponseValidation"), run),
        limit=_time_limit(parameters.get("InvocationTimeLimitSeconds"), run),
    )
    scripted = run.outcomes.take(LambdaOutcome, (action.identifier, request.arn, request.name))
    if scripted is not None and scripted.substitute is not None:
        substitute = scripted.substitute
        run.note(f"scripted: {substitute} answers instead of {request.name}")
        request = replace(request, name=function_name(substitute), arn=substitute)
        scripted = None
    if scripted is not None:
        invocation = _mocked(scripted, request)
        run.note(f"scripted answer of {request.name} (the function is not called)")
    else:
        invocation = _invoke(request, parameters, run)
    run.invocations.append(invocation)
    run.record(FunctionCalled(invocation))
    if invocation.outcome is CallOutcome.ASYNC_STARTED:
        run.note("InvocationType ASYNCHRONOUS: the contact did not wait; $.External unchanged")
        return run.success(action)
    if invocation.outcome is CallOutcome.SUCCESS:
        run.state.external = _received(invocation.response, request.response_type)
        run.block_result = run.state.external
        return run.success(action)
    run.state.external = {}
    return run.error(action, "NoMatchingError")


def _invoke(request: _Request, parameters: Mapping[str, Any], run: Run) -> Invocation:
    """Call the function bound to the request's name (or say that none is bound)."""
    try:
        function = run.functions.resolve(request.name)
    except BindingError as exc:
        return request.invocation(CallOutcome.FUNCTION_ERROR, 0.0, error=str(exc))
    if function is None:
        if request.name:
            error = (
                f"function {request.name!r} is not bound "
                f"(bind it with --lambda {request.name}=module:function)"
            )
            run.assume(f"{request.name} fails (no function is bound to it)")
        else:
            error = "LambdaFunctionARN is empty: no function to call"
            run.assume("the call fails (the block names no function)")
        run.note(error)
        return request.invocation(CallOutcome.NOT_BOUND, 0.0, error=error)
    if str(parameters.get("InvocationType", "")).upper() == "ASYNCHRONOUS":
        return _start_asynchronously(function, request, run)
    return _call(function, request, run)


def _mocked(scripted: LambdaOutcome, request: _Request) -> Invocation:
    """A scripted answer, judged as the function's own answer would be."""
    delay_ms = scripted.delay_seconds * 1000.0
    if scripted.error == "TimeLimitExceeded" or scripted.delay_seconds >= request.limit:
        return request.invocation(
            CallOutcome.TIMEOUT,
            delay_ms,
            error=f"scripted: no response within InvocationTimeLimitSeconds={request.limit}",
            mocked=True,
        )
    if scripted.error is not None:
        return request.invocation(
            CallOutcome.FUNCTION_ERROR, delay_ms, error=f"scripted: {scripted.error}", mocked=True
        )
    try:
        answer = json.loads(scripted.loaded_data or "{}")
    except json.JSONDecodeError as exc:
        return request.invocation(
            CallOutcome.INVALID_RESPONSE,
            delay_ms,
            error=f"scripted answer is not JSON: {exc.msg}",
            mocked=True,
        )
    judgement = judge_response(answer, request.response_type)
    if judgement.accepted:
        return request.invocation(
            CallOutcome.SUCCESS, delay_ms, response=judgement.external, mocked=True
        )
    return request.invocation(
        CallOutcome.INVALID_RESPONSE, delay_ms, response=answer, error=judgement.reason, mocked=True
    )


def _event(request: _Request, run: Run) -> dict[str, Any]:
    """The event Connect sends; built afresh for every attempt (each decodes its own copy)."""
    state = run.state
    return contact_event(
        phone=run.contact.phone,
        channel=state.channel,
        parameters=request.parameters,
        attributes=state.attributes,
        contact_id=state.contact_id,
        initiation_method=state.initiation_method,
        instance_arn=state.instance_arn,
        queue=state.queue(),
        system_phone=run.contact.system_phone,
    )


def _function_timeout(request: _Request, run: Run) -> float:
    return run.options.function_timeout_seconds or max(1, request.limit - 1)


def _context(request: _Request, run: Run) -> LambdaContext:
    return LambdaContext(
        function_name=request.name,
        invoked_function_arn=request.arn,
        timeout_seconds=_function_timeout(request, run),
        memory_limit_in_mb=run.options.memory_limit_in_mb,
        time_scale=run.options.time_scale,
    )


def _start_asynchronously(function: LambdaHandler, request: _Request, run: Run) -> Invocation:
    context = _context(request, run)
    POOL.start(function, _event(request, run), context)
    return request.invocation(
        CallOutcome.ASYNC_STARTED, 0.0, attempts=(Attempt(context.aws_request_id, 0.0),)
    )


def _call(function: LambdaHandler, request: _Request, run: Run) -> Invocation:
    """Call, retry failures within the time limit, judge the response."""
    scale = run.options.time_scale
    own_timeout = _function_timeout(request, run)
    own_limit = own_timeout * scale
    started = time.perf_counter()
    deadline = started + request.limit * scale
    attempts: list[Attempt] = []

    def done(outcome: CallOutcome, **fields: Any) -> Invocation:
        return request.invocation(outcome, _ms_since(started), attempts=tuple(attempts), **fields)

    for _ in range(MAX_ATTEMPTS):
        attempt_started = time.perf_counter()
        remaining = deadline - attempt_started
        if remaining <= 0:
            break
        context = _context(request, run)
        call = POOL.start(function, _event(request, run), context)
        finished = call.wait(min(remaining, own_limit))
        took = _ms_since(attempt_started)
        if not finished and remaining <= own_limit:  # Connect stops waiting first
            attempts.append(Attempt(context.aws_request_id, took, "still running at the limit"))
            return done(
                CallOutcome.TIMEOUT,
                error=f"no response within InvocationTimeLimitSeconds={request.limit}",
            )
        if not finished:  # the function's own timeout: Lambda ends it with an error
            error = f"Task timed out after {own_timeout:.2f} seconds"
            attempts.append(Attempt(context.aws_request_id, took, error))
            continue
        if call.error is not None:
            attempts.append(Attempt(context.aws_request_id, took, _describe(call.error)))
            continue
        attempts.append(Attempt(context.aws_request_id, took))
        judgement = judge_response(call.result, request.response_type)
        if judgement.accepted:
            return done(CallOutcome.SUCCESS, response=judgement.external)
        return done(CallOutcome.INVALID_RESPONSE, error=judgement.reason)
    last = attempts[-1].error if attempts else "none started"
    if len(attempts) < MAX_ATTEMPTS:  # the time limit ran out between attempts
        return done(
            CallOutcome.TIMEOUT,
            error=f"no response within InvocationTimeLimitSeconds={request.limit} "
            f"(last attempt: {last})",
        )
    return done(CallOutcome.FUNCTION_ERROR, error=f"{MAX_ATTEMPTS} attempts failed; last: {last}")


def _received(response: Any, response_type: str) -> dict[str, Any]:
    """What Connect keeps as ``$.External``: its own copy, never the function's object."""
    if response_type == "STRING_MAP":
        return dict(response)
    copied: dict[str, Any] = json.loads(json.dumps(response))
    return copied


def _invocation_parameters(attributes: Any, run: Run) -> dict[str, str]:
    sent: dict[str, str] = {}
    if isinstance(attributes, Mapping):
        for key, value in attributes.items():
            sent[str(key)] = run.text(value)
    sent.update(run.contact.parameters)
    return sent


def _time_limit(raw: Any, run: Run) -> int:
    if raw is None or raw == "":
        return DEFAULT_INVOCATION_SECONDS
    text = str(raw).strip()
    if text.isdigit() and MIN_INVOCATION_SECONDS <= int(text) <= MAX_INVOCATION_SECONDS:
        return int(text)
    clamped = MAX_INVOCATION_SECONDS if text.isdigit() and int(text) > 0 else MIN_INVOCATION_SECONDS
    run.note(
        f"InvocationTimeLimitSeconds {raw!r} is not an integer from {MIN_INVOCATION_SECONDS} to "
        f"{MAX_INVOCATION_SECONDS} (Connect rejects such a flow); simulated with {clamped}"
    )
    return clamped


def _response_type(validation: Any, run: Run) -> str:
    value = validation.get("ResponseType") if isinstance(validation, Mapping) else None
    if value is None:
        return "STRING_MAP"  # older exports have no ResponseValidation: a flat string map
    if value not in LAMBDA_RESPONSE_TYPES:
        run.note(f"ResponseType {value!r} is not STRING_MAP or JSON; judged as STRING_MAP")
        return "STRING_MAP"
    return str(value)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


HANDLERS: dict[str, ActionHandler] = {"InvokeLambdaFunction": invoke_lambda_function}
