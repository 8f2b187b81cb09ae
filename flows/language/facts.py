"""Facts about the Amazon Connect flow language (Version 2019-10-30), in one place.

The model, the validator, the pictures and the simulator all read these facts, so that a fact
learnt about the language (a new error type, a console name) is changed once. Sources: the
Amazon Connect API Reference "Flow language" pages, the Administrator Guide and real console
exports; each action type's facts, with the URL of its page, are in
:mod:`flows.language.action_table`.

Reading the facts of one action type::

    from flows.language.facts import action_spec

    spec = action_spec("CheckHoursOfOperation")   # an ActionSpec, or None for an unknown type
    spec.console_name                  # "Check hours of operation"
    spec.errors                        # error types it may declare: {"NoMatchingError"}
    spec.required_errors               # those it must always declare
    spec.condition_spec                # None (no conditions) or a ConditionSpec:
    spec.condition_spec.values         #   ("True", "False"): the results it is compared with,
    spec.condition_spec.required       #   those that each need a condition,
    spec.condition_spec.others         #   False: no other operand is allowed
    spec.flow_types                    # ContactFlowType names it is available in
    spec.available_in("CUSTOMER_HOLD") # False
    spec.parameter("HoursOfOperationId").form   # "static_or_reference"
    spec.url, spec.notes               # the reference page; decisions where it is silent

Some facts depend on a parameter (Get customer input with StoreInput "True" takes no conditions
and no NoMatchingCondition branch): ``spec.error_specs`` and ``spec.conditions_for(parameters)``
carry them. ``ACTION_SPECS`` holds the 15 types the typed model knows in detail,
``OTHER_KNOWN_TYPES`` the console names of the others; :func:`action_spec` covers both.
"""

from __future__ import annotations

import difflib
import re

from flows.language import action_spec as _spec
from flows.language import action_table as _table
from flows.language.action_table import ACTION_TABLE, MODELLED, OTHERS

# Names the model, the simulator and the tools import from here; their facts live in the table.
ActionSpec = _spec.ActionSpec
NO_MATCHING_ERROR = _spec.NO_MATCHING_ERROR  # the console's "Error" branch
NO_MATCHING_CONDITION = _spec.NO_MATCHING_CONDITION  # the console's "No match" branch
MIN_INVOCATION_SECONDS = _table.MIN_INVOCATION_SECONDS
MAX_INVOCATION_SECONDS = _table.MAX_INVOCATION_SECONDS
MAX_ASYNC_INVOCATION_SECONDS = _table.MAX_ASYNC_INVOCATION_SECONDS
LAMBDA_RESPONSE_TYPES = _table.LAMBDA_RESPONSE_TYPES
LAMBDA_INVOCATION_TYPES = _table.LAMBDA_INVOCATION_TYPES
FLOW_LOGGING_BEHAVIORS = _table.FLOW_LOGGING_BEHAVIORS
TARGET_CONTACTS = _table.TARGET_CONTACTS
STORE_INPUT_VALUES = _table.STORE_INPUT_VALUES
MIN_LOOP_COUNT = _table.MIN_LOOP_COUNT
MAX_LOOP_COUNT = _table.MAX_LOOP_COUNT
PROMPT_PARAMETERS = _table.PROMPT_PARAMETERS
TEXT_TO_SPEECH_ENGINES = _table.TEXT_TO_SPEECH_ENGINES
CONTINUE_LOOPING = _table.CONTINUE_LOOPING
DONE_LOOPING = _table.DONE_LOOPING
IN_HOURS = _table.IN_HOURS
OUT_OF_HOURS = _table.OUT_OF_HOURS
WAIT_RESULTS = _table.WAIT_RESULTS
MESSAGES_INTERRUPTED = _table.MESSAGES_INTERRUPTED
PREVIOUS_CONTACT_PARTICIPANT_STATES = _table.PREVIOUS_CONTACT_PARTICIPANT_STATES
METRIC_TYPE_PATHS = _table.METRIC_TYPE_PATHS
METRIC_TYPES = _table.METRIC_TYPES
QUEUE_METRIC_PATHS = _table.QUEUE_METRIC_PATHS
VOICE_ID_RESULTS = _table.VOICE_ID_RESULTS
MIN_PERCENT_DRAW = _table.MIN_PERCENT_DRAW
MAX_PERCENT_DRAW = _table.MAX_PERCENT_DRAW
MIN_TASK_DELAY_SECONDS = _table.MIN_TASK_DELAY_SECONDS
MAX_TASK_DELAY_SECONDS = _table.MAX_TASK_DELAY_SECONDS
MAX_WAIT_SECONDS = _table.MAX_WAIT_SECONDS
AGENT_METRIC_TYPES = _table.AGENT_METRIC_TYPES
OUTBOUND_CALL_RESULTS = _table.OUTBOUND_CALL_RESULTS
EVENT_HOOKS = _table.EVENT_HOOKS
TEMPLATE_RENDERING_ERROR = _table.TEMPLATE_RENDERING_ERROR
NONE_FOUND_ERROR = _table.NONE_FOUND_ERROR
REFERENCE_ACTION_LISTS = _table.REFERENCE_ACTION_LISTS

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

