"""Run an Amazon Connect instance's test cases and report their verdicts.

    python scripts/run_connect_tests.py --instance-arn ARN [--name-prefix P] [--region R]
        [--profile P] [--timeout S] [--junit FILE]

Lists the instance's test cases (ListTestCases), keeps the PUBLISHED ones whose name starts with
--name-prefix (only a published case can be started), and starts them
(StartTestCaseExecution), at most 5 running at once: the instance runs at most 5 executions at
a time (https://docs.aws.amazon.com/connect/latest/adminguide/testing-simulation-execute-test-cases.html),
so the rest wait here rather than in the instance's queue. Each running execution is polled with
GetTestCaseExecutionSummary every 5 s, and no two calls are sent less than 0.5 s apart: Connect's
default API rate is 2 requests per second per account and Region, shared with everything else
the account does (https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html).
A throttled call (ThrottlingException, TooManyRequests, LimitExceeded, ServiceQuotaExceeded) is
retried after 1, 2, 4, 8, 16 then 30 s, at most 8 times in a row; botocore's own retries are off
so that this pacing is the only one.

As each case ends the tool prints ``PASSED`` or ``FAILED`` with its name, and for a failed case the
records of its observations that did not pass (ListTestCaseExecutionRecords; the ``Record``
text is undocumented: its observed text or completion message is shown when it is JSON that has
them, else the text itself, shortened). A case with no verdict within --timeout seconds of its
start (default 420: Connect ends an execution after 5 minutes, and a third party saw runs stay
IN_PROGRESS for 150 s more) is stopped (StopTestCaseExecution, best effort) and reported FAILED.
--junit writes a JUnit XML report of the run (one testcase per case) when the run completes.

Exit status: 0 every case passed, 1 a case failed, stopped or timed out, 2 bad input (no such
ARN, no published case with that prefix, an unwritable --junit path) or an AWS error (one line
with the AWS error code and message; cases already started keep running in the instance).

A third party reports that the AWS CLI fails to read these operations' timestamps (epoch
milliseconds where seconds are expected); the client here reads such a value as milliseconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.utils import parse_timestamp

from flows.language.arns import REGION, ArnError, ConnectInstanceArn, parse_connect_instance_arn
from flows.testing.junit import JUnitCase, write_junit
from scripts.aws_errors import AwsProblem, describe, error_code
from scripts.command_line import (
    EXIT_FAILED,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    counted,
    fail,
    run_main,
)

PROG = "run_connect_tests.py"
MAX_RUNNING = 5
DEFAULT_TIMEOUT_S = 420.0
POLL_INTERVAL_S = 5.0
MIN_CALL_INTERVAL_S = 0.5
THROTTLE_WAITS_S = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0)
THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "LimitExceededException",
        "ServiceQuotaExceededException",
    }
)
TERMINAL_STATUSES = ("PASSED", "FAILED", "STOPPED")
RECORD_CHARS = 300  # a record's text is shortened to this many characters

Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class CaseRef:
    """A published test case of the instance."""

    id: str
    name: str


@dataclass
class Execution:
    """One started execution and what is known about it."""

    case: CaseRef
    execution_id: str
    started_at: float
    status: str = "INITIATED"
    summary: Mapping[str, Any] = field(default_factory=dict)
    timed_out: bool = False
    stop_note: str = ""
    seconds: float = 0.0
    records: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "PASSED" and not self.timed_out


class ConnectCalls:
    """The Connect operations this tool makes, paced and retried on throttling.

    Every failure other than throttling (and throttling that lasts) is :class:`AwsProblem`.
    """

    def __init__(self, client: Any, instance_id: str, clock: Clock, sleep: Sleep) -> None:
        self.client = client
        self.instance_id = instance_id
        self.clock = clock
        self.sleep = sleep
        self._last_call: float | None = None

    def _call(self, operation: str, what: str, **params: Any) -> Any:
        method = getattr(self.client, operation)
        for attempt in range(len(THROTTLE_WAITS_S) + 1):
            self._pace()
            try:
                return method(InstanceId=self.instance_id, **params)
            except ClientError as exc:
                if error_code(exc) in THROTTLING_CODES and attempt < len(THROTTLE_WAITS_S):
                    self.sleep(THROTTLE_WAITS_S[attempt])
                    continue
                problem = describe(f"connect {what}", exc)
                if error_code(exc) in THROTTLING_CODES:
                    problem = AwsProblem(
                        f"{problem} - still throttled after {attempt + 1} attempts", problem.code
                    )
                raise problem from exc
            except BotoCoreError as exc:
                raise describe(f"connect {what}", exc) from exc
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _pace(self) -> None:
        now = self.clock()
        if self._last_call is not None and now - self._last_call < MIN_CALL_INTERVAL_S:
            self.sleep(MIN_CALL_INTERVAL_S - (now - self._last_call))
        self._last_call = self.clock()

    def published_cases(self, prefix: str) -> list[CaseRef]:
        """The published test cases whose name starts with ``prefix``, by name."""
        cases: list[CaseRef] = []
        token: str | None = None
        while True:
            page = self._call(
                "list_test_cases",
                f"ListTestCases on instance {self.instance_id}",
                MaxResults=1000,
                **({"NextToken": token} if token else {}),
            )
            for summary in page.get("TestCaseSummaryList", []):
                name = str(summary.get("Name", ""))
                if summary.get("Status") == "PUBLISHED" and name.startswith(prefix):
                    cases.append(CaseRef(id=str(summary["Id"]), name=name))
            token = page.get("NextToken")
            if not token:
                return sorted(cases, key=lambda case: (case.name, case.id))

    def start(self, case: CaseRef) -> Execution:
        response = self._call(
            "start_test_case_execution",
            f"StartTestCaseExecution on test case {case.name!r}",
            TestCaseId=case.id,
            ClientToken=str(uuid.uuid4()),  # the same token for each retry of this start
        )
        return Execution(
            case=case,
            execution_id=str(response["TestCaseExecutionId"]),
            started_at=self.clock(),
            status=str(response.get("Status", "INITIATED")),
        )

    def summary(self, execution: Execution) -> Mapping[str, Any]:
        response: Mapping[str, Any] = self._call(
            "get_test_case_execution_summary",
            f"GetTestCaseExecutionSummary on test case {execution.case.name!r}",
            TestCaseId=execution.case.id,
            TestCaseExecutionId=execution.execution_id,
        )
        return response

    def records(self, execution: Execution) -> Iterator[Mapping[str, Any]]:
        token: str | None = None
        while True:
            page = self._call(
                "list_test_case_execution_records",
                f"ListTestCaseExecutionRecords on test case {execution.case.name!r}",
                TestCaseId=execution.case.id,
                TestCaseExecutionId=execution.execution_id,
                MaxResults=100,
                **({"NextToken": token} if token else {}),
            )
            yield from page.get("ExecutionRecords", [])
            token = page.get("NextToken")
            if not token:
                return

    def stop(self, execution: Execution) -> None:
        self._call(
            "stop_test_case_execution",
            f"StopTestCaseExecution on test case {execution.case.name!r}",
            TestCaseId=execution.case.id,
            TestCaseExecutionId=execution.execution_id,
            ClientToken=str(uuid.uuid4()),
        )


def describe_record(record: Mapping[str, Any]) -> str:
    """One line for an execution record that did not pass."""
    observation = record.get("ObservationId", "?")
    status = record.get("Status", "?")
    detail = _record_detail(str(record.get("Record", "")))
    return f"observation {observation!r}: {status}" + (f": {detail}" if detail else "")


def _record_detail(text: str) -> str:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        data = None
    if isinstance(data, dict):
        parts = []
        event = data.get("Event")
        observed = event.get("Properties", {}).get("Text") if isinstance(event, dict) else None
        if isinstance(observed, str):
            parts.append(f"observed {json.dumps(observed, ensure_ascii=False)}")
        reason = data.get("CompletionReason")
        if isinstance(reason, dict):
            parts += [str(r) for r in reason.get("FailureReasons", []) if r]
            if reason.get("Message"):
                parts.append(str(reason["Message"]))
        if parts:
            return _shorten("; ".join(parts))
    return _shorten(text)


def _shorten(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= RECORD_CHARS else line[: RECORD_CHARS - 3] + "..."


def result_line(execution: Execution, timeout_s: float) -> str:
    name = execution.case.name
    seconds = f"{execution.seconds:.0f} s"
    counts = execution.summary.get("ObservationSummary") or {}
    total = counts.get("TotalObservations")
    if execution.timed_out:
        note = f"; {execution.stop_note}" if execution.stop_note else ""
        return (
            f"FAILED  {name}  (no verdict within {timeout_s:g} s; last status "
            f"{execution.status}{note})"
        )
    noun = "observation" if total == 1 else "observations"
    if execution.passed:
        shown = f"{counts.get('ObservationsPassed')}/{total} {noun} passed, " if total else ""
        return f"PASSED  {name}  ({shown}{seconds})"
    failed = f"{counts.get('ObservationsFailed')} of {total} {noun} failed, " if total else ""
    return f"FAILED  {name}  ({execution.status}: {failed}{seconds})"


def run(
    calls: ConnectCalls, cases: Sequence[CaseRef], timeout_s: float, clock: Clock, sleep: Sleep
) -> list[Execution]:
    """Start every case (at most 5 at once), poll each to its end, print each result."""
    pending = deque(cases)
    running: list[Execution] = []
    finished: list[Execution] = []
    while pending or running:
        while pending and len(running) < MAX_RUNNING:
            running.append(calls.start(pending.popleft()))
        still_running: list[Execution] = []
        for execution in running:
            execution.summary = calls.summary(execution)
            execution.status = str(execution.summary.get("Status", execution.status))
            execution.seconds = clock() - execution.started_at
            if execution.status not in TERMINAL_STATUSES and execution.seconds < timeout_s:
                still_running.append(execution)
                continue
            if execution.status not in TERMINAL_STATUSES:
                execution.timed_out = True
                execution.stop_note = _stop(calls, execution)
            if not execution.passed:
                execution.records = [
                    describe_record(record)
                    for record in calls.records(execution)
                    if record.get("Status") != "PASSED"
                ]
            print(result_line(execution, timeout_s))
            for line in execution.records:
                print(f"    {line}")
            finished.append(execution)
        running = still_running
        if running:
            sleep(POLL_INTERVAL_S)
    return finished


def _stop(calls: ConnectCalls, execution: Execution) -> str:
    try:
        calls.stop(execution)
    except AwsProblem as problem:
        return f"could not stop it: {problem}"
    return "stopped"


def junit_cases(executions: Sequence[Execution], timeout_s: float) -> list[JUnitCase]:
    cases = []
    for execution in executions:
        line = result_line(execution, timeout_s)
        cases.append(
            JUnitCase(
                name=execution.case.name,
                passed=execution.passed,
                seconds=execution.seconds,
                message="" if execution.passed else line,
                details="\n".join([line, *execution.records]),
                failure_type="TIMED_OUT" if execution.timed_out else execution.status,
            )
        )
    return cases


def lenient_timestamp(value: Any) -> datetime:
    """botocore's timestamp parser, reading epoch values too large for seconds as milliseconds."""
    try:
        parsed: datetime = parse_timestamp(value)
    except (ValueError, OverflowError, RuntimeError):
        number = _epoch_number(value)
        if number is None:
            raise
        parsed = parse_timestamp(number / 1000)
    return parsed


