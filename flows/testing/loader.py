"""Reading test cases written elsewhere: every documented variant, with a warning for each form
the live service refused.

A file holds bare content (``{"Version", "Metadata", "Observations"}``) or the DescribeTestCase
shape (``{"TestCase": {"Name", "Content": "<JSON string>", "EntryPoint", "InitializationData"}}``).
Read leniently: both Version strings, ``Usage`` in either doc set's spelling or none,
``MatchingCriteria`` inside ``Properties`` (``{"Type": ...}``) or on the event (a string),
``Utterance`` / ``TextUtterance``, action ``Transitions`` or none, a terminal action's
``Transitions`` as ``{}``, absent or ``{"NextAction": ""}``, DTMF values as numbers or strings.
A file that cannot mean anything (malformed JSON, an unknown event or action type, a transition to
an observation or action that does not exist, ...) is a :class:`TestCaseLoadError` whose message
is one line, ``PATH: message``.

Choices where the docs are silent: a missing ``MatchingCriteria`` means ``Similarity`` (the
documented example's and the console's recommended criterion); ``Usage`` without ``Times`` counts
once; a bare content file is named after the file (its stem); unknown keys are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.command_line import TextFileError, read_text_file
from flows.testing.deployable import deployable_problems
from flows.testing.model import (
    ACTION_TYPES,
    ASSERT_OPERATORS,
    ENTRY_POINT_TYPES,
    EVENT_TYPES,
    EXISTS,
    HOURS_VALUES,
    INCLUSION,
    MATCHING_CRITERIA,
    MOCK_ERRORS,
    MOCK_LOADED_DATA_ACTIONS,
    OVERRIDABLE_ACTIONS,
    SIMILARITY,
    VERSIONS,
    Action,
    Assert,
    Disconnect,
    DtmfInput,
    EndTest,
    EntryPoint,
    Event,
    ExecutionResult,
    FlowActionCompleted,
    FlowActionStarted,
    InitializationData,
    Instruction,
    LogData,
    MatchingCriteria,
    Media,
    MessageReceived,
    MockError,
    MockResponse,
    Observation,
    OverrideSystemBehavior,
    SendInstruction,
    SubstituteResource,
    TestCase,
    TestCaseContent,
    TestCompleted,
    TestControl,
    TestInitiated,
    Usage,
    UsageKind,
    Utterance,
)
from flows.testing.observations import ActionOrderError, action_order, start_observations

E164 = re.compile(r"^\+[1-9]\d{1,14}$")  # AR API_VoiceCallEntryPointParameters.html
DTMF_DIGITS = re.compile(r"^[0-9*#]+$")
_USAGE_KINDS: dict[str, UsageKind] = {
    "exactly": "exactly",
    "atleast": "at_least",
    "atmost": "at_most",
    "always": "any",
    "any": "any",
}


class TestCaseLoadError(ValueError):
    """A file that is not a usable test case; ``str()`` is one line, ``PATH: message``."""

    __test__ = False


@dataclass(frozen=True)
class LoadedTestCase:
    """A test case as read from ``path``; ``warnings`` are "where: message" texts."""

    __test__ = False

    path: str
    case: TestCase
    warnings: tuple[str, ...] = ()

    def warning_lines(self) -> list[str]:
        """One line per warning, ``PATH: warning: where: message``."""
        return [f"{self.path}: warning: {warning}" for warning in self.warnings]


def load_test_case(path: str | Path) -> LoadedTestCase:
    """Read a test case file; raises :class:`TestCaseLoadError`."""
    source = str(path)
    try:
        text = read_text_file(path, expected="a test case file (JSON)")
    except TextFileError as exc:
        raise TestCaseLoadError(str(exc)) from exc
    return parse_test_case_text(text, source=source, default_name=Path(path).stem)


def parse_test_case_text(
    text: str, *, source: str = "<text>", default_name: str = "test case"
) -> LoadedTestCase:
    """Parse JSON text: bare content or the DescribeTestCase shape."""
    reader = _Reader(source)
    data = reader.json(text, "the file")
    return parse_test_case(data, source=source, default_name=default_name, reader=reader)


def parse_test_case(
    data: object,
    *,
    source: str = "<object>",
    default_name: str = "test case",
    reader: _Reader | None = None,
) -> LoadedTestCase:
    """Read an already-decoded object: bare content or the DescribeTestCase shape."""
    reader = reader or _Reader(source)
    top = reader.mapping(data, "", "the file")
    flow_sign = _flow_sign(top)
    if flow_sign is not None:
        raise reader.error(
            "",
            f"this is a contact flow ({flow_sign}), not a test case; give the flow first "
            "(FLOW), then the test cases (files with Observations)",
        )
    if "TestCase" in top:
        case = reader.describe_shape(top["TestCase"], default_name)
    else:
        case = TestCase(name=default_name, content=reader.content(top))
    warnings = tuple(reader.notes) + tuple(deployable_problems(case))
    return LoadedTestCase(path=source, case=case, warnings=warnings)


def _flow_sign(top: Mapping[str, Any]) -> str | None:
    """What shows that a file is a contact flow rather than a test case (None when nothing
    does): a test case has Observations or a TestCase; a flow has Actions (a console export, a
    flow module), a DescribeContactFlow wrapper, or the pre-2019 ``modules``."""
    if "Observations" in top or "TestCase" in top:
        return None
    if isinstance(top.get("Actions"), list):
        return "it has Actions"
    if isinstance(top.get("ContactFlow"), Mapping):
        return "a DescribeContactFlow file"
    if isinstance(top.get("ContactFlowModule"), Mapping):
        return "a DescribeContactFlowModule file"
    if isinstance(top.get("modules"), list):
        return "a pre-2019 export"
    return None


def _kind(value: object) -> str:
    names = {list: "array", dict: "object", str: "string", bool: "boolean", int: "number"}
    return "null" if value is None else names.get(type(value), "number")


def _observation_at(identifier: str) -> str:
    return f"observation {identifier!r}"


class _Reader:
    """Reads one file; ``notes`` collects the reading warnings, ``error`` makes the one line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[str] = []

    # --- primitives ------------------------------------------------------------------------

    def error(self, where: str, message: str) -> TestCaseLoadError:
        """The one-line error ``PATH: where: message``, to raise."""
        return TestCaseLoadError(f"{self.source}: {where + ': ' if where else ''}{message}")

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}" if where else message)

    def json(self, text: str, what: str) -> Any:
        if not text.strip():
            raise self.error("", f"{what} is empty; expected a test case in JSON")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise self.error(
                "",
                f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            ) from None
        except RecursionError:
            raise self.error("", f"{what} is nested too deeply to be a test case") from None

    def mapping(self, value: object, where: str, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"{what} should be a JSON object, found a JSON {_kind(value)}")
        return value

    def optional_object(self, parent: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
        value = parent.get(key)
        return {} if value is None else self.mapping(value, where, key)

    def string(self, parent: Mapping[str, Any], key: str, where: str) -> str:
        value = parent.get(key)
        if value is None:
            raise self.error(where, f"{key} is missing")
        if not isinstance(value, str):
            raise self.error(where, f"{key} should be a string, found a JSON {_kind(value)}")
        return value

    def optional_string(self, parent: Mapping[str, Any], key: str, where: str) -> str | None:
        return None if parent.get(key) is None else self.string(parent, key, where)

    def identifier(self, parent: Mapping[str, Any], where: str) -> str:
        value = self.string(parent, "Identifier", where)
        if not value.strip():
            raise self.error(where, "Identifier is empty")
        return value

    def seconds(self, parent: Mapping[str, Any], where: str) -> int | float | None:
        value = parent.get("DelaySeconds")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.error(
                where, f"DelaySeconds should be a number of seconds >= 0, found {value!r}"
            )
        return value

    # --- the DescribeTestCase shape --------------------------------------------------------

    def describe_shape(self, value: object, default_name: str) -> TestCase:
        wrapper = self.mapping(value, "TestCase", "TestCase")
        name = self.optional_string(wrapper, "Name", "TestCase") or default_name
        raw_content = wrapper.get("Content")
        if raw_content is None:
            raise self.error("TestCase", "Content is missing; expected the test case content")
        if isinstance(raw_content, str):
            raw_content = self.json(raw_content, "TestCase.Content")
        content = self.content(self.mapping(raw_content, "TestCase", "Content"))
        entry_point = None
        if wrapper.get("EntryPoint") is not None:
            entry_point = self.entry_point(wrapper["EntryPoint"])
        initialization = None
        if wrapper.get("InitializationData") is not None:
            initialization = self.initialization_data(wrapper["InitializationData"])
        return TestCase(
            name=name,
            content=content,
            entry_point=entry_point,
            initialization_data=initialization,
            description=self.optional_string(wrapper, "Description", "TestCase"),
        )

    def entry_point(self, value: object) -> EntryPoint:
        where = "TestCase.EntryPoint"
        data = self.mapping(value, "TestCase", "EntryPoint")
        kind = self.optional_string(data, "Type", where) or "VOICE_CALL"
        if kind not in ENTRY_POINT_TYPES:
            raise self.error(
                where, f"Type {kind!r} is unknown; expected {' or '.join(ENTRY_POINT_TYPES)}"
            )
        key = (
            "VoiceCallEntryPointParameters" if kind == "VOICE_CALL" else "ChatEntryPointParameters"
        )
        parameters = self.optional_object(data, key, where)
        numbers = {}
        for field_name in ("SourcePhoneNumber", "DestinationPhoneNumber"):
            number = self.optional_string(parameters, field_name, f"{where}.{key}")
            if number is not None and not E164.match(number):
                raise self.error(
                    f"{where}.{key}",
                    f"{field_name} {number!r} is not an E.164 number; expected e.g. +14155550100",
                )
            numbers[field_name] = number
        return EntryPoint(
            type=kind,
            flow_id=self.optional_string(parameters, "FlowId", f"{where}.{key}"),
            source_phone_number=numbers["SourcePhoneNumber"],
            destination_phone_number=numbers["DestinationPhoneNumber"],
        )

    def initialization_data(self, value: object) -> InitializationData:
        where = "TestCase.InitializationData"
        if isinstance(value, str):
            value = self.json(value, where)
        data = self.mapping(value, "TestCase", "InitializationData")
        if "Attributes" not in data and "SegmentAttributes" not in data:
            # Flat maps were accepted live but read back empty: mirror that.
            self.strings(data, where)
            return InitializationData(attributes={}, raw=data, flat=True)
        attributes = self.strings(self.optional_object(data, "Attributes", where), where)
        return InitializationData(attributes=attributes, raw=data)

    def strings(self, data: Mapping[str, Any], where: str) -> dict[str, str]:
        for key, item in data.items():
            if not isinstance(item, str):
                raise self.error(
                    where, f"the value of {key!r} should be a string, found a JSON {_kind(item)}"
                )
        return dict(data)

    # --- content ---------------------------------------------------------------------------

    def content(self, data: dict[str, Any]) -> TestCaseContent:
        version = data.get("Version")
        if version is None:
            raise self.error("", f"Version is missing; expected {VERSIONS[0]}")
        if version not in VERSIONS:
            raise self.error(
                "",
                f"Version {version!r} is not a Testing-language version; expected "
                f"{VERSIONS[0]} (or {VERSIONS[1]})",
            )
        observations_data = data.get("Observations")
        if not isinstance(observations_data, list):
            raise self.error(
                "", f"Observations should be an array, found a JSON {_kind(observations_data)}"
            )
        if not observations_data:
            raise self.error("", "Observations is empty; a test case observes at least one event")
        observations: list[Observation] = []
        seen: set[str] = set()
        for index, item in enumerate(observations_data, start=1):
            observation = self.observation(item, index)
            if observation.identifier in seen:
                raise self.error(
                    _observation_at(observation.identifier),
                    "Identifier is used by another observation",
                )
            seen.add(observation.identifier)
            observations.append(observation)
        for observation in observations:
            for target in observation.next_observations:
                if target not in seen:
                    raise self.error(
                        _observation_at(observation.identifier),
                        f"NextObservations names {target!r}, which is not an observation",
                    )
        content = TestCaseContent(
            observations=tuple(observations),
            version=version,
            metadata=self.optional_object(data, "Metadata", ""),
        )
        if not start_observations(content):
            raise self.error(
                "",
                "no observation is active at the start: every observation is named in another's "
                "NextObservations",
            )
        return content

    def observation(self, value: object, index: int) -> Observation:
        data = self.mapping(value, f"observation #{index}", "an observation")
        identifier = self.identifier(data, f"observation #{index}")
        where = _observation_at(identifier)
        if "Event" not in data:
            raise self.error(where, "Event is missing")
        event = self.event(data["Event"], where)
        actions_data = data.get("Actions", [])
        if not isinstance(actions_data, list):
            raise self.error(
                where, f"Actions should be an array, found a JSON {_kind(actions_data)}"
            )
        actions: list[Action] = []
        action_ids: set[str] = set()
        for number, item in enumerate(actions_data, start=1):
            action = self.action(item, where, number)
            if action.identifier in action_ids:
                raise self.error(
                    f"{where}, action {action.identifier!r}",
                    "Identifier is used by another action of this observation",
                )
            action_ids.add(action.identifier)
            actions.append(action)
        observation = Observation(
            identifier=identifier,
            event=event,
            actions=tuple(actions),
            next_observations=self.next_observations(data, where),
            usage=self.usage(data.get("Usage"), where),
        )
        try:
            action_order(observation)
        except ActionOrderError as exc:
            raise self.error(where, str(exc)) from None
        return observation

    def next_observations(self, data: Mapping[str, Any], where: str) -> tuple[str, ...]:
        transitions = self.optional_object(data, "Transitions", where)
        key = "NextObservations"
        if key not in transitions and "NextActions" in transitions:
            # The AR page's text names the key NextActions; its JSON uses NextObservations.
            key = "NextActions"
            self.note(where, "Transitions.NextActions read as NextObservations (the key's name)")
        targets = transitions.get(key, [])
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise self.error(
                where, f"Transitions.{key} should be an array of observation Identifiers"
            )
        return tuple(targets)

    def usage(self, value: object, where: str) -> Usage | None:
        if value is None:
            return None
        data = self.mapping(value, where, "Usage")
        written = self.string(data, "Type", f"{where}, Usage")
        kind = _USAGE_KINDS.get(written.lower())
        if kind is None:
            raise self.error(
                f"{where}, Usage",
                f"Type {written!r} is unknown; expected Exactly, AtLeast, AtMost or Always "
                "(or EXACTLY, ANY)",
            )
        times = data.get("Times")
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 0
        ):
            raise self.error(
                f"{where}, Usage", f"Times should be a whole number >= 0, found {times!r}"
            )
        return Usage(written=written, kind=kind, times=times)

    # --- events ----------------------------------------------------------------------------

    def event(self, value: object, where: str) -> Event:
        data = self.mapping(value, where, "Event")
        kind = self.string(data, "Type", f"{where}, Event")
        if kind not in EVENT_TYPES:
            raise self.error(
                f"{where}, Event",
                f"Type {kind!r} is not an event type; expected one of {', '.join(EVENT_TYPES)}",
            )
        identifier = self.optional_string(data, "Identifier", f"{where}, Event")
        actor = self.optional_string(data, "Actor", f"{where}, Event") or "System"
        properties = self.optional_object(data, "Properties", f"{where}, Event")
        if kind == TestInitiated.TYPE:
            return TestInitiated(identifier=identifier, actor=actor)
        if kind == TestCompleted.TYPE:
            return TestCompleted(identifier=identifier, actor=actor)
        if kind == MessageReceived.TYPE:
            return self.message(data, properties, where, identifier, actor)
        action_type = self.string(properties, "ActionType", f"{where}, Event.Properties")
        if action_type != action_type.strip():
            # The DG sample reads "InvokeLambdaFunction " with a stray space.
            self.note(where, f"Event ActionType {action_type!r} read without its spaces")
            action_type = action_type.strip()
        parameters = self.optional_object(properties, "ActionParameters", f"{where}, Event")
        cls = FlowActionStarted if kind == FlowActionStarted.TYPE else FlowActionCompleted
        return cls(
            identifier=identifier,
            actor=actor,
            action_type=action_type,
            action_parameters=parameters,
        )

    def message(
        self,
        data: Mapping[str, Any],
        properties: Mapping[str, Any],
        where: str,
        identifier: str | None,
        actor: str,
    ) -> MessageReceived:
        at = f"{where}, Event.Properties"
        given = [key for key in ("Text", "SSML", "PromptId", "Media") if key in properties]
        if not given:
            raise self.error(at, "MessageReceived needs one of Text, SSML, PromptId or Media")
        if len(given) > 1:
            raise self.error(at, f"{' and '.join(given)} are exclusive; give one of them")
        media = None
        if given == ["Media"]:
            media_data = self.mapping(properties["Media"], at, "Media")
            media = Media(
                uri=self.string(media_data, "Uri", f"{at}.Media"),
                source_type=self.optional_string(media_data, "SourceType", f"{at}.Media") or "S3",
                media_type=self.optional_string(media_data, "MediaType", f"{at}.Media") or "audio",
            )
        on_event = data.get("MatchingCriteria")
        in_properties = properties.get("MatchingCriteria")
        criteria_on_event = on_event is not None and in_properties is None
        criteria = {
            place: self.criteria(raw, f"{where}, {place}")
            for place, raw in (("Event.MatchingCriteria", on_event), ("Properties", in_properties))
            if raw is not None
        }
        if len(set(criteria.values())) > 1:
            raise self.error(
                where,
                "MatchingCriteria differs between the Event and its Properties; give it once",
            )
        matching: MatchingCriteria = next(iter(criteria.values()), SIMILARITY)
        return MessageReceived(
            identifier=identifier,
            actor=actor,
            text=self.optional_string(properties, "Text", at),
            ssml=self.optional_string(properties, "SSML", at),
            prompt_id=self.optional_string(properties, "PromptId", at),
            media=media,
            matching=matching,
            criteria_on_event=criteria_on_event,
        )

    def criteria(self, raw: object, where: str) -> MatchingCriteria:
        value = raw.get("Type") if isinstance(raw, dict) else raw
        for name in MATCHING_CRITERIA:
            if isinstance(value, str) and value.lower() == name.lower():
                return SIMILARITY if name == SIMILARITY else INCLUSION
        raise self.error(
            where,
            f"MatchingCriteria {value!r} is unknown; expected {' or '.join(MATCHING_CRITERIA)}",
        )

    # --- actions ---------------------------------------------------------------------------

    def action(self, value: object, observation: str, number: int) -> Action:
        data = self.mapping(value, f"{observation}, action #{number}", "an action")
        identifier = self.identifier(data, f"{observation}, action #{number}")
        where = f"{observation}, action {identifier!r}"
        kind = self.string(data, "Type", where)
        if kind not in ACTION_TYPES:
            raise self.error(
                where,
                f"Type {kind!r} is not an action type; expected one of {', '.join(ACTION_TYPES)}",
            )
        parameters = self.mapping(data.get("Parameters"), where, "Parameters")
        repeated = parameters.get("ActionType")
        if kind != Assert.TYPE and repeated is not None and repeated != kind:
            raise self.error(
                where, f"Parameters.ActionType {repeated!r} differs from Type {kind!r}"
            )
        next_action = self.next_action(data, where)
        if kind == SendInstruction.TYPE:
            return SendInstruction(
                identifier=identifier,
                next_action=next_action,
                instruction=self.instruction(parameters, where),
                actor=self.optional_string(parameters, "Actor", where) or "Customer",
            )
        if kind == Assert.TYPE:
            return self.assertion(parameters, where, identifier, next_action)
        if kind == OverrideSystemBehavior.TYPE:
            return self.override(parameters, where, identifier, next_action)
        return TestControl(
            identifier=identifier, next_action=next_action, command=self.command(parameters, where)
        )

    def next_action(self, data: Mapping[str, Any], where: str) -> str | None:
        transitions = self.optional_object(data, "Transitions", where)
        target = transitions.get("NextAction")
        if target is not None and not isinstance(target, str):
            raise self.error(
                where, f"Transitions.NextAction should be a string, found a JSON {_kind(target)}"
            )
        return target

    def instruction(self, parameters: Mapping[str, Any], where: str) -> Instruction:
        if "Instruction" not in parameters and "DtmfInput" in parameters:
            raise self.error(
                where,
                "the flat Parameters.DtmfInput form is not the language's (the live service "
                'refused it); write "Instruction": {"Type": "DtmfInput", "Properties": '
                '{"Value": 1}}',
            )
        data = self.mapping(parameters.get("Instruction"), where, "Parameters.Instruction")
        kind = self.string(data, "Type", f"{where}, Instruction")
        properties = self.optional_object(data, "Properties", f"{where}, Instruction")
        if kind == "Disconnect":
            return Disconnect()
        if kind == "DtmfInput":
            value = properties.get("Value")
            digits_ok = isinstance(value, str) and DTMF_DIGITS.match(value)
            number_ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if not (digits_ok or number_ok):
                raise self.error(
                    f"{where}, DtmfInput",
                    f"Value {value!r} is not keys to press; expected a number such as 1, or "
                    "digits, * and # in a string",
                )
            return DtmfInput(value=value)  # type: ignore[arg-type]
        if kind in ("Utterance", "TextUtterance"):
            given = [key for key in ("Value", "Text", "SSML") if key in properties]
            if len(given) != 1:
                raise self.error(f"{where}, {kind}", "give the words in one of Value, Text or SSML")
            return Utterance(
                text=self.string(properties, given[0], f"{where}, {kind}"),
                text_key=given[0],
                language_code=self.optional_string(properties, "LanguageCode", where),
                type_name=kind,
            )
        raise self.error(
            f"{where}, Instruction",
            f"Type {kind!r} is unknown; expected DtmfInput, Utterance (or TextUtterance) or "
            "Disconnect",
        )

    def assertion(
        self, parameters: Mapping[str, Any], where: str, identifier: str, next_action: str | None
    ) -> Assert:
        namespace = self.string(parameters, "Namespace", where)
        if not namespace.startswith("$."):
            raise self.error(
                where, f"Namespace {namespace!r} is not a $. path, e.g. $.Attributes.tier"
            )
        operator = self.string(parameters, "Operator", where)
        if operator not in ASSERT_OPERATORS:
            raise self.error(
                where,
                f"Operator {operator!r} is unknown; expected one of {', '.join(ASSERT_OPERATORS)}",
            )
        operand = parameters.get("Operand")
        if operand is None and operator != EXISTS:
            raise self.error(where, f"Operator {operator} needs an Operand")
        if operand is not None and not isinstance(operand, str | int | float | bool):
            raise self.error(
                where, f"Operand should be a string or a number, found a JSON {_kind(operand)}"
            )
        return Assert(
            identifier=identifier,
            next_action=next_action,
            namespace=namespace,
            operator=operator,
            operand=operand,
        )

    def override(
        self, parameters: Mapping[str, Any], where: str, identifier: str, next_action: str | None
    ) -> OverrideSystemBehavior:
        behavior = self.mapping(parameters.get("Behavior"), where, "Parameters.Behavior")
        behavior_type = self.string(behavior, "Type", f"{where}, Behavior")
        if behavior_type != "FlowAction":
            raise self.error(
                where, f"Behavior.Type {behavior_type!r} is unknown; expected FlowAction"
            )
        properties = self.mapping(behavior.get("Properties"), where, "Behavior.Properties")
        action_type = self.string(properties, "ActionType", f"{where}, Behavior.Properties")
        if action_type not in OVERRIDABLE_ACTIONS:
            raise self.error(
                where,
                f"ActionType {action_type!r} cannot be overridden; expected one of "
                f"{', '.join(OVERRIDABLE_ACTIONS)}",
            )
        action_parameters = self.optional_object(properties, "ActionParameters", where)
        strategy = self.mapping(properties.get("Strategy"), where, "Behavior.Properties.Strategy")
        strategy_type = self.string(strategy, "Type", f"{where}, Strategy")
        chosen: MockResponse | SubstituteResource
        if strategy_type == "SubstituteResource":
            chosen = SubstituteResource(
                self.string(strategy, "SubstituteArn", f"{where}, Strategy")
            )
        elif strategy_type == "MockResponse":
            chosen = MockResponse(self.mock_response(strategy, where, action_type))
        else:
            raise self.error(
                where,
                f"Strategy.Type {strategy_type!r} is unknown; expected MockResponse or "
                "SubstituteResource",
            )
        return OverrideSystemBehavior(
            identifier=identifier,
            next_action=next_action,
            action_type=action_type,
            action_parameters=action_parameters,
            strategy=chosen,
        )

    def mock_response(
        self, strategy: Mapping[str, Any], where: str, action_type: str
    ) -> ExecutionResult | MockError:
        response = self.mapping(strategy.get("Response"), where, "Strategy.Response")
        kind = self.string(response, "Type", f"{where}, Response")
        if kind == "Error":
            error = self.mapping(response.get("Error"), where, "Response.Error")
            value = self.string(error, "Value", f"{where}, Response.Error")
            allowed = MOCK_ERRORS[action_type]
            if value not in allowed:
                raise self.error(
                    where,
                    f"error {value!r} is not one {action_type} can answer; expected "
                    f"{' or '.join(allowed)}",
                )
            delay = self.seconds(error, where)
            return MockError(value, delay if delay is not None else self.seconds(response, where))
        if kind != "ExecutionResult":
            raise self.error(
                where, f"Response.Type {kind!r} is unknown; expected ExecutionResult or Error"
            )
        result = self.mapping(response.get("ExecutionResult"), where, "Response.ExecutionResult")
        if action_type in MOCK_LOADED_DATA_ACTIONS:
            return ExecutionResult(
                loaded_data=self.optional_string(result, "LoadedData", where),
                delay_seconds=self.seconds(result, where),
            )
        if action_type == "CheckHoursOfOperation":
            value = self.string(result, "Value", f"{where}, ExecutionResult")
            if value not in HOURS_VALUES:
                raise self.error(
                    where,
                    f"ExecutionResult.Value {value!r} is unknown; expected InHours or OutOfHours",
                )
            return ExecutionResult(value=value, delay_seconds=self.seconds(result, where))
        raise self.error(
            where,
            f"no successful mock answer is documented for {action_type}; use an Error "
            f"({' or '.join(MOCK_ERRORS[action_type])}) or SubstituteResource",
        )

    def command(self, parameters: Mapping[str, Any], where: str) -> EndTest | LogData:
        data = self.mapping(parameters.get("Command"), where, "Parameters.Command")
        kind = self.string(data, "Type", f"{where}, Command")
        if kind == "EndTest":
            return EndTest()
        if kind == "LogData":
            properties = self.optional_object(data, "Properties", where)
            expressions = self.mapping(properties.get("Expressions"), where, "LogData Expressions")
            return LogData(self.strings(expressions, f"{where}, LogData"))
        raise self.error(where, f"Command.Type {kind!r} is unknown; expected EndTest or LogData")
