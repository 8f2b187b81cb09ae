"""grant_connect_access without any server: policy comparison, and AWS failures played by Stubber.

Stubber answers for Lambda and Connect here, so these tests pin the calls the tool makes and its
handling of errors no emulator produces on demand (access denied); the happy paths run against
the moto server in tests/integration/test_grant_connect_access.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from flows.language.arns import parse_connect_instance_arn
from scripts.connect_lambda_policy import (
    ConnectGrant,
    PermissionStatus,
    PolicyStatement,
    default_statement_id,
    parse_policy,
    permission_state,
)
from scripts.grant_connect_access import Clients, Target, main

INSTANCE = parse_connect_instance_arn(
    "arn:aws:connect:us-east-1:111111111111:instance/8d5c3f1e-2b4a-4c6d-9e8f-0a1b2c3d4e5f"
)
FUNCTION = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
GRANT = ConnectGrant.for_instance(INSTANCE)


def scoped_statement(sid: str, arn_operator: str = "ArnLike", **extra: Any) -> dict[str, Any]:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": "connect.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FUNCTION,
        "Condition": {
            "StringEquals": {"AWS:SourceAccount": INSTANCE.account},
            arn_operator: {"AWS:SourceArn": INSTANCE.arn},
            **extra,
        },
    }


# --- the statement ----------------------------------------------------------------------------


def test_default_statement_id_is_derived_from_the_instance_id_only() -> None:
    other_account = parse_connect_instance_arn(INSTANCE.arn.replace("111111111111", "222222222222"))

    assert default_statement_id(INSTANCE) == default_statement_id(other_account)
    assert INSTANCE.instance_id in default_statement_id(INSTANCE)


def test_statement_lambda_writes_for_source_account_and_arn_grants_access() -> None:
    assert PolicyStatement.from_dict(scoped_statement("s")).grants(GRANT)


def test_arn_equals_means_the_same_as_arn_like_for_an_exact_arn() -> None:
    assert PolicyStatement.from_dict(scoped_statement("s", "ArnEquals")).grants(GRANT)


def test_statement_with_an_extra_condition_is_not_the_grant() -> None:
    statement = scoped_statement("s", StringLike={"aws:PrincipalOrgID": "o-*"})

    assert not PolicyStatement.from_dict(statement).grants(GRANT)


def test_statement_for_another_instance_is_not_the_grant() -> None:
    statement = scoped_statement("s")
    statement["Condition"]["ArnLike"]["AWS:SourceArn"] = INSTANCE.arn.replace("8d5c", "0000")

    assert not PolicyStatement.from_dict(statement).grants(GRANT)


def test_same_id_with_other_conditions_differs() -> None:
    statement = scoped_statement("mine")
    del statement["Condition"]["StringEquals"]
    policy = json.dumps({"Statement": [statement]})

    state = permission_state(parse_policy(policy), "mine", GRANT)

    assert state.status is PermissionStatus.DIFFERS


def test_function_without_a_policy_has_nothing_in_place() -> None:
    assert permission_state(parse_policy(None), "mine", GRANT).status is PermissionStatus.MISSING


# --- AWS failures, Stubber ----------------------------------------------------------------------


@pytest.fixture
def stubbed() -> Iterator[tuple[Clients, Stubber, Stubber]]:
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    lambda_client = boto3.client("lambda", region_name="us-east-1", **keys)
    connect_client = boto3.client("connect", region_name="us-east-1", **keys)
    with Stubber(lambda_client) as lambda_stub, Stubber(connect_client) as connect_stub:
        yield Clients(lambda_client, connect_client), lambda_stub, connect_stub


def run(clients: Clients, *argv: str) -> int:
    def factory(args: Any, target: Target) -> Clients:
        return clients

    return main(list(argv), clients=factory)


def test_access_denied_on_the_function_is_one_line_and_nothing_else_is_called(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, connect_stub = stubbed
    lambda_stub.add_client_error("get_function", "AccessDeniedException", "User is not authorized")

    status = run(clients, "--function", FUNCTION, "--instance-arn", INSTANCE.arn)

    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "lambda GetFunction" in err
    assert "AccessDeniedException" in err
    lambda_stub.assert_no_pending_responses()
    connect_stub.assert_no_pending_responses()


def test_access_denied_reading_the_policy_stops_before_any_write(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, _ = stubbed
    lambda_stub.add_response("get_function", {"Configuration": {"FunctionArn": FUNCTION}})
    lambda_stub.add_client_error("get_policy", "AccessDeniedException", "no lambda:GetPolicy")

    status = run(clients, "--function", FUNCTION, "--instance-arn", INSTANCE.arn)

    assert status == 2
    assert "lambda GetPolicy" in capsys.readouterr().err
    lambda_stub.assert_no_pending_responses()


def test_alias_is_granted_and_associated_by_its_qualified_arn(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, connect_stub = stubbed
    alias = {"FunctionName": FUNCTION, "Qualifier": "live"}
    lambda_stub.add_response(
        "get_function", {"Configuration": {"FunctionArn": f"{FUNCTION}:live"}}, alias
    )
    lambda_stub.add_client_error(
        "get_policy", "ResourceNotFoundException", "no policy", expected_params=alias
    )
    # Nothing on the alias: the function's own policy is read too, to say if that is all there is.
    lambda_stub.add_client_error(
        "get_policy",
        "ResourceNotFoundException",
        "no policy",
        expected_params={"FunctionName": FUNCTION},
    )
    connect_stub.add_response("list_lambda_functions", {"LambdaFunctions": [FUNCTION]})
    lambda_stub.add_response(
        "add_permission",
        {"Statement": "{}"},
        {
            **alias,
            "StatementId": default_statement_id(INSTANCE),
            "Action": "lambda:InvokeFunction",
            "Principal": "connect.amazonaws.com",
            "SourceAccount": INSTANCE.account,
            "SourceArn": INSTANCE.arn,
        },
    )
    connect_stub.add_response(
        "associate_lambda_function",
        {},
        {"InstanceId": INSTANCE.instance_id, "FunctionArn": f"{FUNCTION}:live"},
    )

    status = run(clients, "--function", f"{FUNCTION}:live", "--instance-arn", INSTANCE.arn)

    assert status == 0, capsys.readouterr().err
    lambda_stub.assert_no_pending_responses()
    connect_stub.assert_no_pending_responses()


def test_replace_that_fails_to_add_says_the_old_statement_is_gone(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, _ = stubbed
    old = scoped_statement("mine")
    del old["Condition"]
    lambda_stub.add_response("get_function", {"Configuration": {"FunctionArn": FUNCTION}})
    lambda_stub.add_response("get_policy", {"Policy": json.dumps({"Statement": [old]})})
    lambda_stub.add_response("remove_permission", {})
    lambda_stub.add_client_error("add_permission", "PolicyLengthExceededException", "too long")

    status = run(
        clients,
        "--function",
        FUNCTION,
        "--instance-arn",
        INSTANCE.arn,
        "--statement-id",
        "mine",
        "--replace",
        "--no-associate",
    )

    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "Done by this run: the old statement 'mine' removed" in err
    assert "Not done: lambda AddPermission" in err


def test_missing_credentials_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.write_text("")
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-metadata probing

    status = main(["--function", FUNCTION, "--instance-arn", INSTANCE.arn])

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "no AWS credentials found" in err


def test_unknown_profile_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))

    status = main(
        ["--function", FUNCTION, "--instance-arn", INSTANCE.arn, "--connect-profile", "nope"]
    )

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "nope" in err


# --- qualified ARNs: a permission covers only the ARN it names ---------------------------------

ALIAS = {"FunctionName": FUNCTION, "Qualifier": "live"}
BARE = {"FunctionName": FUNCTION}


def policy_with(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def test_check_says_when_only_the_unqualified_function_grants_the_instance(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, _ = stubbed
    sid = default_statement_id(INSTANCE)
    lambda_stub.add_response(
        "get_function", {"Configuration": {"FunctionArn": f"{FUNCTION}:live"}}, ALIAS
    )
    lambda_stub.add_client_error("get_policy", "ResourceNotFoundException", expected_params=ALIAS)
    lambda_stub.add_response("get_policy", policy_with(scoped_statement(sid)), BARE)

    status = run(
        clients,
        *("--function", FUNCTION, "--qualifier", "live", "--instance-arn", INSTANCE.arn),
        *("--no-associate", "--check"),
    )

    out = capsys.readouterr().out
    assert status == 1
    assert "missing   permission" in out
    assert (
        f"warning   statement '{sid}' grants this on the unqualified function {FUNCTION} only"
        in out
    )
    assert "Connect calling :live is refused" in out
    lambda_stub.assert_no_pending_responses()


def test_qualifier_option_adds_the_statement_to_the_alias(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    clients, lambda_stub, _ = stubbed
    lambda_stub.add_response(
        "get_function", {"Configuration": {"FunctionArn": f"{FUNCTION}:live"}}, ALIAS
    )
    lambda_stub.add_client_error("get_policy", "ResourceNotFoundException", expected_params=ALIAS)
    lambda_stub.add_client_error("get_policy", "ResourceNotFoundException", expected_params=BARE)
    lambda_stub.add_response(
        "add_permission",
        {"Statement": "{}"},
        {
            **ALIAS,
            "StatementId": default_statement_id(INSTANCE),
            "Action": "lambda:InvokeFunction",
            "Principal": "connect.amazonaws.com",
            "SourceAccount": INSTANCE.account,
            "SourceArn": INSTANCE.arn,
        },
    )

    status = run(
        clients,
        *("--function", FUNCTION, "--qualifier", "live", "--instance-arn", INSTANCE.arn),
        "--no-associate",
    )

    assert status == 0, capsys.readouterr().err
    lambda_stub.assert_no_pending_responses()


def test_alias_already_granted_needs_no_look_at_the_unqualified_policy(
    stubbed: tuple[Clients, Stubber, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    # Stubber refuses any call not queued: a GetPolicy on the bare function would fail here.
    clients, lambda_stub, _ = stubbed
    sid = default_statement_id(INSTANCE)
    lambda_stub.add_response(
        "get_function", {"Configuration": {"FunctionArn": f"{FUNCTION}:live"}}, ALIAS
    )
    lambda_stub.add_response("get_policy", policy_with(scoped_statement(sid)), ALIAS)

    status = run(
        clients,
        *("--function", f"{FUNCTION}:live", "--instance-arn", INSTANCE.arn),
        *("--no-associate", "--check"),
    )

    out = capsys.readouterr().out
    assert status == 0, out
    assert "all in place" in out
    assert "warning" not in out
    lambda_stub.assert_no_pending_responses()
