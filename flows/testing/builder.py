"""Writing test cases in Python, in the forms the live service accepted and no others.

    case = TestCaseBuilder()
    case.on_test_started("start").mock_lambda(FUNCTION_ARN, {"lookupStatus": "FOUND"}).then(
        "greeting"
    )
    case.on_message("greeting", "Welcome back", matching=INCLUSION).check_equals(
        "$.Attributes.routingReason", "STANDARD"
    ).end_test()
    content = case.build()                     # TestCaseContent
    test_case = case.build_case("STANDARD", flow_id=FLOW_ARN, attributes={"tier": "GOLD"})

What it writes: Version 2019-10-30, no ``Usage``, actions listed in the order they run with no
``Transitions``, DTMF values as numbers, event identifiers (the console needs them), matching
criteria inside ``Properties``, no actions on a FlowActionStarted observation, no empty ``Text``,
utterances as ``Utterance`` with ``Value``, an EndTest on the last observation, attributes under
``InitializationData.Attributes``. Anything else is a :class:`TestCaseBuildError` naming the
observation (or action) and what to do, raised when it is added or at :meth:`build`, which also
reads the result back through the loader and checks it with
:func:`flows.testing.deployable.deployable_problems`.

Action identifiers are made from the observation's: ``greeting-check``, ``greeting-end``
(``-2``, ``-3`` ... when one kind repeats).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from flows.testing.deployable import deployable_problems
from flows.testing.loader import TestCaseLoadError, parse_test_case
from flows.testing.model import (
    ASSERT_OPERATORS,
    EXISTS,
    FLOW_ACTION_EVENT_TYPES,
    HOURS_VALUES,
    MOCK_ERRORS,
    SIMILARITY,
    VERSION_ACCEPTED_LIVE,
    Action,
    Assert,
    Disconnect,
    DtmfInput,
    EndTest,
    EntryPoint,
    Event,
    ExecutionResult,
    FlowActionStarted,
    InitializationData,
    Instruction,
    LogData,
    MatchingCriteria,
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
    Utterance,
)
from flows.testing.serialize import content_to_dict, to_describe_shape

MAX_IDENTIFIER_CHARS = 256  # an execution record's ObservationId holds 1-256 characters


class TestCaseBuildError(ValueError):
    """A case that cannot be written as asked; the message names the observation."""

    __test__ = False


def dtmf_number(digits: str | int) -> int:
    """Keys as the number the live service accepted; raises when a number cannot say them."""
    if isinstance(digits, int) and not isinstance(digits, bool) and digits >= 0:
        return digits
    text = str(digits)
    if text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0")):
        return int(text)
    raise TestCaseBuildError(
        f"DTMF {digits!r} cannot be written as a number (the live service accepted only "
        "numbers): no *, #, or leading zeros"
    )


class ObservationBuilder:
    """One observation: its event, then the actions added in the order they will run."""

    def __init__(self, case: TestCaseBuilder, identifier: str, event: Event) -> None:
        self._case = case
        self.identifier = identifier
        self._event = event
        self._actions: list[Action] = []
        self._next: list[str] = []
        self._kinds: dict[str, int] = {}

    # --- wiring ----------------------------------------------------------------------------

    def then(self, *observations: str | ObservationBuilder) -> ObservationBuilder:
        """The observations that become active once this one has matched and acted."""
        for target in observations:
            name = target.identifier if isinstance(target, ObservationBuilder) else target
            if name in self._next:
                raise TestCaseBuildError(f"{self._at}: {name!r} is already a next observation")
            self._next.append(name)
        return self

    # --- customer --------------------------------------------------------------------------

    def press(self, digits: str | int) -> ObservationBuilder:
        """The customer presses keys (feeds the next Get customer input)."""
        try:
            value = dtmf_number(digits)
        except TestCaseBuildError as exc:
            raise TestCaseBuildError(f"{self._at}: {exc}") from None
        return self._instruct("press", DtmfInput(value))

    def say(self, words: str, *, language_code: str = "en-US") -> ObservationBuilder:
        """The customer says or types ``words`` (Lex bots, chat)."""
        if not words.strip():
            raise TestCaseBuildError(f"{self._at}: say() needs words")
        return self._instruct("say", Utterance(words, "Value", language_code))

    def hang_up(self) -> ObservationBuilder:
        return self._instruct("hang-up", Disconnect())

    def _instruct(self, kind: str, instruction: Instruction) -> ObservationBuilder:
        return self._add(SendInstruction(identifier=self._name(kind), instruction=instruction))

    # --- checks ----------------------------------------------------------------------------

    def check(
        self, namespace: str, operator: str, operand: str | int | float
    ) -> ObservationBuilder:
        """Assert ``namespace`` (a ``$.`` path) ``operator`` ``operand``; a failure ends the run."""
        if not namespace.startswith("$."):
            raise TestCaseBuildError(f"{self._at}: {namespace!r} is not a $. path")
        if operator == EXISTS:
            raise TestCaseBuildError(
                f"{self._at}: the live service refused the Exists operator; compare with an "
                "operand instead"
            )
        if operator not in ASSERT_OPERATORS:
            raise TestCaseBuildError(
                f"{self._at}: {operator!r} is not an Assert operator; expected one of "
                f"{', '.join(op for op in ASSERT_OPERATORS if op != EXISTS)}"
            )
        return self._add(
            Assert(
                identifier=self._name("check"),
                namespace=namespace,
                operator=operator,
                operand=operand,
            )
        )

    def check_equals(self, namespace: str, operand: str) -> ObservationBuilder:
        return self.check(namespace, "Equals", operand)

    # --- overrides -------------------------------------------------------------------------

    def mock_lambda(
        self,
        function_arn: str,
        answer: Mapping[str, Any] | str,
        *,
        delay_seconds: int | None = None,
    ) -> ObservationBuilder:
        """The function's next invocation answers ``answer`` (an object, or JSON text)."""
        loaded = answer if isinstance(answer, str) else json.dumps(dict(answer), sort_keys=True)
        result = ExecutionResult(loaded_data=loaded, delay_seconds=delay_seconds)
        return self._override(
            "InvokeLambdaFunction", {"LambdaFunctionARN": function_arn}, MockResponse(result)
        )

    def mock_lambda_error(
        self, function_arn: str, error: str = "TimeLimitExceeded"
    ) -> ObservationBuilder:
        """The function's next invocation fails with ``error``."""
        return self._mock_error("InvokeLambdaFunction", {"LambdaFunctionARN": function_arn}, error)

    def mock_hours(self, hours_of_operation: str, *, in_hours: bool) -> ObservationBuilder:
        """The next check of these hours answers in hours (True branch) or not (False)."""
        value = HOURS_VALUES[0] if in_hours else HOURS_VALUES[1]
        return self._override(
            "CheckHoursOfOperation",
            {"HoursOfOperationId": hours_of_operation},
            MockResponse(ExecutionResult(value=value)),
        )

    def mock_queue_error(
        self,
        queue: str,
        error: str = "QueueAtCapacity",
        *,
        action_type: str = "TransferContactToQueue",
    ) -> ObservationBuilder:
        """The next transfer to ``queue`` fails with ``error`` (a full queue by default)."""
        return self._mock_error(action_type, {"QueueId": queue}, error)

    def substitute(
        self, action_type: str, parameters: Mapping[str, Any], substitute_arn: str
    ) -> ObservationBuilder:
        """The next use of the resource ``parameters`` names uses ``substitute_arn`` instead."""
        return self._override(action_type, parameters, SubstituteResource(substitute_arn))

    def _mock_error(
        self, action_type: str, parameters: Mapping[str, Any], error: str
    ) -> ObservationBuilder:
        allowed = MOCK_ERRORS.get(action_type, ())
        if error not in allowed:
            raise TestCaseBuildError(
                f"{self._at}: {action_type} cannot answer {error!r}; expected "
                f"{' or '.join(allowed) or 'an overridable action type'}"
            )
        return self._override(action_type, parameters, MockResponse(MockError(error)))

    def _override(
        self,
        action_type: str,
        parameters: Mapping[str, Any],
        strategy: MockResponse | SubstituteResource,
    ) -> ObservationBuilder:
        if not parameters or not all(parameters.values()):
            raise TestCaseBuildError(
                f"{self._at}: an override must name its resource (the live service refused "
                "empty ActionParameters)"
            )
        kind = "substitute" if isinstance(strategy, SubstituteResource) else "mock"
        return self._add(
            OverrideSystemBehavior(
                identifier=self._name(kind),
                action_type=action_type,
                action_parameters=dict(parameters),
                strategy=strategy,
            )
        )

    # --- test control ----------------------------------------------------------------------

    def log(self, expressions: Mapping[str, str]) -> ObservationBuilder:
        """Show these values with the results: label -> text with ``$.`` paths."""
        return self._add(
            TestControl(identifier=self._name("log"), command=LogData(dict(expressions)))
        )

    def end_test(self) -> ObservationBuilder:
        return self._add(TestControl(identifier=self._name("end"), command=EndTest()))

    # --- internals -------------------------------------------------------------------------

    @property
    def _at(self) -> str:
        return f"observation {self.identifier!r}"

    def _name(self, kind: str) -> str:
        count = self._kinds.get(kind, 0) + 1
        self._kinds[kind] = count
        return f"{self.identifier}-{kind}" + (f"-{count}" if count > 1 else "")

    def _add(self, action: Action) -> ObservationBuilder:
        if isinstance(self._event, FlowActionStarted):
            raise TestCaseBuildError(
                f"{self._at}: the live service refused actions on a FlowActionStarted "
                "observation; act on a message or at the start instead"
            )
        if any(_ends_test(a) for a in self._actions):
            raise TestCaseBuildError(f"{self._at}: nothing runs after EndTest")
        self._actions.append(action)
        return self

    def observation(self) -> Observation:
        return Observation(
            identifier=self.identifier,
            event=self._event,
            actions=tuple(self._actions),
            next_observations=tuple(self._next),
        )


