"""simulate's scripting options turned into a :class:`~flows.simulator.contact.Script`, checked
against the flows the contact can go through (the flow and those of ``--flow-dir``).

Each option fills the one scripting model (:mod:`flows.simulator.scripting`):

- ``--input 1,2``: the caller's entries at Get customer input blocks, in order.
- ``--queue-full NAME``: that queue (name, ARN or id) is at capacity, for every transfer. A queue
  none of the flows names is an error listing the queues they do name (unless a flow sets its
  queue from a reference, which could name any queue).
- ``--closed``: every Check hours of operation answers out of hours.
- ``--fail BLOCK[=ERROR]``: the block takes that error branch (default NoMatchingError).
- ``--lex BLOCK=INTENT[,slot=value...]``: the intent (and slots) the bot of a Lex block returns.
- ``--view BLOCK=ACTION[,key=value...]``: the action chosen in a Show view block, with its result
  data.
- ``--percent BLOCK=N``: the number (1-100) a Distribute by percentage block draws.
- ``--result BLOCK=VALUE[,key=value...]``: the result of a Check Voice ID (a status), Wait
  (``WaitCompleted``, ``CustomerReturned``...), Check call progress (``VoicemailBeep``...),
  Customer profiles (``Found`` with the fields for a profile, an object or calculated
  attributes; ``True`` or ``False`` for segment membership) or Cases block (``Found``, with the
  fields).
- ``--metric NAME=VALUE``: a real-time queue metric (a CheckMetricData MetricType such as
  ``NumberOfAgentsOnline``, or a ``$.Metrics`` path such as ``Queue.Size``).
- ``--lambda NAME=TARGET`` (:func:`check_bindings`, for ``test`` too): NAME must be a function
  the flows call (or a test case substitutes), else the binding would silently answer nothing.

Everything an option names must be in the flows: a block (by Identifier), a queue, a function,
an error type the block can raise, a metric. Otherwise the option is refused (exit status 2,
one line) with the closest name as a hint ("did you mean ...?"), never ignored: a run that
ignored it would answer a question nobody asked.

Repeating ``--lex``, ``--view``, ``--percent`` or ``--result`` for one block scripts its
successive visits, in order; once they are used up the block's default applies (and is marked
as assumed).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from flows.command_line import BadInput, check_endpoint_environment, did_you_mean
from flows.language.facts import OUTBOUND_CALL_RESULTS, action_spec
from flows.simulator.blocks.flow_control import PERCENT_DRAWS, WAIT_RESULTS
from flows.simulator.blocks.profiles import SEGMENT_RESULTS
from flows.simulator.blocks.queues import METRIC_PATHS, METRIC_TYPES
from flows.simulator.blocks.services import FOUND, VOICE_ID_RESULTS
from flows.simulator.contact import Script
from flows.simulator.flow_index import IndexedAction, IndexedFlow
from flows.simulator.functions import function_name, parse_binding
from flows.simulator.scripting import BlockOutcome, LexOutcome, Scripted

# Block types whose queue parameter names a queue a contact can be transferred through.
_QUEUE_SETTING_TYPES = ("UpdateContactTargetQueue", "DequeueContactAndTransferToQueue")


class UsageError(ValueError):
    """A command-line value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Flows:
    """The flows a simulated contact may go through, with their actions by Identifier."""

    flows: Sequence[IndexedFlow]
    queue_names: Mapping[str, str]  # queue ARN or id -> name ([tool.flows.queue-names])

    def action(self, identifier: str) -> IndexedAction | None:
        for flow in self.flows:
            found = flow.actions.get(identifier)
            if found is not None:
                return found
        return None


def build_script(args: argparse.Namespace, flows: Flows) -> Script:
    """The Script the options describe; raises :class:`UsageError` for a bad value."""
    failures = _failures(args.fail, flows)
    outcomes: list[tuple[str, Scripted]] = []
    outcomes.extend(_lex(text, flows) for text in args.lex)
    outcomes.extend(_view(text, flows) for text in args.view)
    outcomes.extend(_percent(text, flows) for text in args.percent)
    outcomes.extend(_result(text, flows) for text in args.result)
    return Script(
        inputs=[entry for text in args.input for entry in text.split(",")],
        queues_at_capacity=frozenset(_full_queue(text, flows) for text in args.queue_full),
        hours_open=not args.closed,
        failures=failures,
        outcomes=outcomes,
        metrics=dict(_metric(text) for text in args.metric),
    )


