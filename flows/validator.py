"""Check a contact flow before it reaches Amazon Connect.

The validator reads the plain flow-language object (the ``dict`` in
:attr:`flows.document.FlowDocument.content`), not the typed model: it has to judge input that a
typed model could not even hold (a missing Identifier, a condition without an Operator). Facts
about the language come from :mod:`flows.language`. CDK tokens (``${Token[...]}``) are accepted
wherever a value may be a deploy-time ARN.

Every finding has a short, stable code. Errors are what Amazon Connect rejects or what cannot run
as written; warnings are what may well be intended but deserves a look.

Flow-level findings (identifier ``-``):

=========================  ========  ==========================================================
code                       severity  meaning
=========================  ========  ==========================================================
FILE_UNREADABLE            error     the file cannot be read, or is not UTF-8 text
NOT_A_FLOW                 error     not JSON (truncated?), or not a flow object (wrappers too)
LEGACY_FORMAT              error     the pre-2019 format (``modules``, ``version: "1"``)
BAD_VERSION                error     ``Version`` is missing or not "2019-10-30"
MISSING_START_ACTION       error     no ``StartAction``
UNKNOWN_START_ACTION       error     ``StartAction`` names no action of the flow
BAD_ACTIONS                error     ``Actions`` missing, not a list, or empty
TOO_MANY_ACTIONS           error     more than 250 actions
CONTENT_TOO_LONG           error     the flow's JSON text is over 256,000 characters
=========================  ========  ==========================================================

Action findings (identifier = the action's Identifier, or ``Actions[i]`` when it has none):

=========================  ========  ==========================================================
code                       severity  meaning
=========================  ========  ==========================================================
BAD_ACTION                 error     not an object; Identifier or Type missing or not a string;
                                     Parameters not an object
DUPLICATE_IDENTIFIER       error     two actions share an Identifier
IDENTIFIER_TOO_LONG        error     Identifier over 50 characters
IDENTIFIER_FORBIDDEN_CHAR  error     Identifier holds one of ``% : ( \\ / ) = $ , ; [ ] { }``
IDENTIFIER_RESERVED        error     Identifier is a reserved name (``constructor``, ...)
LEGACY_TYPE                error     a block name or pre-2019 type used as Type; the message
                                     names the type to use
UNKNOWN_TYPE               warning   a Type this validator does not know (the language grows)
BAD_TRANSITIONS            error     Transitions missing or not an object; NextAction not a
                                     string; Errors / Conditions not lists of objects
UNKNOWN_TARGET             error     a NextAction (plain, error or condition) names no action
DEAD_END                   error     a non-terminal action with no way on (no NextAction, no
                                     condition, no error branch)
TERMINAL_WITH_TRANSITIONS  error     DisconnectParticipant, EndFlowExecution or
                                     EndFlowModuleExecution with transitions (must be ``{}``)
MISSING_PARAMETER          error     a required parameter is absent (LambdaFunctionARN,
                                     ComparisonValue, QueueId or AgentId, a prompt, ...)
CONFLICTING_PARAMETERS     error     parameters that exclude each other (QueueId and AgentId;
                                     more than one of PromptId, Text, SSML, Media)
BAD_TIMEOUT                error     InvocationTimeLimitSeconds not a static integer 1..8
                                     (1..60 with InvocationType ASYNCHRONOUS)
BAD_RESPONSE_TYPE          error     ResponseValidation.ResponseType not STRING_MAP or JSON
BAD_COMPARISON_VALUE       error     Compare's ComparisonValue not a single JSONPath
BAD_PARAMETER              error     another static value out of its set (InvocationType,
                                     FlowLoggingBehavior, TargetContact, StoreInput, LoopCount
                                     0..100) or a map parameter that is not a map
MISSING_ERROR_BRANCH       error     a required error type is not handled (InvokeLambdaFunction:
                                     NoMatchingError; Compare: NoMatchingCondition)
UNSUPPORTED_ERROR_TYPE     error     an ErrorType the action type does not raise
DUPLICATE_ERROR_TYPE       warning   the same ErrorType handled twice (only one branch is used)
CONDITIONS_NOT_SUPPORTED   error     conditions on a type that takes none (InvokeLambdaFunction,
                                     MessageParticipant, ...)
BAD_CONDITION              error     a condition without a ``Condition`` object, Operator or
                                     Operands
UNKNOWN_OPERATOR           error     an Operator outside the eight of the language
BAD_OPERANDS               error     Operands not a list of exactly one string
BAD_CONDITION_VALUE        error     Loop / CheckHoursOfOperation compared with a value the
                                     action never returns (ContinueLooping, DoneLooping; True,
                                     False)
UNREACHABLE                warning   no path from StartAction reaches the action
UNKNOWN_NAMESPACE          warning   a ``$.`` reference to a namespace the language lacks
MALFORMED_REFERENCE        warning   a ``$.`` reference that is not a well-formed path
EXTERNAL_BEFORE_LAMBDA     warning   ``$.External`` read where, on some path from the start, no
                                     InvokeLambdaFunction has succeeded (a warning: modules and
                                     flows entered by TransferToFlow may be given one)
DEPLOY_PLACEHOLDER         warning   an ARN parameter holds a placeholder (``<<ARN>>``,
                                     ``{{lambdaFunctions.x.arn}}``, ``%QueueArn%``,
                                     ``REPLACE_WITH_...``): replace it before deployment
NOT_AN_ARN                 warning   an ARN parameter that is neither an ARN, a ``$.``
                                     reference, a CDK token nor a placeholder; bare resource
                                     ids (UUIDs) are accepted where the language takes
                                     "an ID or ARN" (queues, flows, prompts, agents, hours,
                                     modules), not for LambdaFunctionARN
=========================  ========  ==========================================================
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from flows import language as lang
from flows.document import FlowDocument, FlowDocumentError, FlowFileError, load_flow_document

Severity = Literal["error", "warning"]
FLOW = "-"  # the identifier of flow-level findings


@dataclass(frozen=True)
class Finding:
    """One problem: where (an action Identifier, or ``-`` for the flow), how bad, what."""

    identifier: str
    severity: Severity
    code: str
    message: str


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def validate_path(path: str | Path) -> list[Finding]:
    """Validate a flow file; an unreadable, truncated or non-flow file is a finding, not raised."""
    source = str(path)
    if Path(path).is_dir():
        return [_flow_error("FILE_UNREADABLE", "this is a directory; pass the flow files in it")]
    try:
        document = load_flow_document(path)
    except FlowFileError as exc:
        return [_flow_error("FILE_UNREADABLE", _without_source(str(exc), source))]
    except FlowDocumentError as exc:
        return [_flow_error("NOT_A_FLOW", _without_source(str(exc), source))]
    return validate_document(document)


def validate_document(document: FlowDocument) -> list[Finding]:
    """Validate a flow as read (content plus the stored text, whose length Connect limits)."""
    findings = validate_content(document.content)
    length = len(document.content_text)
    if length > lang.MAX_CONTENT_CHARS:
        findings.insert(
            0,
            _flow_error(
                "CONTENT_TOO_LONG",
                f"the flow's JSON is {length:,} characters; Amazon Connect takes at most "
                f"{lang.MAX_CONTENT_CHARS:,}",
            ),
        )
    return findings


def validate_content(content: Mapping[str, Any]) -> list[Finding]:
    """Validate a flow-language object; returns the findings, errors and warnings, in order."""
    if not isinstance(content, Mapping):
        return [_flow_error("NOT_A_FLOW", "expected a JSON object (a flow)")]
    try:
        return _FlowCheck(content).run()
    except RecursionError:  # parameters nested hundreds deep: no flow looks like that
        return [_flow_error("NOT_A_FLOW", "parameters are nested too deeply to be a flow")]


def _flow_error(code: str, message: str) -> Finding:
    return Finding(FLOW, "error", code, message)


def _without_source(message: str, source: str) -> str:
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


# An edge of the flow graph: (target Identifier, kind) with kind "next", "condition" or "error".
Edge = tuple[str, str]


class _FlowCheck:
    """One validation run over one flow-language object."""

    def __init__(self, content: Mapping[str, Any]) -> None:
        self.content = content
        self.findings: list[Finding] = []
        self.actions: dict[str, Mapping[str, Any]] = {}  # first action of each Identifier
        self.edges: dict[str, list[Edge]] = {}
        self.external_readers: list[str] = []  # actions whose parameters read $.External

    def run(self) -> list[Finding]:
        if self._is_legacy_format():
            return self.findings
        self._check_version()
        raw_actions = self.content.get("Actions")
        if not isinstance(raw_actions, list) or not raw_actions:
            what = (
                "missing" if raw_actions is None else "empty" if raw_actions == [] else "not a list"
            )
            self._flow("BAD_ACTIONS", f"Actions is {what}; a flow is a list of actions")
            self._check_start(check_known=False)
            return self.findings
        if len(raw_actions) > lang.MAX_ACTIONS:
            self._flow(
                "TOO_MANY_ACTIONS",
                f"{len(raw_actions)} actions; a flow holds at most {lang.MAX_ACTIONS}",
            )
        named = self._index_actions(raw_actions)
        self._check_start(check_known=True)
        for identifier, action in named:
            _ActionCheck(self, identifier, action).run()
        reachable = self._check_reachability()
        self._check_external_reads(reachable)
        return self.findings

    # -- reporting -------------------------------------------------------------------------

    def _flow(self, code: str, message: str) -> None:
        self.findings.append(_flow_error(code, message))

    def report(self, identifier: str, severity: Severity, code: str, message: str) -> None:
        self.findings.append(Finding(identifier, severity, code, message))

    # -- flow level ------------------------------------------------------------------------

    def _is_legacy_format(self) -> bool:
        legacy_version = self.content.get("version")
        signs = [f"`{key}`" for key in lang.LEGACY_FORMAT_KEYS if key in self.content]
        if "modules" in self.content or (
            legacy_version is not None and "Version" not in self.content
        ):
            self._flow(
                "LEGACY_FORMAT",
                f"{' and '.join(signs)} mark the pre-2019 export format, a different language "
                "that CreateContactFlow rejects; rebuild the flow in the flow language "
                f'(Version "{lang.FLOW_LANGUAGE_VERSION}")',
            )
            return True
        return False

    def _check_version(self) -> None:
        version = self.content.get("Version")
        if version != lang.FLOW_LANGUAGE_VERSION:
            found = "missing" if version is None else json.dumps(version)
            self._flow(
                "BAD_VERSION",
                f'Version is {found}; expected "{lang.FLOW_LANGUAGE_VERSION}", the only version '
                "of the flow language",
            )

    def _check_start(self, *, check_known: bool) -> None:
        start = self.content.get("StartAction")
        if not isinstance(start, str) or not start:
            found = "missing" if start is None else json.dumps(start)
            self._flow(
                "MISSING_START_ACTION",
                f"StartAction is {found}; expected the Identifier of the first action",
            )
        elif check_known and start not in self.actions:
            self._flow("UNKNOWN_START_ACTION", f"StartAction {start!r} names no action of the flow")

    def _index_actions(self, raw_actions: list[Any]) -> list[tuple[str, Mapping[str, Any]]]:
        """Map Identifiers to actions; report actions that cannot take part in the graph."""
        named: list[tuple[str, Mapping[str, Any]]] = []
        for position, action in enumerate(raw_actions):
            label = f"Actions[{position}]"
            if not isinstance(action, Mapping):
                self.report(label, "error", "BAD_ACTION", "an action must be a JSON object")
                continue
            identifier = action.get("Identifier")
            if not isinstance(identifier, str) or not identifier:
                found = "missing" if identifier is None else json.dumps(identifier)
                self.report(
                    label, "error", "BAD_ACTION", f"Identifier is {found}; expected a string"
                )
                continue
            if identifier in self.actions:
                self.report(
                    identifier,
                    "error",
                    "DUPLICATE_IDENTIFIER",
                    f"Identifier {identifier!r} is used by more than one action "
                    f"(again at Actions[{position}])",
                )
                continue
            self.actions[identifier] = action
            named.append((identifier, action))
        return named

    # -- graph -----------------------------------------------------------------------------

    def _check_reachability(self) -> set[str]:
        start = self.content.get("StartAction")
        reachable: set[str] = set()
        if isinstance(start, str) and start in self.actions:
            stack = [start]
            while stack:
                current = stack.pop()
                if current in reachable:
                    continue
                reachable.add(current)
                stack.extend(t for t, _ in self.edges.get(current, ()) if t not in reachable)
            for identifier in self.actions:
                if identifier not in reachable:
                    self.report(
                        identifier,
                        "warning",
                        "UNREACHABLE",
                        "no path from StartAction reaches this action",
                    )
        return reachable

    def _check_external_reads(self, reachable: set[str]) -> None:
        """Warn where `$.External` is read but some path from the start ran no Lambda.

        A must-analysis over the graph: ``ran[a]`` is true when every path from the start to
        ``a`` passes the Success way out of an InvokeLambdaFunction (its NextAction); its error
        branches leave `$.External` as it was.
        """
        readers = [a for a in self.external_readers if a in reachable]
        if not readers:
            return
        start = self.content["StartAction"]
        predecessors: dict[str, list[tuple[str, bool]]] = {a: [] for a in reachable}
        for source in reachable:
            sets_external = _is_invoke(self.actions[source])
            for target, kind in self.edges.get(source, ()):
                if target in predecessors:
                    predecessors[target].append((source, sets_external and kind != "error"))
        ran = dict.fromkeys(reachable, True)
        ran[start] = False
        successors: dict[str, list[str]] = {a: [] for a in reachable}
        for target, sources in predecessors.items():
            for source, _ in sources:
                successors[source].append(target)
        work = list(reachable)
        while work:
            node = work.pop()
            if node == start:
                continue
            value = all(by_lambda or ran[source] for source, by_lambda in predecessors[node])
            if value != ran[node]:
                ran[node] = value
                work.extend(successors[node])
        module_note = (
            " (a flow module may be given one by its caller)"
            if "Settings" in self.content
            else " (unless the flow is entered with a Lambda result, e.g. by TransferToFlow)"
        )
        for identifier in readers:  # in document order
            if ran[identifier]:
                continue
            if identifier == start:
                way = "it is the StartAction"
            else:
                source = next(s for s, by in predecessors[identifier] if not (by or ran[s]))
                kind = "by an error branch of" if _is_invoke(self.actions[source]) else "from"
                way = f"e.g. reached {kind} {source!r}"
            self.report(
                identifier,
                "warning",
                "EXTERNAL_BEFORE_LAMBDA",
                "reads $.External, but on some path from the start no Invoke AWS Lambda "
                f"function has succeeded before it ({way}), so $.External may be empty"
                f"{module_note}",
            )


class _ActionCheck:
    """The checks of one action; graph edges are recorded on the flow check for later passes."""

    def __init__(self, flow: _FlowCheck, identifier: str, action: Mapping[str, Any]) -> None:
        self.flow = flow
        self.identifier = identifier
        self.action = action
        action_type = action.get("Type")
        self.type = action_type if isinstance(action_type, str) else ""
        self.spec = lang.ACTION_SPECS.get(self.type)
        parameters = action.get("Parameters", {})
        self.parameters: Mapping[str, Any] = parameters if isinstance(parameters, Mapping) else {}
        self.edges: list[Edge] = []
        flow.edges[identifier] = self.edges

    def error(self, code: str, message: str) -> None:
        self.flow.report(self.identifier, "error", code, message)

    def warning(self, code: str, message: str) -> None:
        self.flow.report(self.identifier, "warning", code, message)

    def run(self) -> None:
        self._check_identifier()
        known = self._check_type()
        if "Parameters" in self.action and not isinstance(self.action["Parameters"], Mapping):
            self.error("BAD_ACTION", "Parameters must be a JSON object")
        self._check_transitions(known)
        if self.spec is not None:
            _ParameterCheck(self).run()
        self._check_resource_parameters()
        self._check_references()

    # -- identity --------------------------------------------------------------------------

    def _check_identifier(self) -> None:
        identifier = self.identifier
        if len(identifier) > lang.MAX_IDENTIFIER_LENGTH:
            self.error(
                "IDENTIFIER_TOO_LONG",
                f"Identifier has {len(identifier)} characters; at most "
                f"{lang.MAX_IDENTIFIER_LENGTH} are allowed",
            )
        forbidden = sorted(set(identifier) & lang.FORBIDDEN_IDENTIFIER_CHARS)
        if forbidden:
            self.error(
                "IDENTIFIER_FORBIDDEN_CHAR",
                f"Identifier contains {' '.join(forbidden)}; none of "
                f"{' '.join(sorted(lang.FORBIDDEN_IDENTIFIER_CHARS))} may appear in one",
            )
        if identifier in lang.RESERVED_IDENTIFIERS:
            self.error("IDENTIFIER_RESERVED", f"{identifier!r} is a reserved name")

    def _check_type(self) -> bool:
        """Report a missing, legacy or unknown Type; true when the type is one of the language's."""
        action_type = self.action.get("Type")
        if not isinstance(action_type, str) or not action_type:
            found = "missing" if action_type is None else json.dumps(action_type)
            self.error("BAD_ACTION", f"Type is {found}; expected an action type")
            return False
        if action_type in lang.LEGACY_TYPES:
            self.error(
                "LEGACY_TYPE",
                f"{action_type!r} is not a type of the flow language (a block name or pre-2019 "
                f"type); use {lang.LEGACY_TYPES[action_type]}",
            )
            return False
        if not lang.is_known_type(action_type):
            self.warning(
                "UNKNOWN_TYPE",
                f"unknown action type {action_type!r}; its parameters and branches are not checked",
            )
            return False
        return True

    # -- transitions -----------------------------------------------------------------------

    def _check_transitions(self, known: bool) -> None:
        transitions = self.action.get("Transitions")
        if not isinstance(transitions, Mapping):
            found = "missing" if transitions is None else "not an object"
            self.error(
                "BAD_TRANSITIONS",
                f"Transitions is {found}; every action has one (`{{}}` on terminal actions)",
            )
            return
        next_action = self._next_action(transitions)
        error_types = self._error_branches(transitions.get("Errors"))
        conditions = self._conditions(transitions.get("Conditions"))
        terminal = self.type in lang.TERMINAL_TYPES
        if terminal and (next_action or error_types or conditions):
            self.error(
                "TERMINAL_WITH_TRANSITIONS",
                f"{lang.console_name(self.type)} ends the flow; its Transitions must be empty "
                "(`{}`)",
            )
        elif (
            known
            and not terminal
            and self.type not in lang.OTHER_TERMINAL_TYPES
            and not (next_action or error_types or conditions)
        ):
            self.error(
                "DEAD_END",
                f"{lang.console_name(self.type)} has no way on: give it a NextAction, a "
                "condition or an error branch, or end the path with a Disconnect / End flow block",
            )
        if self.spec is not None and not terminal:
            self._check_error_types(error_types)
            if conditions and not self.spec.conditions:
                self.error(
                    "CONDITIONS_NOT_SUPPORTED",
                    f"{self.type} takes no conditions; its {conditions} condition(s) are never "
                    "evaluated",
                )

    def _target(self, target: Any, where: str, kind: str) -> None:
        if not isinstance(target, str) or not target:
            found = "missing" if target is None else json.dumps(target)
            self.error("BAD_TRANSITIONS", f"{where} NextAction is {found}; expected an Identifier")
            return
        if target not in self.flow.actions:
            self.error(
                "UNKNOWN_TARGET", f"{where} goes to {target!r}, which is no action's Identifier"
            )
            return
        self.edges.append((target, kind))

    def _next_action(self, transitions: Mapping[str, Any]) -> bool:
        next_action = transitions.get("NextAction")
        if next_action is None or next_action == "":
            return False  # exports write "" for an unconnected Success branch
        if not isinstance(next_action, str):
            self.error("BAD_TRANSITIONS", "NextAction must be an action's Identifier (a string)")
            return False
        self._target(next_action, "NextAction", "next")
        return True

    def _error_branches(self, errors: Any) -> list[str]:
        if errors is None:
            return []
        if not isinstance(errors, list):
            self.error("BAD_TRANSITIONS", "Errors must be a list of {ErrorType, NextAction}")
            return []
        error_types: list[str] = []
        for position, branch in enumerate(errors):
            if not isinstance(branch, Mapping) or not isinstance(branch.get("ErrorType"), str):
                self.error(
                    "BAD_TRANSITIONS",
                    f"Errors[{position}] must be an object with an ErrorType string and a "
                    "NextAction",
                )
                continue
            error_type = branch["ErrorType"]
            error_types.append(error_type)
            self._target(branch.get("NextAction"), f"error branch {error_type}", "error")
        return error_types

    def _conditions(self, conditions: Any) -> int:
        if conditions is None:
            return 0
        if not isinstance(conditions, list):
            self.error("BAD_TRANSITIONS", "Conditions must be a list of {NextAction, Condition}")
            return 0
        allowed_values = self.spec.condition_values if self.spec is not None else ()
        for position, entry in enumerate(conditions):
            where = f"Conditions[{position}]"
            if not isinstance(entry, Mapping):
                self.error("BAD_CONDITION", f"{where} must be an object {{NextAction, Condition}}")
                continue
            self._target(entry.get("NextAction"), where, "condition")
            condition = entry.get("Condition")
            if not isinstance(condition, Mapping):
                keys = ", ".join(sorted(str(k) for k in entry if k != "NextAction")) or "nothing"
                self.error(
                    "BAD_CONDITION",
                    f"{where} has no Condition object ({{Operator, Operands}}); found {keys}",
                )
                continue
            self._check_condition(where, condition, allowed_values)
        return len(conditions)

    def _check_condition(
        self, where: str, condition: Mapping[str, Any], allowed_values: tuple[str, ...]
    ) -> None:
        operator = condition.get("Operator")
        operands = condition.get("Operands")
        if operator is None and operands is None:
            keys = ", ".join(sorted(str(k) for k in condition)) or "nothing"
            self.error(
                "BAD_CONDITION",
                f"{where} Condition has neither Operator nor Operands (found {keys}); expected "
                '{"Operator": "Equals", "Operands": ["value"]}',
            )
            return
        if operator is None:
            self.error("BAD_CONDITION", f"{where} has no Operator; expected one of {_operators()}")
        elif operator not in lang.OPERATORS:
            hint = _operator_hint(operator)
            self.error(
                "UNKNOWN_OPERATOR",
                f"{where} uses operator {json.dumps(operator)}{hint}; the language has only "
                f"{_operators()}",
            )
        if operands is None:
            self.error("BAD_CONDITION", f"{where} has no Operands; expected a list of one string")
            return
        if not (isinstance(operands, list) and len(operands) == 1 and isinstance(operands[0], str)):
            self.error(
                "BAD_OPERANDS",
                f"{where} Operands is {json.dumps(operands)}; every operator takes exactly one "
                "string operand",
            )
            return
        if allowed_values and operands[0] not in allowed_values:
            self.error(
                "BAD_CONDITION_VALUE",
                f"{where} compares with {operands[0]!r}; {self.type} returns only "
                f"{' or '.join(allowed_values)}",
            )

    def _check_error_types(self, error_types: list[str]) -> None:
        assert self.spec is not None
        seen: set[str] = set()
        for error_type in error_types:
            if error_type in seen:
                self.warning(
                    "DUPLICATE_ERROR_TYPE",
                    f"error type {error_type} is handled twice; only one branch can be taken",
                )
            seen.add(error_type)
            if error_type not in self.spec.errors:
                allowed = ", ".join(sorted(self.spec.errors)) or "none"
                self.error(
                    "UNSUPPORTED_ERROR_TYPE",
                    f"{self.type} does not raise {error_type}; its error types: {allowed}",
                )
        for required in sorted(self.spec.required_errors - seen):
            self.error(
                "MISSING_ERROR_BRANCH",
                f"{self.type} needs a {required} error branch (where the contact goes when "
                "the action fails)",
            )

    # -- values ----------------------------------------------------------------------------

    def _check_resource_parameters(self) -> None:
        for name in lang.arn_parameters(self.type):
            if name in self.parameters:
                self._check_resource_value(name, self.parameters[name])

    def _check_resource_value(self, name: str, value: Any) -> None:
        if isinstance(value, Mapping):  # e.g. EventHooks {"CustomerQueue": "<flow ARN>"}
            for key, inner in value.items():
                self._check_resource_value(f"{name}.{key}", inner)
            return
        if not isinstance(value, str):
            return  # a wrong shape is the parameter checks' business
        if lang.CDK_TOKEN.search(value) or value.startswith("$."):
            return  # resolved at deploy time / at run time (references are checked apart)
        if lang.ARN.match(value):
            return
        arn_only = name.partition(".")[0] in lang.ARN_ONLY_PARAMETERS
        if not arn_only and lang.RESOURCE_ID.match(value):
            return
        if lang.PLACEHOLDER.search(value):
            self.warning(
                "DEPLOY_PLACEHOLDER",
                f"{name} is the placeholder {value!r}; it must be replaced with a real ARN "
                "before deployment",
            )
            return
        expected = "an ARN" if arn_only else "an ARN or a resource id"
        self.warning(
            "NOT_AN_ARN",
            f"{name} is {value!r}; expected {expected}, a $. reference or a CDK token",
        )

    def _check_references(self) -> None:
        reads_external = False
        for text in _strings(self.action.get("Parameters")):
            if "$." in text:
                for problem in _reference_problems(text):
                    self.warning(*problem)
                if not reads_external and "$.External" in text:
                    reads_external = _external_reference(text)
        if reads_external:
            self.flow.external_readers.append(self.identifier)


