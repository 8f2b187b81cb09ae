"""The flow language's third round of facts, each probed with a one-block flow through the
command line (``python -m flows validate`` / ``simulate``, in-process through ``main(argv)``).

Each probe would pass without the fact only if the validator or the simulator already did what
the fact says; the facts and their pages are in flows/language/action_table.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.language.action_table import ACTION_TABLE
from flows.language.flow_types import HOLD, INBOUND, QUEUE, TRANSFER, WHISPER

END = "end"
BLOCK = "block"


def one_block(
    action_type: str,
    parameters: dict[str, Any] | None = None,
    *,
    errors: tuple[str, ...] = (),
    conditions: list[tuple[str, str]] | None = None,
    metadata_type: str | None = None,
    settings: bool = False,
    with_next: bool = True,
) -> dict[str, Any]:
    """The block under test, every branch of it leading to an End flow block."""
    transitions: dict[str, Any] = {"NextAction": END} if with_next else {}
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": END} for e in errors]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": END, "Condition": {"Operator": op, "Operands": [operand]}}
            for op, operand in conditions
        ]
    content: dict[str, Any] = {
        "Version": "2019-10-30",
        "StartAction": BLOCK,
        "Actions": [
            {
                "Identifier": BLOCK,
                "Type": action_type,
                "Parameters": parameters or {},
                "Transitions": transitions,
            },
            {"Identifier": END, "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}},
        ],
    }
    if metadata_type is not None:
        content["Metadata"] = {"type": metadata_type}
    if settings:
        content["Settings"] = {"InputParameters": [], "OutputParameters": [], "Transitions": []}
    return content


def write(tmp_path: Path, content: dict[str, Any], name: str = "flow.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return str(path)


def validate(
    tmp_path: Path, content: dict[str, Any], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, Any]]]:
    """(exit status, findings) of ``python -m flows validate --format json``."""
    status = main(["validate", "--format", "json", *args, write(tmp_path, content)])
    return status, json.loads(capsys.readouterr().out)


def codes(findings: list[dict[str, Any]], identifier: str = BLOCK) -> list[tuple[str, str]]:
    return [(f["severity"], f["code"]) for f in findings if f["identifier"] == identifier]


def simulate(
    tmp_path: Path, content: dict[str, Any], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, Any]]:
    """(exit status, the --json result) of ``python -m flows simulate``."""
    status = main(["simulate", write(tmp_path, content), "--json", *args])
    out = capsys.readouterr().out
    return status, json.loads(out) if out.strip() else {}


def label(result: dict[str, Any], action: str = BLOCK) -> str:
    return next(t["label"] for t in result["transitions"] if t["action"] == action)


# --- customer profiles: "Conditions are not supported" ------------------------------------


@pytest.mark.parametrize(
    "action_type",
    [
        "GetCustomerProfile",
        "CreateCustomerProfile",
        "UpdateCustomerProfile",
        "AssociateContactToCustomerProfile",
        "GetCalculatedAttributesForCustomerProfile",
    ],
)
def test_customer_profile_actions_take_no_conditions(
    action_type: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        action_type,
        {"ProfileRequestData": {"ProfileId": "p-1"}},
        errors=("NoMatchingError",),
        conditions=[("Equals", "Found")],
    )
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", "CONDITIONS_NOT_SUPPORTED")])


def test_calculated_attributes_document_none_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "GetCalculatedAttributesForCustomerProfile",
        {"ProfileRequestData": {"ProfileId": "p-1"}},
        errors=("NoMatchingError", "NoneFoundError"),
    )
    assert validate(tmp_path, content, capsys) == (0, [])


# --- Check call progress ------------------------------------------------------------------

CALL_RESULTS = ["CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected"]


def test_call_progress_takes_its_four_results_with_equals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "CheckOutboundCallStatus",
        errors=("NoMatchingError",),
        conditions=[("Equals", r) for r in CALL_RESULTS],
    )
    assert validate(tmp_path, content, capsys) == (0, [])


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        (("TextContains", "CallAnswered"), "UNSUPPORTED_OPERATOR"),
        (("Equals", "Busy"), "BAD_CONDITION_VALUE"),
    ],
)
def test_call_progress_refuses_other_operators_and_operands(
    condition: tuple[str, str], code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "CheckOutboundCallStatus", errors=("NoMatchingError",), conditions=[condition]
    )
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", code)])


def test_call_progress_is_for_the_flows_of_outbound_campaigns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block("CheckOutboundCallStatus", errors=("NoMatchingError",))
    status, findings = validate(tmp_path, content, capsys, "--flow-type", "AGENT_HOLD")
    assert (status, codes(findings)) == (1, [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")])
    assert validate(tmp_path, content, capsys, "--flow-type", "CAMPAIGN") == (0, [])


# --- queue metrics ------------------------------------------------------------------------


def test_check_staffing_is_not_available_in_whisper_or_hold_flows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "CheckMetricData",
        {"MetricType": "NumberOfContactsInQueue"},
        errors=("NoMatchingError",),
        conditions=[("NumberGreaterThan", "5")],
    )
    for flow_type in sorted(WHISPER | HOLD):
        status, findings = validate(tmp_path, content, capsys, "--flow-type", flow_type)
        assert (status, codes(findings)) == (1, [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")])
    for flow_type in sorted(INBOUND | QUEUE | TRANSFER):
        assert validate(tmp_path, content, capsys, "--flow-type", flow_type) == (0, [])


@pytest.mark.parametrize(
    "metric_type", ["NumberOfAgentsAvailable", "NumberOfAgentsStaffed", "NumberOfAgentsOnline"]
)
@pytest.mark.parametrize(
    ("condition", "code"),
    [
        (("NumberLessThan", "0"), "UNSUPPORTED_OPERATOR"),
        (("NumberGreaterThan", "2"), "BAD_CONDITION_VALUE"),
        (("NumberGreaterThan", "0"), None),
    ],
)
def test_an_agent_count_takes_only_number_greater_than_0(
    metric_type: str,
    condition: tuple[str, str],
    code: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = one_block(
        "CheckMetricData",
        {"MetricType": metric_type},
        errors=("NoMatchingError",),
        conditions=[condition],
    )
    status, findings = validate(tmp_path, content, capsys)
    expected = [] if code is None else [("error", code)]
    assert (status, codes(findings)) == (1 if code else 0, expected)


@pytest.mark.parametrize("action_type", ["CheckMetricData", "GetMetricData"])
def test_queue_and_agent_exclude_each_other_in_queue_metrics(
    action_type: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parameters = {"QueueId": "q-1", "AgentId": "a-1"}
    if action_type == "CheckMetricData":
        parameters["MetricType"] = "NumberOfContactsInQueue"
    content = one_block(action_type, parameters, errors=("NoMatchingError",))
    _, findings = validate(tmp_path, content, capsys)
    assert ("error", "CONFLICTING_PARAMETERS") in codes(findings)


# --- tasks, event hooks, waits --------------------------------------------------------------


def test_a_task_takes_a_delay_or_a_scheduled_time_not_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "CreateTask",
        {"Name": "Call back", "DelaySeconds": "60", "ScheduledTime": "1767225600"},
        errors=("NoMatchingError",),
    )
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", "CONFLICTING_PARAMETERS")])


FLOW_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i-1/contact-flow/f-1"


@pytest.mark.parametrize(
    "hooks",
    [
        {"CustomerQueue": FLOW_ARN, "AgentWhisper": FLOW_ARN},
        {"CustomerQueueFlow": FLOW_ARN},
        {},
    ],
    ids=["two-entries", "unknown-hook", "none"],
)
def test_event_hooks_hold_exactly_one_documented_hook(
    hooks: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "UpdateContactEventHooks", {"EventHooks": hooks}, errors=("NoMatchingError",)
    )
    status, findings = validate(tmp_path, content, capsys)
    assert status == 1
    assert ("error", "BAD_PARAMETER") in codes(findings)


def test_one_documented_event_hook_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "UpdateContactEventHooks", {"EventHooks": {"PauseContact": FLOW_ARN}}, errors=()
    )
    assert validate(tmp_path, content, capsys) == (0, [])


def _wait(parameters: dict[str, Any], results: list[str]) -> dict[str, Any]:
    return one_block(
        "Wait", parameters, errors=("NoMatchingError",), conditions=[("Equals", r) for r in results]
    )


def test_every_event_a_wait_listens_for_needs_its_condition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _wait({"TimeoutSeconds": "60", "Events": ["CustomerReturned"]}, ["WaitCompleted"])
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", "MISSING_CONDITION")])
    assert "CustomerReturned" in findings[0]["message"]


@pytest.mark.parametrize("name", ["TimeLimitSeconds", "TimeoutSeconds"])
def test_a_wait_time_limit_is_a_positive_whole_number_under_either_name(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exports write TimeLimitSeconds, the page TimeoutSeconds: both are accepted."""
    exported = _wait({name: "300"}, ["WaitCompleted"])
    assert validate(tmp_path, exported, capsys) == (0, [])
    for bad in ("0", "-5", "1.5", "soon"):
        status, findings = validate(tmp_path, _wait({name: bad}, ["WaitCompleted"]), capsys)
        assert (status, codes(findings)) == (1, [("error", "BAD_PARAMETER")]), bad


