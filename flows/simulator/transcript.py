"""The readable transcript of a simulated contact: blocks as the console names them, what the
caller heard, attributes set, function calls with duration and outcome, where it ended, and
every outcome the simulator assumed (marked ``assumed:`` in its step and listed at the end)."""

from __future__ import annotations

from flows.language.facts import console_name
from flows.simulator.result import (
    Assumed,
    AttributesSet,
    Compared,
    Event,
    FlowAttributesSet,
    FunctionCalled,
    Heard,
    InputGiven,
    Invocation,
    Note,
    QueueSet,
    Setting,
    SimulationResult,
    Step,
)

_MAX_SHOWN = 160


def render_transcript(result: SimulationResult, *, default_phone: bool = False) -> str:
    """The whole transcript as text (ends with a newline).

    ``default_phone``: the caller's number is the default one (nobody gave ``--phone``).
    """
    origin = f"from {result.phone}" if result.phone else "with no customer endpoint"
    if default_phone and result.phone:
        origin += " (the default caller number; --phone sets another)"
    lines = [
        f"Simulated {result.channel} contact {result.contact_id} {origin}",
        f"Flow: {result.flows[0].source}",
    ]
    if result.flow_type_reason.startswith("--flow-type") or (
        result.flow_type_reason.startswith("no type declared")
        and result.flow_type != "CONTACT_FLOW"
    ):
        lines.append(f"Runs as: {result.flow_type} ({result.flow_type_reason})")
    width = len(str(len(result.steps)))
    for number, step in enumerate(result.steps, start=1):
        lines.extend(_step_lines(number, width, step, result))
    lines.append("")
    ended = f"Ended: {result.ended.value}"
    lines.append(f"{ended} ({result.message})" if result.message else ended)
    lines.append(f"Queue: {result.queue or '(none set)'}")
    if result.transferred_to:
        lines.append(f"Transferred to phone number: {result.transferred_to}")
    lines.extend(
        f"Task created: {_show(t.get('Name') or t.get('TaskTemplateId'))}" for t in result.tasks
    )
    lines.extend(f"Callback: {c['number']} through queue {c['queue']}" for c in result.callbacks)
    lines.extend(f"Case created: {c['CaseId']}" for c in result.cases)
    lines.extend(
        f"Outbound: {console_name(o['type'])} [{o['action']}]"
        + (f" (contact {o['ContactId']})" if "ContactId" in o else "")
        for o in result.outbound
    )
    heard = [e for s in result.steps for e in s.events if isinstance(e, Heard)]
    summary = "Caller heard" if result.channel == "VOICE" else "Customer got"
    lines.append(f"{summary}:" if heard else f"{summary}: nothing")
    lines.extend(f"  {n}. ({h.voice}) {_show(h.text)}" for n, h in enumerate(heard, start=1))
    if result.attributes:
        lines.append("Attributes:")
        lines.extend(f"  {k} = {_show(v)}" for k, v in result.attributes.items())
    else:
        lines.append("Attributes: (none)")
    if result.notes:
        lines.append("Notes:")
        lines.extend(f"  - {n}" for n in result.notes)
    assumptions = result.assumptions()
    if assumptions:
        lines.append("Assumed (not real, not scripted):")
        lines.extend(f"  - [{step.identifier}] {text}" for step, text in assumptions)
    return "\n".join(lines) + "\n"


def _step_lines(number: int, width: int, step: Step, result: SimulationResult) -> list[str]:
    indent = " " * (width + 4)
    where = "" if step.flow == 0 else f"  (in {result.flows[step.flow].source})"
    lines = [f"{number:>{width}}. {console_name(step.type)} [{step.identifier}]{where}"]
    hearer = _hearer(result.channel)
    lines.extend(indent + line for event in step.events for line in _event_lines(event, hearer))
    if step.label is not None:
        target = f" -> {step.target}" if step.target is not None else " (leaves the flow)"
        lines.append(f"{indent}=> {step.label}{target}")
    return lines


def _hearer(channel: str) -> str:
    return "caller hears" if channel == "VOICE" else "customer gets"


def _event_lines(event: Event, hearer: str) -> list[str]:
    if isinstance(event, Heard):
        return [f"{hearer} ({event.voice}): {_show(event.text)}"]
    if isinstance(event, AttributesSet):
        scope = "" if event.target == "Current" else " on the related contact"
        values = ", ".join(f"{k}={_show(v)}" for k, v in event.values.items())
        return [f"sets{scope}: {values or '(nothing)'}"]
    if isinstance(event, FlowAttributesSet):
        values = ", ".join(f"{k}={_show(v)}" for k, v in event.values.items())
        return [f"sets flow attributes: {values or '(nothing)'}"]
    if isinstance(event, FunctionCalled):
        return _invocation_lines(event.invocation)
    if isinstance(event, Compared):
        shown = "does not exist" if event.value is None else f"is {_show(event.value)}"
        return [f"{event.reference} {shown}"]
    if isinstance(event, InputGiven):
        entered = "nothing (timeout)" if event.value is None else _show(event.value)
        return [f"caller enters {entered}" + (" (stored)" if event.stored else "")]
    if isinstance(event, QueueSet):
        return [f"working queue: {event.name} ({event.arn})"]
    if isinstance(event, Setting):
        return [f"{event.name}: {event.value}"]
    if isinstance(event, Note):
        return [f"note: {event.text}"]
    if isinstance(event, Assumed):
        return [f"assumed: {event.text}"]
    return [repr(event)]  # pragma: no cover - every event type is listed above


def _invocation_lines(invocation: Invocation) -> list[str]:
    arguments = ", ".join(f"{k}={_show(v)}" for k, v in invocation.parameters.items())
    tries = len(invocation.attempts)
    attempts = f", {tries} attempts" if tries > 1 else ""
    scripted = " (scripted answer; not called)" if invocation.mocked else ""
    lines = [
        f"calls {invocation.function}({arguments}) [{invocation.response_type}, "
        f"limit {invocation.time_limit_seconds} s]: {invocation.outcome.value} in "
        f"{invocation.duration_ms:.1f} ms{attempts}{scripted}"
    ]
    if invocation.error:
        lines.append(f"  error: {invocation.error}")
    if isinstance(invocation.response, dict):
        values = ", ".join(f"{k}={_show(v)}" for k, v in invocation.response.items())
        lines.append(f"  $.External: {values or '(empty)'}")
    return lines


def _show(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    shown = f'"{text}"'
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 4] + '..."'