def _epoch_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def connect_client(profile: str | None, region: str) -> Any:
    """A Connect client for ``region`` that reads millisecond timestamps and never retries."""
    core = botocore.session.Session(profile=profile)
    core.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lenient_timestamp
    )
    session = boto3.Session(botocore_session=core)
    config = Config(connect_timeout=10, read_timeout=30, retries={"total_max_attempts": 1})
    return session.client("connect", region_name=region, config=config)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG, description="Run an Amazon Connect instance's test cases and report verdicts."
    )
    parser.add_argument("--instance-arn", required=True, metavar="ARN")
    parser.add_argument(
        "--name-prefix", default="", metavar="P", help="only test cases whose name starts with P"
    )
    parser.add_argument("--region", help="the instance's region (default: the ARN's)")
    parser.add_argument("--profile", help="AWS profile for the instance's account")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="S",
        help=f"seconds a case may take from its start (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--junit", metavar="FILE", help="write a JUnit XML report to FILE")
    return parser


def _check_input(args: argparse.Namespace) -> ConnectInstanceArn | str:
    """The instance, or the one-line message saying what is wrong with the input."""
    try:
        instance = parse_connect_instance_arn(args.instance_arn)
    except ArnError as exc:
        return f"--instance-arn: {exc}"
    if args.region is not None and not REGION.match(args.region):
        return f"--region {args.region!r} is not a region name; expected e.g. us-east-1"
    if args.region is not None and args.region != instance.region:
        return (
            f"--region {args.region} contradicts the instance ARN's region {instance.region}; "
            "give one or the other"
        )
    if not args.timeout > 0:
        return f"--timeout {args.timeout:g}: expected seconds above 0"
    try:
        check_endpoint_environment(["Connect"])
    except BadInput as exc:
        return str(exc)
    if args.junit is not None:
        directory = Path(args.junit).resolve().parent
        if not directory.is_dir():
            return f"--junit {args.junit}: the directory {directory} does not exist"
        if Path(args.junit).is_dir():
            return f"--junit {args.junit} is a directory; expected a file name"
    return instance


