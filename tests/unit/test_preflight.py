"""scripts/preflight.py: what is checked without AWS, and each AWS check through botocore's
Stubber (every request and stubbed response validated against the service's model).

The configurations are the tests' own (a cdk.json written per test, -c values over it), in an
account that is neither the sandbox's nor a documentation placeholder.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore import xform_name
from botocore.stub import Stubber

from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from scripts import preflight
from scripts.preflight import Environment, Preflight, Reader
from stacks.config import AppConfig
from tests.cli_contract import usage_error
from tests.fixtures import ROUTING_TABLE

ACCOUNT = "444455556666"
OTHER_ACCOUNT = "777788889999"
REGION = "eu-west-2"
INSTANCE_ID = "1b2c3d4e-0000-4000-8000-0000000000c1"
INSTANCE_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{INSTANCE_ID}"
NUMBER_ID = "5a6b7c8d-0000-4000-8000-0000000000d1"
NUMBER_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:phone-number/{NUMBER_ID}"
STAGE = "qa"
FUNCTION = f"customer-lookup-{STAGE}"
ALIAS_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION}:live"
OTHER_INSTANCE_ARN = (
    f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/0f0f0f0f-0000-4000-8000-0000000000c2"
)
CONTEXT: Mapping[str, Any] = {"instance_arn": INSTANCE_ARN, "stage": STAGE}
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def arn_in_instance(kind: str, resource_id: str) -> str:
    return f"{INSTANCE_ARN}/{kind}/{resource_id}"


FLOW_ARN = arn_in_instance("contact-flow", "2c3d4e5f-0000-4000-8000-0000000000f1")
PROFILE_ID = "3d4e5f6a-0000-4000-8000-0000000000a1"
PROFILE_ARN = arn_in_instance("routing-profile", PROFILE_ID)


# --- stubbed AWS ---------------------------------------------------------------------------------


class StubbedAws:
    """One Stubber-backed client per (service, environment name), made when first asked for."""

    # One botocore session for every test: its service models are loaded once.
    _session = botocore.session.get_session()

    def __init__(self) -> None:
        self.clients: dict[tuple[str, str], Any] = {}
        self.stubbers: dict[tuple[str, str], Stubber] = {}
        self.made: list[tuple[str, str]] = []

    def _stubber(self, service: str, where: str) -> Stubber:
        key = (service, where)
        if key not in self.stubbers:
            client = self._session.create_client(
                service,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            self.clients[key] = client
            self.stubbers[key] = Stubber(client)
            self.stubbers[key].activate()
        return self.stubbers[key]

    def factory(self, service: str, environment: Environment) -> Any:
        self.made.append((service, environment.name))
        self._stubber(service, environment.name)
        return self.clients[(service, environment.name)]

    def ok(
        self,
        service: str,
        where: str,
        operation: str,
        response: Mapping[str, Any],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self._stubber(service, where).add_response(xform_name(operation), dict(response), params)

    def error(
        self,
        service: str,
        where: str,
        operation: str,
        code: str,
        *,
        message: str = "",
        status: int = 400,
    ) -> None:
        self._stubber(service, where).add_client_error(
            xform_name(operation),
            service_error_code=code,
            service_message=message,
            http_status_code=status,
        )

    def done(self) -> None:
        for stubber in self.stubbers.values():
            stubber.assert_no_pending_responses()


@pytest.fixture
def aws() -> Iterator[StubbedAws]:
    stubbed = StubbedAws()
    yield stubbed
    stubbed.done()


def caller(aws: StubbedAws, where: str = "instance", account: str = ACCOUNT) -> None:
    aws.ok(
        "sts",
        where,
        "GetCallerIdentity",
        {"Account": account, "Arn": f"arn:aws:iam::{account}:role/deployer", "UserId": "AROA"},
    )


def stack(name: str, status: str = "UPDATE_COMPLETE", outputs: Mapping[str, str] = {}) -> dict:
    return {
        "Stacks": [
            {
                "StackName": name,
                "CreationTime": NOW,
                "StackStatus": status,
                "Outputs": [{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()],
            }
        ]
    }


def no_stack(aws: StubbedAws, where: str, name: str) -> None:
    aws.error(
        "cloudformation",
        where,
        "DescribeStacks",
        "ValidationError",
        message=f"Stack with id {name} does not exist",
    )


def deployed_stack(
    aws: StubbedAws,
    where: str,
    name: str,
    resources: Mapping[str, str],
    outputs: Mapping[str, str] = {},
) -> None:
    """DescribeStacks and ListStackResources of a deployed stack (physical id -> type)."""
    aws.ok(
        "cloudformation", where, "DescribeStacks", stack(name, outputs=outputs), {"StackName": name}
    )
    aws.ok(
        "cloudformation",
        where,
        "ListStackResources",
        {
            "StackResourceSummaries": [
                {
                    "LogicalResourceId": f"Resource{index}",
                    "PhysicalResourceId": physical_id,
                    "ResourceType": resource_type,
                    "LastUpdatedTimestamp": NOW,
                    "ResourceStatus": "CREATE_COMPLETE",
                }
                for index, (physical_id, resource_type) in enumerate(resources.items())
            ]
        },
        {"StackName": name},
    )


def config_of(**context: str) -> AppConfig:
    """The tests' configuration, for an app with the tests' own routing table's queues."""
    merged = {**CONTEXT, **context}
    return AppConfig.from_context(merged.get, queue_names=ROUTING_TABLE.queues)


