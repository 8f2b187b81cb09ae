"""`python -m flows simulate FLOW ...`: one simulated contact, printed as a transcript or JSON.

Exit status: 0 when the contact left the flow (queue, disconnect, transfer, end), 1 when the
simulator had to stop (an action it cannot simulate, a step limit, a missing branch), 2 for bad
input (unreadable flow, malformed option, a --lambda target that does not load).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.customer_lookup import sandbox_settings
from flows.document import FlowDocumentError, load_flow_document
from flows.simulator.contact import CHANNELS, ContactSetup, Script
from flows.simulator.engine import DEFAULT_MAX_STEPS, SimulationOptions, Simulator
from flows.simulator.flow_index import FlowShapeError
from flows.simulator.functions import BindingError, FunctionBindings, load_target, parse_binding
from flows.simulator.result import Ended
from flows.simulator.transcript import render_transcript


class UsageError(ValueError):
    """A command-line value that cannot be used; the message names it."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", metavar="FLOW", help="flow file (export, module or wrapped)")
    parser.add_argument(
        "--phone",
        default="+14155550100",
        help="the caller's number, $.CustomerEndpoint.Address (empty: no customer endpoint)",
    )
    parser.add_argument("--channel", default="VOICE", choices=CHANNELS)
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="K=V",
        help="extra Lambda parameter sent with every function call (e.g. responseFormat=JSON)",
    )
    parser.add_argument(
        "--attribute",
        action="append",
        default=[],
        metavar="K=V",
        help="user-defined contact attribute the contact arrives with",
    )
    parser.add_argument(
        "--lambda",
        dest="bindings",
        action="append",
        default=[],
        metavar="NAME=TARGET",
        help="bind function NAME (last part of its ARN) to module:function or file.py:function; "
        "customer-lookup-* is bound to lambdas/customer_lookup/handler.py:handler by default",
    )
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="1,2",
        help="what the caller enters at each Get customer input block, in order "
        "('timeout' or running out: no input)",
    )
    parser.add_argument(
        "--queue-full",
        action="append",
        default=[],
        metavar="NAME",
        help="queue (name, ARN or id) at capacity: Transfer to queue takes QueueAtCapacity",
    )
    parser.add_argument(
        "--closed", action="store_true", help="Check hours of operation answers closed"
    )
    parser.add_argument(
        "--fail",
        action="append",
        default=[],
        metavar="ID[=ERROR]",
        help="make the block with this Identifier fail with ERROR (default NoMatchingError)",
    )
    parser.add_argument(
        "--flow-dir", type=Path, help="folder of the flows that Transfer to flow may go to"
    )
    parser.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS)
    parser.add_argument(
        "--function-timeout",
        type=float,
        metavar="SECONDS",
        help="the functions' own timeout (default: the block's time limit minus 1 second)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        document = load_flow_document(args.flow)
        simulator = Simulator(document.content, args.flow)
        contact, functions, script, options = _setup(args)
        unknown = [i for i in script.failures if i not in simulator.flow.actions]
        if unknown:
            raise UsageError(f"--fail {unknown[0]!r}: no action has that Identifier in {args.flow}")
    except (FlowDocumentError, FlowShapeError, UsageError, BindingError) as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 2
    # A function's log lines go to stderr (they are CloudWatch's, not what the caller hears),
    # so that stdout holds only the transcript or the JSON.
    with contextlib.redirect_stdout(sys.stderr):
        result = simulator.run(contact, functions, script, options)
        if args.json:
            out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            out.write(render_transcript(result))
        out.flush()
    return 1 if result.ended is Ended.STOPPED else 0


def _setup(
    args: argparse.Namespace,
) -> tuple[ContactSetup, FunctionBindings, Script, SimulationOptions]:
    if args.max_steps < 1:
        raise UsageError(f"--max-steps {args.max_steps}: expected a positive number")
    if args.function_timeout is not None and args.function_timeout <= 0:
        raise UsageError(f"--function-timeout {args.function_timeout}: expected seconds above 0")
    if args.flow_dir is not None and not args.flow_dir.is_dir():
        raise UsageError(f"--flow-dir {str(args.flow_dir)!r}: not a folder")
    functions = FunctionBindings.default()
    for text in args.bindings:
        name, target = parse_binding(text)
        functions.bind(name, load_target(target))  # load now: a bad target is a usage error
    contact = ContactSetup(
        phone=args.phone or None,
        channel=args.channel,
        attributes=_pairs(args.attribute, "--attribute"),
        parameters=_pairs(args.param, "--param"),
        queue_names=_known_queue_names(),
    )
    script = Script(
        inputs=[entry for text in args.input for entry in text.split(",")],
        queues_at_capacity=frozenset(args.queue_full),
        hours_open=not args.closed,
        failures=_failures(args.fail),
    )
    options = SimulationOptions(
        max_steps=args.max_steps,
        function_timeout_seconds=args.function_timeout,
        flow_dir=args.flow_dir,
    )
    return contact, functions, script, options


def _pairs(texts: Sequence[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {text!r}: expected KEY=VALUE")
        pairs[key] = value
    return pairs


def _failures(texts: Sequence[str]) -> dict[str, str]:
    failures: dict[str, str] = {}
    for text in texts:
        identifier, _, error = text.partition("=")
        if not identifier:
            raise UsageError(f"--fail {text!r}: expected IDENTIFIER or IDENTIFIER=ERRORTYPE")
        failures[identifier] = error or "NoMatchingError"
    return failures


def _known_queue_names() -> dict[str, str]:
    """Names of the project's sandbox queues by ARN, so the transcript says "Priority"."""
    return {arn: name for name, arn in sandbox_settings().queue_arns.items()}
