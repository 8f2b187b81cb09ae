"""Transition rules: where each action can go, judged against the action table.

The shape of Transitions (NextAction, Errors, Conditions), targets that name no action, dead
ends and terminal actions with transitions; the error types an action may and must declare
(some only under a parameter setting, e.g. Get customer input's NoMatchingCondition only with
StoreInput "False"); its conditions (none, free, or a fixed set of results with the required
ones, the operators it takes, the operands' form); and reachability from StartAction. Each
action records its edges on the flow context for the graph passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flows.language import facts as lang
from flows.language.action_spec import ActionSpec, ConditionSpec, holds_all, lookup
from flows.validator.context import ActionContext, FlowContext, is_map


def check_transitions(ctx: ActionContext, *, known: bool) -> None:
    transitions = ctx.action.get("Transitions")
    if not is_map(transitions):
        found = "missing" if transitions is None else "not an object"
        ctx.error(
            "BAD_TRANSITIONS",
            f"Transitions is {found}; every action has one (`{{}}` on terminal actions)",
        )
        return
    next_action = _next_action(ctx, transitions)
    error_types = _error_branches(ctx, transitions.get("Errors"))
    conditions = _conditions(ctx, transitions.get("Conditions"))
    spec = ctx.spec
    terminal = spec is not None and spec.terminal
    if terminal and (next_action or error_types or conditions):
        ctx.error(
            "TERMINAL_WITH_TRANSITIONS",
            f"{lang.console_name(ctx.type)} ends the flow; its Transitions must be empty (`{{}}`)",
        )
    elif known and not terminal and not (next_action or error_types or conditions):
        ctx.error(
            "DEAD_END",
            f"{lang.console_name(ctx.type)} has no way on: give it a NextAction, a condition or "
            "an error branch, or end the path with a Disconnect / End flow block",
        )
    if spec is not None and not terminal:
        _check_error_types(ctx, spec, error_types)
        _check_conditions_against_table(ctx, spec, conditions)


def check_reachability(flow: FlowContext) -> set[str]:
    """Warn about actions no path from StartAction reaches; return the reachable ones."""
    start = flow.content.get("StartAction")
    reachable: set[str] = set()
    if isinstance(start, str) and start in flow.actions:
        stack = [start]
        while stack:
            current = stack.pop()
            if current in reachable:
                continue
            reachable.add(current)
            stack.extend(t for t, _ in flow.edges.get(current, ()) if t not in reachable)
        for identifier in flow.actions:
            if identifier not in reachable:
                flow.report(
                    identifier,
                    "warning",
                    "UNREACHABLE",
                    "no path from StartAction reaches this action",
                )
    return reachable


# -- shape and targets -----------------------------------------------------------------------


def _target(ctx: ActionContext, target: Any, where: str, kind: str) -> None:
    if not isinstance(target, str) or not target:
        found = "missing" if target is None else json.dumps(target)
        ctx.error("BAD_TRANSITIONS", f"{where} NextAction is {found}; expected an Identifier")
        return
    if target not in ctx.flow.actions:
        ctx.error("UNKNOWN_TARGET", f"{where} goes to {target!r}, which is no action's Identifier")
        return
    ctx.edges.append((target, kind))


def _next_action(ctx: ActionContext, transitions: Mapping[str, Any]) -> bool:
    next_action = transitions.get("NextAction")
    if next_action is None or next_action == "":
        return False  # exports write "" for an unconnected Success branch
    if not isinstance(next_action, str):
        ctx.error("BAD_TRANSITIONS", "NextAction must be an action's Identifier (a string)")
        return False
    _target(ctx, next_action, "NextAction", "next")
    return True


def _error_branches(ctx: ActionContext, errors: Any) -> list[str]:
    if errors is None:
        return []
    if not isinstance(errors, list):
        ctx.error("BAD_TRANSITIONS", "Errors must be a list of {ErrorType, NextAction}")
        return []
    error_types: list[str] = []
    for position, branch in enumerate(errors):
        if not is_map(branch) or not isinstance(branch.get("ErrorType"), str):
            ctx.error(
                "BAD_TRANSITIONS",
                f"Errors[{position}] must be an object with an ErrorType string and a NextAction",
            )
            continue
        error_type = branch["ErrorType"]
        error_types.append(error_type)
        _target(ctx, branch.get("NextAction"), f"error branch {error_type}", "error")
    return error_types


# A well-formed condition: (position, operator or None, operand or None).
_Condition = tuple[int, Any, str | None]


def _conditions(ctx: ActionContext, conditions: Any) -> list[_Condition]:
    """Check the shape of each condition; return the well-enough-formed ones."""
    if conditions is None:
        return []
    if not isinstance(conditions, list):
        ctx.error("BAD_TRANSITIONS", "Conditions must be a list of {NextAction, Condition}")
        return []
    found: list[_Condition] = []
    for position, entry in enumerate(conditions):
        where = f"Conditions[{position}]"
        if not is_map(entry):
            ctx.error("BAD_CONDITION", f"{where} must be an object {{NextAction, Condition}}")
            continue
        _target(ctx, entry.get("NextAction"), where, "condition")
        condition = entry.get("Condition")
        if not is_map(condition):
            keys = ", ".join(sorted(str(k) for k in entry if k != "NextAction")) or "nothing"
            ctx.error(
                "BAD_CONDITION",
                f"{where} has no Condition object ({{Operator, Operands}}); found {keys}",
            )
            continue
        found.append((position, *_check_condition(ctx, where, condition)))
    return found


def _check_condition(
    ctx: ActionContext, where: str, condition: Mapping[str, Any]
) -> tuple[Any, str | None]:
    """Check one condition's operator and operands; return (operator, the operand if sound)."""
    operator = condition.get("Operator")
    operands = condition.get("Operands")
    if operator is None and operands is None:
        keys = ", ".join(sorted(str(k) for k in condition)) or "nothing"
        ctx.error(
            "BAD_CONDITION",
            f"{where} Condition has neither Operator nor Operands (found {keys}); expected "
            '{"Operator": "Equals", "Operands": ["value"]}',
        )
        return None, None
    if operator is None:
        ctx.error("BAD_CONDITION", f"{where} has no Operator; expected one of {_operators()}")
    elif operator not in lang.OPERATORS:
        ctx.error(
            "UNKNOWN_OPERATOR",
            f"{where} uses operator {json.dumps(operator)}{_operator_hint(operator)}; the "
            f"language has only {_operators()}",
        )
    if operands is None:
        ctx.error("BAD_CONDITION", f"{where} has no Operands; expected a list of one string")
        return operator, None
    if not (isinstance(operands, list) and len(operands) == 1 and isinstance(operands[0], str)):
        ctx.error(
            "BAD_OPERANDS",
            f"{where} Operands is {json.dumps(operands)}; every operator takes exactly one "
            "string operand",
        )
        return operator, None
    return operator, operands[0]


