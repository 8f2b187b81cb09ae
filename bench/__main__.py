"""`make bench` / `python -m bench [NAME...]`: run the benchmarks and print their figures.

Each benchmark is a module of this package with a ``main() -> None`` that prints what it measured
(medians, percentiles and ratios against the stated targets). These are measurements, not tests:
they never fail the build; read the figures. What each prints is also written, with the date, the
machine and its load, to ``bench/figures/NAME.md`` (:mod:`bench.record`), which the documentation
includes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from bench.record import recorded
from scripts.command_line import OneLineParser, run_main

PROG = "bench"
BENCHMARKS = {
    "lookup": "the customer-lookup function",
    "validator": "the flow validator",
    "pictures": "layout and pictures of a 250-action flow",
    "simulator": "the local contact simulator",
    "adoption": "import and diff of a 250-action flow",
    "testcases": "the flow's Amazon Connect test cases run locally",
    "promotion": "pull and adopt of 500 flows, adopt and render of a 250-action flow",
}


def build_parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {name:<11} {what}" for name, what in BENCHMARKS.items())
    parser = OneLineParser(
        prog="python -m bench",
        description="Run the benchmarks and print their figures (all of them when none is named).",
        epilog=f"benchmarks:\n{listing}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="a benchmark to run (see below)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(
            f"unknown benchmark{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"expected any of {', '.join(BENCHMARKS)}"
        )
    for name in args.names or list(BENCHMARKS):
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        with recorded(name):
            importlib.import_module(f"bench.{name}").main()
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main, sys.argv[1:]))