@pytest.mark.parametrize("channel", ["TASK", "EMAIL"])
def test_a_task_or_email_contact_waits_and_takes_the_time_expired_branch(
    channel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _wait({"TimeoutSeconds": "60"}, ["WaitCompleted"])
    status, result = simulate(tmp_path, content, capsys, "--channel", channel)
    assert (status, label(result)) == (0, "Equals WaitCompleted")


# --- Set voice ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voice", "engine", "branch"),
    [
        ("Joanna", "Neural", "Success"),
        ("Joanna", "Standard", "Success"),
        ("Matthew", None, "Success"),
        ("Bogus", "Neural", "NoMatchingError"),
        ("Joanna", "neural", "NoMatchingError"),
        ("Zeina", "Neural", "NoMatchingError"),
        ("Arthur", "Standard", "NoMatchingError"),
    ],
)
def test_set_voice_takes_error_for_an_invalid_voice_or_engine_or_a_voice_without_the_engine(
    voice: str,
    engine: str | None,
    branch: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parameters = {"TextToSpeechVoice": voice}
    if engine is not None:
        parameters["TextToSpeechEngine"] = engine
    content = one_block("UpdateContactTextToSpeechVoice", parameters, errors=("NoMatchingError",))
    status, result = simulate(tmp_path, content, capsys)
    assert (status, label(result)) == (0, branch)


# --- Distribute by percentage ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        (("NumberGreaterThan", "50"), "UNSUPPORTED_OPERATOR"),
        (("NumberLessThan", "101"), "BAD_CONDITION_VALUE"),
        (("NumberLessThan", "51"), None),
    ],
)
def test_percentages_are_a_chain_of_number_less_than_up_to_100(
    condition: tuple[str, str],
    code: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = one_block(
        "DistributeByPercentage", errors=("NoMatchingCondition",), conditions=[condition]
    )
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1 if code else 0, [("error", code)] if code else [])


