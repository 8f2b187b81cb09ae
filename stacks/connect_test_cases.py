"""The flow's test cases as ``AWS::Connect::TestCase`` resources of the Connect stack.

Every case file of ``flows/testcases/customer_lookup/`` (those ``make flows`` writes, one per
route and one for a full queue, and any written by hand) becomes one test case of the
instance:

- named ``CustomerLookup-<stage>-<case name>`` (:func:`test_case_name_prefix`; the stack's
  output ``TestCaseNamePrefix`` is the ``--name-prefix`` of ``scripts/run_connect_tests.py``),
  Status ``PUBLISHED`` (only a published case can be started, and publishing validates it);
- entering the deployed flow by a ``VOICE_CALL`` (or the ``CHAT`` the case names), FlowId the
  flow's ARN, and no SourcePhoneNumber (:data:`NO_SOURCE_PHONE_NUMBER`);
- its content with the deployed ARNs where the committed files name the sandbox's (the function,
  the queues, the hours, the flow; see flows/generated/), serialized with the stack's
  ``to_json_string`` so that the tokens among them resolve at deployment. A case that names any
  other sandbox resource (a sandbox id, an ARN of the sandbox instance the stack does not
  deploy) is refused: it would name nothing in the real instance.

A case that uses a construct the live service refused (:func:`flows.testing.deployable_problems`:
another Version, ``Usage``, action ``Transitions``, DTMF as a string, actions on a
FlowActionStarted observation, no EndTest at the end, ...) is refused at synthesis, one line
naming the case and the construct, as app.py reports its other errors.

CloudFormation's reference for the resource:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-connect-testcase.html
(Content, InstanceArn and Name required; EntryPoint, InitializationData, Status, Description).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_connect as connect
from constructs import Construct

from flows.customer_lookup.cases import SANDBOX_CONTACT_FLOW_ARN, SANDBOX_CONTACT_FLOW_ID
from flows.customer_lookup.flow import (
    SANDBOX_HOURS_OF_OPERATION_ID,
    sandbox_queue_id,
    sandbox_settings,
)
from flows.customer_lookup.routing import ROUTING_TABLE, RoutingTable
from flows.language.arns import ConnectInstanceArn
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.testing import LoadedTestCase, TestCaseLoadError, deployable_problems, load_test_case
from flows.testing.model import TestCase
from flows.testing.regions import TEST_CASE_REGIONS, TEST_CASE_REGIONS_SOURCE
from flows.testing.serialize import content_to_dict

# Why a deployed case has no SourcePhoneNumber. The resource's schema gives the property the
# pattern ^\\+[1-9]\\d{1,14}$, escaped twice (a literal backslash, then "+"), and so do the
# CloudFormation and API references (https://docs.aws.amazon.com/AWSCloudFormation/latest/
# TemplateReference/aws-properties-connect-testcase-voicecallentrypointparameters.html:
# "Pattern: \\+[1-9]\\d{1,14}$"): no phone number matches it. CloudFormation checks properties
# against the schema, and cfn-lint and CDK's own template validation both refuse +14155550101
# there, so a number would fail the deployment. The shipped cases mock the lookup function, so
# the number does not change what they test; locally it is the caller's number.
NO_SOURCE_PHONE_NUMBER = (
    "the deployed test cases carry no SourcePhoneNumber: the AWS::Connect::TestCase schema's "
    "pattern for it is escaped twice and no number matches it; the cases mock the lookup, so "
    "the number changes nothing they test"
)


class TestCaseDeployError(ValueError):
    """A test case that must not be deployed; the message is one line naming it."""

    __test__ = False


@dataclass(frozen=True)
class DeployedResources:
    """What the cases' sandbox ARNs stand for in this deployment (ARNs or CDK tokens)."""

    flow_arn: str
    lookup_function_arn: str
    queue_arns: Mapping[str, str]
    hours_of_operation_arn: str


def test_case_name_prefix(stage: str) -> str:
    """What every deployed case's name starts with: the flow's name and a dash."""
    return f"CustomerLookup-{stage}-"


def not_offered_note(region: str) -> str:
    """Why no test case is deployed in ``region`` (the synth summary shows it)."""
    offered = ", ".join(TEST_CASE_REGIONS)
    return (
        f"no test cases deployed: Amazon Connect offers test cases in {offered}, not in "
        f"{region} ({TEST_CASE_REGIONS_SOURCE}); run the flow's cases locally with "
        "`python -m flows test flows/generated/customer_lookup.json "
        "flows/testcases/customer_lookup/*.json`"
    )


