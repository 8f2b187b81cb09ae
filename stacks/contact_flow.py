"""The customer-lookup flow's content for ``AWS::Connect::ContactFlow``, checked at synth time.

The flow comes from the application (flows.customer_lookup.flow) with the deployed ARNs in place:
queue and hours-of-operation ARNs are CDK tokens of the same stack (``${Token[...]}``, resolved
by CloudFormation) or configured existing ones, and the function ARN is the deterministic
string. The validator accepts tokens as values, so an invalid flow stops synthesis here, with
its findings, instead of failing at deployment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from flows.customer_lookup.flow import CustomerLookupFlowSettings, build_customer_lookup_flow
from flows.customer_lookup.routing import ROUTING_TABLE, RoutingTable
from flows.language.flow_types import CONTACT_FLOW
from flows.validator import Finding, has_errors, validate_content

# The type the Connect stack creates the flow as (AWS::Connect::ContactFlow Type); the flow is
# validated as that type.
CUSTOMER_LOOKUP_FLOW_TYPE = CONTACT_FLOW


class FlowValidationError(ValueError):
    """The flow's content has errors; the message lists the validator's findings."""

    def __init__(self, flow_name: str, findings: Sequence[Finding]) -> None:
        lines = [
            f"  {finding.severity} {finding.code} at {finding.identifier}: {finding.message}"
            for finding in findings
        ]
        super().__init__(f"contact flow {flow_name!r} is invalid:\n" + "\n".join(lines))
        self.findings = tuple(findings)


def customer_lookup_flow_content(
    *,
    flow_name: str,
    lookup_function_arn: str,
    queue_arns: Mapping[str, str],
    hours_of_operation_arn: str,
    invocation_timeout_seconds: int,
    table: RoutingTable = ROUTING_TABLE,
) -> str:
    """The flow routed by ``table``, as JSON text, after the validator found no error in it."""
    settings = CustomerLookupFlowSettings(
        lookup_function_arn=lookup_function_arn,
        queue_arns=dict(queue_arns),
        hours_of_operation_arn=hours_of_operation_arn,
        invocation_timeout_seconds=invocation_timeout_seconds,
    )
    content = build_customer_lookup_flow(settings, table).to_content()
    findings = validate_content(json.loads(content), flow_type=CUSTOMER_LOOKUP_FLOW_TYPE)
    if has_errors(findings):
        raise FlowValidationError(flow_name, findings)
    return content
