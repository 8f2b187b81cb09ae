"""The simulated contact: what it starts with, what the caller does, and its state while it runs.

:class:`ContactSetup` is the contact as it arrives (number, channel, attributes), :class:`Script`
is everything the caller and the contact center do that a flow cannot decide (digits pressed, a
full queue, closed hours, a bot's intent, a block that fails), and :class:`ContactState` is what
the blocks read and change: the namespaces that `$.` references read from.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.simulator.references import MISSING
from flows.simulator.scripting import (
    ANY,
    TIMEOUT_INPUT,
    HoursOutcome,
    QueueOutcome,
    Scripted,
    ScriptedOutcomes,
)

CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")
DEFAULT_VOICE = "Joanna"
DEFAULT_LANGUAGE = "en-US"
DEFAULT_PHONE = "+14155550100"  # the caller's number when none is given
__all__ = [
    "CHANNELS",
    "DEFAULT_PHONE",
    "READABLE_NAMESPACES",
    "TIMEOUT_INPUT",
    "ContactSetup",
    "ContactState",
    "Script",
]


@dataclass(frozen=True)
class ContactSetup:
    """The contact as it reaches the flow.

    ``parameters`` are extra Lambda invocation parameters sent with every function call (they
    override the block's own value of the same key), e.g. ``{"responseFormat": "JSON"}``.
    ``queue_names`` names queues by ARN (or id) for the transcript.
    """

    phone: str | None = DEFAULT_PHONE
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
    ``outcomes``: (key, outcome) pairs each used once, oldest first, and ``standing``: pairs that
    hold for every use (see :mod:`flows.simulator.scripting`). ``metrics``: real-time metric
    values by name (``NumberOfAgentsOnline`` or a ``$.Metrics`` path such as ``Queue.Size``).
    A script is data: every run starts from it afresh.
    """

    inputs: Sequence[str] = ()
    queues_at_capacity: frozenset[str] = frozenset()
    hours_open: bool = True
    failures: Mapping[str, str] = field(default_factory=dict)
    outcomes: Sequence[tuple[str, Scripted]] = ()
    standing: Sequence[tuple[str, Scripted]] = ()
    metrics: Mapping[str, str] = field(default_factory=dict)

    def scripted_outcomes(self) -> ScriptedOutcomes:
        """A fresh, consumable set of this script's outcomes for one run."""
        standing: list[tuple[str, Scripted]] = list(self.standing)
        standing.extend((q, QueueOutcome(error="QueueAtCapacity")) for q in self.queues_at_capacity)
        if not self.hours_open:
            standing.append((ANY, HoursOutcome(in_hours=False)))
        return ScriptedOutcomes(self.outcomes, standing)


class ContactState:
    """The contact while it runs through the flow; `$.` references read from it.

    Besides attributes and the Lambda answer (``$.External``), it holds what other blocks load
    or set: contact properties (``$.Name``, ``$.Description``, ``$.References``,
    ``$.LanguageCode``, ``$.CustomerId``), a bot's answer (``$.Lex``), queue metrics
    (``$.Metrics``), a customer profile (``$.Customer``), a case (``$.Case``), a view's result
    (``$.Views``), an Amazon Q in Connect session (``$.Wisdom``), a created task (``$.Task``) and
    the contact's tags (``$.Tags``).
    """

    __slots__ = (
        "attributes",
        "callback_number",
        "case",
        "channel",
        "contact_data",
        "contact_id",
        "customer",
        "customer_endpoint",
        "customer_id",
        "description",
        "external",
        "flow_attributes",
        "initiation_method",
        "instance_arn",
        "language",
        "lex",
        "logging",
        "loop_counts",
        "metrics",
        "name",
        "queue_arn",
        "queue_name",
        "references",
        "related_attributes",
        "setup",
        "stored_input",
        "system_endpoint",
        "tags",
        "task",
        "views",
        "voice",
        "wisdom",
    )

    def __init__(self, setup: ContactSetup) -> None:
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
        self.name: str | None = None
        self.description: str | None = None
        self.references: dict[str, dict[str, str]] = {}
        self.customer_id: str | None = None
        # The number a callback dials: the caller's own until Set callback number changes it.
        self.callback_number: str | None = setup.phone
        self.lex: dict[str, Any] = {}
        self.metrics: dict[str, Any] = {}
        self.customer: dict[str, Any] = {}
        self.case: dict[str, Any] = {}
        self.views: dict[str, Any] = {}
        self.wisdom: dict[str, Any] = {}
        self.task: dict[str, Any] = {}
        self.tags: dict[str, str] = {}
        # Other contact settings blocks made (Set contact data, Set Voice ID...), for the result.
        self.contact_data: dict[str, Any] = {}

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
        loaded = _LOADED_NAMESPACES.get(namespace)
        if loaded is not None:
            return loaded(self) or MISSING
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
    "Name": lambda s: s.name,
    "Description": lambda s: s.description,
    "CustomerId": lambda s: s.customer_id,
}
# Namespaces that blocks load into (empty, and so missing, until a block has loaded them).
_LOADED_NAMESPACES: dict[str, Any] = {
    "References": lambda s: s.references,
    "Lex": lambda s: s.lex,
    "Metrics": lambda s: s.metrics,
    "Customer": lambda s: s.customer,
    "Case": lambda s: s.case,
    "Views": lambda s: s.views,
    "Wisdom": lambda s: s.wisdom,
    "Task": lambda s: s.task,
    "Tags": lambda s: s.tags,
}
# Every namespace a `$.` reference can read from a simulated contact. Each must be one the flow
# language knows (flows.language.facts.REFERENCE_NAMESPACES), so that the validator and the
# simulator agree on what a reference may name.
READABLE_NAMESPACES = frozenset(
    {"Attributes", "External", "FlowAttributes", *_SYSTEM_NAMESPACES, *_LOADED_NAMESPACES}
)
