"""Which kind of flow a file holds: the type it declares, else the type its blocks allow.

A flow is created as one ContactFlowType, and the file may say which: a DescribeContactFlow
wrapper's ``Type`` (``ContactFlowType`` in some wrappers), else a console export's
``Metadata.type`` (``contactFlow``, ``customerQueue``, ...). Many shared files say nothing: the
console leaves ``Metadata.type`` out of some exports, and hand-kept files drop ``Metadata``.
Such a flow is checked (and simulated) as the type its blocks allow, from the action table's
flow types (:mod:`flows.language.action_table`):

- exactly one type allows every block: that type (Loop prompts with Disconnect: a customer queue
  flow);
- several do: the least restrictive of them, the one the most action types are available in
  (CONTACT_FLOW, the inbound flow, for a flow of Play prompt and Disconnect);
- none does: no type; the blocks that cannot share a flow are named.

Block types the language does not have, and module-only blocks, take no part. The validator and
the simulator both read the answer from here, so that they agree on what a flow is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from flows.language import flow_types as kinds
from flows.language.action_table import ACTION_TABLE


@dataclass(frozen=True)
class Declaration:
    """What a file says its type is: ``value`` as written (None: nothing), where it says so
    (``source``) and the ContactFlowType that names (None when it names none)."""

    value: Any
    source: str
    flow_type: str | None


def declared_flow_type(content: Mapping[str, Any], wrapper_type: Any = None) -> Declaration:
    """The type a file declares: its wrapper's ``Type``, else its ``Metadata.type``."""
    if wrapper_type is not None:
        flow_type = kinds.parse_flow_type(wrapper_type) if isinstance(wrapper_type, str) else None
        return Declaration(wrapper_type, "wrapper's Type", flow_type)
    metadata = content.get("Metadata")
    if not (isinstance(metadata, Mapping) and "type" in metadata):
        return Declaration(None, "", None)
    value = metadata["type"]
    flow_type = kinds.METADATA_FLOW_TYPES.get(value) if isinstance(value, str) else None
    return Declaration(value, "Metadata.type", flow_type)


@dataclass(frozen=True)
class Inference:
    """The type a flow's blocks allow: ``flow_type`` (None when no type allows them all), the
    ``candidates`` that allow them all, and, when none does, ``conflicting``: the blocks that
    cannot share a flow, as (Identifier, Type)."""

    flow_type: str | None
    candidates: tuple[str, ...]
    conflicting: tuple[tuple[str, str], ...] = ()

    def reason(self) -> str:
        """Why this type was used, in words (for a note beside the findings or the transcript)."""
        if self.flow_type is None:
            names = ", ".join(f"{identifier!r} ({kind})" for identifier, kind in self.conflicting)
            return f"no flow type allows all of these blocks together: {names}"
        if len(self.candidates) == 1:
            return f"{self.flow_type} is the only flow type that allows every block of the flow"
        if len(self.candidates) == len(kinds.FLOW_TYPES):
            return (
                f"every flow type allows its blocks; {self.flow_type} is the least restrictive "
                "(the one the most action types are available in)"
            )
        return (
            f"{', '.join(self.candidates)} allow every block of the flow; {self.flow_type} is "
            "the least restrictive of them (the one the most action types are available in)"
        )


def infer_flow_type(actions: Iterable[tuple[str, str]]) -> Inference:
    """The type that ``actions`` ((Identifier, Type) pairs) allow; see the module docstring."""
    allowed_by: list[tuple[str, str, frozenset[str]]] = []
    for identifier, action_type in actions:
        spec = ACTION_TABLE.get(action_type)
        if spec is None or spec.module_only:
            continue
        allowed_by.append((identifier, action_type, spec.flow_types))
    candidates = set(kinds.FLOW_TYPES)
    for _, _, allowed in allowed_by:
        candidates &= allowed
    if candidates:
        ordered = tuple(t for t in _by_openness() if t in candidates)
        return Inference(ordered[0], tuple(t for t in kinds.FLOW_TYPES if t in candidates))
    return Inference(None, (), _conflicting(allowed_by))


def blocks_of(content: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(Identifier, Type) of each block of a flow's content, for :func:`infer_flow_type`."""
    raw = content.get("Actions")
    return [
        (str(action.get("Identifier")), action["Type"])
        for action in (raw if isinstance(raw, list) else ())
        if isinstance(action, Mapping) and isinstance(action.get("Type"), str)
    ]


def flow_type_of(
    content: Mapping[str, Any], wrapper_type: Any = None, requested: str | None = None
) -> tuple[str, str]:
    """(the type a flow runs as, why): FLOW_MODULE for a module; as declared, else as
    ``requested`` (``--flow-type``), else as inferred, else CONTACT_FLOW: the validator's order.

    For the simulator, which must run a flow as some type; the validator reports each case.
    """
    if "Settings" in content:
        return kinds.FLOW_MODULE, "a flow module (top-level Settings) runs in the flow invoking it"
    declared = declared_flow_type(content, wrapper_type)
    if declared.flow_type is not None:
        return declared.flow_type, f"its {declared.source} says {json.dumps(declared.value)}"
    if requested is not None:
        return requested, f"--flow-type {requested}"
    inference = infer_flow_type(blocks_of(content))
    if inference.flow_type is None:
        return kinds.DEFAULT_FLOW_TYPE, f"{inference.reason()}; run as {kinds.DEFAULT_FLOW_TYPE}"
    return inference.flow_type, f"no type declared: {inference.reason()}"


@cache
def _by_openness() -> tuple[str, ...]:
    """Flow types from the least restrictive (most action types available) to the most; ties in
    the order of ContactFlowType's list."""
    counts = {
        flow_type: sum(1 for spec in ACTION_TABLE.values() if flow_type in spec.flow_types)
        for flow_type in kinds.FLOW_TYPES
    }
    return tuple(sorted(kinds.FLOW_TYPES, key=lambda t: -counts[t]))


def _conflicting(
    allowed_by: list[tuple[str, str, frozenset[str]]],
) -> tuple[tuple[str, str], ...]:
    """A small set of blocks no flow type allows together: two whose types share none, else
    the most restrictive blocks, one by one, until nothing is left in common."""
    for position, (first_id, first_type, first) in enumerate(allowed_by):
        for second_id, second_type, second in allowed_by[position + 1 :]:
            if not first & second:
                return ((first_id, first_type), (second_id, second_type))
    named: list[tuple[str, str]] = []
    common = set(kinds.FLOW_TYPES)
    for identifier, action_type, allowed in sorted(allowed_by, key=lambda entry: len(entry[2])):
        named.append((identifier, action_type))
        common &= allowed
        if not common:
            break
    return tuple(named)
