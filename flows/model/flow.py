"""A typed model of the Amazon Connect flow language (Version 2019-10-30).

A :class:`Flow` is a list of :class:`Action` objects; each action has typed parameters (see
:mod:`flows.model.actions`) and :class:`Transitions`: the success path (``NextAction``), error
branches (:class:`ErrorBranch`) and ordered conditions (:class:`ConditionBranch`, first true one
wins).

``Flow.to_dict()`` writes JSON shaped exactly as console exports are (numbers and booleans as
strings, ``Errors`` lists, ``Transitions: {}`` on terminal actions); ``parse_flow()`` reads any
flow-language object back. Parsing is not validating (that is :mod:`flows.validator`): whatever
the model has no place for, unknown keys or values of an unexpected shape, is kept verbatim in
the ``extra`` of the object it was found in, and every object remembers the order of its keys,
so ``parse_flow(content).to_dict() == content`` for any flow, however odd.

Flows are usually built with :class:`flows.model.builder.FlowBuilder` rather than by hand.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.language.facts import FLOW_LANGUAGE_VERSION
from flows.model.actions import Parameters, parse_parameters
from flows.model.codecs import NO_FIT, in_key_order
from flows.model.document import load_flow_document


class FlowParseError(ValueError):
    """A flow-language object the model cannot represent at all (e.g. Actions not a list)."""


def _is_str(value: Any) -> Any:
    return value if isinstance(value, str) else NO_FIT


def _is_object(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, dict) else NO_FIT


def _split(
    raw: Mapping[str, Any], known: Mapping[str, Callable[[Any], Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Known keys whose values fit (decoded), and everything else verbatim (``extra``)."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        decoded = known[key](value) if key in known else NO_FIT
        if decoded is NO_FIT:
            extra[key] = copy.deepcopy(value)
        else:
            values[key] = decoded
    return values, extra


def _write(
    known: Mapping[str, Any], extra: Mapping[str, Any], key_order: tuple[str, ...]
) -> dict[str, Any]:
    out = {key: value for key, value in known.items() if value is not None}
    out.update(copy.deepcopy(dict(extra)))
    return in_key_order(out, key_order)


def _list_of(parse: Callable[[Mapping[str, Any]], Any]) -> Callable[[Any], Any]:
    """A list whose entries are all objects, each parsed with ``parse``; else no fit."""

    def decode(value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
            return [parse(entry) for entry in value]
        return NO_FIT

    return decode


@dataclass
class Condition:
    """``{"Operator": ..., "Operands": [...]}``: one of the eight operators, one operand."""

    operator: str | None
    operands: list[str] | None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Condition:
        def operands(value: Any) -> Any:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            return list(value) if ok else NO_FIT

        values, extra = _split(raw, {"Operator": _is_str, "Operands": operands})
        return cls(
            values.get("Operator"), values.get("Operands"), extra=extra, key_order=tuple(raw)
        )

    def to_dict(self) -> dict[str, Any]:
        operands = None if self.operands is None else list(self.operands)
        return _write({"Operator": self.operator, "Operands": operands}, self.extra, self.key_order)

    @property
    def operand(self) -> str | None:
        """The single operand of a well-formed condition."""
        return self.operands[0] if self.operands and len(self.operands) == 1 else None


@dataclass
class ConditionBranch:
    """A condition and the action it leads to when true."""

    condition: Condition | None
    next_action: str | None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ConditionBranch:
        def condition(value: Any) -> Any:
            return Condition.from_dict(value) if isinstance(value, dict) else NO_FIT

        values, extra = _split(raw, {"NextAction": _is_str, "Condition": condition})
        return cls(
            values.get("Condition"), values.get("NextAction"), extra=extra, key_order=tuple(raw)
        )

    def to_dict(self) -> dict[str, Any]:
        condition = None if self.condition is None else self.condition.to_dict()
        return _write(
            {"NextAction": self.next_action, "Condition": condition}, self.extra, self.key_order
        )


@dataclass
class ErrorBranch:
    """An error type (NoMatchingError, QueueAtCapacity, ...) and the action it leads to."""

    error_type: str | None
    next_action: str | None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ErrorBranch:
        values, extra = _split(raw, {"NextAction": _is_str, "ErrorType": _is_str})
        return cls(
            values.get("ErrorType"), values.get("NextAction"), extra=extra, key_order=tuple(raw)
        )

    def to_dict(self) -> dict[str, Any]:
        return _write(
            {"NextAction": self.next_action, "ErrorType": self.error_type},
            self.extra,
            self.key_order,
        )


@dataclass
class Transitions:
    """Where an action goes next. ``None`` lists are not written (``[]`` is written as ``[]``).

    A terminal action has ``Transitions()``, written as ``{}``.
    """

    next_action: str | None = None
    conditions: list[ConditionBranch] | None = None
    errors: list[ErrorBranch] | None = None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Transitions:
        values, extra = _split(
            raw,
            {
                "NextAction": _is_str,
                "Conditions": _list_of(ConditionBranch.from_dict),
                "Errors": _list_of(ErrorBranch.from_dict),
            },
        )
        return cls(
            values.get("NextAction"),
            values.get("Conditions"),
            values.get("Errors"),
            extra=extra,
            key_order=tuple(raw),
        )

    def to_dict(self) -> dict[str, Any]:
        conditions = None if self.conditions is None else [c.to_dict() for c in self.conditions]
        errors = None if self.errors is None else [e.to_dict() for e in self.errors]
        return _write(
            {"NextAction": self.next_action, "Conditions": conditions, "Errors": errors},
            self.extra,
            self.key_order,
        )


@dataclass
class Action:
    """One block of the flow. ``parameters``/``transitions`` ``None``: the key is not written."""

    identifier: str
    type: str
    parameters: Parameters | None = None
    transitions: Transitions | None = None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, where: str = "action") -> Action:
        identifier = raw.get("Identifier")
        if not isinstance(identifier, str):
            raise FlowParseError(f"{where}: expected an Identifier string, found {identifier!r}")
        action_type = raw.get("Type")
        if not isinstance(action_type, str):
            raise FlowParseError(
                f"{where} ({identifier}): expected a Type string, found {action_type!r}"
            )

        def parameters(value: Any) -> Any:
            return parse_parameters(action_type, value) if isinstance(value, dict) else NO_FIT

        def transitions(value: Any) -> Any:
            return Transitions.from_dict(value) if isinstance(value, dict) else NO_FIT

        values, extra = _split(
            raw,
            {
                "Identifier": _is_str,
                "Type": _is_str,
                "Parameters": parameters,
                "Transitions": transitions,
            },
        )
        return cls(
            identifier,
            action_type,
            values.get("Parameters"),
            values.get("Transitions"),
            extra=extra,
            key_order=tuple(raw),
        )

    def to_dict(self) -> dict[str, Any]:
        # Console exports write Parameters first.
        return _write(
            {
                "Parameters": None if self.parameters is None else self.parameters.to_dict(),
                "Identifier": self.identifier,
                "Type": self.type,
                "Transitions": None if self.transitions is None else self.transitions.to_dict(),
            },
            self.extra,
            self.key_order,
        )


@dataclass
class Flow:
    """A contact flow (or a flow module, when ``settings`` is set).

    ``metadata`` is the console's free-form ``Metadata`` (layout under
    ``ActionMetadata[id].position`` and ``entryPointPosition``), kept as a plain dict.
    """

    start_action: str | None
    actions: list[Action]
    version: str | None = FLOW_LANGUAGE_VERSION
    metadata: dict[str, Any] | None = None
    settings: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Flow:
        if not isinstance(raw, Mapping):
            raise FlowParseError(f"expected a flow (a JSON object), found {type(raw).__name__}")

        def actions(value: Any) -> Any:
            if not isinstance(value, list):
                return NO_FIT
            parsed = []
            for i, entry in enumerate(value):
                if not isinstance(entry, dict):
                    raise FlowParseError(
                        f"Actions[{i}]: expected an action (a JSON object), "
                        f"found {type(entry).__name__}"
                    )
                parsed.append(Action.from_dict(entry, where=f"Actions[{i}]"))
            return parsed

        values, extra = _split(
            raw,
            {
                "Version": _is_str,
                "StartAction": _is_str,
                "Metadata": _is_object,
                "Actions": actions,
                "Settings": _is_object,
            },
        )
        if "Actions" not in values:
            raise FlowParseError(
                f"expected Actions (a list of actions), found {raw.get('Actions')!r:.60}"
            )
        return cls(
            values.get("StartAction"),
            values["Actions"],
            values.get("Version"),
            values.get("Metadata"),
            values.get("Settings"),
            extra=extra,
            key_order=tuple(raw),
        )

    def to_dict(self) -> dict[str, Any]:
        return _write(
            {
                "Version": self.version,
                "StartAction": self.start_action,
                "Metadata": copy.deepcopy(self.metadata),
                "Actions": [action.to_dict() for action in self.actions],
                "Settings": copy.deepcopy(self.settings),
            },
            self.extra,
            self.key_order,
        )

    def to_content(self, *, indent: int | None = None) -> str:
        """The flow as JSON text, for ``AWS::Connect::ContactFlow`` ``Content`` or a file.

        Compact by default (the Content limit is 256,000 characters). Non-ASCII text is written
        as is, and CDK tokens pass through unchanged for synthesis to resolve.
        """
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @property
    def is_module(self) -> bool:
        return self.settings is not None

    def action(self, identifier: str) -> Action:
        """The action with this Identifier; ``KeyError`` naming it when there is none."""
        for action in self.actions:
            if action.identifier == identifier:
                return action
        raise KeyError(f"no action {identifier!r} in this flow")


def load_flow(path: str | Path) -> Flow:
    """The typed flow in a file: plain export, module or wrapped (see :mod:`flows.model.document`).

    Raises :class:`flows.model.document.FlowDocumentError` or :class:`FlowParseError`, each with a
    message naming the file.
    """
    document = load_flow_document(path)
    try:
        return parse_flow(document.content)
    except FlowParseError as exc:
        raise FlowParseError(f"{document.source}: {exc}") from exc


def parse_flow(content: Mapping[str, Any]) -> Flow:
    """The typed flow of a flow-language object (``FlowDocument.content``).

    Raises :class:`FlowParseError` only when the object cannot be a flow at all (no list of
    actions, an action without an Identifier or Type string); anything else is kept.
    """
    return Flow.from_dict(content)
