"""What the validator reports: one :class:`Finding` per problem, errors and warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FLOW = "-"  # the identifier of flow-level findings


@dataclass(frozen=True)
class Finding:
    """One problem: where (an action Identifier, or ``-`` for the flow), how bad, what."""

    identifier: str
    severity: Severity
    code: str
    message: str


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def flow_error(code: str, message: str) -> Finding:
    """A finding about the whole flow or file."""
    return Finding(FLOW, "error", code, message)
