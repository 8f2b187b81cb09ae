"""scripts/run_connect_tests.py against botocore's Stubber on the installed Connect service model
(moto has no Connect). A fake clock moves only when the tool sleeps, so polling, pacing,
throttling and timeouts take no real time, and the order of the stubbed answers is the order of
the calls the tool must make."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.stub import ANY, Stubber

from scripts.run_connect_tests import connect_client, describe_record, main

INSTANCE_ID = "00000000-0000-4000-8000-000000000000"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:111111111111:instance/{INSTANCE_ID}"
STARTED = datetime(2026, 2, 18, 12, 0, tzinfo=UTC)


class FakeClock:
    """Time in seconds that advances only when the tool sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def connect() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "connect",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def case_summary(case_id: str, name: str, status: str = "PUBLISHED") -> dict[str, Any]:
    return {
        "Id": case_id,
        "Arn": f"{INSTANCE_ARN}/test-case/{case_id}",
        "Name": name,
        "Status": status,
    }


def list_cases(
    stubber: Stubber,
    *summaries: dict[str, Any],
    token: str | None = None,
    next_token: str | None = None,
) -> None:
    """One page of ListTestCases: asked with ``token``, answering ``next_token``."""
    params: dict[str, Any] = {"InstanceId": INSTANCE_ID, "MaxResults": 1000}
    if token:
        params["NextToken"] = token
    response: dict[str, Any] = {"TestCaseSummaryList": list(summaries)}
    if next_token:
        response["NextToken"] = next_token
    stubber.add_response("list_test_cases", response, params)


def start(stubber: Stubber, case_id: str) -> None:
    stubber.add_response(
        "start_test_case_execution",
        {"TestCaseExecutionId": f"x-{case_id}", "TestCaseId": case_id, "Status": "INITIATED"},
        {"InstanceId": INSTANCE_ID, "TestCaseId": case_id, "ClientToken": ANY},
    )


def summary(stubber: Stubber, case_id: str, status: str, passed: int = 3, failed: int = 0) -> None:
    response: dict[str, Any] = {"StartTime": STARTED, "Status": status}
    if status in ("PASSED", "FAILED"):
        response["ObservationSummary"] = {
            "TotalObservations": passed + failed,
            "ObservationsPassed": passed,
            "ObservationsFailed": failed,
        }
    stubber.add_response(
        "get_test_case_execution_summary",
        response,
        {"InstanceId": INSTANCE_ID, "TestCaseId": case_id, "TestCaseExecutionId": f"x-{case_id}"},
    )


def records(stubber: Stubber, case_id: str, *entries: dict[str, Any]) -> None:
    stubber.add_response(
        "list_test_case_execution_records",
        {"ExecutionRecords": list(entries)},
        {
            "InstanceId": INSTANCE_ID,
            "TestCaseId": case_id,
            "TestCaseExecutionId": f"x-{case_id}",
            "MaxResults": 100,
        },
    )


def record(observation: str, status: str, text: str) -> dict[str, Any]:
    return {"ObservationId": observation, "Status": status, "Timestamp": STARTED, "Record": text}


def throttled(stubber: Stubber, operation: str, code: str = "ThrottlingException") -> None:
    stubber.add_client_error(operation, code, "Rate exceeded", http_status_code=429)


def run_tool(client: Any, clock: FakeClock, *extra: str) -> int:
    return main(
        ["--instance-arn", INSTANCE_ARN, *extra], connect=client, clock=clock, sleep=clock.sleep
    )


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one error line, got {lines}"
    assert lines[0].startswith("run_connect_tests.py: error: "), lines[0]
    return lines[0].removeprefix("run_connect_tests.py: error: ")


# --- verdicts ------------------------------------------------------------------------------


