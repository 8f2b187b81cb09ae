"""scripts/grant_connect_access.py against a local AWS emulator (moto server on 127.0.0.1).

Lambda (functions, resource policies) is real HTTP through botocore to the emulator. The
emulator has no Amazon Connect API, so the instance side (ListLambdaFunctions,
AssociateLambdaFunction) is played by botocore's Stubber on a real Connect client: those tests
check the calls the tool makes and what it does with the answers, not Connect itself.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from scripts import grant_connect_access
from scripts.grant_connect_access import Clients, Target, aws_clients, main
from tests.cli_contract import usage_error

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
INSTANCE_ID = "8d5c3f1e-2b4a-4c6d-9e8f-0a1b2c3d4e5f"
OTHER_ACCOUNT = "999999999999"


@pytest.fixture
def endpoint(dynamodb_endpoint: str, aws_env: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The session's local emulator (it serves Lambda too); every client in the test uses it."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", dynamodb_endpoint)
    return dynamodb_endpoint


@pytest.fixture
def lambda_client(endpoint: str) -> Any:
    return boto3.client("lambda", region_name=REGION)


@pytest.fixture(scope="session")
def role_arn(dynamodb_endpoint: str) -> str:
    iam = boto3.client(
        "iam",
        endpoint_url=dynamodb_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    name = f"lookup-role-{uuid.uuid4().hex[:8]}"
    return str(
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    )


@pytest.fixture
def function_arn(lambda_client: Any, role_arn: str) -> str:
    """A fresh function per test (created, never invoked: invoking in moto needs Docker)."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    created = lambda_client.create_function(
        FunctionName=f"customer-lookup-{uuid.uuid4().hex[:10]}",
        Runtime="python3.13",
        Role=role_arn,
        Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
    )
    return str(created["FunctionArn"])


def account_of(arn: str) -> str:
    return arn.split(":")[4]


def instance_arn(account: str, region: str = REGION) -> str:
    return f"arn:aws:connect:{region}:{account}:instance/{INSTANCE_ID}"


def statements(lambda_client: Any, function: str) -> list[dict[str, Any]]:
    try:
        policy = lambda_client.get_policy(FunctionName=function)["Policy"]
    except lambda_client.exceptions.ResourceNotFoundException:
        return []
    return list(json.loads(policy)["Statement"])


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, clients: Any = aws_clients
) -> tuple[int, str, str]:
    status = main(list(argv), clients=clients)
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


# --- the permission, in another account (no association applies) ---------------------------


