"""cdk-nag's AWS Solutions and Serverless packs, and our acknowledged exceptions with reasons.

cdk-nag 3 runs as a policy-validation plugin: any finding not acknowledged here (warnings
included) fails synthesis. Each acknowledgment names one finding on one construct and says why
it does not apply there.
"""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from cdk_nag import AwsSolutionsChecks, ServerlessChecks
from constructs import IConstruct

# Finding id -> why it does not apply to the lookup function.
LOOKUP_FUNCTION_ACKNOWLEDGMENTS = {
    "Serverless::Serverless-LambdaDLQ": (
        "Amazon Connect invokes this function synchronously and routes the caller on its answer "
        "or its Error branch; there is no asynchronous event a dead-letter queue could keep."
    ),
    "Serverless::Serverless-LambdaTracing": (
        "One GetItem per call: latency and outcome are already observed through the function's "
        "embedded metrics, JSON logs with the ContactId and the p99 duration alarm; active "
        "tracing would add an xray statement on Resource '*' to a deliberately minimal role."
    ),
}


# Finding id -> why it does not apply to the function CDK adds for the phone number's custom
# resource (stacks/phone_number.py).
PHONE_NUMBER_PROVIDER_ACKNOWLEDGMENTS = {
    "Serverless::Serverless-LambdaDLQ": (
        "CloudFormation invokes this provider during a deployment and waits for its answer; a "
        "failed call fails that deployment, which rolls back and shows the error in the stack "
        "events, so a dead-letter queue would only keep a request nobody can replay."
    ),
    "Serverless::Serverless-LambdaTracing": (
        "The provider runs only while a stack deploys, for one Connect call; its outcome is in "
        "the stack events and its own log group, and active tracing would add an xray "
        "statement on Resource '*' to a role that may otherwise touch one number and one flow."
    ),
}
# Finding id -> why it does not apply to the e-mail subscription of the alarm topic
# (stacks/alarm_notifications.py).
ALARM_EMAIL_ACKNOWLEDGMENTS = {
    "Serverless::Serverless-SNSRedrivePolicy": (
        "An e-mail subscription: SNS retries delivery to the address itself, and a dead-letter "
        "queue of undelivered alarm e-mails would be one more thing nobody reads; the alarm's "
        "state and history in CloudWatch remain the record of what happened."
    ),
}


def add_compliance_checks(app: cdk.App) -> None:
    """Run both packs over every stack of the app at synthesis."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))


def acknowledge_lookup_function_findings(function: lambda_.Function) -> None:
    acknowledge(function, LOOKUP_FUNCTION_ACKNOWLEDGMENTS)


def acknowledge(construct: IConstruct, reasons: Mapping[str, str]) -> None:
    """Acknowledge each finding id of ``reasons`` on ``construct``, with its reason."""
    cdk.Validations.of(construct).acknowledge(
        *(cdk.Acknowledgment(id=finding, reason=reason) for finding, reason in reasons.items())
    )
