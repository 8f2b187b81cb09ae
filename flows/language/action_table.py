"""The action table: every action type the project knows, with the facts of its reference page.

One entry per ``Type`` of the flow language (Version 2019-10-30), each with the URL of its page
in the Amazon Connect API Reference ("Flow language" section). ``API`` below abbreviates
https://docs.aws.amazon.com/connect/latest/APIReference/. Where the current page's section was
not available, the text of the 2023 copy of the same page is used and the entry says so
("2023 copy": github.com/awsdocs/amazon-connect-admin-guide, ``doc_source/<page>.md``, the last
public copy of these pages). Where the reference is silent or two AWS pages disagree, the real
console exports in ../shared/flows-corpus decide, and the entry's ``notes`` say what was decided
and why. ../shared/reference/flow-actions-audit.md quotes each page.

Reading the entries:

- ``errors``: error types the page lists (may be declared); ``required_errors``: those the page
  says "Must always be defined" (or this project requires, with a note); ``conditional_errors``:
  error types allowed only under a parameter setting. "Errors: None." on a page means no error
  branch at all: Connect refuses a flow that declares one (the live refusals of Set recording
  behavior and Set routing behavior with an Error branch, ../shared/reference/connect-flows.md).
- ``conditions``: None when the page says conditions are not supported; a ConditionSpec
  otherwise (free values, or a fixed set with the required ones).
- ``parameters``: forms ("static" where the page says "Must be set statically", "Must be
  defined statically" or "Dynamic values are not supported"), enumerations, ranges.
- ``flow_types``: the flow types named by the page's Restrictions section
  (flows.language.flow_types).
- Types the page of which was not obtained (only a table of contents names them) take
  NoMatchingError, which the language overview calls commonly supported, and are marked
  unverified in their notes; their conditions are not checked.

Types once listed here that no AWS page and no public flow describes were removed:
UpdateContactTargetAgent, UpdateCaseData, EndFlowModuleWithError and
DisconnectParticipantWithError (absent from all four action lists of the reference and from
every flow in the corpus and in the public code index); a flow using one is refused as an
unknown type. ReturnFromFlowModule is the block name that flow logs give the Return block, not
a Type: it is a legacy name for EndFlowModuleExecution (flows.language.facts.LEGACY_TYPES).
"""

from __future__ import annotations

from flows.language.action_spec import (
    NO_MATCHING_CONDITION,
    NO_MATCHING_ERROR,
    ActionSpec,
    ConditionSpec,
    ErrorSpec,
    IntegerRange,
    ParameterSpec,
    When,
)
from flows.language.flow_types import (
    AGENT_HOLD,
    ALL_FLOWS,
    CUSTOMER_HOLD,
    CUSTOMER_QUEUE,
    HOLD,
    INBOUND,
    OUTBOUND_WHISPER,
    QUEUE,
    TRANSFER,
    WHISPER,
)

API = "https://docs.aws.amazon.com/connect/latest/APIReference/"
ADMIN = "https://docs.aws.amazon.com/connect/latest/adminguide/"
DEV = "https://docs.aws.amazon.com/connect/latest/devguide/"

VOICE = "VOICE"
CHAT = "CHAT"

# -- values several modules read (flows.language.facts re-exports them) ----------------------------

# InvokeLambdaFunction (API interactions-invokelambdafunction.html): "Must be greater than 0,
# no larger than 8, and an integer. Must be set statically."; ResponseType "STRING_MAP" or
# "JSON"; InvocationType "SYNCHRONOUS" | "ASYNCHRONOUS".
MIN_INVOCATION_SECONDS = 1
MAX_INVOCATION_SECONDS = 8
LAMBDA_RESPONSE_TYPES = ("STRING_MAP", "JSON")
LAMBDA_INVOCATION_TYPES = ("SYNCHRONOUS", "ASYNCHRONOUS")
# ASYNCHRONOUS invocations may wait up to 60 seconds (../shared/reference/connect-flows.md,
# "Invoking Lambda from a flow"); the InvokeLambdaFunction page itself gives no exception to 8.
MAX_ASYNC_INVOCATION_SECONDS = 60
# UpdateFlowLoggingBehavior: "One of [Enabled,Disabled]. Dynamic values are not supported".
FLOW_LOGGING_BEHAVIORS = ("Enabled", "Disabled")
# UpdateContactAttributes TargetContact: "either "Current" or "Related"", "Must be defined
# statically".
TARGET_CONTACTS = ("Current", "Related")
# GetParticipantInput StoreInput: ""True" or "False". Must be statically defined." (2023 copy)
STORE_INPUT_VALUES = ("True", "False")
# Loop LoopCount: "between 0 and 100 (inclusive)".
MIN_LOOP_COUNT = 0
MAX_LOOP_COUNT = 100
# How MessageParticipant / GetParticipantInput name what the caller hears: exactly one of these.
PROMPT_PARAMETERS = ("PromptId", "Text", "SSML", "Media")
# UpdateContactTextToSpeechVoice TextToSpeechEngine, as Connect writes it: see that entry.
TEXT_TO_SPEECH_ENGINES = ("Standard", "Neural", "Generative")

# -- results that conditions compare, and limits, which the simulator also reads ---------------

