"""Flow types: the type a flow is checked as, and the actions each type allows.

The type comes from the file (a DescribeContactFlow wrapper's Type, a console export's
Metadata.type), else from the caller, else from the blocks (tests/unit/test_language_round3.py);
a flow module is checked as the inbound flow that invokes it. Availability facts come from each
action's Restrictions section.
"""

from __future__ import annotations

import json
from typing import Any

from flows.model.document import parse_flow_text
from flows.validator import validate_content, validate_document
from tests.unit.small_flows import BLOCK, block_findings, codes_of, one_block_flow


def _prompt_flow(*, metadata_type: str | None = None) -> dict[str, Any]:
    return one_block_flow(
        "MessageParticipant",
        {"Text": "Your call is important to us."},
        error_types=("NoMatchingError",),
        metadata_type=metadata_type,
    )


def test_a_prompt_in_a_customer_hold_flow_is_refused_naming_the_action_and_the_type() -> None:
    findings = block_findings(_prompt_flow(), flow_type="CUSTOMER_HOLD")
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert findings[0].identifier == BLOCK
    assert "Play prompt (MessageParticipant)" in findings[0].message
    assert "CUSTOMER_HOLD" in findings[0].message


def test_a_prompt_in_a_customer_queue_flow_is_accepted() -> None:
    assert block_findings(_prompt_flow(), flow_type="CUSTOMER_QUEUE") == []


def test_a_transfer_to_queue_in_a_customer_queue_flow_is_refused() -> None:
    flow = one_block_flow(
        "TransferContactToQueue", error_types=("QueueAtCapacity", "NoMatchingError")
    )
    findings = block_findings(flow, flow_type="CUSTOMER_QUEUE")
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert "CONTACT_FLOW, AGENT_TRANSFER, QUEUE_TRANSFER, CAMPAIGN" in findings[0].message


def test_a_customer_queue_transfer_in_a_flow_named_a_contact_flow_is_refused() -> None:
    flow = one_block_flow(
        "DequeueContactAndTransferToQueue", error_types=("QueueAtCapacity", "NoMatchingError")
    )
    findings = block_findings(flow, flow_type="CONTACT_FLOW")
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert "CONTACT_FLOW" in findings[0].message


def test_a_module_return_in_a_flow_is_refused() -> None:
    flow = one_block_flow("EndFlowModuleExecution")
    flow["Actions"][0]["Transitions"] = {}
    findings = block_findings(flow)
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert "only in flow modules" in findings[0].message


def test_a_module_return_in_a_module_is_accepted() -> None:
    flow = one_block_flow("EndFlowModuleExecution", module=True)
    flow["Actions"][0]["Transitions"] = {}
    assert block_findings(flow) == []


def test_a_module_is_checked_as_the_inbound_flow_that_invokes_it() -> None:
    flow = one_block_flow(
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "Still waiting."}]},
        error_types=("NoMatchingError",),
        module=True,
    )
    findings = block_findings(flow, flow_type="CUSTOMER_QUEUE")
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert "flow module" in findings[0].message


def test_a_console_export_is_checked_as_its_metadata_type() -> None:
    flow = _prompt_flow(metadata_type="customerHold")
    assert codes_of(block_findings(flow)) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]


def test_a_wrapped_flow_is_checked_as_its_own_type() -> None:
    wrapped = {"ContactFlow": {"Name": "Hold music", "Type": "AGENT_HOLD"}}
    wrapped["ContactFlow"]["Content"] = json.dumps(_prompt_flow())
    document = parse_flow_text(json.dumps(wrapped), source="hold.json")
    findings = [f for f in validate_document(document) if f.identifier == BLOCK]
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]
    assert "AGENT_HOLD" in findings[0].message


def test_a_requested_type_other_than_the_declared_one_is_an_error() -> None:
    flow = _prompt_flow(metadata_type="contactFlow")
    findings = validate_content(flow, flow_type="CUSTOMER_QUEUE")
    assert codes_of(findings) == [("error", "FLOW_TYPE_MISMATCH")]
    assert "CUSTOMER_QUEUE" in findings[0].message
    assert "Metadata.type says CONTACT_FLOW" in findings[0].message


def test_a_declared_type_that_names_no_type_is_a_warning_and_the_requested_one_applies() -> None:
    flow = _prompt_flow(metadata_type="holdMusic")
    findings = validate_content(flow, flow_type="CUSTOMER_HOLD")
    assert codes_of(findings) == [
        ("warning", "UNKNOWN_FLOW_TYPE"),
        ("error", "NOT_AVAILABLE_IN_FLOW_TYPE"),
    ]
