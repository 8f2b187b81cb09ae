"""Import and diff of a 250-action flow. `python -m bench adoption`.

The flow is the validator benchmark's generated 250-action flow (the language's maximum), with
the designer's positions added as a console export has them. Targets: median under 100 ms each.

- import: the export's text to the module's text (parse, plan with the builder's check of every
  block, write the module);
- diff: the flow against a simulated console re-export of itself (every Identifier renamed, the
  actions and error branches shuffled, a third of the blocks moved), the hardest case for the
  pairing, since no block pairs by Identifier; and against itself, where every block does.

Each figure is wall-clock time, with the CPU time of the same runs beside it: on a machine
shared with other work the wall clock also counts the time spent waiting for a core, and the
load average printed first says how busy the machine was.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from bench.validator import figures, generated_flow, timings_ms
from flows.adopt.diff import diff_flows
from flows.adopt.import_module import module_text
from flows.adopt.import_plan import plan_import
from flows.model.document import parse_flow_text
from flows.model.layout import layout_metadata

TARGET_MS = 100.0
RUNS = 30


def exported_flow() -> dict[str, Any]:
    """The generated flow with the console's layout metadata, as an export has it."""
    content = generated_flow()
    content["Metadata"] = layout_metadata(content)
    return content


def reexported(content: dict[str, Any], seed: int = 7) -> dict[str, Any]:
    """The flow as a console re-export gives it: new Identifiers, new order, some blocks moved."""
    rng = random.Random(seed)
    renamed = {
        a["Identifier"]: str(uuid.UUID(int=rng.getrandbits(128), version=4))
        for a in content["Actions"]
    }
    text = json.dumps(content)
    for old, new in renamed.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    flow: dict[str, Any] = json.loads(text)
    for action in flow["Actions"]:
        errors = action.get("Transitions", {}).get("Errors")
        if isinstance(errors, list):
            rng.shuffle(errors)
    for index, entry in enumerate(flow["Metadata"]["ActionMetadata"].values()):
        if index % 3 == 0:
            entry["position"]["x"] += 40
    rng.shuffle(flow["Actions"])
    return flow


def main() -> None:
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    content = exported_flow()
    text = json.dumps(content, indent=2)
    count = len(content["Actions"])

    def import_flow() -> str:
        return module_text(plan_import(parse_flow_text(text, source="generated.json")))

    module = import_flow()
    print(f"import: {count} actions, {len(text):,} characters in, {len(module):,} characters out")
    _report(f"import, {RUNS} runs", import_flow)

    again = reexported(content)
    diff = diff_flows(content, again)
    print(
        f"diff against a re-export: same behaviour {diff.same_behaviour}, "
        f"{diff.renamed} renamed, {diff.moved} moved"
    )
    _report(f"diff (re-export), {RUNS} runs", lambda: diff_flows(content, again))
    _report(f"diff (itself), {RUNS} runs", lambda: diff_flows(content, content))


def _report(what: str, work: Callable[[], object]) -> None:
    cpu: list[float] = []

    def timed() -> None:
        started = time.process_time()
        work()
        cpu.append((time.process_time() - started) * 1000)

    timings = timings_ms(timed, RUNS)
    verdict = "meets" if statistics.median(timings) < TARGET_MS else "MISSES"
    print(
        f"{what}: {figures(timings)}; CPU median {statistics.median(cpu[1:]):.2f} ms "
        f"({verdict} the {TARGET_MS:.0f} ms target)"
    )