def args(**overrides: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"profile": None, "connect_profile": None, **overrides})


def checks(aws: StubbedAws, **context: str) -> Preflight:
    return Preflight(config_of(**context), Reader(aws.factory), args())


def shown(run: Preflight) -> list[str]:
    return [str(line) for line in run.lines]


# --- the command line and what needs no AWS call -------------------------------------------------


def write_cdk_json(tmp_path: Path, context: Mapping[str, Any]) -> Path:
    path = tmp_path / "cdk.json"
    path.write_text(json.dumps({"app": "python app.py", "context": dict(context)}))
    return path


def no_aws(_: argparse.Namespace) -> preflight.ClientFactory:
    raise AssertionError("AWS was called")


def run_main(
    capsys: pytest.CaptureFixture[str], argv: list[str], clients: Any = no_aws
) -> tuple[int, list[str], str]:
    status = preflight.main(argv, clients=clients)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_destroy_with_the_sandbox_instance_says_what_to_fix_not_that_something_is_to_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdk_json = write_cdk_json(tmp_path, {"instance_arn": SANDBOX_INSTANCE_ARN, "stage": "dev"})
    status, lines, err = run_main(capsys, ["--cdk-json", str(cdk_json), "--destroy"])
    assert status == 1
    assert [line.split()[0] for line in lines] == ["finding"]
    assert err == "preflight.py: 1 thing to fix or release before cdk destroy\n"


def test_the_sandbox_instance_is_one_line_saying_to_set_instance_arn_without_calling_aws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdk_json = write_cdk_json(tmp_path, {"instance_arn": SANDBOX_INSTANCE_ARN, "stage": "dev"})
    status, lines, _ = run_main(capsys, ["--cdk-json", str(cdk_json)])
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"finding   instance_arn: {SANDBOX_INSTANCE_ARN} is the sandbox")
    assert "set instance_arn" in lines[0]


def test_a_c_value_overrides_cdk_json_as_on_the_cdk_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # cdk.json names the sandbox; -c instance_arn names a real instance: the sandbox line goes.
    cdk_json = write_cdk_json(tmp_path, {"instance_arn": SANDBOX_INSTANCE_ARN, "stage": "dev"})
    status, lines, _ = run_main(
        capsys,
        [
            "--cdk-json",
            str(cdk_json),
            "-c",
            f"instance_arn={INSTANCE_ARN}",
            "-c",
            "alarm_email=x@example.com",
        ],
    )
    assert status == 1
    assert lines == [
        "finding   alarm_email: x@example.com is at a domain reserved for examples: no mailbox "
        "receives the alarms there"
    ]


def test_without_cdk_json_the_apps_own_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def read(context: Mapping[str, Any]) -> preflight.ReadConfig:
        seen.update(context)
        return preflight.ReadConfig(None, [])

    monkeypatch.setattr(preflight, "read_config", read)
    assert preflight.main(["-c", "stage=zz"], clients=no_aws) == 0
    app_context = json.loads((Path(preflight.__file__).parents[1] / "cdk.json").read_text())
    assert seen == {**app_context["context"], "stage": "zz"}


@pytest.mark.parametrize("key", ["Stage", "lookup-region", "alarmEmail"])
def test_a_context_key_the_app_does_not_read_is_refused_as_the_app_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, _ = run_main(capsys, ["--cdk-json", str(cdk_json), "-c", f"{key}=x"])
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"finding   configuration: context key {key!r} is not one this app")
    assert "did you mean" in lines[0]


def test_settings_are_what_the_app_resolves_as_name_value_lines_without_aws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    london = INSTANCE_ARN.replace(":us-east-1:", ":eu-west-2:")
    cdk_json = write_cdk_json(tmp_path, {**CONTEXT, "lookup_region": "eu-west-1"})
    argv = [
        "--cdk-json",
        str(cdk_json),
        "--settings",
        "-c",
        "stage=qa",
        "-c",
        f"instance_arn={london}",
    ]
    status, lines, err = run_main(capsys, argv)
    assert status == 0, err
    assert lines == [
        "STAGE=qa",
        f"INSTANCE_ARN={london}",
        "INSTANCE_REGION=eu-west-2",
        "LOOKUP_REGION=eu-west-1",
        "LOOKUP_STACK=CustomerLookup-qa",
        "CONNECT_STACK=CustomerLookupConnect-qa",
        "TEST_CASE_PREFIX=CustomerLookup-qa-",
    ]


def test_settings_of_a_configuration_the_app_refuses_are_its_finding_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # stdout goes to $GITHUB_ENV: the finding must reach the run's log instead.
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, err = run_main(
        capsys, ["--cdk-json", str(cdk_json), "--settings", "-c", "stage=Qa"]
    )
    assert status == 1
    assert lines == []
    assert [line.split(":")[0] for line in err.splitlines()] == [
        "finding   configuration",
        "preflight.py",
    ]


def test_a_value_the_app_refuses_is_a_finding_in_the_apps_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, _ = run_main(capsys, ["--cdk-json", str(cdk_json), "-c", "stage=Prod"])
    assert status == 1
    assert lines == [
        "finding   configuration: invalid context value stage='Prod': expected 1-20 lowercase "
        "letters, digits or '-', starting with a letter, e.g. dev"
    ]


