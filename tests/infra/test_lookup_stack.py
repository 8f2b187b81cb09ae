"""The lookup stack, in every mode: table, function, role, Connect permission, alarms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from stacks.config import AppConfig
from stacks.lookup_stack import CustomerLookupStack, alias_construct_id
from stacks.synth_summary import summarize
from tests.infra.conftest import (
    ALARM_EMAIL,
    ALARM_TOPIC_ARN,
    ALIAS_ARNS,
    SynthesizedApp,
    synthesize,
)

pytestmark = pytest.mark.infra

# The instance of the tests' own configurations (not cdk.json's).
INSTANCE_ARN = (
    "arn:aws:connect:us-east-1:333333333333:instance/7c1d2e3f-0000-4000-8000-0000000000c1"
)


def only_resource(template: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    found = [
        (logical_id, resource)
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    ]
    assert len(found) == 1, f"expected one {resource_type}, found {len(found)}"
    (only,) = found
    return only


def flow_invocation_limit_seconds(app: SynthesizedApp) -> int:
    """InvocationTimeLimitSeconds of the Invoke AWS Lambda function blocks of the deployed flow."""
    content = app.flow_content()
    limits = {
        int(action["Parameters"]["InvocationTimeLimitSeconds"])
        for action in content["Actions"]
        if action["Type"] == "InvokeLambdaFunction"
    }
    assert len(limits) == 1, limits
    return limits.pop()


def test_lookup_stack_is_deployed_to_the_lookup_environment(synthesized: SynthesizedApp) -> None:
    assert synthesized.environment(synthesized.stacks.lookup.artifact_id) == (
        synthesized.config.lookup_account,
        synthesized.config.lookup_region,
    )


def test_customer_table_is_keyed_by_phone_number_and_billed_on_demand(
    synthesized: SynthesizedApp,
) -> None:
    Template.from_json(synthesized.lookup_template).has_resource_properties(
        "AWS::DynamoDB::GlobalTable",
        {
            "KeySchema": [{"AttributeName": "phoneNumber", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "phoneNumber", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )


def test_customer_table_is_encrypted_and_protected_from_deletion(
    synthesized: SynthesizedApp,
) -> None:
    template = Template.from_json(synthesized.lookup_template)
    template.has_resource(
        "AWS::DynamoDB::GlobalTable",
        {
            "Properties": Match.object_like(
                {
                    "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
                    "Replicas": [
                        Match.object_like(
                            {
                                "Region": synthesized.config.lookup_region,
                                "DeletionProtectionEnabled": True,
                            }
                        )
                    ],
                }
            ),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


def test_every_table_replica_has_point_in_time_recovery(synthesized: SynthesizedApp) -> None:
    # Our own check: cdk-nag's DDB3 looks only at AWS::DynamoDB::Table, not at GlobalTable.
    tables = [
        resource
        for resource in synthesized.lookup_template["Resources"].values()
        if resource["Type"] in {"AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table"}
    ]
    assert tables
    for table in tables:
        properties = table["Properties"]
        specifications = (
            [replica.get("PointInTimeRecoverySpecification") for replica in properties["Replicas"]]
            if table["Type"] == "AWS::DynamoDB::GlobalTable"
            else [properties.get("PointInTimeRecoverySpecification")]
        )
        assert specifications
        assert all(
            spec and spec.get("PointInTimeRecoveryEnabled") is True for spec in specifications
        )


def test_function_runs_the_handler_on_python_3_14_on_arm64(synthesized: SynthesizedApp) -> None:
    # The runtime is a decision written down, not the newest aws-cdk-lib knows: an upgrade of
    # aws-cdk-lib must leave it as it is.
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    properties = function["Properties"]
    assert properties["Handler"] == "handler.handler"
    assert properties["Architectures"] == ["arm64"]
    assert properties["Runtime"] == "python3.14"


def test_function_has_the_stage_name_so_its_arn_is_known_in_advance(
    synthesized: SynthesizedApp,
) -> None:
    Template.from_json(synthesized.lookup_template).has_resource_properties(
        "AWS::Lambda::Function", {"FunctionName": "customer-lookup-dev"}
    )
    assert synthesized.config.lookup_function_arn == ALIAS_ARNS[synthesized.mode]


def test_live_alias_points_at_the_version_this_deployment_published(
    synthesized: SynthesizedApp,
) -> None:
    function_id, _ = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    version_id, version = only_resource(synthesized.lookup_template, "AWS::Lambda::Version")
    _, alias = only_resource(synthesized.lookup_template, "AWS::Lambda::Alias")
    assert version["Properties"]["FunctionName"] == {"Ref": function_id}
    assert alias["Properties"]["Name"] == "live"
    assert alias["Properties"]["FunctionName"] == {"Ref": function_id}
    assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}


def test_stack_outputs_the_alias_arn_for_the_tools(synthesized: SynthesizedApp) -> None:
    alias_id, _ = only_resource(synthesized.lookup_template, "AWS::Lambda::Alias")
    assert synthesized.lookup_template["Outputs"]["LookupAliasArn"] == {"Value": {"Ref": alias_id}}


@pytest.fixture(scope="module")
def renaming(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SynthesizedApp]:
    """The two deployments of a rename from 'live' to 'prod-2': both aliases, then the new one."""
    base = {"instance_arn": INSTANCE_ARN, "lookup_alias": "prod-2"}
    return {
        "both": synthesize(
            {**base, "previous_lookup_alias": "live"}, tmp_path_factory.mktemp("both")
        ),
        "after": synthesize(base, tmp_path_factory.mktemp("after")),
    }


def aliases_by_name(template: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        resource["Properties"]["Name"]: (logical_id, resource)
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Alias"
    }


def test_a_renamed_alias_is_added_beside_the_previous_one_on_the_same_version(
    renaming: dict[str, SynthesizedApp], synthesized_app: Callable[[str], SynthesizedApp]
) -> None:
    template = renaming["both"].lookup_template
    aliases = aliases_by_name(template)
    assert set(aliases) == {"prod-2", "live"}
    version_id, _ = only_resource(template, "AWS::Lambda::Version")
    for _, alias in aliases.values():
        assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}
    # The kept alias is the very resource a deployment with the default alias made, so
    # CloudFormation leaves it in place instead of replacing it.
    default_alias_id, _ = only_resource(
        synthesized_app("same-region").lookup_template, "AWS::Lambda::Alias"
    )
    assert aliases["live"][0] == default_alias_id
    # The new alias is the one the tools and the flow use.
    new_id, _ = aliases["prod-2"]
    assert template["Outputs"]["LookupAliasArn"] == {"Value": {"Ref": new_id}}


def test_connect_may_invoke_both_aliases_while_the_flow_moves(
    renaming: dict[str, SynthesizedApp],
) -> None:
    template = renaming["both"].lookup_template
    permitted = [
        resource["Properties"]["FunctionName"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Permission"
        and resource["Properties"]["Principal"] == "connect.amazonaws.com"
    ]
    alias_ids = [logical_id for logical_id, _ in aliases_by_name(template).values()]
    assert sorted(map(str, permitted)) == sorted(str({"Ref": alias_id}) for alias_id in alias_ids)


def test_the_new_alias_keeps_its_resource_when_the_previous_one_is_dropped(
    renaming: dict[str, SynthesizedApp],
) -> None:
    both = aliases_by_name(renaming["both"].lookup_template)
    after = aliases_by_name(renaming["after"].lookup_template)
    assert set(after) == {"prod-2"}
    assert after["prod-2"][0] == both["prod-2"][0]


def test_each_alias_name_has_its_own_construct_id() -> None:
    names = ["live", "Live", "prod", "prod-2", "prod_2", "prod2", "PROD2"]
    ids = [alias_construct_id(name) for name in names]
    assert len(set(ids)) == len(names), ids
    assert alias_construct_id("live") == "LiveAlias"
    assert all(identifier.isalnum() and identifier[0].isalpha() for identifier in ids)
    assert alias_construct_id("prod-2") == alias_construct_id("prod-2")


def test_neither_snap_start_nor_provisioned_concurrency_by_default(
    synthesized: SynthesizedApp,
) -> None:
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    _, alias = only_resource(synthesized.lookup_template, "AWS::Lambda::Alias")
    assert "SnapStart" not in function["Properties"]
    assert "ProvisionedConcurrencyConfig" not in alias["Properties"]


def test_snap_start_on_request_applies_to_published_versions(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("snap-start")
    _, function = only_resource(app.lookup_template, "AWS::Lambda::Function")
    _, alias = only_resource(app.lookup_template, "AWS::Lambda::Alias")
    assert function["Properties"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert "ProvisionedConcurrencyConfig" not in alias["Properties"]


def test_provisioned_concurrency_on_request_is_set_on_the_alias(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("provisioned-concurrency")
    _, function = only_resource(app.lookup_template, "AWS::Lambda::Function")
    _, alias = only_resource(app.lookup_template, "AWS::Lambda::Alias")
    assert alias["Properties"]["ProvisionedConcurrencyConfig"] == {
        "ProvisionedConcurrentExecutions": 2
    }
    assert "SnapStart" not in function["Properties"]


def test_function_timeout_is_strictly_below_the_flows_invocation_limit(
    synthesized: SynthesizedApp,
) -> None:
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    assert 1 <= function["Properties"]["Timeout"] < flow_invocation_limit_seconds(synthesized)


def test_function_has_256_mb_for_a_faster_cold_start_than_the_128_mb_default(
    synthesized: SynthesizedApp,
) -> None:
    # Lambda gives CPU in proportion to memory; a caller waits on the line through a cold start.
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    assert function["Properties"]["MemorySize"] == 256


def test_function_environment_names_the_table_and_the_default_country(
    synthesized: SynthesizedApp,
) -> None:
    table_id, _ = only_resource(synthesized.lookup_template, "AWS::DynamoDB::GlobalTable")
    Template.from_json(synthesized.lookup_template).has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Environment": {
                "Variables": {"CUSTOMER_TABLE_NAME": {"Ref": table_id}, "DEFAULT_COUNTRY": "US"}
            }
        },
    )


def test_function_logs_to_its_own_log_group_with_retention(synthesized: SynthesizedApp) -> None:
    template = Template.from_json(synthesized.lookup_template)
    log_group_id, log_group = only_resource(synthesized.lookup_template, "AWS::Logs::LogGroup")
    assert log_group["Properties"]["LogGroupName"] == (
        f"/aws/lambda/customer-lookup-{synthesized.config.stage}"
    )
    assert log_group["Properties"]["RetentionInDays"] > 0
    template.has_resource_properties(
        "AWS::Lambda::Function", {"LoggingConfig": {"LogGroup": {"Ref": log_group_id}}}
    )


def test_function_role_has_no_managed_policy_and_no_wildcard_action(
    synthesized: SynthesizedApp,
) -> None:
    resources = synthesized.lookup_template["Resources"].values()
    _, role = only_resource(synthesized.lookup_template, "AWS::IAM::Role")
    assert "ManagedPolicyArns" not in role["Properties"]
    statements = [
        statement
        for policy in role["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ] + [
        statement
        for resource in resources
        if resource["Type"] in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]
    actions = [
        action
        for statement in statements
        for action in (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
    ]
    assert actions
    assert not [action for action in actions if "*" in action]
    assert all(statement["Resource"] != "*" for statement in statements)


def test_function_role_may_only_get_items_from_the_table_and_write_its_logs(
    synthesized: SynthesizedApp,
) -> None:
    table_id, _ = only_resource(synthesized.lookup_template, "AWS::DynamoDB::GlobalTable")
    log_group_id, _ = only_resource(synthesized.lookup_template, "AWS::Logs::LogGroup")
    _, role = only_resource(synthesized.lookup_template, "AWS::IAM::Role")
    statements = [
        statement
        for policy in role["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    granted = {
        (action, str(statement["Resource"]))
        for statement in statements
        for action in (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
    }
    assert granted == {
        ("dynamodb:GetItem", str({"Fn::GetAtt": [table_id, "Arn"]})),
        ("logs:CreateLogStream", str({"Fn::GetAtt": [log_group_id, "Arn"]})),
        ("logs:PutLogEvents", str({"Fn::GetAtt": [log_group_id, "Arn"]})),
    }
    assert all(statement["Effect"] == "Allow" for statement in statements)


def test_connect_may_invoke_the_alias_only_for_the_instance(
    synthesized: SynthesizedApp,
) -> None:
    # The only permission of the stack: on the alias (a Ref to an alias is its ARN), not on
    # the unqualified function, which Connect never calls.
    alias_id, _ = only_resource(synthesized.lookup_template, "AWS::Lambda::Alias")
    _, permission = only_resource(synthesized.lookup_template, "AWS::Lambda::Permission")
    assert permission["Properties"] == {
        "Action": "lambda:InvokeFunction",
        "FunctionName": {"Ref": alias_id},
        "Principal": "connect.amazonaws.com",
        "SourceAccount": "111111111111",
        "SourceArn": (
            "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
        ),
    }


@pytest.mark.parametrize(
    ("metric", "statistic_key", "statistic"),
    [("Errors", "Statistic", "Sum"), ("Throttles", "Statistic", "Sum")],
)
def test_alarm_on_any_function_error_or_throttle(
    synthesized: SynthesizedApp, metric: str, statistic_key: str, statistic: str
) -> None:
    function_id, _ = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    Template.from_json(synthesized.lookup_template).has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "Namespace": "AWS/Lambda",
            "MetricName": metric,
            statistic_key: statistic,
            "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": function_id}}],
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Threshold": 1,
        },
    )


def duration_alarms(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::CloudWatch::Alarm"
        and resource["Properties"]["MetricName"] == "Duration"
    ]


def test_alarm_when_p99_duration_nears_the_functions_timeout(synthesized: SynthesizedApp) -> None:
    # Lambda reports no Duration above the function's timeout: a threshold at or above it
    # could never fire. Each Duration alarm is measured against the timeout in the template.
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    timeout_ms = function["Properties"]["Timeout"] * 1000
    alarms = duration_alarms(synthesized.lookup_template)
    assert len(alarms) == 1, f"expected one duration alarm, found {len(alarms)}"
    (alarm,) = alarms
    assert alarm["ExtendedStatistic"] == "p99"
    assert timeout_ms / 2 <= alarm["Threshold"] < timeout_ms


@pytest.mark.parametrize("limit", [2, 8])
def test_every_duration_threshold_is_below_the_timeout_for_any_flow_limit(limit: int) -> None:
    # The lookup stack alone (the Connect stack plays no part in its alarms): the shortest and
    # the longest flow limit the configuration allows.
    config = AppConfig.from_context(
        {"instance_arn": INSTANCE_ARN, "stage": "dev", "invocation_timeout_seconds": limit}.get
    )
    app = cdk.App()
    stack = CustomerLookupStack(
        app,
        "Lookup",
        env=cdk.Environment(account=config.lookup_account, region=config.lookup_region),
        function_name=config.lookup_function_name,
        instance=config.instance,
        invocation_timeout_seconds=config.invocation_timeout_seconds,
        function_timeout_seconds=config.function_timeout_seconds,
        alias_name=config.lookup_alias,
    )
    template = Template.from_stack(stack).to_json()
    _, function = only_resource(template, "AWS::Lambda::Function")
    timeout_ms = function["Properties"]["Timeout"] * 1000
    thresholds = [alarm["Threshold"] for alarm in duration_alarms(template)]
    assert thresholds
    assert all(0 < threshold < timeout_ms for threshold in thresholds), (thresholds, timeout_ms)
    # Whole milliseconds, as the alarm's description states them.
    assert all(isinstance(threshold, int) for threshold in thresholds), thresholds


def alarms_of(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::CloudWatch::Alarm"
    }


@pytest.mark.parametrize("mode", ["same-region", "cross-region", "cross-account"])
def test_without_an_alarm_target_the_alarms_have_no_action_and_the_stack_says_so(
    synthesized_app: Callable[[str], SynthesizedApp], mode: str
) -> None:
    app = synthesized_app(mode)
    alarms = alarms_of(app.lookup_template)
    assert len(alarms) == 3
    with_actions = [
        logical_id
        for logical_id, properties in alarms.items()
        if {"AlarmActions", "OKActions", "InsufficientDataActions"} & set(properties)
    ]
    assert with_actions == []
    assert (
        "  note: the alarms of customer-lookup-dev (errors, throttles, p99 duration) have no "
        "action: nobody is told when they fire; deploy with -c alarm_email=ADDRESS or "
        "-c alarm_topic_arn=ARN" in summarize(app.directory)
    )


def test_every_alarm_notifies_the_email_topic_and_the_existing_topic_when_it_fires_and_clears(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("configured")
    topic_id, _ = only_resource(app.lookup_template, "AWS::SNS::Topic")
    expected = [{"Ref": topic_id}, ALARM_TOPIC_ARN]
    alarms = alarms_of(app.lookup_template)
    assert len(alarms) == 3
    for logical_id, properties in alarms.items():
        assert properties["AlarmActions"] == expected, logical_id
        assert properties["OKActions"] == expected, logical_id
    assert not [line for line in summarize(app.directory) if "have no action" in line]


def test_the_alarm_email_is_subscribed_to_a_topic_that_accepts_only_tls(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    template = synthesized_app("configured").lookup_template
    topic_id, _ = only_resource(template, "AWS::SNS::Topic")
    _, subscription = only_resource(template, "AWS::SNS::Subscription")
    assert subscription["Properties"] == {
        "Protocol": "email",
        "TopicArn": {"Ref": topic_id},
        "Endpoint": ALARM_EMAIL,
    }
    only_resource(template, "AWS::SNS::TopicPolicy")
    Template.from_json(template).has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "Topics": [{"Ref": topic_id}],
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Action": "sns:Publish",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            },
        },
    )


def test_cloudwatch_may_publish_to_the_alarm_topic_for_this_stacks_alarms_only(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    # A topic policy replaces SNS's default one: without this Allow, the alarms could never
    # publish (the TLS Deny alone allows nothing).
    app = synthesized_app("configured")
    template = app.lookup_template
    topic_id, _ = only_resource(template, "AWS::SNS::Topic")
    _, policy = only_resource(template, "AWS::SNS::TopicPolicy")
    allows = [
        statement
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Effect"] == "Allow"
    ]
    assert len(allows) == 1, allows
    (allow,) = allows
    assert allow["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert allow["Action"] == "sns:Publish"
    assert allow["Resource"] == {"Ref": topic_id}
    account, _ = app.environment(app.stacks.lookup.artifact_id)
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": account}
    alarm_arns = [{"Fn::GetAtt": [logical_id, "Arn"]} for logical_id in alarms_of(template)]
    assert len(alarm_arns) == 3
    assert sorted(map(str, allow["Condition"]["ArnLike"]["aws:SourceArn"])) == sorted(
        map(str, alarm_arns)
    )


@pytest.mark.parametrize("mode", ["same-region", "cross-region", "cross-account"])
def test_without_an_alarm_email_no_topic_policy_is_made(
    synthesized_app: Callable[[str], SynthesizedApp], mode: str
) -> None:
    template = synthesized_app(mode).lookup_template
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert "AWS::SNS::TopicPolicy" not in types


def test_function_asset_holds_the_code_and_its_dependencies_only(
    synthesized: SynthesizedApp,
) -> None:
    _, function = only_resource(synthesized.lookup_template, "AWS::Lambda::Function")
    asset_hash = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")
    asset_dir = synthesized.directory / f"asset.{asset_hash}"
    names = {path.name for path in asset_dir.iterdir()}
    assert {"handler.py", "restore_hooks.py", "customer_lookup", "phonenumbers"} <= names
    # The SnapStart hooks library comes with Lambda's Python runtimes, like boto3.
    assert not {name for name in names if name.startswith(("snapshot_restore_py", "boto"))}
    assert not [p for p in asset_dir.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]
    assert not (asset_dir / "requirements.txt").exists()