@pytest.mark.parametrize(("draw", "status"), [("0", 2), ("101", 2), ("1", 0), ("100", 0)])
def test_simulate_percent_takes_a_draw_from_1_to_100(
    draw: str, status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "DistributeByPercentage",
        errors=("NoMatchingCondition",),
        conditions=[("NumberLessThan", "51")],
    )
    path = write(tmp_path, content)
    assert main(["simulate", path, "--percent", f"{BLOCK}={draw}"]) == status
    err = capsys.readouterr().err
    if status == 2:
        assert "a whole number from 1 to 100" in err


def test_an_unscripted_draw_is_a_number_from_1_to_100(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over many seeded draws, no draw is below 1 (NumberLessThan 1 is never taken) and some draw
    is 100 (the only number NumberLessThan 100 lets through to the default branch)."""
    content = one_block(
        "DistributeByPercentage",
        errors=("NoMatchingCondition",),
        conditions=[("NumberLessThan", "1"), ("NumberLessThan", "100")],
    )
    path = write(tmp_path, content)
    labels = set()
    for seed in range(200):  # seeded: the same draws every run
        assert main(["simulate", path, "--json", "--seed", str(seed)]) == 0
        labels.add(label(json.loads(capsys.readouterr().out)))
    assert labels == {"NumberLessThan 100", "NoMatchingCondition"}


def test_a_draw_of_100_goes_down_the_default_branch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "DistributeByPercentage",
        errors=("NoMatchingCondition",),
        conditions=[("NumberLessThan", "100")],
    )
    _, result = simulate(tmp_path, content, capsys, "--percent", f"{BLOCK}=100")
    assert label(result) == "NoMatchingCondition"


# --- Call phone number, streaming, routing, callbacks, input ---------------------------------


def test_call_phone_number_is_for_outbound_whisper_flows_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block("CompleteOutboundCall")
    status, findings = validate(tmp_path, content, capsys, "--flow-type", "CONTACT_FLOW")
    assert (status, codes(findings)) == (1, [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")])
    assert validate(tmp_path, content, capsys, "--flow-type", "OUTBOUND_WHISPER") == (0, [])


@pytest.mark.parametrize(
    "parameters",
    [
        {"MediaStreamType": "$.Attributes.kind"},
        {"Participants": [{"ParticipantType": "$.Attributes.who", "MediaDirections": ["From"]}]},
    ],
    ids=["stream-type", "participants"],
)
def test_media_streaming_type_and_participants_are_static(
    parameters: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "UpdateContactMediaStreamingBehavior",
        {"MediaStreamingState": "Enabled", **parameters},
        errors=("NoMatchingError",),
    )
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", "DYNAMIC_VALUE")])


@pytest.mark.parametrize(
    ("value", "code"),
    [("$.Attributes.age", "DYNAMIC_VALUE"), ("ten", "BAD_PARAMETER"), ("-30", None)],
)
def test_queue_time_adjustment_is_a_static_integer(
    value: str, code: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block("UpdateContactRoutingBehavior", {"QueueTimeAdjustmentSeconds": value})
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1 if code else 0, [("error", code)] if code else [])


@pytest.mark.parametrize(("attempts", "status"), [("-1", 1), ("0", 0), ("3", 0)])
def test_callback_attempts_are_not_negative_and_0_as_a_console_export_writes_it(
    attempts: str, status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "CreateCallbackContact",
        {"MaximumConnectionAttempts": attempts, "RetryDelaySeconds": "60"},
        errors=("NoMatchingError",),
    )
    assert validate(tmp_path, content, capsys)[0] == status


def _input(validation: dict[str, Any], **more: str) -> dict[str, Any]:
    return one_block(
        "GetParticipantInput",
        {
            "Text": "Your card number?",
            "StoreInput": "True",
            "InputValidation": validation,
            "InputEncryption": {"EncryptionKeyId": "k-1", "Key": "pem"},
            **more,
        },
        errors=("NoMatchingError",),
    )


def test_input_encryption_only_with_custom_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone = _input({"PhoneNumberValidation": {"NumberFormat": "E164"}})
    status, findings = validate(tmp_path, phone, capsys)
    assert (status, codes(findings)) == (1, [("error", "CONFLICTING_PARAMETERS")])
    custom = _input({"CustomValidation": {"MaximumLength": "16"}})
    assert validate(tmp_path, custom, capsys) == (0, [])


@pytest.mark.parametrize(("seconds", "status"), [("0", 1), ("1", 0), ("180", 0)])
def test_the_input_time_limit_is_positive_with_no_upper_limit_checked(
    seconds: str, status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2023 copy's 179 seconds is not enforced: the current page ties a limit to the voice
    channel, which a flow does not name, and exports write 5 to 60 (the entry's note)."""
    content = _input({"CustomValidation": {"MaximumLength": "16"}}, InputTimeLimitSeconds=seconds)
    assert validate(tmp_path, content, capsys)[0] == status


# --- End flow / Resume in an inbound flow ---------------------------------------------------


def test_end_flow_in_an_inbound_flow_acts_as_disconnect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "UpdateContactAttributes", {"Attributes": {"a": "1"}}, metadata_type="contactFlow"
    )
    status, result = simulate(tmp_path, content, capsys)
    assert (status, result["ended"]) == (0, "DISCONNECTED")
    assert "inbound flow (CONTACT_FLOW)" in result["message"]


