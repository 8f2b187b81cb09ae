"""Give an Amazon Connect instance access to an existing Lambda function, in any region or account.

    python scripts/grant_connect_access.py --function ARN_OR_NAME --instance-arn ARN
        [--qualifier ALIAS_OR_VERSION] [--region REGION] [--profile P] [--connect-profile P]
        [--statement-id ID] [--replace] [--no-associate] [--check] [--dry-run]

Two things make a function usable from a flow (see /work/shared/reference/connect-flows.md):

1. the function's resource policy lets ``connect.amazonaws.com`` invoke it, scoped to the
   instance (source account and source ARN: the confused-deputy protection);
2. when the function is in the instance's region and account, the instance's list of associated
   functions names it (Connect AssociateLambdaFunction), so it can be picked in the flow editor.
   A function in another region or account cannot be associated: the flow's block names its ARN.

Name what Connect calls: a permission covers only the ARN it was added for, so a flow that calls
``my-function:live`` needs the grant on ``:live`` (``--qualifier live``, or an ARN ending in
``:live``); a statement on the bare function does not let Connect call the alias, and ``--check``
says so when that is all there is.
https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html

Every read happens before the first write, so bad input, a missing function, an unknown instance
or denied access stop the run before anything changes. Exit status: 0 done or in place, 1 (with
--check) something is missing, 2 bad input or an AWS error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from flows.language.arns import (
    MAX_ASSOCIATED_FUNCTION_ARN_LENGTH,
    ArnError,
    ConnectInstanceArn,
    LambdaFunctionRef,
    parse_connect_instance_arn,
    parse_lambda_function,
)
from scripts.aws_errors import AwsProblem, describe, error_code, function_not_found
from scripts.command_line import (
    EXIT_FAILED,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    fail,
    function_region,
    run_main,
    with_qualifier,
)
from scripts.connect_lambda_policy import (
    CONNECT_PRINCIPAL,
    INVOKE_ACTION,
    ConnectGrant,
    PermissionState,
    PermissionStatus,
    PolicyStatement,
    default_statement_id,
    parse_policy,
    permission_state,
)

PROG = "grant_connect_access.py"
STATEMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")  # Lambda's AddPermission StatementId


@dataclass(frozen=True)
class Target:
    """What the command line asks for, checked before any AWS call."""

    instance: ConnectInstanceArn
    function: LambdaFunctionRef
    function_region: str
    statement_id: str


@dataclass(frozen=True)
class Clients:
    """``lambda_`` speaks for the function's account, ``connect`` for the instance's."""

    lambda_: Any
    connect: Any


ClientFactory = Callable[[argparse.Namespace, Target], Clients]


def aws_clients(args: argparse.Namespace, target: Target) -> Clients:
    """One session per account: --profile for the function, --connect-profile for the instance
    (defaulting to --profile when both live in the same account)."""
    function_session = boto3.Session(profile_name=args.profile)
    connect_session = boto3.Session(profile_name=args.connect_profile or args.profile)
    return Clients(
        lambda_=function_session.client("lambda", region_name=target.function_region),
        connect=connect_session.client("connect", region_name=target.instance.region),
    )


@dataclass(frozen=True)
class AwsCall:
    """One API call, printed exactly as it is (or would be) made: service, operation, params."""

    service: str  # "lambda" or "connect"
    operation: str  # the API's name, e.g. AddPermission
    params: dict[str, Any]
    effect: str  # what is true once it has succeeded, for the report

    def __str__(self) -> str:
        return f"{self.service} {self.operation} {json.dumps(self.params)}"

    def run(self, clients: Clients) -> Any:
        client = clients.lambda_ if self.service == "lambda" else clients.connect
        return getattr(client, xform_name(self.operation))(**self.params)


@dataclass(frozen=True)
class Association:
    wanted: bool  # same region and account, and not --no-associate
    reason: str  # why it is not wanted
    associated: bool | None = None  # as read from the instance; None when not read


@dataclass(frozen=True)
class Observed:
    """What is in place, as read before any change."""

    function_arn: str  # unqualified
    function_account: str
    permission: PermissionState
    association: Association
    unscoped: list[PolicyStatement] = field(default_factory=list)
    # With a qualifier and no grant on it: the statement on the unqualified function that grants
    # this instance, if any (it does not cover the alias or version Connect calls).
    unqualified_only: PolicyStatement | None = None

    def qualified_arn(self, target: Target) -> str:
        return _qualified(self.function_arn, target.function.qualifier)


# --- reading -------------------------------------------------------------------------------


def resolve_target(args: argparse.Namespace) -> Target:
    try:
        instance = parse_connect_instance_arn(args.instance_arn)
        function = with_qualifier(parse_lambda_function(args.function), args.qualifier)
    except ArnError as exc:
        raise BadInput(str(exc)) from exc
    region = function_region(function, args.region) or instance.region
    if function.partition is not None and function.partition != instance.partition:
        raise BadInput(
            f"the function is in partition {function.partition}, the instance in "
            f"{instance.partition}; Connect cannot invoke across partitions"
        )
    statement_id = args.statement_id or default_statement_id(instance)
    if not STATEMENT_ID.match(statement_id):
        raise BadInput(
            f"--statement-id {statement_id!r}: expected 1-100 letters, digits, '-' or '_'"
        )
    return Target(instance, function, region, statement_id)


def _read(clients: Clients, call: AwsCall, what: str) -> Any:
    try:
        return call.run(clients)
    except (ClientError, BotoCoreError) as exc:
        raise _problem(call, what, exc) from exc


def _problem(call: AwsCall, what: str, exc: BaseException) -> AwsProblem:
    problem = describe(f"{call.service} {call.operation} on {what}", exc)
    if call.operation == "GetFunction" and problem.code == "ResourceNotFoundException":
        return function_not_found(what, call.operation)
    if call.operation == "ListLambdaFunctions" and problem.code == "ResourceNotFoundException":
        return AwsProblem(
            f"instance {what} not found (connect ListLambdaFunctions: ResourceNotFoundException; "
            "check the ARN and --connect-profile)",
            problem.code,
        )
    return problem


def _function_params(function_name: str, qualifier: str | None) -> dict[str, Any]:
    # A qualifier names an alias or version, whose policy is separate from the function's.
    params: dict[str, Any] = {"FunctionName": function_name}
    if qualifier:
        params["Qualifier"] = qualifier
    return params


def _qualified(function_arn: str, qualifier: str | None) -> str:
    return f"{function_arn}:{qualifier}" if qualifier else function_arn


def read_state(target: Target, clients: Clients, *, associate: bool) -> Observed:
    """GetFunction, GetPolicy and, when the association applies, ListLambdaFunctions."""
    given = target.function
    label = repr(given.arn or given.name)
    name = given.unqualified_arn or given.name
    get_function = AwsCall("lambda", "GetFunction", _function_params(name, given.qualifier), "")
    configuration = _read(clients, get_function, label)["Configuration"]
    resolved = parse_lambda_function(configuration["FunctionArn"])
    function_arn = str(resolved.unqualified_arn)
    statements = _policy_statements(clients, function_arn, given.qualifier, label)
    grant = ConnectGrant.for_instance(target.instance)
    permission = permission_state(statements, target.statement_id, grant)
    unscoped = [s for s in statements if s.unscoped]
    unqualified_only = None
    if given.qualifier and permission.status is not PermissionStatus.IN_PLACE:
        on_function = _policy_statements(clients, function_arn, None, label)
        unqualified_only = next((s for s in on_function if s.grants(grant)), None)

    association = _association_wanted(target, str(resolved.account), associate=associate)
    if association.wanted:
        qualified = _qualified(function_arn, given.qualifier)
        if len(qualified) > MAX_ASSOCIATED_FUNCTION_ARN_LENGTH:
            raise BadInput(
                f"{qualified} is {len(qualified)} characters; Connect associates functions by "
                f"an ARN of at most {MAX_ASSOCIATED_FUNCTION_ARN_LENGTH} (use a shorter alias, "
                "or --no-associate to grant only the permission)"
            )
        association = Association(True, "", qualified in _associated_functions(target, clients))
    return Observed(
        function_arn, str(resolved.account), permission, association, unscoped, unqualified_only
    )


def _policy_statements(
    clients: Clients, function_arn: str, qualifier: str | None, label: str
) -> list[PolicyStatement]:
    """The resource policy of the function, or of one alias or version (``qualifier``)."""
    get_policy = AwsCall("lambda", "GetPolicy", _function_params(function_arn, qualifier), "")
    try:
        policy_text = get_policy.run(clients)["Policy"]
    except ClientError as exc:
        if error_code(exc) != "ResourceNotFoundException":  # no policy yet: nothing granted
            raise _problem(get_policy, label, exc) from exc
        policy_text = None
    except BotoCoreError as exc:
        raise _problem(get_policy, label, exc) from exc
    return parse_policy(policy_text)


def _association_wanted(target: Target, function_account: str, *, associate: bool) -> Association:
    instance = target.instance
    elsewhere = "Connect associates only functions of its own region and account; the flow's "
    elsewhere += "Invoke AWS Lambda function block names the function by ARN instead"
    if target.function_region != instance.region:
        return Association(
            False,
            f"the function is in {target.function_region}, the instance in {instance.region}: "
            + elsewhere,
        )
    if function_account != instance.account:
        return Association(
            False,
            f"the function is in account {function_account}, the instance in {instance.account}: "
            + elsewhere,
        )
    if not associate:
        return Association(False, "--no-associate was given")
    return Association(True, "")


def _associated_functions(target: Target, clients: Clients) -> set[str]:
    instance_id = target.instance.instance_id
    call = AwsCall("connect", "ListLambdaFunctions", {"InstanceId": instance_id}, "")
    try:
        pages = clients.connect.get_paginator("list_lambda_functions").paginate(
            InstanceId=instance_id
        )
        return {arn for page in pages for arn in page.get("LambdaFunctions", [])}
    except (ClientError, BotoCoreError) as exc:
        problem = _problem(call, target.instance.arn, exc)
        raise AwsProblem(
            f"{problem.message}; to grant only the permission, add --no-associate", problem.code
        ) from exc


# --- planning and applying -----------------------------------------------------------------


def planned_calls(target: Target, observed: Observed, *, replace: bool) -> list[AwsCall]:
    """The writes that bring the function and instance to the wanted state, in order."""
    calls: list[AwsCall] = []
    grant = ConnectGrant.for_instance(target.instance)
    function_params = _function_params(observed.function_arn, target.function.qualifier)
    sid = target.statement_id
    if observed.permission.status is PermissionStatus.DIFFERS and replace:
        calls.append(
            AwsCall(
                "lambda",
                "RemovePermission",
                {**function_params, "StatementId": sid},
                f"the old statement {sid!r} removed",
            )
        )
    if observed.permission.status is not PermissionStatus.IN_PLACE:
        calls.append(
            AwsCall(
                "lambda",
                "AddPermission",
                {
                    **function_params,
                    "StatementId": sid,
                    "Action": INVOKE_ACTION,
                    "Principal": CONNECT_PRINCIPAL,
                    "SourceAccount": grant.source_account,
                    "SourceArn": grant.source_arn,
                },
                f"permission statement {sid!r} added",
            )
        )
    if observed.association.wanted and not observed.association.associated:
        calls.append(
            AwsCall(
                "connect",
                "AssociateLambdaFunction",
                {
                    "InstanceId": target.instance.instance_id,
                    "FunctionArn": observed.qualified_arn(target),
                },
                "function associated with the instance",
            )
        )
    return calls


class PartlyApplied(Exception):
    """A write failed after earlier writes of the same run succeeded."""

    def __init__(self, problem: AwsProblem, done: list[AwsCall], not_done: list[AwsCall]) -> None:
        super().__init__(str(problem))
        self.problem, self.done, self.not_done = problem, done, not_done

    def __str__(self) -> str:
        done = "; ".join(call.effect for call in self.done) or "nothing"
        not_done = "; ".join(f"{c.service} {c.operation}" for c in self.not_done)
        return (
            f"{self.problem}. Done by this run: {done}. Not done: {not_done}. "
            "Run the same command again to finish (it skips what is in place)"
        )


def apply(calls: list[AwsCall], clients: Clients, label: str) -> None:
    for index, call in enumerate(calls):
        try:
            call.run(clients)
        except (ClientError, BotoCoreError) as exc:
            problem = _problem(call, label, exc)
            if index == 0:
                raise problem from exc
            raise PartlyApplied(problem, calls[:index], calls[index:]) from exc
        print(f"{'done':10}{call.effect}: {call}")


# --- reporting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLine:
    status: str  # function, instance, in place, missing, differs, n/a, warning
    text: str

    @property
    def missing(self) -> bool:
        return self.status in ("missing", "differs")

    def __str__(self) -> str:
        return f"{self.status:10}{self.text}"


def report_lines(target: Target, observed: Observed) -> list[ReportLine]:
    """What is in place and what is missing, one line each."""
    grant = ConnectGrant.for_instance(target.instance)
    lines = [
        ReportLine("function", observed.qualified_arn(target)),
        ReportLine("instance", target.instance.arn),
    ]
    permission = observed.permission
    sid = permission.statement_id
    if permission.status is PermissionStatus.IN_PLACE:
        lines.append(ReportLine("in place", f"permission: statement {sid!r}: {grant.describe()}"))
    elif permission.status is PermissionStatus.MISSING:
        lines.append(ReportLine("missing", f"permission: no statement says {grant.describe()}"))
    else:
        existing = permission.existing.describe() if permission.existing else "?"
        lines.append(
            ReportLine(
                "differs",
                f"permission: statement {sid!r} says {existing}; expected {grant.describe()}",
            )
        )
    if observed.unqualified_only is not None:
        lines.append(
            ReportLine(
                "warning",
                f"statement {observed.unqualified_only.sid!r} grants this on the unqualified "
                f"function {observed.function_arn} only: a permission covers only the ARN it "
                f"names, so Connect calling :{target.function.qualifier} is refused",
            )
        )
    association = observed.association
    if not association.wanted:
        lines.append(ReportLine("n/a", f"association: {association.reason}"))
    elif association.associated:
        lines.append(ReportLine("in place", "association: the instance lists the function"))
    else:
        lines.append(ReportLine("missing", "association: the instance does not list the function"))
    lines.extend(
        ReportLine(
            "warning",
            f"statement {statement.sid!r} lets {CONNECT_PRINCIPAL} invoke from any instance in "
            "any account (no source ARN condition)",
        )
        for statement in observed.unscoped
    )
    return lines


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="Let an Amazon Connect instance invoke an existing Lambda function.",
    )
    parser.add_argument(
        "--function",
        required=True,
        metavar="ARN_OR_NAME",
        help="function ARN (optionally :alias or :version) or name",
    )
    parser.add_argument(
        "--instance-arn",
        required=True,
        metavar="ARN",
        help="arn:aws:connect:REGION:ACCOUNT:instance/ID",
    )
    parser.add_argument(
        "--qualifier",
        metavar="ALIAS_OR_VERSION",
        help="the alias (e.g. live) or version Connect calls; the same as ending --function's "
        "ARN with :ALIAS",
    )
    parser.add_argument(
        "--region",
        help="the function's region when --function is a name (default: the instance's region)",
    )
    parser.add_argument("--profile", help="AWS profile for the function's account")
    parser.add_argument(
        "--connect-profile",
        metavar="PROFILE",
        help="AWS profile for the instance's account (default: --profile)",
    )
    parser.add_argument(
        "--statement-id", metavar="ID", help="policy statement id (default: connect-<instance id>)"
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace a statement with this id that says something else",
    )
    parser.add_argument(
        "--no-associate",
        action="store_true",
        help="grant the permission only; do not associate the function",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="report what is in place and what is missing; exit 1 if missing",
    )
    mode.add_argument(
        "--dry-run", action="store_true", help="print the calls that would be made; change nothing"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, clients: ClientFactory = aws_clients) -> int:
    args = build_parser().parse_args(argv)
    try:
        target = resolve_target(args)
        check_endpoint_environment(["Lambda", "Connect"])
        try:
            aws = clients(args, target)
        except BotoCoreError as exc:
            raise describe("opening the AWS sessions", exc) from exc
        observed = read_state(target, aws, associate=not args.no_associate)
    except (BadInput, AwsProblem) as exc:
        return fail(PROG, str(exc))

    lines = report_lines(target, observed)
    if args.check:
        missing = sum(line.missing for line in lines)
        print("\n".join(map(str, lines)))
        print(f"{missing} missing" if missing else "all in place")
        return EXIT_FAILED if missing else EXIT_OK

    if observed.permission.status is PermissionStatus.DIFFERS and not args.replace:
        print("\n".join(map(str, lines)))
        return fail(
            PROG,
            f"statement {target.statement_id!r} already exists with other conditions; left it "
            "and everything else unchanged (give --replace to replace it, or --statement-id)",
        )
    # What is already true; the calls below take care of the rest.
    print("\n".join(str(line) for line in lines if not line.missing))
    calls = planned_calls(target, observed, replace=args.replace)
    if args.dry_run:
        for call in calls:
            print(f"{'would call':10} {call}")
        print("dry run: nothing changed" if calls else "dry run: nothing to change")
        return EXIT_OK
    try:
        apply(calls, aws, repr(observed.qualified_arn(target)))
    except (AwsProblem, PartlyApplied) as exc:
        return fail(PROG, str(exc))
    print("done" if calls else "done: everything was already in place")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(run_main(PROG, main))