def test_grant_adds_a_statement_scoped_to_the_instance(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    instance = instance_arn(OTHER_ACCOUNT)

    status, out, _ = run(capsys, "--function", function_arn, "--instance-arn", instance)

    assert status == 0, out
    [statement] = statements(lambda_client, function_arn)
    assert statement["Sid"] == f"connect-{INSTANCE_ID}"
    assert statement["Principal"] == {"Service": "connect.amazonaws.com"}
    assert statement["Action"] == "lambda:InvokeFunction"
    condition = {k.lower(): v for op in statement["Condition"].values() for k, v in op.items()}
    assert condition == {"aws:sourceaccount": OTHER_ACCOUNT, "aws:sourcearn": instance}


def test_second_grant_leaves_exactly_one_statement(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    argv = ("--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT))
    run(capsys, *argv)

    status, out, _ = run(capsys, *argv)

    assert status == 0
    assert "already in place" in out
    assert len(statements(lambda_client, function_arn)) == 1


def test_check_reports_missing_before_the_grant_and_in_place_after(
    capsys: pytest.CaptureFixture[str], function_arn: str
) -> None:
    argv = ("--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT))

    before, before_out, _ = run(capsys, *argv, "--check")
    run(capsys, *argv)
    after, after_out, _ = run(capsys, *argv, "--check")

    assert (before, after) == (1, 0)
    assert "missing   permission" in before_out
    assert "in place  permission" in after_out
    assert "all in place" in after_out


def test_check_says_why_a_function_in_another_account_is_not_associated(
    capsys: pytest.CaptureFixture[str], function_arn: str
) -> None:
    status, out, _ = run(
        capsys, "--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT), "--check"
    )

    assert status == 1
    assert f"n/a       association: the function is in account {account_of(function_arn)}" in out


def test_check_changes_nothing(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    run(
        capsys, "--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT), "--check"
    )

    assert statements(lambda_client, function_arn) == []


def test_dry_run_prints_the_exact_call_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    instance = instance_arn(OTHER_ACCOUNT)

    status, out, _ = run(
        capsys, "--function", function_arn, "--instance-arn", instance, "--dry-run"
    )

    assert status == 0
    [call] = [line for line in out.splitlines() if line.startswith("would call")]
    service, operation, params = call.removeprefix("would call").split(maxsplit=2)
    assert (service, operation) == ("lambda", "AddPermission")
    assert json.loads(params) == {
        "FunctionName": function_arn,
        "StatementId": f"connect-{INSTANCE_ID}",
        "Action": "lambda:InvokeFunction",
        "Principal": "connect.amazonaws.com",
        "SourceAccount": OTHER_ACCOUNT,
        "SourceArn": instance,
    }
    assert statements(lambda_client, function_arn) == []


def test_dry_run_after_the_grant_has_nothing_to_do(
    capsys: pytest.CaptureFixture[str], function_arn: str
) -> None:
    argv = ("--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT))
    run(capsys, *argv)

    status, out, _ = run(capsys, *argv, "--dry-run")

    assert status == 0
    assert "would call" not in out
    assert "nothing to change" in out


def test_statement_with_the_same_id_but_other_conditions_is_reported_and_left_alone(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId="shared-id",
        Action="lambda:InvokeFunction",
        Principal="connect.amazonaws.com",
        SourceAccount=OTHER_ACCOUNT,
        SourceArn=instance_arn(OTHER_ACCOUNT, region="eu-west-2"),
    )
    before = statements(lambda_client, function_arn)

    status, out, err = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance_arn(OTHER_ACCOUNT),
        "--statement-id",
        "shared-id",
    )

    assert status == 2
    assert "differs   permission: statement 'shared-id'" in out
    assert_one_error_line(err, "shared-id", "--replace")
    assert statements(lambda_client, function_arn) == before


def test_replace_swaps_a_differing_statement_for_the_scoped_one(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId="shared-id",
        Action="lambda:InvokeFunction",
        Principal="connect.amazonaws.com",
    )
    instance = instance_arn(OTHER_ACCOUNT)

    status, _, _ = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        "--statement-id",
        "shared-id",
        "--replace",
    )

    assert status == 0
    [statement] = statements(lambda_client, function_arn)
    assert statement["Sid"] == "shared-id"
    assert instance in json.dumps(statement["Condition"])


def test_check_warns_about_a_statement_without_a_source_arn(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId="too-broad",
        Action="lambda:InvokeFunction",
        Principal="connect.amazonaws.com",
    )

    _, out, _ = run(
        capsys, "--function", function_arn, "--instance-arn", instance_arn(OTHER_ACCOUNT), "--check"
    )

    assert "warning   statement 'too-broad'" in out


def test_identical_grant_under_another_id_counts_as_in_place(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    instance = instance_arn(OTHER_ACCOUNT)
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId="from-the-console",
        Action="lambda:InvokeFunction",
        Principal="connect.amazonaws.com",
        SourceAccount=OTHER_ACCOUNT,
        SourceArn=instance,
    )

    status, out, _ = run(capsys, "--function", function_arn, "--instance-arn", instance)

    assert status == 0
    assert "statement 'from-the-console'" in out
    assert [s["Sid"] for s in statements(lambda_client, function_arn)] == ["from-the-console"]


def test_function_named_without_arn_is_found_in_the_given_region(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    name = function_arn.rsplit(":", 1)[1]
    instance = instance_arn(OTHER_ACCOUNT, region="eu-west-1")

    status, out, _ = run(capsys, "--function", name, "--instance-arn", instance, "--region", REGION)

    assert status == 0, out
    assert len(statements(lambda_client, function_arn)) == 1
    assert f"the function is in {REGION}, the instance in eu-west-1" in out


# --- bad input: one line, exit 2, nothing written --------------------------------------------


def test_malformed_instance_arn_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    status, _, err = run(
        capsys, "--function", function_arn, "--instance-arn", "arn:aws:connect:us-east-1:1:inst"
    )

    assert status == 2
    assert_one_error_line(err, "arn:aws:connect:us-east-1:1:inst", "Connect instance ARN")
    assert statements(lambda_client, function_arn) == []


def test_missing_function_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], endpoint: str
) -> None:
    status, _, err = run(
        capsys, "--function", "no-such-function", "--instance-arn", instance_arn(OTHER_ACCOUNT)
    )

    assert status == 2
    assert_one_error_line(err, "'no-such-function' not found")


def test_region_contradicting_the_function_arn_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], function_arn: str
) -> None:
    status, _, err = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance_arn(OTHER_ACCOUNT),
        "--region",
        "eu-west-1",
    )

    assert status == 2
    assert_one_error_line(err, "--region eu-west-1")


