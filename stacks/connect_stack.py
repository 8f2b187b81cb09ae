"""The Connect stack: what lives in the instance's account and region.

Hours of operation (unless existing hours are configured) and the flow's queues (unless existing
queues are configured), the customer-lookup contact flow, and, only when the function shares the
instance's account and region, the integration association that lists the function in the
console. The flow checks those hours before it queues a caller, and depends explicitly on every
resource of this stack it names (queues, hours, association): Connect validates a flow's
references when it is published. In the other modes
the flow names the function by its ARN, which is all Connect needs once the function's resource
policy (in the lookup stack) allows the instance.
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
        existing_hours_of_operation_arn: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # The flow names everything below; Connect checks that it exists when the flow is
        # published, so the flow depends on each explicitly.
        named_by_flow: list[cdk.CfnResource] = []
        if existing_hours_of_operation_arn:
            self.hours_of_operation_arn = existing_hours_of_operation_arn
        else:
            hours = self._business_hours(instance=instance, stage=stage, time_zone=time_zone)
            self.hours_of_operation_arn = hours.attr_hours_of_operation_arn
            named_by_flow.append(hours)
        created = self._queues(
            instance=instance,
            stage=stage,
            names=[name for name in queue_names if name not in existing_queue_arns],
            hours_of_operation_arn=self.hours_of_operation_arn,
        )
        named_by_flow += created.values()
        self.queue_arns = {
            name: existing_queue_arns[name]
            if name in existing_queue_arns
            else created[name].attr_queue_arn
            for name in queue_names
        }

        if associate_function:
            named_by_flow.append(
                connect.CfnIntegrationAssociation(
                    self,
                    "LookupFunctionAssociation",
                    instance_id=instance.arn,
                    integration_type="LAMBDA_FUNCTION",
                    integration_arn=lookup_function_arn,
                )
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
                hours_of_operation_arn=self.hours_of_operation_arn,
                invocation_timeout_seconds=invocation_timeout_seconds,
            ),
        )
        for resource in named_by_flow:
            self.contact_flow.add_dependency(resource)
        cdk.CfnOutput(self, "ContactFlowArn", value=self.contact_flow.attr_contact_flow_arn)

    def _business_hours(
        self, *, instance: ConnectInstanceArn, stage: str, time_zone: str
    ) -> connect.CfnHoursOfOperation:
        """The hours the flow checks and the created queues keep (:data:`BUSINESS_HOURS`)."""
        return connect.CfnHoursOfOperation(
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

    def _queues(
        self,
        *,
        instance: ConnectInstanceArn,
        stage: str,
        names: list[str],
        hours_of_operation_arn: str,
    ) -> dict[str, connect.CfnQueue]:
        """The queues this stack creates, by name."""
        return {
            name: connect.CfnQueue(
                self,
                f"{name}Queue",
                instance_arn=instance.arn,
                # The stage keeps queue names unique when several stages share one instance.
                name=f"{name}-{stage}",
                description=f"Customer lookup: {name} callers",
                hours_of_operation_arn=hours_of_operation_arn,
            )
            for name in names
        }