def load_cases(folder: Path) -> list[LoadedTestCase]:
    """Every case file of ``folder`` (``*.json``, by name); raises :class:`TestCaseDeployError`."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        try:
            cases.append(load_test_case(path))
        except TestCaseLoadError as exc:
            raise TestCaseDeployError(f"test case {exc}") from None
    return cases


def add_test_cases(
    scope: Construct,
    *,
    instance: ConnectInstanceArn,
    stage: str,
    resources: DeployedResources,
    folder: Path,
    table: RoutingTable = ROUTING_TABLE,
) -> list[connect.CfnTestCase]:
    """One ``AWS::Connect::TestCase`` per case file of ``folder``, in ``scope``; the files name
    the sandbox ARNs of the flow built from ``table`` (its queues in the table's order)."""
    stack = cdk.Stack.of(scope)
    replacements = _replacements(resources, table)
    sandbox_ids = _sandbox_ids(table)
    created: list[connect.CfnTestCase] = []
    logical_ids: dict[str, str] = {}
    for loaded in load_cases(folder):
        case = loaded.case
        where = f"test case {case.name!r} ({loaded.path})"
        problems = deployable_problems(case)
        if problems:
            raise TestCaseDeployError(
                f"{where} is not deployed: {problems[0]} (the live service refused this form)"
            )
        logical_id = "TestCase" + "".join(
            part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", case.name) if part
        )
        if logical_id in logical_ids:
            raise TestCaseDeployError(
                f"{where}: its name makes the same resource id as {logical_ids[logical_id]}; "
                "rename one"
            )
        logical_ids[logical_id] = where
        content = _deployed(content_to_dict(case.content), replacements, sandbox_ids, where)
        initialization = case.initialization_data
        created.append(
            connect.CfnTestCase(
                scope,
                logical_id,
                instance_arn=instance.arn,
                name=f"{test_case_name_prefix(stage)}{case.name}",
                description=case.description,
                status="PUBLISHED",
                entry_point=_entry_point(case, resources.flow_arn, where),
                content=stack.to_json_string(content),
                initialization_data=(
                    stack.to_json_string(
                        _deployed(dict(initialization.raw), replacements, sandbox_ids, where)
                    )
                    if initialization is not None
                    else None
                ),
            )
        )
    return created


def _entry_point(
    case: TestCase, flow_arn: str, where: str
) -> connect.CfnTestCase.EntryPointProperty:
    entry = case.entry_point
    flow_id = entry.flow_id if entry is not None else None
    if flow_id is not None and flow_id not in (SANDBOX_CONTACT_FLOW_ARN, SANDBOX_CONTACT_FLOW_ID):
        raise TestCaseDeployError(
            f"{where}: its entry point names the flow {flow_id!r}; the stack deploys the case "
            f"into the customer-lookup flow, named {SANDBOX_CONTACT_FLOW_ARN!r} in the files"
        )
    if entry is not None and entry.type == "CHAT":
        return connect.CfnTestCase.EntryPointProperty(
            type="CHAT",
            chat_entry_point_parameters=connect.CfnTestCase.ChatEntryPointParametersProperty(
                flow_id=flow_arn
            ),
        )
    return connect.CfnTestCase.EntryPointProperty(
        type="VOICE_CALL",
        voice_call_entry_point_parameters=connect.CfnTestCase.VoiceCallEntryPointParametersProperty(
            flow_id=flow_arn
        ),
    )


def _replacements(resources: DeployedResources, table: RoutingTable) -> dict[str, str]:
    """Sandbox ARN (as the committed files name it) -> the deployed ARN or token."""
    sandbox = sandbox_settings(table)
    replacements = {
        SANDBOX_CONTACT_FLOW_ARN: resources.flow_arn,
        sandbox.lookup_function_arn: resources.lookup_function_arn,
        sandbox.hours_of_operation_arn: resources.hours_of_operation_arn,
    }
    for name, arn in sandbox.queue_arns.items():
        replacements[arn] = resources.queue_arns[name]
    return replacements


def _sandbox_ids(table: RoutingTable) -> frozenset[str]:
    """The made-up ids of the sandbox resources of the flow built from ``table``."""
    return frozenset(
        {
            SANDBOX_CONTACT_FLOW_ID,
            SANDBOX_HOURS_OF_OPERATION_ID,
            *(sandbox_queue_id(position) for position in range(len(table.queues))),
        }
    )


def _deployed(
    value: Any, replacements: Mapping[str, str], sandbox_ids: frozenset[str], where: str
) -> Any:
    """``value`` with each sandbox ARN replaced; a sandbox resource it cannot replace is refused."""
    if isinstance(value, str):
        if value in replacements:
            return replacements[value]
        if SANDBOX_INSTANCE_ARN in value or value in sandbox_ids or _names_sandbox_function(value):
            raise TestCaseDeployError(
                f"{where} names {value!r}, a sandbox resource the stack does not deploy; name "
                "the function, a queue, the hours or the flow by the ARN flows/generated/ uses"
            )
        return value
    if isinstance(value, Mapping):
        return {
            key: _deployed(item, replacements, sandbox_ids, where) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_deployed(item, replacements, sandbox_ids, where) for item in value]
    return value


def _names_sandbox_function(value: str) -> bool:
    """Any function of the sandbox's account and region (``arn:...:function:``)."""
    sandbox_functions = sandbox_settings().lookup_function_arn.split(":function:")[0]
    return value.startswith(f"{sandbox_functions}:function:")
