"""How an exported flow is rebuilt with :mod:`flows.model.builder`, block by block.

`python -m flows import` turns an export into a Python module; this module decides what that
module says, and :mod:`flows.adopt.import_module` writes it. For every block it chooses between:

- :class:`WiredBlock`: ``flow.action(ID, Parameters(...)).then(...).on_error(...)...``, the
  builder's readable form, used whenever it gives back the block exactly as exported. That is
  checked here by wiring the block with the builder and comparing the JSON, so the choice never
  relies on guessing what the builder writes;
- :class:`ExactBlock`: ``flow.add(Action(...))``, the block as the model holds it, for what the
  wiring methods cannot write (no ``Parameters`` or ``Transitions``, extra keys, a ``NextAction``
  the console would not have set, a branch without a target).

Blocks come in flow order: from the StartAction, depth first, each block's branches in the
console's order (Success, conditions, errors; the NextAction that blocks without a success
branch repeat is not a branch), so the success path reads from top to bottom and each branch
follows; blocks nothing reaches come last, in the export's order.

Positions (the designer's ``Metadata.ActionMetadata[id].position`` and ``entryPointPosition``)
are pinned per block; the rest of the console's ``Metadata`` is kept as one constant, without
the ``isFriendlyName`` marks the builder sets itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.language.facts import (
    ACTION_SPECS,
    FLOW_LANGUAGE_VERSION,
    NO_SUCCESS_BRANCH_TYPES,
    TERMINAL_TYPES,
)
from flows.model.actions import Parameters
from flows.model.builder import ActionBuilder, FlowBuilder, FlowBuildError, Position
from flows.model.document import FlowDocument
from flows.model.flow import Action, Condition, Flow, FlowParseError, parse_flow
from flows.model.layout import branches, flow_actions

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class FlowImportError(ValueError):
    """An export that cannot be rebuilt with the builder; the message names the file and why."""


@dataclass(frozen=True)
class WiredBlock:
    """A block written with ``flow.action(...)`` and the wiring methods."""

    identifier: str
    type: str
    parameters: Parameters
    position: Position | None
    next_action: str | None  # written with .then() (blocks with a success branch)
    conditions: tuple[tuple[Condition, str], ...]
    errors: tuple[tuple[str, str], ...]
    empty_errors: bool | None
    empty_conditions: bool | None

    def wire(self, builder: ActionBuilder) -> ActionBuilder:
        """Apply this block's wiring to ``builder``, as the written module does."""
        if self.next_action is not None:
            builder.then(self.next_action)
        for condition, target in self.conditions:
            builder.when(condition, target)
        for error_type, target in self.errors:
            builder.on_error(target, error_type)
        if self.empty_errors is not None or self.empty_conditions is not None:
            builder.write_empty(errors=self.empty_errors, conditions=self.empty_conditions)
        return builder


@dataclass(frozen=True)
class ExactBlock:
    """A block written with ``flow.add(Action(...))``, exactly as the export has it."""

    action: Action
    position: Position | None

    @property
    def identifier(self) -> str:
        return self.action.identifier

    @property
    def type(self) -> str:
        return self.action.type


Block = WiredBlock | ExactBlock


@dataclass(frozen=True)
class ImportPlan:
    """What the imported module rebuilds: start, module settings, layout and blocks in order."""

    source: str
    name: str | None  # the flow's name in the console, when the export says
    start: str
    settings: dict[str, Any] | None
    entry_position: Position | None
    console_metadata: dict[str, Any] | None
    blocks: tuple[Block, ...]
    flow: Flow  # the flow as read, for the values the module names as constants

    def builder(self) -> FlowBuilder:
        """The builder the written module sets up, for checking the plan in process."""
        flow = FlowBuilder(
            start=self.start,
            settings=self.settings,
            entry_position=self.entry_position,
            metadata=self.console_metadata,
        )
        for block in self.blocks:
            if isinstance(block, WiredBlock):
                block.wire(flow.action(block.identifier, block.parameters, position=block.position))
            else:
                flow.add(block.action, position=block.position)
        return flow


def plan_import(document: FlowDocument) -> ImportPlan:
    """The plan for a flow document; :class:`FlowImportError` when the builder cannot rebuild it."""
    source = document.source
    content = document.content
    if "modules" in content and "Actions" not in content:
        raise FlowImportError(
            f"{source}: pre-2019 export format (`modules`); expected the flow language "
            f"(Version {FLOW_LANGUAGE_VERSION}) with an Actions list"
        )
    try:
        flow = parse_flow(content)
    except FlowParseError as exc:
        raise FlowImportError(f"{source}: {exc}") from exc
    if flow.version != FLOW_LANGUAGE_VERSION:
        raise FlowImportError(
            f"{source}: Version {flow.version!r}; the builder writes the flow language "
            f"{FLOW_LANGUAGE_VERSION} only"
        )
    if not isinstance(flow.start_action, str):
        raise FlowImportError(f"{source}: no StartAction; expected the first block's Identifier")
    if not flow.actions:
        raise FlowImportError(f"{source}: the flow has no actions")
    if "Settings" in content and flow.settings is None:
        raise FlowImportError(f"{source}: Settings is not a JSON object; expected a module's")
    by_id = {action.identifier: action for action in flow.actions}
    positions = _positions(flow.metadata)
    blocks = tuple(
        _block(by_id[identifier], positions.get(identifier)) for identifier in flow_order(content)
    )
    plan = ImportPlan(
        source=source,
        name=_flow_name(document, flow),
        start=flow.start_action,
        settings=copy.deepcopy(flow.settings),
        entry_position=_position(_get(flow.metadata, "entryPointPosition")),
        console_metadata=_console_metadata(flow.metadata),
        blocks=blocks,
        flow=flow,
    )
    try:
        problems = plan.builder().problems()
    except FlowBuildError as exc:
        raise FlowImportError(f"{source}: cannot be rebuilt with the builder: {exc}") from exc
    if problems:
        raise FlowImportError(
            f"{source}: cannot be rebuilt with the builder: {'; '.join(problems)}"
        )
    return plan


