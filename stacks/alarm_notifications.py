"""Who hears of the lookup function's alarms: an e-mail address, an existing topic, or both.

An alarm without an action only changes state in the CloudWatch console, where nobody looks at
night. ``alarm_email`` creates a topic with that address subscribed (SNS sends a confirmation
e-mail first; nothing arrives until it is confirmed). ``alarm_topic_arn`` names a topic that
already reaches the on-call people, in the alarms' region; in another account its topic policy
must let CloudWatch publish
(https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html). Given both, the
alarms notify both: neither setting silently wins over the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct


@dataclass(frozen=True)
class AlarmNotifications:
    """The topics every alarm notifies (empty when neither setting is given), and the e-mail
    subscription this app created, if any."""

    topics: tuple[sns.ITopic, ...]
    email_subscription: sns.Subscription | None


def alarm_notifications(
    scope: Construct,
    *,
    function_name: str,
    alarm_email: str | None,
    alarm_topic_arn: str | None,
) -> AlarmNotifications:
    topics: list[sns.ITopic] = []
    subscription = None
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
    return AlarmNotifications(topics=tuple(topics), email_subscription=subscription)
