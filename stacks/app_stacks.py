"""The whole app from one configuration: its stacks, their order and the compliance checks.

app.py calls :func:`build_app_stacks` once; the infrastructure tests call it too, so what they
check is exactly what `npx cdk synth` produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import aws_cdk as cdk

from flows.adopt.package import load_package
from flows.customer_lookup.cases import TESTCASES_DIR
from flows.customer_lookup.routing import ROUTING_TABLE, RoutingTable
from stacks import names
from stacks.adopted_flows_stack import AdoptedFlowsStack
from stacks.compliance import (
    ALARM_EMAIL_ACKNOWLEDGMENTS,
    PHONE_NUMBER_PROVIDER_ACKNOWLEDGMENTS,
    acknowledge,
    acknowledge_lookup_function_findings,
    add_compliance_checks,
)
from stacks.config import AppConfig
from stacks.connect_stack import ConnectStack
from stacks.lookup_stack import CustomerLookupStack
from stacks.names import connect_stack_name, lookup_stack_name
from stacks.phone_number import provider_function


@dataclass(frozen=True)
class AppStacks:
    lookup: CustomerLookupStack
    connect: ConnectStack
    adopted: AdoptedFlowsStack | None = None


@dataclass(frozen=True)
class FlowApplication:
    """What the Connect stack deploys of the application: the routing table the flow is built
    from and the folder of the flow's test cases. The customer-lookup application's own by
    default; the tests of the stacks hand over their own."""

    routing_table: RoutingTable = ROUTING_TABLE
    test_cases_dir: Path = TESTCASES_DIR


CUSTOMER_LOOKUP = FlowApplication()


def build_app_stacks(
    app: cdk.App, config: AppConfig, application: FlowApplication | None = None
) -> AppStacks:
    """Lookup stack in the lookup environment, Connect stack in the instance's, in that order.

    ``application``: :data:`CUSTOMER_LOOKUP` unless given. ``config`` must have been read for
    its queues (``AppConfig.from_context(get, queue_names=application.routing_table.queues)``).
    """
    application = application or CUSTOMER_LOOKUP
    if config.queue_names != application.routing_table.queues:
        raise ValueError(
            f"the configuration was read for the queues {', '.join(config.queue_names)}, "
            f"the routing table has {', '.join(application.routing_table.queues)}"
        )
    lookup = CustomerLookupStack(
        app,
        lookup_stack_name(config.stage),
        env=cdk.Environment(account=config.lookup_account, region=config.lookup_region),
        description="Customer lookup for Amazon Connect: table, function, permission, alarms",
        function_name=config.lookup_function_name,
        instance=config.instance,
        invocation_timeout_seconds=config.invocation_timeout_seconds,
        function_timeout_seconds=config.function_timeout_seconds,
        alarm_email=config.alarm_email,
        alarm_topic_arn=config.alarm_topic_arn,
        alias_name=config.lookup_alias,
        previous_alias_name=config.previous_lookup_alias,
        snap_start=config.cold_starts.snap_start,
        provisioned_concurrency=config.cold_starts.provisioned_concurrency,
    )
    connect = ConnectStack(
        app,
        connect_stack_name(config.stage),
        env=cdk.Environment(account=config.instance.account, region=config.instance.region),
        description="Customer lookup for Amazon Connect: queues, hours, contact flow",
        instance=config.instance,
        stage=config.stage,
        queue_names=config.queue_names,
        existing_queue_arns=config.existing_queue_arns,
        existing_hours_of_operation_arn=config.existing_hours_of_operation_arn,
        opening_hours=config.opening_hours,
        opening_hours_configured=config.opening_hours_configured,
        time_zone=config.time_zone,
        lookup_function_arn=config.lookup_function_arn,
        associate_function=config.lookup_is_with_instance,
        invocation_timeout_seconds=config.invocation_timeout_seconds,
        create_routing_profile=config.create_routing_profile,
        phone_number_arn=config.phone_number_arn,
        deploy_test_cases=config.deploy_test_cases,
        test_cases_dir=application.test_cases_dir,
        routing_table=application.routing_table,
    )
    # No cross-stack reference (the function ARN is a known string), so the order is explicit:
    # the alias and its permission exist before a flow or an association names them.
    connect.add_stack_dependency(lookup, "the flow and the association name the lookup function")
    adopted = None
    if config.adopted_flows:
        # Flows brought from another instance: a stack of their own, in the instance's
        # environment; they name no resource of the other two stacks.
        adopted = AdoptedFlowsStack(
            app,
            names.adopted_flows_stack_name(config.stage),
            env=cdk.Environment(account=config.instance.account, region=config.instance.region),
            description="Adopted contact flows and flow modules (python -m flows adopt)",
            instance=config.instance,
            packages=[load_package(path) for path in config.adopted_flows],
            function_renames=config.adopted_function_names,
        )
    add_compliance_checks(app)
    acknowledge_lookup_function_findings(lookup.function)
    if (provider := provider_function(connect)) is not None:
        acknowledge(provider, PHONE_NUMBER_PROVIDER_ACKNOWLEDGMENTS)
    if lookup.alarm_email_subscription is not None:
        acknowledge(lookup.alarm_email_subscription, ALARM_EMAIL_ACKNOWLEDGMENTS)
    return AppStacks(lookup=lookup, connect=connect, adopted=adopted)