def pairs(texts: Sequence[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` options as a mapping."""
    found: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {text!r}: expected KEY=VALUE")
        found[key] = value
    return found


def _failures(texts: Sequence[str], flows: Flows) -> dict[str, str]:
    failures: dict[str, str] = {}
    for text in texts:
        identifier, _, error = text.partition("=")
        if not identifier:
            raise UsageError(f"--fail {text!r}: expected IDENTIFIER or IDENTIFIER=ERRORTYPE")
        action = _block(identifier, "--fail", flows)
        error = error or "NoMatchingError"
        raised = _errors_of(action)
        if raised is not None and error not in raised:
            can = f"raises {', '.join(sorted(raised))}, not {error!r}" if raised else "cannot fail"
            raise UsageError(
                f"--fail {text!r}: block {identifier!r} ({action.console_name}) {can}"
                f"{did_you_mean(error, raised)}"
            )
        failures[identifier] = error
    return failures


def _errors_of(action: IndexedAction) -> set[str] | None:
    """The error types a block may raise: those of its type (the language's facts) and those it
    has branches for; None for a type the language lacks and a block without error branches
    (nothing says what it raises, so anything goes)."""
    spec = action_spec(action.type)
    if spec is None and not action.errors:
        return None
    return set(action.errors) | (set(spec.errors) if spec is not None else set())


def _block(identifier: str, option: str, flows: Flows, *types: str) -> IndexedAction:
    action = flows.action(identifier)
    sources = ", ".join(flow.source for flow in flows.flows)
    if action is None:
        known = [
            a.identifier
            for flow in flows.flows
            for a in flow.actions.values()
            if not types or a.type in types
        ]
        hint = did_you_mean(identifier, known)
        kinds = f" {' or '.join(types)}" if types else ""
        if not hint and types and not known:
            hint = f" (the flows have no{kinds} block)"
        raise UsageError(
            f"{option} {identifier!r}: no{kinds} block has that Identifier in {sources}{hint}"
        )
    if types and action.type not in types:
        raise UsageError(
            f"{option} {identifier!r}: that block is a {action.console_name} ({action.type}); "
            f"{option} scripts {' or '.join(types)} blocks"
        )
    return action


def _block_and_value(text: str, option: str, shape: str) -> tuple[str, str, dict[str, str]]:
    """``BLOCK=VALUE[,key=value...]`` -> (BLOCK, VALUE, {key: value})."""
    identifier, sep, rest = text.partition("=")
    value, *extra = rest.split(",")
    if not sep or not identifier or not value:
        raise UsageError(f"{option} {text!r}: expected {shape}")
    data: dict[str, str] = {}
    for item in extra:
        key, sep, item_value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {text!r}: {item!r} is not key=value; expected {shape}")
        data[key] = item_value
    return identifier, value, data


def _lex(text: str, flows: Flows) -> tuple[str, Scripted]:
    identifier, intent, slots = _block_and_value(text, "--lex", "BLOCK=INTENT[,slot=value...]")
    _block(identifier, "--lex", flows, "ConnectParticipantWithLexBot")
    return identifier, LexOutcome(intent=intent, slots=slots)


def _view(text: str, flows: Flows) -> tuple[str, Scripted]:
    identifier, chosen, data = _block_and_value(text, "--view", "BLOCK=ACTION[,key=value...]")
    _block(identifier, "--view", flows, "ShowView")
    return identifier, BlockOutcome(result=chosen, data=data)


def _percent(text: str, flows: Flows) -> tuple[str, Scripted]:
    identifier, draw, extra = _block_and_value(text, "--percent", "BLOCK=N")
    _block(identifier, "--percent", flows, "DistributeByPercentage")
    if extra or not draw.isdigit() or int(draw) not in PERCENT_DRAWS:
        raise UsageError(
            f"--percent {text!r}: expected BLOCK=N with N a whole number from "
            f"{PERCENT_DRAWS.start} to {PERCENT_DRAWS.stop - 1}"
        )
    return identifier, BlockOutcome(result=str(int(draw)))


_RESULT_TYPES = (
    "CheckVoiceId",
    "Wait",
    "GetCustomerProfile",
    "GetCase",
    "GetCustomerProfileObject",
    "GetCalculatedAttributesForCustomerProfile",
    "CheckSegmentMembershipForCustomerProfile",
    "CheckOutboundCallStatus",
)


def _result(text: str, flows: Flows) -> tuple[str, Scripted]:
    identifier, value, data = _block_and_value(text, "--result", "BLOCK=VALUE[,key=value...]")
    action = _block(identifier, "--result", flows, *_RESULT_TYPES)
    allowed = _results_of(action)
    if value not in allowed:
        raise UsageError(
            f"--result {text!r}: a {action.console_name} block's result is one of "
            f"{', '.join(allowed)}"
        )
    return identifier, BlockOutcome(result=value, data=data)


def _results_of(action: IndexedAction) -> tuple[str, ...]:
    if action.type == "CheckVoiceId":
        option = action.parameters.get("CheckVoiceIdOption")
        if isinstance(option, str) and option in VOICE_ID_RESULTS:
            return VOICE_ID_RESULTS[option]
        return tuple(dict.fromkeys(r for results in VOICE_ID_RESULTS.values() for r in results))
    if action.type == "Wait":
        return WAIT_RESULTS
    if action.type == "CheckSegmentMembershipForCustomerProfile":
        return SEGMENT_RESULTS
    if action.type == "CheckOutboundCallStatus":
        return OUTBOUND_CALL_RESULTS
    return (FOUND,)


def _metric(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    path = METRIC_TYPES.get(name, name)
    if not sep or path not in METRIC_PATHS:
        names = [*METRIC_TYPES, *METRIC_PATHS]
        hint = did_you_mean(name, names) if sep else ""
        raise UsageError(
            f"--metric {text!r}: expected NAME=VALUE with NAME one of {', '.join(names)}{hint}"
        )
    if not _is_number(value):
        raise UsageError(f"--metric {text!r}: the value must be a number")
    return path, value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text != ""


def _full_queue(text: str, flows: Flows) -> str:
    known, dynamic = _queues(flows)
    if dynamic or text in known:
        return text
    named = sorted(set(known.values())) or ["(the flow names no queue)"]
    raise UsageError(
        f"--queue-full {text!r}: the flow has no such queue{did_you_mean(text, known.values())}; "
        f"its queues are {', '.join(named)} (by name, ARN or id)"
    )


def _queues(flows: Flows) -> tuple[dict[str, str], bool]:
    """Every way the flows' queues may be named (name, ARN, id -> name), and whether a flow
    sets a queue from a reference (which could name any queue)."""
    known: dict[str, str] = {}
    dynamic = False
    for flow in flows.flows:
        for queue in _queue_parameters(flow.actions.values()):
            if "$." in queue:
                dynamic = True
                continue
            name = flows.queue_names.get(queue) or flow.queue_names.get(queue)
            name = name or queue.rsplit("/", 1)[-1]
            for key in (queue, queue.rsplit("/", 1)[-1], name):
                known[key] = name
    return known, dynamic


def _queue_parameters(actions: Iterable[IndexedAction]) -> Iterable[str]:
    for action in actions:
        if action.type in _QUEUE_SETTING_TYPES:
            queue = action.parameters.get("QueueId")
            if isinstance(queue, str) and queue:
                yield queue


def check_bindings(texts: Sequence[str], flows: Flows, substitutes: Iterable[str] = ()) -> None:
    """Refuse a ``--lambda NAME=TARGET`` whose NAME no flow calls (by the function's name in its
    ARN), nor a test case ``substitutes``: the binding would never answer, and the run would call
    the default one instead, silently. A flow that takes the function from a reference (``$.``)
    could call any function: then every name is accepted."""
    called, dynamic = called_functions(flows)
    known = called | {function_name(s) for s in substitutes}
    for text in texts:
        name, _ = parse_binding(text)
        if dynamic or name in known:
            continue
        listed = ", ".join(sorted(known)) or "none"
        raise UsageError(
            f"--lambda {text!r}: no flow calls a function named {name!r}"
            f"{did_you_mean(name, known)}; the functions called are {listed}"
        )


def check_function_endpoints(flows: Flows, environ: Mapping[str, str] | None = None) -> None:
    """Refuse an endpoint variable botocore would use (``AWS_ENDPOINT_URL`` or
    ``AWS_ENDPOINT_URL_<SERVICE>``) that is not a URL when the flows call a function: the
    function runs in this process, with this environment, so every AWS client it made would
    fail (botocore raises while making it) and it would answer as if its service were down, a
    run that looks like a real outage. A flow that calls no function does not care."""
    called, dynamic = called_functions(flows)
    if not called and not dynamic:
        return
    env = os.environ if environ is None else environ
    prefix = "AWS_ENDPOINT_URL_"
    services = [name.removeprefix(prefix) for name in env if name.startswith(prefix)]
    try:
        check_endpoint_environment(services, env)
    except BadInput as exc:
        raise UsageError(str(exc)) from exc


def called_functions(flows: Flows) -> tuple[set[str], bool]:
    """The names of the functions the flows' Invoke AWS Lambda function blocks call, and whether
    one takes its function from a reference (and so could call any)."""
    names: set[str] = set()
    dynamic = False
    for flow in flows.flows:
        for action in flow.actions.values():
            if action.type != "InvokeLambdaFunction":
                continue
            arn = action.parameters.get("LambdaFunctionARN")
            if not isinstance(arn, str) or not arn:
                continue
            if "$." in arn:
                dynamic = True
            else:
                names.add(function_name(arn))
    return names, dynamic