# Loop (API flow-control-actions-loop.html): "there must be a Condition provided for Equals
# ContinueLooping and for Equals DoneLooping, and no other Conditions can be specified".
CONTINUE_LOOPING = "ContinueLooping"
DONE_LOOPING = "DoneLooping"
# CheckHoursOfOperation (API flow-control-actions-checkhoursofoperation.html): "There must be a
# Condition provided for Equals True and a Condition for Equals False, and no other conditions".
IN_HOURS = "True"
OUT_OF_HOURS = "False"
# Wait (API flow-control-actions-wait.html): the result is "WaitCompleted" when the time runs
# out, else the event that ended the wait (the Events parameter: CustomerReturned,
# BotParticipantDisconnected).
WAIT_RESULTS = ("WaitCompleted", "CustomerReturned", "BotParticipantDisconnected")
# MessageParticipantIteratively (ADMIN participant-actions-messageparticipantiteratively.html):
# when InterruptFrequencySeconds elapses "the action completes with the result as
# MessagesInterrupted".
MESSAGES_INTERRUPTED = "MessagesInterrupted"
# UpdatePreviousContactParticipantState (API
# contact-actions-updatepreviouscontactparticipantstate.html): "AgentOnHold", "CustomerOnHold" or
# "OffHold".
PREVIOUS_CONTACT_PARTICIPANT_STATES = ("AgentOnHold", "CustomerOnHold", "OffHold")
# CheckMetricData MetricType (API flow-control-actions-checkmetricdata.html): "One of
# [NumberOfAgentsAvailable, NumberOfAgentsStaffed, NumberOfAgentsOnline,
# OldestContactInQueueAgeSeconds, NumberOfContactsInQueue]", each the value of one queue metric
# that GetMetricData loads, read as $.Metrics.<path> (ADMIN connect-attrib-list.html, queue
# metrics; the Get queue metrics block page, ADMIN get-queue-metrics.html, lists the same
# metrics: contacts in queue, oldest contact, agents online, available, staffed, ...).
METRIC_TYPE_PATHS: dict[str, str] = {
    "NumberOfAgentsAvailable": "Agents.Available.Count",
    "NumberOfAgentsStaffed": "Agents.Staffed.Count",
    "NumberOfAgentsOnline": "Agents.Online.Count",
    "OldestContactInQueueAgeSeconds": "Queue.OldestContactAge",
    "NumberOfContactsInQueue": "Queue.Size",
}
METRIC_TYPES = tuple(METRIC_TYPE_PATHS)
# Every number GetMetricData loads (API flow-control-actions-getmetricdata.html: "Loads real time
# queue metrics ... and makes them available on the flow run data"), as $.Metrics.<path>
# (ADMIN connect-attrib-list.html); besides these, $.Metrics.Queue.Name and .ARN.
QUEUE_METRIC_PATHS = (
    "Queue.Size",
    "Queue.OldestContactAge",
    "Agents.Online.Count",
    "Agents.Available.Count",
    "Agents.Staffed.Count",
    "Agents.AfterContactWork.Count",
    "Agents.Busy.Count",
    "Agents.Missed.Count",
    "Agents.NonProductive.Count",
)
# CheckVoiceId (ADMIN flow-control-actions-checkvoiceid.html, "Execution results and
# conditions"): the results for each CheckVoiceIdOption, spelled as console exports write them
# (the page writes "Not enrolled", "Opted out"; the corpus export compares "NotEnrolled",
# "OptedOut", "NotAuthenticated").
VOICE_ID_RESULTS: dict[str, tuple[str, ...]] = {
    "enrollmentStatus": ("Enrolled", "NotEnrolled", "OptedOut"),
    "voiceAuthentication": (
        "Authenticated",
        "NotAuthenticated",
        "Inconclusive",
        "NotEnrolled",
        "OptedOut",
    ),
    "fraudDetection": ("HighRisk", "LowRisk", "Inconclusive"),
}
# DistributeByPercentage (API flow-control-actions-distributebypercentage.html): "a random number
# between 1 and 100 (inclusive)".
MIN_PERCENT_DRAW = 1
MAX_PERCENT_DRAW = 100
# CreateTask DelaySeconds (API createtask.html): a whole number of seconds from 1 to 518400 (six
# days).
MIN_TASK_DELAY_SECONDS = 1
MAX_TASK_DELAY_SECONDS = 518_400
# Wait (API flow-control-actions-wait.html): the time limit, at most 7 days ("604800").
MAX_WAIT_SECONDS = 604_800
# CheckMetricData: the metric types that count agents, whose only condition is NumberGreaterThan 0.
AGENT_METRIC_TYPES = ("NumberOfAgentsAvailable", "NumberOfAgentsStaffed", "NumberOfAgentsOnline")
# CheckOutboundCallStatus (ADMIN flow-control-actions-checkoutboundcallstatus.html): "CallAnswered",
# "VoicemailBeep", "VoicemailNoBeep" and "NotDetected" "are the only supported operands".
OUTBOUND_CALL_RESULTS = ("CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected")
# UpdateContactEventHooks (API contact-actions-updatecontacteventhooks.html): the hooks an entry
# of EventHooks may name.
EVENT_HOOKS = (
    "AgentHold",
    "AgentWhisper",
    "CustomerHold",
    "CustomerQueue",
    "CustomerRemaining",
    "CustomerWhisper",
    "DefaultAgentUI",
    "DisconnectAgentUI",
    "PauseContact",
    "ResumeContact",
)
# The error branch the console writes on the blocks of Send message that render a message
# template (the draft export of ../shared/flows-drafts).
TEMPLATE_RENDERING_ERROR = "TemplateRenderingError"
# Customer profiles (the customer-profile actions of the interactions list, and
# ADMIN customer-profiles-block.html): what a Get finds nothing with, and the result that
# scripts a profile, an object or calculated attributes as found.
NONE_FOUND_ERROR = "NoneFoundError"

_STORE_INPUT_FALSE = When("StoreInput", ("False",), default="False")
_STORE_INPUT_TRUE = When("StoreInput", ("True",), default="False")
_ASYNCHRONOUS = When("InvocationType", ("ASYNCHRONOUS",))
_CONTINUES = When("ContinueFlowExecution", ("True",), default="True")
_EQUALS = ("Equals",)
_ALL_BUT_HOLD = ALL_FLOWS - HOLD
_UNVERIFIED = (
    "Page not obtained (only the reference's table of contents names this type): errors are "
    "the commonly supported NoMatchingError of the language overview; conditions and flow "
    "types are not checked."
)


# The Customer profiles block's actions: the request (search keys, a profile id, ...) and the
# fields it returns as $.Customer.<field> (a list of names, or a map in the pages' syntax).
_PROFILE_PARAMETERS = (
    ParameterSpec("ProfileRequestData", shape="map"),
    ParameterSpec("ProfileResponseData"),
)


def _prompt() -> tuple[ParameterSpec, ...]:
    """PromptId, Text, SSML, Media as MessageParticipant and the input actions take them."""
    return (
        ParameterSpec("PromptId", form="static_or_reference", resource="arn_or_id"),
        ParameterSpec("Text", shape="text"),
        ParameterSpec("SSML", shape="text"),
        ParameterSpec("Media", shape="map"),
    )


def _action(
    type_: str,
    console_name: str,
    url: str,
    *,
    terminal: bool = False,
    errors: tuple[str, ...] = (),
    required_errors: tuple[str, ...] = (),
    conditional_errors: tuple[ErrorSpec, ...] = (),
    conditions: ConditionSpec | tuple[ConditionSpec, ...] | None = None,
    parameters: tuple[ParameterSpec, ...] = (),
    exactly_one: tuple[tuple[str, ...], ...] = (),
    at_most_one: tuple[tuple[str, ...], ...] = (),
    flow_types: frozenset[str] = ALL_FLOWS,
    module_only: bool = False,
    channels: tuple[str, ...] = (),
    documented: bool = True,
    notes: tuple[str, ...] = (),
) -> ActionSpec:
    """One entry; the summary fields (errors, required_errors, ...) are derived from the detail.

    ``conditions``: one ConditionSpec, or several cases (the last the default) when what the
    conditions compare depends on a parameter.
    """
    cases = conditions if isinstance(conditions, tuple) else ()
    if cases:
        conditions = cases[-1]
    assert not isinstance(conditions, tuple)
    error_specs = tuple(
        ErrorSpec(error_type, required=error_type in required_errors) for error_type in errors
    ) + tuple(conditional_errors)
    fixed = conditions is not None and not conditions.others
    return ActionSpec(
        type=type_,
        console_name=console_name,
        terminal=terminal,
        errors=frozenset(spec.type for spec in error_specs),
        required_errors=frozenset(
            spec.type for spec in error_specs if spec.required and not spec.when
        ),
        conditions=conditions is not None,
        condition_values=conditions.values if conditions is not None and fixed else (),
        arn_parameters=tuple(p.name for p in parameters if p.resource and p.parent is None),
        required_parameters=tuple(p.name for p in parameters if p.required and p.parent is None),
        url=url,
        documented=documented,
        error_specs=error_specs,
        condition_spec=conditions,
        condition_cases=cases,
        parameters=parameters,
        exactly_one=exactly_one,
        at_most_one=at_most_one,
        flow_types=flow_types,
        module_only=module_only,
        channels=frozenset(channels),
        notes=notes,
    )