class _ParameterCheck:
    """Per-type parameter rules for the types of :data:`flows.language.ACTION_SPECS`."""

    def __init__(self, check: _ActionCheck) -> None:
        self.check = check
        self.type = check.type
        self.parameters = check.parameters
        assert check.spec is not None
        self.spec = check.spec

    def run(self) -> None:
        for name in self.spec.required_parameters:
            if name not in self.parameters:
                self.check.error("MISSING_PARAMETER", f"{self.type} needs the parameter {name}")
        rules = {
            "InvokeLambdaFunction": self._invoke_lambda_function,
            "Compare": self._compare,
            "MessageParticipant": self._prompt,
            "GetParticipantInput": self._get_participant_input,
            "UpdateContactTargetQueue": self._update_contact_target_queue,
            "UpdateContactAttributes": self._update_contact_attributes,
            "UpdateFlowLoggingBehavior": self._update_flow_logging_behavior,
            "Loop": self._loop,
        }
        rule = rules.get(self.type)
        if rule is not None:
            rule()

    def _one_of(self, name: str, allowed: Sequence[str]) -> None:
        value = self.parameters.get(name)
        if name in self.parameters and not _is_token(value) and value not in allowed:
            self.check.error(
                "BAD_PARAMETER",
                f"{name} is {json.dumps(value)}; expected {' or '.join(allowed)}",
            )

    def _map(self, name: str) -> None:
        if name in self.parameters and not isinstance(self.parameters[name], Mapping):
            self.check.error("BAD_PARAMETER", f"{name} must be a map of keys to values")

    def _invoke_lambda_function(self) -> None:
        self._one_of("InvocationType", lang.LAMBDA_INVOCATION_TYPES)
        asynchronous = self.parameters.get("InvocationType") == "ASYNCHRONOUS"
        limit = lang.MAX_ASYNC_INVOCATION_SECONDS if asynchronous else lang.MAX_INVOCATION_SECONDS
        if "InvocationTimeLimitSeconds" in self.parameters:
            value = self.parameters["InvocationTimeLimitSeconds"]
            seconds = _static_int(value)
            if not _is_token(value) and (
                seconds is None or not lang.MIN_INVOCATION_SECONDS <= seconds <= limit
            ):
                mode = "an ASYNCHRONOUS" if asynchronous else "a synchronous"
                self.check.error(
                    "BAD_TIMEOUT",
                    f"InvocationTimeLimitSeconds is {json.dumps(value)}; {mode} invocation "
                    f"waits a static whole number of seconds from {lang.MIN_INVOCATION_SECONDS} "
                    f"to {limit}",
                )
        if "ResponseValidation" in self.parameters:
            validation = self.parameters["ResponseValidation"]
            response_type = (
                validation.get("ResponseType") if isinstance(validation, Mapping) else None
            )
            if response_type not in lang.LAMBDA_RESPONSE_TYPES:
                self.check.error(
                    "BAD_RESPONSE_TYPE",
                    f"ResponseValidation is {json.dumps(validation)}; expected "
                    f'{{"ResponseType": "STRING_MAP"}} or {{"ResponseType": "JSON"}}',
                )
        self._map("LambdaInvocationAttributes")

    def _compare(self) -> None:
        value = self.parameters.get("ComparisonValue")
        if "ComparisonValue" in self.parameters and not (
            isinstance(value, str) and lang.REFERENCE.fullmatch(value)
        ):
            self.check.error(
                "BAD_COMPARISON_VALUE",
                f"ComparisonValue is {json.dumps(value)}; expected a single JSONPath such as "
                '"$.Attributes.lookupStatus"',
            )

    def _prompt(self) -> None:
        present = [name for name in lang.PROMPT_PARAMETERS if name in self.parameters]
        if not present:
            self.check.error(
                "MISSING_PARAMETER",
                f"{self.type} needs one of {', '.join(lang.PROMPT_PARAMETERS)} (what the "
                "contact hears or reads)",
            )
        elif len(present) > 1:
            self.check.error(
                "CONFLICTING_PARAMETERS",
                f"{self.type} takes exactly one of {', '.join(lang.PROMPT_PARAMETERS)}; "
                f"found {', '.join(present)}",
            )

    def _get_participant_input(self) -> None:
        self._prompt()
        self._one_of("StoreInput", lang.STORE_INPUT_VALUES)

    def _update_contact_target_queue(self) -> None:
        present = [name for name in ("QueueId", "AgentId") if name in self.parameters]
        if not present:
            self.check.error(
                "MISSING_PARAMETER", "UpdateContactTargetQueue needs QueueId or AgentId"
            )
        elif len(present) == 2:
            self.check.error(
                "CONFLICTING_PARAMETERS",
                "UpdateContactTargetQueue takes QueueId or AgentId, not both",
            )

    def _update_contact_attributes(self) -> None:
        self._map("Attributes")
        self._one_of("TargetContact", lang.TARGET_CONTACTS)

    def _update_flow_logging_behavior(self) -> None:
        self._one_of("FlowLoggingBehavior", lang.FLOW_LOGGING_BEHAVIORS)

    def _loop(self) -> None:
        value = self.parameters.get("LoopCount")
        if "LoopCount" not in self.parameters or _is_token(value):
            return
        if isinstance(value, str) and value.startswith("$."):
            return
        count = _static_int(value)
        if count is None or not lang.MIN_LOOP_COUNT <= count <= lang.MAX_LOOP_COUNT:
            self.check.error(
                "BAD_PARAMETER",
                f"LoopCount is {json.dumps(value)}; expected a whole number from "
                f"{lang.MIN_LOOP_COUNT} to {lang.MAX_LOOP_COUNT}",
            )


