"""Parameters of each action type, one class per type, named as the flow language names it.

Field names are the language's parameter names in snake_case (``LambdaFunctionARN`` ->
``lambda_function_arn``); numbers are ``int`` and booleans ``bool`` in Python and strings in
the JSON, as console exports write them. ``None`` means "not written". Any value may also be a
string holding a reference (``$.Attributes.queueArn``) or a CDK token, which is kept unchanged.

Parameters the model does not know, and known ones whose value has an unexpected shape, stay in
``extra`` verbatim, so that a parsed flow is written back exactly as it was read. Types without a
class here are carried through as :class:`RawParameters`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self

from flows.model.codecs import (
    BOOLEAN,
    NO_FIT,
    NUMBER,
    OBJECT,
    STRING_MAP,
    TEXT,
    Codec,
    WrappedStringCodec,
    in_key_order,
)


def _json(key: str, codec: Codec = TEXT) -> dict[str, Any]:
    """Field metadata of a parameter: written under ``key`` in the JSON, through ``codec``."""
    return {"key": key, "codec": codec}


@dataclass(kw_only=True)
class Parameters:
    """Base of the per-type parameter classes; ``ACTION_TYPE`` is the flow language's Type."""

    ACTION_TYPE: ClassVar[str] = ""

    extra: dict[str, Any] = field(default_factory=dict)
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def action_type(self) -> str:
        return self.ACTION_TYPE

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Self:
        by_key = {f.metadata["key"]: f for f in fields(cls) if "key" in f.metadata}
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            spec = by_key.get(key)
            decoded = NO_FIT if spec is None else spec.metadata["codec"].decode(value)
            if decoded is NO_FIT:
                extra[key] = copy.deepcopy(value)
            else:
                values[spec.name] = decoded  # type: ignore[union-attr]
        return cls(**values, extra=extra, key_order=tuple(raw))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if "key" in spec.metadata and value is not None:
                out[spec.metadata["key"]] = spec.metadata["codec"].encode(value)
        out.update(copy.deepcopy(self.extra))
        return in_key_order(out, self.key_order)


@dataclass(kw_only=True)
class RawParameters(Parameters):
    """Parameters of a type the model has no class for: all kept verbatim in ``extra``."""

    type: str

    @property
    def action_type(self) -> str:
        return self.type

    @classmethod
    def of(cls, action_type: str, values: Mapping[str, Any] | None = None) -> RawParameters:
        return cls(type=action_type, extra=copy.deepcopy(dict(values or {})))


@dataclass(kw_only=True)
class InvokeLambdaFunction(Parameters):
    """Invoke AWS Lambda function."""

    ACTION_TYPE: ClassVar[str] = "InvokeLambdaFunction"
    lambda_function_arn: str | None = field(default=None, metadata=_json("LambdaFunctionARN"))
    invocation_time_limit_seconds: int | str | None = field(
        default=None, metadata=_json("InvocationTimeLimitSeconds", NUMBER)
    )
    lambda_invocation_attributes: dict[str, str] | None = field(
        default=None, metadata=_json("LambdaInvocationAttributes", STRING_MAP)
    )
    # Written as ResponseValidation: {"ResponseType": ...}; STRING_MAP or JSON.
    response_type: str | None = field(
        default=None, metadata=_json("ResponseValidation", WrappedStringCodec("ResponseType"))
    )
    invocation_type: str | None = field(default=None, metadata=_json("InvocationType"))


@dataclass(kw_only=True)
class UpdateContactAttributes(Parameters):
    """Set contact attributes (user-defined attributes, visible in the contact record)."""

    ACTION_TYPE: ClassVar[str] = "UpdateContactAttributes"
    attributes: dict[str, str] | None = field(
        default=None, metadata=_json("Attributes", STRING_MAP)
    )
    target_contact: str | None = field(default=None, metadata=_json("TargetContact"))


@dataclass(kw_only=True)
class Compare(Parameters):
    """Check contact attributes: the conditions are in the action's Transitions."""

    ACTION_TYPE: ClassVar[str] = "Compare"
    comparison_value: str | None = field(default=None, metadata=_json("ComparisonValue"))


@dataclass(kw_only=True)
class MessageParticipant(Parameters):
    """Play prompt: exactly one of prompt_id, text, ssml, media."""

    ACTION_TYPE: ClassVar[str] = "MessageParticipant"
    prompt_id: str | None = field(default=None, metadata=_json("PromptId"))
    text: str | None = field(default=None, metadata=_json("Text"))
    ssml: str | None = field(default=None, metadata=_json("SSML"))
    media: dict[str, Any] | None = field(default=None, metadata=_json("Media", OBJECT))


@dataclass(kw_only=True)
class UpdateContactTargetQueue(Parameters):
    """Set working queue: by queue (ARN or id) or by agent."""

    ACTION_TYPE: ClassVar[str] = "UpdateContactTargetQueue"
    queue_id: str | None = field(default=None, metadata=_json("QueueId"))
    agent_id: str | None = field(default=None, metadata=_json("AgentId"))


