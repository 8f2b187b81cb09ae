"""Typed model of Amazon Connect test case content (the Testing language).

A test case's ``Content`` is a graph of observations: each waits for one event the system
produces (the test started, a message was played, a flow block started, the test completed) and
lists the actions the test harness then performs (customer input, assertions, overrides of
resources, end of test). ``TestCase`` adds what CreateTestCase / DescribeTestCase carry around the
content: name, entry point and initialization data.

The model keeps what was read, including forms the live service refused (the other Version
string, ``Usage``, action ``Transitions``, DTMF values as strings, ...), so that
:func:`flows.testing.deployable.deployable_problems` can name them and a case read from elsewhere
can be written back as it was. Facts and their sources are beside each constant below.

Sources (DG = https://docs.aws.amazon.com/connect/latest/devguide/,
AR = https://docs.aws.amazon.com/connect/latest/APIReference/):
DG/AR testing-language-observations.html, testing-language-events*.html,
testing-language-actions-*.html, testing-language-example.html;
AR API_TestCaseEntryPoint.html, API_VoiceCallEntryPointParameters.html.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Literal

# Both Version strings appear in the docs: DG testing-language-observations.html says
# "such as 2019-10-30", the AR copy of the pages and the AR example use 2025-06-21. A third party
# that ran cases live saw only 2019-10-30 accepted, so that is the one written.
VERSION_ACCEPTED_LIVE = "2019-10-30"
VERSIONS = (VERSION_ACCEPTED_LIVE, "2025-06-21")

# DG testing-language-events-message-received.html: "Similarity" (semantic match, the console's
# "Similar") and "Inclusion" (the message contains the text, the console's "Contains").
SIMILARITY: Final = "Similarity"
INCLUSION: Final = "Inclusion"
MATCHING_CRITERIA = (SIMILARITY, INCLUSION)
MatchingCriteria = Literal["Similarity", "Inclusion"]

# DG testing-language-actions-assertion.html; Exists takes no operand.
ASSERT_OPERATORS = (
    "Equals",
    "TextStartsWith",
    "TextEndsWith",
    "TextContains",
    "NumberGreaterThan",
    "NumberGreaterOrEqualTo",
    "NumberLessThan",
    "NumberLessOrEqualTo",
    "Exists",
)
EXISTS = "Exists"

# DG testing-language-actions-override-system-behavior.html: the flow actions whose behaviour a
# test may override, the parameter naming the resource, and the errors a mock may answer with.
OVERRIDABLE_ACTIONS: Mapping[str, str] = {
    "InvokeLambdaFunction": "LambdaFunctionARN",
    "CheckHoursOfOperation": "HoursOfOperationId",
    "TransferContactToQueue": "QueueId",
    "DequeueAndTransferToQueue": "QueueId",
    "ConnectParticipantWithLexBot": "LexV2Bot",
}
MOCK_ERRORS: Mapping[str, tuple[str, ...]] = {
    "InvokeLambdaFunction": ("TimeLimitExceeded", "NoMatchingError"),
    "ConnectParticipantWithLexBot": ("TimeLimitExceeded", "NoMatchingError"),
    "CheckHoursOfOperation": ("NoMatchingError",),
    "TransferContactToQueue": ("QueueAtCapacity", "NoMatchingError"),
    "DequeueAndTransferToQueue": ("QueueAtCapacity", "NoMatchingError"),
}
# A successful mock answer is documented for these only: LoadedData for the function and the bot,
# Value for hours of operation.
MOCK_LOADED_DATA_ACTIONS = ("InvokeLambdaFunction", "ConnectParticipantWithLexBot")
HOURS_VALUES = ("InHours", "OutOfHours")

# DG testing-language-events-flow-action-started.html documents these four variants.
FLOW_ACTION_EVENT_TYPES = (
    "InvokeLambdaFunction",
    "CheckHoursOfOperation",
    "TransferContactToQueue",
    "ConnectParticipantWithLexBot",
)

ENTRY_POINT_TYPES = ("VOICE_CALL", "CHAT")  # AR API_TestCaseEntryPoint.html

JsonScalar = str | int | float | bool


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Event:
    """What every event carries: an identifier (the console needs it; the service does not) and
    the actor, ``System`` for every documented event."""

    TYPE: ClassVar[str]
    identifier: str | None = None
    actor: str = "System"


@dataclass(frozen=True, kw_only=True)
class TestInitiated(_Event):
    """The execution started: the place for overrides that must be in force before the flow."""

    TYPE: ClassVar[str] = "TestInitiated"
    __test__: ClassVar[bool] = False  # data, not a pytest class


@dataclass(frozen=True, kw_only=True)
class TestCompleted(_Event):
    """The execution ended (an EndTest ran, or the contact left the flows)."""

    TYPE: ClassVar[str] = "TestCompleted"
    __test__: ClassVar[bool] = False


@dataclass(frozen=True)
class Media:
    """A recorded prompt in S3, as MessageReceived's ``Media`` property names it."""

    uri: str
    source_type: str = "S3"
    media_type: str = "audio"


