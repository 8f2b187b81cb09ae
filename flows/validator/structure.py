"""Structure rules: the flow object, its size, its actions' identity and type.

Flow level: the pre-2019 format, Version, StartAction, the Actions list and its length, the
stored text's length (naming the largest actions). Action level: the action object itself, its
Identifier (length, characters, reserved names, duplicates) and its Type (legacy block names,
types the language does not have, with the closest known type).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flows.command_line import counted
from flows.language import facts as lang
from flows.validator.context import ActionContext, FlowContext, is_map
from flows.validator.findings import Finding, flow_error

LARGEST_ACTIONS_NAMED = 3


def check_legacy_format(flow: FlowContext) -> bool:
    """Report the pre-2019 export format; true when the content is in it (nothing else applies)."""
    content = flow.content
    legacy_version = content.get("version")
    if "modules" in content or (legacy_version is not None and "Version" not in content):
        signs = [f"`{key}`" for key in lang.LEGACY_FORMAT_KEYS if key in content]
        flow.flow_error(
            "LEGACY_FORMAT",
            f"{' and '.join(signs)} mark the pre-2019 export format, a different language "
            "that CreateContactFlow rejects; rebuild the flow in the flow language "
            f'(Version "{lang.FLOW_LANGUAGE_VERSION}")',
        )
        return True
    return False


def check_version(flow: FlowContext) -> None:
    version = flow.content.get("Version")
    if version != lang.FLOW_LANGUAGE_VERSION:
        found = "missing" if version is None else json.dumps(version)
        flow.flow_error(
            "BAD_VERSION",
            f'Version is {found}; expected "{lang.FLOW_LANGUAGE_VERSION}", the only version '
            "of the flow language",
        )


def actions_list(flow: FlowContext) -> list[Any] | None:
    """The Actions list, or None (reported) when it is missing, empty or not a list."""
    raw_actions = flow.content.get("Actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        what = "missing" if raw_actions is None else "empty" if raw_actions == [] else "not a list"
        flow.flow_error("BAD_ACTIONS", f"Actions is {what}; a flow is a list of actions")
        return None
    if len(raw_actions) > lang.MAX_ACTIONS:
        flow.flow_error(
            "TOO_MANY_ACTIONS",
            f"{counted(len(raw_actions), 'action')}; a flow holds at most {lang.MAX_ACTIONS}",
        )
    return raw_actions


def check_start(flow: FlowContext, *, check_known: bool) -> None:
    start = flow.content.get("StartAction")
    if not isinstance(start, str) or not start:
        found = "missing" if start is None else json.dumps(start)
        flow.flow_error(
            "MISSING_START_ACTION",
            f"StartAction is {found}; expected the Identifier of the first action",
        )
    elif check_known and start not in flow.actions:
        flow.flow_error(
            "UNKNOWN_START_ACTION", f"StartAction {start!r} names no action of the flow"
        )


def index_actions(flow: FlowContext, raw_actions: list[Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """Map Identifiers to actions; report actions that cannot take part in the graph."""
    named: list[tuple[str, Mapping[str, Any]]] = []
    for position, action in enumerate(raw_actions):
        label = f"Actions[{position}]"
        if not is_map(action):
            flow.report(label, "error", "BAD_ACTION", "an action must be a JSON object")
            continue
        identifier = action.get("Identifier")
        if not isinstance(identifier, str) or not identifier:
            found = "missing" if identifier is None else json.dumps(identifier)
            flow.report(label, "error", "BAD_ACTION", f"Identifier is {found}; expected a string")
            continue
        if identifier in flow.actions:
            flow.report(
                identifier,
                "error",
                "DUPLICATE_IDENTIFIER",
                f"Identifier {identifier!r} is used by more than one action "
                f"(again at Actions[{position}])",
            )
            continue
        flow.actions[identifier] = action
        named.append((identifier, action))
    return named


def check_identifier(ctx: ActionContext) -> None:
    identifier = ctx.identifier
    if len(identifier) > lang.MAX_IDENTIFIER_LENGTH:
        ctx.error(
            "IDENTIFIER_TOO_LONG",
            f"Identifier has {counted(len(identifier), 'character')}; at most "
            f"{lang.MAX_IDENTIFIER_LENGTH} are allowed",
        )
    forbidden = sorted(set(identifier) & lang.FORBIDDEN_IDENTIFIER_CHARS)
    if forbidden:
        ctx.error(
            "IDENTIFIER_FORBIDDEN_CHAR",
            f"Identifier contains {' '.join(forbidden)}; none of "
            f"{' '.join(sorted(lang.FORBIDDEN_IDENTIFIER_CHARS))} may appear in one",
        )
    if identifier in lang.RESERVED_IDENTIFIERS:
        ctx.error("IDENTIFIER_RESERVED", f"{identifier!r} is a reserved name")


def check_type(ctx: ActionContext) -> bool:
    """Report a missing, legacy or unknown Type; true when the type is one of the language's."""
    action_type = ctx.action.get("Type")
    if not isinstance(action_type, str) or not action_type:
        found = "missing" if action_type is None else json.dumps(action_type)
        ctx.error("BAD_ACTION", f"Type is {found}; expected an action type")
        return False
    if action_type in lang.LEGACY_TYPES:
        ctx.error(
            "LEGACY_TYPE",
            f"{action_type!r} is not a type of the flow language (a block name or pre-2019 "
            f"type); use {lang.LEGACY_TYPES[action_type]}",
        )
        return False
    if ctx.spec is None:
        closest = lang.closest_type(action_type)
        hint = f"did you mean {closest}? " if closest else ""
        ctx.error(
            "UNKNOWN_TYPE",
            f"unknown action type {action_type!r}: {hint}Connect rejects a flow with an action "
            "type the flow language does not have",
        )
        return False
    return True


def check_action_shape(ctx: ActionContext) -> None:
    if "Parameters" in ctx.action and not is_map(ctx.action["Parameters"]):
        ctx.error("BAD_ACTION", "Parameters must be a JSON object")


def content_too_long(content: Mapping[str, Any], length: int) -> Finding | None:
    """CONTENT_TOO_LONG for stored text over the limit, naming the largest actions."""
    if length <= lang.MAX_CONTENT_CHARS:
        return None
    actions = content.get("Actions")
    sizes = sorted(
        (
            (len(json.dumps(action, ensure_ascii=False)), str(action.get("Identifier")))
            for action in (actions if isinstance(actions, list) else ())
            if isinstance(action, Mapping)
        ),
        reverse=True,
    )[:LARGEST_ACTIONS_NAMED]
    largest = ", ".join(f"{identifier!r} ({size:,})" for size, identifier in sizes)
    return flow_error(
        "CONTENT_TOO_LONG",
        f"the flow's JSON is {length:,} characters; Amazon Connect takes at most "
        f"{lang.MAX_CONTENT_CHARS:,}"
        + (f"; the largest actions, in characters: {largest}" if largest else ""),
    )
