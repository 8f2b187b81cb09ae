"""The Connect stack: what lives in the instance's account and region.

Hours of operation and the flow's queues (unless existing queues are configured), the
customer-lookup contact flow, and, only when the function shares the instance's account and
region, the integration association that lists the function in the console. Both name the
function's alias ARN (what Connect calls). In the other modes the flow names that ARN alone,
which is all Connect needs once the alias's resource policy (in the lookup stack) allows the
instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_connect as connect
from constructs import Construct

from stacks.arns import ConnectInstanceArn
from stacks.contact_flow import customer_lookup_flow_content


@dataclass(frozen=True)
class OpeningHours:
    """One opening window, the same on each listed day (Connect's HoursOfOperationConfig)."""

    days: tuple[str, ...]
    start: tuple[int, int]  # (hour, minute)
    end: tuple[int, int]


BUSINESS_HOURS = (
    OpeningHours(
        days=("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), start=(8, 0), end=(20, 0)
    ),
    OpeningHours(days=("SATURDAY",), start=(9, 0), end=(13, 0)),
)


class ConnectStack(cdk.Stack):
    """Queues, hours of operation, the contact flow and (same environment) the association."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        instance: ConnectInstanceArn,
        stage: str,
        queue_names: tuple[str, ...],
        existing_queue_arns: Mapping[str, str],
        time_zone: str,
        lookup_function_arn: str,
        associate_function: bool,
        invocation_timeout_seconds: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.queue_arns = self._queues(
            instance=instance,
            stage=stage,
            queue_names=queue_names,
            existing_queue_arns=existing_queue_arns,
            time_zone=time_zone,
        )

        if associate_function:
            connect.CfnIntegrationAssociation(
                self,
                "LookupFunctionAssociation",
                instance_id=instance.arn,
                integration_type="LAMBDA_FUNCTION",
                integration_arn=lookup_function_arn,
            )

        flow_name = f"CustomerLookup-{stage}"
        self.contact_flow = connect.CfnContactFlow(
            self,
            "CustomerLookupFlow",
            instance_arn=instance.arn,
            name=flow_name,
            type="CONTACT_FLOW",
            state="ACTIVE",
            description="Looks the caller up by phone number and routes them to a queue",
            content=customer_lookup_flow_content(
                flow_name=flow_name,
                lookup_function_arn=lookup_function_arn,
                queue_arns=self.queue_arns,
                invocation_timeout_seconds=invocation_timeout_seconds,
            ),
        )
        cdk.CfnOutput(self, "ContactFlowArn", value=self.contact_flow.attr_contact_flow_arn)

    def _queues(
        self,
        *,
        instance: ConnectInstanceArn,
        stage: str,
        queue_names: tuple[str, ...],
        existing_queue_arns: Mapping[str, str],
        time_zone: str,
    ) -> dict[str, str]:
        """Queue name -> ARN: the configured existing queue, or one created here."""
        to_create = [name for name in queue_names if name not in existing_queue_arns]
        arns = {name: existing_queue_arns[name] for name in queue_names if name not in to_create}
        if not to_create:
            return arns
        hours = connect.CfnHoursOfOperation(
            self,
            "BusinessHours",
            instance_arn=instance.arn,
            name=f"CustomerLookup-{stage}",
            description="Opening hours of the customer-lookup queues",
            time_zone=time_zone,
            config=[
                connect.CfnHoursOfOperation.HoursOfOperationConfigProperty(
                    day=day,
                    start_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(
                        hours=window.start[0], minutes=window.start[1]
                    ),
                    end_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(
                        hours=window.end[0], minutes=window.end[1]
                    ),
                )
                for window in BUSINESS_HOURS
                for day in window.days
            ],
        )
        for name in to_create:
            queue = connect.CfnQueue(
                self,
                f"{name}Queue",
                instance_arn=instance.arn,
                # The stage keeps queue names unique when several stages share one instance.
                name=f"{name}-{stage}",
                description=f"Customer lookup: {name} callers",
                hours_of_operation_arn=hours.attr_hours_of_operation_arn,
            )
            arns[name] = queue.attr_queue_arn
        return arns
