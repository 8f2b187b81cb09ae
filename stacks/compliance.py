"""cdk-nag's AWS Solutions and Serverless packs, and our acknowledged exceptions with reasons.

cdk-nag 3 runs as a policy-validation plugin: any finding not acknowledged here (warnings
included) fails synthesis. Each acknowledgment names one finding on one construct and says why
it does not apply to this function.
"""

from __future__ import annotations

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks, ServerlessChecks

from stacks.lookup_stack import CustomerLookupStack

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


def add_compliance_checks(app: cdk.App, *, lookup: CustomerLookupStack) -> None:
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    cdk.Validations.of(lookup.function).acknowledge(
        *(
            cdk.Acknowledgment(id=finding_id, reason=reason)
            for finding_id, reason in LOOKUP_FUNCTION_ACKNOWLEDGMENTS.items()
        )
    )
