"""Every branch the simulator takes out of a block is one the action table allows for its type.

Each case runs one block type's handler down one of its branches on a small flow, and says
literally which branch that is. The block under test declares exactly the error branches the
action table (flows/language/action_table.py) allows for its type and parameters, and, where the
table fixes the results its conditions compare (Loop, Check hours of operation, Wait, Loop prompts,
Check Voice ID), one Equals condition per result; other condition-taking blocks get the
conditions the case gives. Each branch leads to a Disconnect block of its own.

A handler that raised an error type the table does not allow there would find no branch of that
name: the engine then takes NoMatchingError with a note, or stops ("has no branch"), and the
case fails naming the type, the branch and the table's page. Nothing here reads the handlers'
own constants: the branches come from the table, the expectations are written out below.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flows.language.action_spec import ActionSpec, holds_all
from flows.language.facts import action_spec
from flows.simulator import (
    BlockOutcome,
    ContactSetup,
    CustomerInput,
    InputKind,
    InputRequest,
    LambdaOutcome,
    LexOutcome,
    QueueOutcome,
    Script,
    SimulationOptions,
    SimulationResult,
    Simulator,
)
from flows.simulator.blocks import HANDLERS
from flows.simulator.result import Ended, Note
from tests.unit.simulator_flows import action, module

BLOCK = "block"
QUEUE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/i-1/queue/q-1"
FLOW_ARN = "arn:aws:connect:us-east-1:123456789012:instance/i-1/contact-flow/f-1"
MODULE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/i-1/flow-module/mod-1"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:lookup"
BOT_ARN = "arn:aws:lex:us-east-1:123456789012:bot-alias/BOT/ALIAS"
ASSISTANT_ARN = "arn:aws:wisdom:us-east-1:123456789012:assistant/a-1"
CHAT = ContactSetup(channel="CHAT")
SET_QUEUE = action("set-queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, BLOCK)


@dataclass(frozen=True)
class Case:
    """One block type, one setting, the branch it must take.

    ``branch``: ``Success``, an error type, a condition as the simulator labels it
    (``Equals True``), or ``ended HOW`` when the contact leaves the flow at the block.
    ``conditions``: (operator, operand) of a block whose conditions the table leaves free.
    ``before``: blocks run first (they lead to ``block``); ``with_module``: a flow folder holding
    the module ``mod-1`` (a Return block only).
    """

    name: str
    type: str
    parameters: Mapping[str, Any]
    branch: str
    conditions: tuple[tuple[str, str], ...] = ()
    before: tuple[dict[str, Any], ...] = ()
    contact: ContactSetup = field(default_factory=ContactSetup)
    script: Script = field(default_factory=Script)
    silent_customer: bool = False
    with_module: bool = False


def scripted(outcome: Any) -> Script:
    return Script(outcomes=[(BLOCK, outcome)])


CASES = (
    # --- prompts and the customer's input ---
    Case("Play prompt plays its text", "MessageParticipant", {"Text": "Hello"}, "Success"),
    Case("Play prompt with nothing to play", "MessageParticipant", {}, "NoMatchingError"),
    Case(
        "Get customer input: a key a condition names",
        "GetParticipantInput",
        {"Text": "Press 1", "StoreInput": "False"},
        "Equals 1",
        conditions=(("Equals", "1"),),
        script=Script(inputs=["1"]),
    ),
    Case(
        "Get customer input: a key no condition names",
        "GetParticipantInput",
        {"Text": "Press 1", "StoreInput": "False"},
        "NoMatchingCondition",
        conditions=(("Equals", "1"),),
        script=Script(inputs=["2"]),
    ),
    Case(
        "Get customer input: no key pressed",
        "GetParticipantInput",
        {"Text": "Press 1", "StoreInput": "False"},
        "InputTimeLimitExceeded",
        conditions=(("Equals", "1"),),
        script=Script(inputs=["timeout"]),
    ),
    Case(
        "Store customer input: a valid phone number",
        "GetParticipantInput",
        {
            "Text": "Your number?",
            "StoreInput": "True",
            "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}},
        },
        "Success",
        script=Script(inputs=["+14155550100"]),
    ),
    Case(
        "Store customer input: not a phone number",
        "GetParticipantInput",
        {
            "Text": "Your number?",
            "StoreInput": "True",
            "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "E164"}},
        },
        "InvalidPhoneNumber",
        script=Script(inputs=["12"]),
    ),
    Case(
        "Loop prompts interrupted after its frequency",
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "Please hold"}], "InterruptFrequencySeconds": "30"},
        "Equals MessagesInterrupted",
    ),
    Case(
        "Loop prompts without interruption until an agent answers",
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "Please hold"}]},
        "ended ENDED",
    ),
    Case(
        "Loop prompts on a chat",
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "Please hold"}], "InterruptFrequencySeconds": "30"},
        "NoMatchingError",
        contact=CHAT,
    ),
    # --- the contact's data ---
    Case(
        "Set contact attributes",
        "UpdateContactAttributes",
        {"Attributes": {"reason": "billing"}},
        "Success",
    ),
    Case(
        "Set contact attributes with an empty key",
        "UpdateContactAttributes",
        {"Attributes": {"$.Attributes.absent": "billing"}},
        "NoMatchingError",
    ),
    Case(
        "Set contact attributes over 32,768 bytes",
        "UpdateContactAttributes",
        {"Attributes": {"big": "x" * 40_000}},
        "NoMatchingError",
    ),
    Case(
        "Set flow attributes",
        "UpdateFlowAttributes",
        {"FlowAttributes": {"step": {"Value": "1"}}},
        "Success",
    ),
    Case("Set contact data: a name", "UpdateContactData", {"Name": "Claim"}, "Success"),
    Case(
        "Set contact data: a language that is a placeholder",
        "UpdateContactData",
        {"LanguageCode": "%LangCode%"},
        "NoMatchingError",
    ),
    Case(
        "Set contact data: a description of 4,097 characters",
        "UpdateContactData",
        {"Description": "x" * 4097},
        "NoMatchingError",
    ),
    Case(
        "Set callback number: the caller's number",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.CustomerEndpoint.Address"},
        "Success",
    ),
    Case(
        "Set callback number: not a phone number",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.Attributes.number"},
        "InvalidCallbackNumber",
        contact=ContactSetup(attributes={"number": "call me"}),
    ),
    Case(
        "Set callback number on a chat",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.CustomerEndpoint.Address"},
        "InvalidCallbackNumber",
        contact=CHAT,
    ),
    Case(
        "Hold customer or agent: off hold",
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": "OffHold"},
        "Success",
    ),
    Case(
        "Hold customer or agent: a state Connect does not have",
        "UpdatePreviousContactParticipantState",
        {"PreviousContactParticipantState": "Sideways"},
        "NoMatchingError",
    ),
    Case(
        "Set logging behavior",
        "UpdateFlowLoggingBehavior",
        {"FlowLoggingBehavior": "Enabled"},
        "Success",
    ),
    Case(
        "Set voice",
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": "Neural"},
        "Success",
    ),
    Case(
        "Set voice without a voice",
        "UpdateContactTextToSpeechVoice",
        {"TextToSpeechVoice": ""},
        "NoMatchingError",
    ),
    Case("Set event flow", "UpdateContactEventHooks", {"EventHooks": {}}, "Success"),
    Case("Set recording behavior", "UpdateContactRecordingBehavior", {}, "Success"),
    Case(
        "Set recording, analytics and processing behavior",
        "UpdateContactRecordingAndAnalyticsBehavior",
        {},
        "Success",
    ),
    Case(
        "Change routing priority",
        "UpdateContactRoutingBehavior",
        {"QueuePriority": "1"},
        "Success",
    ),
    Case(
        "Start media streaming",
        "UpdateContactMediaStreamingBehavior",
        {"MediaStreamingState": "Enabled"},
        "Success",
    ),
    Case("Set Voice ID", "StartVoiceIdStream", {}, "Success"),
    # --- queues and transfers ---
    Case("Set working queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "Success"),
    Case(
        "Set working queue to a placeholder",
        "UpdateContactTargetQueue",
        {"QueueId": "<<QUEUE_ARN>>"},
        "NoMatchingError",
    ),
    Case(
        "Transfer to queue with room",
        "TransferContactToQueue",
        {},
        "ended TRANSFERRED_TO_QUEUE",
        before=(SET_QUEUE,),
    ),
    Case(
        "Transfer to a full queue",
        "TransferContactToQueue",
        {},
        "QueueAtCapacity",
        before=(SET_QUEUE,),
        script=Script(queues_at_capacity=frozenset({QUEUE_ARN})),
    ),
    Case(
        "Transfer to queue without a working queue", "TransferContactToQueue", {}, "NoMatchingError"
    ),
    Case("Check hours of operation: open", "CheckHoursOfOperation", {}, "Equals True"),
    Case(
        "Check hours of operation: closed",
        "CheckHoursOfOperation",
        {},
        "Equals False",
        script=Script(hours_open=False),
    ),
    Case(
        "Check staffing: an agent online",
        "CheckMetricData",
        {"MetricType": "NumberOfAgentsOnline", "QueueId": QUEUE_ARN},
        "NumberGreaterThan 0",
        conditions=(("NumberGreaterThan", "0"),),
    ),
    Case(
        "Check queue status: a value no condition takes",
        "CheckMetricData",
        {"MetricType": "NumberOfContactsInQueue", "QueueId": QUEUE_ARN},
        "NoMatchingCondition",
        conditions=(("NumberLessThan", "5"),),
        script=Script(metrics={"Queue.Size": "7"}),
    ),
    Case(
        "Check queue status: a metric Connect does not have",
        "CheckMetricData",
        {"MetricType": "NumberOfBananas", "QueueId": QUEUE_ARN},
        "NoMatchingError",
        conditions=(("NumberGreaterThan", "0"),),
    ),
    Case("Get queue metrics", "GetMetricData", {"QueueId": QUEUE_ARN}, "Success"),
    Case("Get queue metrics without a queue", "GetMetricData", {}, "NoMatchingError"),
    Case("Create a callback", "CreateCallbackContact", {"QueueId": QUEUE_ARN}, "Success"),
    Case(
        "Create a callback without a number to call",
        "CreateCallbackContact",
        {"QueueId": QUEUE_ARN},
        "NoMatchingError",
        contact=ContactSetup(phone=None),
    ),
    Case(
        "Transfer to phone number, resuming after the call",
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "+442079460958"},
        "Success",
    ),
    Case(
        "Transfer to phone number, leaving the flow",
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "+442079460958", "ContinueFlowExecution": "False"},
        "ended TRANSFERRED_TO_PHONE_NUMBER",
    ),
    Case(
        "Transfer to a number that is not E.164, resuming after the call",
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "0800 123"},
        "CallFailed",
    ),
    Case(
        "Transfer to a number that is not E.164, leaving the flow",
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "0800 123", "ContinueFlowExecution": "False"},
        "NoMatchingError",
    ),
    Case(
        "Transfer to phone number on a chat",
        "TransferParticipantToThirdParty",
        {"ThirdPartyPhoneNumber": "+442079460958"},
        "NoMatchingError",
        contact=CHAT,
    ),
    # --- Lambda ---
    Case(
        "Invoke a function that answers",
        "InvokeLambdaFunction",
        {"LambdaFunctionARN": FUNCTION_ARN, "InvocationTimeLimitSeconds": "3"},
        "Success",
        script=scripted(LambdaOutcome(loaded_data='{"status": "FOUND"}')),
    ),
    Case(
        "Invoke a function that is not there",
        "InvokeLambdaFunction",
        {"LambdaFunctionARN": FUNCTION_ARN, "InvocationTimeLimitSeconds": "3"},
        "NoMatchingError",
    ),
    # --- flow control ---
    Case(
        "Check contact attributes: a condition holds",
        "Compare",
        {"ComparisonValue": "$.Channel"},
        "Equals VOICE",
        conditions=(("Equals", "VOICE"),),
    ),
    Case(
        "Check contact attributes: no condition holds",
        "Compare",
        {"ComparisonValue": "$.Channel"},
        "NoMatchingCondition",
        conditions=(("Equals", "CHAT"),),
    ),
    Case("Loop: a round to go", "Loop", {"LoopCount": "1"}, "Equals ContinueLooping"),
    Case("Loop: no rounds", "Loop", {"LoopCount": "0"}, "Equals DoneLooping"),
    Case(
        "Loop: a count that is not a number",
        "Loop",
        {"LoopCount": "$.Attributes.rounds"},
        "ended STOPPED",
        contact=ContactSetup(attributes={"rounds": "many"}),
    ),
    Case(
        "Distribute by percentage: a draw below the threshold",
        "DistributeByPercentage",
        {},
        "NumberLessThan 50",
        conditions=(("NumberLessThan", "50"),),
        script=scripted(BlockOutcome(result="10")),
    ),
    Case(
        "Distribute by percentage: a draw above every threshold",
        "DistributeByPercentage",
        {},
        "NoMatchingCondition",
        conditions=(("NumberLessThan", "50"),),
        script=scripted(BlockOutcome(result="70")),
    ),
    Case(
        "Wait until the time runs out",
        "Wait",
        {"TimeoutSeconds": "60", "Events": ["CustomerReturned"]},
        "Equals WaitCompleted",
        contact=CHAT,
    ),
    Case(
        "Wait until the customer returns",
        "Wait",
        {"TimeoutSeconds": "60", "Events": ["CustomerReturned"]},
        "Equals CustomerReturned",
        contact=CHAT,
        script=scripted(BlockOutcome(result="CustomerReturned")),
    ),
    Case(
        "Wait on a voice call",
        "Wait",
        {"TimeoutSeconds": "60", "Events": ["CustomerReturned"]},
        "NoMatchingError",
    ),
    Case(
        "Transfer to flow",
        "TransferToFlow",
        {"ContactFlowId": FLOW_ARN},
        "ended TRANSFERRED_TO_FLOW",
    ),
    Case(
        "Invoke a module of the flow folder",
        "InvokeFlowModule",
        {"FlowModuleId": MODULE_ARN},
        "Success",
        with_module=True,
    ),
    Case(
        "Invoke a module that is not there",
        "InvokeFlowModule",
        {"FlowModuleId": MODULE_ARN},
        "NoMatchingError",
    ),
    Case("End flow in an inbound flow", "EndFlowExecution", {}, "ended DISCONNECTED"),
    Case("Return from a module simulated on its own", "EndFlowModuleExecution", {}, "ended ENDED"),
    Case("Disconnect", "DisconnectParticipant", {}, "ended DISCONNECTED"),
    Case(
        "Wait on a task: the time runs out",
        "Wait",
        {"TimeoutSeconds": "60", "Events": ["CustomerReturned"]},
        "Equals WaitCompleted",
        contact=ContactSetup(channel="TASK"),
    ),
    # --- customer profiles beyond the lookup ---
    Case(
        "Create a customer profile",
        "CreateCustomerProfile",
        {"ProfileRequestData": {"FirstName": "Ana"}},
        "Success",
    ),
    Case(
        "Update a customer profile",
        "UpdateCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1", "FirstName": "Ana"}},
        "Success",
    ),
    Case(
        "Update a customer profile without a profile id",
        "UpdateCustomerProfile",
        {"ProfileRequestData": {"FirstName": "Ana"}},
        "NoMatchingError",
    ),
    Case(
        "Associate the contact with a profile",
        "AssociateContactToCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1"}},
        "Success",
    ),
    Case(
        "Get a profile object: none found",
        "GetCustomerProfileObject",
        {"ProfileRequestData": {"ProfileId": "p-1", "ObjectType": "_asset", "UseLatest": "true"}},
        "NoneFoundError",
    ),
    Case(
        "Get a profile object: one found",
        "GetCustomerProfileObject",
        {"ProfileRequestData": {"ProfileId": "p-1", "ObjectType": "_asset", "UseLatest": "true"}},
        "Success",
        script=scripted(BlockOutcome(result="Found", data={"Status": "Active"})),
    ),
    Case(
        "Get calculated attributes: none found",
        "GetCalculatedAttributesForCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1"}},
        "NoneFoundError",
    ),
    Case(
        "Check segment membership: not a member",
        "CheckSegmentMembershipForCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1", "SegmentName": "gold"}},
        "Equals False",
        conditions=(("Equals", "True"), ("Equals", "False")),
    ),
    Case(
        "Check segment membership: a member",
        "CheckSegmentMembershipForCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1", "SegmentName": "gold"}},
        "Equals True",
        conditions=(("Equals", "True"), ("Equals", "False")),
        script=scripted(BlockOutcome(result="True")),
    ),
    # --- cases, tags, resuming ---
    Case(
        "Create a case",
        "CreateCase",
        {"CaseTemplateId": "t-1", "CaseRequestFields": {"title": "Refund"}},
        "Success",
    ),
    Case("Update a case", "UpdateCase", {"CaseId": "c-1"}, "Success"),
    Case("Update a case without one", "UpdateCase", {}, "NoMatchingError"),
    Case("Tag the contact", "TagContact", {"Tags": {"team": "billing"}}, "Success"),
    Case("Untag the contact", "UnTagContact", {"TagKeys": ["team"]}, "Success"),
    Case("Resume the contact", "ResumeContact", {}, "Success"),
    # --- reaching out ---
    Case(
        "Send a message (SMS)",
        "StartOutboundChatContact",
        {"DestinationEndpoint": {"Address": "+14155550100", "Type": "TELEPHONE_NUMBER"}},
        "Success",
    ),
    Case(
        "Send an email",
        "StartOutboundEmailContact",
        {"DestinationEmailAddress": {"EmailAddress": "jane@example.com"}},
        "Success",
    ),
    Case(
        "Send an email whose template does not render",
        "StartOutboundEmailContact",
        {"DestinationEmailAddress": {"EmailAddress": "jane@example.com"}},
        "TemplateRenderingError",
        script=Script(failures={BLOCK: "TemplateRenderingError"}),
    ),
    Case("Create a contact", "CreateContact", {"Channel": "EMAIL"}, "Success"),
    Case("Render a message template", "RenderMessageTemplate", {}, "Success"),
    Case(
        "Persistent chat on a chat",
        "CreatePersistentContactAssociation",
        {"RehydrationType": "From Segment"},
        "Success",
        contact=CHAT,
    ),
    Case(
        "Persistent chat on a call",
        "CreatePersistentContactAssociation",
        {"RehydrationType": "From Segment"},
        "NoMatchingError",
    ),
    Case("Call a phone number (outbound whisper)", "CompleteOutboundCall", {}, "Success"),
    Case("Check call progress: answered", "CheckOutboundCallStatus", {}, "Equals CallAnswered"),
    Case(
        "Check call progress: a voicemail beep",
        "CheckOutboundCallStatus",
        {},
        "Equals VoicemailBeep",
        script=scripted(BlockOutcome(result="VoicemailBeep")),
    ),
    Case(
        "Check call progress on a chat",
        "CheckOutboundCallStatus",
        {},
        "NoMatchingError",
        contact=CHAT,
    ),
    Case(
        "Transfer to queue from a customer queue flow",
        "DequeueContactAndTransferToQueue",
        {"QueueId": QUEUE_ARN},
        "ended TRANSFERRED_TO_QUEUE",
    ),
    Case(
        "Transfer to queue from a customer queue flow: the queue is full",
        "DequeueContactAndTransferToQueue",
        {"QueueId": QUEUE_ARN},
        "QueueAtCapacity",
        script=Script(outcomes=[("q-1", QueueOutcome(error="QueueAtCapacity"))]),
    ),
    Case("Transfer to agent", "TransferContactToAgent", {}, "ended TRANSFERRED_TO_AGENT"),
    Case("Set media processing", "UpdateContactMediaProcessing", {}, "Success"),
    Case("Set routing criteria", "UpdateRoutingCriteria", {"RoutingCriteria": {}}, "Success"),
    # --- Lex and views ---
    Case(
        "Lex: the intent a condition names",
        "ConnectParticipantWithLexBot",
        {"Text": "How can I help?", "LexV2Bot": {"AliasArn": BOT_ARN}},
        "Equals Pay",
        conditions=(("Equals", "Pay"),),
        script=scripted(LexOutcome(intent="Pay")),
    ),
    Case(
        "Lex: the bot understands nothing",
        "ConnectParticipantWithLexBot",
        {"Text": "How can I help?", "LexV2Bot": {"AliasArn": BOT_ARN}},
        "NoMatchingCondition",
        conditions=(("Equals", "Pay"),),
    ),
    Case(
        "Lex: the customer says nothing",
        "ConnectParticipantWithLexBot",
        {"Text": "How can I help?", "LexV2Bot": {"AliasArn": BOT_ARN}},
        "InputTimeLimitExceeded",
        conditions=(("Equals", "Pay"),),
        silent_customer=True,
    ),
    Case(
        "Show view: nobody acts",
        "ShowView",
        {"ViewResource": {"Id": "form", "Version": "Latest"}, "InvocationTimeLimitSeconds": "300"},
        "TimeLimitExceeded",
        conditions=(("Equals", "Next"),),
        contact=CHAT,
    ),
    Case(
        "Show view: an action a condition names",
        "ShowView",
        {"ViewResource": {"Id": "form", "Version": "Latest"}, "InvocationTimeLimitSeconds": "300"},
        "Equals Next",
        conditions=(("Equals", "Next"),),
        contact=CHAT,
        script=scripted(BlockOutcome(result="Next")),
    ),
    Case(
        "Show view: an action no condition names",
        "ShowView",
        {"ViewResource": {"Id": "form", "Version": "Latest"}, "InvocationTimeLimitSeconds": "300"},
        "NoMatchingCondition",
        conditions=(("Equals", "Next"),),
        contact=CHAT,
        script=scripted(BlockOutcome(result="Back")),
    ),
    # --- other Connect services ---
    Case(
        "Customer profiles: none found",
        "GetCustomerProfile",
        {"ProfileRequestData": {"PhoneNumber": "$.CustomerEndpoint.Address"}},
        "NoneFoundError",
    ),
    Case(
        "Customer profiles: one found",
        "GetCustomerProfile",
        {"ProfileRequestData": {"PhoneNumber": "$.CustomerEndpoint.Address"}},
        "Success",
        script=scripted(BlockOutcome(result="Found", data={"FirstName": "Ana"})),
    ),
    Case(
        "Customer profiles: no search key",
        "GetCustomerProfile",
        {"ProfileRequestData": {"PhoneNumber": "$.Attributes.absent"}},
        "NoMatchingError",
    ),
    Case(
        "Cases: none found",
        "GetCase",
        {"CaseRequestFields": {"case_id": "$.Attributes.case"}},
        "NoneFound",
    ),
    Case(
        "Cases: one found",
        "GetCase",
        {"CaseRequestFields": {"case_id": "$.Attributes.case"}},
        "Success",
        script=scripted(BlockOutcome(result="Found", data={"status": "open"})),
    ),
    Case(
        "Check Voice ID: authentication without audio",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "voiceAuthentication"},
        "Equals Inconclusive",
    ),
    Case(
        "Check Voice ID: enrollment without audio",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "enrollmentStatus"},
        "Equals NotEnrolled",
    ),
    Case(
        "Check Voice ID: fraud detection without audio",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "fraudDetection"},
        "Equals Inconclusive",
    ),
    Case(
        "Check Voice ID: authenticated",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "voiceAuthentication"},
        "Equals Authenticated",
        script=scripted(BlockOutcome(result="Authenticated")),
    ),
    Case(
        "Check Voice ID on a chat",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "voiceAuthentication"},
        "NoMatchingError",
        contact=CHAT,
    ),
    Case(
        "Check Voice ID: an option Voice ID does not have",
        "CheckVoiceId",
        {"CheckVoiceIdOption": "voiceprint"},
        "NoMatchingError",
    ),
    Case("Create task", "CreateTask", {"Name": "Call back"}, "Success"),
    Case("Create task without a name or template", "CreateTask", {}, "NoMatchingError"),
    Case(
        "Create task with a delay of 0 seconds",
        "CreateTask",
        {"Name": "Call back", "DelaySeconds": "0"},
        "NoMatchingError",
    ),
    Case(
        "Amazon Q in Connect session",
        "CreateWisdomSession",
        {"WisdomAssistantArn": ASSISTANT_ARN},
        "Success",
    ),
    Case("Amazon Q in Connect without an assistant", "CreateWisdomSession", {}, "NoMatchingError"),
)


class SilentCustomer:
    """A customer who says and presses nothing at every block that listens."""

    def next_input(self, request: InputRequest) -> CustomerInput:
        return CustomerInput(InputKind.TIMEOUT)


def table_entry(action_type: str) -> ActionSpec:
    spec = action_spec(action_type)
    assert spec is not None, f"{action_type} is simulated but has no entry in the action table"
    return spec


def allowed_errors(spec: ActionSpec, parameters: Mapping[str, Any]) -> list[str]:
    """The error types the table lets a block of this type and these parameters declare."""
    return [e.type for e in spec.error_specs if holds_all(e.when, parameters) is not False]


def block_conditions(case: Case, spec: ActionSpec) -> tuple[tuple[str, str], ...]:
    """The block's conditions: one per result where the table fixes them, else the case's."""
    allowed = spec.conditions_for(case.parameters)
    if allowed is not None and allowed.values:
        return tuple(("Equals", value) for value in allowed.values)
    return case.conditions


def flow_for(case: Case) -> dict[str, Any]:
    """The case's blocks, the block under test, and a Disconnect at the end of every branch."""
    spec = table_entry(case.type)
    errors = {error: f"error-{error}" for error in allowed_errors(spec, case.parameters)}
    conditions = block_conditions(case, spec)
    targets = [
        *([] if spec.terminal else ["success"]),
        *errors.values(),
        *(f"when-{index}" for index in range(len(conditions))),
    ]
    block = action(
        BLOCK,
        case.type,
        dict(case.parameters),
        None if spec.terminal else "success",
        errors,
        [(op, operand, f"when-{i}") for i, (op, operand) in enumerate(conditions)],
    )
    ends = [action(target, "DisconnectParticipant") for target in targets]
    blocks = [*case.before, block, *ends]
    return {"Version": "2019-10-30", "StartAction": blocks[0]["Identifier"], "Actions": blocks}