@dataclass(frozen=True, kw_only=True)
class MessageReceived(_Event):
    """The system played a prompt or sent a message; exactly one of text, ssml, prompt_id, media.

    ``matching`` applies to text and SSML. ``criteria_on_event`` records where the file put it
    (the AR example puts ``"MatchingCriteria": "Similarity"`` on the event, the DG page nests
    ``{"Type": ...}`` inside Properties; both ran live), so it is written back the same way.
    """

    TYPE: ClassVar[str] = "MessageReceived"
    text: str | None = None
    ssml: str | None = None
    prompt_id: str | None = None
    media: Media | None = None
    matching: MatchingCriteria = SIMILARITY
    criteria_on_event: bool = False


@dataclass(frozen=True, kw_only=True)
class FlowActionStarted(_Event):
    """A flow block of ``action_type`` started; ``action_parameters`` (flow-language names) narrow
    it to one resource, e.g. ``{"LambdaFunctionARN": ...}``."""

    TYPE: ClassVar[str] = "FlowActionStarted"
    action_type: str
    action_parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class FlowActionCompleted(_Event):
    """A Lambda, Lex or agent block finished on a non-error branch.

    The Administrator Guide (testing-simulation-observe-block.html) describes this event in the
    console; no Testing-language page names its JSON type. ``FlowActionCompleted`` (the
    counterpart of ``FlowActionStarted``) is read, and reported as undocumented when deploying.
    """

    TYPE: ClassVar[str] = "FlowActionCompleted"
    action_type: str
    action_parameters: Mapping[str, Any] = field(default_factory=dict)


Event = TestInitiated | TestCompleted | MessageReceived | FlowActionStarted | FlowActionCompleted
EVENT_TYPES: Mapping[str, type[_Event]] = {
    cls.TYPE: cls
    for cls in (
        TestInitiated,
        MessageReceived,
        FlowActionStarted,
        FlowActionCompleted,
        TestCompleted,
    )
}


