"""The run loop: from the flow's StartAction, block by block, until the contact leaves the flow.

The engine knows no action type. It is given a *registry* (action type -> handler, see
:data:`HandlerRegistry`; the simulator's own is :data:`flows.simulator.blocks.HANDLERS`), moves
the contact along the branch each handler chose, counts steps, applies scripted failures, enters
and leaves flow modules and other flows, and records what happened. Handlers sit one floor up
and use only :class:`Run` and :class:`Decision` from here.

Driving a run from outside (the interface a Connect test-case runner builds on):

1. **Observe.** ``Engine.run(..., observer=f)`` calls ``f(event, control)`` synchronously, in
   order, with :class:`~flows.simulator.observe.BlockStarted` (flow, identifier, type,
   parameters as written and as resolved), :class:`~flows.simulator.observe.PromptPlayed` (text /
   SSML / PromptId, the block, and whether it was a Play prompt, Get customer input, Loop prompts
   or Lex prompt), :class:`~flows.simulator.observe.BlockFinished` (the branch taken; for a
   function or a bot that succeeded, its result) and :class:`~flows.simulator.observe.ContactEnded`
   (how). Blocks of flows entered by Transfer to flow or Invoke module are observed too. An
   Invoke module block finishes when its module returns.
2. **Input on demand.** When a Get customer input or Lex block waits for the customer, the
   engine asks the :class:`~flows.simulator.scripting.InputProvider` given as ``inputs=`` (by
   default :class:`~flows.simulator.scripting.ScriptedInputs` over ``Script.inputs``): digits,
   an utterance, a timeout or a hang-up. ``control.hang_up()`` from any callback makes the
   customer hang up there and then: the contact ends DISCONNECTED.
3. **Scripted outcomes.** ``control.outcomes`` is the run's
   :class:`~flows.simulator.scripting.ScriptedOutcomes`, built from the script (``--queue-full``,
   ``--closed``, ``--lex``, ...). A callback may add outcomes (a function's mocked answer, hours,
   a queue at capacity, a bot's intent); the next block that uses that resource consumes them,
   oldest first.
4. **Reading contact data.** ``control.read("$.Queue.Name")`` reads any reference at any moment
   with the resolver the blocks use.
5. **Stopping.** ``control.halt(reason)`` ends the run at once; the result is HALTED with the
   reason as its message.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.language.facts import LEGACY_TYPES, closest_type, is_known_type
from flows.simulator.contact import ContactSetup, ContactState, Script
from flows.simulator.flow_index import IndexedAction, IndexedFlow
from flows.simulator.flow_library import FlowLibrary
from flows.simulator.functions import FunctionBindings
from flows.simulator.observe import (
    BlockFinished,
    BlockStarted,
    ContactEnded,
    Observer,
    PromptKind,
    PromptPlayed,
)
from flows.simulator.references import (
    MISSING,
    parse_reference,
    read,
    resolve_text,
    resolve_value,
)
from flows.simulator.result import (
    Assumed,
    Ended,
    Event,
    FlowRef,
    Heard,
    Invocation,
    Note,
    SimulationResult,
    Step,
)
from flows.simulator.scripting import (
    CustomerInput,
    InputKind,
    InputProvider,
    InputRequest,
    ScriptedInputs,
    ScriptedOutcomes,
)

DEFAULT_MAX_STEPS = 500


@dataclass(frozen=True)
class SimulationOptions:
    """How the simulator behaves (not what the caller does: that is :class:`Script`).

    ``time_scale`` shrinks every wait (0.01 makes a 4-second limit 40 ms) for fast tests;
    ``function_timeout_seconds`` is the functions' own timeout (default: the block's limit minus
    one second, as the CDK app deploys it); ``flow_dir`` holds the flows Transfer to flow and the
    modules Invoke module may go to; ``seed`` makes random draws (Distribute by percentage)
    repeatable.
    """

    max_steps: int = DEFAULT_MAX_STEPS
    time_scale: float = 1.0
    function_timeout_seconds: float | None = None
    memory_limit_in_mb: int = 128
    flow_dir: Path | None = None
    seed: int | None = None


class Decision:
    """What a block decided: a branch (label, target), the end of the contact, or another flow.

    ``next_flow``: Transfer to flow continues there; ``module``: Invoke module runs that module
    and comes back to ``target``; ``returns``: the module ends here and the caller carries on.
    """

    __slots__ = ("ended", "label", "message", "module", "next_flow", "returns", "target")

    def __init__(
        self,
        label: str | None,
        target: str | None,
        ended: Ended | None = None,
        message: str = "",
        *,
        next_flow: IndexedFlow | None = None,
        module: IndexedFlow | None = None,
        returns: bool = False,
    ) -> None:
        self.label = label
        self.target = target
        self.ended = ended
        self.message = message
        self.next_flow = next_flow
        self.module = module
        self.returns = returns


ActionHandler = Callable[[IndexedAction, "Run"], Decision]
HandlerRegistry = Mapping[str, ActionHandler]


@dataclass(slots=True)
class _Frame:
    """The flow that invoked a module, to come back to when the module returns."""

    flow: IndexedFlow
    flow_index: int
    step: Step
    return_to: str | None
    flow_attributes: dict[str, str]


class Run:
    """One contact's run: the state the blocks change and the helpers they branch with."""

    def __init__(
        self,
        *,
        state: ContactState,
        contact: ContactSetup,
        script: Script,
        functions: FunctionBindings,
        options: SimulationOptions,
        flow: IndexedFlow,
        inputs: InputProvider,
        observer: Observer | None,
    ) -> None:
        self.state = state
        self.contact = contact
        self.script = script
        self.functions = functions
        self.options = options
        self.flow = flow
        self.flow_index = 0
        self.inputs = inputs
        self.observer = observer
        self.outcomes: ScriptedOutcomes = script.scripted_outcomes()
        self.invocations: list[Invocation] = []
        self.prompts: list[str] = []
        self.notes: list[str] = []
        self.tasks: list[dict[str, Any]] = []
        self.callbacks: list[dict[str, Any]] = []
        self.cases: list[dict[str, Any]] = []
        self.outbound: list[dict[str, Any]] = []
        self.transferred_to: str | None = None
        self.frames: list[_Frame] = []
        self.step: Step | None = None
        self.block_result: Mapping[str, Any] | None = None
        self.hung_up = False
        self.halted: str | None = None
        self._random: random.Random | None = None
        self._control: _Control | None = None

    # --- reading parameters ---

    def text(self, value: Any) -> str:
        """A parameter as text, references filled in; missing ones are noted and read as ""."""
        if type(value) is str and "$." not in value:  # static text: most parameters
            return value
        missing: list[str] = []
        resolved = resolve_text(self.state, value, missing)
        if missing:
            self._note_missing(missing)
        return resolved

    def texts(self, value: Any) -> Any:
        """A parameter object (a map, a list, nested) with every leaf as :meth:`text` reads it:
        the request a block would send, references filled in."""
        if isinstance(value, Mapping):
            return {str(key): self.texts(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.texts(item) for item in value]
        return self.text(value)

    def value(self, value: Any) -> Any:
        """A parameter whose whole-reference form keeps its type (or is MISSING, noted)."""
        missing: list[str] = []
        resolved = resolve_value(self.state, value, missing)
        if missing:
            self._note_missing(missing)
        return resolved

    def _note_missing(self, references: list[str]) -> None:
        for reference in references:
            self.note(f"{reference} does not exist; read as empty")

    @property
    def library(self) -> FlowLibrary | None:
        """The flows of ``--flow-dir`` (Transfer to flow, Invoke module), if one was given."""
        return FlowLibrary.for_folder(self.options.flow_dir)

    @property
    def random(self) -> random.Random:
        """The run's random numbers (repeatable with ``SimulationOptions.seed``)."""
        if self._random is None:
            # Stands for Connect's own random routing, not for anything secret.
            self._random = random.Random(self.options.seed)  # noqa: S311
        return self._random

    @property
    def in_module(self) -> bool:
        return bool(self.frames)

    # --- recording ---

    def record(self, event: Event) -> None:
        assert self.step is not None
        self.step.events.append(event)

    def note(self, text: str) -> None:
        self.record(Note(text))
        if text not in self.notes:
            self.notes.append(text)

    def assume(self, text: str) -> None:
        """Record that the simulator took a default outcome the outside world would decide."""
        self.record(Assumed(text))

    # --- the customer ---

    def hear(
        self,
        action: IndexedAction,
        heard: str,
        kind: PromptKind,
        *,
        text: str | None = None,
        ssml: str | None = None,
        prompt_id: str | None = None,
        media: str | None = None,
    ) -> None:
        """The customer hears ``heard`` (in the current voice); observers see the prompt."""
        self.prompts.append(heard)
        self.record(Heard(heard, self.state.voice))
        if self.observer is not None:
            self._notify(
                PromptPlayed(
                    self.flow.source,
                    action.identifier,
                    action.type,
                    kind,
                    heard,
                    text,
                    ssml,
                    prompt_id,
                    media,
                )
            )

    def ask_input(self, action: IndexedAction, *, for_lex: bool = False) -> CustomerInput:
        """What the customer does now that ``action`` waits for them (a hang-up ends the run)."""
        if self.hung_up:
            return CustomerInput(InputKind.HANG_UP)
        request = InputRequest(
            self.flow.source, action.identifier, action.type, self.state.channel, for_lex
        )
        given = self.inputs.next_input(request)
        if given.kind is InputKind.HANG_UP:
            self.hung_up = True
        return given

    # --- branching ---

    def success(self, action: IndexedAction) -> Decision:
        if action.next_action is None:
            return self.stop(f"{name(action)} has no NextAction (a dead end)")
        return Decision("Success", action.next_action)

    def error(self, action: IndexedAction, error_type: str) -> Decision:
        """Take the block's ``error_type`` branch, or its NoMatchingError branch if it has none."""
        if error_type in action.errors:
            target = action.errors[error_type]
            label = error_type
        elif "NoMatchingError" in action.errors:
            target = action.errors["NoMatchingError"]
            label = "NoMatchingError"
            if error_type != "NoMatchingError":
                self.note(f"{error_type} has no branch of its own; NoMatchingError taken")
        else:
            return self.stop(f"{name(action)} failed with {error_type} and has no branch for it")
        if target is None:
            return self.stop(f"{name(action)}: the {label} branch has no NextAction")
        return Decision(label, target)

    def condition(self, action: IndexedAction, index: int) -> Decision:
        condition = action.conditions[index]
        if condition.target is None:
            return self.stop(f"{name(action)}: the condition {condition.label} has no NextAction")
        return Decision(condition.label, condition.target)

    def equals(self, action: IndexedAction, result: str, no_match: str) -> Decision:
        """The first ``Equals`` condition whose operand is ``result``, else the ``no_match``
        error branch (blocks whose conditions name fixed results: intents, statuses...)."""
        for index, condition in enumerate(action.conditions):
            if condition.operator == "Equals" and any(str(o) == result for o in condition.operands):
                return self.condition(action, index)
        return self.error(action, no_match)

    def end(self, ended: Ended, message: str = "", label: str | None = None) -> Decision:
        """The contact leaves the flow here (``label``: the transition that records it)."""
        return Decision(label, None, ended, message)

    def stop(self, message: str) -> Decision:
        return Decision(None, None, Ended.STOPPED, message)

    # --- observers ---

    def _notify(self, event: Any) -> None:
        assert self.observer is not None
        if self._control is None:
            self._control = _Control(self)
        self.observer(event, self._control)


class _Control:
    """The :class:`~flows.simulator.observe.RunControl` an observer gets."""

    __slots__ = ("_run",)

    def __init__(self, run: Run) -> None:
        self._run = run

    @property
    def outcomes(self) -> ScriptedOutcomes:
        return self._run.outcomes

    def read(self, path: str) -> Any:
        reference = parse_reference(path)
        if reference is None:
            raise ValueError(f"{path!r} is not one $. reference (e.g. $.Attributes.name)")
        return read(self._run.state, reference)

    def hang_up(self) -> None:
        self._run.hung_up = True

    def halt(self, reason: str) -> None:
        self._run.halted = reason


def name(action: IndexedAction) -> str:
    """How messages name a block: its console name and Identifier."""
    return f"{action.console_name} block {action.identifier!r}"


class Engine:
    """Runs contacts through one indexed flow with a given handler registry."""

    def __init__(self, flow: IndexedFlow, handlers: HandlerRegistry) -> None:
        self.flow = flow
        self.handlers = handlers

    def run(
        self,
        contact: ContactSetup,
        functions: FunctionBindings,
        script: Script,
        options: SimulationOptions,
        *,
        observer: Observer | None = None,
        inputs: InputProvider | None = None,
    ) -> SimulationResult:
        state = ContactState(contact)
        run = Run(
            state=state,
            contact=contact,
            script=script,
            functions=functions,
            options=options,
            flow=self.flow,
            inputs=inputs if inputs is not None else ScriptedInputs(script.inputs),
            observer=observer,
        )
        handlers = self.handlers
        flows = [FlowRef(self.flow.source, self.flow.fingerprint)]
        steps: list[Step] = []
        flow = self.flow
        identifier = flow.start
        failures = script.failures
        perf = time.perf_counter_ns
        while True:
            action = flow.actions.get(identifier)
            if action is None:
                ended, message = Ended.STOPPED, f"no action {identifier!r} in {flow.source}"
                break
            if len(steps) >= options.max_steps:
                ended = Ended.STOPPED
                message = f"step limit of {options.max_steps} reached (an endless loop?)"
                break
            step = Step(run.flow_index, identifier, action.type)
            steps.append(step)
            run.step = step
            run.block_result = None
            if observer is not None:
                run._notify(
                    BlockStarted(
                        flow.source,
                        identifier,
                        action.type,
                        action.parameters,
                        _resolved(state, action.parameters),
                    )
                )
            started = perf()
            forced = failures.get(identifier)
            if run.hung_up or run.halted is not None:  # ended by an observer before it ran
                decision = _interruption(run, action)
            elif forced is not None:
                run.note(f"scripted failure: {forced}")
                decision = run.error(action, forced)
            else:
                handler = handlers.get(action.type)
                decision = (
                    handler(action, run) if handler is not None else run.stop(_unknown(action))
                )
            if run.hung_up or run.halted is not None:
                decision = _interruption(run, action)
            step.duration_ns = perf() - started
            if decision.module is None:
                step.label = decision.label
                step.target = decision.target
                if observer is not None:
                    _finished(run, flow, step)
                    if run.hung_up or run.halted is not None:
                        decision = _interruption(run, action)
            if decision.module is not None:
                run.frames.append(
                    _Frame(flow, run.flow_index, step, decision.target, state.flow_attributes)
                )
                state.flow_attributes = {}
                flow = run.flow = decision.module
                run.flow_index = len(flows)
                flows.append(FlowRef(flow.source, flow.fingerprint))
                identifier = flow.start
                continue
            if decision.returns and run.frames:
                frame = run.frames.pop()
                flow = run.flow = frame.flow
                run.flow_index = frame.flow_index
                state.flow_attributes = frame.flow_attributes
                caller = frame.step
                caller.label, caller.target = "Success", frame.return_to
                run.step = caller
                if observer is not None:
                    _finished(run, flow, caller)
                    if run.hung_up or run.halted is not None:
                        stopped = _interruption(run, flow.actions[caller.identifier])
                        assert stopped.ended is not None
                        ended, message = stopped.ended, stopped.message
                        break
                if frame.return_to is None:
                    ended, message = Ended.STOPPED, f"{name(flow.actions[caller.identifier])} "
                    message += "has no NextAction for its module to return to"
                    break
                identifier = frame.return_to
                continue
            if decision.next_flow is not None:
                run.frames.clear()
                flow = run.flow = decision.next_flow
                run.flow_index = len(flows)
                flows.append(FlowRef(flow.source, flow.fingerprint))
                identifier = flow.start
                continue
            if decision.ended is not None:
                ended, message = decision.ended, decision.message
                break
            assert decision.target is not None
            identifier = decision.target
        if observer is not None:
            run._notify(ContactEnded(ended, message))
        return SimulationResult(
            contact_id=state.contact_id,
            channel=state.channel,
            phone=contact.phone,
            flows=flows,
            steps=steps,
            ended=ended,
            message=message,
            attributes=dict(state.attributes),
            flow_attributes=dict(state.flow_attributes),
            prompts=run.prompts,
            queue=state.queue_name,
            queue_arn=state.queue_arn,
            voice=state.voice,
            invocations=run.invocations,
            notes=run.notes,
            contact_data=_contact_data(state),
            tasks=run.tasks,
            callbacks=run.callbacks,
            transferred_to=run.transferred_to,
            cases=run.cases,
            outbound=run.outbound,
            flow_type=self.flow.flow_type,
            flow_type_reason=self.flow.flow_type_reason,
        )


def _interruption(run: Run, action: IndexedAction) -> Decision:
    """The end of the run once an observer halted it or the customer hung up in this block."""
    if run.halted is not None:
        return run.end(Ended.HALTED, run.halted)
    return run.end(Ended.DISCONNECTED, f"the customer hung up at {action.identifier!r}")


def _finished(run: Run, flow: IndexedFlow, step: Step) -> None:
    run._notify(
        BlockFinished(
            flow.source,
            step.identifier,
            step.type,
            step.label,
            step.target,
            run.block_result,
            tuple(step.assumptions),
        )
    )


def _resolved(state: ContactState, value: Any) -> Any:
    """A parameter object with every reference inside resolved (for observers)."""
    if isinstance(value, str):
        if "$." not in value:
            return value
        found = resolve_value(state, value, [])
        return "" if found is MISSING else found
    if isinstance(value, Mapping):
        return {key: _resolved(state, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(state, item) for item in value]
    return value


def _contact_data(state: ContactState) -> dict[str, Any]:
    """Contact properties the flow set (Set contact data, Set callback number, ...)."""
    data: dict[str, Any] = {}
    if state.name is not None:
        data["Name"] = state.name
    if state.description is not None:
        data["Description"] = state.description
    if state.references:
        data["References"] = state.references
    if state.customer_id is not None:
        data["CustomerId"] = state.customer_id
    if state.tags:
        data["Tags"] = dict(state.tags)
    if state.callback_number != state.setup.phone:
        data["CallbackNumber"] = state.callback_number
    data.update(state.contact_data)
    return data


def _unknown(action: IndexedAction) -> str:
    instead = LEGACY_TYPES.get(action.type)
    if instead is not None:
        return (
            f"{action.identifier!r}: {action.type!r} is not a type of the flow language "
            f"(use {instead}); cannot simulate it"
        )
    if not is_known_type(action.type):  # a misspelt type gets the one it most likely meant
        meant = closest_type(action.type)
        hint = f" (did you mean {meant}?)" if meant else ""
        return (
            f"{name(action)}: {action.type!r} is not a type of the flow language{hint}; "
            "cannot simulate it"
        )
    return (
        f"{name(action)} (type {action.type}) cannot be simulated; "
        "the simulator stops here rather than guess what it would do"
    )
