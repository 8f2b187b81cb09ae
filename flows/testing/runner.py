"""Running an Amazon Connect test case on the simulator: one simulated contact, observed.

    from flows.simulator import Simulator
    from flows.testing import load_test_case
    from flows.testing.runner import run_test_case
    run = run_test_case(Simulator(flow_content), load_test_case("case.json").case)
    run.verdict.status, run.verdict.reason

The runner drives the simulator through its public driving interface
(:mod:`flows.simulator.engine`): an observer that sees every block, prompt and branch, an input
provider asked when a block waits for the customer, and the run's control (read contact data,
add scripted outcomes, hang up, halt). It sits one floor above the simulator: it imports no
block handler, and the simulator imports nothing of it.

What happens, in the order of the contact:

- ``TestInitiated`` happens before the flow's first block runs. The simulator's events become
  the Testing language's (:mod:`flows.testing.events`); each is fired at once against the
  active observations (:class:`~flows.testing.observations.ObservationTracker`), whose actions
  run in order there and then:

  - ``SendInstruction``: a DTMF entry or an utterance waits for the next block that asks for the
    customer's input (a DTMF entry answers a Get customer input, or a Lex bot as the digits; an
    utterance answers a Lex bot only: a Get customer input hears silence). ``Disconnect``: the
    customer hangs up at once. With nothing sent, a block that waits gets no input and times out
    as configured (the third party saw input timeouts fire live);
  - ``Assert``: reads the contact's data now (``$.Attributes.*``, ``$.External.*``,
    ``$.Queue.Name`` / ``ARN``, ``$.ContactId``, ``$.CustomerEndpoint.Address``, ...;
    ``$.LambdaInvocation.ResultData.<key>`` is read as ``$.External.<key>``, which holds the same
    answer). Values are compared as text; an object or a list reads as not set (the
    Administrator Guide: only scalars resolve). A failed Assert fails the case and ends the run;
  - ``OverrideSystemBehavior``: queued in the simulator's scripted outcomes
    (:mod:`flows.testing.overrides`), used once by the next block that uses the resource;
  - ``TestControl``: ``EndTest`` ends the run (the contact is halted where it is); ``LogData``
    is rendered now and shown with the verdict.

- ``TestCompleted`` happens when EndTest ran, or when the contact left the flow (queued,
  disconnected, transferred, ended); its observations may still Assert and LogData.
- ``InitializationData`` ``{"Attributes": {...}}`` gives the contact its attributes; the entry
  point's ``SourcePhoneNumber`` is the caller's number (``phone`` overrides it; with neither,
  the simulator's default caller, as in ``simulate``); a ``CHAT`` entry point is a chat contact.
  Functions that no override mocks run as in ``simulate``: those the project's
  ``[tool.flows.functions]`` binds, others bound with ``--lambda``, in the shell's environment.

**Connect's 5-minute limit.** The live service ends an execution after 5 minutes (Administrator
Guide, https://docs.aws.amazon.com/connect/latest/adminguide/testing-simulation-execute-test-cases.html).
The simulator has no clock, so the limit is mapped onto what it does have:

- the step limit (``SimulationOptions.max_steps``, 500 blocks by default): a contact still in the
  flow after that many blocks is in a loop that only the 5-minute limit ends. Real flows end in
  far fewer (the customer-lookup flow runs 7-13 blocks; the corpus exports under 60);
- the waits whose length the flow states: each Get customer input (or Lex block) that gets no
  input waits its InputTimeLimitSeconds, 5 s when the block does not say (Administrator Guide,
  https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html: "If the customer
  doesn't enter anything, it times out after 5 seconds"); 300 s of them is the limit.

Either way the run ends at once and the case FAILS saying that the live run would time out, with
every observation still waiting. So does a run the simulator had to stop (a block it cannot
simulate): what the live service would do next is unknown.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from flows.command_line import counted
from flows.simulator import (
    DEFAULT_PHONE,
    MISSING,
    BlockFinished,
    BlockStarted,
    ContactEnded,
    ContactSetup,
    CustomerInput,
    Ended,
    FunctionBindings,
    InputKind,
    InputRequest,
    PromptPlayed,
    RunControl,
    RunEvent,
    Script,
    SimulationOptions,
    SimulationResult,
    Simulator,
)
from flows.testing.assertions import evaluate
from flows.testing.events import EventFormer
from flows.testing.log_data import render_expressions
from flows.testing.matching import ObservedEvent, describe_observed
from flows.testing.model import (
    Assert,
    Disconnect,
    DtmfInput,
    EndTest,
    LogData,
    Observation,
    OverrideSystemBehavior,
    SendInstruction,
    TestCase,
    TestControl,
    Utterance,
)
from flows.testing.observations import ObservationTracker, action_order
from flows.testing.overrides import OverrideError, scripted_outcome
from flows.testing.verdict import Failure, Verdict, judge, unmet_failures

LIVE_LIMIT_SECONDS = 300.0
DEFAULT_INPUT_TIMEOUT_SECONDS = 5.0
_RESULT_DATA = "$.LambdaInvocation.ResultData."


@dataclass(frozen=True)
class CaseRun:
    """One test case run on the simulator.

    ``ended``: how the run ended, in words; ``events``: every event the run formed, in order
    (``MessageReceived "Hello ..."``), matched or not; ``notes``: what the runner had to decide
    (an utterance a Get customer input cannot hear, ...).
    """

    name: str
    source: str
    verdict: Verdict
    ended: str
    result: SimulationResult
    events: tuple[str, ...]
    notes: tuple[str, ...]
    seconds: float

    @property
    def passed(self) -> bool:
        return self.verdict.passed


def run_test_case(
    simulator: Simulator,
    case: TestCase,
    *,
    source: str = "",
    phone: str | None = None,
    functions: FunctionBindings | None = None,
    options: SimulationOptions | None = None,
    queue_names: Mapping[str, str] | None = None,
) -> CaseRun:
    """Run ``case`` through the flow of ``simulator`` and judge it.

    ``phone`` replaces the entry point's SourcePhoneNumber; ``functions`` binds the functions
    that are not mocked (default: as ``simulate`` binds them); ``options.max_steps`` stands for
    the live 5-minute limit; ``queue_names`` names queues by ARN for ``$.Queue.Name``.
    """
    started = time.perf_counter()
    options = options or SimulationOptions()
    driver = _Driver(case, options.max_steps)
    contact = _contact(case, phone, queue_names or {})
    result = simulator.run(
        contact,
        functions if functions is not None else FunctionBindings.default(),
        Script(),
        # One block more than the limit, so that the runner, not the engine, ends the run there.
        replace(options, max_steps=options.max_steps + 1),
        observer=driver,
        inputs=driver,
    )
    ended = driver.ended_text(result)
    verdict = judge(
        driver.tracker, ended=ended, failures=driver.failures(result, ended), logs=driver.logs
    )
    return CaseRun(
        name=case.name,
        source=source,
        verdict=verdict,
        ended=ended,
        result=result,
        events=tuple(driver.events),
        notes=tuple(driver.notes),
        seconds=time.perf_counter() - started,
    )


def _contact(case: TestCase, phone: str | None, queue_names: Mapping[str, str]) -> ContactSetup:
    entry = case.entry_point
    if phone is None:
        phone = entry.source_phone_number if entry and entry.source_phone_number else DEFAULT_PHONE
    attributes = case.initialization_data.attributes if case.initialization_data else {}
    return ContactSetup(
        phone=phone,
        channel="CHAT" if entry is not None and entry.type == "CHAT" else "VOICE",
        attributes=dict(attributes),
        queue_names=dict(queue_names),
    )


def contact_value(value: Any) -> str | None:
    """A contact value as the text an Assert compares (None: not set, or not a scalar)."""
    if value is MISSING or value is None or isinstance(value, Mapping | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Driver:
    """The run's observer and input provider: forms events, fires observations, acts."""

    def __init__(self, case: TestCase, max_steps: int) -> None:
        self.tracker = ObservationTracker(case.content)
        self.max_steps = max_steps
        self.former = EventFormer()
        self.control: RunControl | None = None
        self.events: list[str] = []
        self.notes: list[str] = []
        self.logs: list[str] = []
        self.failure: Failure | None = None  # an action that failed: the run stopped there
        self.end_test: str | None = None  # the observation whose EndTest ran
        self.timed_out: str | None = None  # past the live limit
        self._started = False
        self._completing = False
        self._hung_up = False
        self._sent: deque[DtmfInput | Utterance] = deque()
        self._blocks = 0
        self._waited = 0.0
        self._input_limits: dict[tuple[str, str], float] = {}

    @property
    def over(self) -> bool:
        return self.failure is not None or self.end_test is not None or self.timed_out is not None

    # --- the simulator's events ---

    def __call__(self, event: RunEvent, control: RunControl) -> None:
        self.control = control
        if not self._started:
            self._started = True
            self._fire([ObservedEvent.test_initiated()])
        if isinstance(event, BlockStarted):
            self._blocks += 1
            if self._blocks > self.max_steps:
                self._time_out(
                    f"the contact was still in the flow after {counted(self.max_steps, 'block')}"
                )
                return
            self._input_limits[(event.flow, event.identifier)] = _input_limit(event.resolved)
            queue = contact_value(control.read("$.Queue.ARN"))
            self._fire(self.former.block_started(event, queue))
        elif isinstance(event, PromptPlayed):
            self._fire(self.former.prompt_played(event))
        elif isinstance(event, BlockFinished):
            self._fire(self.former.block_finished(event))
        elif isinstance(event, ContactEnded):
            self._contact_ended(event)

    def _contact_ended(self, event: ContactEnded) -> None:
        self._fire(self.former.contact_ended())
        if event.ended is not Ended.STOPPED and self.failure is None and self.timed_out is None:
            self._completing = True
            self._fire([ObservedEvent.test_completed()])

    # --- the customer's input ---

    def next_input(self, request: InputRequest) -> CustomerInput:
        """What the customer does when a block waits: what an observation sent, else silence."""
        self._fire(self.former.input_requested())
        if self._hung_up:
            return CustomerInput(InputKind.HANG_UP)
        if self.over:
            return CustomerInput(InputKind.TIMEOUT)  # the run is halted; the engine ends it
        sent = self._sent.popleft() if self._sent else None
        if isinstance(sent, DtmfInput):
            kind = InputKind.UTTERANCE if request.for_lex else InputKind.DTMF
            return CustomerInput(kind, sent.digits)
        if isinstance(sent, Utterance):
            if request.for_lex:
                return CustomerInput(InputKind.UTTERANCE, sent.text)
            self.notes.append(
                f"the utterance {sent.text!r} reached Get customer input {request.identifier!r}, "
                "which takes keys only: it heard nothing"
            )
        self._wait(request)
        return CustomerInput(InputKind.TIMEOUT)

    def _wait(self, request: InputRequest) -> None:
        """Nothing entered: the block waits its time limit, which counts toward the live one."""
        limit = self._input_limits.get(
            (request.flow, request.identifier), DEFAULT_INPUT_TIMEOUT_SECONDS
        )
        self._waited += limit
        if self._waited >= LIVE_LIMIT_SECONDS:
            self._time_out(
                f"the contact waited {self._waited:g} s for input that never came (input time-outs)"
            )

    def _time_out(self, what: str) -> None:
        self.timed_out = what
        assert self.control is not None
        self.control.halt(f"{what}: Connect's 5-minute limit")

    # --- observations and their actions ---

    def _fire(self, events: Sequence[ObservedEvent]) -> None:
        for event in events:
            if self.over and not self._completing:
                return
            self.events.append(describe_observed(event))
            for observation in self.tracker.fire(event):
                if not self._act(observation):
                    return
                self.tracker.complete(observation)

    def _act(self, observation: Observation) -> bool:
        """Run the observation's actions; False when the run must not go on."""
        for action in action_order(observation):
            if isinstance(action, Assert):
                if not self._check(observation, action):
                    return False
            elif self._completing:
                if isinstance(action, TestControl) and isinstance(action.command, LogData):
                    self._log(action.command)
            elif isinstance(action, SendInstruction):
                self._instruct(action)
            elif isinstance(action, OverrideSystemBehavior):
                if not self._override(observation, action):
                    return False
            elif isinstance(action.command, EndTest):
                self.end_test = observation.identifier
                self._halt(f"EndTest ran in observation {observation.identifier!r}")
                return False
            else:
                self._log(action.command)
        return True

    def _halt(self, reason: str) -> None:
        assert self.control is not None
        self.control.halt(reason)

    def _check(self, observation: Observation, action: Assert) -> bool:
        outcome = evaluate(action, self._read(action.namespace))
        if outcome.passed:
            return True
        self.failure = Failure(
            observation.identifier, action.identifier, outcome.expected, outcome.happened
        )
        if not self._completing:
            self._halt(f"Assert {action.identifier!r} failed")
        return False

    def _read(self, path: str) -> str | None:
        assert self.control is not None
        if path.startswith(_RESULT_DATA):
            path = "$.External." + path[len(_RESULT_DATA) :]
        try:
            return contact_value(self.control.read(path))
        except ValueError:
            return None

    def _instruct(self, action: SendInstruction) -> None:
        instruction = action.instruction
        if isinstance(instruction, Disconnect):
            self._hung_up = True
            assert self.control is not None
            self.control.hang_up()
        else:
            self._sent.append(instruction)

    def _override(self, observation: Observation, action: OverrideSystemBehavior) -> bool:
        try:
            key, outcome = scripted_outcome(action)
        except OverrideError as exc:
            self.failure = Failure(
                observation.identifier,
                action.identifier,
                "an override the simulator can apply",
                str(exc),
            )
            self._halt(f"override {action.identifier!r} cannot be applied")
            return False
        assert self.control is not None
        self.control.outcomes.add(key, outcome)
        return True

    def _log(self, command: LogData) -> None:
        rendered = render_expressions(command.expressions, self._read)
        self.logs.extend(f"{label}: {value}" for label, value in rendered.items())

    # --- the end ---

    def ended_text(self, result: SimulationResult) -> str:
        """How the run ended, in words, for the verdict."""
        if self.failure is not None:
            return f"the run stopped at {self.failure.where}"
        if self.end_test is not None:
            return f"EndTest ran in observation {self.end_test!r}"
        if self.timed_out is not None:
            return self.timed_out
        if result.ended is Ended.STOPPED:
            return f"the simulator stopped: {result.message}"
        how = result.ended.value + (f": {result.message}" if result.message else "")
        return f"the contact left the flow ({how})"

    def failures(self, result: SimulationResult, ended: str) -> list[Failure]:
        """What failed besides observations still waiting (those :func:`judge` adds when this
        is empty)."""
        if self.failure is not None:
            return [self.failure]
        if self.timed_out is not None:
            stuck = Failure(
                None,
                None,
                "EndTest, or the contact leaving the flow, within Connect's 5-minute limit",
                f"{self.timed_out}; the live run would time out and end FAILED",
            )
            return [stuck, *unmet_failures(self.tracker, ended)]
        if result.ended is Ended.STOPPED and self.end_test is None:
            stopped = Failure(
                None,
                None,
                "the simulated contact to run until the test ends",
                f"the simulator stopped: {result.message}; what the live run would do next is "
                "unknown",
            )
            return [stopped, *unmet_failures(self.tracker, ended)]
        return []


def _input_limit(parameters: Mapping[str, Any]) -> float:
    """A block's InputTimeLimitSeconds, or Connect's default of 5 s."""
    try:
        seconds = float(str(parameters.get("InputTimeLimitSeconds", "")).strip())
    except ValueError:
        return DEFAULT_INPUT_TIMEOUT_SECONDS
    return seconds if seconds > 0 else DEFAULT_INPUT_TIMEOUT_SECONDS