def test_unknown_option_is_the_usage_and_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--function", "f", "--instance-arn", instance_arn(OTHER_ACCOUNT), "--force"])

    assert exit_info.value.code == 2
    assert "--force" in usage_error(capsys.readouterr().err, "grant_connect_access.py")


# --- the association (same region and account), Connect played by Stubber --------------------


@pytest.fixture
def stubbed_connect(endpoint: str) -> Iterator[tuple[Any, Stubber]]:
    connect = boto3.client("connect", region_name=REGION)
    with Stubber(connect) as stubber:
        yield connect, stubber


def with_connect(connect: Any) -> Callable[[Any, Target], Clients]:
    """Real Lambda clients (to the emulator) with the stubbed Connect client."""

    def factory(args: Any, target: Target) -> Clients:
        return Clients(lambda_=aws_clients(args, target).lambda_, connect=connect)

    return factory


def test_grant_associates_a_same_region_same_account_function_after_the_permission(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, stubber = stubbed_connect
    stubber.add_response(
        "list_lambda_functions", {"LambdaFunctions": []}, {"InstanceId": INSTANCE_ID}
    )
    stubber.add_response(
        "associate_lambda_function",
        {},
        {"InstanceId": INSTANCE_ID, "FunctionArn": function_arn},
    )
    instance = instance_arn(account_of(function_arn))

    status, out, err = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        clients=with_connect(connect),
    )

    assert status == 0, err
    stubber.assert_no_pending_responses()
    assert len(statements(lambda_client, function_arn)) == 1
    done = [line for line in out.splitlines() if line.startswith("done ")]
    assert ["AddPermission" in done[0], "AssociateLambdaFunction" in done[1]] == [True, True]


def test_check_reports_a_missing_association(
    capsys: pytest.CaptureFixture[str], function_arn: str, stubbed_connect: tuple[Any, Stubber]
) -> None:
    connect, stubber = stubbed_connect
    other = function_arn.replace("customer-lookup-", "something-else-")
    stubber.add_response(
        "list_lambda_functions", {"LambdaFunctions": [other]}, {"InstanceId": INSTANCE_ID}
    )
    instance = instance_arn(account_of(function_arn))

    status, out, _ = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        "--check",
        clients=with_connect(connect),
    )

    assert status == 1
    assert "missing   association" in out