def _ends_test(action: Action) -> bool:
    return isinstance(action, TestControl) and isinstance(action.command, EndTest)


class TestCaseBuilder:
    """Observations in file order; :meth:`build` returns the content."""

    __test__ = False

    def __init__(self) -> None:
        self._observations: list[ObservationBuilder] = []

    def on_test_started(self, identifier: str) -> ObservationBuilder:
        """When the test starts: the place for overrides that must hold before the flow runs."""
        return self._observe(identifier, TestInitiated)

    def on_message(
        self, identifier: str, text: str, *, matching: MatchingCriteria = SIMILARITY
    ) -> ObservationBuilder:
        """When the system plays ``text`` (Similarity by default, or Inclusion)."""
        if not text.strip():
            raise TestCaseBuildError(
                f"observation {identifier!r}: the live service refused an empty Text"
            )
        return self._observe(identifier, MessageReceived, text=text, matching=matching)

    def on_prompt(self, identifier: str, prompt_id: str) -> ObservationBuilder:
        """When the system plays the prompt ``prompt_id`` (id or ARN)."""
        return self._observe(identifier, MessageReceived, prompt_id=prompt_id)

    def on_flow_action_started(
        self, identifier: str, action_type: str, parameters: Mapping[str, Any] | None = None
    ) -> ObservationBuilder:
        """When a block of ``action_type`` starts; such an observation cannot act."""
        if action_type not in FLOW_ACTION_EVENT_TYPES:
            raise TestCaseBuildError(
                f"observation {identifier!r}: FlowActionStarted is documented for "
                f"{', '.join(FLOW_ACTION_EVENT_TYPES)}, not {action_type!r}"
            )
        return self._observe(
            identifier,
            FlowActionStarted,
            action_type=action_type,
            action_parameters=dict(parameters or {}),
        )

    def on_test_completed(self, identifier: str) -> ObservationBuilder:
        return self._observe(identifier, TestCompleted)

    def _observe(
        self, identifier: str, cls: Callable[..., Event], **fields: Any
    ) -> ObservationBuilder:
        if not identifier.strip() or len(identifier) > MAX_IDENTIFIER_CHARS:
            raise TestCaseBuildError(
                f"observation identifier {identifier!r}: expected 1-{MAX_IDENTIFIER_CHARS} "
                "characters, not all blank"
            )
        if any(o.identifier == identifier for o in self._observations):
            raise TestCaseBuildError(f"observation {identifier!r} is already defined")
        event = cls(identifier=f"{identifier}-event", **fields)
        builder = ObservationBuilder(self, identifier, event)
        self._observations.append(builder)
        return builder

    def build(self) -> TestCaseContent:
        """The content; raises :class:`TestCaseBuildError` naming what is missing or wrong."""
        if not self._observations:
            raise TestCaseBuildError("a test case observes at least one event")
        known = {o.identifier for o in self._observations}
        for builder in self._observations:
            for target in builder.observation().next_observations:
                if target not in known:
                    raise TestCaseBuildError(
                        f"observation {builder.identifier!r}: next observation {target!r} is "
                        "not defined"
                    )
        content = TestCaseContent(
            observations=tuple(o.observation() for o in self._observations),
            version=VERSION_ACCEPTED_LIVE,
        )
        _read_back(content_to_dict(content), "built case")
        problems = deployable_problems(content)
        if problems:
            raise TestCaseBuildError(problems[0])
        return content

    def build_case(
        self,
        name: str,
        *,
        flow_id: str | None = None,
        source_phone_number: str | None = None,
        attributes: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> TestCase:
        """The content with a name, a VOICE_CALL entry point into ``flow_id`` and the contact's
        starting attributes."""
        initialization = None
        if attributes:
            raw = {"Attributes": dict(attributes), "SegmentAttributes": {}}
            initialization = InitializationData(attributes=dict(attributes), raw=raw)
        case = TestCase(
            name=name,
            content=self.build(),
            entry_point=EntryPoint(
                type="VOICE_CALL", flow_id=flow_id, source_phone_number=source_phone_number
            ),
            initialization_data=initialization,
            description=description,
        )
        _read_back(to_describe_shape(case), f"test case {name!r}")
        problems = deployable_problems(case)
        if problems:
            raise TestCaseBuildError(f"test case {name!r}: {problems[0]}")
        return case


def _read_back(written: Mapping[str, Any], source: str) -> None:
    """Read what was built through the loader: the builder writes nothing it cannot read."""
    try:
        parse_test_case(dict(written), source=source)
    except TestCaseLoadError as exc:
        raise TestCaseBuildError(str(exc)) from None
