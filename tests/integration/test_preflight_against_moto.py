"""scripts/preflight.py over real HTTP, against moto on 127.0.0.1, where moto serves the API:
STS (whose credentials), CloudFormation (the bootstrap stack, what a stack owns), CloudWatch Logs
(the function's log group), Lambda (the function's name) and Connect's DescribeInstance. moto
serves no other Connect API: those checks end as ``unchecked``, which is asserted too.

Each test works in an account of its own (moto's x-moto-account-id header), so the shared
server's state from other tests never meets it.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest

from scripts import preflight
from scripts.local_aws import FAKE_CREDENTIALS
from scripts.preflight import Environment

REGION = "eu-west-2"
_accounts = itertools.count(1)


def fresh_account() -> str:
    return f"5555{next(_accounts):08d}"


def moto_clients(endpoint: str, account: str) -> Callable[[Any], preflight.ClientFactory]:
    """The preflight's client factory, pointed at moto and speaking for ``account``."""

    def factory(service: str, environment: Environment) -> Any:
        client = boto3.client(
            service,
            endpoint_url=endpoint,
            region_name=environment.region,
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=preflight.CLIENT_CONFIG,
        )

        def as_account(request: Any, **_: Any) -> None:
            request.headers["x-moto-account-id"] = account

        client.meta.events.register("before-sign", as_account)
        return client

    return lambda _args: factory


def client(endpoint: str, account: str, service: str) -> Any:
    environment = Environment("instance", account, REGION, None)
    return moto_clients(endpoint, account)(None)(service, environment)


def connect_instance(endpoint: str, account: str) -> str:
    created = client(endpoint, account, "connect").create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=f"preflight-{account}",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    return str(created["Arn"])


def create_stack(endpoint: str, account: str, name: str, resources: dict[str, Any]) -> None:
    client(endpoint, account, "cloudformation").create_stack(
        StackName=name,
        TemplateBody=json.dumps({"Resources": resources}),
    )


def run(
    endpoint: str,
    account: str,
    instance_arn: str,
    capsys: pytest.CaptureFixture[str],
    *extra: str,
) -> tuple[int, dict[str, list[str]]]:
    """Exit status, and the output lines by check, for the tests' own configuration: only the
    instance and the stage (never the user's cdk.json, whose other settings are theirs)."""
    with tempfile.TemporaryDirectory() as folder:
        cdk_json = Path(folder) / "cdk.json"
        cdk_json.write_text('{"context": {}}')
        argv = ["--cdk-json", str(cdk_json), "-c", f"instance_arn={instance_arn}"]
        argv += ["-c", "stage=pre", *extra]
        status = preflight.main(argv, clients=moto_clients(endpoint, account))
    by_check: dict[str, list[str]] = {}
    for line in capsys.readouterr().out.splitlines():
        by_check.setdefault(line[10:].split(":")[0], []).append(line)
    return status, by_check


LOG_GROUP = "/aws/lambda/customer-lookup-pre"


def test_an_unbootstrapped_account_with_a_stray_log_group_has_two_findings(
    dynamodb_endpoint: str, aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    account = fresh_account()
    instance_arn = connect_instance(dynamodb_endpoint, account)
    client(dynamodb_endpoint, account, "logs").create_log_group(logGroupName=LOG_GROUP)

    status, lines = run(dynamodb_endpoint, account, instance_arn, capsys)

    assert status == 1
    assert lines["credentials"][0].startswith(
        f"ok        credentials: arn:aws:sts::{account}:user/moto for aws://{account}/{REGION}"
    )
    assert lines["bootstrap"] == [
        f"finding   bootstrap: no CDK bootstrap stack (CDKToolkit) in aws://{account}/{REGION}: "
        f"run npx cdk bootstrap aws://{account}/{REGION} (docs/deploy.md: Bootstrap)"
    ]
    assert lines["instance"] == [f"ok        instance: {instance_arn} is ACTIVE"]
    [log_group] = lines["log group"]
    assert log_group.startswith(f"finding   log group: {LOG_GROUP} already exists outside")
    assert lines["function"] == [
        "ok        function: customer-lookup-pre does not exist yet: the stack creates it"
    ]
    # moto serves none of Connect's list APIs: said, not hidden.
    assert all(
        line.startswith("unchecked names: connect ListContactFlows") for line in lines["names"]
    )


def test_a_bootstrapped_account_whose_log_group_is_the_stacks_own(
    dynamodb_endpoint: str, aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    account = fresh_account()
    instance_arn = connect_instance(dynamodb_endpoint, account)
    create_stack(
        dynamodb_endpoint,
        account,
        "CDKToolkit",
        {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"cdk-{account}"}}},
    )
    create_stack(
        dynamodb_endpoint,
        account,
        "CustomerLookup-pre",
        {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": LOG_GROUP}}},
    )

    status, lines = run(dynamodb_endpoint, account, instance_arn, capsys)

    assert lines["bootstrap"] == [
        f"ok        bootstrap: CDKToolkit in aws://{account}/{REGION} is CREATE_COMPLETE"
    ]
    assert lines["log group"] == [f"ok        log group: {LOG_GROUP} is CustomerLookup-pre's own"]
    # Only what moto cannot answer is left: could not check everything, nothing found.
    assert status == 2
    assert not [line for group in lines.values() for line in group if line.startswith("finding")]


def test_credentials_of_another_account_check_nothing_there(
    dynamodb_endpoint: str, aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    instance_account = fresh_account()
    instance_arn = connect_instance(dynamodb_endpoint, instance_account)
    status, lines = run(dynamodb_endpoint, fresh_account(), instance_arn, capsys)
    assert status == 2
    [credentials] = lines["credentials"]
    assert credentials.startswith("unchecked credentials: the credentials in use")
    assert f"and the instance stack deploys to {instance_account}" in credentials
    checked = [line for group in lines.values() for line in group]
    assert all(line.startswith("unchecked") for line in checked)