def test_check_reads_every_page_of_associated_functions(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, stubber = stubbed_connect
    instance = instance_arn(account_of(function_arn))
    lambda_client.add_permission(
        FunctionName=function_arn,
        StatementId=f"connect-{INSTANCE_ID}",
        Action="lambda:InvokeFunction",
        Principal="connect.amazonaws.com",
        SourceAccount=account_of(function_arn),
        SourceArn=instance,
    )
    stubber.add_response(
        "list_lambda_functions",
        {"LambdaFunctions": ["arn:aws:lambda:us-east-1:123456789012:function:a"], "NextToken": "t"},
        {"InstanceId": INSTANCE_ID},
    )
    stubber.add_response(
        "list_lambda_functions",
        {"LambdaFunctions": [function_arn]},
        {"InstanceId": INSTANCE_ID, "NextToken": "t"},
    )

    status, out, _ = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        "--check",
        clients=with_connect(connect),
    )

    assert status == 0, out
    assert "in place  association" in out


def test_no_associate_grants_only_the_permission(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, _ = stubbed_connect  # no responses queued: any Connect call would fail
    instance = instance_arn(account_of(function_arn))

    status, out, _ = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        "--no-associate",
        clients=with_connect(connect),
    )

    assert status == 0, out
    assert "n/a       association: --no-associate" in out
    assert len(statements(lambda_client, function_arn)) == 1


def test_association_failure_after_the_permission_says_what_is_in_place(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, stubber = stubbed_connect
    stubber.add_response(
        "list_lambda_functions", {"LambdaFunctions": []}, {"InstanceId": INSTANCE_ID}
    )
    stubber.add_client_error(
        "associate_lambda_function", "ServiceQuotaExceededException", "too many functions"
    )
    instance = instance_arn(account_of(function_arn))

    status, _, err = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        clients=with_connect(connect),
    )

    assert status == 2
    assert_one_error_line(
        err,
        "ServiceQuotaExceededException",
        f"Done by this run: permission statement 'connect-{INSTANCE_ID}' added",
        "Not done: connect AssociateLambdaFunction",
    )
    assert len(statements(lambda_client, function_arn)) == 1


def test_connect_access_denied_stops_before_any_write(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, stubber = stubbed_connect
    stubber.add_client_error("list_lambda_functions", "AccessDeniedException", "not allowed")
    instance = instance_arn(account_of(function_arn))

    status, _, err = run(
        capsys,
        "--function",
        function_arn,
        "--instance-arn",
        instance,
        clients=with_connect(connect),
    )

    assert status == 2
    assert_one_error_line(err, "AccessDeniedException", "--no-associate")
    assert statements(lambda_client, function_arn) == []


# --- credentials and the real command line -------------------------------------------------


def test_profile_and_connect_profile_sign_for_their_own_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        "[functions]\naws_access_key_id = AKIAFUNCTIONSACCOUNT\naws_secret_access_key = x\n"
        "[contact-center]\naws_access_key_id = AKIACONNECTACCOUNT0\naws_secret_access_key = y\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    args = grant_connect_access.build_parser().parse_args(
        [
            "--function",
            "f",
            "--instance-arn",
            instance_arn(OTHER_ACCOUNT),
            "--profile",
            "functions",
            "--connect-profile",
            "contact-center",
        ]
    )
    clients = aws_clients(args, grant_connect_access.resolve_target(args))
    signed_by: dict[str, str] = {}

    def recorder(label: str) -> Callable[..., None]:
        def record(request: Any, **_: Any) -> None:
            signed_by[label] = str(request.headers["Authorization"])

        return record

    clients.lambda_.meta.events.register("before-send", recorder("lambda"))
    clients.connect.meta.events.register("before-send", recorder("connect"))
    clients.lambda_.list_functions()
    with pytest.raises(ClientError):  # the emulator has no Connect API; the request is signed
        clients.connect.list_lambda_functions(InstanceId=INSTANCE_ID)

    assert "Credential=AKIAFUNCTIONSACCOUNT/" in signed_by["lambda"]
    assert "Credential=AKIACONNECTACCOUNT0/" in signed_by["connect"]