@dataclass(kw_only=True)
class TransferContactToQueue(Parameters):
    """Transfer to queue (the working queue set before)."""

    ACTION_TYPE: ClassVar[str] = "TransferContactToQueue"


@dataclass(kw_only=True)
class DisconnectParticipant(Parameters):
    """Disconnect / hang up."""

    ACTION_TYPE: ClassVar[str] = "DisconnectParticipant"


@dataclass(kw_only=True)
class EndFlowExecution(Parameters):
    """End flow / Resume."""

    ACTION_TYPE: ClassVar[str] = "EndFlowExecution"


@dataclass(kw_only=True)
class EndFlowModuleExecution(Parameters):
    """Return (end of a flow module)."""

    ACTION_TYPE: ClassVar[str] = "EndFlowModuleExecution"


@dataclass(kw_only=True)
class UpdateFlowLoggingBehavior(Parameters):
    """Set logging behavior: "Enabled" or "Disabled"."""

    ACTION_TYPE: ClassVar[str] = "UpdateFlowLoggingBehavior"
    flow_logging_behavior: str | None = field(default=None, metadata=_json("FlowLoggingBehavior"))


@dataclass(kw_only=True)
class UpdateContactTextToSpeechVoice(Parameters):
    """Set voice: an Amazon Polly voice (e.g. Lupe), its engine (standard, neural, ...)."""

    ACTION_TYPE: ClassVar[str] = "UpdateContactTextToSpeechVoice"
    text_to_speech_engine: str | None = field(default=None, metadata=_json("TextToSpeechEngine"))
    text_to_speech_style: str | None = field(default=None, metadata=_json("TextToSpeechStyle"))
    text_to_speech_voice: str | None = field(default=None, metadata=_json("TextToSpeechVoice"))


@dataclass(kw_only=True)
class GetParticipantInput(Parameters):
    """Get customer input: a prompt, then DTMF digits (conditions) or a stored input."""

    ACTION_TYPE: ClassVar[str] = "GetParticipantInput"
    store_input: bool | str | None = field(default=None, metadata=_json("StoreInput", BOOLEAN))
    input_time_limit_seconds: int | str | None = field(
        default=None, metadata=_json("InputTimeLimitSeconds", NUMBER)
    )
    prompt_id: str | None = field(default=None, metadata=_json("PromptId"))
    text: str | None = field(default=None, metadata=_json("Text"))
    ssml: str | None = field(default=None, metadata=_json("SSML"))
    media: dict[str, Any] | None = field(default=None, metadata=_json("Media", OBJECT))
    input_validation: dict[str, Any] | None = field(
        default=None, metadata=_json("InputValidation", OBJECT)
    )
    dtmf_configuration: dict[str, Any] | None = field(
        default=None, metadata=_json("DTMFConfiguration", OBJECT)
    )
    input_encryption: dict[str, Any] | None = field(
        default=None, metadata=_json("InputEncryption", OBJECT)
    )


@dataclass(kw_only=True)
class TransferToFlow(Parameters):
    """Transfer to flow."""

    ACTION_TYPE: ClassVar[str] = "TransferToFlow"
    contact_flow_id: str | None = field(default=None, metadata=_json("ContactFlowId"))


@dataclass(kw_only=True)
class Loop(Parameters):
    """Loop: conditions Equals ContinueLooping / DoneLooping."""

    ACTION_TYPE: ClassVar[str] = "Loop"
    loop_count: int | str | None = field(default=None, metadata=_json("LoopCount", NUMBER))


@dataclass(kw_only=True)
class CheckHoursOfOperation(Parameters):
    """Check hours of operation: conditions Equals True / False."""

    ACTION_TYPE: ClassVar[str] = "CheckHoursOfOperation"
    hours_of_operation_id: str | None = field(default=None, metadata=_json("HoursOfOperationId"))


PARAMETER_CLASSES: dict[str, type[Parameters]] = {
    cls.ACTION_TYPE: cls
    for cls in (
        InvokeLambdaFunction,
        UpdateContactAttributes,
        Compare,
        MessageParticipant,
        UpdateContactTargetQueue,
        TransferContactToQueue,
        DisconnectParticipant,
        EndFlowExecution,
        EndFlowModuleExecution,
        UpdateFlowLoggingBehavior,
        UpdateContactTextToSpeechVoice,
        GetParticipantInput,
        TransferToFlow,
        Loop,
        CheckHoursOfOperation,
    )
}


def parse_parameters(action_type: str, raw: Mapping[str, Any]) -> Parameters:
    """The typed parameters of an action of ``action_type`` (raw for types without a class)."""
    cls = PARAMETER_CLASSES.get(action_type)
    if cls is None:
        return RawParameters(type=action_type, extra=copy.deepcopy(dict(raw)), key_order=tuple(raw))
    return cls.from_dict(raw)