# -- helpers -------------------------------------------------------------------------------


def _operators() -> str:
    return ", ".join(lang.OPERATORS)


def _operator_hint(operator: Any) -> str:
    if isinstance(operator, str):
        for real in lang.OPERATORS:
            if real != operator and real.endswith(operator):
                return f" (did you mean {real}?)"
    return ""


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and lang.CDK_TOKEN.search(value) is not None


def _static_int(value: Any) -> int | None:
    """The integer a static value spells ("8" or 8), or None (bools and "8.5" are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parameter value, map keys included (keys may be references too)."""
    if isinstance(value, str):
        yield value
    elif type(value) is dict or isinstance(value, Mapping):  # dict first: the ABC check is slow
        for key, inner in value.items():
            if isinstance(key, str):
                yield key
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _is_invoke(action: Mapping[str, Any]) -> bool:
    return action.get("Type") == "InvokeLambdaFunction"


def _external_reference(text: str) -> bool:
    return any(
        (match := lang.REFERENCE.match(text, position)) is not None
        and match["namespace"] == "External"
        for position in _reference_starts(text)
    )


def _reference_starts(text: str) -> Iterator[int]:
    position = text.find("$.")
    while position != -1:
        yield position
        position = text.find("$.", position + 2)


def _reference_problems(text: str) -> Iterator[tuple[str, str]]:
    """(code, message) for each ill-formed or unknown `$.` reference in a value."""
    for position in _reference_starts(text):
        match = lang.REFERENCE.match(text, position)
        following = text[position + 2 : position + 3]
        if match is None:
            if following in (".", "[", "'", '"'):
                yield (
                    "MALFORMED_REFERENCE",
                    f"{_excerpt(text, position)} is not a well-formed reference; expected "
                    "$.Namespace.key",
                )
            continue  # "$." before a digit or a space is text ("costs $.50"), not a reference
        namespace = match["namespace"]
        if namespace not in lang.REFERENCE_NAMESPACES:
            yield (
                "UNKNOWN_NAMESPACE",
                f"{match.group(0)} refers to the namespace {namespace!r}, which the flow "
                "language does not have (e.g. $.Attributes, $.External, $.CustomerEndpoint)",
            )
        rest = text[match.end() : match.end() + 2]
        if rest.startswith(("[", "..", ".[")) or rest == ".]" or rest.startswith(".'"):
            yield (
                "MALFORMED_REFERENCE",
                f"{_excerpt(text, position)} is not a well-formed path after {match.group(0)}; "
                "use $.Namespace.key or $.Namespace.['key with spaces']",
            )


def _excerpt(text: str, position: int) -> str:
    end = position + 2
    while end < len(text) and not text[end].isspace() and end - position < 40:
        end += 1
    return repr(text[position:end])
