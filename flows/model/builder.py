"""Building a flow the way the console designer reads: a block, its success path, its branches.

    flow = FlowBuilder(start="Look up caller")
    flow.action("Look up caller", InvokeLambdaFunction(...)).then("Greet").on_error("Sorry")
    flow.action("Route", Compare(comparison_value="$.Attributes.tier")).when(
        equals("GOLD"), "Priority"
    ).otherwise("Standard")
    flow.action("Hang up", DisconnectParticipant())
    content = flow.build().to_dict()

Identifiers may be readable names ("Look up caller"); they follow the language's rules
(:mod:`flows.language.facts`). Wiring mistakes are :class:`FlowBuildError` raised at build time,
with the action and the missing target named, instead of a flow that Connect rejects at deploy time.

Output is shaped as a console export: ``Parameters`` always written, ``Transitions: {}`` on
terminal blocks, an ``Errors`` list on every other block, ``Conditions`` on blocks that branch
on conditions, ``NextAction`` of blocks without a success branch set as the console sets it,
and the console's layout ``Metadata`` from :func:`flows.model.layout.compute_layout`.

Flows brought in from the console (``python -m flows import``) keep what the console wrote:
``position=`` and ``entry_position=`` pin blocks where the designer had them, ``metadata=`` keeps
the console's other ``Metadata`` (display names of chosen resources, annotations), and
:meth:`ActionBuilder.write_empty` says whether an empty ``Errors`` or ``Conditions`` list is
written, since exports differ from block to block. A block whose JSON the wiring methods cannot
write (no ``Parameters``, extra keys, a ``NextAction`` the console would not have set) is added
as the model holds it with :meth:`FlowBuilder.add`; its targets are still checked.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.command_line import counted
from flows.language.facts import (
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
from flows.model.actions import Parameters, RawParameters
from flows.model.flow import Action, Condition, ConditionBranch, ErrorBranch, Flow, Transitions
from flows.model.layout import layout_metadata

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Where the console designer draws a block or the entry point: x to the right, y down.
Position = tuple[float, float]


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
            f"action identifier {identifier!r}: {counted(len(identifier), 'character')}, "
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
    position: Position | None = None
    empty_errors: bool | None = None  # None: as the console writes it (an empty list)
    empty_conditions: bool | None = None  # None: only on types that branch on conditions
    exact: Action | None = None  # a block added as the model holds it (FlowBuilder.add)

    @property
    def type(self) -> str:
        return self.exact.type if self.exact is not None else self.parameters.action_type

    def describe(self) -> str:
        return f"action {self.identifier!r} ({self.type})"

    def _not_terminal(self, what: str) -> None:
        if self.exact is not None:
            raise FlowBuildError(
                f"{self.describe()} was added exactly as given: it takes no {what}"
            )
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

    def write_empty(
        self, *, errors: bool | None = None, conditions: bool | None = None
    ) -> ActionBuilder:
        """Whether an empty ``Errors`` / ``Conditions`` list is written (``None``: the default).

        The console writes ``"Errors": []`` on some blocks and leaves the key out on others, and
        ``"Conditions": []`` on some blocks that never branch on conditions; an imported flow
        says which, so that it is rebuilt exactly as exported. Lists with branches are always
        written.
        """
        self._not_terminal("branch lists")
        self.empty_errors = errors
        self.empty_conditions = conditions
        return self

    def targets(self) -> list[tuple[str, str]]:
        """(branch, target) for every branch wired so far."""
        if self.exact is not None:
            return _exact_targets(self.exact)
        out = [] if self.next_action is None else [("NextAction", self.next_action)]
        out += [(f"condition {c.operator} {c.operand!r}", t) for c, t in self.conditions]
        out += [(f"{error_type} branch", t) for error_type, t in self.errors]
        return out

    def to_action(self) -> Action:
        if self.exact is not None:
            return copy.deepcopy(self.exact)
        if self.type in TERMINAL_TYPES:
            transitions = Transitions()
        else:
            spec = ACTION_SPECS.get(self.type)
            next_action = self.next_action
            if next_action is None and self.type in NO_SUCCESS_BRANCH_TYPES and self.errors:
                errors = dict(self.errors)
                next_action = errors.get(NO_MATCHING_CONDITION, self.errors[0][1])
            if self.empty_conditions is None:
                conditions_list = spec is not None and spec.conditions
            else:
                conditions_list = self.empty_conditions
            transitions = Transitions(
                next_action,
                [ConditionBranch(c, t) for c, t in self.conditions]
                if self.conditions or conditions_list
                else None,
                [ErrorBranch(e, t) for e, t in self.errors]
                if self.errors or self.empty_errors is not False
                else None,
            )
        return Action(self.identifier, self.type, self.parameters, transitions)


def _exact_targets(action: Action) -> list[tuple[str, str]]:
    """(branch, target) of a block given as the model holds it; missing targets are skipped."""
    transitions = action.transitions
    if transitions is None:
        return []
    out = [] if transitions.next_action is None else [("NextAction", transitions.next_action)]
    for branch in transitions.conditions or ():
        if branch.next_action is not None:
            label = "condition"
            if branch.condition is not None:
                label = f"condition {branch.condition.operator} {branch.condition.operand!r}"
            out.append((label, branch.next_action))
    for error in transitions.errors or ():
        if error.next_action is not None:
            out.append((f"{error.error_type} branch", error.next_action))
    return out


class FlowBuilder:
    """Collects blocks and their wiring, then checks and builds the :class:`Flow`."""

    def __init__(
        self,
        *,
        start: str | None = None,
        settings: Mapping[str, Any] | None = None,
        entry_position: Position | None = None,
        metadata: Mapping[str, Any] | None = None,
    ):
        """``start``: the first block (default: the first one added); ``settings``: a module's.

        ``entry_position``: where the designer draws the entry point (default: the layout's).
        ``metadata``: the console's ``Metadata`` to keep (flow name, annotations, and under
        ``ActionMetadata`` each block's display data); positions in it are replaced by the
        layout's, or by ``entry_position`` and each block's ``position``.
        """
        self.start = start
        self.settings = dict(settings) if settings is not None else None
        self.entry_position = entry_position
        self.metadata = copy.deepcopy(dict(metadata)) if metadata is not None else None
        self._actions: dict[str, ActionBuilder] = {}

    def action(
        self, identifier: str, parameters: Parameters, *, position: Position | None = None
    ) -> ActionBuilder:
        """Add a block; wire it with the returned builder's then/on_error/when/otherwise.

        ``position``: where the designer draws the block (default: the layout's).
        """
        if not isinstance(parameters, Parameters):
            raise FlowBuildError(
                f"action {identifier!r}: expected parameters such as InvokeLambdaFunction(...), "
                f"found {type(parameters).__name__}"
            )
        return self._add(ActionBuilder(identifier, parameters, position=position))

    def add(self, action: Action, *, position: Position | None = None) -> ActionBuilder:
        """Add a block exactly as the model holds it (``Parameters`` or ``Transitions`` left
        out, extra keys, a ``NextAction`` the wiring methods would not write).

        For blocks brought in from exports that the wiring methods cannot reproduce; its
        targets are checked like any other block's, its parameters and branches are not.
        """
        if not isinstance(action, Action):
            raise FlowBuildError(
                f"add: expected an Action of flows.model.flow, found {type(action).__name__}"
            )
        parameters = action.parameters or RawParameters.of(action.type)
        return self._add(
            ActionBuilder(
                action.identifier, parameters, position=position, exact=copy.deepcopy(action)
            )
        )

    def _add(self, builder: ActionBuilder) -> ActionBuilder:
        check_identifier(builder.identifier)
        if builder.identifier in self._actions:
            raise FlowBuildError(f"action identifier {builder.identifier!r} is used twice")
        self._actions[builder.identifier] = builder
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
            if spec is None or builder.exact is not None:
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

        ``layout`` adds the console's position metadata (see :mod:`flows.model.layout`).
        """
        problems = self.problems()
        if problems:
            raise FlowBuildError("; ".join(problems))
        start = self.start if self.start is not None else next(iter(self._actions))
        flow = Flow(
            start_action=start,
            actions=[builder.to_action() for builder in self._actions.values()],
            metadata=copy.deepcopy(self.metadata),
            settings=copy.deepcopy(self.settings),
        )
        if layout:
            flow.metadata = _console_metadata(flow)
        if flow.metadata is not None or self._has_positions():
            flow.metadata = self._pinned(flow.metadata or {})
        return flow

    def _has_positions(self) -> bool:
        return self.entry_position is not None or any(
            builder.position is not None for builder in self._actions.values()
        )

    def _pinned(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """``metadata`` with the positions given for the entry point and blocks."""
        if self.entry_position is not None:
            metadata["entryPointPosition"] = _xy(self.entry_position)
        for builder in self._actions.values():
            if builder.position is not None:
                entries = metadata.setdefault("ActionMetadata", {})
                entries.setdefault(builder.identifier, {})["position"] = _xy(builder.position)
        return metadata


def _xy(position: Position) -> dict[str, float]:
    x, y = position
    return {"x": x, "y": y}


def _console_metadata(flow: Flow) -> dict[str, Any]:
    """The console's ``Metadata`` for a flow (:func:`flows.model.layout.layout_metadata`), with
    readable identifiers marked ``isFriendlyName`` as the console marks them."""
    metadata = layout_metadata(flow.to_dict())
    for identifier, entry in metadata["ActionMetadata"].items():
        if not _UUID.fullmatch(identifier) and "isFriendlyName" not in entry:
            entry["isFriendlyName"] = True
    return metadata
