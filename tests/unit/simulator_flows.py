"""Small hand-written flows for the simulator's tests, shaped like console exports."""

from __future__ import annotations

from typing import Any

ENDINGS = ("yes", "no", "error", "other")


def action(  # noqa: PLR0917 - reads like the console: id, type, parameters, branches
    identifier: str,
    type_: str,
    parameters: dict[str, Any] | None = None,
    next_action: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, str, str]] | None = None,
) -> dict[str, Any]:
    """One action as the console exports it; conditions are (operator, operand, target)."""
    transitions: dict[str, Any] = {}
    if next_action:
        transitions["NextAction"] = next_action
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": t} for e, t in errors.items()]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": t, "Condition": {"Operator": o, "Operands": [v]}}
            for o, v, t in conditions
        ]
    return {
        "Identifier": identifier,
        "Type": type_,
        "Parameters": parameters or {},
        "Transitions": transitions,
    }


def flow(*actions: dict[str, Any]) -> dict[str, Any]:
    """A flow of these actions, starting at the first, plus four Disconnect blocks named after
    the endings tests look for (``yes``, ``no``, ``error``, ``other``)."""
    ends = [action(name, "DisconnectParticipant") for name in ENDINGS]
    return {
        "Version": "2019-10-30",
        "StartAction": actions[0]["Identifier"],
        "Actions": [*actions, *ends],
    }


def say(identifier: str, text: str, next_action: str = "yes") -> dict[str, Any]:
    """A Play prompt block."""
    return action(identifier, "MessageParticipant", {"Text": text}, next_action)


def module(*actions: dict[str, Any], name: str = "module") -> dict[str, Any]:
    """A flow module (top-level Settings) of these actions, starting at the first."""
    return {
        "Version": "2019-10-30",
        "StartAction": actions[0]["Identifier"],
        "Actions": list(actions),
        "Settings": {"InputParameters": [], "OutputParameters": [], "Transitions": []},
        "Metadata": {"name": name},
    }