def test_end_flow_in_a_customer_queue_flow_ends_only_the_flow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "UpdateContactAttributes", {"Attributes": {"a": "1"}}, metadata_type="customerQueue"
    )
    status, result = simulate(tmp_path, content, capsys)
    assert (status, result["ended"]) == (0, "ENDED")


# --- pages of their own; decisions kept -----------------------------------------------------


@pytest.mark.parametrize(
    ("action_type", "page"),
    [
        ("UpdateContactData", "contact-actions-updatecontactdata.html"),
        ("UpdateContactMediaProcessing", "contact-actions-updatecontactmediaprocessing.html"),
        ("TagContact", "contact-actions-tagcontact.html"),
        ("CreateCustomerProfile", "interactions-createcustomerprofile.html"),
        ("UpdateCustomerProfile", "interactions-updatecustomerprofile.html"),
        (
            "AssociateContactToCustomerProfile",
            "interactions-associatecontacttocustomerprofile.html",
        ),
        ("GetCustomerProfileObject", "interactions-getcustomerprofileobject.html"),
        (
            "GetCalculatedAttributesForCustomerProfile",
            "interactions-getcalculatedattributesforcustomerprofile.html",
        ),
        ("CheckOutboundCallStatus", "flow-control-actions-checkoutboundcallstatus.html"),
    ],
)
def test_each_entry_points_at_its_own_page_not_a_table_of_contents(
    action_type: str, page: str
) -> None:
    spec = ACTION_TABLE[action_type]
    assert spec.url.endswith("/" + page)
    assert spec.documented
    assert not any("table of contents names this type" in note for note in spec.notes)


