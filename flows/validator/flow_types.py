"""Flow-type rules: which type a flow is checked as, and which actions that type allows.

The type comes from, in this order: the file itself (a DescribeContactFlow wrapper's ``Type``,
or ``ContactFlowType`` in some exported wrappers; else a console export's ``Metadata.type``,
``contactFlow`` for CONTACT_FLOW), the caller (``--flow-type``, the CDK app's deployed type),
then the type its blocks allow (:mod:`flows.language.flow_kind`: the one type that allows every
block, else the least restrictive of those that do; when that is another type than
CONTACT_FLOW, the least restrictive of all, a warning, FLOW_TYPE_INFERRED, says which and why;
when no type allows them all, FLOW_TYPE_CONFLICT names the blocks that cannot share a
flow). When the caller names a type and the file another, the file's is used and the difference
is an error: one of the two is wrong. A flow module (top-level ``Settings``) has no
ContactFlowType; its actions are checked as those of the inbound flow that invokes it
(flows.language.flow_types explains why), and module-only actions are allowed in it alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.language import flow_types as kinds
from flows.language.flow_kind import blocks_of, declared_flow_type, infer_flow_type
from flows.validator.context import ActionContext
from flows.validator.findings import FLOW, Finding


@dataclass(frozen=True)
class FlowKind:
    """What a flow is checked as: a ContactFlowType, or a flow module; with any findings.

    ``check_availability`` is False when no type allows all the flow's blocks (the conflict is
    reported once, for the flow, rather than once per block).
    """

    flow_type: str
    in_module: bool
    findings: tuple[Finding, ...] = ()
    check_availability: bool = True


def resolve_flow_kind(
    content: Mapping[str, Any], *, requested: str | None, wrapper_type: Any = None
) -> FlowKind:
    """The kind to check ``content`` as (see the module docstring for the order)."""
    if "Settings" in content:
        return FlowKind(kinds.MODULE_HOST_FLOW_TYPE, in_module=True)
    findings: list[Finding] = []
    declaration = declared_flow_type(content, wrapper_type)
    declared = declaration.flow_type
    if declaration.value is not None and declared is None:
        findings.append(
            Finding(
                FLOW,
                "warning",
                "UNKNOWN_FLOW_TYPE",
                f"{declaration.source} is {json.dumps(declaration.value)}, which names no flow "
                f"type ({', '.join(kinds.FLOW_TYPES)}); the flow's own type is not used",
            )
        )
    if declared is not None and requested is not None and declared != requested:
        findings.append(
            Finding(
                FLOW,
                "error",
                "FLOW_TYPE_MISMATCH",
                f"the flow is checked as {requested}, but its {declaration.source} says "
                f"{declared}; it is checked as {declared}: change one of the two",
            )
        )
    chosen = declared or requested
    if chosen is not None:
        return FlowKind(chosen, in_module=False, findings=tuple(findings))
    return _inferred(content, findings)


def _inferred(content: Mapping[str, Any], findings: list[Finding]) -> FlowKind:
    inference = infer_flow_type(blocks_of(content))
    if inference.flow_type is None:
        findings.append(
            Finding(
                FLOW,
                "error",
                "FLOW_TYPE_CONFLICT",
                f"the flow declares no type, and {inference.reason()}: one flow of Connect "
                "cannot hold them; split the flow, or declare its type (--flow-type, "
                "Metadata.type) to see what that type refuses",
            )
        )
        return FlowKind(
            kinds.DEFAULT_FLOW_TYPE,
            in_module=False,
            findings=tuple(findings),
            check_availability=False,
        )
    if inference.flow_type == kinds.DEFAULT_FLOW_TYPE:
        # The least restrictive type is also the default: nothing changes, nothing to say.
        return FlowKind(inference.flow_type, in_module=False, findings=tuple(findings))
    findings.append(
        Finding(
            FLOW,
            "warning",
            "FLOW_TYPE_INFERRED",
            f"the flow declares no type (no wrapper Type, no Metadata.type); it is checked as "
            f"{inference.flow_type}: {inference.reason()}. --flow-type or Metadata.type decides",
        )
    )
    return FlowKind(inference.flow_type, in_module=False, findings=tuple(findings))


def check_availability(ctx: ActionContext) -> None:
    spec = ctx.spec
    flow = ctx.flow
    if not flow.check_availability:
        return
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
