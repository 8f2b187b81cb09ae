"""The lookup stack: the customer table and the function Connect calls, in the lookup environment.

It may live in another region or account than the Connect instance. Nothing here depends on
the Connect stack: the function has an explicit name, so its ARN is known everywhere before
deployment, and the resource policy names the instance by ARN.

Connect calls an alias, not the function itself: each deployment that changes the function
publishes a version and moves the alias to it, so a call in flight never meets half-updated code,
and SnapStart or provisioned concurrency (both apply to published versions only) can be switched
on for the alias.

Renaming the alias is two deployments. CloudFormation replaces a renamed alias by creating the
new one and deleting the old one when this stack's update finishes, before the Connect stack
moves the flow: in between, every call would take the flow's error branch. So each alias is its
own resource (:func:`alias_construct_id`), and ``previous_lookup_alias`` keeps the old one, with
its Connect permission, while the flow moves; the next deployment without it deletes it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from flows.language.arns import ConnectInstanceArn
from stacks.alarm_notifications import alarm_notifications, allow_alarms_to_publish
from stacks.python_bundling import REPO_ROOT, python_function_code

LAMBDA_CODE_ROOT = REPO_ROOT / "lambdas" / "customer_lookup"
LAMBDA_HANDLER = "handler.handler"
# Named, not "the newest aws-cdk-lib knows": an upgrade of aws-cdk-lib must not move the function
# to a Python it was never tested on. Supported runtimes:
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html. When aws-cdk-lib learns a
# newer Python, cdk-nag (AwsSolutions-L1, Serverless-LambdaLatestVersion) stops synthesis: move
# this pin after the tests pass on that Python, on purpose.
FUNCTION_RUNTIME = lambda_.Runtime.PYTHON_3_14
# More memory is more CPU: a faster cold start for a caller who is waiting on the line.
MEMORY_SIZE_MB = 256
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
DEFAULT_COUNTRY = "US"
# The duration alarm fires when the slowest calls take this share of the function's own timeout.
# Lambda reports no Duration above the timeout (a call that reaches it is cut off and counted as
# an error), so a threshold at or over the timeout could never fire; the flow's limit, a second
# longer, is further still.
DURATION_ALARM_SHARE_OF_TIMEOUT = 0.8
# The alias name whose construct id ("LiveAlias") predates per-name ids.
ORIGINAL_ALIAS_NAME = "live"


def alias_construct_id(alias_name: str) -> str:
    """The construct id of the alias named ``alias_name``: one resource per name, stable.

    The alias ``live`` (the default) keeps the id it always had, so stacks already deployed keep
    their alias; another name gets an id of its letters and digits and a hash of the exact name
    (names that differ only in case, '-' or '_' are different aliases).
    """
    if alias_name == ORIGINAL_ALIAS_NAME:
        return "LiveAlias"
    plain = re.sub(r"[^A-Za-z0-9]", "", alias_name)
    digest = hashlib.sha256(alias_name.encode()).hexdigest()[:8]
    return f"Alias{plain[:1].upper()}{plain[1:]}{digest}"


class CustomerLookupStack(cdk.Stack):
    """Customer table, lookup function, its role, log group, Connect permission and alarms."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function_name: str,
        instance: ConnectInstanceArn,
        invocation_timeout_seconds: int,
        function_timeout_seconds: int,
        alias_name: str,
        previous_alias_name: str | None = None,
        snap_start: bool = False,
        provisioned_concurrency: int = 0,
        alarm_email: str | None = None,
        alarm_topic_arn: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        if not 1 <= function_timeout_seconds < invocation_timeout_seconds:
            raise ValueError(
                f"function timeout {function_timeout_seconds} s must be at least 1 s and below "
                f"the flow's InvocationTimeLimitSeconds {invocation_timeout_seconds} s"
            )
        if snap_start and provisioned_concurrency:
            raise ValueError("Lambda does not support SnapStart with provisioned concurrency")

        self.table = dynamodb.TableV2(
            self,
            "CustomerTable",
            partition_key=dynamodb.Attribute(
                name="phoneNumber", type=dynamodb.AttributeType.STRING
            ),
            billing=dynamodb.Billing.on_demand(),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            encryption=dynamodb.TableEncryptionV2.aws_managed_key(),
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )

        log_group = logs.LogGroup(
            self,
            "FunctionLogGroup",
            log_group_name=f"/aws/lambda/{function_name}",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        # Its own role with exactly what it does: one GetItem on this table, and writing to its
        # own log group (created above, so no logs:CreateLogGroup). No managed policy.
        role = iam.Role(
            self,
            "FunctionRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{function_name}: read customers, write its own logs",
            inline_policies={
                "CustomerLookup": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            sid="ReadCustomer",
                            actions=["dynamodb:GetItem"],
                            resources=[self.table.table_arn],
                        ),
                        iam.PolicyStatement(
                            sid="WriteOwnLogs",
                            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[log_group.log_group_arn],
                        ),
                    ]
                )
            },
        )

        runtime = FUNCTION_RUNTIME
        architecture = lambda_.Architecture.ARM_64
        self.function = lambda_.Function(
            self,
            "Function",
            function_name=function_name,
            description="Looks the caller up by phone number for an Amazon Connect flow",
            runtime=runtime,
            architecture=architecture,
            handler=LAMBDA_HANDLER,
            code=python_function_code(
                code_root=LAMBDA_CODE_ROOT, runtime=runtime, architecture=architecture
            ),
            timeout=cdk.Duration.seconds(function_timeout_seconds),
            memory_size=MEMORY_SIZE_MB,
            role=role,
            log_group=log_group,
            environment={
                "CUSTOMER_TABLE_NAME": self.table.table_name,
                "DEFAULT_COUNTRY": DEFAULT_COUNTRY,
            },
            # Published versions start from a snapshot of an initialised environment; the
            # function's runtime hooks (lambdas/customer_lookup/restore_hooks.py) renew what a
            # snapshot must not carry over.
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snap_start else None,
        )
        if snap_start:
            # CDK's reminder that SnapStart needs published versions: this stack publishes one.
            cdk.Annotations.of(self.function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every deployment publishes a version and Connect calls the alias on it",
            )
        # The version this deployment published, and the alias Connect calls. Provisioned
        # concurrency, when asked for, keeps environments initialised behind the alias.
        self.alias = self._connect_alias(
            alias_name,
            instance=instance,
            description="The version Amazon Connect calls",
            provisioned_concurrency=provisioned_concurrency,
        )
        # The alias the flow called before a rename, kept for one deployment (same version, no
        # provisioned concurrency of its own) so that callers never meet a deleted alias.
        self.previous_alias = (
            self._connect_alias(
                previous_alias_name,
                instance=instance,
                description=f"Kept while the flow moves to the alias {alias_name}",
                provisioned_concurrency=0,
            )
            if previous_alias_name
            else None
        )
        if previous_alias_name:
            cdk.Annotations.of(self).add_info(
                f"the alias {previous_alias_name!r} is kept beside {alias_name!r} while the flow "
                "moves to the new alias; once this deployment is done, deploy again without "
                "previous_lookup_alias to delete it"
            )

        notifications = alarm_notifications(
            self,
            function_name=function_name,
            alarm_email=alarm_email,
            alarm_topic_arn=alarm_topic_arn,
        )
        self.alarm_topics = notifications.topics
        self.alarm_email_subscription = notifications.email_subscription
        self.alarms = self._add_alarms(
            function_name, function_timeout_seconds, invocation_timeout_seconds
        )
        if notifications.created_topic is not None:
            allow_alarms_to_publish(notifications.created_topic, self.alarms, account=self.account)
        if not self.alarm_topics:
            cdk.Annotations.of(self).add_info(
                f"the alarms of {function_name} (errors, throttles, p99 duration) have no action:"
                " nobody is told when they fire; deploy with -c alarm_email=ADDRESS or "
                "-c alarm_topic_arn=ARN"
            )

        cdk.CfnOutput(self, "CustomerTableName", value=self.table.table_name)
        cdk.CfnOutput(self, "LookupFunctionArn", value=self.function.function_arn)
        cdk.CfnOutput(self, "LookupAliasArn", value=self.alias.function_arn)

    def _connect_alias(
        self,
        alias_name: str,
        *,
        instance: ConnectInstanceArn,
        description: str,
        provisioned_concurrency: int,
    ) -> lambda_.Alias:
        """An alias on this deployment's version that Connect may invoke for the instance."""
        alias = lambda_.Alias(
            self,
            alias_construct_id(alias_name),
            alias_name=alias_name,
            version=self.function.current_version,
            description=description,
            provisioned_concurrent_executions=provisioned_concurrency or None,
        )
        # Connect, and only on behalf of this instance: the confused-deputy guard. Needed in
        # every mode; an integration association does not replace it. A permission covers only
        # the ARN it names, so it is on the alias, the ARN Connect invokes.
        # https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
        alias.add_permission(
            "ConnectInvoke",
            principal=iam.ServicePrincipal("connect.amazonaws.com"),
            action="lambda:InvokeFunction",
            source_account=instance.account,
            source_arn=instance.arn,
        )
        return alias

    def _add_alarms(
        self, function_name: str, function_timeout_seconds: int, invocation_timeout_seconds: int
    ) -> list[cloudwatch.Alarm]:
        """Errors, throttles and slow calls: each sends a caller down the flow's Error branch."""
        period = cdk.Duration.minutes(1)
        # Whole milliseconds: 0.8 * 3000 in floating point is 2400.0000000000005.
        near_limit_ms = round(DURATION_ALARM_SHARE_OF_TIMEOUT * function_timeout_seconds * 1000)
        alarms = {
            "ErrorsAlarm": (
                self.function.metric_errors(period=period, statistic="Sum"),
                1,
                "the function failed or timed out (the handler itself never raises)",
            ),
            "ThrottlesAlarm": (
                self.function.metric_throttles(period=period, statistic="Sum"),
                1,
                "calls were throttled (Connect retries, then takes the Error branch)",
            ),
            "DurationP99Alarm": (
                self.function.metric_duration(period=period, statistic="p99"),
                near_limit_ms,
                f"p99 duration reached {near_limit_ms} ms, "
                f"{DURATION_ALARM_SHARE_OF_TIMEOUT:.0%} of the function's "
                f"{function_timeout_seconds} s timeout (the flow waits "
                f"{invocation_timeout_seconds} s)",
            ),
        }
        created = []
        for alarm_id, (metric, threshold, why) in alarms.items():
            alarm = cloudwatch.Alarm(
                self,
                alarm_id,
                alarm_description=f"{function_name}: {why}",
                metric=metric,
                threshold=threshold,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            # Told when it fires and when it clears, so nobody chases a problem already gone.
            for topic in self.alarm_topics:
                action = cloudwatch_actions.SnsAction(topic)
                alarm.add_alarm_action(action)
                alarm.add_ok_action(action)
            created.append(alarm)
        return created
