"""Smoke-test a deployed customer-lookup function the way Amazon Connect calls it.

    python scripts/smoke_test.py --function ARN_OR_NAME --phone +14155550100
        [--qualifier ALIAS_OR_VERSION] [--expect-status FOUND] [--time-limit 3]
        [--region REGION] [--profile P]

Invokes the function once (synchronously, like an Invoke AWS Lambda function block) with the
event Connect sends for a voice call from --phone, then judges the answer as Connect would: no
function error, answered within the block's time limit, under 32 KB, a flat STRING_MAP; and the
lookupStatus the flow branches on. Prints a pass/fail table. Exit status: 0 all checks pass,
1 a check fails, 2 bad input or an AWS error (the function could not be invoked at all).

Test what Connect calls: the deployed flow names the function's alias (``...:live``), so give that
ARN, or ``--qualifier live``; the bare function is another resource, with its own permissions.

The time is measured here, so it includes the network between this machine and the function's
region; Connect, calling from inside the region, sees a little less. A first call after a
deployment may include a cold start, which Connect's first caller also sees.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ReadTimeoutError

from customer_lookup.customers import ERROR, FOUND, INVALID_INPUT, NOT_FOUND
from flows.language.arns import ArnError, parse_lambda_function
from flows.language.connect_lambda import contact_event, judge_response
from flows.language.facts import (
    DEFAULT_INVOCATION_SECONDS,
    MAX_INVOCATION_SECONDS,
    MAX_LAMBDA_RESPONSE_BYTES,
)
from scripts.aws_errors import AwsProblem, describe, function_not_found
from scripts.command_line import (
    EXIT_FAILED,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    counted,
    fail,
    function_region,
    run_main,
    with_qualifier,
)

PROG = "smoke_test.py"
LOOKUP_STATUSES = (FOUND, NOT_FOUND, INVALID_INPUT, ERROR)
DEFAULT_TIME_LIMIT_S = float(DEFAULT_INVOCATION_SECONDS)  # the block's default
MAX_TIME_LIMIT_S = float(MAX_INVOCATION_SECONDS)  # the block's maximum
# How much longer than the limit to keep waiting, so a slow answer is measured, not just cut.
LATE_ANSWER_GRACE_S = 5.0

# boto3's lambda ``invoke``: keyword arguments in, the response mapping out. Injected by tests.
Invoke = Callable[..., Mapping[str, Any]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class Invocation:
    """What came back, and how long it took; ``payload`` is None when no answer came."""

    elapsed_s: float
    status_code: int | None = None
    function_error: str | None = None
    payload: bytes | None = None


@dataclass(frozen=True)
class Check:
    name: str
    outcome: str  # PASS, FAIL, or SKIP (nothing to judge because an earlier check failed)
    detail: str


def invoke_as_connect(
    invoke: Invoke,
    function: str,
    event: Mapping[str, Any],
    clock: Clock,
    *,
    qualifier: str | None = None,
) -> Invocation:
    """One synchronous invocation, timed. Raises :class:`AwsProblem` if it cannot be made.

    ``function`` is the unqualified name or ARN; ``qualifier`` the alias or version, if any.
    """
    started = clock()
    shown = f"{function}:{qualifier}" if qualifier else function
    request: dict[str, Any] = {
        "FunctionName": function,
        "InvocationType": "RequestResponse",
        "Payload": json.dumps(event).encode("utf-8"),
    }
    if qualifier:
        request["Qualifier"] = qualifier
    try:
        response = invoke(**request)
    except ReadTimeoutError:
        return Invocation(elapsed_s=clock() - started)
    except ClientError as exc:
        problem = describe(f"lambda Invoke on {shown!r}", exc)
        if problem.code == "ResourceNotFoundException":
            problem = function_not_found(repr(shown), "Invoke")
        raise problem from exc
    except BotoCoreError as exc:
        raise describe(f"lambda Invoke on {shown!r}", exc) from exc
    payload = response.get("Payload", b"")
    # The answer has arrived once the payload is read: the stream is part of the response time.
    raw = payload.read() if hasattr(payload, "read") else bytes(payload)
    return Invocation(
        elapsed_s=clock() - started,
        status_code=int(response.get("StatusCode", 0)),
        function_error=response.get("FunctionError"),
        payload=raw,
    )


def judge(invocation: Invocation, *, time_limit_s: float, expect_status: str | None) -> list[Check]:
    """Connect's verdict, one check per rule, plus the lookupStatus the flow branches on."""
    checks: list[Check] = []
    answered = invocation.payload is not None
    if not answered:
        checks.append(Check("invocation", "FAIL", f"no answer within {invocation.elapsed_s:.1f} s"))
    elif invocation.function_error or invocation.status_code != 200:
        checks.append(
            Check("invocation", "FAIL", _function_error(invocation) + " (Connect: Error branch)")
        )
    else:
        checks.append(Check("invocation", "PASS", f"StatusCode {invocation.status_code}"))

    in_time = invocation.elapsed_s <= time_limit_s
    checks.append(
        Check(
            "answered in time",
            "PASS" if in_time and answered else "FAIL",
            f"{invocation.elapsed_s:.3f} s, limit {time_limit_s:g} s",
        )
    )

    if checks[0].outcome == "FAIL" or invocation.payload is None:
        for name in ("under 32 KB", "STRING_MAP", "lookupStatus"):
            checks.append(Check(name, "SKIP", "no response to judge"))
        return checks

    size = len(invocation.payload)
    checks.append(
        Check(
            "under 32 KB",
            "PASS" if size < MAX_LAMBDA_RESPONSE_BYTES else "FAIL",
            f"{size} bytes of UTF-8, limit under {MAX_LAMBDA_RESPONSE_BYTES}",
        )
    )
    judgement = judge_response(invocation.payload, "STRING_MAP")
    if judgement.accepted and judgement.external is not None:
        checks.append(
            Check("STRING_MAP", "PASS", f"flat map of {len(judgement.external)} string values")
        )
        checks.append(_lookup_status(judgement.external, expect_status))
    else:
        checks.append(Check("STRING_MAP", "FAIL", f"{judgement.reason} (Connect: Error branch)"))
        checks.append(Check("lookupStatus", "SKIP", "Connect would not pass this response on"))
    return checks


