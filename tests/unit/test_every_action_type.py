"""Every action type Connect writes is known to the action table and run by the simulator.

The types are those of the flow-language reference's action lists
(flows.language.action_table.REFERENCE_ACTION_LISTS) and those the flows of ../shared hold (the
corpus of real exports and the saved draft, read in place; skipped when ../shared is absent).
Each block of the draft, wired to an end with its own parameters, validates without an unknown
type and simulates to a definite end; a Connect test case's DequeueAndTransferToQueue mock is
honoured by the customer queue flow's transfer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.language.action_table import ACTION_TABLE, REFERENCE_ACTION_LISTS
from flows.language.facts import LEGACY_TYPES
from flows.model.document import load_flow_document
from flows.simulator import Ended, SimulationOptions, Simulator
from flows.simulator.blocks import HANDLERS
from flows.testing import parse_test_case
from flows.testing.runner import run_test_case
from flows.validator import validate_content, validate_path
from tests.unit.simulator_flows import action, flow
from tests.unit.test_testing_runner import at_start, error, substitute

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "flows-corpus"
DRAFTS = SHARED / "flows-drafts"


def _flow_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name not in ("INDEX.tsv", "README.md"))


SHARED_FLOWS = _flow_files(CORPUS) + _flow_files(DRAFTS)
DRAFT_FILES = _flow_files(DRAFTS)
needs_shared = pytest.mark.skipif(not SHARED_FLOWS, reason=f"../shared is absent ({SHARED})")
REFERENCE_TYPES = sorted({t for types in REFERENCE_ACTION_LISTS.values() for t in types})


def _types_in(path: Path) -> set[str]:
    actions = load_flow_document(path).content.get("Actions", [])
    return {a["Type"] for a in actions if isinstance(a, dict) and isinstance(a.get("Type"), str)}


def _shared_types() -> list[str]:
    """The action types of the flows of ../shared, legacy block names (the NEGATIVE file's
    hand-written types, which Connect never wrote) aside."""
    types = {t for path in SHARED_FLOWS for t in _types_in(path)}
    return sorted(t for t in types if t not in LEGACY_TYPES)


@pytest.mark.parametrize("action_type", REFERENCE_TYPES)
def test_every_type_of_the_reference_lists_is_in_the_table_and_simulated(action_type: str) -> None:
    assert action_type in ACTION_TABLE
    assert action_type in HANDLERS


def test_the_reference_lists_were_read_whole() -> None:
    assert len(REFERENCE_TYPES) >= 55
    assert {"Wait", "UpdateRoutingCriteria", "ShowView", "UpdateCustomerProfile"} <= set(
        REFERENCE_TYPES
    )


@needs_shared
@pytest.mark.parametrize("action_type", _shared_types() if SHARED_FLOWS else ["-"])
def test_every_type_a_flow_of_shared_holds_is_in_the_table_and_simulated(
    action_type: str,
) -> None:
    assert action_type in ACTION_TABLE
    assert action_type in HANDLERS


@needs_shared
@pytest.mark.parametrize("path", SHARED_FLOWS, ids=lambda p: p.name[-60:])
def test_no_flow_of_shared_has_an_unknown_type(path: Path) -> None:
    assert [f for f in validate_path(path) if f.code == "UNKNOWN_TYPE"] == []


def test_every_type_the_table_holds_has_a_page_and_flow_types() -> None:
    for spec in ACTION_TABLE.values():
        assert spec.url.startswith("https://docs.aws.amazon.com/"), spec.type
        assert spec.flow_types or spec.module_only, spec.type


# --- the draft's blocks, each wired to an end ------------------------------------------------

END = "wired-end"


def _draft_blocks() -> list[tuple[str, dict[str, Any]]]:
    blocks = []
    for path in DRAFT_FILES:
        for raw in load_flow_document(path).content["Actions"]:
            blocks.append((f"{path.stem[-20:]}:{raw['Identifier']}", raw))
    return blocks


def wired(block: dict[str, Any]) -> dict[str, Any]:
    """The draft's block with its own parameters, every branch it declares (and its Success
    branch, unless it ends the flow) leading to an End flow block."""
    action_ = copy.deepcopy(block)
    spec = ACTION_TABLE[action_["Type"]]
    transitions = action_.setdefault("Transitions", {})
    if not spec.terminal:
        transitions["NextAction"] = END
    for branch in (*transitions.get("Errors", ()), *transitions.get("Conditions", ())):
        branch["NextAction"] = END
    end = {"Identifier": END, "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
    return {
        "Version": "2019-10-30",
        "StartAction": action_["Identifier"],
        "Actions": [action_, end],
    }


@needs_shared
@pytest.mark.parametrize(
    "block", [b for _, b in _draft_blocks()], ids=[i for i, _ in _draft_blocks()]
)
def test_each_block_of_the_draft_wired_to_an_end_validates_and_simulates_to_an_end(
    block: dict[str, Any],
) -> None:
    content = wired(block)
    findings = validate_content(content)
    assert [f for f in findings if f.code == "UNKNOWN_TYPE"] == []
    assert [f"{f.code}: {f.message}" for f in findings if f.severity == "error"] == []
    result = Simulator(content, block["Identifier"]).run(options=SimulationOptions(time_scale=0))
    assert result.ended is not Ended.STOPPED, result.message
    assert result.steps[0].label is not None or result.steps[0].target is None


# The draft's blocks whose unscripted outcome stands for an answer of another system (a profile
# domain, Cases, a new contact, a campaign call, ...), with the channel that reaches it.
ASSUMED_BY_DEFAULT = {
    "create-task-manual": "VOICE",
    "create persistent contact association": "CHAT",
    "send-message-email": "VOICE",
    "send-message-email-uxYvIfOwpO": "VOICE",
    "send-message-email-zaGelDUvnf": "VOICE",
    "send-message-sms": "VOICE",
    "send-message-sms-mqXNlFZpIh": "VOICE",
    "resume-contact": "VOICE",
    "tag-contact": "VOICE",
    "check-call-progress": "VOICE",
    "cases-create-case": "VOICE",
    "customer-profiles-associate-contact-to-profile": "VOICE",
    "customer-profiles-get-customer-profile": "VOICE",
    "customer-profiles-get-calculated-attributes": "VOICE",
    "customer-profiles-check-segment-membership": "VOICE",
}


@needs_shared
@pytest.mark.parametrize(("identifier", "channel"), sorted(ASSUMED_BY_DEFAULT.items()))
def test_an_unscripted_outcome_of_the_draft_blocks_is_marked_assumed_in_json_and_transcript(
    identifier: str, channel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = [b for _, b in _draft_blocks() if b["Identifier"] == identifier]
    path = tmp_path / "block.json"
    path.write_text(json.dumps(wired(block)), encoding="utf-8")
    assert main(["simulate", str(path), "--json", "--channel", channel]) == 0
    result = json.loads(capsys.readouterr().out)
    first = result["transitions"][0]
    assert (first["action"], first["assumed"]) == (identifier, True)
    assert [a["action"] for a in result["assumptions"]] == [identifier]
    assert main(["simulate", str(path), "--channel", channel]) == 0
    transcript = capsys.readouterr().out
    assert "     assumed: " in transcript
    assert "Assumed (not real, not scripted):" in transcript


@needs_shared
def test_the_draft_is_read_whole() -> None:
    assert len(_draft_blocks()) >= 29


# --- real flows using profiles, cases, outbound contacts or tags -------------------------------

REACHING_OUT = {
    "GetCustomerProfile",
    "CreateCustomerProfile",
    "UpdateCustomerProfile",
    "AssociateContactToCustomerProfile",
    "GetCustomerProfileObject",
    "GetCalculatedAttributesForCustomerProfile",
    "CheckSegmentMembershipForCustomerProfile",
    "GetCase",
    "CreateCase",
    "UpdateCase",
    "CreateTask",
    "CreateContact",
    "StartOutboundChatContact",
    "StartOutboundEmailContact",
    "TagContact",
}


@needs_shared
def test_real_flows_using_profiles_cases_outbound_contacts_or_tags_run_to_a_definite_end() -> None:
    users = [p for p in _flow_files(CORPUS) if _types_in(p) & REACHING_OUT]
    assert users, "the corpus holds such a flow"
    for path in users:
        result = Simulator(load_flow_document(path).content, path.name).run(
            options=SimulationOptions(time_scale=0)
        )
        assert result.ended is not Ended.STOPPED, f"{path.name}: {result.message}"


# --- what the simulator records and assumes for the new blocks ------------------------------


def _run(
    *actions: dict[str, Any], channel: str = "VOICE", attributes: dict[str, str] | None = None
) -> Any:
    from flows.simulator import ContactSetup

    setup = ContactSetup(channel=channel, attributes=attributes or {})
    return Simulator(flow(*actions)).run(setup)


def test_a_created_case_has_an_id_readable_as_case_case_id_and_is_in_the_result() -> None:
    result = _run(
        action("case", "CreateCase", {"CaseRequestFields": {"title": "Refund"}}, "say"),
        action("say", "MessageParticipant", {"Text": "Case $.Case.CaseId"}, "yes"),
    )
    case_id = result.to_dict()["cases"][0]["CaseId"]
    assert result.prompts == [f"Case {case_id}"]
    assert [text for _, text in result.assumptions()] == [f"Cases creates the case (id {case_id})"]


def test_a_created_profile_id_is_readable_as_customer_profile_id() -> None:
    request = {"ProfileRequestData": {"FirstName": "$.Attributes.first"}}  # filled in when sent
    result = _run(
        action("new", "CreateCustomerProfile", request, "s"),
        action(
            "s", "MessageParticipant", {"Text": "$.Customer.FirstName $.Customer.ProfileId"}, "yes"
        ),
        attributes={"first": "Ana"},
    )
    first, profile_id = result.prompts[0].split()
    assert (first, len(profile_id)) == ("Ana", 32)
    assert result.to_dict()["transitions"][0]["assumed"] is True


def test_tags_are_set_on_the_contact_and_untagging_removes_them() -> None:
    result = _run(
        action("tag", "TagContact", {"Tags": {"team": "billing", "tier": "gold"}}, "untag"),
        action("untag", "UnTagContact", {"TagKeys": ["tier"]}, "say"),
        action("say", "MessageParticipant", {"Text": "$.Tags.team"}, "yes"),
    )
    assert (result.prompts, result.contact_data["Tags"]) == (["billing"], {"team": "billing"})


def test_messages_sent_are_recorded_with_the_new_contact_id_as_assumed() -> None:
    result = _run(
        action(
            "email",
            "StartOutboundEmailContact",
            {"DestinationEmailAddress": {"EmailAddress": "$.Attributes.email"}},
            "yes",
        ),
        attributes={"email": "jane@example.com"},  # the record holds what would be sent
    )
    sent = result.to_dict()["outbound"]
    assert [(o["type"], o["DestinationEmailAddress"]["EmailAddress"]) for o in sent] == [
        ("StartOutboundEmailContact", "jane@example.com")
    ]
    assert len(sent[0]["ContactId"]) == 36
    assert "Connect accepts it" in result.assumptions()[0][1]


def test_a_profile_lookup_that_finds_nothing_takes_its_documented_error_as_assumed() -> None:
    result = _run(
        action(
            "calc",
            "GetCalculatedAttributesForCustomerProfile",
            {"ProfileRequestData": {"ProfileId": "p-1"}},
            "yes",
            {"NoneFoundError": "no", "NoMatchingError": "error"},
        )
    )
    assert result.path == ["calc", "no"]
    assert result.to_dict()["transitions"][0]["assumed"] is True


def test_the_transcript_marks_the_new_blocks_defaults_as_assumed() -> None:
    from flows.simulator import render_transcript

    result = _run(action("resume", "ResumeContact", {}, "yes"))
    text = render_transcript(result)
    assert "assumed: the contact resumes" in text
    assert "Assumed (not real, not scripted):" in text


# --- the Testing language's mocks for these blocks ------------------------------------------

QUEUE_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i-1/queue/11111111-2222-4333-8444-5555"
OTHER_QUEUE = (
    "arn:aws:connect:us-east-1:111111111111:instance/i-1/queue/99999999-2222-4333-8444-5555"
)


def _dequeue_flow() -> dict[str, Any]:
    content = flow(
        action(
            "dequeue",
            "DequeueContactAndTransferToQueue",
            {"QueueId": QUEUE_ARN},
            errors={"QueueAtCapacity": "no", "NoMatchingError": "error"},
        )
    )
    content["Metadata"] = {"type": "customerQueue"}
    return content


def _run_case(case_content: dict[str, Any]) -> Any:
    case = parse_test_case(json.loads(json.dumps(case_content))).case
    return run_test_case(Simulator(_dequeue_flow()), case)


def test_a_dequeue_and_transfer_to_queue_mock_at_capacity_takes_that_branch() -> None:
    mock = error("DequeueAndTransferToQueue", {"QueueId": QUEUE_ARN}, "QueueAtCapacity")
    assert _run_case(at_start(mock)).result.path == ["dequeue", "no"]


def test_a_dequeue_and_transfer_to_queue_substitute_takes_the_contact_instead() -> None:
    mock = substitute("DequeueAndTransferToQueue", {"QueueId": QUEUE_ARN}, OTHER_QUEUE)
    result = _run_case(at_start(mock)).result
    assert (result.ended, result.queue_arn) == (Ended.TRANSFERRED_TO_QUEUE, OTHER_QUEUE)
