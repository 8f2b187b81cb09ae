"""`python -m flows test FLOW CASE... [--phone E164] [--lambda NAME=module:function]
[--flow-dir DIR] [--json] [--junit FILE]`: run Amazon Connect test cases on the simulator.

Each CASE (a test case file: bare content or the DescribeTestCase shape) runs as one simulated
contact through FLOW (:mod:`flows.testing.runner`). Output, one line per case::

    PASSED  STANDARD  flows/testcases/customer_lookup/standard.json
    FAILED  CLOSED  closed.json: observation 'greeting', action 'greeting-check': expected ...

then, indented under it, the values LogData logged (``log: label: value``) and any further
failures (``also: ...``), and a summary line (``8 cases: 8 passed, 0 failed``). ``--json``
prints one object instead: ``flow``, ``cases`` (each with ``name``, ``file``, ``status``,
``reason``, ``ended``, ``summary``, ``failures``, ``logs``, ``events``, ``notes``, ``warnings``,
``duration_ms``) and ``summary`` (``cases``, ``passed``, ``failed``). ``--junit FILE`` also
writes a JUnit XML report (one testcase per case). Warnings about forms the live service
refused go to stderr, one line each (``PATH: warning: ...``), as do the functions' own log
lines, and one line for each function that ran without an environment variable the project's
``[tool.flows.function-environment]`` says it needs (``test: warning: NAME ran without ...``;
the cases' verdicts still decide the exit status).

``--phone`` replaces every case's SourcePhoneNumber; ``--lambda`` binds a function that no
override mocks (the project's ``[tool.flows.functions]`` binds its own, run with the shell's
environment, as in ``simulate``); ``--flow-dir`` holds the flows Transfer to flow continues in
and the modules Invoke module runs.

Exit status: 0 when every case passed, 1 when any failed, 2 for bad input (an unreadable flow
or case, a malformed option, a --lambda target that does not load, a --junit file that cannot be
written), reported in one line and with nothing run or written.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from flows.command_line import counted
from flows.config import load_config
from flows.model.document import FlowDocumentError, load_flow_document
from flows.simulator import (
    BindingError,
    FlowShapeError,
    FunctionBindings,
    SimulationOptions,
    Simulator,
)
from flows.simulator.flow_library import FlowLibrary
from flows.simulator.functions import (
    add_binding_option,
    bindings_from_options,
    parse_binding,
    unset_environment,
)
from flows.simulator.script_options import (
    Flows,
    UsageError,
    check_bindings,
    check_function_endpoints,
)
from flows.testing.junit import JUnitCase, write_junit
from flows.testing.loader import LoadedTestCase, TestCaseLoadError, load_test_case
from flows.testing.model import OverrideSystemBehavior, SubstituteResource
from flows.testing.runner import CaseRun, run_test_case
from flows.testing.verdict import verdict_json

PROG = "test"
E164 = re.compile(r"^\+[1-9]\d{1,14}$")  # the form SourcePhoneNumber takes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", metavar="FLOW", help="the flow the cases call into")
    parser.add_argument("cases", metavar="CASE", nargs="+", help="test case files")
    parser.add_argument(
        "--phone",
        metavar="E164",
        help="the caller's number for every case (replaces each case's SourcePhoneNumber)",
    )
    add_binding_option(parser)
    parser.add_argument(
        "--flow-dir",
        type=Path,
        metavar="DIR",
        help="folder of the flows that Transfer to flow and the modules Invoke module may go to",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="also write a JUnit XML report")


def run(args: argparse.Namespace) -> int:
    try:
        simulator, loaded, functions, options = _inputs(args)
    except (FlowDocumentError, FlowShapeError, TestCaseLoadError, BindingError, UsageError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    for case in loaded:
        for line in case.warning_lines():
            print(f"{PROG}: {line}", file=sys.stderr)
    queue_names = load_config().queue_names  # for $.Queue.Name, beside the flow's metadata
    with contextlib.redirect_stdout(sys.stderr):  # the functions' own log lines
        runs = [
            run_test_case(
                simulator,
                case.case,
                source=case.path,
                phone=args.phone,
                functions=functions,
                options=options,
                queue_names=queue_names,
            )
            for case in loaded
        ]
    called = [i.function for r in runs for i in r.result.invocations if not i.mocked]
    rebound = [parse_binding(text)[0] for text in args.bindings]
    for line in unset_environment(called, rebound):  # a warning: the cases' verdicts decide
        print(f"{PROG}: warning: {line}", file=sys.stderr)
    if args.junit is not None:
        try:
            write_junit(args.junit, f"{PROG} {args.flow}", [_junit_case(r) for r in runs])
        except OSError as exc:
            print(
                f"{PROG}: cannot write --junit {str(args.junit)!r}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 2
    if args.json:
        print(json.dumps(_json(args.flow, runs, loaded), indent=2, ensure_ascii=False))
    else:
        print("\n".join(report_lines(runs)))
    return 0 if all(r.passed for r in runs) else 1


def _inputs(
    args: argparse.Namespace,
) -> tuple[Simulator, list[LoadedTestCase], FunctionBindings, SimulationOptions]:
    if args.phone is not None and not E164.match(args.phone):
        raise UsageError(f"--phone {args.phone!r}: expected an E.164 number such as +14155550100")
    if args.flow_dir is not None and not args.flow_dir.is_dir():
        raise UsageError(f"--flow-dir {str(args.flow_dir)!r}: not a folder")
    if args.junit is not None and not args.junit.parent.resolve().is_dir():
        raise UsageError(
            f"--junit {str(args.junit)!r}: the folder {str(args.junit.parent)!r} does not exist"
        )
    document = load_flow_document(args.flow)
    simulator = Simulator(document.content, args.flow)
    loaded = [load_test_case(path) for path in args.cases]
    library = FlowLibrary.for_folder(args.flow_dir)
    flows = Flows([simulator.flow, *(library.flows() if library else [])], {})
    check_bindings(args.bindings, flows, _substituted_functions(loaded))
    check_function_endpoints(flows)
    functions = bindings_from_options(args.bindings)
    return simulator, loaded, functions, SimulationOptions(flow_dir=args.flow_dir)


def _substituted_functions(loaded: list[LoadedTestCase]) -> list[str]:
    """The functions the cases call in place of the flow's (SubstituteResource overrides)."""
    return [
        action.strategy.substitute_arn
        for case in loaded
        for observation in case.case.content.observations
        for action in observation.actions
        if isinstance(action, OverrideSystemBehavior)
        and action.action_type == "InvokeLambdaFunction"
        and isinstance(action.strategy, SubstituteResource)
    ]


