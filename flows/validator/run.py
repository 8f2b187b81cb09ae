"""One validation run: read the flow, decide its kind, apply the rule groups in order."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flows.model.document import FlowDocument, FlowDocumentError, FlowFileError, load_flow_document
from flows.validator import flow_types, parameters, references, structure, transitions
from flows.validator.context import ActionContext, FlowContext
from flows.validator.findings import Finding, flow_error


def validate_path(path: str | Path, *, flow_type: str | None = None) -> list[Finding]:
    """Validate a flow file; an unreadable, truncated or non-flow file is a finding, not raised.

    ``flow_type``: the ContactFlowType the caller means the flow to be (None: the file's own,
    else the one its blocks allow, see :mod:`flows.validator.flow_types`).
    """
    source = str(path)
    if Path(path).is_dir():
        return [flow_error("FILE_UNREADABLE", "this is a directory; pass the flow files in it")]
    try:
        document = load_flow_document(path)
    except FlowFileError as exc:
        return [flow_error("FILE_UNREADABLE", _without_source(str(exc), source))]
    except FlowDocumentError as exc:
        return [flow_error("NOT_A_FLOW", _without_source(str(exc), source))]
    return validate_document(document, flow_type=flow_type)


def validate_document(document: FlowDocument, *, flow_type: str | None = None) -> list[Finding]:
    """Validate a flow as read (content, the stored text whose length Connect limits, its type)."""
    findings = validate_content(
        document.content, flow_type=flow_type, wrapper_type=document.flow_type
    )
    too_long = structure.content_too_long(document.content, len(document.content_text))
    if too_long is not None:
        findings.insert(0, too_long)
    return findings


def validate_content(
    content: Mapping[str, Any], *, flow_type: str | None = None, wrapper_type: Any = None
) -> list[Finding]:
    """Validate a flow-language object; returns the findings, errors and warnings, in order.

    ``flow_type``: as for :func:`validate_path`; ``wrapper_type``: the type a wrapper around the
    content declares (DescribeContactFlow's ``Type``), if any.
    """
    if not isinstance(content, Mapping):
        return [flow_error("NOT_A_FLOW", "expected a JSON object (a flow)")]
    kind = flow_types.resolve_flow_kind(content, requested=flow_type, wrapper_type=wrapper_type)
    flow = FlowContext(
        content,
        kind.flow_type,
        kind.in_module,
        findings=list(kind.findings),
        check_availability=kind.check_availability,
    )
    try:
        _run(flow)
    except RecursionError:  # parameters nested hundreds deep: no flow looks like that
        return [flow_error("NOT_A_FLOW", "parameters are nested too deeply to be a flow")]
    return flow.findings


def _run(flow: FlowContext) -> None:
    if structure.check_legacy_format(flow):
        return
    structure.check_version(flow)
    raw_actions = structure.actions_list(flow)
    if raw_actions is None:
        structure.check_start(flow, check_known=False)
        return
    named = structure.index_actions(flow, raw_actions)
    structure.check_start(flow, check_known=True)
    for identifier, action in named:
        ctx = ActionContext.of(flow, identifier, action)
        structure.check_identifier(ctx)
        known = structure.check_type(ctx)
        structure.check_action_shape(ctx)
        flow_types.check_availability(ctx)
        transitions.check_transitions(ctx, known=known)
        parameters.check_parameters(ctx)
        parameters.check_resources(ctx)
        parameters.check_prompt_text(ctx)
        references.check_references(ctx)
    reachable = transitions.check_reachability(flow)
    references.check_external_reads(flow, reachable)


def _without_source(message: str, source: str) -> str:
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
