"""Queues and transfers: queue outcomes, hours, metrics, callbacks and transfer to a phone number,
on small hand-written flows."""

from __future__ import annotations

from flows.simulator import (
    ANY,
    ContactSetup,
    Ended,
    HoursOutcome,
    QueueOutcome,
    Script,
    Simulator,
    Transition,
    simulate,
)
from tests.unit.simulator_flows import action, flow, say

NME = {"NoMatchingError": "error"}
INSTANCE = "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
QUEUE_ARN = f"{INSTANCE}/queue/11111111-2222-4333-8444-555555555555"
OTHER_QUEUE_ARN = f"{INSTANCE}/queue/99999999-2222-4333-8444-555555555555"
HOURS_ARN = f"{INSTANCE}/operating-hours/aaaaaaaa-2222-4333-8444-555555555555"
NAMES = ContactSetup(queue_names={QUEUE_ARN: "Sales", OTHER_QUEUE_ARN: "Overflow"})


def set_queue(next_action: str = "transfer") -> dict[str, object]:
    return action("setqueue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, next_action, NME)


def transfer() -> dict[str, object]:
    return action("transfer", "TransferContactToQueue", errors={"QueueAtCapacity": "no", **NME})


# --- Transfer to queue ---


def test_a_transfer_assumes_the_queue_has_room() -> None:
    result = simulate(flow(set_queue(), transfer()), NAMES)
    assert result.ended is Ended.TRANSFERRED_TO_QUEUE
    assert result.steps[1].assumptions == ["queue Sales has room for the contact"]


def test_a_scripted_substitute_queue_receives_the_contact() -> None:
    script = Script(outcomes=[("transfer", QueueOutcome(substitute=OTHER_QUEUE_ARN))])
    result = simulate(flow(set_queue(), transfer()), NAMES, script=script)
    assert (result.ended, result.queue, result.queue_arn) == (
        Ended.TRANSFERRED_TO_QUEUE,
        "Overflow",
        OTHER_QUEUE_ARN,
    )


def test_a_queue_outcome_keyed_by_the_queue_arn_takes_its_error() -> None:
    script = Script(outcomes=[(QUEUE_ARN, QueueOutcome(error="NoMatchingError"))])
    result = simulate(flow(set_queue(), transfer()), NAMES, script=script)
    assert result.path[-1] == "error"


# --- Check hours of operation ---


def hours() -> dict[str, object]:
    return action(
        "hours",
        "CheckHoursOfOperation",
        {"HoursOfOperationId": HOURS_ARN},
        errors=NME,
        conditions=[("Equals", "True", "yes"), ("Equals", "False", "no")],
    )


def test_unscripted_hours_are_assumed_open() -> None:
    result = simulate(flow(hours()))
    assert result.path == ["hours", "yes"]
    assert result.steps[0].assumptions == ["the contact center is open (in hours)"]


def test_hours_scripted_by_their_id_answer_out_of_hours() -> None:
    script = Script(outcomes=[(HOURS_ARN, HoursOutcome(in_hours=False))])
    result = simulate(flow(hours()), script=script)
    assert result.path == ["hours", "no"]
    assert result.steps[0].assumptions == []


def test_hours_scripted_with_an_error_take_the_error_branch() -> None:
    script = Script(standing=[(ANY, HoursOutcome(error="NoMatchingError"))])
    assert simulate(flow(hours()), script=script).path == ["hours", "error"]


# --- Check queue status / Check staffing, Get queue metrics ---


def check_metric(metric: str, operator: str, operand: str) -> dict[str, object]:
    return action(
        "check",
        "CheckMetricData",
        {"MetricType": metric},
        errors={"NoMatchingCondition": "no", **NME},
        conditions=[(operator, operand, "yes")],
    )


def test_check_staffing_compares_the_scripted_number_of_agents() -> None:
    script = Script(metrics={"Agents.Online.Count": "0"})
    content = flow(
        set_queue("check"), check_metric("NumberOfAgentsOnline", "NumberGreaterThan", "0")
    )
    result = simulate(content, script=script)
    assert result.path == ["setqueue", "check", "no"]
    assert result.steps[1].assumptions == []


def test_unscripted_staffing_is_assumed_to_be_one_agent_online() -> None:
    content = flow(
        set_queue("check"), check_metric("NumberOfAgentsOnline", "NumberGreaterThan", "0")
    )
    result = simulate(content)
    assert result.path == ["setqueue", "check", "yes"]
    assert result.steps[1].assumptions == [
        "NumberOfAgentsOnline is 1 (not scripted; --metric NumberOfAgentsOnline=N sets it)"
    ]


def test_check_queue_status_compares_the_oldest_contact_age() -> None:
    script = Script(metrics={"Queue.OldestContactAge": "600"})
    content = flow(
        set_queue("check"),
        check_metric("OldestContactInQueueAgeSeconds", "NumberLessThan", "300"),
    )
    assert simulate(content, script=script).path == ["setqueue", "check", "no"]


def test_check_metric_data_without_any_queue_takes_the_error_branch() -> None:
    result = simulate(flow(check_metric("NumberOfContactsInQueue", "NumberLessThan", "5")))
    assert result.path == ["check", "error"]


def test_check_metric_data_with_an_unknown_metric_takes_the_error_branch() -> None:
    result = simulate(flow(set_queue("check"), check_metric("AgentsOnline", "Equals", "1")))
    assert result.path == ["setqueue", "check", "error"]


def get_metrics() -> dict[str, object]:
    return action("metrics", "GetMetricData", {"QueueId": QUEUE_ARN}, "say", NME)


def test_get_queue_metrics_loads_scripted_and_default_values_into_metrics() -> None:
    script = Script(metrics={"Queue.Size": "12"})
    content = flow(
        get_metrics(),
        say("say", "$.Metrics.Queue.Name $.Metrics.Queue.Size $.Metrics.Agents.Online.Count"),
    )
    result = simulate(content, NAMES, script=script)
    assert result.prompts == ["Sales 12 1"]
    assert "Agents.Online.Count=1" in result.steps[0].assumptions[0]


def test_get_queue_metrics_without_any_queue_takes_the_error_branch() -> None:
    content = flow(action("metrics", "GetMetricData", {}, "yes", NME))
    assert simulate(content).path == ["metrics", "error"]


# --- Transfer to queue (callback) ---


def callback(parameters: dict[str, object] | None = None) -> dict[str, object]:
    return action(
        "callback",
        "CreateCallbackContact",
        parameters
        or {
            "InitialCallDelaySeconds": "5",
            "MaximumConnectionAttempts": "1",
            "RetryDelaySeconds": "600",
        },
        "yes",
        NME,
    )


def test_a_callback_to_the_callers_number_is_recorded_with_the_working_queue() -> None:
    result = simulate(flow(set_queue("callback"), callback()), NAMES)
    assert result.path == ["setqueue", "callback", "yes"]
    assert result.callbacks == [
        {
            "number": "+14155550100",
            "queue": "Sales",
            "queue_arn": QUEUE_ARN,
            "InitialCallDelaySeconds": 5,
            "MaximumConnectionAttempts": 1,
            "RetryDelaySeconds": 600,
        }
    ]


def test_a_callback_dials_the_number_set_by_set_callback_number() -> None:
    number = action(
        "number",
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.Attributes.n"},
        "callback",
        {"InvalidCallbackNumber": "error"},
    )
    content = flow(number, callback({"QueueId": QUEUE_ARN}))
    result = simulate(content, ContactSetup(attributes={"n": "+442079460958"}))
    assert [c["number"] for c in result.callbacks] == ["+442079460958"]


def test_a_callback_without_any_queue_takes_the_error_branch() -> None:
    result = simulate(flow(callback()))
    assert (result.path, result.callbacks) == (["callback", "error"], [])


# --- Transfer to phone number ---


def to_number(number: str = "+442079460958", resume: str | None = None) -> dict[str, object]:
    parameters: dict[str, object] = {
        "ThirdPartyPhoneNumber": number,
        "ThirdPartyConnectionTimeLimitSeconds": "30",
    }
    if resume is not None:
        parameters["ContinueFlowExecution"] = resume
    return action(
        "dial",
        "TransferParticipantToThirdParty",
        parameters,
        "yes",
        {"CallFailed": "no", "ConnectionTimeLimitExceeded": "other", **NME},
    )


def test_transfer_to_phone_number_without_resume_leaves_the_flow_to_the_number() -> None:
    result = simulate(flow(to_number(resume="False")))
    assert (result.ended, result.transferred_to) == (
        Ended.TRANSFERRED_TO_PHONE_NUMBER,
        "+442079460958",
    )
    assert result.path == ["dial"]


def test_transfer_to_phone_number_without_resume_counts_success_as_leaving_the_flow() -> None:
    simulator = Simulator(flow(to_number(resume="False")))
    assert Transition("dial", "Success", None) in simulator.flow.transitions()


def test_transfer_to_phone_number_resumes_the_flow_by_default_as_assumed() -> None:
    result = simulate(flow(to_number()))
    assert result.path == ["dial", "yes"]
    assert result.steps[0].assumptions == [
        "+442079460958 answers and hangs up first; the flow resumes"
    ]


def test_a_number_that_is_not_e164_fails_the_call() -> None:
    assert simulate(flow(to_number("0800 123"))).path == ["dial", "no"]


def test_a_scripted_connection_time_limit_takes_its_branch() -> None:
    script = Script(failures={"dial": "ConnectionTimeLimitExceeded"})
    assert simulate(flow(to_number()), script=script).path == ["dial", "other"]


def test_transfer_to_phone_number_on_a_chat_takes_the_error_branch() -> None:
    result = simulate(flow(to_number()), ContactSetup(channel="CHAT"))
    assert result.path == ["dial", "error"]


def test_substitute_hours_are_noted_and_still_assumed_open() -> None:
    script = Script(outcomes=[(HOURS_ARN, HoursOutcome(substitute="always-open-hours"))])
    result = simulate(flow(hours()), script=script)
    assert result.path == ["hours", "yes"]
    assert result.notes == ["scripted: the hours always-open-hours are checked instead"]
    assert result.steps[0].assumptions == ["the contact center is open (in hours)"]