def test_command_line_runs_as_a_script(lambda_client: Any, function_arn: str) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(
        [
            sys.executable,
            "scripts/grant_connect_access.py",
            "--function",
            function_arn,
            "--instance-arn",
            instance_arn(OTHER_ACCOUNT),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert len(statements(lambda_client, function_arn)) == 1


# --- qualified ARNs: the alias Connect calls ---------------------------------------------------
# The emulator keeps one policy for a function and its versions and aliases, so which ARN a
# statement lands on is checked with Stubber in tests/unit/test_grant_connect_access.py.


def publish_with_alias(lambda_client: Any, function_arn: str, alias: str = "live") -> str:
    """Publish version 1 and point ``alias`` at it (a policy on it is separate, as in Lambda)."""
    version = lambda_client.publish_version(FunctionName=function_arn)["Version"]
    lambda_client.create_alias(FunctionName=function_arn, Name=alias, FunctionVersion=version)
    return f"{function_arn}:{alias}"


def alias_statements(lambda_client: Any, function_arn: str, alias: str) -> list[dict[str, Any]]:
    try:
        policy = lambda_client.get_policy(FunctionName=function_arn, Qualifier=alias)["Policy"]
    except lambda_client.exceptions.ResourceNotFoundException:
        return []
    return list(json.loads(policy)["Statement"])


def test_qualified_arn_and_qualifier_option_grant_the_same_alias(
    capsys: pytest.CaptureFixture[str], lambda_client: Any, function_arn: str
) -> None:
    alias_arn = publish_with_alias(lambda_client, function_arn)
    instance = instance_arn(OTHER_ACCOUNT)
    run(capsys, "--function", alias_arn, "--instance-arn", instance)

    status, out, _ = run(
        capsys, "--function", function_arn, "--qualifier", "live", "--instance-arn", instance
    )

    assert status == 0
    assert "already in place" in out
    assert len(alias_statements(lambda_client, function_arn, "live")) == 1


@pytest.mark.parametrize(
    ("qualifier", "named"),
    [("prod", "contradicts the function ARN's qualifier live"), ("$LATEST", "'$LATEST'")],
)
def test_bad_qualifier_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    qualifier: str,
    named: str,
) -> None:
    alias_arn = publish_with_alias(lambda_client, function_arn)

    status, _, err = run(
        capsys,
        "--function",
        alias_arn,
        "--qualifier",
        qualifier,
        "--instance-arn",
        instance_arn(OTHER_ACCOUNT),
    )

    assert status == 2
    assert_one_error_line(err, "--qualifier", named)
    assert alias_statements(lambda_client, function_arn, "live") == []


def test_alias_is_associated_by_its_qualified_arn(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, stubber = stubbed_connect
    alias_arn = publish_with_alias(lambda_client, function_arn)
    stubber.add_response(
        "list_lambda_functions", {"LambdaFunctions": [function_arn]}, {"InstanceId": INSTANCE_ID}
    )
    stubber.add_response(
        "associate_lambda_function", {}, {"InstanceId": INSTANCE_ID, "FunctionArn": alias_arn}
    )

    status, _, err = run(
        capsys,
        "--function",
        function_arn,
        "--qualifier",
        "live",
        "--instance-arn",
        instance_arn(account_of(function_arn)),
        clients=with_connect(connect),
    )

    assert status == 0, err
    stubber.assert_no_pending_responses()


def test_alias_arn_over_140_characters_cannot_be_associated_and_nothing_changes(
    capsys: pytest.CaptureFixture[str],
    lambda_client: Any,
    function_arn: str,
    stubbed_connect: tuple[Any, Stubber],
) -> None:
    connect, _ = stubbed_connect  # no responses queued: any Connect call would fail
    long_alias = "a" * (141 - len(function_arn) - 1)
    alias_arn = publish_with_alias(lambda_client, function_arn, long_alias)

    status, _, err = run(
        capsys,
        "--function",
        alias_arn,
        "--instance-arn",
        instance_arn(account_of(function_arn)),
        clients=with_connect(connect),
    )

    assert status == 2
    assert_one_error_line(err, "is 141 characters", "at most 140", "--no-associate")
    assert alias_statements(lambda_client, function_arn, long_alias) == []
