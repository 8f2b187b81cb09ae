"""Blocks that reach out from the contact: Send message (a message template rendered, a contact
created, a chat, SMS or email sent), persistent chat, outbound campaign calls (Call phone
number, Check call progress). Nothing leaves the simulator: what would be sent is recorded in the
result's ``outbound`` list, each with a generated ContactId where the API behind the block
returns one, and the step is marked as an assumption (the service accepts it). ``--fail
BLOCK=ERROR`` scripts a failure (TemplateRenderingError, NoMatchingError); ``--result`` scripts
Check call progress. A test case cannot mock these blocks: the Testing language overrides only
Lambda functions, hours, queues and bots.

Sources:
- StartOutboundChatContact:
  https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-startoutboundchatcontact.html
  (SourceEndpoint, DestinationEndpoint, ContactFlowArn, ContactSubtype "connect:SMS";
  NoMatchingError); the StartOutboundChatContact API returns the new ContactId.
- StartOutboundEmailContact, CreateContact, RenderMessageTemplate: no action page; the APIs they
  stand for (https://docs.aws.amazon.com/connect/latest/APIReference/API_StartOutboundEmailContact.html,
  API_CreateContact.html, which returns a ContactId; Amazon Q in Connect's
  API_RenderMessageTemplate.html) and the console's shapes (../shared/flows-drafts).
- CreatePersistentContactAssociation:
  https://docs.aws.amazon.com/connect/latest/adminguide/create-persistent-contact-association-block.html
  (chat only: "Voice: No - Error branch", "Task: No - Error branch").
- CompleteOutboundCall: the Korean copy of contact-actions-completeoutboundcall.html ("Errors:
  None.") and https://docs.aws.amazon.com/connect/latest/adminguide/call-phone-number.html.
- CheckOutboundCallStatus:
  https://docs.aws.amazon.com/connect/latest/adminguide/flow-control-actions-checkoutboundcallstatus.html
  (CallAnswered, VoicemailBeep, VoicemailNoBeep, NotDetected; NoMatchingError) and
  https://docs.aws.amazon.com/connect/latest/adminguide/check-call-progress.html (chat, task and
  email: Error branch). Default on a call: a person answers (CallAnswered).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flows.language.facts import OUTBOUND_CALL_RESULTS
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.result import Setting
from flows.simulator.scripting import BlockOutcome

CALL_ANSWERED = OUTBOUND_CALL_RESULTS[0]


def _sent(action: IndexedAction, run: Run, what: str, *, contact: bool) -> Decision:
    """Record what the block would send or create; with ``contact``, a new contact's id."""
    record: dict[str, Any] = {"action": action.identifier, "type": action.type}
    record.update(run.texts(action.parameters))
    if contact:
        record["ContactId"] = str(uuid.uuid4())
    run.outbound.append(record)
    shown = f"{what} (contact {record['ContactId']})" if contact else what
    run.assume(f"Connect accepts it: {shown}")
    run.block_result = record
    run.record(Setting(action.console_name, shown))
    return run.success(action)


def start_outbound_chat_contact(action: IndexedAction, run: Run) -> Decision:
    """Send message (chat, SMS): a message to the destination, as a new contact."""
    destination = action.parameters.get("DestinationEndpoint")
    address = run.text(destination.get("Address", "")) if isinstance(destination, Mapping) else ""
    return _sent(action, run, f"message to {address or '(no address)'}", contact=True)


def start_outbound_email_contact(action: IndexedAction, run: Run) -> Decision:
    """Send message (email): an email to the destination address, as a new contact."""
    destination = action.parameters.get("DestinationEmailAddress")
    address = (
        run.text(destination.get("EmailAddress", "")) if isinstance(destination, Mapping) else ""
    )
    return _sent(action, run, f"email to {address or '(no address)'}", contact=True)


def create_contact(action: IndexedAction, run: Run) -> Decision:
    """Send message (create contact): the contact the message is sent in, with a new id."""
    channel = run.text(action.parameters.get("Channel", "")) or "?"
    return _sent(action, run, f"{channel} contact created", contact=True)


def render_message_template(action: IndexedAction, run: Run) -> Decision:
    """Send message (template): the message template is rendered."""
    template = run.text(action.parameters.get("WisdomMessageTemplateArn", ""))
    return _sent(action, run, f"template {template.rsplit('/', 1)[-1]} rendered", contact=False)


def create_persistent_contact_association(action: IndexedAction, run: Run) -> Decision:
    """Create persistent contact association: a chat resumes its past conversation; other
    channels take the Error branch."""
    if run.state.channel != "CHAT":
        run.note(f"a persistent chat on a {run.state.channel} contact: Error branch")
        return run.error(action, "NoMatchingError")
    kind = run.text(action.parameters.get("RehydrationType", "")) or "?"
    run.assume(f"the past chat exists and is rehydrated ({kind})")
    run.record(Setting("persistent chat", kind))
    return run.success(action)


def complete_outbound_call(action: IndexedAction, run: Run) -> Decision:
    """Call phone number (outbound whisper): the call is placed; the block has no error."""
    run.assume("the outbound call is placed")
    run.record(Setting("outbound call", "placed"))
    return run.success(action)


def check_outbound_call_status(action: IndexedAction, run: Run) -> Decision:
    """Check call progress: what answered a campaign call (``--result BLOCK=VoicemailBeep``);
    unscripted, a person (CallAnswered); a contact that is no call takes the Error branch."""
    if run.state.channel != "VOICE":
        run.note(f"Check call progress on a {run.state.channel} contact: Error branch")
        return run.error(action, "NoMatchingError")
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is not None and scripted.result is not None:
        status = scripted.result
    else:
        status = CALL_ANSWERED
        run.assume(f"a person answers the call ({CALL_ANSWERED})")
    run.record(Setting("call progress", status))
    return run.equals(action, status, "NoMatchingError")


HANDLERS: dict[str, ActionHandler] = {
    "StartOutboundChatContact": start_outbound_chat_contact,
    "StartOutboundEmailContact": start_outbound_email_contact,
    "CreateContact": create_contact,
    "RenderMessageTemplate": render_message_template,
    "CreatePersistentContactAssociation": create_persistent_contact_association,
    "CompleteOutboundCall": complete_outbound_call,
    "CheckOutboundCallStatus": check_outbound_call_status,
}
