"""Who hears of the lookup function's alarms: an e-mail address, an existing topic, or both.

An alarm without an action only changes state in the CloudWatch console, where nobody looks at
night. ``alarm_email`` creates a topic with that address subscribed (SNS sends a confirmation
e-mail first; nothing arrives until it is confirmed). The topic's policy does two things: it
refuses publishing without TLS (``enforce_ssl``), and it lets CloudWatch publish for this app's
alarms only (:func:`allow_alarms_to_publish`). A topic policy replaces SNS's default one, so
without that Allow no alarm would ever reach the address, while the confirmation e-mail still
arrives and everything looks wired
(https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
``alarm_topic_arn`` names a topic that already reaches the on-call people, in the alarms'
region; its owner's topic policy must let CloudWatch publish (this app cannot change it). Given
both, the alarms notify both: neither setting silently wins over the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct


@dataclass(frozen=True)
class AlarmNotifications:
    """The topics every alarm notifies (empty when neither setting is given), and the e-mail
    subscription this app created, if any."""

    topics: tuple[sns.ITopic, ...]
    email_subscription: sns.Subscription | None
    # The topic this app created for alarm_email, whose policy it owns.
    created_topic: sns.Topic | None = None


def alarm_notifications(
    scope: Construct,
    *,
    function_name: str,
    alarm_email: str | None,
    alarm_topic_arn: str | None,
) -> AlarmNotifications:
    topics: list[sns.ITopic] = []
    subscription = None
    topic: sns.Topic | None = None
    if alarm_email:
        topic = sns.Topic(
            scope,
            "AlarmTopic",
            display_name=f"{function_name} alarms",
            # Publishers must use TLS (cdk-nag AwsSolutions-SNS3).
            enforce_ssl=True,
        )
        subscription = topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        topics.append(topic)
    if alarm_topic_arn:
        topics.append(sns.Topic.from_topic_arn(scope, "ExistingAlarmTopic", alarm_topic_arn))
    return AlarmNotifications(
        topics=tuple(topics), email_subscription=subscription, created_topic=topic
    )


CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"


def allow_alarms_to_publish(
    topic: sns.Topic, alarms: Sequence[cloudwatch.Alarm], *, account: str
) -> None:
    """Let CloudWatch publish to ``topic`` on behalf of ``alarms`` of ``account`` only.

    The conditions are the confused-deputy guard for a service principal: ``aws:SourceAccount``
    (the alarms' account) and ``aws:SourceArn`` (each alarm's ARN), so no other alarm, in this
    account or another, can publish through CloudWatch to the on-call address.
    """
    topic.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowThisAppsAlarmsToPublish",
            effect=iam.Effect.ALLOW,
            principals=[iam.ServicePrincipal(CLOUDWATCH_PRINCIPAL)],
            actions=["sns:Publish"],
            resources=[topic.topic_arn],
            conditions={
                "StringEquals": {"aws:SourceAccount": account},
                "ArnLike": {"aws:SourceArn": [alarm.alarm_arn for alarm in alarms]},
            },
        )
    )
