"""A flow indexed once for running many contacts: actions by identifier, branches by label.

The simulator works on the plain flow-language object (what ``load_flow_document`` returns), so
it runs any export, including types the typed model does not know. Indexing checks only what the
simulator needs to move (a list of actions with identifiers, a start); judging the flow is the
validator's job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.language.facts import LEAVES_FLOW_ON_SUCCESS_TYPES, console_name
from flows.language.flow_kind import flow_type_of


class FlowShapeError(ValueError):
    """The content is not a flow the simulator can index; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str
    operands: tuple[Any, ...]
    target: str | None
    label: str


@dataclass(frozen=True, slots=True)
class Transition:
    """One way out of an action: (action, branch label, target). Coverage counts these."""

    action: str
    label: str
    target: str | None


@dataclass(frozen=True, slots=True)
class IndexedAction:
    identifier: str
    type: str
    console_name: str
    parameters: Mapping[str, Any]
    next_action: str | None
    errors: Mapping[str, str | None]
    conditions: tuple[Condition, ...]

    def transitions(self) -> list[Transition]:
        """Every way out of this action, as coverage counts them.

        With conditions, ``NextAction`` is an artifact of the console (it repeats the no-match or
        DoneLooping target) and is not a branch of its own. A Transfer to queue / Transfer to
        flow that succeeds leaves the flow: its "Success" transition has no target (the console
        still writes a NextAction there, which Connect never follows); so does a Transfer to
        phone number that does not resume the flow.
        """
        out: list[Transition] = []
        if self.conditions:
            out.extend(Transition(self.identifier, c.label, c.target) for c in self.conditions)
        elif self.type in LEAVES_FLOW_ON_SUCCESS_TYPES or self._leaves_for_a_phone_number():
            out.append(Transition(self.identifier, "Success", None))
        elif self.next_action is not None:
            out.append(Transition(self.identifier, "Success", self.next_action))
        out.extend(Transition(self.identifier, e, t) for e, t in self.errors.items())
        return out

    def _leaves_for_a_phone_number(self) -> bool:
        """Transfer to phone number without "Resume flow after disconnect" (ContinueFlowExecution
        False) ends the flow when the call connects."""
        return (
            self.type == "TransferParticipantToThirdParty"
            and str(self.parameters.get("ContinueFlowExecution", "True")).lower() == "false"
        )


def condition_label(operator: str, operands: tuple[Any, ...]) -> str:
    """How a condition reads as a branch: ``Equals GOLD``, ``TextStartsWith es``."""
    shown = ", ".join(str(o) for o in operands)
    return f"{operator} {shown}".rstrip()


class IndexedFlow:
    """A flow's actions by identifier, its start, and where it came from.

    ``flow_type``: the ContactFlowType it runs as (the one it declares, ``wrapper_type`` being a
    DescribeContactFlow wrapper's ``Type``, else ``requested_type``, else the one its blocks allow:
    :func:`flows.language.flow_kind.flow_type_of`), with ``flow_type_reason`` saying why.
    """

    __slots__ = (
        "actions",
        "content",
        "fingerprint",
        "flow_type",
        "flow_type_reason",
        "queue_names",
        "source",
        "start",
    )

    def __init__(
        self,
        content: Mapping[str, Any],
        source: str = "<flow>",
        wrapper_type: Any = None,
        requested_type: str | None = None,
    ) -> None:
        if not isinstance(content, Mapping):
            raise FlowShapeError(
                f"{source}: expected a flow (a JSON object), found {content!r:.60}"
            )
        actions = content.get("Actions")
        if not isinstance(actions, list):
            raise FlowShapeError(f"{source}: the flow has no Actions list; is it a flow export?")
        self.source = source
        self.content = content
        self.actions: dict[str, IndexedAction] = {}
        for position, raw in enumerate(actions):
            action = _index_action(raw, position, source)
            if action.identifier in self.actions:
                raise FlowShapeError(
                    f"{source}: two actions have the Identifier {action.identifier!r}"
                )
            self.actions[action.identifier] = action
        start = content.get("StartAction")
        if not isinstance(start, str) or start not in self.actions:
            raise FlowShapeError(
                f"{source}: StartAction {start!r} is not the Identifier of an action in the flow"
            )
        self.start = start
        self.fingerprint = fingerprint(content)
        self.queue_names = _queue_names_from_metadata(content, self.actions)
        self.flow_type, self.flow_type_reason = flow_type_of(content, wrapper_type, requested_type)

    def transitions(self) -> list[Transition]:
        """Every transition of the flow, action by action in the order of ``Actions``."""
        return [t for action in self.actions.values() for t in action.transitions()]


