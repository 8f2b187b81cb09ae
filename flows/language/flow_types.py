"""The kinds of flow Amazon Connect runs, by the names its API gives them (ContactFlowType).

A flow is created as one type (``CreateContactFlow`` ``Type``, ``AWS::Connect::ContactFlow``
``Type``), and the flow-language reference says of each action in which kinds of flow it may be
used. The pages name the kinds in words ("inbound flows", "transfer flows", "whisper flows",
"hold flows", "customer queue flows"); the groups below translate those words into the API's
names, once, for the action table.

Sources:
- the ten names: https://docs.aws.amazon.com/connect/latest/APIReference/API_ContactFlowTypeCondition.html
  ("Valid Values: CONTACT_FLOW | CUSTOMER_QUEUE | CUSTOMER_HOLD | CUSTOMER_WHISPER | AGENT_HOLD |
  AGENT_WHISPER | OUTBOUND_WHISPER | AGENT_TRANSFER | QUEUE_TRANSFER | CAMPAIGN");
- which kind runs when: https://docs.aws.amazon.com/connect/latest/adminguide/contact-initiation-methods.html
  (an inbound flow, then a customer queue flow, agent and customer whisper flows, ...).
- console exports name their own kind in ``Metadata.type`` in camelCase: ``contactFlow``,
  ``customerQueue`` and ``queueTransfer`` occur in ../shared/flows-corpus; the other seven
  spellings follow the same rule (the API name in camelCase).

Campaign flows (CAMPAIGN) are newer than the action pages, which never name them. Decision: a
campaign flow is granted what an inbound flow is granted, so that the validator does not reject
what no page forbids (the flow we deploy is a CONTACT_FLOW; nothing here is built for CAMPAIGN).

Flow modules (a top-level ``Settings`` object, created with CreateContactFlowModule) have no
ContactFlowType. A module runs inside the flow that invokes it, and InvokeFlowModule is available
only in inbound flows (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions-invoke-flow-module.html),
so the validator checks a module's actions as those of a CONTACT_FLOW, and allows the actions
that exist only in modules (EndFlowModuleExecution). ``FLOW_MODULE`` names that kind.
"""

from __future__ import annotations

CONTACT_FLOW = "CONTACT_FLOW"
CUSTOMER_QUEUE = "CUSTOMER_QUEUE"
CUSTOMER_HOLD = "CUSTOMER_HOLD"
CUSTOMER_WHISPER = "CUSTOMER_WHISPER"
AGENT_HOLD = "AGENT_HOLD"
AGENT_WHISPER = "AGENT_WHISPER"
OUTBOUND_WHISPER = "OUTBOUND_WHISPER"
AGENT_TRANSFER = "AGENT_TRANSFER"
QUEUE_TRANSFER = "QUEUE_TRANSFER"
CAMPAIGN = "CAMPAIGN"

FLOW_TYPES: tuple[str, ...] = (
    CONTACT_FLOW,
    CUSTOMER_QUEUE,
    CUSTOMER_HOLD,
    CUSTOMER_WHISPER,
    AGENT_HOLD,
    AGENT_WHISPER,
    OUTBOUND_WHISPER,
    AGENT_TRANSFER,
    QUEUE_TRANSFER,
    CAMPAIGN,
)
DEFAULT_FLOW_TYPE = CONTACT_FLOW
# Not a ContactFlowType: the kind of a flow module (see the module docstring).
FLOW_MODULE = "FLOW_MODULE"
# The flow type whose rules a module's actions follow.
MODULE_HOST_FLOW_TYPE = CONTACT_FLOW

# The reference's words for groups of flow types.
ALL_FLOWS = frozenset(FLOW_TYPES)
INBOUND = frozenset({CONTACT_FLOW, CAMPAIGN})  # "inbound flows", "contact flows"
TRANSFER = frozenset({AGENT_TRANSFER, QUEUE_TRANSFER})  # "transfer flows"
WHISPER = frozenset({CUSTOMER_WHISPER, AGENT_WHISPER, OUTBOUND_WHISPER})  # "whisper flows"
HOLD = frozenset({CUSTOMER_HOLD, AGENT_HOLD})  # "hold flows"
QUEUE = frozenset({CUSTOMER_QUEUE})  # "customer queue flows"

# Console exports: Metadata.type -> ContactFlowType.
METADATA_FLOW_TYPES: dict[str, str] = {
    "contactFlow": CONTACT_FLOW,
    "customerQueue": CUSTOMER_QUEUE,
    "customerHold": CUSTOMER_HOLD,
    "customerWhisper": CUSTOMER_WHISPER,
    "agentHold": AGENT_HOLD,
    "agentWhisper": AGENT_WHISPER,
    "outboundWhisper": OUTBOUND_WHISPER,
    "agentTransfer": AGENT_TRANSFER,
    "queueTransfer": QUEUE_TRANSFER,
    "campaign": CAMPAIGN,
}


def parse_flow_type(text: str) -> str | None:
    """The ContactFlowType ``text`` names (any case, ``-`` for ``_``), or None if it names none."""
    name = text.strip().upper().replace("-", "_")
    return name if name in FLOW_TYPES else None