# --- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DtmfInput:
    """Keys the customer presses. ``value`` as written: a number (what the live service accepted)
    or a string of digits, ``*`` and ``#``."""

    value: int | str

    @property
    def digits(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Utterance:
    """Something the customer says or types (Lex bots, chat).

    ``type_name`` is ``Utterance`` (DG) or ``TextUtterance`` (AR); the text is under
    ``Value`` (accepted live), ``Text`` or ``SSML`` (documented, refused live): ``text_key``.
    """

    text: str
    text_key: str = "Value"
    language_code: str | None = None
    type_name: str = "Utterance"


@dataclass(frozen=True)
class Disconnect:
    """The customer hangs up."""


Instruction = DtmfInput | Utterance | Disconnect


@dataclass(frozen=True, kw_only=True)
class _Action:
    """What every action carries. ``next_action`` is the action's ``Transitions.NextAction`` as
    written (``""`` for the AR example's terminal form), ``None`` when there is none."""

    TYPE: ClassVar[str]
    identifier: str
    next_action: str | None = None


@dataclass(frozen=True, kw_only=True)
class SendInstruction(_Action):
    TYPE: ClassVar[str] = "SendInstruction"
    instruction: Instruction
    actor: str = "Customer"


@dataclass(frozen=True, kw_only=True)
class Assert(_Action):
    """Check a value of the contact: ``namespace`` is a JSONPath such as ``$.Attributes.x``."""

    TYPE: ClassVar[str] = "Assert"
    namespace: str
    operator: str
    operand: JsonScalar | None = None


@dataclass(frozen=True)
class ExecutionResult:
    """A mock's successful answer: ``loaded_data`` (serialized JSON, function and bot) or
    ``value`` (``InHours`` / ``OutOfHours``), after ``delay_seconds``."""

    loaded_data: str | None = None
    value: str | None = None
    delay_seconds: int | float | None = None


@dataclass(frozen=True)
class MockError:
    """A mock's error answer, e.g. ``TimeLimitExceeded`` or ``QueueAtCapacity``."""

    error: str
    delay_seconds: int | float | None = None


@dataclass(frozen=True)
class MockResponse:
    response: ExecutionResult | MockError


@dataclass(frozen=True)
class SubstituteResource:
    """Use another resource (function, hours, queue, bot alias) in place of the flow's."""

    substitute_arn: str


@dataclass(frozen=True, kw_only=True)
class OverrideSystemBehavior(_Action):
    """The next use of one resource behaves as ``strategy`` says (single use, FIFO per resource)."""

    TYPE: ClassVar[str] = "OverrideSystemBehavior"
    action_type: str
    action_parameters: Mapping[str, Any]
    strategy: MockResponse | SubstituteResource


@dataclass(frozen=True)
class EndTest:
    """End the execution here."""


@dataclass(frozen=True)
class LogData:
    """Values to show with the results: label -> text with ``$.`` paths in it."""

    expressions: Mapping[str, str]


@dataclass(frozen=True, kw_only=True)
class TestControl(_Action):
    TYPE: ClassVar[str] = "TestControl"
    __test__: ClassVar[bool] = False
    command: EndTest | LogData


Action = SendInstruction | Assert | OverrideSystemBehavior | TestControl
ACTION_TYPES: Mapping[str, type[_Action]] = {
    cls.TYPE: cls for cls in (SendInstruction, Assert, OverrideSystemBehavior, TestControl)
}


# --- observations and the case ---------------------------------------------------------------


UsageKind = Literal["exactly", "at_least", "at_most", "any"]


@dataclass(frozen=True)
class Usage:
    """How often an observation's event must happen, as written (the live service refused it).

    ``kind``: ``exactly`` (DG ``Exactly``, AR ``EXACTLY``), ``at_least``, ``at_most`` or ``any``
    (DG ``Always``, AR ``ANY``); ``times`` defaults to 1 where the kind counts.
    """

    written: str
    kind: UsageKind
    times: int | None = None

    @property
    def count(self) -> int:
        return 1 if self.times is None else self.times


@dataclass(frozen=True)
class Observation:
    """One expected event and the actions run when it happens, then the observations that
    become active (``next_observations``)."""

    identifier: str
    event: Event
    actions: tuple[Action, ...] = ()
    next_observations: tuple[str, ...] = ()
    usage: Usage | None = None


@dataclass(frozen=True)
class TestCaseContent:
    """The ``Content`` of a test case."""

    __test__: ClassVar[bool] = False

    observations: tuple[Observation, ...]
    version: str = VERSION_ACCEPTED_LIVE
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def observation(self, identifier: str) -> Observation:
        for observation in self.observations:
            if observation.identifier == identifier:
                return observation
        raise KeyError(identifier)


@dataclass(frozen=True)
class EntryPoint:
    """Where the simulated contact enters: a voice call (a flow, or numbers) or a chat."""

    type: str = "VOICE_CALL"
    flow_id: str | None = None
    source_phone_number: str | None = None
    destination_phone_number: str | None = None


@dataclass(frozen=True)
class InitializationData:
    """The contact's starting data. ``{"Attributes": {...}, "SegmentAttributes": {...}}`` is the
    shape whose attributes a live Assert read back; ``flat`` marks a bare map of attributes
    (accepted live, but read back empty). ``raw`` is the object as written."""

    attributes: Mapping[str, str]
    raw: Mapping[str, Any]
    flat: bool = False


@dataclass(frozen=True)
class TestCase:
    """A test case as DescribeTestCase returns it, or bare content with a name."""

    __test__: ClassVar[bool] = False

    name: str
    content: TestCaseContent
    entry_point: EntryPoint | None = None
    initialization_data: InitializationData | None = None
    description: str | None = None
