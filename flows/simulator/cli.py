"""`python -m flows simulate FLOW ...`: one simulated contact, printed as a transcript or JSON.

Exit status: 0 when the contact left the flow (queue, disconnect, transfer, end), 1 when the
simulator had to stop (an action it cannot simulate, a step limit, a missing branch) or when a
function ran by its default binding without an environment variable the project's
``[tool.flows.function-environment]`` says it needs (the run is shown, and one line on stderr says
which variable and what to do: the function's answer is not the one a configured function
gives), 2 for bad
input (unreadable flow, malformed option, a --lambda target that does not load, a block or a
queue the flows do not have, a --flow-type that is no flow type or that contradicts the type the
file declares, an AWS endpoint variable that is not a URL when the flows call a function: it
runs in this process). The scripting options are described in
:mod:`flows.simulator.script_options`.

The flow runs as the type the file declares (a wrapper's ``Type``, ``Metadata.type``), else as
``--flow-type``, else as the type its blocks allow, as ``validate`` checks it; the type decides
what some blocks do (End flow / Resume disconnects the contact only in an inbound flow). A flow
module runs as a module whatever ``--flow-type`` says, as ``validate`` checks it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from pathlib import Path

from flows.config import load_config
from flows.language.flow_kind import declared_flow_type
from flows.language.flow_types import FLOW_TYPES, parse_flow_type
from flows.model.document import FlowDocument, FlowDocumentError, load_flow_document
from flows.simulator.contact import CHANNELS, DEFAULT_PHONE, ContactSetup, Script
from flows.simulator.engine import DEFAULT_MAX_STEPS, SimulationOptions
from flows.simulator.flow_index import FlowShapeError
from flows.simulator.flow_library import FlowLibrary
from flows.simulator.functions import (
    BindingError,
    add_binding_option,
    bindings_from_options,
    parse_binding,
    unset_environment,
)
from flows.simulator.result import Ended
from flows.simulator.script_options import (
    Flows,
    UsageError,
    build_script,
    check_bindings,
    check_function_endpoints,
    pairs,
)
from flows.simulator.simulator import Simulator
from flows.simulator.transcript import render_transcript


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", metavar="FLOW", help="flow file (export, module or wrapped)")
    parser.add_argument(
        "--flow-type",
        metavar="TYPE",
        help="the ContactFlowType to run a flow that declares none as (default: the one its "
        "blocks allow, as validate infers it); a file that declares another type is refused",
    )
    parser.add_argument(
        "--phone",
        help="the caller's number, $.CustomerEndpoint.Address (default "
        f"{DEFAULT_PHONE}; empty: no customer endpoint)",
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
    add_binding_option(parser)
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
        "--lex",
        action="append",
        default=[],
        metavar="BLOCK=INTENT[,slot=value]",
        help="the intent (and slots) the bot of Lex block BLOCK returns; repeat for its next "
        "visits (unscripted: FallbackIntent)",
    )
    parser.add_argument(
        "--view",
        action="append",
        default=[],
        metavar="BLOCK=ACTION[,key=value]",
        help="the action chosen in Show view block BLOCK, with its result data "
        "(unscripted: nobody acts before its time limit)",
    )
    parser.add_argument(
        "--percent",
        action="append",
        default=[],
        metavar="BLOCK=N",
        help="the number (1-100) Distribute by percentage block BLOCK draws",
    )
    parser.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="BLOCK=VALUE[,key=value]",
        help="the result of a Check Voice ID, Wait, Check call progress, Customer profiles or "
        "Cases block (e.g. Authenticated, CustomerReturned, VoicemailBeep, Found,FirstName=Ana)",
    )
    parser.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a real-time queue metric, e.g. NumberOfAgentsOnline=0 or Queue.Size=12",
    )
    parser.add_argument(
        "--seed", type=int, help="seed of the random draws (Distribute by percentage)"
    )
    parser.add_argument(
        "--flow-dir",
        type=Path,
        help="folder of the flows that Transfer to flow and the modules Invoke module may go to",
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
        simulator = Simulator(
            document.content,
            args.flow,
            wrapper_type=document.flow_type,
            flow_type=_requested_type(args.flow_type, document),
        )
        contact, options = _setup(args)
        script = _script(args, simulator, contact, options)  # checks --lambda's names first
        functions = bindings_from_options(args.bindings)
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
            out.write(render_transcript(result, default_phone=args.phone is None))
        out.flush()
    called = [i.function for i in result.invocations if not i.mocked]
    rebound = [parse_binding(text)[0] for text in args.bindings]
    unconfigured = unset_environment(called, rebound)
    for line in unconfigured:  # after the function's own log lines, so it is not lost in them
        print(f"simulate: {line}", file=sys.stderr)
    return 1 if result.ended is Ended.STOPPED or unconfigured else 0


def _requested_type(text: str | None, document: FlowDocument) -> str | None:
    """The ContactFlowType ``--flow-type`` names (None when not given); a name that is no flow
    type, or a type other than the one the file declares, is bad input."""
    if text is None:
        return None
    flow_type = parse_flow_type(text)
    if flow_type is None:
        raise UsageError(
            f"--flow-type {text!r} is not a flow type; expected one of {', '.join(FLOW_TYPES)}"
        )
    declared = declared_flow_type(document.content, document.flow_type)
    if "Settings" not in document.content and declared.flow_type not in (None, flow_type):
        raise UsageError(
            f"--flow-type {flow_type}: {document.source} declares {declared.flow_type} (its "
            f"{declared.source} says {json.dumps(declared.value)}); drop the option or fix the "
            "file"
        )
    return flow_type


def _setup(args: argparse.Namespace) -> tuple[ContactSetup, SimulationOptions]:
    if args.max_steps < 1:
        raise UsageError(f"--max-steps {args.max_steps}: expected a positive number")
    if args.function_timeout is not None and not 0 < args.function_timeout < math.inf:
        raise UsageError(f"--function-timeout {args.function_timeout}: expected seconds above 0")
    if args.flow_dir is not None and not args.flow_dir.is_dir():
        raise UsageError(f"--flow-dir {str(args.flow_dir)!r}: not a folder")
    contact = ContactSetup(
        phone=DEFAULT_PHONE if args.phone is None else (args.phone or None),
        channel=args.channel,
        attributes=pairs(args.attribute, "--attribute"),
        parameters=pairs(args.param, "--param"),
        queue_names=_known_queue_names(),
    )
    options = SimulationOptions(
        max_steps=args.max_steps,
        function_timeout_seconds=args.function_timeout,
        flow_dir=args.flow_dir,
        seed=args.seed,
    )
    return contact, options


def _script(
    args: argparse.Namespace,
    simulator: Simulator,
    contact: ContactSetup,
    options: SimulationOptions,
) -> Script:
    """The scripting options, checked against the flow and the flows of ``--flow-dir``."""
    library = FlowLibrary.for_folder(options.flow_dir)
    others = library.flows() if library is not None else []
    flows = Flows([simulator.flow, *others], contact.queue_names)
    check_bindings(args.bindings, flows)
    check_function_endpoints(flows)
    return build_script(args, flows)


def _known_queue_names() -> dict[str, str]:
    """The project's queue names by ARN (``[tool.flows.queue-names]``), so that the transcript
    says "Priority" where the flow's own metadata names no queue."""
    return dict(load_config().queue_names)