def main(
    argv: Sequence[str] | None = None,
    *,
    connect: Any = None,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> int:
    args = build_parser().parse_args(argv)
    checked = _check_input(args)
    if isinstance(checked, str):
        return fail(PROG, checked)
    instance = checked
    try:
        if connect is None:
            try:
                connect = connect_client(args.profile, instance.region)
            except BotoCoreError as exc:
                raise describe("opening the AWS session", exc) from exc
        calls = ConnectCalls(connect, instance.instance_id, clock, sleep)
        cases = calls.published_cases(args.name_prefix)
        if not cases:
            prefix = f" whose name starts with {args.name_prefix!r}" if args.name_prefix else ""
            return fail(PROG, f"instance {instance.instance_id} has no published test case{prefix}")
        print(
            f"instance {instance.instance_id}: {counted(len(cases), 'published test case')}, "
            f"at most {MAX_RUNNING} at once"
        )
        executions = run(calls, cases, args.timeout, clock, sleep)
    except AwsProblem as problem:
        return fail(PROG, str(problem))

    passed = sum(execution.passed for execution in executions)
    timed_out = sum(execution.timed_out for execution in executions)
    failed = len(executions) - passed
    print(
        f"{counted(len(executions), 'test case')}: "
        f"{passed} passed, {failed} failed" + (f" ({timed_out} timed out)" if timed_out else "")
    )
    if args.junit is not None:
        try:
            write_junit(
                args.junit,
                f"Amazon Connect test cases, instance {instance.instance_id}",
                junit_cases(executions, args.timeout),
            )
        except OSError as exc:
            return fail(PROG, f"--junit {args.junit}: cannot write: {exc.strerror or exc}")
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(run_main(PROG, main))
