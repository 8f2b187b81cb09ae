"""The simulated contact: what it starts with, what the caller does, and its state while it runs.

:class:`ContactSetup` is the contact as it arrives (number, channel, attributes), :class:`Script`
is everything the caller and the contact center do that a flow cannot decide (digits pressed, a
full queue, closed hours, a block that fails), and :class:`ContactState` is what the blocks read
and change: the namespaces that `$.` references read from.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.simulator.references import MISSING

CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")
DEFAULT_VOICE = "Joanna"
DEFAULT_LANGUAGE = "en-US"
# A scripted input that stands for "the caller pressed nothing" (as does running out of inputs).
TIMEOUT_INPUT = "timeout"


@dataclass(frozen=True)
class ContactSetup:
    """The contact as it reaches the flow.

    ``parameters`` are extra Lambda invocation parameters sent with every function call (they
    override the block's own value of the same key), e.g. ``{"responseFormat": "JSON"}``.
    ``queue_names`` names queues by ARN (or id) for the transcript.
    """

    phone: str | None = "+14155550100"
    channel: str = "VOICE"
    attributes: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)
    contact_id: str | None = None
    initiation_method: str = "INBOUND"
    instance_arn: str = SANDBOX_INSTANCE_ARN
    system_phone: str = "+18005550199"
    queue_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Script:
    """What happens outside the flow's control.

    ``inputs``: one entry per Get customer input block reached, in order (digits, or
    ``"timeout"``; running out means a timeout). ``queues_at_capacity``: queue names, ARNs or ids
    that are full. ``hours_open``: the answer of every Check hours of operation block.
    ``failures``: action identifier -> error type to take instead of running the block normally
    (e.g. ``{"PlayGreeting": "NoMatchingError"}`` for a prompt that cannot be played).
    """

    inputs: Sequence[str] = ()
    queues_at_capacity: frozenset[str] = frozenset()
    hours_open: bool = True
    failures: Mapping[str, str] = field(default_factory=dict)


class ContactState:
    """The contact while it runs through the flow; `$.` references read from it."""

    __slots__ = (
        "attributes",
        "channel",
        "contact_id",
        "customer_endpoint",
        "external",
        "flow_attributes",
        "hours_open",
        "initiation_method",
        "inputs",
        "instance_arn",
        "language",
        "logging",
        "loop_counts",
        "queue_arn",
        "queue_name",
        "related_attributes",
        "setup",
        "stored_input",
        "system_endpoint",
        "voice",
    )

    def __init__(self, setup: ContactSetup, script: Script) -> None:
        self.setup = setup
        self.contact_id = setup.contact_id or str(uuid.uuid4())
        self.channel = setup.channel
        self.initiation_method = setup.initiation_method
        self.instance_arn = setup.instance_arn
        self.customer_endpoint: dict[str, str] | None = (
            None if setup.phone is None else {"Address": setup.phone, "Type": "TELEPHONE_NUMBER"}
        )
        self.system_endpoint: dict[str, str] | None = (
            {"Address": setup.system_phone, "Type": "TELEPHONE_NUMBER"}
            if setup.channel == "VOICE"
            else None
        )
        self.attributes: dict[str, str] = dict(setup.attributes)
        self.related_attributes: dict[str, str] = {}
        self.flow_attributes: dict[str, str] = {}
        self.external: dict[str, Any] = {}
        self.stored_input: str | None = None
        self.queue_arn: str | None = None
        self.queue_name: str | None = None
        self.voice = DEFAULT_VOICE
        self.language = DEFAULT_LANGUAGE
        self.logging = "Disabled"
        self.loop_counts: dict[str, int] = {}
        self.inputs = list(reversed(script.inputs))  # popped from the end
        self.hours_open = script.hours_open

    def next_input(self) -> str | None:
        """The caller's next scripted input, or ``None`` for a timeout."""
        if not self.inputs:
            return None
        value = self.inputs.pop().strip()
        return None if not value or value.lower() == TIMEOUT_INPUT else value

    def queue(self) -> dict[str, str] | None:
        """``$.Queue`` and the event's ``Queue``: the working queue, once one is set."""
        if self.queue_arn is None:
            return None
        return {"ARN": self.queue_arn, "Name": self.queue_name or self.queue_arn}

    def namespace_root(self, namespace: str) -> Any:
        """The object a `$.{namespace}` reference starts from (MISSING when there is none)."""
        if namespace == "Attributes":
            return self.attributes
        if namespace == "External":
            return self.external
        if namespace == "FlowAttributes":
            return self.flow_attributes
        reader = _SYSTEM_NAMESPACES.get(namespace)
        if reader is None:
            return MISSING
        value = reader(self)
        return MISSING if value is None else value


def _region(state: ContactState) -> str | None:
    parts = state.instance_arn.split(":")
    return parts[3] if len(parts) > 3 and parts[3] else None


_SYSTEM_NAMESPACES: dict[str, Any] = {
    "CustomerEndpoint": lambda s: s.customer_endpoint,
    "SystemEndpoint": lambda s: s.system_endpoint,
    "Channel": lambda s: s.channel,
    "ContactId": lambda s: s.contact_id,
    "InitialContactId": lambda s: s.contact_id,
    "PreviousContactId": lambda s: s.contact_id,
    "InitiationMethod": lambda s: s.initiation_method,
    "InstanceARN": lambda s: s.instance_arn,
    "AwsRegion": _region,
    "Queue": ContactState.queue,
    "StoredCustomerInput": lambda s: s.stored_input,
    "TextToSpeechVoiceId": lambda s: s.voice,
    "LanguageCode": lambda s: s.language,
}