_NME = (NO_MATCHING_ERROR,)

# The 15 types the model (flows/model/actions.py) knows in detail.
MODELLED: tuple[ActionSpec, ...] = (
    _action(
        "InvokeLambdaFunction",
        "Invoke AWS Lambda function",
        API + "interactions-invokelambdafunction.html",
        errors=_NME,
        required_errors=_NME,
        parameters=(
            ParameterSpec("LambdaFunctionARN", required=True, resource="arn"),
            ParameterSpec(
                "InvocationTimeLimitSeconds",
                form="static",
                integers=(
                    IntegerRange(
                        MIN_INVOCATION_SECONDS, MAX_ASYNC_INVOCATION_SECONDS, when=_ASYNCHRONOUS
                    ),
                    IntegerRange(MIN_INVOCATION_SECONDS, MAX_INVOCATION_SECONDS),
                ),
                code="BAD_TIMEOUT",
            ),
            ParameterSpec("InvocationType", values=LAMBDA_INVOCATION_TYPES),
            ParameterSpec("LambdaInvocationAttributes", shape="map"),
            ParameterSpec("ResponseValidation", shape="map", code="BAD_RESPONSE_TYPE"),
            ParameterSpec(
                "ResponseValidation.ResponseType",
                required=True,
                form="static",
                values=LAMBDA_RESPONSE_TYPES,
                code="BAD_RESPONSE_TYPE",
            ),
        ),
        notes=(
            "NoMatchingError required: the page lists it without 'Must always be defined'; a "
            "failed invocation without an Error branch leaves the contact nowhere, and all 44 "
            "invocations in the corpus declare it.",
            "InvocationTimeLimitSeconds up to 60 with InvocationType ASYNCHRONOUS (see "
            "MAX_ASYNC_INVOCATION_SECONDS); the page says 'no larger than 8' without exception.",
        ),
    ),
    _action(
        "UpdateContactAttributes",
        "Set contact attributes",
        ADMIN + "contact-actions-updatecontactattributes.html",
        errors=_NME,
        parameters=(
            ParameterSpec("Attributes", shape="map"),
            ParameterSpec("TargetContact", form="static", values=TARGET_CONTACTS),
        ),
    ),
    _action(
        "Compare",
        "Check contact attributes",
        API + "flow-control-actions-compare.html",
        errors=(NO_MATCHING_CONDITION,),
        required_errors=(NO_MATCHING_CONDITION,),
        conditions=ConditionSpec(),
        parameters=(
            ParameterSpec(
                "ComparisonValue",
                required=True,
                form="reference",
                code="BAD_COMPARISON_VALUE",
            ),
        ),
        notes=(
            "NoMatchingCondition required: the page lists it without 'must'; a contact no "
            "condition matches would have nowhere to go, and all 59 comparisons in the corpus "
            "declare it.",
        ),
    ),
    _action(
        "MessageParticipant",
        "Play prompt",
        ADMIN + "participant-actions-messageparticipant.html",
        errors=_NME,
        parameters=_prompt(),
        exactly_one=(PROMPT_PARAMETERS,),
        flow_types=INBOUND | TRANSFER | WHISPER | QUEUE,
        notes=(
            "Every prompt field is '[Optional]' on the page; exactly one is required here: a Play "
            "prompt with nothing to play is a mistake, and the fields exclude each other.",
            "PromptId and SSML are only supported for the voice channel (channel limits are data "
            "only: a flow does not say which channel runs it).",
        ),
    ),
    _action(
        "UpdateContactTargetQueue",
        "Set working queue",
        API + "contact-actions-updatecontacttargetqueue.html",
        errors=_NME,
        parameters=(
            ParameterSpec("QueueId", form="static_or_reference", resource="arn_or_id"),
            ParameterSpec("AgentId", form="static_or_reference", resource="arn_or_id"),
        ),
        exactly_one=(("QueueId", "AgentId"),),
        flow_types=INBOUND | TRANSFER,
        notes=(
            "QueueId and AgentId are each '[Optional]' and exclude each other; one is required "
            "here (a working queue block that sets nothing is a mistake).",
        ),
    ),
    _action(
        "TransferContactToQueue",
        "Transfer to queue",
        API + "contact-actions-transfercontacttoqueue.html",
        errors=("QueueAtCapacity", NO_MATCHING_ERROR),
        flow_types=INBOUND | TRANSFER,
    ),
    _action(
        "DisconnectParticipant",
        "Disconnect / hang up",
        API + "participant-actions-disconnectparticipant.html",
        terminal=True,
        flow_types=INBOUND | TRANSFER | QUEUE,
    ),
    _action(
        "EndFlowExecution",
        "End flow / Resume",
        API + "flow-control-actions-endflowexecution.html",
        terminal=True,
        notes=(
            "Flow types: the API page says 'only in whisper flows and customer queue flows'; the "
            "block page (adminguide/end-flow-resume.html) says 'All flows'. Decision: all flows. "
            "The one corpus use (a customer queue flow) fits both; refusing a block the console "
            "offers everywhere would be a false error.",
        ),
    ),
    _action(
        "EndFlowModuleExecution",
        "Return (end module)",
        API + "endflowmoduleexecution.html",
        terminal=True,
        module_only=True,
    ),
    _action(
        "UpdateFlowLoggingBehavior",
        "Set logging behavior",
        API + "flow-control-actions-updateflowloggingbehavior.html",
        parameters=(
            ParameterSpec(
                "FlowLoggingBehavior", required=True, form="static", values=FLOW_LOGGING_BEHAVIORS
            ),
        ),
        notes=("'Errors: None.'; none of the 13 corpus uses declares one.",),
    ),
    _action(
        "UpdateContactTextToSpeechVoice",
        "Set voice",
        API + "contact-actions-updatecontacttexttospeechvoice.html",
        errors=_NME,
        parameters=(
            ParameterSpec("TextToSpeechVoice"),
            ParameterSpec("TextToSpeechEngine", values=TEXT_TO_SPEECH_ENGINES),
            ParameterSpec("TextToSpeechStyle"),
        ),
        notes=(
            "NoMatchingError: the current page says 'Must always be defined'; the older text of "
            "the same page says 'Errors: None.' and 3 of the 4 corpus uses declare none. "
            "Decision: allowed, not required.",
            "TextToSpeechEngine: the page names no values. Connect's console writes 'Neural' and "
            "'Standard' (../shared/reference/connect-flows.md; 'Neural' in the corpus), the Set "
            "voice block page names standard, neural and generative voices "
            "(adminguide/set-voice.html), and a flow with 'Generative' was published on a live "
            "instance (Richard1007/claude-connect-skills, output/stuck-issues.md, IVR #7). "
            "Connect takes the Error branch for an engine it does not know, such as 'neural'.",
            "TextToSpeechStyle is not checked: the page's list ('None, Coversational, or "
            "Newscaster') misspells one value, and the corpus shows only 'None'.",
        ),
    ),
    _action(
        "GetParticipantInput",
        "Get customer input",
        API + "participant-actions-getparticipantinput.html",
        errors=_NME,
        required_errors=_NME,
        conditional_errors=(
            ErrorSpec(NO_MATCHING_CONDITION, when=(_STORE_INPUT_FALSE,)),
            ErrorSpec("InputTimeLimitExceeded", when=(_STORE_INPUT_FALSE,)),
            ErrorSpec(
                "InvalidPhoneNumber",
                when=(
                    _STORE_INPUT_TRUE,
                    When("InputValidation.PhoneNumberValidation", present=True),
                ),
            ),
        ),
        conditions=ConditionSpec(
            operators=_EQUALS,
            operand_pattern=r"[0-9*#]",
            operand_text="a single character: 0-9, * or #",
            when=_STORE_INPUT_FALSE,
        ),
        parameters=(
            *_prompt(),
            ParameterSpec("InputTimeLimitSeconds", form="static", integers=(IntegerRange(1),)),
            ParameterSpec("StoreInput", form="static", values=STORE_INPUT_VALUES),
            ParameterSpec(
                "InputValidation",
                shape="map",
                form="static",
                required_when=_STORE_INPUT_TRUE,
                allowed_when=_STORE_INPUT_TRUE,
            ),
            ParameterSpec(
                "InputEncryption",
                shape="map",
                allowed_when=When("InputValidation.CustomValidation", present=True),
            ),
            ParameterSpec("DTMFConfiguration", shape="map"),
        ),
        exactly_one=(PROMPT_PARAMETERS,),
        flow_types=INBOUND | TRANSFER | QUEUE,
        notes=(
            "Errors, conditions and restrictions from the 2023 copy (the current page's sections "
            "were not available): NoMatchingError 'Must always be defined'; NoMatchingCondition "
            "'only if StoreInput is False'; InvalidPhoneNumber 'only if StoreInput is true, and "
            "PhoneNumberValidation is specified'; with StoreInput True 'conditions are not "
            "supported', otherwise 'only the Equals operator', operands 'a single character'; "
            "InputValidation 'required if and only if StoreInput is True'.",
            "InputTimeLimitExceeded: absent from the 2023 copy; every corpus block with StoreInput "
            "False declares it (11 of 11) and none with StoreInput True does; the Store customer "
            "input block page says a timeout takes the Success branch. Decision: allowed only "
            "with StoreInput False.",
            "InputEncryption only with CustomValidation (2023 copy: 'May only be specified if "
            "CustomValidation is specified'); the 2 corpus blocks that encrypt validate so.",
            "InputTimeLimitSeconds: the 2023 copy limits the input timeout to 179 seconds; the "
            "current page ties its limit to the voice channel ('For the Voice channel ...', the "
            "rest not readable), and a flow does not say which channel runs it. Decision: not "
            "checked above 1 (exports write 5 to 60).",
            "StoreInput True with 'Conditions: []' was refused live (../shared/reference/"
            "connect-flows.md); that block also lacked InputValidation and declared "
            "InputTimeLimitExceeded, while 4 corpus exports carry 'Conditions: []' with "
            "StoreInput True, InputValidation and NoMatchingError only. Decision: what is refused "
            "is the missing InputValidation and the timeout branch (and any condition); an empty "
            "Conditions list is accepted.",
        ),
    ),
    _action(
        "TransferToFlow",
        "Transfer to flow",
        API + "flow-control-actions-transfertoflow.html",
        errors=_NME,
        parameters=(
            ParameterSpec(
                "ContactFlowId",
                required=True,
                form="static_or_reference",
                resource="arn_or_id",
            ),
        ),
        flow_types=INBOUND | TRANSFER,
    ),
    _action(
        "Loop",
        "Loop",
        API + "flow-control-actions-loop.html",
        conditions=ConditionSpec(
            values=(CONTINUE_LOOPING, DONE_LOOPING),
            required=(CONTINUE_LOOPING, DONE_LOOPING),
            others=False,
            operators=_EQUALS,
        ),
        parameters=(
            ParameterSpec(
                "LoopCount",
                form="static_or_reference",
                integers=(IntegerRange(MIN_LOOP_COUNT, MAX_LOOP_COUNT),),
            ),
        ),
        notes=(
            "'Errors: None.' on the API page; the Loop block page (adminguide/loop.html) mentions "
            "an Error branch. Decision: none, as the API page and all 6 corpus loops. A LoopCount "
            "that is not a number at run time (a reference) has no branch to take: the simulator "
            "stops there.",
        ),
    ),
    _action(
        "CheckHoursOfOperation",
        "Check hours of operation",
        API + "flow-control-actions-checkhoursofoperation.html",
        errors=_NME,
        conditions=ConditionSpec(
            values=(IN_HOURS, OUT_OF_HOURS),
            required=(IN_HOURS, OUT_OF_HOURS),
            others=False,
            operators=_EQUALS,
        ),
        parameters=(
            ParameterSpec("HoursOfOperationId", form="static_or_reference", resource="arn_or_id"),
        ),
        flow_types=INBOUND | TRANSFER | QUEUE,
    ),
)