def run(case: Case, folder: Path) -> SimulationResult:
    if case.with_module:
        content = module(action("return", "EndFlowModuleExecution"), name="mod-1")
        (folder / "mod-1.json").write_text(json.dumps(content), encoding="utf-8")
    return Simulator(flow_for(case)).run(
        case.contact,
        script=case.script,
        options=SimulationOptions(flow_dir=folder if case.with_module else None),
        inputs=SilentCustomer() if case.silent_customer else None,
    )


def branch_taken(result: SimulationResult) -> str:
    step = next(step for step in result.steps if step.identifier == BLOCK)
    if step.target is None:
        return f"ended {result.ended.value}"
    return step.label or "(no label)"


def fallbacks(result: SimulationResult) -> list[str]:
    """The engine's words when a block took an error type it has no branch for."""
    notes = [
        event.text
        for step in result.steps
        for event in step.events
        if isinstance(event, Note) and "has no branch" in event.text
    ]
    if result.ended is Ended.STOPPED and "has no branch for it" in result.message:
        notes.append(result.message)
    return notes


def not_allowed(case: Case, branch: str) -> str | None:
    """Why the action table does not allow ``branch`` for this block (None: it does)."""
    spec = table_entry(case.type)
    if branch == "Success" or branch.startswith("ended "):
        return None
    if branch in {e.type for e in spec.error_specs}:
        if branch in allowed_errors(spec, case.parameters):
            return None
        return f"the table allows {branch} only under another setting"
    conditions = spec.conditions_for(case.parameters)
    if conditions is None:
        return f"the table gives {case.type} with these parameters no conditions"
    operand = branch.partition(" ")[2]
    if conditions.values and operand not in conditions.values:
        return f"{operand!r} is not one of the table's results {conditions.values}"
    return None


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_block_takes_a_branch_the_action_table_allows(case: Case, tmp_path: Path) -> None:
    result = run(case, tmp_path)
    taken = branch_taken(result)
    page = table_entry(case.type).url
    assert fallbacks(result) == [], (
        f"{case.type} took an error type the action table does not allow here ({page}): "
        f"{fallbacks(result)}"
    )
    assert taken == case.branch, f"{case.name}: took {taken!r} ({result.message or 'no message'})"
    assert not_allowed(case, taken) is None, f"{case.type}: {not_allowed(case, taken)} ({page})"


def test_every_simulated_block_type_has_its_branches_checked() -> None:
    checked = {case.type for case in CASES}
    assert sorted(set(HANDLERS) - checked) == []
