"""cdk-nag's AWS Solutions and Serverless packs, and our acknowledged exceptions with reasons.

cdk-nag 3 runs as a policy-validation plugin: any finding not acknowledged here (warnings
included) fails synthesis. Each acknowledgment names one finding on one construct and says why
it does not apply to this function.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from cdk_nag import AwsSolutionsChecks, ServerlessChecks

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


def add_compliance_checks(app: cdk.App) -> None:
    """Run both packs over every stack of the app at synthesis."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))


def acknowledge_lookup_function_findings(function: lambda_.Function) -> None:
    cdk.Validations.of(function).acknowledge(
        *(
            cdk.Acknowledgment(id=finding_id, reason=reason)
            for finding_id, reason in LOOKUP_FUNCTION_ACKNOWLEDGMENTS.items()
        )
    )
