"""`python -m flows generate [--check]` (`make flows`): the committed flows/generated/ files
and the flow's own test cases.

Writes the customer-lookup flow built with the sandbox settings as a console-shaped export
(``customer_lookup.json``, importable in the console designer) and its picture
(``customer_lookup.svg``), so that a change to the flow shows up in review as a diff of both;
and the flow's Amazon Connect test cases (:mod:`flows.customer_lookup.cases`, one per route and
one for a full queue) to ``flows/testcases/customer_lookup/`` (``--cases-out``), each run on the
simulator against the flow first: a case that does not pass is never written (exit 1). The
folder's ``generated.txt`` lists the cases written, so that the case of a route taken out of the
routing table is removed; other files in that folder (cases written by hand) are left alone.
``--check`` writes nothing and exits 1, naming the file, when a committed file differs from what
would be generated or is a case that would be removed (the test suite runs the same check). A
flow with validator errors is never written (exit 1). A mistake in the routing table
(flows/customer_lookup/routing.py), or a route that no customer of data/sample_customers.jsonl
takes (``--customers``), is one line naming the route and what to do, exit 2, and nothing is
written.

Each case calls as a customer who takes its route, found by calling every sample customer
through the flow against the real function and a seeded local table
(:mod:`flows.customer_lookup.callers`); the cases' numbers and the function's answers come from
there, so a routing change is made in the routing table alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from flows.customer_lookup.callers import SAMPLE_CUSTOMERS
from flows.customer_lookup.cases import (
    GENERATED_LIST,
    TESTCASES_DIR,
    generated_list_text,
    listed_cases,
)

if TYPE_CHECKING:
    from flows.customer_lookup.routing import RoutingTable

GENERATED_DIR = Path(__file__).resolve().parents[1] / "generated"


def generated_files(table: RoutingTable | None = None) -> dict[str, str]:
    """File name -> text, for every file of flows/generated/ (deterministic).

    ``table``: the routing table to build with (default: flows.customer_lookup.routing's, read at
    call time).
    """
    from flows.customer_lookup import routing
    from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
    from flows.pictures.diagram import render_svg
    from flows.validator import has_errors, validate_content

    table = routing.ROUTING_TABLE if table is None else table
    flow = build_customer_lookup_flow(sandbox_settings(table), table)
    content = flow.to_dict()
    findings = validate_content(content)
    if has_errors(findings):
        lines = "; ".join(f"{f.identifier}: {f.code}: {f.message}" for f in findings)
        raise GenerateError(f"the customer-lookup flow has validator errors: {lines}")
    return {
        "customer_lookup.json": flow.to_content(indent=2) + "\n",
        "customer_lookup.svg": render_svg(content, findings),  # ends with a newline
    }


def generated_test_cases(
    table: RoutingTable | None = None, customers: Path = SAMPLE_CUSTOMERS
) -> dict[str, str]:
    """File name -> text, for every test case of flows/testcases/customer_lookup/ that
    ``generate`` writes (deterministic), each one calling as a customer of ``customers`` who
    takes its route and checked to pass on the flow built from the same routing table (default:
    flows.customer_lookup.routing's, read at call time)."""
    from flows.customer_lookup import routing
    from flows.customer_lookup.callers import find_test_callers
    from flows.customer_lookup.cases import TestCaller, customer_lookup_test_cases
    from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
    from flows.simulator import FunctionBindings, Simulator
    from flows.testing.runner import run_test_case
    from flows.testing.serialize import case_file_json

    table = routing.ROUTING_TABLE if table is None else table
    settings = sandbox_settings(table)
    simulator = Simulator(build_customer_lookup_flow(settings, table).to_dict())
    # A failure names the queues as the routing table does, not by their sandbox ids.
    queue_names = {arn: name for name, arn in settings.queue_arns.items()}
    callers = {
        reason: TestCaller(_source_number(found.phone), found.answer, found.who)
        for reason, found in find_test_callers(table, customers).items()
    }
    files: dict[str, str] = {}
    for name, case in customer_lookup_test_cases(callers, table).items():
        # Only the mocks answer: an unmocked function is unbound and fails the case.
        run = run_test_case(simulator, case, functions=FunctionBindings(), queue_names=queue_names)
        if not run.passed:
            raise GenerateError(
                f"test case {case.name} does not pass on the customer-lookup flow: "
                f"{run.verdict.reason}"
            )
        files[name] = case_file_json(case)
    return files


def _source_number(phone: str | None) -> str | None:
    """The caller's number as a test case's SourcePhoneNumber: E.164, or none for a withheld
    number (the case mocks the function's answer, so nothing reads it)."""
    return phone if phone and phone.startswith("+") else None


class GenerateError(RuntimeError):
    """A generated flow that must not be written; the message says why."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 naming each file that differs from what would be generated",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=GENERATED_DIR,
        help=f"directory to write or check (default: {GENERATED_DIR})",
    )
    parser.add_argument(
        "--customers",
        type=Path,
        default=SAMPLE_CUSTOMERS,
        help="the customers the test callers are found among, JSON Lines or CSV as "
        f"scripts/seed_customers.py reads them (default: {SAMPLE_CUSTOMERS})",
    )
    parser.add_argument(
        "--cases-out",
        type=Path,
        default=TESTCASES_DIR,
        help=f"directory of the flow's test cases to write or check (default: {TESTCASES_DIR})",
    )


def run(args: argparse.Namespace) -> int:
    from flows.customer_lookup.callers import NoCallerError
    from flows.customer_lookup.cases import TestCaseGenerationError
    from flows.customer_lookup.flow import FlowSettingsError
    from flows.model.builder import FlowBuildError
    from scripts.seed_customers import SeedError

    try:
        flow_files = generated_files()
        cases = generated_test_cases(customers=args.customers)
    except (
        FlowBuildError,
        FlowSettingsError,
        TestCaseGenerationError,
        NoCallerError,
        SeedError,
    ) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    except GenerateError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    outputs = [
        (args.out, flow_files),
        (args.cases_out, {**cases, GENERATED_LIST: generated_list_text(cases)}),
    ]
    # Cases written before (the folder's list) that no route of the table has now.
    removed = [
        args.cases_out / name
        for name in listed_cases(args.cases_out)
        if name not in cases and (args.cases_out / name).is_file()
    ]
    if args.check:
        stale = [
            out / name
            for out, files in outputs
            for name, text in files.items()
            if _read(out / name) != text
        ]
        for path in stale:
            print(f"generate: {path} is stale; run `make flows` and commit it", file=sys.stderr)
        for path in removed:
            print(
                f"generate: {path} is the case of a route no longer in the routing table; run "
                "`make flows` and commit its removal",
                file=sys.stderr,
            )
        if not stale and not removed:
            print(f"generate: {', '.join(str(out) for out, _ in outputs)} up to date")
        return 1 if stale or removed else 0
    for out, files in outputs:
        try:
            _write(out, files)
        except OSError as exc:
            print(f"generate: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    for path in removed:
        try:
            path.unlink()
        except OSError as exc:
            print(f"generate: cannot remove {path}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"generate: removed {path} (its route is no longer in the routing table)")
    return 0


def _write(out: Path, files: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = out / name
        if _read(path) != text:
            path.write_bytes(text.encode("utf-8"))
            print(f"generate: wrote {path}")
        else:
            print(f"generate: {path} unchanged")


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")  # exact bytes: no newline translation
    except (OSError, UnicodeDecodeError):
        return None