def flow_order(content: Mapping[str, Any]) -> list[str]:
    """Identifiers in flow order (see the module docstring); each once, first copy wins."""
    actions = flow_actions(content)
    successors = {
        identifier: [
            b.target
            for b in branches(action)
            if b.target in actions and not (b.kind == "next" and _no_success(action))
        ]
        for identifier, action in actions.items()
    }
    order: list[str] = []
    seen: set[str] = set()
    start = content.get("StartAction")
    roots = [start] if isinstance(start, str) and start in actions else []
    for root in [*roots, *actions]:
        if root in seen:
            continue
        stack = [root]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            stack.extend(t for t in reversed(successors[node]) if t not in seen)
    return order


def _no_success(action: Mapping[str, Any]) -> bool:
    """A block whose NextAction only repeats one of its branches (see NO_SUCCESS_BRANCH_TYPES)."""
    return action.get("Type") in NO_SUCCESS_BRANCH_TYPES


def _block(action: Action, position: Position | None) -> Block:
    wired = _wired(action, position)
    return wired if wired is not None else ExactBlock(copy.deepcopy(action), position)


def _wired(action: Action, position: Position | None) -> WiredBlock | None:
    """The wired form of the block, or None when it would not give the block back exactly."""
    transitions = action.transitions
    if action.parameters is None or transitions is None or action.extra or transitions.extra:
        return None
    conditions: list[tuple[Condition, str]] = []
    for branch in transitions.conditions or ():
        if branch.condition is None or branch.next_action is None or branch.extra:
            return None
        conditions.append((branch.condition, branch.next_action))
    errors: list[tuple[str, str]] = []
    for error in transitions.errors or ():
        if error.error_type is None or error.next_action is None or error.extra:
            return None
        errors.append((error.error_type, error.next_action))
    spec = ACTION_SPECS.get(action.type)
    conditions_by_default = spec is not None and spec.conditions
    terminal = action.type in TERMINAL_TYPES  # the builder writes their Transitions as {}
    empty_conditions: bool | None = None
    if terminal or conditions:
        pass
    elif transitions.conditions is None and conditions_by_default:
        empty_conditions = False
    elif transitions.conditions is not None and not conditions_by_default:
        empty_conditions = True
    block = WiredBlock(
        identifier=action.identifier,
        type=action.type,
        parameters=action.parameters,
        position=position,
        next_action=None if action.type in NO_SUCCESS_BRANCH_TYPES else transitions.next_action,
        conditions=tuple(conditions),
        errors=tuple(errors),
        empty_errors=False if not terminal and transitions.errors is None else None,
        empty_conditions=empty_conditions,
    )
    try:
        rebuilt = block.wire(ActionBuilder(action.identifier, action.parameters)).to_action()
    except FlowBuildError:
        return None
    # Identifier, Type and Parameters are the block's own; only the Transitions are written anew.
    written = rebuilt.transitions
    return block if written is not None and written.to_dict() == transitions.to_dict() else None


def _positions(metadata: Mapping[str, Any] | None) -> dict[str, Position]:
    entries = _get(metadata, "ActionMetadata")
    if not isinstance(entries, Mapping):
        return {}
    found = {}
    for identifier, entry in entries.items():
        position = _position(_get(entry, "position"))
        if position is not None:
            found[identifier] = position
    return found


def _position(value: Any) -> Position | None:
    """(x, y) of ``{"x": .., "y": ..}`` with numbers; None for anything else (kept as is)."""
    if not isinstance(value, Mapping) or list(value) != ["x", "y"]:
        return None
    x, y = value["x"], value["y"]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
    return (x, y) if numbers else None


def _console_metadata(metadata: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The console's Metadata without what the module writes block by block (positions) and
    what the builder sets itself (``isFriendlyName`` on readable identifiers)."""
    if metadata is None:
        return None
    kept = copy.deepcopy(dict(metadata))
    if _position(kept.get("entryPointPosition")) is not None:
        del kept["entryPointPosition"]
    entries = kept.get("ActionMetadata")
    if isinstance(entries, dict):
        for identifier in list(entries):
            entry = entries[identifier]
            if not isinstance(entry, dict):
                continue
            if _position(entry.get("position")) is not None:
                del entry["position"]
            if entry.get("isFriendlyName") is True and not _UUID.fullmatch(identifier):
                del entry["isFriendlyName"]
            if not entry:
                del entries[identifier]
        if not entries:
            del kept["ActionMetadata"]
    return kept or None


def _flow_name(document: FlowDocument, flow: Flow) -> str | None:
    for value in (
        _get(flow.metadata, "name"),
        _get(document.envelope, "Name"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, Mapping) else None
