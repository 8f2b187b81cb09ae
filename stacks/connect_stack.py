"""The Connect stack: what lives in the instance's account and region.

Hours of operation (unless existing hours are configured) and the flow's queues (unless existing
queues are configured), a routing profile with those queues (queues alone answer nothing: agents
answer them, through a routing profile), the customer-lookup contact flow, the phone number that
sends calls to it (when one is configured), and, only when the function shares the instance's
account and region, the integration association that lists the function in the console. The flow
and the association name the function's alias ARN (what Connect calls). The flow checks those
hours before it queues a caller, and depends explicitly on every resource of this stack it names
(queues, hours, association): Connect validates a flow's references when it is published. In the
other modes the flow names the alias ARN alone, which is all Connect needs once the alias's
resource policy (in the lookup stack) allows the instance.

The flow's own test cases (flows/testcases/customer_lookup/) are deployed with it, one
``AWS::Connect::TestCase`` each (:mod:`stacks.connect_test_cases`), where the app's configuration
says so (``deploy_test_cases``: by default in the regions where Amazon Connect offers test cases);
elsewhere the stack has none, so a region that lacks the resource type never fails a deployment.

What a person still has to do after deployment is said at synthesis, as info annotations of the
stack (the synth summary lists them), and in the stack's outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_connect as connect
from constructs import Construct

from flows.customer_lookup.cases import TESTCASES_DIR
from flows.customer_lookup.routing import ROUTING_TABLE, RoutingTable
from flows.language.arns import ConnectInstanceArn, parse_connect_instance_arn
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.testing.regions import offers_test_cases
from stacks import names as deployed_names
from stacks.connect_test_cases import (
    NO_SOURCE_PHONE_NUMBER,
    DeployedResources,
    add_test_cases,
    not_offered_note,
    test_case_name_prefix,
)
from stacks.contact_flow import CUSTOMER_LOOKUP_FLOW_TYPE, customer_lookup_flow_content
from stacks.opening_hours import DEFAULT_OPENING_HOURS, OpeningHours
from stacks.phone_number import PhoneNumberFlowAssociation

# Every queue in the routing profile is offered alike (priority 1, no delay): the flow already
# chose the queue for the caller, and the oldest waiting contact is answered first. Sites that
# want some queues first change this in the console.
ROUTING_PRIORITY = 1
ROUTING_DELAY_SECONDS = 0
# An agent of the profile takes one voice call at a time.
VOICE_CONCURRENCY = 1


# What `make synth` (and `cdk synth`) say besides the template, for the person about to deploy.
SANDBOX_ACCOUNT = parse_connect_instance_arn(SANDBOX_INSTANCE_ARN).account
SANDBOX_NOTE = (
    f"instance_arn is still the sandbox instance (account {SANDBOX_ACCOUNT}), which exists "
    "nowhere: set your own in cdk.json before cdk deploy; make preflight checks it"
)
FLOW_LOGS_NOTE = (
    "the flow logs each block (UpdateFlowLoggingBehavior); the logs reach CloudWatch once flow "
    "logs are enabled for the instance: "
    "https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-logs-stored-in-cloudwatch.html"
)


class ConnectStack(cdk.Stack):
    """Queues, hours, routing profile, contact flow, phone number and (same environment) the
    function's association."""

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
        create_routing_profile: bool = True,
        phone_number_arn: str | None = None,
        existing_hours_of_operation_arn: str | None = None,
        opening_hours: OpeningHours = DEFAULT_OPENING_HOURS,
        opening_hours_configured: bool = True,
        deploy_test_cases: bool = False,
        test_cases_dir: Path | None = None,
        routing_table: RoutingTable = ROUTING_TABLE,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.routing_table = routing_table
        if instance.account == SANDBOX_ACCOUNT:
            cdk.Annotations.of(self).add_info(SANDBOX_NOTE)
        cdk.Annotations.of(self).add_info(FLOW_LOGS_NOTE)
        # The flow names everything below; Connect checks that it exists when the flow is
        # published, so the flow depends on each explicitly.
        named_by_flow: list[cdk.CfnResource] = []
        if existing_hours_of_operation_arn:
            self.hours_of_operation_arn = existing_hours_of_operation_arn
            cdk.Annotations.of(self).add_info(
                "opening hours: the existing hours of operation "
                f"{existing_hours_of_operation_arn} (hours_of_operation_arn) keep their own week "
                "and time zone"
            )
        else:
            hours = self._business_hours(
                instance=instance, stage=stage, time_zone=time_zone, week=opening_hours
            )
            self.hours_of_operation_arn = hours.attr_hours_of_operation_arn
            named_by_flow.append(hours)
            where = (
                "opening_hours"
                if opening_hours_configured
                else "the default schedule, as opening_hours is not set"
            )
            outside = (
                ""
                if opening_hours.always_open
                else "; outside them callers hear the closed message and are disconnected"
            )
            cdk.Annotations.of(self).add_info(
                f"opening hours ({where}): {opening_hours.describe()}, time zone {time_zone}"
                + outside
            )
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
        self.routing_profile = (
            self._routing_profile(instance=instance, stage=stage, queue_names=queue_names)
            if create_routing_profile
            else None
        )
        if self.routing_profile is None:
            cdk.Annotations.of(self).add_info(
                "no routing profile created (routing_profile=none): add the flow's queues ("
                f"{', '.join(queue_names)}) to the routing profile of the agents who answer them"
            )

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
        else:
            cdk.Annotations.of(self).add_info(
                f"function association skipped: the function ({lookup_function_arn}) is not in "
                f"the instance's account and region ({instance.account}, {instance.region}), and "
                "Connect lists only functions of its own; the flow calls it by ARN and its "
                "resource policy admits the instance, so nothing is needed; check that policy "
                "with scripts/grant_connect_access.py --check --function "
                f"{lookup_function_arn} --instance-arn {instance.arn}"
            )

        flow_name = deployed_names.flow_name(stage)
        self.contact_flow = connect.CfnContactFlow(
            self,
            "CustomerLookupFlow",
            instance_arn=instance.arn,
            name=flow_name,
            type=CUSTOMER_LOOKUP_FLOW_TYPE,  # the type the flow is validated as
            state="ACTIVE",
            description="Looks the caller up by phone number and routes them to a queue",
            content=customer_lookup_flow_content(
                flow_name=flow_name,
                lookup_function_arn=lookup_function_arn,
                queue_arns=self.queue_arns,
                hours_of_operation_arn=self.hours_of_operation_arn,
                invocation_timeout_seconds=invocation_timeout_seconds,
                table=routing_table,
            ),
        )
        for resource in named_by_flow:
            self.contact_flow.add_resource_dependency(resource)
        cdk.CfnOutput(self, "ContactFlowArn", value=self.contact_flow.attr_contact_flow_arn)

        self.test_cases: list[connect.CfnTestCase] = []
        if deploy_test_cases and offers_test_cases(instance.region):
            self._add_test_cases(
                instance=instance,
                stage=stage,
                lookup_function_arn=lookup_function_arn,
                folder=TESTCASES_DIR if test_cases_dir is None else test_cases_dir,
            )
        elif not offers_test_cases(instance.region):
            cdk.Annotations.of(self).add_info(not_offered_note(instance.region))
        else:
            cdk.Annotations.of(self).add_info(
                "no test cases deployed (deploy_test_cases=false); the flow's cases run locally "
                "with `python -m flows test`"
            )

        self.phone_number_association = (
            PhoneNumberFlowAssociation(
                self,
                "PhoneNumber",
                instance=instance,
                phone_number_arn=phone_number_arn,
                contact_flow_arn=self.contact_flow.attr_contact_flow_arn,
            )
            if phone_number_arn
            else None
        )
        if phone_number_arn is None:
            cdk.Annotations.of(self).add_info(
                f"no phone number is sent to the flow {flow_name!r}: after deploying, attach a "
                "claimed number to it in the Connect console (Channels, Phone numbers), or "
                "deploy with -c phone_number_arn=ARN"
            )

    def _add_test_cases(
        self,
        *,
        instance: ConnectInstanceArn,
        stage: str,
        lookup_function_arn: str,
        folder: Path,
    ) -> None:
        """The flow's test cases, entering the deployed flow, with the deployed ARNs."""
        self.test_cases = add_test_cases(
            self,
            instance=instance,
            stage=stage,
            resources=DeployedResources(
                flow_arn=self.contact_flow.attr_contact_flow_arn,
                lookup_function_arn=lookup_function_arn,
                queue_arns=self.queue_arns,
                hours_of_operation_arn=self.hours_of_operation_arn,
            ),
            folder=folder,
            table=self.routing_table,
        )
        prefix = test_case_name_prefix(stage)
        cdk.CfnOutput(
            self,
            "TestCaseNamePrefix",
            value=prefix,
            description="Run the flow's test cases with scripts/run_connect_tests.py --name-prefix",
        )
        cdk.Annotations.of(self).add_info(
            f"{len(self.test_cases)} test case{'' if len(self.test_cases) == 1 else 's'} of the "
            "flow deployed (names start with "
            f"{prefix!r}); after deploying, run them in the instance with "
            f"scripts/run_connect_tests.py --instance-arn {instance.arn} --name-prefix {prefix}"
        )
        cdk.Annotations.of(self).add_info(NO_SOURCE_PHONE_NUMBER)

    def _routing_profile(
        self, *, instance: ConnectInstanceArn, stage: str, queue_names: tuple[str, ...]
    ) -> connect.CfnRoutingProfile:
        """Voice calls from every queue of the flow; agents assigned to it answer them."""
        profile = connect.CfnRoutingProfile(
            self,
            "RoutingProfile",
            instance_arn=instance.arn,
            name=deployed_names.routing_profile_name(stage),
            description="Agents who answer the customer-lookup queues",
            # The first of the flow's queues (General, where unknown callers go) for calls the
            # agents place themselves.
            default_outbound_queue_arn=self.queue_arns[queue_names[0]],
            media_concurrencies=[
                connect.CfnRoutingProfile.MediaConcurrencyProperty(
                    channel="VOICE", concurrency=VOICE_CONCURRENCY
                )
            ],
            queue_configs=[
                connect.CfnRoutingProfile.RoutingProfileQueueConfigProperty(
                    priority=ROUTING_PRIORITY,
                    delay=ROUTING_DELAY_SECONDS,
                    queue_reference=connect.CfnRoutingProfile.RoutingProfileQueueReferenceProperty(
                        channel="VOICE", queue_arn=self.queue_arns[name]
                    ),
                )
                for name in queue_names
            ],
        )
        cdk.CfnOutput(
            self,
            "AssignAgentsToRoutingProfile",
            value=profile.attr_routing_profile_arn,
            description="No call is answered until agents are assigned to this routing profile",
        )
        cdk.Annotations.of(self).add_info(
            f"routing profile {deployed_names.routing_profile_name(stage)!r} holds the flow's "
            "queues: after deploying, assign the agents who answer them to it (Users, User "
            "management), or no call is answered"
        )
        return profile

    def _business_hours(
        self, *, instance: ConnectInstanceArn, stage: str, time_zone: str, week: OpeningHours
    ) -> connect.CfnHoursOfOperation:
        """The hours the flow checks and the created queues keep: ``week``, one entry per range
        (Connect's HoursOfOperationConfig; midnight at the end of a day is 00:00)."""
        return connect.CfnHoursOfOperation(
            self,
            "BusinessHours",
            instance_arn=instance.arn,
            name=deployed_names.hours_of_operation_name(stage),
            description="Opening hours of the customer-lookup queues",
            time_zone=time_zone,
            config=[
                connect.CfnHoursOfOperation.HoursOfOperationConfigProperty(
                    day=day,
                    start_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(
                        hours=start[0], minutes=start[1]
                    ),
                    end_time=connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(
                        hours=end[0], minutes=end[1]
                    ),
                )
                for day, start, end in week.entries()
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
                name=deployed_names.queue_name(name, stage),
                description=f"Customer lookup: {name} callers",
                hours_of_operation_arn=hours_of_operation_arn,
            )
            for name in names
        }
