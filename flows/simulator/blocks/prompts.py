"""Prompts and the caller's input: Play prompt, Get customer input, Loop prompts.

Sources (Amazon Connect flow language):
- MessageParticipant:
  https://docs.aws.amazon.com/connect/latest/adminguide/participant-actions-messageparticipant.html
  (error NoMatchingError; no conditions).
- GetParticipantInput:
  https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-getparticipantinput.html
  (StoreInput "True": no conditions, Success or InvalidPhoneNumber; otherwise Equals conditions
  on the digits entered, NoMatchingCondition, InputTimeLimitExceeded).
- MessageParticipantIteratively (Loop prompts):
  https://docs.aws.amazon.com/connect/latest/adminguide/participant-actions-messageparticipantiteratively.html
  "Loops a sequence of prompts while a customer or agent is on hold or in queue"; when
  InterruptFrequencySeconds elapses "the action completes with the result as
  MessagesInterrupted" (only an Equals condition on that operand: the action table's
  MESSAGES_INTERRUPTED); "If this action is used on
  the chat channel, it immediately takes the error branch". Error: NoMatchingError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows.language.facts import MESSAGES_INTERRUPTED
from flows.simulator.blocks.speech import play
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.observe import PromptKind
from flows.simulator.result import Ended, InputGiven, Setting
from flows.simulator.scripting import InputKind

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_LOCAL_NUMBER = re.compile(r"^\d{7,15}$")


def message_participant(action: IndexedAction, run: Run) -> Decision:
    """Play prompt: the customer hears the text (SSML without its tags) in the current voice."""
    if not play(run, action, action.parameters, PromptKind.MESSAGE):
        run.note("no PromptId, Text, SSML or Media to play")
        return run.error(action, "NoMatchingError")
    return run.success(action)


def get_participant_input(action: IndexedAction, run: Run) -> Decision:
    """Get customer input: plays the prompt, then asks for the customer's input.

    StoreInput True keeps the entry in ``$.StoredCustomerInput`` and takes Success (a timeout
    stores ``Timeout``, as the Store customer input block does); with phone number validation a
    malformed number takes InvalidPhoneNumber. Otherwise the entry picks the condition whose
    operand equals it, NoMatchingCondition if none does, InputTimeLimitExceeded on a timeout.
    """
    play(run, action, action.parameters, PromptKind.INPUT)
    given = run.ask_input(action)
    if given.kind is InputKind.HANG_UP:
        return run.end(Ended.DISCONNECTED, f"the customer hung up at {action.identifier!r}")
    if given.assumed:
        run.assume("no input scripted for this block: the caller enters nothing (a timeout)")
    entry = given.value if given.kind is not InputKind.TIMEOUT else None
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


def message_participant_iteratively(action: IndexedAction, run: Run) -> Decision:
    """Loop prompts: the caller hears the messages in order.

    With InterruptFrequencySeconds the block completes with MessagesInterrupted once that time
    has passed; the simulator has no audio durations, so the caller hears each message once
    before the interruption. Without it the messages loop until an agent answers: the contact
    ends there (ENDED), which is an assumption about the agents.
    """
    if run.state.channel == "CHAT":
        run.note("Loop prompts on the chat channel takes the error branch at once")
        return run.error(action, "NoMatchingError")
    messages = action.parameters.get("Messages")
    for message in messages if isinstance(messages, list) else ():
        if isinstance(message, Mapping):
            play(run, action, message, PromptKind.LOOP)
    interval = run.text(action.parameters.get("InterruptFrequencySeconds", "")).strip()
    if interval.isdigit() and int(interval) > 0:
        run.record(Setting("interrupted after", f"{interval} s (each message heard once)"))
        return run.equals(action, MESSAGES_INTERRUPTED, "NoMatchingError")
    run.assume("an agent answers while the prompts loop (Loop prompts has no interruption)")
    return run.end(Ended.ENDED, f"Loop prompts at {action.identifier!r} until an agent answers")


HANDLERS: dict[str, ActionHandler] = {
    "MessageParticipant": message_participant,
    "GetParticipantInput": get_participant_input,
    "MessageParticipantIteratively": message_participant_iteratively,
}
