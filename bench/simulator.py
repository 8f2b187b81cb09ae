"""Benchmark of the local contact simulator.

Simulated contacts per second through the customer-lookup flow (flows/generated/
customer_lookup.json) with an in-process stand-in for the lookup function, so the figure is the
simulator's own cost: the Lambda call still runs in a worker thread with its context, its event
and Connect's response check, as in every simulated contact. Callers rotate over every route of
the routing table. Target: at least 5,000 contacts per second on one core. Then the same with an
observer that receives every event (what a test-case runner adds), and the simulator's time per
action type (median over all the blocks of that type run).
"""

from __future__ import annotations

import os
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.model.document import load_flow_document
from flows.simulator import (
    ContactSetup,
    FunctionBindings,
    Observer,
    RunControl,
    RunEvent,
    Script,
    SimulationResult,
    Simulator,
)

TARGET_PER_SECOND = 5_000
CONTACTS_PER_RUN = 2_000
RUNS = 7
FLOW_FILE = Path(__file__).resolve().parents[1] / "flows" / "generated" / "customer_lookup.json"

_FOUND = {
    "lookupStatus": "FOUND",
    "errorCode": "",
    "customerId": "C-1",
    "firstName": "Ana",
    "lastName": "Silva",
    "fullName": "Ana Silva",
    "membershipStatus": "SILVER",
    "preferredLanguage": "en-US",
    "hasOpenCase": "false",
    "openCaseId": "",
}
# One answer per route of the routing table, by the caller's number.
ANSWERS: dict[str, dict[str, str]] = {
    "+14155550100": {**_FOUND, "membershipStatus": "GOLD"},
    "+14155550101": _FOUND,
    "+14155550102": {**_FOUND, "hasOpenCase": "true", "openCaseId": "CASE-1"},
    "+14155550103": {**_FOUND, "preferredLanguage": "es-MX"},
    "+14155559999": {**_FOUND, "lookupStatus": "NOT_FOUND", "customerId": "", "firstName": ""},
    "+14155550666": {**_FOUND, "lookupStatus": "ERROR", "errorCode": "DEPENDENCY_UNAVAILABLE"},
}
CALLERS = [ContactSetup(phone=phone) for phone in ANSWERS]


def stand_in(event: dict[str, Any], context: Any) -> dict[str, str]:
    """The lookup function's contract without the table: a flat string map per caller."""
    return ANSWERS[event["Details"]["Parameters"]["phoneNumber"]]


def _run_contacts(
    simulator: Simulator,
    functions: FunctionBindings,
    count: int,
    observer: Observer | None = None,
) -> list[SimulationResult]:
    script = Script()
    results = []
    for i in range(count):
        caller = CALLERS[i % len(CALLERS)]
        results.append(simulator.run(caller, functions, script, observer=observer))
    return results


class _EventCounter:
    """An observer that only counts what it is shown."""

    def __init__(self) -> None:
        self.events = 0

    def __call__(self, event: RunEvent, control: RunControl) -> None:
        self.events += 1


@contextmanager
def _one_core() -> Iterator[str]:
    """Pin the process (the contact loop and the function's worker thread) to one CPU."""
    if not hasattr(os, "sched_setaffinity"):
        yield "not pinned: this platform cannot"
        return
    before = os.sched_getaffinity(0)
    core = min(before)
    os.sched_setaffinity(0, {core})
    try:
        yield f"pinned to CPU {core}"
    finally:
        os.sched_setaffinity(0, before)


def main() -> None:
    with _one_core() as pinning:
        _measure(pinning)


def _measure(pinning: str) -> None:
    content = load_flow_document(FLOW_FILE).content
    simulator = Simulator(content, str(FLOW_FILE))
    functions = FunctionBindings({"customer-lookup-dev": stand_in})
    _run_contacts(simulator, functions, 200)  # warm up: worker thread, caches

    rates: list[float] = []
    per_type: dict[str, list[int]] = defaultdict(list)
    steps_per_contact: list[int] = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = _run_contacts(simulator, functions, CONTACTS_PER_RUN)
        rates.append(CONTACTS_PER_RUN / (time.perf_counter() - started))
        for result in results:
            steps_per_contact.append(len(result.steps))
            for step in result.steps:
                per_type[step.type].append(step.duration_ns)

    observed_rates: list[float] = []
    counter = _EventCounter()
    for _ in range(RUNS):
        started = time.perf_counter()
        _run_contacts(simulator, functions, CONTACTS_PER_RUN, counter)
        observed_rates.append(CONTACTS_PER_RUN / (time.perf_counter() - started))

    rate = statistics.median(rates)
    verdict = "meets" if rate >= TARGET_PER_SECOND else "MISSES"
    print(f"flow: {FLOW_FILE.name} ({len(simulator.flow.actions)} actions); {pinning}")
    print(
        f"contacts per second: median {rate:,.0f} over {RUNS} runs of {CONTACTS_PER_RUN:,} "
        f"(min {min(rates):,.0f}, max {max(rates):,.0f}); {verdict} the target of "
        f"{TARGET_PER_SECOND:,}"
    )
    print(
        f"per contact: median {1e6 / rate:,.0f} us, "
        f"{statistics.median(steps_per_contact):.0f} blocks"
    )
    observed = statistics.median(observed_rates)
    print(
        f"with an observer of every event: median {observed:,.0f} contacts per second "
        f"(ratio {observed / rate:.2f}; {counter.events / (RUNS * CONTACTS_PER_RUN):.0f} events "
        "per contact)"
    )
    print("time per action (median, microseconds):")
    for action_type, durations in sorted(
        per_type.items(), key=lambda item: -statistics.median(item[1])
    ):
        print(
            f"  {action_type:<32} {statistics.median(durations) / 1000:8.1f}"
            f"   ({len(durations):,} runs)"
        )


if __name__ == "__main__":
    main()