@pytest.mark.parametrize(
    ("action_type", "parameters", "errors"),
    [
        ("UpdateFlowAttributes", {"FlowAttributes": {"k": {"Value": "v"}}}, ("NoMatchingError",)),
        ("UpdateContactTextToSpeechVoice", {"TextToSpeechVoice": "Joanna"}, ()),
    ],
    ids=["flow-attributes-error-as-exports-write-it", "voice-error-optional"],
)
def test_decisions_where_exports_disagree_with_a_page_are_kept(
    action_type: str,
    parameters: dict[str, Any],
    errors: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert validate(tmp_path, one_block(action_type, parameters, errors=errors), capsys) == (0, [])


@pytest.mark.parametrize(
    ("action_type", "parameters"),
    [
        (
            "InvokeLambdaFunction",
            {
                "LambdaFunctionARN": "arn:aws:lambda:us-east-1:111111111111:function:f",
                "ResponseValidation": {"ResponseType": "STRING_MAP"},
            },
        ),
        ("Compare", {"ComparisonValue": "$.Attributes.x"}),
    ],
)
def test_invoke_lambda_and_compare_still_need_their_error_branch(
    action_type: str,
    parameters: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    conditions = [("Equals", "a")] if action_type == "Compare" else None
    content = one_block(action_type, parameters, conditions=conditions)
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (1, [("error", "MISSING_ERROR_BRANCH")])


# --- curly apostrophes: a warning, never an error -------------------------------------------


@pytest.mark.parametrize("module", [False, True], ids=["flow", "module"])
def test_a_curly_apostrophe_is_a_warning_with_both_pieces_of_evidence(
    module: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = one_block(
        "MessageParticipant",
        {"Text": "We\u2019ll call you back."},
        errors=("NoMatchingError",),
        settings=module,
    )
    if module:
        content["Actions"][1]["Type"] = "EndFlowModuleExecution"
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings)) == (0, [("warning", "CURLY_APOSTROPHE")])
    message = findings[0]["message"]
    assert "reports CreateContactFlow refusing" in message
    assert "console exports that Connect instances hold carry them" in message


# --- flow types inferred when undeclared ----------------------------------------------------


def _loop_prompts(*, flow_end: str = "DisconnectParticipant") -> dict[str, Any]:
    content = one_block(
        "MessageParticipantIteratively",
        {"Messages": [{"Text": "Please hold."}], "InterruptFrequencySeconds": "30"},
        errors=("NoMatchingError",),
        conditions=[("Equals", "MessagesInterrupted")],
    )
    content["Actions"][1]["Type"] = flow_end
    return content


def test_exactly_one_type_fits_and_is_used_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = validate(tmp_path, _loop_prompts(), capsys)
    assert (status, codes(findings, "-")) == (0, [("warning", "FLOW_TYPE_INFERRED")])
    assert "CUSTOMER_QUEUE is the only flow type" in findings[0]["message"]


def test_of_several_types_the_least_restrictive_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = validate(tmp_path, _loop_prompts(flow_end="EndFlowExecution"), capsys)
    assert (status, codes(findings, "-")) == (0, [("warning", "FLOW_TYPE_INFERRED")])
    message = findings[0]["message"]
    assert "CUSTOMER_QUEUE, CUSTOMER_HOLD, AGENT_HOLD allow every block" in message
    assert "checked as CUSTOMER_QUEUE" in message


def test_when_no_type_fits_the_error_names_the_blocks_that_cannot_share_a_flow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _loop_prompts()
    content["Actions"][1] = {
        "Identifier": END,
        "Type": "UpdateContactTargetQueue",
        "Parameters": {"QueueId": "q-1"},
        "Transitions": {
            "NextAction": BLOCK,
            "Errors": [{"ErrorType": "NoMatchingError", "NextAction": BLOCK}],
        },
    }
    status, findings = validate(tmp_path, content, capsys)
    assert (status, codes(findings, "-")) == (1, [("error", "FLOW_TYPE_CONFLICT")])
    assert "'block' (MessageParticipantIteratively)" in findings[0]["message"]
    assert "'end' (UpdateContactTargetQueue)" in findings[0]["message"]
    assert not any(f["code"] == "NOT_AVAILABLE_IN_FLOW_TYPE" for f in findings)


def test_flow_type_given_on_the_command_line_decides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = validate(tmp_path, _loop_prompts(), capsys, "--flow-type", "CONTACT_FLOW")
    assert status == 1
    assert codes(findings, "-") == []
    assert codes(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]


def test_the_simulator_runs_an_undeclared_flow_as_the_type_its_blocks_allow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, result = simulate(tmp_path, _loop_prompts(flow_end="EndFlowExecution"), capsys)
    assert (status, result["flow_type"], result["ended"]) == (0, "CUSTOMER_QUEUE", "ENDED")


def test_the_transcript_says_which_type_an_undeclared_flow_runs_as_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, _loop_prompts(flow_end="EndFlowExecution"))
    assert main(["simulate", path]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Runs as")]
    assert line.startswith("Runs as: CUSTOMER_QUEUE (no type declared: ")
    assert "least restrictive" in line
    # A flow that says its type needs no such line.
    declared = _loop_prompts(flow_end="EndFlowExecution")
    declared["Metadata"] = {"type": "customerQueue"}
    assert main(["simulate", write(tmp_path, declared)]) == 0
    assert "Runs as" not in capsys.readouterr().out


def _attributes_then_end(**metadata: str) -> dict[str, Any]:
    return one_block("UpdateContactAttributes", {"Attributes": {"a": "1"}}, **metadata)


def test_simulate_flow_type_decides_for_a_flow_that_declares_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End flow / Resume disconnects in an inbound flow only: the type given decides."""
    status, result = simulate(tmp_path, _attributes_then_end(), capsys)
    assert (status, result["flow_type"], result["ended"]) == (0, "CONTACT_FLOW", "DISCONNECTED")
    status, result = simulate(
        tmp_path, _attributes_then_end(), capsys, "--flow-type", "customer-queue"
    )
    assert (status, result["flow_type"], result["ended"]) == (0, "CUSTOMER_QUEUE", "ENDED")
    assert result["flow_type_reason"] == "--flow-type CUSTOMER_QUEUE"
    path = write(tmp_path, _attributes_then_end())
    assert main(["simulate", path, "--flow-type", "CUSTOMER_QUEUE"]) == 0
    runs_as = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Runs as")]
    assert runs_as == ["Runs as: CUSTOMER_QUEUE (--flow-type CUSTOMER_QUEUE)"]


def test_simulate_flow_type_agreeing_with_the_declared_type_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _attributes_then_end(metadata_type="customerQueue")
    status, result = simulate(tmp_path, content, capsys, "--flow-type", "CUSTOMER_QUEUE")
    assert (status, result["ended"]) == (0, "ENDED")


@pytest.mark.parametrize(
    ("flow_type", "expected"),
    [
        ("CONTACT_FLOW", 'declares CUSTOMER_QUEUE (its Metadata.type says "customerQueue")'),
        ("QUEUE", "'QUEUE' is not a flow type; expected one of CONTACT_FLOW, "),
    ],
    ids=["contradicts-the-file", "no-flow-type"],
)
def test_simulate_flow_type_refuses_a_wrong_or_contradicting_type_with_one_line(
    flow_type: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, _attributes_then_end(metadata_type="customerQueue"))
    assert main(["simulate", path, "--flow-type", flow_type]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("simulate: --flow-type ")
    assert expected in line
