"""The instance-specific strings of a flow and the constant names an imported module gives them.

A flow exported from one Connect instance names that instance's resources: ARNs of functions,
queues, flows, prompts, bare resource ids where the API takes "ID or ARN", and, in flows shared
as samples, deploy-time placeholders (``{{lambdaFunctions.x.arn}}``, ``<<ARN>>``,
``REPLACE_WITH_...``). `python -m flows import` gathers them as named constants at the top of the
module, so that a user can replace each one with configuration or a CDK token in one place.

Names say what the value is and, where something readable is at hand, which one:
``FUNCTION_CUSTOMER_LOOKUP`` (the function's name), ``QUEUE_BASIC_QUEUE`` (the display name the
console keeps in the block's metadata), ``FLOW_RULES_ENGINE_ERROR`` (a placeholder's words);
otherwise a number: ``QUEUE_1``.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from flows.language.facts import ARN, PLACEHOLDER, RESOURCE_ID, arn_parameters
from flows.model.flow import Flow

# What a parameter that names a resource names, for constants of ids and placeholders.
PARAMETER_KINDS = {
    "LambdaFunctionARN": "FUNCTION",
    "QueueId": "QUEUE",
    "AgentId": "AGENT",
    "ContactFlowId": "FLOW",
    "FlowModuleId": "FLOW_MODULE",
    "PromptId": "PROMPT",
    "HoursOfOperationId": "HOURS",
}
# Resource types of Connect ARNs (arn:aws:connect:...:instance/ID/TYPE/ID), as constant kinds.
CONNECT_RESOURCE_KINDS = {
    "queue": "QUEUE",
    "contact-flow": "FLOW",
    "flow-module": "FLOW_MODULE",
    "prompt": "PROMPT",
    "operating-hours": "HOURS",
    "agent": "AGENT",
    "transfer-destination": "QUICK_CONNECT",
}
MAX_LABEL_WORDS = 6
# Words a linter reads as a hard-coded secret when they end up in a constant's name.
_SECRET_WORDS = re.compile(r"^(PAS+WO?R?D|PASS(PHRASE)?|PWD|TOKEN|SECRETE?)$")


def instance_values(flow: Flow) -> dict[str, str]:
    """Each instance-specific string of the flow's parameters -> its constant name.

    In the order the flow's actions are given; a value used twice has one constant.
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    numbered: dict[str, int] = {}
    shown = _display_names(flow.metadata)
    for action in flow.actions:
        if action.parameters is None:
            continue
        resource_keys = set(arn_parameters(action.type)) | set(PARAMETER_KINDS)
        for path, value in json_strings(action.parameters.to_dict(), ()):
            if value in names:
                continue
            kind_label = _kind_and_label(path, value, resource_keys)
            if kind_label is None:
                continue
            kind, label = kind_label
            label = label or shown.get((action.identifier, path), "")
            names[value] = _unique(kind, label, taken, numbered)
    return names


def _kind_and_label(
    path: tuple[str | int, ...], value: str, resource_keys: set[str]
) -> tuple[str, str] | None:
    """(kind, readable label or "") of an instance-specific value; None for any other string."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    top = path[0] if path and isinstance(path[0], str) else key
    if ARN.match(value):
        return _arn_kind_and_label(value)
    if PLACEHOLDER.search(value):
        words = " ".join(re.findall(r"[A-Za-z0-9]+", value))
        return _parameter_kind(top if top in resource_keys else key), _drop_arn_words(words)
    if RESOURCE_ID.fullmatch(value) and (top in resource_keys or key in resource_keys):
        return _parameter_kind(top if top in resource_keys else key), ""
    return None


def _arn_kind_and_label(arn: str) -> tuple[str, str]:
    parts = arn.split(":", 5)
    service, resource = parts[2], parts[5]
    if service == "lambda":
        pieces = resource.split(":")
        return "FUNCTION", pieces[1] if len(pieces) > 1 else ""
    if service == "connect":
        segments = resource.split("/")
        if len(segments) >= 4:
            kind = CONNECT_RESOURCE_KINDS.get(segments[2], _words_to_name(segments[2]))
            last = segments[-1]
            return kind, "" if RESOURCE_ID.fullmatch(last) else last
        return "INSTANCE", ""
    resource_type = re.split(r"[/:]", resource)[0]
    return _words_to_name(f"{service} {resource_type}"), ""


def _parameter_kind(key: str) -> str:
    if key in PARAMETER_KINDS:
        return PARAMETER_KINDS[key]
    return _words_to_name(re.sub(r"(Id|ARN|Arn)$", "", key)) or "VALUE"


def _drop_arn_words(words: str) -> str:
    """A placeholder's words without the ones every placeholder has (arn, replace with)."""
    kept = [w for w in words.split() if w.lower() not in {"arn", "replace", "with", "id"}]
    return " ".join(kept)


def _unique(kind: str, label: str, taken: set[str], numbered: dict[str, int]) -> str:
    label_name = _words_to_name(label)
    if label_name.startswith(kind + "_") or label_name == kind:
        label_name = label_name[len(kind) + 1 :]
    name = f"{kind}_{label_name}" if label_name else ""
    if not name or name in taken:
        while True:
            numbered[kind] = numbered.get(kind, 0) + 1
            name = f"{kind}_{numbered[kind]}"
            if name not in taken:
                break
    taken.add(name)
    return name


def _words_to_name(text: str) -> str:
    """``getCallerInfo v2`` -> ``GET_CALLER_INFO_V2``: upper-case words joined by ``_``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    words = [w.upper() for w in re.findall(r"[A-Za-z0-9]+", spaced)]
    words = [w for w in words if not _SECRET_WORDS.match(w)][:MAX_LABEL_WORDS]
    name = "_".join(words)
    if name and (name[0].isdigit() or keyword.iskeyword(name)):
        name = "V_" + name
    return name


def json_strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string value (not key) in a JSON value, with the path of keys and indexes to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from json_strings(item, (*path, key))
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            yield from json_strings(item, (*path, index))


def _display_names(
    metadata: Mapping[str, Any] | None,
) -> dict[tuple[str, tuple[str | int, ...]], str]:
    """(block, parameter path) -> the name the console shows for the resource chosen there.

    The console keeps it in ``ActionMetadata[id].parameters``, at the parameter's own path
    (``{"QueueId": {"displayName": "BasicQueue"}}``).
    """
    found: dict[tuple[str, tuple[str | int, ...]], str] = {}
    entries = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    if not isinstance(entries, Mapping):
        return found
    for identifier, entry in entries.items():
        shown = entry.get("parameters") if isinstance(entry, Mapping) else None
        for path, name in _display_paths(shown, ()):
            found[(identifier, path)] = name
    return found


def _display_paths(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, Mapping):
        name = value.get("displayName")
        if isinstance(name, str) and path:
            yield path, name
        for key, item in value.items():
            yield from _display_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _display_paths(item, (*path, index))
