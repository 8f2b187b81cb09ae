"""What adopting a set of flows means: each flow's name, type and module, and which of its values
become named references.

`python -m flows adopt` is `python -m flows import` for a set of flows, with the instance's
values written as references (:mod:`flows.model.references`) instead of constants. This module
decides; :mod:`flows.adopt.package` writes the package.

**Which values.** Every string of a flow (parameters, condition operands, the console's
metadata, a module's settings) that is an ARN of a Connect resource of the instance (queue,
flow, module, prompt, hours, quick connect, routing profile), of a Lambda function or of a Lex V2
bot alias, and every bare resource id (a UUID) in a parameter that names a resource (``QueueId``,
``ContactFlowId``, ``PromptId``, an event hook, ...). Deploy-time placeholders and `$.`
references are left as they are.

**Names**, in this order: the export's own metadata (the console keeps the display name of each
resource chosen in a block: ``ActionMetadata[block].parameters.QueueId.displayName``, objects
``{"id": ARN, "text": NAME}``, a Lex bot's ``lexV2BotName`` and ``lexV2BotAliasName``); else the
instance's resources.json (``--resources``, as `python -m flows pull` writes it); else the set
itself (a flow of the set named by its ARN, as pulled files carry it). A function is named by
its ARN (``...:function:NAME[:QUALIFIER]``). A value that cannot be named, or whose name another
value of the same kind already took, stays a literal, with a warning naming the flow and block.

**A flow's name** is the export's (``Metadata.name``, the wrapper's ``Name``), else the file's
stem. **Its type** is the export's (the wrapper's ``Type``, ``Metadata.type``; a top-level
``Settings`` makes it a flow module), else what the set's references imply (a flow set as an
AgentWhisper event hook is an AGENT_WHISPER flow; a TransferToFlow target is a CONTACT_FLOW),
else what its blocks allow (as the validator infers it: :mod:`flows.language.flow_kind`), else
CONTACT_FLOW, with a note saying so.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.adopt.import_plan import FlowImportError, ImportPlan, plan_import
from flows.adopt.instance_values import json_strings
from flows.language import flow_types as kinds
from flows.language.arns import ArnError, LambdaFunctionRef, parse_lambda_function
from flows.language.facts import ARN, RESOURCE_ID
from flows.language.flow_kind import blocks_of, declared_flow_type, infer_flow_type
from flows.model.document import FlowDocument, FlowDocumentError, load_flow_document
from flows.model.references import (
    CONNECT_KINDS,
    REFERENCE_KINDS,
    Flow,
    LambdaFunction,
    LexBot,
    Reference,
    Resource,
    ResourceTable,
)

# Parameter names whose bare-id values name a resource of this kind (the language takes "an ID
# or ARN" there: https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html).
ID_PARAMETER_KINDS: Mapping[str, str] = {
    "QueueId": "Queue",
    "ContactFlowId": "Flow",
    "FlowModuleId": "FlowModule",
    "PromptId": "Prompt",
    "HoursOfOperationId": "HoursOfOperation",
    "EventHooks": "Flow",
}
# The event hooks that run a flow of one type: UpdateContactEventHooks takes "the flow ID or ARN
# to run when that event occurs" (https://docs.aws.amazon.com/connect/latest/APIReference/
# contact-actions-updatecontacteventhooks.html); whisper, hold and queue flows are types of
# their own (https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html).
HOOK_FLOW_TYPES: Mapping[str, str] = {
    "AgentWhisper": kinds.AGENT_WHISPER,
    "CustomerWhisper": kinds.CUSTOMER_WHISPER,
    "AgentHold": kinds.AGENT_HOLD,
    "CustomerHold": kinds.CUSTOMER_HOLD,
    "CustomerQueue": kinds.CUSTOMER_QUEUE,
}
# "Transfer to flow" ends the current flow and starts another, which must be an inbound, a
# transfer to agent or a transfer to queue flow (else the Error branch):
# https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-flow.html. Of the three, a
# target of the set is taken to be the inbound one; the note names the transfer, the export's
# own type decides when it has one.
TRANSFER_TARGET_TYPE = kinds.CONTACT_FLOW
FLOW_MODULE = kinds.FLOW_MODULE
_CONNECT_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"instance/(?P<instance>[0-9a-f-]{36})/(?P<segment>[a-z-]+)/(?P<id>[^/:]+)$"
)
_LEX_ALIAS_ARN = re.compile(
    r"^arn:aws[a-z-]*:lex:[a-z0-9-]+:(?P<account>\d{12}):bot-alias/[A-Z0-9]+/[A-Z0-9]+$"
)
_ACCOUNT_IN_ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?P<account>\d{12}):")
_KIND_OF_SEGMENT = {segment: kind for kind, segment in CONNECT_KINDS.items()}


class AdoptError(ValueError):
    """A set of sources that cannot be adopted; the message names the source and the problem."""


@dataclass(frozen=True)
class SourceFlow:
    """One flow of the set, as read."""

    path: Path
    document: FlowDocument
    plan: ImportPlan
    name: str
    declared_type: str | None  # what the export says (FLOW_MODULE for a module)
    arn: str | None  # pulled files carry it
    description: str


@dataclass
class FlowPlan:
    """One flow of the package: where it came from, its type, module and references."""

    source: SourceFlow
    flow_type: str
    module: str
    references: dict[str, Reference] = field(default_factory=dict)  # source value -> reference
    type_note: str | None = None

    @property
    def name(self) -> str:
        return self.source.name


@dataclass
class Adoption:
    """The whole set: its flows, the source value of every reference, what stayed literal."""

    flows: list[FlowPlan]
    source_resources: ResourceTable
    warnings: list[str]
    source_accounts: set[str]
    source_instances: set[str]


@dataclass(frozen=True)
class _Candidate:
    """An instance-specific value: its kind, what identifies the resource, and its form."""

    kind: str
    identity: str  # the resource's id (Connect), unqualified ARN (function), alias ARN (Lex)
    form: str  # "arn" or "id"
    arn: str | None  # the resource's ARN, when the value holds one
    name: str | None = None  # known from the value itself (a function's name)
    qualifier: str | None = None


def read_sources(paths: Sequence[Path]) -> list[SourceFlow]:
    """The flows in the given files and folders (a folder: its *.json files but resources.json).

    Raises :class:`AdoptError` listing every source that cannot be read or rebuilt.
    """
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix == ".json" and p.name != "resources.json"
            )
            if not found:
                problems.append(f"{path}: a folder with no flow files (*.json)")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    flows: list[SourceFlow] = []
    for path in files:
        try:
            flows.append(_source_flow(path))
        except (FlowDocumentError, FlowImportError) as exc:
            problems.append(str(exc))
    if problems:
        raise AdoptError("\n".join(problems))
    names: dict[str, Path] = {}
    for source in flows:
        if source.name in names:
            problems.append(
                f"{source.path}: the flow name {source.name!r} is also {names[source.name]}'s; "
                "flows of one set need distinct names"
            )
        names.setdefault(source.name, source.path)
    if problems:
        raise AdoptError("\n".join(problems))
    return flows


def _source_flow(path: Path) -> SourceFlow:
    document = load_flow_document(path)
    plan = plan_import(document)
    envelope = document.envelope or {}
    metadata = document.content.get("Metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    declared: str | None = None
    if "Settings" in document.content or document.wrapper == "ContactFlowModule":
        declared = FLOW_MODULE
    else:
        declared = declared_flow_type(document.content, document.flow_type).flow_type
    description = envelope.get("Description", metadata.get("description", ""))
    arn = envelope.get("Arn")
    return SourceFlow(
        path=path,
        document=document,
        plan=plan,
        name=plan.name or path.name.removesuffix(".json"),
        declared_type=declared,
        arn=arn if isinstance(arn, str) else None,
        description=description if isinstance(description, str) else "",
    )


def adopt(sources: Sequence[SourceFlow], resources: ResourceTable | None = None) -> Adoption:
    """Decide names, types, modules and references for the set (see the module docstring)."""
    resources = resources or ResourceTable()
    warnings: list[str] = []
    accounts: set[str] = set()
    instances: set[str] = set()
    names = _names(sources, resources)
    flows = [
        FlowPlan(source=source, flow_type="", module=module)
        for source, module in zip(sources, _module_names(sources), strict=True)
    ]
    table = ResourceTable()
    taken: dict[tuple[str, str, str | None], str] = {}  # resource key -> identity that took it
    warned: set[tuple[str, str]] = set()
    for flow in flows:
        for where, value, candidate in _candidates(flow.source):
            account = _account(value)
            if account:
                accounts.add(account)
            connect = _CONNECT_ARN.match(value)
            if connect:
                instances.add(connect["instance"])
            if value in flow.references or (flow.name, value) in warned:
                continue
            warned.add((flow.name, value))
            if candidate is None:
                if account:
                    warnings.append(
                        f"{flow.name}: {where}: {value} is not a resource a reference can name; "
                        "kept as it is"
                    )
                continue
            reference = _reference(candidate, names)
            if reference is None:
                warnings.append(
                    f"{flow.name}: {where}: no name for the {candidate.kind} {value} (not in "
                    "the export's metadata, the resources file or the set); kept as it is"
                )
                continue
            resource = _source_resource(reference, candidate, value)
            owner = taken.setdefault(resource.key(), candidate.identity)
            if owner != candidate.identity:
                warnings.append(
                    f"{flow.name}: {where}: {value} would be {reference.describe()}, which "
                    f"already names {owner}; kept as it is"
                )
                continue
            warned.discard((flow.name, value))
            flow.references[value] = reference
            table.add(resource)
    instance_arns = {_instance_arn(r.arn) for r in table.resources} - {None}
    if len(instance_arns) == 1:
        table.instance_arn = next(iter(instance_arns))
    _flow_types(flows)
    return Adoption(flows, table, warnings, accounts, instances)


def _instance_arn(value: str) -> str | None:
    match = _CONNECT_ARN.match(value)
    return value[: match.start("segment") - 1] if match else None


def _account(value: str) -> str | None:
    match = _ACCOUNT_IN_ARN.match(value)
    return match["account"] if match else None


def _candidates(source: SourceFlow) -> Iterator[tuple[str, str, _Candidate | None]]:
    """(where, value, candidate or None) for every ARN and resource id of the flow."""
    content = source.document.content
    for action in content.get("Actions", []) if isinstance(content.get("Actions"), list) else []:
        if not isinstance(action, Mapping):
            continue
        block = f"block {action.get('Identifier')!r}"
        for path, value in json_strings(action.get("Parameters"), ()):
            yield from _classified(f"{block} parameter {_path(path)}", value, path)
        for path, value in json_strings(action.get("Transitions"), ()):
            if "Operands" in path:
                yield from _classified(f"{block} condition", value, ())
    for path, value in json_strings(content.get("Metadata"), ()):
        where = "metadata"
        if len(path) > 1 and path[0] == "ActionMetadata":
            where = f"block {path[1]!r} metadata"
        yield from _classified(where, value, ())
    for path, value in json_strings(content.get("Settings"), ()):
        yield from _classified(f"settings {_path(path)}", value, ())


def _classified(
    where: str, value: str, path: tuple[str | int, ...]
) -> Iterator[tuple[str, str, _Candidate | None]]:
    if ARN.match(value):
        yield where, value, _arn_candidate(value)
        return
    if RESOURCE_ID.fullmatch(value):
        keys = [p for p in path if isinstance(p, str)]
        kind = next(
            (ID_PARAMETER_KINDS[k] for k in reversed(keys) if k in ID_PARAMETER_KINDS), None
        )
        if kind is not None:
            yield where, value, _Candidate(kind, value.lower(), "id", None)


def _arn_candidate(value: str) -> _Candidate | None:
    connect = _CONNECT_ARN.match(value)
    if connect:
        kind = _KIND_OF_SEGMENT.get(connect["segment"])
        if kind is None:
            return None
        return _Candidate(kind, connect["id"].lower(), "arn", value)
    function = _lambda_function(value)
    if function is not None and function.unqualified_arn is not None:
        base = function.unqualified_arn
        return _Candidate(
            "LambdaFunction", base, "arn", base, name=function.name, qualifier=function.qualifier
        )
    if _LEX_ALIAS_ARN.match(value):
        return _Candidate("LexBot", value, "arn", value)
    return None


def _lambda_function(value: str) -> LambdaFunctionRef | None:
    """The function a Lambda ARN names (the same reading as every tool's), else None."""
    if ":lambda:" not in value:
        return None
    try:
        return parse_lambda_function(value)
    except ArnError:
        return None


def _reference(
    candidate: _Candidate, names: Mapping[str, tuple[str, str | None]]
) -> Reference | None:
    if candidate.kind == "LambdaFunction":
        assert candidate.name is not None
        return LambdaFunction(candidate.name, qualifier=candidate.qualifier)
    named = names.get(candidate.identity)
    if named is None:
        return None
    name, alias = named
    if candidate.kind == "LexBot":
        return LexBot(name, alias=alias) if alias else None
    cls = REFERENCE_KINDS[candidate.kind]
    return cls(name, form="id" if candidate.form == "id" else None)


def _source_resource(reference: Reference, candidate: _Candidate, value: str) -> Resource:
    arn = candidate.arn or value
    alias = reference.options.get("alias") if isinstance(reference, LexBot) else None
    return Resource(reference.KIND, reference.name, arn, alias)


def _names(
    sources: Sequence[SourceFlow], resources: ResourceTable
) -> dict[str, tuple[str, str | None]]:
    """Resource identity (id, or alias ARN for Lex) -> (name, alias name): the export's metadata
    first, then resources.json, then the set's own flows."""
    names: dict[str, tuple[str, str | None]] = {}
    for source in sources:
        for value, name, alias in _metadata_names(source.document.content):
            key = _identity(value)
            if key is not None:
                names.setdefault(key, (name, alias))
    for resource in resources.resources:
        key = _identity(resource.arn)
        if key is not None:
            names.setdefault(key, (resource.name, resource.alias))
    for source in sources:
        if source.arn:
            key = _identity(source.arn)
            if key is not None:
                names.setdefault(key, (source.name, None))
    return names


def _identity(value: str) -> str | None:
    """What identifies a resource across ARN and id forms: the id (Connect), the alias ARN."""
    connect = _CONNECT_ARN.match(value)
    if connect:
        return connect["id"].lower()
    if _LEX_ALIAS_ARN.match(value):
        return value
    if RESOURCE_ID.fullmatch(value):
        return value.lower()
    return None


def _metadata_names(content: Mapping[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(value, name, alias name) the console's metadata gives for the values of each block."""
    metadata = content.get("Metadata")
    entries = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    if not isinstance(entries, Mapping):
        return
    actions = {a.get("Identifier"): a for a in content.get("Actions", []) if isinstance(a, Mapping)}
    for identifier, entry in entries.items():
        if not isinstance(entry, Mapping):
            continue
        action = actions.get(identifier)
        parameters = action.get("Parameters") if isinstance(action, Mapping) else None
        shown = entry.get("parameters")
        # displayName at a parameter's own path: the name of the value at that path.
        for path, value in json_strings(parameters, ()):
            display = _at(shown, path)
            name = display.get("displayName") if isinstance(display, Mapping) else None
            if isinstance(name, str) and name.strip():
                if path and path[0] == "LexV2Bot":
                    bot = entry.get("lexV2BotName", display.get("lexV2BotName"))
                    alias = entry.get("lexV2BotAliasName", name)
                    if isinstance(bot, str) and isinstance(alias, str):
                        yield value, bot, alias
                    continue
                yield value, name.strip(), None
        # {"id": VALUE, "text": NAME} objects (queue, contactFlow, audio, ...).
        for found in _id_text_pairs(entry):
            yield found[0], found[1], None


def _id_text_pairs(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        ident, text = value.get("id"), value.get("text")
        if isinstance(ident, str) and isinstance(text, str) and text.strip():
            yield ident, text.strip()
        for item in value.values():
            yield from _id_text_pairs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _id_text_pairs(item)


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(step, str) and isinstance(value, Mapping):
            value = value.get(step)
        elif isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
        else:
            return None
    return value


def _path(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "(value)"


# -- module names -------------------------------------------------------------------------------


def _module_names(sources: Sequence[SourceFlow]) -> list[str]:
    """A Python module name per flow, from its name: ``Main menu`` -> ``main_menu``."""
    taken: set[str] = set()
    names = []
    for source in sources:
        base = module_name(source.name)
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}_{number}"
        taken.add(name)
        names.append(name)
    return names


def module_name(flow_name: str) -> str:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", flow_name)
    words = re.findall(r"[A-Za-z0-9]+", spaced.encode("ascii", "ignore").decode())
    name = "_".join(w.lower() for w in words)[:60].strip("_") or "flow"
    if name[0].isdigit() or keyword.iskeyword(name) or name in {"flows", "typing"}:
        name = f"flow_{name}"
    return name


# -- flow types ---------------------------------------------------------------------------------


def _flow_types(flows: list[FlowPlan]) -> None:
    """Each flow's type: declared, else implied by the set's references, else by its blocks."""
    by_name = {flow.name: flow for flow in flows}
    implied: dict[str, list[tuple[str, str]]] = {}  # flow name -> (type, why)
    for flow in flows:
        for action in flow.source.plan.flow.actions:
            parameters = action.parameters.to_dict() if action.parameters is not None else {}
            for key, value in _hook_targets(action.type, parameters):
                reference = flow.references.get(value)
                target = reference.name if isinstance(reference, Flow) else None
                if target in by_name and key in HOOK_FLOW_TYPES:
                    implied.setdefault(target, []).append(
                        (HOOK_FLOW_TYPES[key], f"{flow.name} sets it as the {key} event hook")
                    )
                elif target in by_name and key == "TransferToFlow":
                    implied.setdefault(target, []).append(
                        (TRANSFER_TARGET_TYPE, f"{flow.name} transfers to it")
                    )
    for flow in flows:
        declared = flow.source.declared_type
        if declared is not None:
            flow.flow_type = declared
            continue
        reasons = implied.get(flow.name, [])
        types = list(dict.fromkeys(t for t, _ in reasons))
        if types:
            flow.flow_type = types[0]
            flow.type_note = f"type {types[0]}: {reasons[0][1]}"
            if len(types) > 1:
                flow.type_note += f" (the set also implies {', '.join(types[1:])})"
            continue
        inference = infer_flow_type(blocks_of(flow.source.document.content))
        if inference.flow_type is not None:
            flow.flow_type = inference.flow_type
            flow.type_note = f"type {inference.flow_type}: {inference.reason()}"
            continue
        flow.flow_type = kinds.DEFAULT_FLOW_TYPE
        flow.type_note = (
            f"type {kinds.DEFAULT_FLOW_TYPE}: the export names no type, nothing in the set "
            f"implies one, and {inference.reason()}"
        )


def _hook_targets(action_type: str, parameters: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    if action_type == "UpdateContactEventHooks":
        hooks = parameters.get("EventHooks")
        if isinstance(hooks, Mapping):
            for key, value in hooks.items():
                if isinstance(value, str):
                    yield str(key), value
    elif action_type == "TransferToFlow":
        value = parameters.get("ContactFlowId")
        if isinstance(value, str):
            yield "TransferToFlow", value
