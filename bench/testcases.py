"""Benchmark of the flow's own Amazon Connect test cases run on the simulator.

Median time per shipped test case (flows/testcases/customer_lookup/*.json) run locally: reading
the case file and running it through the generated customer-lookup flow (indexed once, as
``python -m flows test`` does for several cases), to its verdict. Target: under 20 ms per case.

What it is compared with: a run in an instance. The only timing a third party published for live
runs of cases whose flow calls a Lambda function and checks hours of operation, as these do, is
"150+ seconds stuck in IN_PROGRESS" (repository Richard1007/claude-connect-skills, commit
604d9ba, skills/ivr-test-execution/native-test-api.md, "When NOT to Use"), polled every 5 s; at
most 5 run at once per instance (../shared/reference/connect-testing.md, "Limits").
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from flows.customer_lookup.cases import TESTCASES_DIR
from flows.customer_lookup.generate import GENERATED_DIR
from flows.model.document import load_flow_document
from flows.simulator import FunctionBindings, Simulator
from flows.testing import load_test_case
from flows.testing.runner import run_test_case
from scripts.command_line import counted

TARGET_MS = 20.0
ROUNDS = 60
LIVE_SECONDS = 150  # the third party's figure for a live run (see the module docstring)


def _one(simulator: Simulator, path: Path) -> tuple[float, float, bool]:
    """(wall ms, CPU ms, passed) of reading and running one case."""
    wall, cpu = time.perf_counter(), time.process_time()
    run = run_test_case(simulator, load_test_case(path).case, functions=FunctionBindings())
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, run.passed


def main() -> None:
    cases = sorted(TESTCASES_DIR.glob("*.json"))
    simulator = Simulator(load_flow_document(GENERATED_DIR / "customer_lookup.json").content)
    for path in cases:  # warm: imports, the worker pool, the first parse
        _one(simulator, path)
    wall: list[float] = []
    cpu: list[float] = []
    per_case: dict[str, list[float]] = {path.stem: [] for path in cases}
    failures = 0
    for _ in range(ROUNDS):
        for path in cases:
            took, cpu_took, passed = _one(simulator, path)
            wall.append(took)
            cpu.append(cpu_took)
            per_case[path.stem].append(took)
            failures += not passed
    median = statistics.median(wall)
    p90 = statistics.quantiles(wall, n=10)[-1]
    load = os.getloadavg()[0]
    print(
        f"{counted(len(cases), 'shipped case')} x {counted(ROUNDS, 'round')}: "
        f"median {median:.2f} ms per case "
        f"(p90 {p90:.2f} ms), CPU time median {statistics.median(cpu):.2f} ms; "
        f"target < {TARGET_MS:g} ms: {'met' if median < TARGET_MS else 'NOT met'}; "
        f"load average {load:.1f}; {failures} failed runs"
    )
    for name, times in per_case.items():
        print(f"  {name:<16} median {statistics.median(times):.2f} ms")
    print(
        f"a live run in an instance: {LIVE_SECONDS}+ s reported for such flows (third party), "
        f"about {LIVE_SECONDS * 1000 / median:,.0f} times the local median"
    )
