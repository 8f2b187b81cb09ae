"""The names the app gives what it deploys, from the stage: one place for the stacks that create
them and the tools that look for them (scripts/preflight.py).

A stage keeps the names of several deployments in one account and instance apart. Connect wants
names unique within an instance (flows, queues, hours, routing profiles): a name already taken
by something this app did not create fails the deployment.
"""

from __future__ import annotations


def lookup_stack_name(stage: str) -> str:
    """The stack of the table, the function and its alarms (the lookup environment)."""
    return f"CustomerLookup-{stage}"


def connect_stack_name(stage: str) -> str:
    """The stack of the queues, hours, routing profile and flow (the instance's environment)."""
    return f"CustomerLookupConnect-{stage}"


def flow_name(stage: str) -> str:
    """The customer-lookup contact flow."""
    return f"CustomerLookup-{stage}"


def hours_of_operation_name(stage: str) -> str:
    """The hours of operation the stack creates (unless existing ones are configured)."""
    return f"CustomerLookup-{stage}"


def routing_profile_name(stage: str) -> str:
    """The routing profile with the flow's queues (unless routing_profile=none)."""
    return f"CustomerLookup-{stage}"


def queue_name(queue: str, stage: str) -> str:
    """A queue of the flow (``General``...) as the stack creates it in the instance."""
    return f"{queue}-{stage}"


def adopted_flows_stack_name(stage: str) -> str:
    """The stack of the adopted flows (context key adopted_flows), in the instance's environment."""
    return f"AdoptedFlows-{stage}"
