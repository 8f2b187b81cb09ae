"""Building a flow the way the console designer reads: a block, its success path, its branches.

    flow = FlowBuilder(start="Look up caller")
    flow.action("Look up caller", InvokeLambdaFunction(...)).then("Greet").on_error("Sorry")
    flow.action("Route", Compare(comparison_value="$.Attributes.tier")).when(
        equals("GOLD"), "Priority"
    ).otherwise("Standard")
    flow.action("Hang up", DisconnectParticipant())
    content = flow.build().to_dict()

Identifiers may be readable names ("Look up caller"); they follow the language's rules
(:mod:`flows.language`). Wiring mistakes are :class:`FlowBuildError` raised at build time, with
the action and the missing target named, instead of a flow that Connect rejects at deploy time.

Output is shaped as a console export: ``Parameters`` always written, ``Transitions: {}`` on
terminal blocks, an ``Errors`` list on every other block, ``Conditions`` on blocks that branch
on conditions, ``NextAction`` of blocks without a success branch set as the console sets it,
and the console's layout ``Metadata`` from :func:`flows.layout.compute_layout`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.actions import Parameters
from flows.language import (
    ACTION_SPECS,
    FORBIDDEN_IDENTIFIER_CHARS,
    MAX_IDENTIFIER_LENGTH,
    NO_MATCHING_CONDITION,
    NO_MATCHING_ERROR,
    NO_SUCCESS_BRANCH_TYPES,
    OPERATORS,
    RESERVED_IDENTIFIERS,
    TERMINAL_TYPES,
)
from flows.layout import layout_metadata
from flows.model import Action, Condition, ConditionBranch, ErrorBranch, Flow, Transitions

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class FlowBuildError(ValueError):
    """A flow that cannot be built as written; the message names the action and the problem."""


def condition(operator: str, operand: str) -> Condition:
    """A condition with one of the language's eight operators and its single operand."""
    if operator not in OPERATORS:
        raise FlowBuildError(
            f"condition operator {operator!r} is not one of the language's: {', '.join(OPERATORS)}"
        )
    return Condition(operator, [operand])


def equals(operand: str) -> Condition:
    return condition("Equals", operand)


def text_starts_with(operand: str) -> Condition:
    return condition("TextStartsWith", operand)


def text_ends_with(operand: str) -> Condition:
    return condition("TextEndsWith", operand)


def text_contains(operand: str) -> Condition:
    return condition("TextContains", operand)


def number_greater_than(operand: str) -> Condition:
    return condition("NumberGreaterThan", operand)


def number_greater_or_equal_to(operand: str) -> Condition:
    return condition("NumberGreaterOrEqualTo", operand)


def number_less_than(operand: str) -> Condition:
    return condition("NumberLessThan", operand)


def number_less_or_equal_to(operand: str) -> Condition:
    return condition("NumberLessOrEqualTo", operand)


def check_identifier(identifier: str) -> None:
    """Raise :class:`FlowBuildError` unless ``identifier`` follows the language's rules."""
    if not isinstance(identifier, str) or not identifier:
        raise FlowBuildError(f"action identifier {identifier!r}: expected a non-empty string")
    if len(identifier) > MAX_IDENTIFIER_LENGTH:
        raise FlowBuildError(
            f"action identifier {identifier!r}: {len(identifier)} characters, "
            f"at most {MAX_IDENTIFIER_LENGTH} allowed"
        )
    forbidden = sorted(set(identifier) & FORBIDDEN_IDENTIFIER_CHARS)
    if forbidden:
        raise FlowBuildError(
            f"action identifier {identifier!r}: contains {' '.join(forbidden)}; "
            f"none of {' '.join(sorted(FORBIDDEN_IDENTIFIER_CHARS))} is allowed"
        )
    if identifier in RESERVED_IDENTIFIERS:
        raise FlowBuildError(f"action identifier {identifier!r} is a reserved name")