def test_only_published_cases_with_the_prefix_run_and_all_passing_exits_0(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(
        stubber,
        case_summary("c-2", "lookup-STANDARD"),
        case_summary("c-9", "lookup-DRAFT", status="SAVED"),
        case_summary("c-7", "other-case"),
        next_token="page-2",
    )
    list_cases(stubber, case_summary("c-1", "lookup-CLOSED"), token="page-2")
    start(stubber, "c-1")
    start(stubber, "c-2")
    summary(stubber, "c-1", "PASSED")
    summary(stubber, "c-2", "PASSED", passed=4)

    status = run_tool(client, clock, "--name-prefix", "lookup-")

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        f"instance {INSTANCE_ID}: 2 published test cases, at most 5 at once",
        "PASSED  lookup-CLOSED  (3/3 observations passed, 1 s)",
        "PASSED  lookup-STANDARD  (4/4 observations passed, 1 s)",
        "2 test cases: 2 passed, 0 failed",
    ]


def test_a_failed_case_prints_its_failed_observations_and_exits_1(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "lookup-CLOSED"))
    start(stubber, "c-1")
    summary(stubber, "c-1", "FAILED", passed=1, failed=1)
    observed = {"Type": "OBSERVATION", "Event": {"Properties": {"Text": "all agents are busy"}}}
    records(
        stubber,
        "c-1",
        record("start", "PASSED", "{}"),
        record("greeting", "FAILED", json.dumps(observed)),
    )

    status = run_tool(client, clock)

    assert status == 1
    assert capsys.readouterr().out.splitlines()[1:] == [
        "FAILED  lookup-CLOSED  (FAILED: 1 of 2 observations failed, 0 s)",
        "    observation 'greeting': FAILED: observed \"all agents are busy\"",
        "1 test case: 0 passed, 1 failed",
    ]


def test_at_most_five_run_at_once_and_the_sixth_starts_when_one_ends(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    ids = [f"c-{n}" for n in range(1, 7)]
    list_cases(stubber, *(case_summary(case_id, f"case-{case_id}") for case_id in ids))
    for case_id in ids[:5]:
        start(stubber, case_id)
    summary(stubber, "c-1", "PASSED")
    for case_id in ids[1:5]:
        summary(stubber, case_id, "IN_PROGRESS")
    start(stubber, "c-6")  # only now: c-1 has ended
    for case_id in ids[1:]:
        summary(stubber, case_id, "PASSED")

    status = run_tool(client, clock)

    assert status == 0
    assert capsys.readouterr().out.splitlines()[-1] == "6 test cases: 6 passed, 0 failed"


def test_no_two_calls_are_less_than_half_a_second_apart(
    connect: tuple[Any, Stubber], clock: FakeClock
) -> None:
    client, stubber = connect
    call_times: list[float] = []
    client.meta.events.register(
        "before-parameter-build.connect", lambda **_: call_times.append(clock.now)
    )
    list_cases(stubber, case_summary("c-1", "a"), case_summary("c-2", "b"))
    start(stubber, "c-1")
    start(stubber, "c-2")
    summary(stubber, "c-1", "IN_PROGRESS")
    summary(stubber, "c-2", "IN_PROGRESS")
    summary(stubber, "c-1", "PASSED")
    summary(stubber, "c-2", "PASSED")

    run_tool(client, clock)

    gaps = [later - earlier for earlier, later in itertools.pairwise(call_times)]
    assert len(call_times) == 7
    assert min(gaps) >= 0.5, f"calls at {call_times}"


def test_running_cases_are_polled_every_five_seconds(
    connect: tuple[Any, Stubber], clock: FakeClock
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "a"))
    start(stubber, "c-1")
    summary(stubber, "c-1", "INITIATED")
    summary(stubber, "c-1", "IN_PROGRESS")
    summary(stubber, "c-1", "PASSED")

    run_tool(client, clock)

    assert clock.sleeps == [0.5, 0.5, 5.0, 5.0]


# --- throttling and time limits ------------------------------------------------------------


