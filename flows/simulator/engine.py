"""The run loop: from the flow's StartAction, block by block, until the contact leaves the flow.

Each action type's meaning lives in :mod:`flows.simulator.actions` (and
:mod:`flows.simulator.invoke_lambda`); this module only moves the contact along the branch each
block chose, counts steps, applies scripted failures and records what happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.language import LEGACY_TYPES
from flows.simulator.contact import ContactSetup, ContactState, Script
from flows.simulator.flow_index import IndexedAction, IndexedFlow
from flows.simulator.functions import FunctionBindings, LambdaHandler
from flows.simulator.references import resolve_text, resolve_value
from flows.simulator.result import (
    Ended,
    Event,
    FlowRef,
    Invocation,
    Note,
    SimulationResult,
    Step,
)

DEFAULT_MAX_STEPS = 500


@dataclass(frozen=True)
class SimulationOptions:
    """How the simulator behaves (not what the caller does: that is :class:`Script`).

    ``time_scale`` shrinks every wait (0.01 makes a 4-second limit 40 ms) for fast tests;
    ``function_timeout_seconds`` is the functions' own timeout (default: the block's limit minus
    one second, as the CDK app deploys it); ``flow_dir`` holds the flows Transfer to flow may go to.
    """

    max_steps: int = DEFAULT_MAX_STEPS
    time_scale: float = 1.0
    function_timeout_seconds: float | None = None
    memory_limit_in_mb: int = 128
    flow_dir: Path | None = None


class Outcome:
    """What a block decided: the branch taken (label, target), or the end of the contact."""

    __slots__ = ("ended", "label", "message", "next_flow", "target")

    def __init__(
        self,
        label: str | None,
        target: str | None,
        ended: Ended | None = None,
        message: str = "",
        next_flow: IndexedFlow | None = None,
    ) -> None:
        self.label = label
        self.target = target
        self.ended = ended
        self.message = message
        self.next_flow = next_flow


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
    ) -> None:
        self.state = state
        self.contact = contact
        self.script = script
        self.functions = functions
        self.options = options
        self.flow = flow
        self.flow_index = 0
        self.invocations: list[Invocation] = []
        self.prompts: list[str] = []
        self.notes: list[str] = []
        self.step: Step | None = None

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

    # --- recording ---

    def record(self, event: Event) -> None:
        assert self.step is not None
        self.step.events.append(event)

    def note(self, text: str) -> None:
        self.record(Note(text))
        if text not in self.notes:
            self.notes.append(text)

    # --- branching ---

    def success(self, action: IndexedAction) -> Outcome:
        if action.next_action is None:
            return self.stop(f"{_name(action)} has no NextAction (a dead end)")
        return Outcome("Success", action.next_action)

    def error(self, action: IndexedAction, error_type: str) -> Outcome:
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
            return self.stop(f"{_name(action)} failed with {error_type} and has no branch for it")
        if target is None:
            return self.stop(f"{_name(action)}: the {label} branch has no NextAction")
        return Outcome(label, target)

    def condition(self, action: IndexedAction, index: int) -> Outcome:
        condition = action.conditions[index]
        if condition.target is None:
            return self.stop(f"{_name(action)}: the condition {condition.label} has no NextAction")
        return Outcome(condition.label, condition.target)

    def end(self, ended: Ended, message: str = "", label: str | None = None) -> Outcome:
        """The contact leaves the flow here (``label``: the transition that records it)."""
        return Outcome(label, None, ended, message)

    def stop(self, message: str) -> Outcome:
        return Outcome(None, None, Ended.STOPPED, message)


ActionHandler = Callable[[IndexedAction, Run], Outcome]


def _name(action: IndexedAction) -> str:
    return f"{action.console_name} block {action.identifier!r}"


@dataclass
class Simulator:
    """A flow indexed once, ready to run many contacts (see :func:`simulate`)."""

    content: Mapping[str, Any]
    source: str = "<flow>"
    flow: IndexedFlow = field(init=False)

    def __post_init__(self) -> None:
        self.flow = IndexedFlow(self.content, self.source)

    def run(
        self,
        contact: ContactSetup | None = None,
        functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None = None,
        script: Script | None = None,
        options: SimulationOptions | None = None,
    ) -> SimulationResult:
        from flows.simulator.actions import HANDLERS  # the registry imports this module

        contact = contact or ContactSetup()
        script = script or Script()
        options = options or SimulationOptions()
        bindings = _bindings(functions)
        state = ContactState(contact, script)
        run = Run(
            state=state,
            contact=contact,
            script=script,
            functions=bindings,
            options=options,
            flow=self.flow,
        )
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
            started = perf()
            forced = failures.get(identifier)
            if forced is not None:
                run.note(f"scripted failure: {forced}")
                outcome = run.error(action, forced)
            else:
                handler = HANDLERS.get(action.type)
                outcome = (
                    handler(action, run) if handler is not None else run.stop(_unknown(action))
                )
            step.duration_ns = perf() - started
            step.label = outcome.label
            step.target = outcome.target
            if outcome.next_flow is not None:
                flow = run.flow = outcome.next_flow
                run.flow_index = len(flows)
                flows.append(FlowRef(flow.source, flow.fingerprint))
                identifier = flow.start
                continue
            if outcome.ended is not None:
                ended, message = outcome.ended, outcome.message
                break
            assert outcome.target is not None
            identifier = outcome.target
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
        )


def simulate(
    content: Mapping[str, Any],
    contact: ContactSetup | None = None,
    functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None = None,
    script: Script | None = None,
    options: SimulationOptions | None = None,
    *,
    source: str = "<flow>",
) -> SimulationResult:
    """Run one simulated contact through the flow ``content`` (a flow-language object).

    ``functions``: bindings of function names to callables; ``None`` means the default (the
    project's lookup handler for ``customer-lookup-*``). A plain mapping binds exactly those
    names (plus the default). Raises :class:`~flows.simulator.flow_index.FlowShapeError` when
    ``content`` is not a flow at all; everything else ends in the result.
    """
    return Simulator(content, source).run(contact, functions, script, options)


def _bindings(
    functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None,
) -> FunctionBindings:
    if isinstance(functions, FunctionBindings):
        return functions
    return FunctionBindings.default(functions)


def _unknown(action: IndexedAction) -> str:
    instead = LEGACY_TYPES.get(action.type)
    if instead is not None:
        return (
            f"{action.identifier!r}: {action.type!r} is not a type of the flow language "
            f"(use {instead}); cannot simulate it"
        )
    return (
        f"{_name(action)} (type {action.type}) cannot be simulated; "
        "the simulator stops here rather than guess what it would do"
    )