# Lambda invocation limits (synchronous mode); the limits themselves are in
# flows.language.action_table.
DEFAULT_INVOCATION_SECONDS = 3
MAX_LAMBDA_RESPONSE_BYTES = 32 * 1024  # the response must be *under* this many bytes of UTF-8

# Connect keeps at most this many UTF-8 bytes of user-defined attributes (keys and values) per
# contact.
MAX_CONTACT_ATTRIBUTE_BYTES = 32_768

# A contact's name and description (what Set contact data sets as $.Name and $.Description):
# "Maximum length of 512" and "Maximum length of 4096" characters,
# https://docs.aws.amazon.com/connect/latest/APIReference/API_UpdateContact.html
MAX_CONTACT_NAME_CHARS = 512
MAX_CONTACT_DESCRIPTION_CHARS = 4096

# Parameters whose text the caller hears or reads (prompt text), wherever they appear in an
# action's parameters (MessageParticipantIteratively nests them in Messages).
PROMPT_TEXT_PARAMETERS = ("Text", "SSML")
# Typographic quotes in prompt text. The evidence, both sides of it (a warning, never an error:
# see ../shared/reference/connect-flows.md, "Refused by CreateContactFlow"):
# - against: one third party reports CreateContactFlow refusing TTS text with a curly apostrophe
#   (Richard1007/claude-connect-skills, output/registry.json: "Curly apostrophes in TTS text
#   break deployment"), while its own skill note (skills/amazon-connect-ivr/SKILL.md, "Bug 4")
#   gives the symptom only as "potential JSON parsing issues";
# - for: console exports in public repositories, flows that instances hold, carry U+2019 in
#   prompt text (among them the published payment module of customer-dynamics/c3-amazon-connect).
CURLY_APOSTROPHE_EVIDENCE = (
    "one third party reports CreateContactFlow refusing prompt text with curly apostrophes "
    "(Richard1007/claude-connect-skills, registry.json), its own notes call it only a possible "
    "JSON parsing issue, and console exports that Connect instances hold carry them"
)
CURLY_APOSTROPHES = "\u2018\u2019"  # left and right single quotation marks
CURLY_DOUBLE_QUOTES = "\u201c\u201d"  # left and right double quotation marks

# The pre-2019 export format (a different language, rejected by CreateContactFlow) is recognised
# by these top-level keys.
LEGACY_FORMAT_KEYS = ("modules", "version")

# The types the typed model knows in detail (flows/model/actions.py has a parameter class for each).
ACTION_SPECS: dict[str, ActionSpec] = {spec.type: spec for spec in MODELLED}

# Types that exist in the language and are carried through by the model, with the console's
# block name. The validator checks them from their entry in flows.language.action_table.
OTHER_KNOWN_TYPES: dict[str, str] = {spec.type: spec.console_name for spec in OTHERS}

TERMINAL_TYPES = frozenset(t for t, spec in ACTION_TABLE.items() if spec.terminal)
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
    # The name flow logs give the Return block of a module; no reference page has it as a Type.
    "ReturnFromFlowModule": "EndFlowModuleExecution",
    # Not a block at all: where a flow begins is the top-level StartAction.
    "Start": "the top-level StartAction (the entry point is not an action)",
    "EntryPoint": "the top-level StartAction (the entry point is not an action)",
}

# Namespaces a `$.` reference may start with: those of the attribute list,
# https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html (system
# attributes such as $.Channel, $.Name, $.Description, $.References, $.CustomerId, and what
# blocks load: $.Lex, $.Metrics, $.Customer, $.Task), those action pages name ($.Views of
# ShowView), and those real console exports read ($.Case, $.Wisdom). The simulator reads its
# references from the same names (flows.simulator.contact.READABLE_NAMESPACES).
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


def action_spec(action_type: str) -> ActionSpec | None:
    """The facts of an action type (flows.language.action_table), or None for a type the language
    lacks."""
    return ACTION_TABLE.get(action_type)


def console_name(action_type: str) -> str:
    """The name the Connect console shows for a block of this type (the type itself if unknown)."""
    spec = ACTION_TABLE.get(action_type)
    return action_type if spec is None else spec.console_name


def is_known_type(action_type: str) -> bool:
    return action_type in ACTION_TABLE


def closest_type(name: str) -> str | None:
    """The known action type a misspelt ``name`` most likely meant (``InvokeLambdaFuntion``)."""
    matches = difflib.get_close_matches(name, ACTION_TABLE, n=1, cutoff=0.8)
    if not matches:
        lowered = {known.lower(): known for known in ACTION_TABLE}
        matches = [lowered[name.lower()]] if name.lower() in lowered else []
    return matches[0] if matches else None


def arn_parameters(action_type: str) -> tuple[str, ...]:
    """The parameters of this type that name an AWS resource by ARN (or id)."""
    spec = ACTION_TABLE.get(action_type)
    return () if spec is None else spec.arn_parameters
