"""The state of one validation run, shared by the rule groups.

:class:`FlowContext` is the flow being checked (its actions by Identifier, the graph edges the
transition rules record, the findings so far, the flow type it is checked as);
:class:`ActionContext` is one action of it, with its entry in the action table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from flows.language import facts as lang
from flows.language.action_spec import ActionSpec
from flows.validator.findings import Finding, Severity, flow_error


def is_map(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """Whether a JSON value is an object (a ``dict`` is checked first: the ABC check is slow)."""
    return type(value) is dict or isinstance(value, Mapping)


# An edge of the flow graph: (target Identifier, kind) with kind "next", "condition" or "error".
Edge = tuple[str, str]


@dataclass
class FlowContext:
    """One flow-language object under check, checked as ``flow_type`` (or as a flow module)."""

    content: Mapping[str, Any]
    flow_type: str
    in_module: bool
    findings: list[Finding] = field(default_factory=list)
    check_availability: bool = True  # False: the flow type is in conflict (reported once)
    actions: dict[str, Mapping[str, Any]] = field(default_factory=dict)  # first of each id
    edges: dict[str, list[Edge]] = field(default_factory=dict)
    external_readers: list[str] = field(default_factory=list)  # actions reading $.External

    def flow_error(self, code: str, message: str) -> None:
        self.findings.append(flow_error(code, message))

    def report(self, identifier: str, severity: Severity, code: str, message: str) -> None:
        self.findings.append(Finding(identifier, severity, code, message))


@dataclass
class ActionContext:
    """One action of the flow; ``spec`` is None for a type the language does not have."""

    flow: FlowContext
    identifier: str
    action: Mapping[str, Any]
    type: str
    spec: ActionSpec | None
    parameters: Mapping[str, Any]
    edges: list[Edge]

    @classmethod
    def of(cls, flow: FlowContext, identifier: str, action: Mapping[str, Any]) -> ActionContext:
        action_type = action.get("Type")
        type_ = action_type if isinstance(action_type, str) else ""
        parameters = action.get("Parameters", {})
        edges: list[Edge] = []
        flow.edges[identifier] = edges
        return cls(
            flow=flow,
            identifier=identifier,
            action=action,
            type=type_,
            spec=lang.action_spec(type_),
            parameters=parameters if is_map(parameters) else {},
            edges=edges,
        )

    @property
    def block(self) -> str:
        """How messages name the action: the console's block name and the Type."""
        return f"{lang.console_name(self.type)} ({self.type})"

    def error(self, code: str, message: str) -> None:
        self.flow.report(self.identifier, "error", code, message)

    def warning(self, code: str, message: str) -> None:
        self.flow.report(self.identifier, "warning", code, message)
