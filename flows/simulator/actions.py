"""What each action type does to a simulated contact: one function per type, one registry.

Sources: the Amazon Connect flow-language action pages and block pages of the Administrator
Guide, summarised in ../shared/reference/connect-flows.md. Where the documents leave a choice
open, the function's docstring says what the simulator does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from flows.language import (
    CDK_TOKEN,
    MAX_CONTACT_ATTRIBUTE_BYTES,
    MAX_LOOP_COUNT,
    MIN_LOOP_COUNT,
    PLACEHOLDER,
)
from flows.simulator.conditions import OPERATOR_TESTS
from flows.simulator.engine import ActionHandler, Outcome, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.flow_library import FlowLibrary
from flows.simulator.invoke_lambda import invoke_lambda_function
from flows.simulator.references import MISSING, as_text
from flows.simulator.result import (
    AttributesSet,
    Compared,
    Ended,
    FlowAttributesSet,
    Heard,
    InputGiven,
    QueueSet,
    Setting,
)

_SSML_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_LOCAL_NUMBER = re.compile(r"^\d{7,15}$")


def update_flow_logging_behavior(action: IndexedAction, run: Run) -> Outcome:
    value = run.text(action.parameters.get("FlowLoggingBehavior", ""))
    run.state.logging = value
    run.record(Setting("flow logging", value))
    return run.success(action)


def update_contact_text_to_speech_voice(action: IndexedAction, run: Run) -> Outcome:
    voice = run.text(action.parameters.get("TextToSpeechVoice", ""))
    if not voice:
        return run.error(action, "NoMatchingError")
    engine = run.text(action.parameters.get("TextToSpeechEngine", ""))
    run.state.voice = voice
    run.record(Setting("voice", f"{voice} ({engine.lower()})" if engine else voice))
    return run.success(action)


def message_participant(action: IndexedAction, run: Run) -> Outcome:
    """Play prompt: the customer hears the text (SSML without its tags) in the current voice."""
    heard = _prompt_text(action.parameters, run)
    if heard is None:
        run.note("no PromptId, Text, SSML or Media to play")
        return run.error(action, "NoMatchingError")
    _hear(run, heard)
    return run.success(action)


def _hear(run: Run, text: str) -> None:
    run.prompts.append(text)
    run.record(Heard(text, run.state.voice))


def _prompt_text(parameters: Mapping[str, Any], run: Run) -> str | None:
    if "Text" in parameters:
        return run.text(parameters["Text"])
    if "SSML" in parameters:
        spoken = _SSML_TAG.sub(" ", run.text(parameters["SSML"]))
        return _SPACES.sub(" ", html.unescape(spoken)).strip()
    if "PromptId" in parameters:
        return f"[recorded prompt {run.text(parameters['PromptId'])}]"
    media = parameters.get("Media")
    if isinstance(media, Mapping):
        return f"[media {run.text(media.get('Uri', ''))}]"
    return None


def update_contact_attributes(action: IndexedAction, run: Run) -> Outcome:
    """Set contact attributes: all of them or, on an error, none (the block's NoMatchingError).

    Keys may themselves be references. An empty key, or attributes that would exceed Connect's
    32,768 UTF-8 bytes per contact, fail the whole block. TargetContact Related sets the related
    contact's attributes, which this contact's references do not see.
    """
    attributes = action.parameters.get("Attributes")
    if not isinstance(attributes, Mapping):
        attributes = {}
    values: dict[str, str] = {}
    for key, value in attributes.items():
        name = run.text(key)
        if not name:
            run.note(f"attribute key {key!r} is empty; no attribute set")
            return run.error(action, "NoMatchingError")
        values[name] = run.text(value)
    related = action.parameters.get("TargetContact") == "Related"
    current = run.state.related_attributes if related else run.state.attributes
    size = _size_over_limit(current, values)
    if size is not None:
        run.note(f"attributes would take {size} bytes; Connect keeps {MAX_CONTACT_ATTRIBUTE_BYTES}")
        return run.error(action, "NoMatchingError")
    current.update(values)
    run.record(AttributesSet(values, "Related" if related else "Current"))
    return run.success(action)


def _size_over_limit(current: Mapping[str, str], values: Mapping[str, str]) -> int | None:
    """The UTF-8 size of all attributes once ``values`` are set, if that is over the limit."""
    merged = {**current, **values}
    chars = sum(map(len, merged)) + sum(map(len, merged.values()))
    if chars * 4 <= MAX_CONTACT_ATTRIBUTE_BYTES:  # no UTF-8 character takes more than 4 bytes
        return None
    size = sum(len(k.encode()) + len(v.encode()) for k, v in merged.items())
    return size if size > MAX_CONTACT_ATTRIBUTE_BYTES else None


def update_flow_attributes(action: IndexedAction, run: Run) -> Outcome:
    """Set flow attributes (``{"key": {"Value": ...}}``): seen by this flow only."""
    attributes = action.parameters.get("FlowAttributes")
    values: dict[str, str] = {}
    if isinstance(attributes, Mapping):
        for key, spec in attributes.items():
            raw = spec.get("Value", "") if isinstance(spec, Mapping) else spec
            values[run.text(key)] = run.text(raw)
    run.state.flow_attributes.update(values)
    run.record(FlowAttributesSet(values))
    return run.success(action)


def compare(action: IndexedAction, run: Run) -> Outcome:
    """Check contact attributes: the first condition that holds wins; nothing matches a value
    that does not exist."""
    reference = action.parameters.get("ComparisonValue", "")
    found = run.value(reference)
    value = None if found is MISSING else as_text(found)
    run.record(Compared(str(reference), value))
    if value is not None:
        for index, condition in enumerate(action.conditions):
            test = OPERATOR_TESTS.get(condition.operator)
            if test is None or len(condition.operands) != 1:
                return run.stop(
                    f"{action.identifier!r}: condition {condition.label!r} is not one of the "
                    "eight operators with one operand"
                )
            if test(value, run.text(condition.operands[0])):
                return run.condition(action, index)
    return run.error(action, "NoMatchingCondition")


def get_participant_input(action: IndexedAction, run: Run) -> Outcome:
    """Get customer input: plays the prompt, then takes the next scripted input.

    StoreInput True keeps the entry in ``$.StoredCustomerInput`` and takes Success (a timeout
    stores ``Timeout``, as the Store customer input block does); with phone number validation a
    malformed number takes InvalidPhoneNumber. Otherwise the entry picks the condition whose
    operand equals it, NoMatchingCondition if none does, InputTimeLimitExceeded on a timeout.
    """
    heard = _prompt_text(action.parameters, run)
    if heard is not None:
        _hear(run, heard)
    entry = run.state.next_input()
    store = str(action.parameters.get("StoreInput", "False")).lower() == "true"
    run.record(InputGiven(entry, store))
    if store:
        run.state.stored_input = "Timeout" if entry is None else entry
        if entry is not None and not _valid_phone(action.parameters, entry):
            return run.error(action, "InvalidPhoneNumber")
        return run.success(action)
    if entry is None:
        return run.error(action, "InputTimeLimitExceeded")
    for index, condition in enumerate(action.conditions):
        if condition.operator == "Equals" and entry in (str(o) for o in condition.operands):
            return run.condition(action, index)
    return run.error(action, "NoMatchingCondition")


def _valid_phone(parameters: Mapping[str, Any], entry: str) -> bool:
    validation = parameters.get("InputValidation")
    phone = validation.get("PhoneNumberValidation") if isinstance(validation, Mapping) else None
    if not isinstance(phone, Mapping):
        return True
    if str(phone.get("NumberFormat", "")).lower() == "e164":
        return bool(_E164.match(entry))
    return bool(_LOCAL_NUMBER.match(entry.lstrip("+")))


def update_contact_target_queue(action: IndexedAction, run: Run) -> Outcome:
    """Set working queue: the queue (or agent) a later Transfer to queue uses."""
    parameters = action.parameters
    key = "QueueId" if "QueueId" in parameters else "AgentId"
    target = run.text(parameters.get(key, ""))
    if not target or PLACEHOLDER.search(target) or CDK_TOKEN.search(target):
        run.note(f"{key} {target!r} is not a queue Connect can find")
        return run.error(action, "NoMatchingError")
    state = run.state
    state.queue_arn = target
    state.queue_name = _queue_name(run, target) if key == "QueueId" else f"agent {target}"
    run.record(QueueSet(state.queue_name, target))
    return run.success(action)


def _queue_name(run: Run, queue: str) -> str:
    return (
        run.contact.queue_names.get(queue)
        or run.flow.queue_names.get(queue)
        or queue.rsplit("/", 1)[-1]
    )


def transfer_contact_to_queue(action: IndexedAction, run: Run) -> Outcome:
    """Transfer to queue: places the contact in the working queue and ends this flow.

    No working queue, or a queue scripted as full (by name, ARN or id), takes an error branch.
    """
    state = run.state
    if state.queue_arn is None:
        run.note("no working queue is set")
        return run.error(action, "NoMatchingError")
    full = run.script.queues_at_capacity
    if full and {state.queue_arn, state.queue_name, state.queue_arn.rsplit("/", 1)[-1]} & full:
        run.note(f"queue {state.queue_name} is at capacity")
        return run.error(action, "QueueAtCapacity")
    return run.end(Ended.TRANSFERRED_TO_QUEUE, f"in queue {state.queue_name}", label="Success")


def transfer_to_flow(action: IndexedAction, run: Run) -> Outcome:
    """Transfer to flow: continues in that flow when it is in the flow folder, else ends here.

    Flow attributes are not carried over to the next flow.
    """
    flow_id = run.text(action.parameters.get("ContactFlowId", ""))
    library = FlowLibrary.for_folder(run.options.flow_dir)
    target = library.find(flow_id) if library is not None else None
    if target is None:
        where = "not in the flow folder" if library is not None else "no flow folder given"
        return run.end(
            Ended.TRANSFERRED_TO_FLOW, f"transferred to flow {flow_id} ({where})", label="Success"
        )
    run.state.flow_attributes.clear()
    run.record(Setting("now in flow", target.source))
    return Outcome("Success", None, next_flow=target)


def check_hours_of_operation(action: IndexedAction, run: Run) -> Outcome:
    """Check hours of operation: "True" (open) unless the script says closed."""
    answer = "True" if run.state.hours_open else "False"
    run.record(Setting("hours of operation", "open" if run.state.hours_open else "closed"))
    for index, condition in enumerate(action.conditions):
        if condition.operator == "Equals" and answer in (str(o) for o in condition.operands):
            return run.condition(action, index)
    return run.error(action, "NoMatchingError")


def loop(action: IndexedAction, run: Run) -> Outcome:
    """Loop: ContinueLooping LoopCount times, then DoneLooping once (and the count starts over)."""
    raw = run.text(action.parameters.get("LoopCount", "0"))
    if not raw.strip().isdigit() or int(raw) > MAX_LOOP_COUNT:
        run.note(
            f"LoopCount {raw!r} is not a whole number from {MIN_LOOP_COUNT} to {MAX_LOOP_COUNT}"
        )
        return run.error(action, "NoMatchingError")
    key = f"{run.flow_index}:{action.identifier}"
    done = run.state.loop_counts.get(key, 0)
    if done < int(raw):
        run.state.loop_counts[key] = done + 1
        answer = "ContinueLooping"
        run.record(Setting("loop", f"{done + 1} of {int(raw)}"))
    else:
        run.state.loop_counts.pop(key, None)
        answer = "DoneLooping"
        run.record(Setting("loop", "done"))
    for index, condition in enumerate(action.conditions):
        if answer in (str(o) for o in condition.operands):
            return run.condition(action, index)
    return run.error(action, "NoMatchingError")


def disconnect_participant(action: IndexedAction, run: Run) -> Outcome:
    return run.end(Ended.DISCONNECTED, f"disconnected at {action.identifier!r}")


def end_flow_execution(action: IndexedAction, run: Run) -> Outcome:
    return run.end(Ended.ENDED, f"{action.console_name} at {action.identifier!r}")


def no_effect(action: IndexedAction, run: Run) -> Outcome:
    """Blocks that change nothing a simulated contact can observe (recording, event flows...)."""
    run.note(f"{action.console_name}: no effect in the simulator")
    return run.success(action)


HANDLERS: dict[str, ActionHandler] = {
    "InvokeLambdaFunction": invoke_lambda_function,
    "UpdateContactAttributes": update_contact_attributes,
    "UpdateFlowAttributes": update_flow_attributes,
    "Compare": compare,
    "MessageParticipant": message_participant,
    "GetParticipantInput": get_participant_input,
    "UpdateContactTargetQueue": update_contact_target_queue,
    "TransferContactToQueue": transfer_contact_to_queue,
    "TransferToFlow": transfer_to_flow,
    "CheckHoursOfOperation": check_hours_of_operation,
    "Loop": loop,
    "UpdateFlowLoggingBehavior": update_flow_logging_behavior,
    "UpdateContactTextToSpeechVoice": update_contact_text_to_speech_voice,
    "DisconnectParticipant": disconnect_participant,
    "EndFlowExecution": end_flow_execution,
    "EndFlowModuleExecution": end_flow_execution,
    "UpdateContactEventHooks": no_effect,
    "UpdateContactRecordingBehavior": no_effect,
    "UpdateContactRecordingAndAnalyticsBehavior": no_effect,
    "UpdateContactRoutingBehavior": no_effect,
    "UpdateContactMediaStreamingBehavior": no_effect,
}