# The other types: carried through untouched by the model; checked by the validator from here.
OTHERS: tuple[ActionSpec, ...] = (
    _action(
        "UpdateContactEventHooks",
        "Set customer queue flow / Set hold flow / Set whisper flow / Set event flow",
        API + "contact-actions-updatecontacteventhooks.html",
        errors=_NME,
        parameters=(
            ParameterSpec(
                "EventHooks",
                shape="map",
                resource="arn_or_id",
                keys=EVENT_HOOKS,
                entries=1,
            ),
        ),
        notes=(
            "EventHooks: 'Only one entry may be present', its key one of the hooks the page "
            "names (EVENT_HOOKS); the corpus's 16 uses hold one entry each, all among them.",
        ),
    ),
    _action(
        "UpdateContactRoutingBehavior",
        "Change routing priority / age",
        API + "contact-actions-updatecontactroutingbehavior.html",
        parameters=(
            ParameterSpec("QueuePriority", form="static", integers=(IntegerRange(1),)),
            ParameterSpec(
                "QueueTimeAdjustmentSeconds", form="static", integers=(IntegerRange(None),)
            ),
        ),
        exactly_one=(("QueuePriority", "QueueTimeAdjustmentSeconds"),),
        flow_types=INBOUND,
        notes=(
            "'Errors: None.'; refused live with a NoMatchingError branch.",
            "QueueTimeAdjustmentSeconds: 'Must be statically defined and a valid integer value' "
            "(negative numbers move the contact back in the queue).",
        ),
    ),
    _action(
        "UpdateContactRecordingBehavior",
        "Set recording and analytics behavior",
        API + "contact-actions-updatecontactrecordingbehavior.html",
        parameters=(
            ParameterSpec("RecordingBehavior", shape="map", form="static"),
            ParameterSpec("AnalyticsBehavior", shape="map"),
        ),
        flow_types=INBOUND | TRANSFER | {OUTBOUND_WHISPER} | QUEUE,
        channels=(VOICE,),
        notes=(
            "From the 2023 copy (the current page's sections were not available): 'Errors: "
            "None.'; refused live with a NoMatchingError branch. Analytics: voice only.",
        ),
    ),
    _action(
        "UpdateContactRecordingAndAnalyticsBehavior",
        "Set recording, analytics and processing behavior",
        DEV + "contact-actions-updatecontactrecordingandanalyticsbehavior.html",
        errors=_NME,
        notes=(
            "Parameters seen (one behaviour object per channel); Errors and block not seen: "
            "NoMatchingError as commonly supported. The block page says Set recording and "
            "analytics behavior is replaced by Set recording, analytics and processing behavior.",
        ),
    ),
    _action(
        "UpdateContactData",
        "Set contact data",
        DEV + "contact-actions-updatecontactdata.html",
        errors=_NME,
        notes=(
            "The page's sections were not readable in the stored copy (its own URL is given): "
            "NoMatchingError as both corpus uses declare it; parameters (Name, Description, "
            "References, LanguageCode, ...) as real exports write them.",
        ),
    ),
    _action(
        "UpdateContactCallbackNumber",
        "Set callback number",
        API + "contact-actions-updatecontactcallbacknumber.html",
        errors=("InvalidCallbackNumber", "CallbackNumberNotDialable"),
        parameters=(ParameterSpec("CallbackNumber", required=True, form="reference"),),
        flow_types=INBOUND | TRANSFER | QUEUE,
    ),
    _action(
        "UpdateContactMediaStreamingBehavior",
        "Start media streaming / Stop media streaming",
        API + "contact-actions-updatecontactmediastreamingbehavior.html",
        errors=_NME,
        parameters=(
            ParameterSpec("MediaStreamingState", form="static", values=("Enabled", "Disabled")),
            ParameterSpec("MediaStreamType", form="static", values=("Audio",)),
            ParameterSpec("Participants", shape="list", form="static"),
        ),
        flow_types=_ALL_BUT_HOLD,
        channels=(VOICE,),
        notes=("MediaStreamType and Participants: 'Must be defined statically'.",),
    ),
    _action(
        "UpdateContactMediaProcessing",
        "Set media processing",
        DEV + "contact-actions-updatecontactmediaprocessing.html",
        errors=_NME,
        notes=(
            "The page's sections were not readable in the stored copy (its own URL is given) and "
            "no flow in ../shared uses the type: errors are the commonly supported "
            "NoMatchingError of the language overview; conditions are not checked.",
        ),
    ),
    _action(
        "UpdateFlowAttributes",
        "Set contact attributes",
        API + "flow-control-actions-updateflowattributes.html",
        errors=_NME,
        parameters=(ParameterSpec("FlowAttributes", shape="map"),),
        notes=(
            "The page says 'Errors: None.', but both corpus uses declare NoMatchingError, one in "
            "a published console export (aws-cdk-examples MainFlow). Decision: NoMatchingError "
            "allowed, since the console itself writes it.",
        ),
    ),
    _action(
        "UpdatePreviousContactParticipantState",
        "Hold customer or agent",
        API + "contact-actions-updatepreviouscontactparticipantstate.html",
        errors=_NME,
        parameters=(
            ParameterSpec(
                "PreviousContactParticipantState",
                values=PREVIOUS_CONTACT_PARTICIPANT_STATES,
            ),
        ),
        flow_types=INBOUND | TRANSFER,
        channels=(VOICE,),
    ),
    _action(
        "UpdateRoutingCriteria",
        "Set routing criteria",
        DEV + "flow-control-actions-updateroutingcriteria.html",
        errors=_NME,
        parameters=(ParameterSpec("RoutingCriteria", shape="map"),),
        notes=("Parameters seen; Errors, conditions and restrictions not: " + _UNVERIFIED,),
    ),
    _action(
        "ShowView",
        "Show view",
        API + "participant-actions-showview.html",
        errors=(NO_MATCHING_ERROR, NO_MATCHING_CONDITION, "TimeLimitExceeded"),
        conditions=ConditionSpec(),
        parameters=(ParameterSpec("ViewResource", shape="map"),),
        flow_types=INBOUND | QUEUE,
        channels=(CHAT,),
        notes=("Conditions compare the agent's or customer's selection, which the view defines.",),
    ),
    _action(
        "Wait",
        "Wait",
        API + "flow-control-actions-wait.html",
        errors=(NO_MATCHING_ERROR, "ParticipantNotFound"),
        conditions=ConditionSpec(
            values=WAIT_RESULTS,
            required=(WAIT_RESULTS[0],),
            others=False,
            operators=_EQUALS,
            required_from="Events",
        ),
        parameters=(
            ParameterSpec(
                "TimeoutSeconds",
                form="static_or_reference",
                integers=(IntegerRange(1, MAX_WAIT_SECONDS),),
            ),
            ParameterSpec(
                "TimeLimitSeconds",
                form="static_or_reference",
                integers=(IntegerRange(1, MAX_WAIT_SECONDS),),
            ),
            ParameterSpec("Events", shape="list", form="static"),
        ),
        at_most_one=(("TimeoutSeconds", "TimeLimitSeconds"),),
        notes=(
            "Conditions: one for WaitCompleted and one for every event listed in Events ('every "
            "Event listed ... must have a Condition').",
            "The time limit is a positive whole number of seconds up to 7 days. The page names it "
            "TimeoutSeconds; console exports write TimeLimitSeconds, as does the Administrator "
            "Guide's campaign flow (adminguide/create-campaigns-api-cli.html, a Wait with "
            "'TimeLimitSeconds': '900'): both are accepted.",
            "Flow types: the API page says every type of flow; the block page (adminguide/"
            "wait.html) names inbound and customer queue flows. Decision: every type (the API "
            "page). Channels: the block page takes voice (inbound, with 'keep running while "
            "waiting'), chat, task (always Time expired or Error) and email.",
        ),
    ),
    _action(
        "CreateTask",
        "Create task",
        API + "createtask.html",
        errors=_NME,
        parameters=(
            ParameterSpec("ContactFlowId", form="static_or_reference", resource="arn_or_id"),
            ParameterSpec(
                "DelaySeconds",
                integers=(IntegerRange(MIN_TASK_DELAY_SECONDS, MAX_TASK_DELAY_SECONDS),),
            ),
            ParameterSpec("TaskTemplateId", form="static"),
        ),
        at_most_one=(("DelaySeconds", "ScheduledTime"),),
        notes=("DelaySeconds and ScheduledTime exclude each other ('Cannot be specified if').",),
    ),
    _action(
        "CreateCallbackContact",
        "Transfer to queue (callback)",
        API + "interactions-createcallbackcontact.html",
        errors=_NME,
        parameters=(
            ParameterSpec("QueueId", form="static_or_reference", resource="arn_or_id"),
            ParameterSpec("AgentId", form="static_or_reference", resource="arn_or_id"),
            ParameterSpec(
                "InitialCallDelaySeconds", form="static", integers=(IntegerRange(1, 259_200),)
            ),
            ParameterSpec("MaximumConnectionAttempts", form="static", integers=(IntegerRange(0),)),
            ParameterSpec("RetryDelaySeconds", form="static", integers=(IntegerRange(1, 259_200),)),
        ),
        at_most_one=(("QueueId", "AgentId"),),
        flow_types=INBOUND | TRANSFER | QUEUE,
        notes=(
            "From the 2023 copy (the current page's sections were not available).",
            "MaximumConnectionAttempts: the page says 'larger than zero'; a console export "
            "(amazon-connect-callbackmgmt, flows/cfSetCallBackflow, with the console's block "
            "positions) writes '0'. The export decides: 0 is accepted, a negative number is "
            "not.",
        ),
    ),
    _action(
        "CreateCase",
        "Cases",
        API + "createcase.html",
        errors=("ContactNotLinked", NO_MATCHING_ERROR),
    ),
    _action(
        "GetCase",
        "Cases",
        API + "getcase.html",
        errors=(NO_MATCHING_ERROR, "ContactNotLinked", "MultipleFound", "NoneFound"),
    ),
    _action(
        "UpdateCase",
        "Cases",
        API + "updatecase.html",
        errors=("ContactNotLinked", NO_MATCHING_ERROR),
    ),
    _action(
        "InvokeFlowModule",
        "Invoke module",
        API + "flow-language-actions-invoke-flow-module.html",
        errors=_NME,
        parameters=(ParameterSpec("FlowModuleId", resource="arn_or_id"),),
        flow_types=INBOUND,
    ),
    _action(
        "ConnectParticipantWithLexBot",
        "Get customer input (Lex)",
        API + "participant-actions-connectparticipantwithlexbot.html",
        errors=(NO_MATCHING_CONDITION, NO_MATCHING_ERROR, "InputTimeLimitExceeded"),
        conditions=ConditionSpec(operators=_EQUALS),
        parameters=(
            *_prompt(),
            ParameterSpec("LexV2Bot", shape="map"),
            ParameterSpec("LexV2Bot.AliasArn", resource="arn"),
            ParameterSpec("LexBot", shape="map"),
            ParameterSpec("LexSessionAttributes", shape="map"),
        ),
        at_most_one=(PROMPT_PARAMETERS,),
        exactly_one=(("LexV2Bot", "LexBot"),),
        flow_types=INBOUND | TRANSFER | QUEUE,
        notes=(
            "Conditions (Equals only), errors and restrictions from the 2023 copy; the current "
            "page's syntax example adds InputTimeLimitExceeded.",
            "The block is Get customer input, as for GetParticipantInput; '(Lex)' tells them "
            "apart in pictures and transcripts.",
        ),
    ),
    _action(
        "TransferParticipantToThirdParty",
        "Transfer to phone number",
        ADMIN + "participant-actions-transferparticipanttothirdparty.html",
        errors=_NME,
        conditional_errors=(
            ErrorSpec("ConnectionTimeLimitExceeded", when=(_CONTINUES,)),
            ErrorSpec("CallFailed", when=(_CONTINUES,)),
        ),
        parameters=(
            ParameterSpec("ThirdPartyPhoneNumber"),
            ParameterSpec(
                "ThirdPartyConnectionTimeLimitSeconds",
                form="static_or_reference",
                integers=(IntegerRange(0, 600),),
            ),
            ParameterSpec("ContinueFlowExecution", form="static", values=("True", "False")),
            ParameterSpec("ThirdPartyDTMFDigits", form="static_or_reference"),
        ),
        flow_types=INBOUND | TRANSFER | QUEUE,
        channels=(VOICE,),
        notes=("From the 2023 copy (the current page's sections were not available).",),
    ),
    _action(
        "MessageParticipantIteratively",
        "Loop prompts",
        ADMIN + "participant-actions-messageparticipantiteratively.html",
        errors=_NME,
        conditions=ConditionSpec(values=(MESSAGES_INTERRUPTED,), others=False, operators=_EQUALS),
        parameters=(ParameterSpec("Messages", shape="list"),),
        flow_types=frozenset({CUSTOMER_QUEUE, CUSTOMER_HOLD, AGENT_HOLD}),
    ),
    _action(
        "CheckMetricData",
        "Check queue status / Check staffing",
        API + "flow-control-actions-checkmetricdata.html",
        errors=(NO_MATCHING_ERROR, NO_MATCHING_CONDITION),
        conditions=(
            ConditionSpec(
                operators=("NumberGreaterThan",),
                operand_pattern="0",
                operand_text='"0" (the only condition for an agent count is NumberGreaterThan 0)',
                when=When("MetricType", AGENT_METRIC_TYPES),
            ),
            ConditionSpec(),
        ),
        parameters=(
            ParameterSpec("MetricType", form="static", values=METRIC_TYPES),
            ParameterSpec("QueueId", resource="arn_or_id"),
            ParameterSpec("AgentId", resource="arn_or_id"),
        ),
        at_most_one=(("QueueId", "AgentId"),),
        flow_types=INBOUND | QUEUE | TRANSFER,
        notes=(
            "Flow types from the block pages (adminguide/check-staffing.html, "
            "check-queue-status.html): inbound, customer queue, transfer to agent and transfer "
            "to queue flows; not whisper or hold flows.",
            "For the NumberOfAgents* metric types 'the only supported condition is "
            "NumberGreaterThan 0'; both corpus uses (NumberOfAgentsOnline) write exactly that.",
            "NoMatchingCondition: the page says 'only supported if the MetricType is "
            "OldestContactInQueue...' or NumberOfContactsInQueue; both corpus uses "
            "(NumberOfAgentsOnline) declare it. Decision: allowed for every MetricType.",
            "QueueId and AgentId exclude each other.",
        ),
    ),
    _action(
        "GetMetricData",
        "Get queue metrics",
        API + "flow-control-actions-getmetricdata.html",
        errors=_NME,
        parameters=(
            ParameterSpec("QueueId", resource="arn_or_id"),
            ParameterSpec("AgentId", resource="arn_or_id"),
        ),
        at_most_one=(("QueueId", "AgentId"),),
        notes=("QueueId and AgentId exclude each other.",),
    ),
    _action(
        "DistributeByPercentage",
        "Distribute by percentage",
        API + "flow-control-actions-distributebypercentage.html",
        errors=(NO_MATCHING_CONDITION,),
        conditions=ConditionSpec(
            operators=("NumberLessThan",),
            operand_pattern=r"100|[1-9][0-9]?",
            operand_text="a whole number from 1 to 100 (the draw is 1 to 100)",
        ),
        flow_types=INBOUND | TRANSFER | QUEUE | {OUTBOUND_WHISPER},
        notes=(
            "The draw is 'a random number between 1 and 100 (inclusive)'; conditions are 'a "
            "chain of NumericLessThan comparisons', 'no Comparison comparing a value larger "
            "than 100'. NumericLessThan is not one of the eight operators: Connect writes "
            "NumberLessThan, which is what is required.",
            "Flow types: the API page names inbound, transfer and customer queue flows; the "
            "block page (adminguide/distribute-by-percentage.html) adds outbound whisper flows. "
            "Decision: all of them.",
        ),
    ),
    _action(
        "CheckVoiceId",
        "Check Voice ID",
        ADMIN + "flow-control-actions-checkvoiceid.html",
        errors=_NME,
        conditions=ConditionSpec(
            values=tuple(
                dict.fromkeys(result for results in VOICE_ID_RESULTS.values() for result in results)
            )
        ),
        parameters=(ParameterSpec("CheckVoiceIdOption", values=tuple(VOICE_ID_RESULTS)),),
        flow_types=_ALL_BUT_HOLD,
        channels=(VOICE,),
        notes=(
            "Parameter and results from the action page (VOICE_ID_RESULTS); its Errors section "
            "not seen: NoMatchingError from the 2023 copy.",
            "Other operands stay allowed: the page names the results in words ('Not enrolled') "
            "and the corpus shows only those of voiceAuthentication, so the spelling of the "
            "others is not confirmed by an export.",
            "Flow types and channel from the block page (adminguide/check-voice-id.html, read in "
            "its zh_cn copy): every flow but hold flows; chat, task and email take the Error "
            "branch.",
        ),
    ),
    _action(
        "StartVoiceIdStream",
        "Set Voice ID",
        ADMIN + "flow-control-actions-startvoiceidstream.html",
        errors=_NME,
        flow_types=_ALL_BUT_HOLD,
        channels=(VOICE,),
    ),
    _action(
        "GetCustomerProfile",
        "Customer profiles",
        API + "interactions-getcustomerprofile.html",
        errors=("MultipleFoundError", "NoneFoundError", NO_MATCHING_ERROR),
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "Errors and 'Conditions are not supported' from the 2023 copy of the page; the "
            "block page (adminguide/customer-profiles-block.html) names the same branches "
            "(Success, Error, Multiple found, Not found), all channels and all flow types. The "
            "profile's fields are read as $.Customer.<field>, its id as $.Customer.ProfileId.",
        ),
    ),
    _action(
        "CreateCustomerProfile",
        "Customer profiles",
        DEV + "interactions-createcustomerprofile.html",
        errors=_NME,
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "Errors and 'Conditions are not supported' from the 2023 copy of the page (the "
            "current one's sections were not readable); the new profile's id is read as "
            "$.Customer.ProfileId.",
        ),
    ),
    _action(
        "UpdateCustomerProfile",
        "Customer profiles",
        DEV + "interactions-updatecustomerprofile.html",
        errors=_NME,
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "Errors and 'Conditions are not supported' from the 2023 copy of the page (the "
            "current one's sections were not readable).",
        ),
    ),
    _action(
        "AssociateContactToCustomerProfile",
        "Customer profiles",
        DEV + "interactions-associatecontacttocustomerprofile.html",
        errors=_NME,
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "'Conditions are not supported'; NoMatchingError as the draft console export in "
            "../shared/flows-drafts declares it.",
        ),
    ),
    _action(
        "GetCustomerProfileObject",
        "Customer profiles",
        DEV + "interactions-getcustomerprofileobject.html",
        errors=(NO_MATCHING_ERROR, "NoneFoundError", "MultipleFoundError"),
        conditions=ConditionSpec(),
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "Parameters from the page (ProfileId and ObjectType; UseLatest, or IdentifierName "
            "and IdentifierValue); the object's id is read as $.Customer.Asset.AssetId, "
            "$.Customer.Order.OrderId or $.Customer.Case.CaseId. Its Errors section was not "
            "readable: NoneFoundError as the console writes it (the draft export in "
            "../shared/flows-drafts), MultipleFoundError as the block page names the Get "
            "actions' branches. Conditions not checked.",
        ),
    ),
    _action(
        "GetCalculatedAttributesForCustomerProfile",
        "Customer profiles",
        DEV + "interactions-getcalculatedattributesforcustomerprofile.html",
        errors=(NO_MATCHING_ERROR, "NoneFoundError"),
        parameters=_PROFILE_PARAMETERS,
        notes=(
            "'Conditions are not supported'; NoneFoundError documented (and written by the "
            "console in the draft export of ../shared/flows-drafts). The attributes are read "
            "as $.Customer.CalculatedAttributes.<name>.",
        ),
    ),
    _action(
        "ResumeContact",
        "Resume contact",
        API + "contact-actions-updatecontactresumecontact.html",
        errors=_NME,
    ),
    _action(
        "TagContact",
        "Contact tags",
        DEV + "contact-actions-tagcontact.html",
        errors=_NME,
        parameters=(ParameterSpec("Tags", shape="map"),),
        notes=(
            "The page's sections were not readable in the stored copy (its own URL is given): "
            "NoMatchingError and the Tags map as the draft console export writes them; no "
            "conditions (none in any export), which is not checked.",
        ),
    ),
    _action(
        "UnTagContact",
        "Contact tags",
        DEV + "contact-actions-untagcontact.html",
        errors=_NME,
        parameters=(ParameterSpec("TagKeys", shape="list", form="static"),),
    ),
    _action(
        "StartOutboundChatContact",
        "Send message",
        API + "contact-actions-startoutboundchatcontact.html",
        errors=(NO_MATCHING_ERROR, TEMPLATE_RENDERING_ERROR),
        parameters=(ParameterSpec("ContactFlowArn", resource="arn"),),
        notes=(
            "The page lists NoMatchingError; the console writes a TemplateRenderingError branch "
            "too (the draft export of ../shared/flows-drafts, a message from a template). The "
            "export decides: both allowed.",
        ),
    ),
    _action(
        "CompleteOutboundCall",
        "Call phone number",
        "https://docs.aws.amazon.com/ko_kr/connect/latest/adminguide/"
        "contact-actions-completeoutboundcall.html",
        parameters=(ParameterSpec("ConnectionTimeLimitSeconds", integers=(IntegerRange(1, 600),)),),
        flow_types=frozenset({OUTBOUND_WHISPER}),
        channels=(VOICE,),
        notes=(
            "'Errors: None.' (the Korean copy of the page; the English one not obtained).",
            "Flow types: outbound whisper flows only (the block page, "
            "adminguide/call-phone-number.html).",
        ),
    ),
    _action(
        "CreateWisdomSession",
        "Amazon Q in Connect",
        API + "createwisdomsession.html",
        errors=_NME,
        channels=(VOICE,),
    ),
    _action(
        "DequeueContactAndTransferToQueue",
        "Transfer to queue (customer queue flow)",
        API + "contact-actions-dequeuecontactandtransfertoqueue.html",
        errors=("QueueAtCapacity", NO_MATCHING_ERROR),
        parameters=(
            ParameterSpec("QueueId", resource="arn_or_id"),
            ParameterSpec("AgentId", resource="arn_or_id"),
        ),
        at_most_one=(("QueueId", "AgentId"),),
        flow_types=QUEUE,
    ),
    _action(
        "TransferContactToAgent",
        "Transfer to agent",
        API + "contact-actions-transfercontacttoagent.html",
        flow_types=TRANSFER,
        channels=(VOICE,),
        notes=("'No parameters are expected.' and 'Errors: None.'",),
    ),
    _action(
        "CheckOutboundCallStatus",
        "Check call progress",
        ADMIN + "flow-control-actions-checkoutboundcallstatus.html",
        errors=_NME,
        conditions=ConditionSpec(values=OUTBOUND_CALL_RESULTS, others=False, operators=_EQUALS),
        flow_types=INBOUND,
        channels=(VOICE,),
        notes=(
            "'Conditions are supported, but only the Equals operator'; CallAnswered, "
            "VoicemailBeep, VoicemailNoBeep and NotDetected 'are the only supported operands'; "
            "NoMatchingError 'if no condition matches'.",
            "'This action works with Amazon Connect outbound campaigns only': the flows a "
            "campaign's contacts run, inbound (contact) flows and campaign flows. The block page "
            "(adminguide/check-call-progress.html) says 'All flow types' and sends chat, task "
            "and email to the Error branch; the only export using it is the unpublishable draft "
            "of ../shared/flows-drafts (an agent hold flow), which decides nothing.",
        ),
    ),
    _action(
        "CheckSegmentMembershipForCustomerProfile",
        "Customer profiles",
        ADMIN + "customer-profiles-block.html",
        errors=_NME,
        conditions=ConditionSpec(operators=_EQUALS),
        parameters=_PROFILE_PARAMETERS,
        documented=False,
        notes=(
            "No action page in the reference's lists (the Customer profiles block page, all "
            "channels and all flow types, is given). The console writes it with ProfileId and "
            "SegmentName in ProfileRequestData, Equals conditions on True and False and a "
            "NoMatchingError branch (the draft export of ../shared/flows-drafts): the export "
            "decides; operands are not checked.",
        ),
    ),
    _action(
        "CreatePersistentContactAssociation",
        "Create persistent contact association",
        ADMIN + "create-persistent-contact-association-block.html",
        errors=_NME,
        parameters=(ParameterSpec("RehydrationType"), ParameterSpec("SourceContactId")),
        channels=(CHAT,),
        documented=False,
        notes=(
            "No action page; the block page lists every flow type but campaign flows (granted "
            "as inbound flows are) and routes voice and task contacts to the Error branch. "
            "RehydrationType and SourceContactId as CreatePersistentContactAssociation "
            "(API_CreatePersistentContactAssociation.html) takes them; the console writes "
            "'From Segment' and a NoMatchingError branch (the draft export of "
            "../shared/flows-drafts).",
        ),
    ),
    _action(
        "CreateContact",
        "Send message (create contact)",
        API + "API_CreateContact.html",
        errors=_NME,
        parameters=(ParameterSpec("Channel"), ParameterSpec("RelatedContact")),
        documented=False,
        notes=(
            "No action page in the reference's lists; the console writes it in the Send message "
            "block, before StartOutboundEmailContact, with Channel EMAIL and RelatedContact "
            "CURRENT and a NoMatchingError branch (the draft export of ../shared/flows-drafts). "
            "The CreateContact API it stands for returns the new contact's ContactId.",
        ),
    ),
    _action(
        "RenderMessageTemplate",
        "Send message (render template)",
        "https://docs.aws.amazon.com/amazon-q-connect/latest/APIReference/"
        "API_RenderMessageTemplate.html",
        errors=(NO_MATCHING_ERROR, TEMPLATE_RENDERING_ERROR),
        parameters=(
            ParameterSpec("WisdomMessageTemplateArn", resource="arn"),
            ParameterSpec("WisdomKnowledgeBaseArn", resource="arn"),
        ),
        documented=False,
        notes=(
            "No action page in the reference's lists; the console writes it in the Send message "
            "block with a message template and its knowledge base (Amazon Q in Connect's "
            "RenderMessageTemplate API), and NoMatchingError and TemplateRenderingError branches "
            "(the draft export of ../shared/flows-drafts).",
        ),
    ),
    _action(
        "StartOutboundEmailContact",
        "Send message (email)",
        API + "API_StartOutboundEmailContact.html",
        errors=(NO_MATCHING_ERROR, TEMPLATE_RENDERING_ERROR),
        parameters=(
            ParameterSpec("FromEmailAddress", shape="map"),
            ParameterSpec("DestinationEmailAddress", shape="map"),
            ParameterSpec("EmailMessage", shape="map"),
        ),
        documented=False,
        notes=(
            "No action page in the reference's lists; parameters as the StartOutboundEmailContact "
            "API names them (FromEmailAddress, DestinationEmailAddress, EmailMessage) and the "
            "console writes them, with NoMatchingError and TemplateRenderingError branches (the "
            "draft export of ../shared/flows-drafts).",
        ),
    ),
)

