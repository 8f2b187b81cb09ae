"""`python -m flows coverage FLOW RUNS...`: which transitions of FLOW the recorded runs took.

RUNS are files written by ``python -m flows simulate FLOW --json`` (``-`` reads standard input);
a file may hold one run, a JSON array of runs, or several runs one after another. Exit status:
0, or 1 when ``--fail-under`` is given and coverage is below it; 2 for unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from flows.command_line import TextFileError, counted, read_text_file
from flows.model.document import FlowDocumentError, load_flow_document
from flows.simulator.coverage import CoverageReport, RunShapeError, measure_coverage
from flows.simulator.flow_index import FlowShapeError, IndexedFlow


class RunsError(ValueError):
    """A runs file that cannot be read; the message names it."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", metavar="FLOW", help="the flow file the runs went through")
    parser.add_argument(
        "runs", metavar="RUNS", nargs="+", help="files of `simulate --json` output ('-': stdin)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--fail-under",
        type=float,
        metavar="PERCENT",
        help="exit 1 when less than PERCENT of the transitions were taken",
    )


def run(args: argparse.Namespace) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        print(
            f"coverage: --fail-under {args.fail_under:g}: expected a percentage from 0 to 100",
            file=sys.stderr,
        )
        return 2
    try:
        document = load_flow_document(args.flow)
        flow = IndexedFlow(document.content, args.flow)
        runs = [r for name in args.runs for r in _read_runs(name)]
        report = measure_coverage(flow, runs)
    except (FlowDocumentError, FlowShapeError, RunsError, RunShapeError) as exc:
        print(f"coverage: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_report(report, flow), end="")
    if args.fail_under is not None and report.percent < args.fail_under:
        return 1
    return 0


def render_report(report: CoverageReport, flow: IndexedFlow) -> str:
    transitions = counted(len(report.transitions), "transition")
    runs = counted(report.runs, "run")
    lines = [
        f"{report.source}: {len(report.taken)} of {transitions} taken ({report.percent:.0f}%) "
        f"over {report.matching_runs} of {runs}"
    ]
    if report.only_assumed:
        lines.append(
            f"  {len(report.only_assumed)} of them taken only on steps whose outcome the "
            "simulator assumed (script them to make them real)"
        )
    if report.runs and not report.matching_runs:
        lines.append(
            "  none of the runs went through this flow as it is now "
            "(recorded on another flow, or before it changed?)"
        )
    width = max((len(str(c)) for c in report.counts.values()), default=1)
    for title, rows in (("not taken", report.missed), ("taken", report.taken)):
        if not rows:
            continue
        lines.append(f"{title}:")
        for t in rows:
            action = flow.actions[t.action]
            target = t.target if t.target is not None else "(leaves the flow)"
            count = report.counts.get(t, 0)
            assumed = report.assumed_counts.get(t, 0)
            note = f"  ({assumed} assumed)" if assumed else ""
            lines.append(
                f"  {count:>{width}}  {action.console_name} [{t.action}] --{t.label}--> {target}"
                f"{note}"
            )
    return "\n".join(lines) + "\n"


def _read_runs(name: str) -> Iterator[Any]:
    expected = "a file of `python -m flows simulate --json` output"
    try:
        text = (
            sys.stdin.read().removeprefix("\ufeff")
            if name == "-"
            else read_text_file(name, expected=expected)
        )
    except TextFileError as exc:
        raise RunsError(str(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:  # standard input
        raise RunsError(f"standard input: cannot read the runs: {exc}") from exc
    decoder = json.JSONDecoder()
    position = 0
    found = False
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise RunsError(
                f"{name}: not JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
                "expected the output of `python -m flows simulate --json`"
            ) from exc
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                raise RunsError(f"{name}: expected runs (JSON objects), found {item!r:.40}")
            found = True
            yield item
    if not found:
        raise RunsError(f"{name}: no runs in the file")