def test_a_throttled_poll_is_retried_after_backing_off(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "a"))
    start(stubber, "c-1")
    throttled(stubber, "get_test_case_execution_summary")
    throttled(stubber, "get_test_case_execution_summary", "TooManyRequestsException")
    summary(stubber, "c-1", "PASSED")

    status = run_tool(client, clock)

    assert status == 0
    assert clock.sleeps == [0.5, 0.5, 1.0, 2.0]
    assert capsys.readouterr().out.splitlines()[-1] == "1 test case: 1 passed, 0 failed"


def test_a_start_refused_for_the_instance_quota_waits_and_retries(
    connect: tuple[Any, Stubber], clock: FakeClock
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "a"))
    stubber.add_client_error(
        "start_test_case_execution",
        "ServiceQuotaExceededException",
        "Failed to start execution of test case due to limit reached",
        http_status_code=402,
    )
    start(stubber, "c-1")
    summary(stubber, "c-1", "PASSED")

    assert run_tool(client, clock) == 0
    assert clock.sleeps == [0.5, 1.0, 0.5], "pace, back off once, pace"


def test_throttling_that_lasts_is_an_aws_error_exit_2(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "a"))
    start(stubber, "c-1")
    for _ in range(9):
        throttled(stubber, "get_test_case_execution_summary")

    status = run_tool(client, clock)

    assert status == 2
    assert one_error_line(capsys.readouterr().err) == (
        "connect GetTestCaseExecutionSummary on test case 'a' failed: ThrottlingException: Rate "
        "exceeded (throttled; try again in a moment) - still throttled after 9 attempts"
    )
    assert clock.sleeps[-8:] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_a_case_that_never_finishes_within_the_timeout_is_stopped_and_fails(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "lookup-HANG"))
    start(stubber, "c-1")  # at 0.5 s
    summary(stubber, "c-1", "IN_PROGRESS")  # at 1 s
    summary(stubber, "c-1", "IN_PROGRESS")  # at 6 s
    summary(stubber, "c-1", "IN_PROGRESS")  # at 11 s
    summary(stubber, "c-1", "IN_PROGRESS")  # at 16 s: 15.5 s since the start, over 12
    stubber.add_response(
        "stop_test_case_execution",
        {},
        {
            "InstanceId": INSTANCE_ID,
            "TestCaseId": "c-1",
            "TestCaseExecutionId": "x-c-1",
            "ClientToken": ANY,
        },
    )
    records(stubber, "c-1", record("greeting", "IN_PROGRESS", "waiting"))

    status = run_tool(client, clock, "--timeout", "12")

    assert status == 1
    assert capsys.readouterr().out.splitlines()[1:] == [
        "FAILED  lookup-HANG  (no verdict within 12 s; last status IN_PROGRESS; stopped)",
        "    observation 'greeting': IN_PROGRESS: waiting",
        "1 test case: 0 passed, 1 failed (1 timed out)",
    ]
    assert clock.now < 20, "the run should end soon after the timeout, in fake seconds"


# --- reports and bad input -----------------------------------------------------------------


def test_the_junit_report_has_one_testcase_per_case(
    connect: tuple[Any, Stubber], clock: FakeClock, tmp_path: Path
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "lookup-CLOSED"), case_summary("c-2", "lookup-GOLD"))
    start(stubber, "c-1")
    start(stubber, "c-2")
    summary(stubber, "c-1", "FAILED", passed=1, failed=1)
    records(stubber, "c-1", record("greeting", "FAILED", "not matched"))
    summary(stubber, "c-2", "PASSED")
    report = tmp_path / "connect-tests.xml"

    status = run_tool(client, clock, "--junit", str(report))

    root = ET.parse(report).getroot()  # noqa: S314 - the tool's own report
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert status == 1
    assert sorted(cases) == ["lookup-CLOSED", "lookup-GOLD"]
    failure = cases["lookup-CLOSED"].find("failure")
    assert failure is not None
    assert (
        failure.get("message") == "FAILED lookup-CLOSED (FAILED: 1 of 2 observations failed, 1 s)"
    )
    assert failure.text is not None
    assert "observation 'greeting': FAILED: not matched" in failure.text
    assert cases["lookup-GOLD"].find("failure") is None


