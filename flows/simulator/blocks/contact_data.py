"""Blocks that set the contact's data: attributes, contact properties, voice, logging, callback
number, the previous contact's state, and settings with no effect a simulated contact can see.

Sources (Amazon Connect flow language and attribute reference):
- UpdateContactAttributes:
  https://docs.aws.amazon.com/connect/latest/adminguide/contact-actions-updatecontactattributes.html
  ("either all attributes are set or none are set"; NoMatchingError). Limit of 32,768 UTF-8 bytes
  per contact: https://docs.aws.amazon.com/connect/latest/APIReference/API_UpdateContactAttributes.html
- UpdateFlowAttributes:
  https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowattributes.html
- UpdateContactData (Set contact data): no reference page text could be obtained; the parameters
  real exports write (LanguageCode, WisdomSessionArn, Voice ID settings) and the contact
  properties of UpdateContact (Name, Description and References; their lengths are
  flows.language.facts's MAX_CONTACT_NAME_CHARS and MAX_CONTACT_DESCRIPTION_CHARS) decide. They are
  read back as the attribute list says ($.Name, $.Description, $.References.<name>.Value and
  .Type, $.LanguageCode, $.CustomerId:
  https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html).
- UpdateContactCallbackNumber:
  https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontactcallbacknumber.html
  (InvalidCallbackNumber: "not a valid (e.164) phone number"; CallbackNumberNotDialable: "not
  dialable by the instance"); the block page
  https://docs.aws.amazon.com/connect/latest/adminguide/set-callback-number.html: chat, task and
  email take the Invalid number branch; Connect prepends the "+" of an E.164 number itself.
- UpdatePreviousContactParticipantState:
  https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatepreviouscontactparticipantstate.html
  (one of the action table's PREVIOUS_CONTACT_PARTICIPANT_STATES; NoMatchingError).
- UpdateContactTextToSpeechVoice:
  https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontacttexttospeechvoice.html
  ("Results in error if voice or engine are invalid, or if the selected voice does not support
  the selected engine": flows.language.voices).
- UpdateFlowLoggingBehavior:
  https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowloggingbehavior.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows.command_line import counted
from flows.language.facts import (
    MAX_CONTACT_ATTRIBUTE_BYTES,
    MAX_CONTACT_DESCRIPTION_CHARS,
    MAX_CONTACT_NAME_CHARS,
    PREVIOUS_CONTACT_PARTICIPANT_STATES,
)
from flows.language.voices import voice_problem
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.references import MISSING, as_text, fields_text
from flows.simulator.result import AttributesSet, FlowAttributesSet, Setting

# The flow language's facts under the names this module has always offered.
PREVIOUS_CONTACT_STATES = PREVIOUS_CONTACT_PARTICIPANT_STATES
MAX_NAME_CHARS = MAX_CONTACT_NAME_CHARS
MAX_DESCRIPTION_CHARS = MAX_CONTACT_DESCRIPTION_CHARS
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def update_flow_logging_behavior(action: IndexedAction, run: Run) -> Decision:
    value = run.text(action.parameters.get("FlowLoggingBehavior", ""))
    run.state.logging = value
    run.record(Setting("flow logging", value))
    return run.success(action)


def update_contact_text_to_speech_voice(action: IndexedAction, run: Run) -> Decision:
    """Set voice: the voice later prompts are heard in. A voice that is no Amazon Polly voice, an
    engine Connect does not take, or a voice without that engine takes the Error branch
    (flows.language.voices)."""
    voice = run.text(action.parameters.get("TextToSpeechVoice", ""))
    if not voice:
        return run.error(action, "NoMatchingError")
    engine = run.text(action.parameters.get("TextToSpeechEngine", ""))
    problem = voice_problem(voice, engine)
    if problem is not None:
        run.note(problem)
        return run.error(action, "NoMatchingError")
    run.state.voice = voice
    run.record(Setting("voice", f"{voice} ({engine.lower()})" if engine else voice))
    return run.success(action)


def update_contact_attributes(action: IndexedAction, run: Run) -> Decision:
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
        run.note(
            f"attributes would take {counted(size, 'byte')}; Connect keeps "
            f"{MAX_CONTACT_ATTRIBUTE_BYTES}"
        )
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


def update_flow_attributes(action: IndexedAction, run: Run) -> Decision:
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


def update_contact_data(action: IndexedAction, run: Run) -> Decision:
    """Set contact data: the contact properties it names, all or none.

    Name, Description, LanguageCode, CustomerId and References become ``$.Name``,
    ``$.Description``, ``$.LanguageCode``, ``$.CustomerId`` and ``$.References.<name>``; other
    parameters (an Amazon Q in Connect session, Voice ID settings) are kept in the result's
    contact data. A language that is not a language tag (a placeholder), or a name or
    description over the UpdateContact limits, fails the block (NoMatchingError).
    """
    properties: dict[str, Any] = {}
    for key, raw in action.parameters.items():
        if key == "TargetContact":
            continue
        properties[key] = run.texts(raw)
    problem = _contact_data_problem(properties)
    if problem is not None:
        run.note(problem)
        return run.error(action, "NoMatchingError")
    if action.parameters.get("TargetContact") == "Related":
        run.record(Setting("related contact data", fields_text(properties, "(nothing)")))
        return run.success(action)
    state = run.state
    for key, value in properties.items():
        if key == "Name":
            state.name = str(value)
        elif key == "Description":
            state.description = str(value)
        elif key == "LanguageCode":
            state.language = str(value)
        elif key == "CustomerId":
            state.customer_id = str(value)
        elif key == "References":
            state.references.update(_references(value))
        else:
            state.contact_data[key] = value
    run.record(Setting("contact data", fields_text(properties, "(nothing)")))
    return run.success(action)


def _contact_data_problem(properties: Mapping[str, Any]) -> str | None:
    language = properties.get("LanguageCode")
    if language is not None and not _LANGUAGE_TAG.match(str(language)):
        return f"LanguageCode {language!r} is not a language tag such as en-US"
    for key, limit in (("Name", MAX_NAME_CHARS), ("Description", MAX_DESCRIPTION_CHARS)):
        value = properties.get(key)
        if value is not None and len(str(value)) > limit:
            return (
                f"{key} is {counted(len(str(value)), 'character')}; a contact's {key} takes {limit}"
            )
    return None


def _references(value: Any) -> dict[str, dict[str, str]]:
    """References as ``$.References.<name>.Value`` / ``.Type`` read them (a bare value: STRING)."""
    references: dict[str, dict[str, str]] = {}
    if isinstance(value, Mapping):
        for name, spec in value.items():
            if isinstance(spec, Mapping):
                references[name] = {
                    "Value": as_text(spec.get("Value", "")),
                    "Type": as_text(spec.get("Type", "STRING")),
                }
            else:
                references[name] = {"Value": as_text(spec), "Type": "STRING"}
    return references


def update_contact_callback_number(action: IndexedAction, run: Run) -> Decision:
    """Set callback number: the number a callback dials, checked as E.164.

    Chat, task and email contacts take InvalidCallbackNumber; digits without ``+`` get one (as
    Connect prepends it). Whether the instance may dial the number is outside the flow: the
    simulator assumes it may (``--fail BLOCK=CallbackNumberNotDialable`` scripts the other case).
    """
    if run.state.channel != "VOICE":
        run.note(f"Set callback number on a {run.state.channel} contact: Invalid number")
        return run.error(action, "InvalidCallbackNumber")
    found = run.value(action.parameters.get("CallbackNumber", ""))
    number = "" if found is MISSING else as_text(found).strip()
    if number.isdigit():
        number = "+" + number
    if not _E164.match(number):
        run.note(f"callback number {number!r} is not an E.164 phone number")
        return run.error(action, "InvalidCallbackNumber")
    run.assume(f"the instance may dial {number}")
    run.state.callback_number = number
    run.record(Setting("callback number", number))
    return run.success(action)


def update_previous_contact_participant_state(action: IndexedAction, run: Run) -> Decision:
    """Hold customer or agent: puts the previous contact's participants on or off hold.

    The simulated contact has no agent leg, so a valid state succeeds as an assumption.
    """
    state = run.text(action.parameters.get("PreviousContactParticipantState", ""))
    if state not in PREVIOUS_CONTACT_STATES:
        run.note(
            f"PreviousContactParticipantState {state!r} is not one of "
            f"{', '.join(PREVIOUS_CONTACT_STATES)}"
        )
        return run.error(action, "NoMatchingError")
    run.assume(f"the previous contact's participants are set to {state}")
    run.record(Setting("previous contact", state))
    return run.success(action)


def no_effect(action: IndexedAction, run: Run) -> Decision:
    """Blocks that change nothing a simulated contact can observe (recording, event flows...)."""
    run.note(f"{action.console_name}: no effect in the simulator")
    return run.success(action)


HANDLERS: dict[str, ActionHandler] = {
    "UpdateContactAttributes": update_contact_attributes,
    "UpdateFlowAttributes": update_flow_attributes,
    "UpdateContactData": update_contact_data,
    "UpdateContactCallbackNumber": update_contact_callback_number,
    "UpdatePreviousContactParticipantState": update_previous_contact_participant_state,
    "UpdateFlowLoggingBehavior": update_flow_logging_behavior,
    "UpdateContactTextToSpeechVoice": update_contact_text_to_speech_voice,
    "UpdateContactEventHooks": no_effect,
    "UpdateContactRecordingBehavior": no_effect,
    "UpdateContactRecordingAndAnalyticsBehavior": no_effect,
    "UpdateContactRoutingBehavior": no_effect,
    "UpdateContactMediaStreamingBehavior": no_effect,
    "StartVoiceIdStream": no_effect,
    "UpdateContactMediaProcessing": no_effect,
    "UpdateRoutingCriteria": no_effect,
}