# -- against the table -----------------------------------------------------------------------


def _check_error_types(ctx: ActionContext, spec: ActionSpec, error_types: list[str]) -> None:
    seen: set[str] = set()
    for error_type in error_types:
        if error_type in seen:
            ctx.warning(
                "DUPLICATE_ERROR_TYPE",
                f"error type {error_type} is handled twice; only one branch can be taken",
            )
        seen.add(error_type)
        error_spec = spec.error_spec(error_type)
        if error_spec is None:
            ctx.error("UNSUPPORTED_ERROR_TYPE", _unsupported_error(ctx, spec, error_type))
        elif holds_all(error_spec.when, ctx.parameters) is False:
            settings = " and ".join(when.describe() for when in error_spec.when)
            ctx.error(
                "UNSUPPORTED_ERROR_TYPE",
                f"{ctx.type} raises {error_type} only when {settings}; remove that branch or "
                "change the setting",
            )
    for error_spec in spec.error_specs:
        if not error_spec.required or error_spec.type in seen:
            continue
        if holds_all(error_spec.when, ctx.parameters) is True:
            ctx.error(
                "MISSING_ERROR_BRANCH",
                f"{ctx.type} needs a {error_spec.type} error branch (where the contact goes when "
                "the action fails)",
            )


def _unsupported_error(ctx: ActionContext, spec: ActionSpec, error_type: str) -> str:
    if not spec.errors:
        return (
            f"{ctx.block} has no error branches (its reference page says 'Errors: None.'); "
            f"Connect refuses a flow that declares {error_type} on it"
        )
    takes = ", ".join(sorted(spec.errors))
    return f"{ctx.type} does not raise {error_type}; its error types: {takes}"


def _check_conditions_against_table(
    ctx: ActionContext, spec: ActionSpec, conditions: list[_Condition]
) -> None:
    allowed = spec.conditions_for(ctx.parameters)
    if allowed is None:
        if conditions:
            when = spec.condition_spec.when if spec.condition_spec is not None else None
            reason = ""
            if when is not None:
                _, value = lookup(ctx.parameters, when.parameter)
                reason = f" when {when.parameter} is {json.dumps(value)}"
            ctx.error(
                "CONDITIONS_NOT_SUPPORTED",
                f"{ctx.type} takes no conditions{reason}; its {len(conditions)} condition(s) "
                "are never evaluated",
            )
        return
    compared: set[str] = set()
    for position, operator, operand in conditions:
        where = f"Conditions[{position}]"
        if allowed.operators and operator in lang.OPERATORS and operator not in allowed.operators:
            ctx.error(
                "UNSUPPORTED_OPERATOR",
                f"{where} uses {operator}; {ctx.type} conditions take only "
                f"{' or '.join(allowed.operators)}",
            )
        if operand is None:
            continue
        compared.add(operand)
        _check_operand(ctx, allowed, where, operand)
    required = list(allowed.required)
    if allowed.required_from:
        listed = ctx.parameters.get(allowed.required_from)
        if isinstance(listed, list):
            required += [item for item in listed if isinstance(item, str) and item not in required]
    missing = [value for value in required if value not in compared]
    if missing and allowed.required_from and set(missing) - set(allowed.required):
        ctx.error(
            "MISSING_CONDITION",
            f"{ctx.type} needs a condition for {', '.join(allowed.required)} and for every "
            f"event of {allowed.required_from}; missing: {', '.join(missing)}",
        )
    elif missing:
        ctx.error(
            "MISSING_CONDITION",
            f"{ctx.type} needs a condition for each of {', '.join(allowed.required)}; "
            f"missing: {', '.join(missing)}",
        )


def _check_operand(ctx: ActionContext, allowed: ConditionSpec, where: str, operand: str) -> None:
    if allowed.values and not allowed.others and operand not in allowed.values:
        ctx.error(
            "BAD_CONDITION_VALUE",
            f"{where} compares with {operand!r}; {ctx.type} returns only "
            f"{' or '.join(allowed.values)}",
        )
    elif allowed.operand_pattern and not re.fullmatch(allowed.operand_pattern, operand):
        ctx.error(
            "BAD_CONDITION_VALUE",
            f"{where} compares with {operand!r}; {ctx.type} conditions compare with "
            f"{allowed.operand_text}",
        )


def _operators() -> str:
    return ", ".join(lang.OPERATORS)


def _operator_hint(operator: Any) -> str:
    if isinstance(operator, str):
        for real in lang.OPERATORS:
            if real != operator and real.endswith(operator):
                return f" (did you mean {real}?)"
    return ""