ACTION_TABLE: dict[str, ActionSpec] = {spec.type: spec for spec in MODELLED + OTHERS}

# The action lists of the flow-language reference: each section's table of contents (the
# Developer Guide's, read in December 2026; the Administrator Guide keeps
# TransferParticipantToThirdParty's page, which the current participant list no longer names).
# Every type here has an entry in the table and a handler in the simulator (a test keeps it so).
REFERENCE_ACTION_LISTS: dict[str, tuple[str, ...]] = {
    DEV + "participant-actions.html": (
        "ConnectParticipantWithLexBot",
        "DisconnectParticipant",
        "GetParticipantInput",
        "MessageParticipant",
        "MessageParticipantIteratively",
        "ShowView",
    ),
    ADMIN + "participant-actions-transferparticipanttothirdparty.html": (
        "TransferParticipantToThirdParty",
    ),
    DEV + "contact-actions.html": (
        "CompleteOutboundCall",
        "CreateCase",
        "CreateTask",
        "CreateWisdomSession",
        "DequeueContactAndTransferToQueue",
        "EndFlowModuleExecution",
        "GetCase",
        "InvokeFlowModule",
        "StartOutboundChatContact",
        "TagContact",
        "TransferContactToAgent",
        "TransferContactToQueue",
        "UnTagContact",
        "UpdateCase",
        "UpdateContactAttributes",
        "UpdateContactCallbackNumber",
        "UpdateContactData",
        "UpdateContactEventHooks",
        "UpdateContactMediaProcessing",
        "UpdateContactMediaStreamingBehavior",
        "UpdateContactRecordingAndAnalyticsBehavior",
        "UpdateContactRecordingBehavior",
        "ResumeContact",
        "UpdateContactRoutingBehavior",
        "UpdateContactTargetQueue",
        "UpdateContactTextToSpeechVoice",
        "UpdatePreviousContactParticipantState",
    ),
    DEV + "flow-control-actions.html": (
        "CheckHoursOfOperation",
        "CheckMetricData",
        "CheckOutboundCallStatus",
        "CheckVoiceId",
        "Compare",
        "DistributeByPercentage",
        "EndFlowExecution",
        "GetMetricData",
        "Loop",
        "StartVoiceIdStream",
        "TransferToFlow",
        "UpdateFlowAttributes",
        "UpdateFlowLoggingBehavior",
        "UpdateRoutingCriteria",
        "Wait",
    ),
    DEV + "interactions.html": (
        "AssociateContactToCustomerProfile",
        "CreateCallbackContact",
        "CreateCustomerProfile",
        "InvokeLambdaFunction",
        "GetCustomerProfile",
        "GetCustomerProfileObject",
        "GetCalculatedAttributesForCustomerProfile",
        "UpdateCustomerProfile",
    ),
}
