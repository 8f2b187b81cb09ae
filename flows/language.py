"""Facts about the Amazon Connect flow language (Version 2019-10-30), in one place.

The model, the validator, the pictures and the simulator all read these tables, so that a fact
learnt about the language (a new error type, a console name) is changed once. Sources: the
Amazon Connect API Reference "Flow language" pages, the Administrator Guide and real console
exports (see the project README for the list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FLOW_LANGUAGE_VERSION = "2019-10-30"

MAX_ACTIONS = 250
MAX_CONTENT_CHARS = 256_000
MAX_IDENTIFIER_LENGTH = 50
FORBIDDEN_IDENTIFIER_CHARS = frozenset("%:()\\/=$,;[]{}")
RESERVED_IDENTIFIERS = frozenset(
    {
        "__proto__",
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "toString",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "valueOf",
    }
)

# The eight condition operators; each takes exactly one string operand.
TEXT_OPERATORS = ("Equals", "TextStartsWith", "TextEndsWith", "TextContains")
NUMBER_OPERATORS = (
    "NumberGreaterThan",
    "NumberGreaterOrEqualTo",
    "NumberLessThan",
    "NumberLessOrEqualTo",
)
OPERATORS = TEXT_OPERATORS + NUMBER_OPERATORS

# Lambda invocation limits (synchronous mode).
MIN_INVOCATION_SECONDS = 1
MAX_INVOCATION_SECONDS = 8
DEFAULT_INVOCATION_SECONDS = 3
LAMBDA_RESPONSE_TYPES = ("STRING_MAP", "JSON")
MAX_LAMBDA_RESPONSE_BYTES = 32 * 1024  # the response must be *under* this many bytes of UTF-8
# InvocationType (newer exports): ASYNCHRONOUS invocations may wait up to 60 seconds.
LAMBDA_INVOCATION_TYPES = ("SYNCHRONOUS", "ASYNCHRONOUS")
MAX_ASYNC_INVOCATION_SECONDS = 60

# Static values some parameters take.
FLOW_LOGGING_BEHAVIORS = ("Enabled", "Disabled")
TARGET_CONTACTS = ("Current", "Related")
STORE_INPUT_VALUES = ("True", "False")
MIN_LOOP_COUNT = 0
MAX_LOOP_COUNT = 100
# Connect keeps at most this many UTF-8 bytes of user-defined attributes (keys and values) per
# contact.
MAX_CONTACT_ATTRIBUTE_BYTES = 32_768
# How MessageParticipant / GetParticipantInput name what the caller hears: exactly one of these.
PROMPT_PARAMETERS = ("PromptId", "Text", "SSML", "Media")

# The pre-2019 export format (a different language, rejected by CreateContactFlow) is recognised
# by these top-level keys.
LEGACY_FORMAT_KEYS = ("modules", "version")


@dataclass(frozen=True)
class ActionSpec:
    """What the language says about one action type.

    ``errors``: the error types the action may declare; ``required_errors``: those a well-formed
    action must declare. ``condition_values``: for actions whose conditions compare a fixed result
    (Loop, CheckHoursOfOperation), the allowed operands. ``arn_parameters``: parameters that name
    an AWS resource by ARN (or id), which shared flows often fill at deploy time.
    """

    type: str
    console_name: str
    terminal: bool = False
    errors: frozenset[str] = frozenset()
    required_errors: frozenset[str] = frozenset()
    conditions: bool = False
    condition_values: tuple[str, ...] = ()
    arn_parameters: tuple[str, ...] = ()
    required_parameters: tuple[str, ...] = ()


def _spec(
    type_: str,
    console_name: str,
    *,
    terminal: bool = False,
    errors: tuple[str, ...] = (),
    required_errors: tuple[str, ...] = (),
    conditions: bool = False,
    condition_values: tuple[str, ...] = (),
    arn_parameters: tuple[str, ...] = (),
    required_parameters: tuple[str, ...] = (),
) -> ActionSpec:
    return ActionSpec(
        type=type_,
        console_name=console_name,
        terminal=terminal,
        errors=frozenset(errors),
        required_errors=frozenset(required_errors),
        conditions=conditions,
        condition_values=condition_values,
        arn_parameters=arn_parameters,
        required_parameters=required_parameters,
    )


NO_MATCHING_ERROR = "NoMatchingError"  # the console's "Error" branch
NO_MATCHING_CONDITION = "NoMatchingCondition"  # the console's "No match" branch
_NME = (NO_MATCHING_ERROR,)

ACTION_SPECS: dict[str, ActionSpec] = {
    s.type: s
    for s in (
        _spec(
            "InvokeLambdaFunction",
            "Invoke AWS Lambda function",
            errors=_NME,
            required_errors=_NME,
            arn_parameters=("LambdaFunctionARN",),
            required_parameters=("LambdaFunctionARN",),
        ),
        _spec("UpdateContactAttributes", "Set contact attributes", errors=_NME),
        _spec(
            "Compare",
            "Check contact attributes",
            errors=(NO_MATCHING_CONDITION,),
            required_errors=(NO_MATCHING_CONDITION,),
            conditions=True,
            required_parameters=("ComparisonValue",),
        ),
        _spec("MessageParticipant", "Play prompt", errors=_NME, arn_parameters=("PromptId",)),
        _spec(
            "UpdateContactTargetQueue",
            "Set working queue",
            errors=_NME,
            arn_parameters=("QueueId", "AgentId"),
        ),
        _spec(
            "TransferContactToQueue",
            "Transfer to queue",
            errors=("QueueAtCapacity", NO_MATCHING_ERROR),
        ),
        _spec("DisconnectParticipant", "Disconnect / hang up", terminal=True),
        _spec("EndFlowExecution", "End flow / Resume", terminal=True),
        _spec("EndFlowModuleExecution", "Return (end module)", terminal=True),
        _spec(
            "UpdateFlowLoggingBehavior",
            "Set logging behavior",
            errors=_NME,
            required_parameters=("FlowLoggingBehavior",),
        ),
        _spec("UpdateContactTextToSpeechVoice", "Set voice", errors=_NME),
        _spec(
            "GetParticipantInput",
            "Get customer input",
            errors=(
                "InputTimeLimitExceeded",
                NO_MATCHING_CONDITION,
                NO_MATCHING_ERROR,
                "InvalidPhoneNumber",
            ),
            conditions=True,
            arn_parameters=("PromptId",),
        ),
        _spec(
            "TransferToFlow",
            "Transfer to flow",
            errors=_NME,
            arn_parameters=("ContactFlowId",),
            required_parameters=("ContactFlowId",),
        ),
        _spec(
            "Loop",
            "Loop",
            errors=_NME,
            conditions=True,
            condition_values=("ContinueLooping", "DoneLooping"),
        ),
        _spec(
            "CheckHoursOfOperation",
            "Check hours of operation",
            errors=_NME,
            conditions=True,
            condition_values=("True", "False"),
            arn_parameters=("HoursOfOperationId",),
        ),
    )
}

# Types that exist in the language and are carried through, with the console's block name.
# The validator does not know their rules in detail; it checks only the shared ones.
OTHER_KNOWN_TYPES: dict[str, str] = {
    "UpdateContactEventHooks": "Set event flow / Set hold flow / Set whisper flow",
    "UpdateContactRoutingBehavior": "Set routing criteria / Change routing priority",
    "UpdateContactRecordingBehavior": "Set recording and analytics behavior",
    "UpdateContactRecordingAndAnalyticsBehavior": "Set recording and analytics behavior",
    "UpdateContactData": "Set contact data",
    "UpdateContactCallbackNumber": "Set callback number",
    "UpdateContactMediaStreamingBehavior": "Start / stop media streaming",
    "UpdateContactMediaProcessing": "Set media processing",
    "UpdateFlowAttributes": "Set flow attributes",
    "UpdatePreviousContactParticipantState": "Set previous contact state",
    "UpdateRoutingCriteria": "Set routing criteria",
    "UpdateContactTargetAgent": "Set working agent",
    "UpdateCaseData": "Cases",
    "ShowView": "Show view",
    "Wait": "Wait",
    "CreateTask": "Create task",
    "CreateCallbackContact": "Transfer to queue (callback)",
    "CreateCase": "Cases",
    "GetCase": "Cases",
    "InvokeFlowModule": "Invoke module",
    "ConnectParticipantWithLexBot": "Get customer input (Lex)",
    "TransferParticipantToThirdParty": "Transfer to phone number",
    "MessageParticipantIteratively": "Loop prompts",
    "CheckMetricData": "Check queue status / Check staffing",
    "GetMetricData": "Get queue metrics",
    "DistributeByPercentage": "Distribute by percentage",
    "CheckVoiceId": "Check Voice ID",
    "StartVoiceIdStream": "Set Voice ID",
    "GetCustomerProfile": "Customer profiles",
    "CreateCustomerProfile": "Customer profiles",
    "UpdateCustomerProfile": "Customer profiles",
    "AssociateContactToCustomerProfile": "Customer profiles",
    "ResumeContact": "Resume contact",
    "TagContact": "Tag contact",
    "UnTagContact": "Untag contact",
    "StartOutboundChatContact": "Send message",
    "CompleteOutboundCall": "Call phone number",
    "EndFlowModuleWithError": "Return (end module with error)",
    "DisconnectParticipantWithError": "Disconnect with error",
    "ReturnFromFlowModule": "Return (end module)",
    "CreateWisdomSession": "Amazon Q in Connect",
    "DequeueContactAndTransferToQueue": "Transfer to queue (customer queue flow)",
    "TransferContactToAgent": "Transfer to agent",
    "UpdateCase": "Cases",
    "CheckOutboundCallStatus": "Check call progress",
    "GetCustomerProfileObject": "Customer profiles",
    "GetCalculatedAttributesForCustomerProfile": "Customer profiles",
}

# Types of the table above whose block ends the flow or module, as their names say: the validator
# does not call them dead ends. (The certain terminal types are in ACTION_SPECS.)
OTHER_TERMINAL_TYPES = frozenset(
    {"EndFlowModuleWithError", "DisconnectParticipantWithError", "ReturnFromFlowModule"}
)

# Resource-naming parameters of the other types (flow, queue, module ids or ARNs); values may be a
# map whose values name the resources (UpdateContactEventHooks: {"CustomerQueue": "<flow ARN>"}).
OTHER_ARN_PARAMETERS: dict[str, tuple[str, ...]] = {
    "InvokeFlowModule": ("FlowModuleId",),
    "UpdateContactEventHooks": ("EventHooks",),
    "CreateTask": ("ContactFlowId",),
    "GetMetricData": ("QueueId",),
    "DequeueContactAndTransferToQueue": ("QueueId", "AgentId"),
    "TransferContactToAgent": ("AgentId",),
}
# ARN parameters that take only an ARN; every other one also takes the bare resource id (a UUID),
# as the API Reference says of QueueId, AgentId, ContactFlowId, PromptId, HoursOfOperationId.
ARN_ONLY_PARAMETERS = frozenset({"LambdaFunctionARN"})

TERMINAL_TYPES = frozenset(t for t, s in ACTION_SPECS.items() if s.terminal)
# Blocks the console draws without a Success branch; it still writes a NextAction for them: the
# "No match" target (Check contact attributes) or the first error's target (the others).
NO_SUCCESS_BRANCH_TYPES = frozenset({"Compare", "CheckHoursOfOperation", "TransferContactToQueue"})
# Blocks whose success takes the contact out of this flow (into a queue, into another flow): a
# NextAction written for them is never followed.
LEAVES_FLOW_ON_SUCCESS_TYPES = frozenset({"TransferContactToQueue", "TransferToFlow"})

# Block names (and pre-2019 types) that appear in hand-written flows as if they were types.
# Value: what to use instead, for the validator's message.
LEGACY_TYPES: dict[str, str] = {
    "CheckAttribute": "Compare",
    "CheckContactAttributes": "Compare",
    "SetAttributes": "UpdateContactAttributes",
    "SetContactAttributes": "UpdateContactAttributes",
    "TransferToQueue": "TransferContactToQueue",
    "SetQueue": "UpdateContactTargetQueue",
    "SetVoice": "UpdateContactTextToSpeechVoice",
    "PlayPrompt": "MessageParticipant",
    "GetUserInput": "GetParticipantInput",
    "StoreUserInput": "GetParticipantInput",
    "InvokeExternalResource": "InvokeLambdaFunction",
    "InvokeLambda": "InvokeLambdaFunction",
    "StartMediaStreaming": "UpdateContactMediaStreamingBehavior",
    "StopMediaStreaming": "UpdateContactMediaStreamingBehavior",
    "Disconnect": "DisconnectParticipant",
    "SetLoggingBehavior": "UpdateFlowLoggingBehavior",
    "SetWorkingQueue": "UpdateContactTargetQueue",
    "CheckHoursOfOperations": "CheckHoursOfOperation",
    "Transfer": "TransferContactToQueue",
    # Not a block at all: where a flow begins is the top-level StartAction.
    "Start": "the top-level StartAction (the entry point is not an action)",
    "EntryPoint": "the top-level StartAction (the entry point is not an action)",
}

# Namespaces a `$.` reference may start with.
REFERENCE_NAMESPACES = frozenset(
    {
        "External",
        "Attributes",
        "FlowAttributes",
        "StoredCustomerInput",
        "CustomerEndpoint",
        "SystemEndpoint",
        "Channel",
        "ContactId",
        "InitialContactId",
        "PreviousContactId",
        "RelatedContactId",
        "InitiationMethod",
        "InstanceARN",
        "Queue",
        "LanguageCode",
        "TextToSpeechVoiceId",
        "CustomerId",
        "Name",
        "Description",
        "AwsRegion",
        "References",
        "Lex",
        "Metrics",
        "MediaStreams",
        "Media",
        "Case",
        "Customer",
        "Agent",
        "Segment",
        "SegmentAttributes",
        "Tags",
        "Modules",
        "ContactDetails",
        "Campaign",
        "Event",
        "Task",
        "Wisdom",
        "VoiceId",
        "DisconnectReason",
        "TaskContactId",
        "LexBot",
        "AttributesJSON",
        "InitiationTimestamp",
        "ScheduledTimestamp",
        "Recordings",
        "AdditionalEmailRecipients",
        "CustomerProfileAttributes",
        "QueueMetrics",
        "Channels",
        "Views",  # ShowView results: $.Views.ViewResultData..., $.Views.Action
    }
)

# A CDK token as it appears in a string before synthesis resolves it.
CDK_TOKEN = re.compile(r"\$\{Token\[[^\]]+\]\}")
# Deploy-time placeholders common in shared flows: {{x}}, <<x>>, %x%, REPLACE_WITH_x, ${x}.
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|<<[^>]*>>|%[A-Za-z0-9_.-]+%|REPLACE_WITH_\w*|\$\{[^}]*\}")
# A `$.Namespace...` reference inside a value (dynamic text may hold several), its namespace in
# the group ``namespace``. Keys with spaces are written `$.Attributes.['a key']` by exports and
# `$.Attributes['a key']` in standard JSONPath; both are well-formed.
REFERENCE = re.compile(
    r"\$\.(?P<namespace>[A-Za-z_][\w]*)(?:\.?\[['\"][^'\"]*['\"]\]|\.[\w-]+|\[\d+\])*"
)
# An Amazon Resource Name.
ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$")
# A bare Amazon Connect resource id (queue, flow, prompt, agent, hours of operation): a UUID.
RESOURCE_ID = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def console_name(action_type: str) -> str:
    """The name the Connect console shows for a block of this type (the type itself if unknown)."""
    spec = ACTION_SPECS.get(action_type)
    if spec is not None:
        return spec.console_name
    return OTHER_KNOWN_TYPES.get(action_type, action_type)


def is_known_type(action_type: str) -> bool:
    return action_type in ACTION_SPECS or action_type in OTHER_KNOWN_TYPES


def arn_parameters(action_type: str) -> tuple[str, ...]:
    """The parameters of this type that name an AWS resource by ARN (or id)."""
    spec = ACTION_SPECS.get(action_type)
    if spec is not None:
        return spec.arn_parameters
    return OTHER_ARN_PARAMETERS.get(action_type, ())