def test_snap_start_where_the_region_lacks_it_is_a_finding_without_aws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, _ = run_main(
        capsys,
        ["--cdk-json", str(cdk_json), "-c", "snap_start=true", "-c", "lookup_region=ap-east-2"],
    )
    assert status == 1
    [line] = lines
    assert line.startswith("finding   configuration: invalid context value snap_start='true'")
    assert "ap-east-2" in line


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (
            "phone_number_arn",
            f"arn:aws:connect:{REGION}:{ACCOUNT}:phone-number/00000000-0000-4000-8000-000000000001",
        ),
        ("queue_arn_general", arn_in_instance("queue", "00000000-0000-4000-8000-000000000002")),
        ("alarm_topic_arn", f"arn:aws:sns:{REGION}:123456789012:oncall"),
        ("lookup_account", "222222222222"),
    ],
)
def test_placeholders_are_findings_without_aws(
    key: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, _ = run_main(capsys, ["--cdk-json", str(cdk_json), "-c", f"{key}={value}"])
    assert status == 1
    [line] = lines
    assert line.startswith(f"finding   {key}: ")
    assert "placeholder" in line


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["-c", "stage"], "-c 'stage': expected KEY=VALUE"),
        (["--cdk-json", "/nonexistent/cdk.json"], "/nonexistent/cdk.json: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines, err = run_main(capsys, argv)
    assert status == 2
    assert lines == []
    [error] = err.splitlines()
    assert error.startswith(f"preflight.py: error: {expected}")


def test_an_unknown_option_is_the_usage_and_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        preflight.main(["--destory"], clients=no_aws)
    assert raised.value.code == 2
    assert "--destory" in usage_error(capsys.readouterr().err, "preflight.py")


def test_destroy_and_settings_together_are_a_wrong_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        preflight.main(["--destroy", "--settings"], clients=no_aws)
    assert raised.value.code == 2
    assert "not allowed with" in usage_error(capsys.readouterr().err, "preflight.py")


# --- credentials ---------------------------------------------------------------------------------


def test_credentials_of_another_account_leave_that_environments_checks_unchecked(
    aws: StubbedAws,
) -> None:
    run = checks(aws)
    caller(aws, account=OTHER_ACCOUNT)
    run.deploy_checks()
    lines = shown(run)
    assert lines[0].startswith("unchecked credentials: the credentials in use")
    assert f"are for account {OTHER_ACCOUNT}" in lines[0]
    assert "--connect-profile" in lines[0]
    assert all(line.startswith("unchecked ") for line in lines)
    assert {line.split(":")[0].split()[-1] for line in lines[1:]} >= {
        "bootstrap",
        "instance",
        "function",
        "group",
        "concurrency",
        "lookup_alias",
    }
    assert preflight.exit_status(run.lines) == 2
    # Nothing but the identity was asked of AWS.
    assert aws.made == [("sts", "instance")]


def test_no_credentials_at_all_is_unchecked_naming_the_call(aws: StubbedAws) -> None:
    def factory(service: str, environment: Environment) -> Any:
        from botocore.exceptions import NoCredentialsError

        client = aws.factory(service, environment)

        def refuse(**_: Any) -> None:
            raise NoCredentialsError()

        client.get_caller_identity = refuse
        return client

    run = Preflight(config_of(), Reader(factory), args())
    run.identify(run.instance_env)
    assert shown(run) == [
        f"unchecked credentials: sts GetCallerIdentity in aws://{ACCOUNT}/{REGION}: no AWS "
        "credentials found (give --profile or sign in)"
    ]


# --- each check ----------------------------------------------------------------------------------


def test_a_missing_bootstrap_stack_says_how_to_bootstrap(aws: StubbedAws) -> None:
    run = checks(aws)
    no_stack(aws, "instance", "CDKToolkit")
    run.check_bootstrap(run.instance_env)
    assert shown(run) == [
        f"finding   bootstrap: no CDK bootstrap stack (CDKToolkit) in aws://{ACCOUNT}/{REGION}: "
        f"run npx cdk bootstrap aws://{ACCOUNT}/{REGION} (docs/deploy.md: Bootstrap)"
    ]


def test_each_environment_the_app_deploys_to_is_checked_for_its_bootstrap(aws: StubbedAws) -> None:
    run = checks(aws, lookup_region="us-west-2")
    assert [(e.account, e.region) for e in run.distinct_environments()] == [
        (ACCOUNT, REGION),
        (ACCOUNT, "us-west-2"),
    ]
    aws.ok("cloudformation", "lookup", "DescribeStacks", stack("CDKToolkit", "ROLLBACK_COMPLETE"))
    run.check_bootstrap(run.lookup_env)
    [line] = shown(run)
    assert line.startswith("finding   bootstrap: the bootstrap stack CDKToolkit in aws://")
    assert "us-west-2 is ROLLBACK_COMPLETE" in line


@pytest.mark.parametrize(("status", "ok"), [("ACTIVE", True), ("CREATION_IN_PROGRESS", False)])
def test_the_instance_must_be_active(aws: StubbedAws, status: str, ok: bool) -> None:
    run = checks(aws)
    aws.ok(
        "connect",
        "instance",
        "DescribeInstance",
        {"Instance": {"Id": INSTANCE_ID, "Arn": INSTANCE_ARN, "InstanceStatus": status}},
        {"InstanceId": INSTANCE_ID},
    )
    run.check_instance()
    assert run.instance_active is ok
    [line] = shown(run)
    assert line.startswith("ok        instance:" if ok else "finding   instance:")


def test_an_instance_that_is_not_there_is_a_finding(aws: StubbedAws) -> None:
    run = checks(aws)
    aws.error("connect", "instance", "DescribeInstance", "ResourceNotFoundException", message="no")
    run.check_instance()
    assert shown(run) == [
        f"finding   instance: {INSTANCE_ARN} not found in aws://{ACCOUNT}/{REGION}: check "
        "instance_arn"
    ]


def names_listed(aws: StubbedAws, flows: Mapping[str, str], queues: Mapping[str, str] = {}) -> None:
    def summaries(items: Mapping[str, str]) -> list[dict[str, str]]:
        return [{"Name": name, "Arn": arn} for name, arn in items.items()]

    aws.ok("connect", "instance", "ListContactFlows", {"ContactFlowSummaryList": summaries(flows)})
    aws.ok(
        "connect",
        "instance",
        "ListQueues",
        {"QueueSummaryList": summaries(queues)},
        {"InstanceId": INSTANCE_ID, "QueueTypes": ["STANDARD"]},
    )
    aws.ok("connect", "instance", "ListHoursOfOperations", {"HoursOfOperationSummaryList": []})
    aws.ok("connect", "instance", "ListRoutingProfiles", {"RoutingProfileSummaryList": []})


def test_a_flow_name_taken_by_something_else_is_a_finding(aws: StubbedAws) -> None:
    run = checks(aws)
    no_stack(aws, "instance", f"CustomerLookupConnect-{STAGE}")
    other = arn_in_instance("contact-flow", "9f8e7d6c-0000-4000-8000-000000000001")
    names_listed(
        aws, {f"CustomerLookup-{STAGE}": other}, {"General-qa": arn_in_instance("queue", "q1")}
    )
    run.check_names()
    lines = shown(run)
    findings = [line for line in lines if line.startswith("finding")]
    assert findings == [
        f"finding   names: a contact flow named 'CustomerLookup-{STAGE}' already exists in the "
        f"instance ({other}) and is not CustomerLookupConnect-{STAGE}'s: Connect refuses a "
        "second one; rename or delete it, or deploy with another stage",
        f"finding   names: a queue named 'General-{STAGE}' already exists in the instance "
        f"({arn_in_instance('queue', 'q1')}) and is not CustomerLookupConnect-{STAGE}'s: Connect "
        "refuses a second one; rename or delete it, or deploy with another stage",
    ]
    # Every name the stack creates was looked at: flow, 4 queues, hours, routing profile.
    assert len(lines) == 7


def test_names_the_apps_stack_holds_are_its_own(aws: StubbedAws) -> None:
    run = checks(aws, routing_profile="none")
    deployed_stack(
        aws, "instance", f"CustomerLookupConnect-{STAGE}", {FLOW_ARN: "AWS::Connect::ContactFlow"}
    )
    aws.ok(
        "connect",
        "instance",
        "ListContactFlows",
        {"ContactFlowSummaryList": [{"Name": f"CustomerLookup-{STAGE}", "Arn": FLOW_ARN}]},
    )
    aws.ok("connect", "instance", "ListQueues", {"QueueSummaryList": []})
    aws.ok("connect", "instance", "ListHoursOfOperations", {"HoursOfOperationSummaryList": []})
    run.check_names()
    lines = shown(run)
    assert (
        lines[0] == f"ok        names: contact flow 'CustomerLookup-{STAGE}' is "
        f"CustomerLookupConnect-{STAGE}'s own"
    )
    assert not [line for line in lines if "routing profile" in line]
    assert preflight.exit_status(run.lines) == 0


def test_an_association_made_outside_the_stack_says_how_to_remove_it(aws: StubbedAws) -> None:
    run = checks(aws)
    aws.ok(
        "connect",
        "instance",
        "ListLambdaFunctions",
        {"LambdaFunctions": [ALIAS_ARN]},
        {"InstanceId": INSTANCE_ID},
    )
    no_stack(aws, "instance", f"CustomerLookupConnect-{STAGE}")
    run.check_association()
    [line] = shown(run)
    assert line.startswith(f"finding   association: {ALIAS_ARN} is already associated")
    assert "scripts/grant_connect_access.py" in line
    assert (
        f"aws connect disassociate-lambda-function --instance-id {INSTANCE_ID} --function-arn "
        f"{ALIAS_ARN}" in line
    )


def test_the_stacks_own_association_is_fine(aws: StubbedAws) -> None:
    run = checks(aws)
    aws.ok("connect", "instance", "ListLambdaFunctions", {"LambdaFunctions": [ALIAS_ARN]})
    # CloudFormation's physical id of an IntegrationAssociation: instance, type and ARN.
    deployed_stack(
        aws,
        "instance",
        f"CustomerLookupConnect-{STAGE}",
        {f"{INSTANCE_ARN}|LAMBDA_FUNCTION|{ALIAS_ARN}": "AWS::Connect::IntegrationAssociation"},
    )
    run.check_association()
    assert shown(run) == [
        f"ok        association: {ALIAS_ARN} is associated by CustomerLookupConnect-{STAGE}"
    ]


def test_no_association_is_looked_for_when_the_function_is_elsewhere(aws: StubbedAws) -> None:
    run = checks(aws, lookup_region="us-west-2")
    run.check_association()
    [line] = shown(run)
    assert line.startswith("ok        association: none made")


@pytest.mark.parametrize(
    ("target", "status", "expected"),
    [
        (
            INSTANCE_ARN,
            "CLAIMED",
            "ok        phone number: +442071838750 is claimed by the instance",
        ),
        (OTHER_INSTANCE_ARN, "CLAIMED", "finding   phone number: +442071838750"),
        (INSTANCE_ARN, "IN_PROGRESS", "finding   phone number: +442071838750"),
    ],
)
def test_the_phone_number_is_claimed_by_the_instance(
    aws: StubbedAws, target: str, status: str, expected: str
) -> None:
    run = checks(aws, phone_number_arn=NUMBER_ARN)
    aws.ok(
        "connect",
        "instance",
        "DescribePhoneNumber",
        {
            "ClaimedPhoneNumberSummary": {
                "PhoneNumberId": NUMBER_ID,
                "PhoneNumberArn": NUMBER_ARN,
                "PhoneNumber": "+442071838750",
                "TargetArn": target,
                "PhoneNumberStatus": {"Status": status},
            }
        },
        {"PhoneNumberId": NUMBER_ID},
    )
    run.check_phone_number()
    [line] = shown(run)
    assert line.startswith(expected)


def test_an_unclaimed_phone_number_is_a_finding(aws: StubbedAws) -> None:
    run = checks(aws, phone_number_arn=NUMBER_ARN)
    aws.error("connect", "instance", "DescribePhoneNumber", "ResourceNotFoundException")
    run.check_phone_number()
    [line] = shown(run)
    assert line.startswith(f"finding   phone number: {NUMBER_ARN} is not a number claimed")


def log_groups(aws: StubbedAws, *found: str) -> None:
    aws.ok(
        "logs",
        "lookup",
        "DescribeLogGroups",
        {"logGroups": [{"logGroupName": name} for name in found]},
        {"logGroupNamePrefix": f"/aws/lambda/{FUNCTION}"},
    )


def test_a_log_group_of_the_functions_name_outside_the_stack_is_a_finding(aws: StubbedAws) -> None:
    run = checks(aws)
    log_groups(aws, f"/aws/lambda/{FUNCTION}")
    no_stack(aws, "lookup", f"CustomerLookup-{STAGE}")
    run.check_log_group()
    [line] = shown(run)
    assert line.startswith(f"finding   log group: /aws/lambda/{FUNCTION} already exists outside")
    assert f"aws logs delete-log-group --log-group-name /aws/lambda/{FUNCTION}" in line


def test_a_log_group_of_a_longer_name_or_the_stacks_own_is_fine(aws: StubbedAws) -> None:
    run = checks(aws)
    log_groups(aws, f"/aws/lambda/{FUNCTION}-old")
    run.check_log_group()
    log_groups(aws, f"/aws/lambda/{FUNCTION}")
    deployed_stack(
        aws, "lookup", f"CustomerLookup-{STAGE}", {f"/aws/lambda/{FUNCTION}": "AWS::Logs::LogGroup"}
    )
    run.check_log_group()
    assert [line.status for line in run.lines] == ["ok", "ok"]


def test_a_function_of_the_name_outside_the_stack_is_a_finding(aws: StubbedAws) -> None:
    run = checks(aws)
    aws.ok(
        "lambda",
        "lookup",
        "GetFunction",
        {"Configuration": {"FunctionName": FUNCTION, "FunctionArn": ALIAS_ARN.rsplit(":", 1)[0]}},
        {"FunctionName": FUNCTION},
    )
    no_stack(aws, "lookup", f"CustomerLookup-{STAGE}")
    run.check_function_name()
    [line] = shown(run)
    assert line.startswith(f"finding   function: a function named {FUNCTION}")


def account_settings(aws: StubbedAws, quota: int, unreserved: int) -> None:
    aws.ok(
        "lambda",
        "lookup",
        "GetAccountSettings",
        {
            "AccountLimit": {
                "ConcurrentExecutions": quota,
                "UnreservedConcurrentExecutions": unreserved,
            }
        },
    )


def test_provisioned_concurrency_that_leaves_less_than_100_unreserved_is_a_finding(
    aws: StubbedAws,
) -> None:
    run = checks(aws, provisioned_concurrency="2")
    account_settings(aws, quota=10, unreserved=10)
    aws.error(
        "lambda",
        "lookup",
        "GetProvisionedConcurrencyConfig",
        "ProvisionedConcurrencyConfigNotFoundException",
        status=404,
    )
    run.check_concurrency()
    lines = shown(run)
    assert lines[0].startswith("finding   concurrency: provisioned_concurrency=2 does not fit")
    assert "the concurrency quota is 10, 10 of it unreserved" in lines[0]
    assert "at most 0" in lines[0]
    assert lines[1].startswith("note      concurrency: the account's quota")


def test_provisioned_concurrency_already_on_the_alias_is_taken_over(aws: StubbedAws) -> None:
    run = checks(aws, provisioned_concurrency="5")
    account_settings(aws, quota=1000, unreserved=103)
    aws.ok(
        "lambda",
        "lookup",
        "GetProvisionedConcurrencyConfig",
        {"RequestedProvisionedConcurrentExecutions": 5},
        {"FunctionName": FUNCTION, "Qualifier": "live"},
    )
    run.check_concurrency()
    [line] = shown(run)
    assert line.startswith("ok        concurrency: provisioned_concurrency=5 fits")


def test_without_provisioned_concurrency_nothing_is_asked(aws: StubbedAws) -> None:
    run = checks(aws)
    run.check_concurrency()
    assert shown(run) == ["ok        concurrency: no provisioned concurrency asked for"]
    assert aws.made == []


@pytest.mark.parametrize(
    ("context", "status"),
    [
        ({"lookup_alias": "prod"}, "finding"),
        ({"lookup_alias": "prod", "previous_lookup_alias": "live"}, "ok"),
        ({}, "ok"),
    ],
)
def test_renaming_the_alias_keeps_the_deployed_one_for_a_deployment(
    aws: StubbedAws, context: dict[str, str], status: str
) -> None:
    run = checks(aws, **context)
    deployed_stack(aws, "lookup", f"CustomerLookup-{STAGE}", {}, {"LookupAliasArn": ALIAS_ARN})
    run.check_alias_rename()
    [line] = run.lines
    assert line.status == status
    if status == "finding":
        assert "deploy first with -c previous_lookup_alias=live, then again without it" in line.text


# --- a whole run ---------------------------------------------------------------------------------


def test_a_first_deployment_into_a_ready_account_exits_0(
    aws: StubbedAws, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    caller(aws)
    aws.ok(
        "cloudformation",
        "instance",
        "DescribeStacks",
        stack("CDKToolkit"),
        {"StackName": "CDKToolkit"},
    )
    aws.ok(
        "connect",
        "instance",
        "DescribeInstance",
        {"Instance": {"Id": INSTANCE_ID, "InstanceStatus": "ACTIVE"}},
    )
    no_stack(aws, "instance", f"CustomerLookupConnect-{STAGE}")
    names_listed(aws, {})
    aws.ok("connect", "instance", "ListLambdaFunctions", {"LambdaFunctions": []})
    aws.error("lambda", "lookup", "GetFunction", "ResourceNotFoundException", status=404)
    log_groups(aws)
    no_stack(aws, "lookup", f"CustomerLookup-{STAGE}")
    cdk_json = write_cdk_json(tmp_path, CONTEXT)
    status, lines, err = run_main(
        capsys, ["--cdk-json", str(cdk_json)], clients=lambda _: aws.factory
    )
    assert status == 0, lines
    assert all(line.startswith(("ok ", "note ")) for line in lines), lines
    assert err == "preflight.py: ready for cdk deploy\n"


# --- before cdk destroy --------------------------------------------------------------------------


def test_destroy_lists_numbers_attached_by_hand_and_agents_on_the_routing_profile(
    aws: StubbedAws,
) -> None:
    run = checks(aws, phone_number_arn=NUMBER_ARN)
    by_hand = (
        f"arn:aws:connect:{REGION}:{ACCOUNT}:phone-number/6b7c8d9e-0000-4000-8000-0000000000d2"
    )
    caller(aws)
    deployed_stack(
        aws,
        "instance",
        f"CustomerLookupConnect-{STAGE}",
        {
            FLOW_ARN: "AWS::Connect::ContactFlow",
            PROFILE_ARN: "AWS::Connect::RoutingProfile",
            NUMBER_ARN: "Custom::PhoneNumberContactFlowAssociation",
        },
    )
    aws.ok(
        "connect",
        "instance",
        "ListFlowAssociations",
        {
            "FlowAssociationSummaryList": [
                {
                    "ResourceId": NUMBER_ARN,
                    "FlowId": FLOW_ARN,
                    "ResourceType": "VOICE_PHONE_NUMBER",
                },
                {"ResourceId": by_hand, "FlowId": FLOW_ARN, "ResourceType": "VOICE_PHONE_NUMBER"},
                {
                    "ResourceId": "arn:aws:connect:eu-west-2:444455556666:phone-number/other",
                    "FlowId": arn_in_instance("contact-flow", "another-flow"),
                    "ResourceType": "VOICE_PHONE_NUMBER",
                },
            ]
        },
        {"InstanceId": INSTANCE_ID, "ResourceType": "VOICE_PHONE_NUMBER"},
    )
    aws.ok(
        "connect",
        "instance",
        "SearchUsers",
        {
            "Users": [
                {"Username": "ana", "RoutingProfileId": PROFILE_ID},
                {"Username": "bo", "RoutingProfileId": "some-other-profile"},
            ]
        },
        {"InstanceId": INSTANCE_ID},
    )
    deployed_stack(
        aws,
        "lookup",
        f"CustomerLookup-{STAGE}",
        {"CustomerLookup-qa-CustomerTable-1A2B": "AWS::DynamoDB::GlobalTable"},
    )
    run.destroy_checks()
    releases = [line for line in run.lines if line.status == "release"]
    assert [(line.check, line.text.split()[0]) for line in releases] == [
        ("phone number", by_hand),
        ("routing profile", "agent"),
    ]
    assert "6b7c8d9e-0000-4000-8000-0000000000d2 --instance-id" in releases[0].text
    assert "agent ana " in releases[1].text
    notes = [line for line in run.lines if line.status == "note"]
    assert [line.check for line in notes] == ["table"]
    assert "CustomerLookup-qa-CustomerTable-1A2B is kept by cdk destroy" in notes[0].text
    assert preflight.exit_status(run.lines) == 1


def test_destroy_with_nothing_deployed_has_nothing_to_release(aws: StubbedAws) -> None:
    run = checks(aws)
    caller(aws)
    no_stack(aws, "instance", f"CustomerLookupConnect-{STAGE}")
    no_stack(aws, "lookup", f"CustomerLookup-{STAGE}")
    run.destroy_checks()
    assert preflight.exit_status(run.lines) == 0
    assert [line.status for line in run.lines] == ["ok", "ok", "ok"]


def _adopted_package(tmp_path: Path, *, lex_bot: bool = False) -> Path:
    """The adoption fixtures' set, adopted; with ``lex_bot``, one more flow that talks to a
    Lex V2 bot alias the console's metadata names."""
    from flows.cli import main as flows_main
    from tests.unit import adoption_fixtures as fx

    exports = tmp_path / "exports"
    fx.write_exports(exports)
    if lex_bot:
        alias_arn = f"arn:aws:lex:{fx.REGION}:{fx.SOURCE_ACCOUNT}:bot-alias/BOTAAAAAAA/ALIASAAAAA"
        shown = {"LexV2Bot": {"AliasArn": {"displayName": "live", "lexV2BotName": "OrderBot"}}}
        errors = ["NoMatchingCondition", "NoMatchingError"]
        bot_door = {
            "Version": "2019-10-30",
            "StartAction": "bot",
            "Metadata": {
                "name": "Bot door",
                "type": "contactFlow",
                "ActionMetadata": {"bot": {"parameters": shown}},
            },
            "Actions": [
                {
                    "Identifier": "bot",
                    "Type": "ConnectParticipantWithLexBot",
                    "Parameters": {"Text": "How can I help?", "LexV2Bot": {"AliasArn": alias_arn}},
                    "Transitions": {
                        "NextAction": "bye",
                        "Errors": [{"NextAction": "bye", "ErrorType": e} for e in errors],
                        "Conditions": [],
                    },
                },
                {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}},
            ],
        }
        (exports / "Bot door.json").write_text(json.dumps(bot_door))
    package = tmp_path / "orders"
    assert flows_main(["adopt", str(exports), "-o", str(package)]) == 0
    return package


def _fixture_functions(prefix: str = "") -> dict[str, str]:
    """Each function the fixture flows call, as the flow describes it -> the ARN it calls in
    the tests' instance (its account and region, renamed with ``prefix``)."""
    from flows.model.references import LambdaFunction
    from tests.unit import adoption_fixtures as fx

    found = {}
    for source in (fx.FUNCTION_ARN, fx.MODULE_FUNCTION_ARN):
        name, _, qualifier = source.split(":function:")[1].partition(":")
        reference = LambdaFunction(name, qualifier=qualifier or None)
        arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{prefix}{name}"
        found[reference.describe()] = arn + (f":{qualifier}" if qualifier else "")
    return found


def _stub_adopted_names(
    aws: StubbedAws, *, hours: list[str], functions: list[str], taken: str | None = None
) -> None:
    """The adopted flows' own names (free unless ``taken``), then the names they use, kind by
    kind in the order they first appear, then the instance's associated functions."""
    no_stack(aws, "instance", f"AdoptedFlows-{STAGE}")
    flows = [{"Name": taken, "Arn": arn_in_instance("contact-flow", "9e9e9e9e")}] if taken else []
    aws.ok("connect", "instance", "ListContactFlows", {"ContactFlowSummaryList": flows})
    aws.ok("connect", "instance", "ListContactFlowModules", {"ContactFlowModulesSummaryList": []})
    aws.ok("connect", "instance", "ListPrompts", {"PromptSummaryList": [{"Name": "Closed.wav"}]})
    aws.ok(
        "connect",
        "instance",
        "ListHoursOfOperations",
        {"HoursOfOperationSummaryList": [{"Name": name} for name in hours]},
    )
    aws.ok("connect", "instance", "ListQueues", {"QueueSummaryList": [{"Name": "Orders"}]})
    aws.ok(
        "connect",
        "instance",
        "ListLambdaFunctions",
        {"LambdaFunctions": functions},
        {"InstanceId": INSTANCE_ID},
    )


def test_adopted_flows_names_taken_and_names_missing_are_findings(
    aws: StubbedAws, tmp_path: Path
) -> None:
    package = _adopted_package(tmp_path)
    run = checks(aws, adopted_flows=str(package))
    functions = _fixture_functions()
    _stub_adopted_names(aws, hours=[], functions=list(functions.values()), taken="Front door")
    run.check_adopted_flows()
    lines = shown(run)
    assert any(
        line.startswith("finding   names: a contact flow named 'Front door' already exists")
        for line in lines
    )
    assert "ok        names: flow module 'Check PIN' is free" in lines
    # Checked: a prompt, hours and a queue in the instance, and the two functions.
    assert lines[-1] == (
        "finding   adopted flows: 1 of 5 names the adopted flows use is missing: "
        "HoursOfOperation('Office hours'), which the instance does not have: the deployment's "
        "check would fail; create them or correct the names"
    )
    assert preflight.exit_status(run.lines) == 1


def test_functions_not_associated_by_the_arn_the_flow_calls_are_in_the_one_finding(
    aws: StubbedAws, tmp_path: Path
) -> None:
    package = _adopted_package(tmp_path)
    run = checks(aws, adopted_flows=str(package), adopted_function_names='{"*": "prod-*"}')
    functions = _fixture_functions("prod-")
    # Each associated, but not by the ARN its flow calls: the unqualified one by an alias, the
    # qualified one unqualified; and the source names, not renamed.
    associated = [
        arn + ":live" if arn.count(":") == 6 else arn.rsplit(":", 1)[0]
        for arn in functions.values()
    ] + list(_fixture_functions().values())
    _stub_adopted_names(aws, hours=["Office hours"], functions=associated)
    run.check_adopted_flows()
    line = shown(run)[-1]
    head = "finding   adopted flows: 2 of 5 names the adopted flows use are missing: "
    tail = (
        ", which are not associated with it: the deployment's check would fail; create them or "
        "correct the names, and associate each function with the instance by the ARN the flow "
        "calls (AssociateLambdaFunction)"
    )
    assert line.startswith(head)
    assert line.endswith(tail)
    described = [f"{name} as {arn}" for name, arn in functions.items()]
    # In the order the flows call them, which is the package's.
    assert line.removeprefix(head).removesuffix(tail) in {
        ", ".join(described),
        ", ".join(reversed(described)),
    }
    assert preflight.exit_status(run.lines) == 1


def test_the_ok_line_says_what_was_checked_and_what_was_left_to_the_deployment(
    aws: StubbedAws, tmp_path: Path
) -> None:
    package = _adopted_package(tmp_path, lex_bot=True)
    run = checks(aws, adopted_flows=str(package))
    _stub_adopted_names(aws, hours=["Office hours"], functions=list(_fixture_functions().values()))
    run.check_adopted_flows()  # no Lex client is stubbed: a call to Lex would fail the test
    assert shown(run)[-1] == (
        "ok        adopted flows: the instance has every name the adopted flows use: "
        "3 resources, 2 functions associated with it; 1 Lex bot alias left to the deployment's "
        "lookup: LexBot('OrderBot', alias='live')"
    )
    assert preflight.exit_status(run.lines) == 0


def test_a_missing_name_beside_a_lex_bot_still_says_the_bot_was_not_checked(
    aws: StubbedAws, tmp_path: Path
) -> None:
    package = _adopted_package(tmp_path, lex_bot=True)
    run = checks(aws, adopted_flows=str(package))
    _stub_adopted_names(aws, hours=[], functions=list(_fixture_functions().values()))
    run.check_adopted_flows()
    assert shown(run)[-1].startswith("finding   adopted flows: 1 of 5 names")
    assert shown(run)[-1].endswith(
        "; 1 Lex bot alias left to the deployment's lookup: LexBot('OrderBot', alias='live')"
    )


def test_destroy_finds_numbers_by_id_on_the_adopted_flows_too(
    aws: StubbedAws, tmp_path: Path
) -> None:
    # ListFlowAssociations documents ResourceId and FlowId as identifiers: given as bare ids,
    # the stack's own number is still its own, and a number on an adopted flow is found.
    package = tmp_path / "orders"
    adopted_flow = arn_in_instance("contact-flow", "4e5f6a7b-0000-4000-8000-0000000000f4")
    by_hand_id = "6b7c8d9e-0000-4000-8000-0000000000d2"
    caller(aws)
    deployed_stack(
        aws,
        "instance",
        f"CustomerLookupConnect-{STAGE}",
        {
            FLOW_ARN: "AWS::Connect::ContactFlow",
            NUMBER_ARN: "Custom::PhoneNumberContactFlowAssociation",
        },
    )
    deployed_stack(
        aws, "instance", f"AdoptedFlows-{STAGE}", {adopted_flow: "AWS::Connect::ContactFlow"}
    )
    aws.ok(
        "connect",
        "instance",
        "ListFlowAssociations",
        {
            "FlowAssociationSummaryList": [
                {"ResourceId": NUMBER_ID, "FlowId": FLOW_ARN.rsplit("/", 1)[1]},
                {"ResourceId": by_hand_id, "FlowId": adopted_flow.rsplit("/", 1)[1]},
            ]
        },
        {"InstanceId": INSTANCE_ID, "ResourceType": "VOICE_PHONE_NUMBER"},
    )
    no_stack(aws, "lookup", f"CustomerLookup-{STAGE}")
    config = dataclasses.replace(config_of(phone_number_arn=NUMBER_ARN), adopted_flows=(package,))
    run = Preflight(config, Reader(aws.factory), args())
    run.destroy_checks()
    assert [(line.status, line.check, line.text.split()[0]) for line in run.lines[1:3]] == [
        ("ok", "phone number", NUMBER_ID),
        ("release", "phone number", by_hand_id),
    ]
    assert adopted_flow in run.lines[2].text
    assert preflight.exit_status(run.lines) == 1
