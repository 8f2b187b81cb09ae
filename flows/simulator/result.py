"""What a simulated contact did: the blocks it went through, what happened in each, how it ended.

Everything is recorded as data during the run; the transcript and the JSON are rendered from it
afterwards, so a run that nobody prints (the benchmark, the coverage test) pays nothing for text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Ended(StrEnum):
    """How the contact left the flow."""

    TRANSFERRED_TO_QUEUE = "TRANSFERRED_TO_QUEUE"
    DISCONNECTED = "DISCONNECTED"
    TRANSFERRED_TO_FLOW = "TRANSFERRED_TO_FLOW"
    TRANSFERRED_TO_PHONE_NUMBER = "TRANSFERRED_TO_PHONE_NUMBER"  # Transfer to phone number
    TRANSFERRED_TO_AGENT = "TRANSFERRED_TO_AGENT"  # Transfer to agent (transfer flows)
    # End flow / Resume (but in an inbound flow: DISCONNECTED), Return (end module), Loop prompts
    # until answered
    ENDED = "ENDED"
    STOPPED = "STOPPED"  # the simulator could not go on; ``message`` says why
    HALTED = "HALTED"  # whoever drove the run stopped it (a test case ended); ``message`` says why


class Outcome(StrEnum):
    """The result of one Invoke AWS Lambda function block."""

    SUCCESS = "SUCCESS"
    TIMEOUT = "TIMEOUT"  # past InvocationTimeLimitSeconds: Connect stops waiting
    FUNCTION_ERROR = "FUNCTION_ERROR"  # every attempt raised or hit the function's own timeout
    INVALID_RESPONSE = "INVALID_RESPONSE"  # rejected by ResponseValidation or the 32 KB limit
    NOT_BOUND = "NOT_BOUND"  # no Python callable is bound to the function's name
    ASYNC_STARTED = "ASYNC_STARTED"  # InvocationType ASYNCHRONOUS: Connect does not wait


@dataclass(frozen=True, slots=True)
class Attempt:
    """One call of the function (Connect retries a failed call within the time limit)."""

    request_id: str
    duration_ms: float
    error: str = ""


@dataclass(frozen=True, slots=True)
class Invocation:
    """One Invoke AWS Lambda function block as it ran."""

    function: str
    function_arn: str
    parameters: dict[str, str]
    response_type: str
    time_limit_seconds: int
    outcome: Outcome
    duration_ms: float
    attempts: tuple[Attempt, ...] = ()
    response: Any = None  # the accepted response (now $.External), or the rejected one
    error: str = ""
    mocked: bool = False  # a scripted answer: the function was not called

    def to_dict(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "function_arn": self.function_arn,
            "parameters": self.parameters,
            "response_type": self.response_type,
            "time_limit_seconds": self.time_limit_seconds,
            "outcome": self.outcome.value,
            "duration_ms": round(self.duration_ms, 3),
            "attempts": [
                {
                    "request_id": a.request_id,
                    "duration_ms": round(a.duration_ms, 3),
                    "error": a.error,
                }
                for a in self.attempts
            ],
            "response": self.response,
            "error": self.error,
            "mocked": self.mocked,
        }


# --- What happened inside one block (rendered by the transcript) ---


@dataclass(frozen=True, slots=True)
class Heard:
    """A prompt or message the customer gets, with the voice it is spoken in."""

    text: str
    voice: str


@dataclass(frozen=True, slots=True)
class AttributesSet:
    values: dict[str, str]
    target: str = "Current"


@dataclass(frozen=True, slots=True)
class FlowAttributesSet:
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class FunctionCalled:
    invocation: Invocation


@dataclass(frozen=True, slots=True)
class Compared:
    """Check contact attributes: the value compared and whether it exists."""

    reference: str
    value: str | None


@dataclass(frozen=True, slots=True)
class InputGiven:
    """Get customer input: what the caller entered (``None``: nothing before the time limit)."""

    value: str | None
    stored: bool


@dataclass(frozen=True, slots=True)
class Assumed:
    """An outcome the outside world decides (a bot, an agent, a queue's capacity) that nothing
    scripted, so the simulator took its documented default; the step is marked as assumed."""

    text: str


@dataclass(frozen=True, slots=True)
class QueueSet:
    name: str
    arn: str


@dataclass(frozen=True, slots=True)
class Setting:
    """A block that changes one setting (voice, logging, loop count, hours): name and value."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader should know: a missing reference, a scripted failure, a fallback."""

    text: str


Event = (
    Heard
    | AttributesSet
    | FlowAttributesSet
    | FunctionCalled
    | Compared
    | InputGiven
    | QueueSet
    | Setting
    | Note
    | Assumed
)


@dataclass(slots=True)
class Step:
    """One block the contact went through and the branch it took out of it.

    ``label`` is "Success", an error type or a condition ("Equals GOLD"); ``target`` the next
    action (``None`` when the block ended the flow). ``flow`` indexes
    :attr:`SimulationResult.flows` (0 = the flow simulated; others were reached by Transfer to
    flow).
    """

    flow: int
    identifier: str
    type: str
    label: str | None = None
    target: str | None = None
    events: list[Event] = field(default_factory=list)
    duration_ns: int = 0

    @property
    def assumptions(self) -> list[str]:
        """What the simulator assumed in this step (empty: everything was real or scripted)."""
        return [event.text for event in self.events if type(event) is Assumed]


@dataclass(frozen=True)
class FlowRef:
    """A flow the contact went through: where it came from and its content fingerprint."""

    source: str
    fingerprint: str


@dataclass
class SimulationResult:
    """One simulated contact, start to end."""

    contact_id: str
    channel: str
    phone: str | None
    flows: list[FlowRef]
    steps: list[Step]
    ended: Ended
    message: str
    attributes: dict[str, str]
    flow_attributes: dict[str, str]
    prompts: list[str]
    queue: str | None
    queue_arn: str | None
    voice: str
    invocations: list[Invocation]
    notes: list[str]
    contact_data: dict[str, Any] = field(default_factory=dict)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    transferred_to: str | None = None  # the phone number of Transfer to phone number
    cases: list[dict[str, Any]] = field(default_factory=list)  # cases created
    outbound: list[dict[str, Any]] = field(default_factory=list)  # contacts and messages started
    flow_type: str = ""  # the ContactFlowType the flow ran as
    flow_type_reason: str = ""

    @property
    def path(self) -> list[str]:
        return [step.identifier for step in self.steps]

    def transitions(self) -> list[tuple[str, str, str, str | None]]:
        """The transitions taken, as (flow fingerprint, action, label, target), in order."""
        return [
            (self.flows[s.flow].fingerprint, s.identifier, s.label, s.target)
            for s in self.steps
            if s.label is not None
        ]

    def assumptions(self) -> list[tuple[Step, str]]:
        """Every assumption of the run, with the step it was made in, in order."""
        return [(step, text) for step in self.steps for text in step.assumptions]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape: path, ended, attributes, prompts, queue, invocations, and more."""
        return {
            "contact_id": self.contact_id,
            "channel": self.channel,
            "phone": self.phone,
            "path": self.path,
            "ended": self.ended.value,
            "message": self.message,
            "attributes": self.attributes,
            "flow_attributes": self.flow_attributes,
            "prompts": self.prompts,
            "queue": self.queue,
            "queue_arn": self.queue_arn,
            "voice": self.voice,
            "invocations": [i.to_dict() for i in self.invocations],
            "notes": self.notes,
            "flows": [{"source": f.source, "fingerprint": f.fingerprint} for f in self.flows],
            "transitions": [
                {
                    "flow": self.flows[s.flow].fingerprint,
                    "action": s.identifier,
                    "label": s.label,
                    "target": s.target,
                    "assumed": bool(s.assumptions),
                }
                for s in self.steps
                if s.label is not None
            ],
            "assumptions": [
                {"flow": self.flows[step.flow].source, "action": step.identifier, "what": text}
                for step, text in self.assumptions()
            ],
            "contact_data": self.contact_data,
            "tasks": self.tasks,
            "callbacks": self.callbacks,
            "transferred_to": self.transferred_to,
            "cases": self.cases,
            "outbound": self.outbound,
            "flow_type": self.flow_type,
            "flow_type_reason": self.flow_type_reason,
        }