def test_an_aws_error_is_one_line_with_its_code_and_exit_2(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    stubber.add_client_error(
        "list_test_cases", "AccessDeniedException", "User is not authorized", http_status_code=403
    )

    status = run_tool(client, clock)

    assert status == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"connect ListTestCases on instance {INSTANCE_ID} failed: AccessDeniedException: User is "
        "not authorized (the credentials in use may not do this; check the profile)"
    )


def test_no_published_case_with_the_prefix_is_bad_input(
    connect: tuple[Any, Stubber], clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    client, stubber = connect
    list_cases(stubber, case_summary("c-1", "lookup-DRAFT", status="SAVED"))

    status = run_tool(client, clock, "--name-prefix", "lookup-")

    assert status == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"instance {INSTANCE_ID} has no published test case whose name starts with 'lookup-'"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--instance-arn", "arn:aws:connect:us-east-1:111111111111:instance/nope"],
            "--instance-arn: 'arn:aws:connect:us-east-1:111111111111:instance/nope' is not a "
            "Connect instance ARN; expected arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE-UUID",
        ),
        (
            ["--instance-arn", INSTANCE_ARN, "--region", "eu-west-2"],
            "--region eu-west-2 contradicts the instance ARN's region us-east-1; give one or the "
            "other",
        ),
        (
            ["--instance-arn", INSTANCE_ARN, "--timeout", "0"],
            "--timeout 0: expected seconds above 0",
        ),
        (
            ["--instance-arn", INSTANCE_ARN, "--junit", "/nonexistent-dir/report.xml"],
            "--junit /nonexistent-dir/report.xml: the directory /nonexistent-dir does not exist",
        ),
    ],
    ids=["bad-arn", "region-contradicts", "timeout-zero", "junit-dir-missing"],
)
def test_bad_input_is_one_line_and_exit_2_before_any_call(
    connect: tuple[Any, Stubber],
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    client, _ = connect  # no stubbed answers: any call would fail the test

    status = main(arguments, connect=client, clock=clock, sleep=clock.sleep)

    assert status == 2
    assert one_error_line(capsys.readouterr().err) == message


def test_a_record_that_is_not_json_is_shown_shortened_on_one_line() -> None:
    text = "line one\nline two " + "x" * 400

    shown = describe_record({"ObservationId": "menu", "Status": "FAILED", "Record": text})

    assert shown.startswith("observation 'menu': FAILED: line one line two xxx")
    assert len(shown) == len("observation 'menu': FAILED: ") + 300
    assert shown.endswith("...")


def test_a_completion_record_shows_its_reason() -> None:
    completion = {
        "Type": "COMPLETION",
        "CompletionReason": {
            "FailureReasons": ["INITIALIZATION_FAILURE"],
            "Message": "Failed to start execution of test case due to limit reached",
        },
    }

    shown = describe_record(
        {"ObservationId": "run", "Status": "FAILED", "Record": json.dumps(completion)}
    )

    assert shown == (
        "observation 'run': FAILED: INITIALIZATION_FAILURE; Failed to start execution of test "
        "case due to limit reached"
    )


# --- the real client ---------------------------------------------------------------------


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def test_the_client_reads_timestamps_given_in_epoch_milliseconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    client = connect_client(None, "us-east-1")
    body = json.dumps({"StartTime": 1771416000123, "Status": "IN_PROGRESS"}).encode()

    def answer(**_: Any) -> AWSResponse:
        return AWSResponse("https://connect.us-east-1.amazonaws.com", 200, {}, _Body(body))

    client.meta.events.register("before-send.connect.GetTestCaseExecutionSummary", answer)

    response = client.get_test_case_execution_summary(
        InstanceId=INSTANCE_ID, TestCaseId="c-1", TestCaseExecutionId="x-c-1"
    )

    assert response["StartTime"] == datetime(2026, 2, 18, 12, 0, 0, 123000, tzinfo=UTC)