def _function_error(invocation: Invocation) -> str:
    try:
        error = json.loads(invocation.payload or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        error = {}
    error = error if isinstance(error, dict) else {}
    kind = error.get("errorType") or invocation.function_error or f"HTTP {invocation.status_code}"
    message = " ".join(str(error.get("errorMessage", "")).split())[:160]
    return f"function error {kind}" + (f": {message}" if message else "")


def _lookup_status(external: Mapping[str, Any], expect_status: str | None) -> Check:
    status = external.get("lookupStatus")
    if status is None:
        return Check("lookupStatus", "FAIL", "missing from the response")
    if expect_status is not None:
        outcome = "PASS" if status == expect_status else "FAIL"
        return Check("lookupStatus", outcome, f"{status}, expected {expect_status}")
    if status not in LOOKUP_STATUSES:
        return Check("lookupStatus", "FAIL", f"{status!r}, expected one of {LOOKUP_STATUSES}")
    error_code = external.get("errorCode")
    return Check("lookupStatus", "PASS", f"{status}" + (f" ({error_code})" if error_code else ""))


def render_table(checks: Sequence[Check]) -> str:
    width = max(len("CHECK"), *(len(check.name) for check in checks)) + 2
    lines = [f"{'CHECK':{width}}{'RESULT':8}DETAIL"]
    lines += [f"{check.name:{width}}{check.outcome:8}{check.detail}" for check in checks]
    failed = [check.name for check in checks if check.outcome == "FAIL"]
    passed = sum(check.outcome == "PASS" for check in checks)
    every = "all " if passed > 1 else ""
    verdict = f"FAIL: {', '.join(failed)}" if failed else f"PASS: {every}{counted(passed, 'check')}"
    lines.append(verdict if failed else f"{verdict} passed")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="Invoke a deployed function as Amazon Connect would and judge its answer.",
    )
    parser.add_argument("--function", required=True, metavar="ARN_OR_NAME")
    parser.add_argument(
        "--qualifier",
        metavar="ALIAS_OR_VERSION",
        help="the alias (e.g. live) or version to invoke; the same as ending the ARN with :ALIAS",
    )
    parser.add_argument("--phone", required=True, help="the caller's number, e.g. +14155550100")
    parser.add_argument("--expect-status", choices=LOOKUP_STATUSES, help="lookupStatus wanted")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="SECONDS",
        help=(
            "the calling block's InvocationTimeLimitSeconds: give the flow's own (this project's "
            "flow: the context key invocation_timeout_seconds); default "
            f"{DEFAULT_TIME_LIMIT_S:g}, the block's default"
        ),
    )
    parser.add_argument("--region", help="the function's region when --function is a name")
    parser.add_argument("--profile", help="AWS profile for the function's account")
    return parser


def lambda_invoke(args: argparse.Namespace, region: str | None) -> Invoke:
    """boto3's invoke, waiting a little past the limit and never retrying: a retry would be a
    second call, and Connect's caller would already have waited for the first."""
    config = Config(
        connect_timeout=5,
        read_timeout=args.time_limit + LATE_ANSWER_GRACE_S,
        retries={"total_max_attempts": 1},
    )
    session = boto3.Session(profile_name=args.profile)
    client = session.client("lambda", region_name=region, config=config)
    invoke: Invoke = client.invoke
    return invoke


def main(
    argv: Sequence[str] | None = None,
    *,
    invoke: Invoke | None = None,
    clock: Clock = time.perf_counter,
) -> int:
    args = build_parser().parse_args(argv)
    try:
        function = with_qualifier(parse_lambda_function(args.function), args.qualifier)
    except (ArnError, BadInput) as exc:
        return fail(PROG, str(exc))
    if not 0 < args.time_limit <= MAX_TIME_LIMIT_S:
        return fail(
            PROG,
            f"--time-limit {args.time_limit:g}: expected seconds above 0 and at most "
            f"{MAX_TIME_LIMIT_S:g} (Connect waits at most {MAX_TIME_LIMIT_S:g} s)",
        )
    if not args.phone.strip():
        return fail(PROG, "--phone is empty; expected the caller's number, e.g. +14155550100")
    try:
        region = function_region(function, args.region)
        check_endpoint_environment(["Lambda"])
    except BadInput as exc:
        return fail(PROG, str(exc))

    name = str(function.unqualified_arn or function.name)
    shown = f"{name}:{function.qualifier}" if function.qualifier else name
    phone = args.phone.strip()
    event = contact_event(phone=phone, parameters={"phoneNumber": phone})
    try:
        if invoke is None:
            try:
                invoke = lambda_invoke(args, region)
            except BotoCoreError as exc:
                raise describe("opening the AWS session", exc) from exc
        invocation = invoke_as_connect(invoke, name, event, clock, qualifier=function.qualifier)
    except AwsProblem as exc:
        return fail(PROG, str(exc))

    checks = judge(invocation, time_limit_s=args.time_limit, expect_status=args.expect_status)
    print(f"function {shown}, caller {phone}, time limit {args.time_limit:g} s")
    print(render_table(checks))
    return EXIT_FAILED if any(check.outcome != "PASS" for check in checks) else EXIT_OK


if __name__ == "__main__":
    sys.exit(run_main(PROG, main))
