"""`make bench` / `python -m bench [NAME...]`: run the benchmarks and print their figures.

Each benchmark is a module of this package with a ``main() -> None`` that prints what it measured
(medians, percentiles and ratios against the stated targets). These are measurements, not tests:
they never fail the build; read the figures. What each prints is also written, with the date, the
machine and its load, to ``bench/figures/NAME.md`` (:mod:`bench.record`), which the documentation
includes.
"""

from __future__ import annotations

import importlib
import sys
import time

from bench.record import recorded

BENCHMARKS = {
    "lookup": "bench.lookup",  # the customer-lookup function
    "validator": "bench.validator",  # the flow validator
    "pictures": "bench.pictures",  # layout and pictures of a 250-action flow
    "simulator": "bench.simulator",  # the local contact simulator
    "adoption": "bench.adoption",  # import and diff of a 250-action flow
    "testcases": "bench.testcases",  # the flow's Amazon Connect test cases run locally
    "promotion": "bench.promotion",  # pull and adopt of 500 flows, adopt and render of 250 actions
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; expected any of {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        with recorded(name):
            importlib.import_module(BENCHMARKS[name]).main()
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