@dataclass
class ActionBuilder:
    """One block being wired; every method returns the builder so calls chain."""

    identifier: str
    parameters: Parameters
    next_action: str | None = None
    conditions: list[tuple[Condition, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.parameters.action_type

    def describe(self) -> str:
        return f"action {self.identifier!r} ({self.type})"

    def _not_terminal(self, what: str) -> None:
        if self.type in TERMINAL_TYPES:
            raise FlowBuildError(f"{self.describe()} ends the flow: it cannot have {what}")

    def then(self, target: str) -> ActionBuilder:
        """The success path (``NextAction``)."""
        self._not_terminal("a next action")
        if self.type in NO_SUCCESS_BRANCH_TYPES:
            raise FlowBuildError(
                f"{self.describe()} has no success branch: wire its conditions and errors"
            )
        if self.next_action is not None:
            raise FlowBuildError(
                f"{self.describe()} already goes to {self.next_action!r} on success"
            )
        self.next_action = target
        return self

    def on_error(self, target: str, error_type: str = NO_MATCHING_ERROR) -> ActionBuilder:
        """An error branch: ``NoMatchingError`` (the console's "Error") unless another is named."""
        self._not_terminal("error branches")
        spec = ACTION_SPECS.get(self.type)
        if spec is not None and error_type not in spec.errors:
            takes = ", ".join(sorted(spec.errors)) or "no error branches"
            raise FlowBuildError(
                f"{self.describe()} has no error branch {error_type!r}; it takes {takes}"
            )
        if any(existing == error_type for existing, _ in self.errors):
            raise FlowBuildError(f"{self.describe()} already has a {error_type} branch")
        self.errors.append((error_type, target))
        return self

    def when(self, condition: Condition, target: str) -> ActionBuilder:
        """A condition branch; conditions are tried in the order given, the first true wins."""
        self._not_terminal("conditions")
        spec = ACTION_SPECS.get(self.type)
        if spec is not None and not spec.conditions:
            raise FlowBuildError(f"{self.describe()} does not branch on conditions")
        self.conditions.append((condition, target))
        return self

    def otherwise(self, target: str) -> ActionBuilder:
        """Where the contact goes when no condition is true (``NoMatchingCondition``)."""
        return self.on_error(target, NO_MATCHING_CONDITION)

    def targets(self) -> list[tuple[str, str]]:
        """(branch, target) for every branch wired so far."""
        out = [] if self.next_action is None else [("NextAction", self.next_action)]
        out += [(f"condition {c.operator} {c.operand!r}", t) for c, t in self.conditions]
        out += [(f"{error_type} branch", t) for error_type, t in self.errors]
        return out

    def to_action(self) -> Action:
        if self.type in TERMINAL_TYPES:
            transitions = Transitions()
        else:
            spec = ACTION_SPECS.get(self.type)
            next_action = self.next_action
            if next_action is None and self.type in NO_SUCCESS_BRANCH_TYPES and self.errors:
                errors = dict(self.errors)
                next_action = errors.get(NO_MATCHING_CONDITION, self.errors[0][1])
            branches_on_conditions = bool(self.conditions) or (spec is not None and spec.conditions)
            transitions = Transitions(
                next_action,
                [ConditionBranch(c, t) for c, t in self.conditions]
                if branches_on_conditions
                else None,
                [ErrorBranch(e, t) for e, t in self.errors],
            )
        return Action(self.identifier, self.type, self.parameters, transitions)


class FlowBuilder:
    """Collects blocks and their wiring, then checks and builds the :class:`Flow`."""

    def __init__(self, *, start: str | None = None, settings: Mapping[str, Any] | None = None):
        """``start``: the first block (default: the first one added); ``settings``: a module's."""
        self.start = start
        self.settings = dict(settings) if settings is not None else None
        self._actions: dict[str, ActionBuilder] = {}

    def action(self, identifier: str, parameters: Parameters) -> ActionBuilder:
        """Add a block; wire it with the returned builder's then/on_error/when/otherwise."""
        check_identifier(identifier)
        if identifier in self._actions:
            raise FlowBuildError(f"action identifier {identifier!r} is used twice")
        if not isinstance(parameters, Parameters):
            raise FlowBuildError(
                f"action {identifier!r}: expected parameters such as InvokeLambdaFunction(...), "
                f"found {type(parameters).__name__}"
            )
        builder = ActionBuilder(identifier, parameters)
        self._actions[identifier] = builder
        return builder

    def problems(self) -> list[str]:
        """Everything that keeps the flow from being built, one line each."""
        problems: list[str] = []
        if not self._actions:
            return ["the flow has no actions"]
        if self.start is not None and self.start not in self._actions:
            problems.append(f"start action {self.start!r} is not an action of this flow")
        for builder in self._actions.values():
            where = builder.describe()
            for branch, target in builder.targets():
                if target not in self._actions:
                    problems.append(
                        f"{where}: {branch} goes to {target!r}, which is not an action of this flow"
                    )
            spec = ACTION_SPECS.get(builder.type)
            if spec is None:
                continue
            wired_errors = {error_type for error_type, _ in builder.errors}
            for missing in sorted(spec.required_errors - wired_errors):
                problems.append(f"{where}: needs a {missing} branch")
            written = builder.parameters.to_dict()
            for name in spec.required_parameters:
                if name not in written:
                    problems.append(f"{where}: needs the parameter {name}")
            if not spec.terminal and not builder.targets():
                problems.append(f"{where}: has no way on (no next action, condition or error)")
        return problems

    def build(self, *, layout: bool = True) -> Flow:
        """The flow; raises :class:`FlowBuildError` listing every wiring problem found.

        ``layout`` adds the console's position metadata (see :mod:`flows.layout`).
        """
        problems = self.problems()
        if problems:
            raise FlowBuildError("; ".join(problems))
        start = self.start if self.start is not None else next(iter(self._actions))
        flow = Flow(
            start_action=start,
            actions=[builder.to_action() for builder in self._actions.values()],
            settings=self.settings,
        )
        if layout:
            flow.metadata = _console_metadata(flow)
        return flow


def _console_metadata(flow: Flow) -> dict[str, Any]:
    """The console's ``Metadata`` for a flow (:func:`flows.layout.layout_metadata`), with
    readable identifiers marked ``isFriendlyName`` as the console marks them."""
    metadata = layout_metadata(flow.to_dict())
    for identifier, entry in metadata["ActionMetadata"].items():
        if not _UUID.fullmatch(identifier):
            entry["isFriendlyName"] = True
    return metadata