def report_lines(runs: list[CaseRun]) -> list[str]:
    """The text report: a line per case (details indented under it), then the summary."""
    lines: list[str] = []
    for case in runs:
        verdict = case.verdict
        line = f"{verdict.status}  {case.name}  {case.source}"
        lines.append(line if verdict.passed else f"{line}: {verdict.reason}")
        lines.extend(f"    log: {entry}" for entry in verdict.logs)
        lines.extend(f"    also: {failure}" for failure in verdict.failures[1:])
    passed = sum(case.passed for case in runs)
    lines.append(f"{counted(len(runs), 'case')}: {passed} passed, {len(runs) - passed} failed")
    return lines


def _json(flow: str, runs: list[CaseRun], loaded: list[LoadedTestCase]) -> dict[str, Any]:
    cases = []
    for case, source in zip(runs, loaded, strict=True):
        verdict = verdict_json(case.verdict)
        cases.append(
            {
                "name": case.name,
                "file": case.source,
                "status": verdict["status"],
                "reason": case.verdict.reason,
                "ended": case.ended,
                "summary": verdict["summary"],
                "failures": verdict["failures"],
                "logs": verdict["logs"],
                "events": list(case.events),
                "notes": list(case.notes),
                "warnings": list(source.warnings),
                "duration_ms": round(case.seconds * 1000, 3),
            }
        )
    passed = sum(case.passed for case in runs)
    summary = {"cases": len(runs), "passed": passed, "failed": len(runs) - passed}
    return {"flow": flow, "cases": cases, "summary": summary}


def _junit_case(case: CaseRun) -> JUnitCase:
    return JUnitCase(
        name=case.name,
        passed=case.passed,
        seconds=case.seconds,
        message=case.verdict.reason,
        details="\n".join(str(failure) for failure in case.verdict.failures),
        output="\n".join(case.verdict.logs),
    )