def fingerprint(content: Mapping[str, Any]) -> str:
    """A short digest of what the flow does (StartAction and Actions; layout is left out), so
    that runs recorded on a flow are matched to it later, even after it was moved around."""
    what = {"StartAction": content.get("StartAction"), "Actions": content.get("Actions")}
    text = json.dumps(what, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _index_action(raw: Any, position: int, source: str) -> IndexedAction:
    if not isinstance(raw, Mapping):
        raise FlowShapeError(f"{source}: Actions[{position}] is not an object")
    identifier = raw.get("Identifier")
    action_type = raw.get("Type")
    if not isinstance(identifier, str) or not identifier:
        raise FlowShapeError(f"{source}: Actions[{position}] has no Identifier")
    if not isinstance(action_type, str) or not action_type:
        raise FlowShapeError(f"{source}: action {identifier!r} has no Type")
    parameters = raw.get("Parameters")
    transitions = raw.get("Transitions")
    if not isinstance(transitions, Mapping):
        transitions = {}
    next_action = transitions.get("NextAction")
    errors: dict[str, str | None] = {}
    for entry in transitions.get("Errors") or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("ErrorType"), str):
            errors.setdefault(entry["ErrorType"], _target(entry.get("NextAction")))
    conditions: list[Condition] = []
    for entry in transitions.get("Conditions") or ():
        if not isinstance(entry, Mapping):
            continue
        condition = entry.get("Condition")
        condition = condition if isinstance(condition, Mapping) else {}
        operator = str(condition.get("Operator", ""))
        operands = condition.get("Operands")
        operands_tuple = tuple(operands) if isinstance(operands, list) else ()
        conditions.append(
            Condition(
                operator,
                operands_tuple,
                _target(entry.get("NextAction")),
                condition_label(operator, operands_tuple),
            )
        )
    return IndexedAction(
        identifier=identifier,
        type=action_type,
        console_name=console_name(action_type),
        parameters=parameters if isinstance(parameters, Mapping) else {},
        next_action=_target(next_action),
        errors=errors,
        conditions=tuple(conditions),
    )


def _target(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _queue_names_from_metadata(
    content: Mapping[str, Any], actions: Mapping[str, IndexedAction]
) -> dict[str, str]:
    """Queue ARN -> name as the console stored it next to Set working queue blocks."""
    metadata = content.get("Metadata")
    per_action = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    if not isinstance(per_action, Mapping):
        return {}
    names: dict[str, str] = {}
    for identifier, action in actions.items():
        queue_id = action.parameters.get("QueueId")
        meta = per_action.get(identifier)
        if not isinstance(queue_id, str) or not isinstance(meta, Mapping):
            continue
        name = _display_name(meta)
        if name:
            names[queue_id] = name
    return names


def _display_name(meta: Mapping[str, Any]) -> str | None:
    queue = meta.get("queue")
    if isinstance(queue, Mapping) and isinstance(queue.get("text"), str):
        return str(queue["text"])
    parameters = meta.get("parameters")
    if isinstance(parameters, Mapping):
        queue_id = parameters.get("QueueId")
        if isinstance(queue_id, Mapping) and isinstance(queue_id.get("displayName"), str):
            return str(queue_id["displayName"])
    return None
