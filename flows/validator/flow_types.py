"""Flow-type rules: which type a flow is checked as, and which actions that type allows.

The type comes from, in this order: the file itself (a DescribeContactFlow wrapper's ``Type``,
or ``ContactFlowType`` in some exported wrappers; else a console export's ``Metadata.type``,
``contactFlow`` for CONTACT_FLOW), the caller (``--flow-type``, the CDK app's deployed type),
then CONTACT_FLOW. When the caller names a type and the file another, the file's is used and the
difference is an error: one of the two is wrong. A flow module (top-level ``Settings``) has no
ContactFlowType; its actions are checked as those of the inbound flow that invokes it
(flows.language.flow_types explains why), and module-only actions are allowed in it alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flows.language import flow_types as kinds
from flows.validator.context import ActionContext
from flows.validator.findings import FLOW, Finding


@dataclass(frozen=True)
class FlowKind:
    """What a flow is checked as: a ContactFlowType, or a flow module; with any findings."""

    flow_type: str
    in_module: bool
    findings: tuple[Finding, ...] = ()


def resolve_flow_kind(
    content: Mapping[str, Any], *, requested: str | None, wrapper_type: Any = None
) -> FlowKind:
    """The kind to check ``content`` as (see the module docstring for the order)."""
    if "Settings" in content:
        return FlowKind(kinds.MODULE_HOST_FLOW_TYPE, in_module=True)
    findings: list[Finding] = []
    declared, source = _declared(content, wrapper_type, findings)
    if declared is not None and requested is not None and declared != requested:
        findings.append(
            Finding(
                FLOW,
                "error",
                "FLOW_TYPE_MISMATCH",
                f"the flow is checked as {requested}, but its {source} says {declared}; it is "
                f"checked as {declared}: change one of the two",
            )
        )
    flow_type = declared or requested or kinds.DEFAULT_FLOW_TYPE
    return FlowKind(flow_type, in_module=False, findings=tuple(findings))


def check_availability(ctx: ActionContext) -> None:
    spec = ctx.spec
    flow = ctx.flow
    if spec is None or spec.available_in(flow.flow_type, in_module=flow.in_module):
        return
    if spec.module_only:
        ctx.error(
            "NOT_AVAILABLE_IN_FLOW_TYPE",
            f"{ctx.block} is available only in flow modules, not in {flow.flow_type} flows",
        )
        return
    allowed = ", ".join(t for t in kinds.FLOW_TYPES if t in spec.flow_types)
    where = (
        f"a flow module (checked as the {flow.flow_type} that invokes it)"
        if flow.in_module
        else f"{flow.flow_type} flows"
    )
    ctx.error(
        "NOT_AVAILABLE_IN_FLOW_TYPE",
        f"{ctx.block} is not available in {where}; the reference allows it in {allowed} "
        f"({spec.url})",
    )


def _declared(
    content: Mapping[str, Any], wrapper_type: Any, findings: list[Finding]
) -> tuple[str | None, str]:
    """(the type the file declares, where it says so); a declaration naming no type is reported."""
    parse: Callable[[str], str | None]
    if wrapper_type is not None:
        source, value, parse = "wrapper's Type", wrapper_type, kinds.parse_flow_type
    else:
        metadata = content.get("Metadata")
        if not (isinstance(metadata, Mapping) and "type" in metadata):
            return None, ""
        source, value, parse = "Metadata.type", metadata["type"], _metadata_flow_type
    flow_type = parse(value) if isinstance(value, str) else None
    if flow_type is None:
        findings.append(
            Finding(
                FLOW,
                "warning",
                "UNKNOWN_FLOW_TYPE",
                f"{source} is {json.dumps(value)}, which names no flow type "
                f"({', '.join(kinds.FLOW_TYPES)}); the flow's own type is not used",
            )
        )
    return flow_type, source


def _metadata_flow_type(value: str) -> str | None:
    return kinds.METADATA_FLOW_TYPES.get(value)
