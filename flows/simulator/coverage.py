"""Branch coverage: which transitions of a flow a set of simulated contacts took, and which not.

A transition is (action, branch label, target): "Success", an error type, or a condition such as
"Equals GOLD" (see :meth:`IndexedAction.transitions`). Runs are matched to the flow by its
fingerprint, so runs recorded on another flow, or on an older version of this one, are not
counted as covering it. Each count also says how many of those takes were on a step where the
simulator assumed the outcome (a default, not something real or scripted), so a transition
covered only by assumptions shows as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.simulator.flow_index import IndexedFlow, Transition
from flows.simulator.result import SimulationResult

Run = SimulationResult | Mapping[str, Any]


class RunShapeError(ValueError):
    """A recorded run that is not the ``simulate --json`` shape."""


@dataclass(frozen=True)
class CoverageReport:
    source: str
    fingerprint: str
    runs: int
    matching_runs: int  # runs that went through this flow (same fingerprint)
    transitions: tuple[Transition, ...]
    counts: Mapping[Transition, int]
    assumed_counts: Mapping[Transition, int] = field(default_factory=dict)

    @property
    def taken(self) -> list[Transition]:
        return [t for t in self.transitions if self.counts.get(t, 0)]

    @property
    def missed(self) -> list[Transition]:
        return [t for t in self.transitions if not self.counts.get(t, 0)]

    @property
    def only_assumed(self) -> list[Transition]:
        """Transitions taken, but only ever on steps whose outcome the simulator assumed."""
        return [t for t in self.taken if self.assumed_counts.get(t, 0) == self.counts.get(t, 0)]

    @property
    def percent(self) -> float:
        if not self.transitions:
            return 100.0
        return 100.0 * len(self.taken) / len(self.transitions)

    def to_dict(self) -> dict[str, Any]:
        def row(t: Transition) -> dict[str, Any]:
            return {
                "action": t.action,
                "label": t.label,
                "target": t.target,
                "count": self.counts.get(t, 0),
                "assumed": self.assumed_counts.get(t, 0),
            }

        return {
            "flow": self.source,
            "fingerprint": self.fingerprint,
            "runs": self.runs,
            "matching_runs": self.matching_runs,
            "transitions": len(self.transitions),
            "taken": len(self.taken),
            "percent": round(self.percent, 1),
            "only_assumed": len(self.only_assumed),
            "missed": [row(t) for t in self.missed],
            "counts": [row(t) for t in self.transitions],
        }


def measure_coverage(flow: IndexedFlow, runs: Iterable[Run]) -> CoverageReport:
    """Count, for each transition of ``flow``, how many times the runs took it."""
    transitions = tuple(flow.transitions())
    known = set(transitions)
    counts: dict[Transition, int] = {}
    assumed: dict[Transition, int] = {}
    total = matching = 0
    for run in runs:
        total += 1
        went_through = False
        for fingerprint, action, label, target, was_assumed in _taken(run):
            if fingerprint != flow.fingerprint:
                continue
            went_through = True
            transition = Transition(action, label, target)
            if transition in known:
                counts[transition] = counts.get(transition, 0) + 1
                if was_assumed:
                    assumed[transition] = assumed.get(transition, 0) + 1
        matching += went_through
    return CoverageReport(
        flow.source, flow.fingerprint, total, matching, transitions, counts, assumed
    )


def _taken(run: Run) -> list[tuple[str, str, str, str | None, bool]]:
    if isinstance(run, SimulationResult):
        return [
            (run.flows[s.flow].fingerprint, s.identifier, s.label, s.target, bool(s.assumptions))
            for s in run.steps
            if s.label is not None
        ]
    rows = run.get("transitions")
    if not isinstance(rows, list):
        raise RunShapeError("a run has no 'transitions' list; record runs with simulate --json")
    taken: list[tuple[str, str, str, str | None, bool]] = []
    for row in rows:
        if not isinstance(row, Mapping) or not all(k in row for k in ("flow", "action", "label")):
            raise RunShapeError(f"a transition of a run is not flow/action/label/target: {row!r}")
        taken.append(
            (
                str(row["flow"]),
                str(row["action"]),
                str(row["label"]),
                row.get("target"),
                row.get("assumed") is True,
            )
        )
    return taken
