"""Check a contact flow before it reaches Amazon Connect.

The validator reads the plain flow-language object (the ``dict`` in
:attr:`flows.model.document.FlowDocument.content`), not the typed model: it has to judge input that
a typed model could not even hold (a missing Identifier, a condition without an Operator). Facts
about the language come from :mod:`flows.language.facts` and, per action type, from the action table
(:mod:`flows.language.action_table`): the rules below are driven by the table, so a fact corrected
there is enforced everywhere. CDK tokens (``${Token[...]}``) are accepted wherever a value may be
known only at deployment.

The rules are grouped by what they look at, one module each: :mod:`.structure` (the flow object,
identifiers, types, size), :mod:`.transitions` (branches, error types, conditions,
reachability), :mod:`.parameters` (required, forms, enumerations, ranges, resources, prompt
text), :mod:`.references` (`$.` paths, `$.External` data flow) and :mod:`.flow_types` (the flow
type a flow is checked as, and the actions that type allows). :mod:`.run` applies them in order.

A flow is checked as a ContactFlowType: the one its file declares (a DescribeContactFlow
wrapper's ``Type``, a console export's ``Metadata.type``), else the one the caller names
(``python -m flows validate --flow-type TYPE``, the CDK app's deployed type), else the one its
blocks allow (:mod:`flows.language.flow_kind`: the only type that allows them all, else the least
restrictive of those that do, CONTACT_FLOW when it is one of them).
A flow module (top-level ``Settings``) is checked as the inbound flow that invokes it, with the
module-only actions allowed (see :mod:`flows.language.flow_types`).

Every finding has a short, stable code. Errors are what Amazon Connect rejects or what cannot run
as written; warnings are what may well be intended but deserves a look.

Flow-level findings (identifier ``-``):

=========================  ========  ==========================================================
code                       severity  meaning
=========================  ========  ==========================================================
FILE_UNREADABLE            error     the file cannot be read, or is not UTF-8 text
NOT_A_FLOW                 error     not JSON (truncated?), or not a flow object (wrappers too)
LEGACY_FORMAT              error     the pre-2019 format (``modules``, ``version: "1"``)
BAD_VERSION                error     ``Version`` is missing or not "2019-10-30"
MISSING_START_ACTION       error     no ``StartAction``
UNKNOWN_START_ACTION       error     ``StartAction`` names no action of the flow
BAD_ACTIONS                error     ``Actions`` missing, not a list, or empty
TOO_MANY_ACTIONS           error     more than 250 actions
CONTENT_TOO_LONG           error     the flow's JSON text is over 256,000 characters; the
                                     message names the largest actions by Identifier
FLOW_TYPE_MISMATCH         error     the caller's flow type differs from the one the file
                                     declares (the file's is used)
UNKNOWN_FLOW_TYPE          warning   the file declares a type that is no ContactFlowType
FLOW_TYPE_INFERRED         warning   the file declares no type and its blocks decide one other
                                     than CONTACT_FLOW (the only type that allows them all, or
                                     the least restrictive of several); says which and why
FLOW_TYPE_CONFLICT         error     the file declares no type and no flow type allows all its
                                     blocks; names the blocks that cannot share a flow
=========================  ========  ==========================================================

Action findings (identifier = the action's Identifier, or ``Actions[i]`` when it has none):

=========================  ========  ==========================================================
code                       severity  meaning
=========================  ========  ==========================================================
BAD_ACTION                 error     not an object; Identifier or Type missing or not a string;
                                     Parameters not an object
DUPLICATE_IDENTIFIER       error     two actions share an Identifier
IDENTIFIER_TOO_LONG        error     Identifier over 50 characters
IDENTIFIER_FORBIDDEN_CHAR  error     Identifier holds one of ``% : ( \\ / ) = $ , ; [ ] { }``
IDENTIFIER_RESERVED        error     Identifier is a reserved name (``constructor``, ...)
LEGACY_TYPE                error     a block name or pre-2019 type used as Type; the message
                                     names the type to use
UNKNOWN_TYPE               error     a Type the flow language does not have (Connect rejects
                                     the flow); "did you mean ...?" names a close known type
NOT_AVAILABLE_IN_FLOW_TYPE error     the action is not available in the flow's type (a prompt
                                     in a hold flow; a module-only action in a flow)
BAD_TRANSITIONS            error     Transitions missing or not an object; NextAction not a
                                     string; Errors / Conditions not lists of objects
UNKNOWN_TARGET             error     a NextAction (plain, error or condition) names no action
DEAD_END                   error     a non-terminal action with no way on (no NextAction, no
                                     condition, no error branch)
TERMINAL_WITH_TRANSITIONS  error     DisconnectParticipant, EndFlowExecution or
                                     EndFlowModuleExecution with transitions (must be ``{}``)
MISSING_PARAMETER          error     a required parameter is absent (LambdaFunctionARN,
                                     ComparisonValue, QueueId or AgentId, a prompt,
                                     InputValidation with StoreInput "True", ...)
CONFLICTING_PARAMETERS     error     parameters that exclude each other (QueueId and AgentId;
                                     more than one of PromptId, Text, SSML, Media), or one
                                     written where a setting excludes it
BAD_TIMEOUT                error     InvocationTimeLimitSeconds not a static integer 1..8
                                     (1..60 with InvocationType ASYNCHRONOUS)
BAD_RESPONSE_TYPE          error     ResponseValidation.ResponseType not STRING_MAP or JSON
BAD_COMPARISON_VALUE       error     Compare's ComparisonValue not a single JSONPath
BAD_PARAMETER              error     another value out of its enumeration or range
                                     (FlowLoggingBehavior, TargetContact, StoreInput,
                                     TextToSpeechEngine "Standard", "Neural" or "Generative",
                                     LoopCount 0..100, ...) or of the wrong shape (a map
                                     parameter that is not a map)
DYNAMIC_VALUE              error     a `$.` reference in a parameter the reference requires to
                                     be static ("Must be set statically", "Dynamic values are
                                     not supported")
BAD_PARAMETER_FORM         error     text around a reference where the parameter takes a static
                                     value or a single JSONPath; a static value where it takes
                                     only a reference
MISSING_ERROR_BRANCH       error     a required error type is not handled (InvokeLambdaFunction,
                                     GetParticipantInput: NoMatchingError; Compare:
                                     NoMatchingCondition)
UNSUPPORTED_ERROR_TYPE     error     an ErrorType the action does not raise: any on an action
                                     whose page says "Errors: None." (Set logging, recording,
                                     routing behavior, Loop, ...), or one it raises only under
                                     another setting (StoreInput)
DUPLICATE_ERROR_TYPE       warning   the same ErrorType handled twice (only one branch is used)
CONDITIONS_NOT_SUPPORTED   error     conditions on a type (or setting) that takes none
                                     (InvokeLambdaFunction; GetParticipantInput with
                                     StoreInput "True"); an empty list is accepted
BAD_CONDITION              error     a condition without a ``Condition`` object, Operator or
                                     Operands
UNKNOWN_OPERATOR           error     an Operator outside the eight of the language
UNSUPPORTED_OPERATOR       error     an operator the action does not take (only Equals for
                                     Get customer input, Loop, Check hours of operation, ...)
BAD_OPERANDS               error     Operands not a list of exactly one string
BAD_CONDITION_VALUE        error     an operand the action never returns (Loop:
                                     ContinueLooping, DoneLooping; CheckHoursOfOperation: True,
                                     False) or of the wrong form (a digit, * or # for Get
                                     customer input)
MISSING_CONDITION          error     a result the action must branch on has no condition
                                     (Loop: both; CheckHoursOfOperation: True and False)
CURLY_APOSTROPHE           warning   a curly apostrophe in prompt text (Text, SSML), in flows
                                     and modules alike: one third party reports Connect
                                     refusing it, real console exports hold it
TYPOGRAPHIC_QUOTE          warning   curly double quotes in prompt text
UNREACHABLE                warning   no path from StartAction reaches the action
UNKNOWN_NAMESPACE          warning   a ``$.`` reference to a namespace the language lacks
MALFORMED_REFERENCE        warning   a ``$.`` reference that is not a well-formed path
REPEATED_NAMESPACE         warning   a reference that repeats its namespace
                                     (``$.Attributes.$.Attributes.x``)
EXTERNAL_BEFORE_LAMBDA     warning   ``$.External`` read where, on some path from the start, no
                                     InvokeLambdaFunction has succeeded (a warning: modules and
                                     flows entered by TransferToFlow may be given one)
DEPLOY_PLACEHOLDER         warning   an ARN parameter holds a placeholder (``<<ARN>>``,
                                     ``{{lambdaFunctions.x.arn}}``, ``%QueueArn%``,
                                     ``REPLACE_WITH_...``): replace it before deployment
NOT_AN_ARN                 warning   an ARN parameter that is neither an ARN, a ``$.``
                                     reference, a CDK token nor a placeholder; bare resource
                                     ids (UUIDs) are accepted where the language takes
                                     "an ID or ARN" (queues, flows, prompts, agents, hours,
                                     modules), not for LambdaFunctionARN
=========================  ========  ==========================================================
"""

from __future__ import annotations

from flows.validator.findings import FLOW, Finding, Severity, has_errors
from flows.validator.run import validate_content, validate_document, validate_path

__all__ = [
    "FLOW",
    "Finding",
    "Severity",
    "has_errors",
    "validate_content",
    "validate_document",
    "validate_path",
]
