"""Adopted flows deployed into the configured instance: one stack of their own.

The context key ``adopted_flows`` names packages written by `python -m flows adopt`
(:mod:`flows.adopt.package`); each of their flows becomes an ``AWS::Connect::ContactFlow`` (or
``AWS::Connect::ContactFlowModule``) of its name and type, in the instance's account and region.
The flows' named references (:mod:`flows.model.references`) are resolved at deployment:

- a flow or module of the set: the resource this stack creates (its ARN, or its id where the
  export had an id);
- a Lambda function: by name in the instance's account and region
  (``arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]``), after the rename map of
  the context key ``adopted_function_names`` (``{"*": "prod-*"}``, ``{"lookup": "lookup-prod"}``);
  the ARN is written at synthesis, and the check below asks whether the instance has that exact
  ARN associated (ListLambdaFunctions), the association being what lets Connect call it (see
  lambdas/connect_names for why an alias and the unqualified function do not stand for each
  other);
- anything else (queues, prompts, hours, quick connects, routing profiles, Lex V2 bot aliases,
  flows and modules outside the set): looked up by name in the instance while deploying, by a
  custom resource backed by lambdas/connect_names. One "check" resource asks for every name and
  every function and fails the deployment with one message listing all the missing ones; then
  resources of at most :data:`NAMES_PER_LOOKUP` names each return their ids (a custom
  resource's response holds at most 4,096 bytes), from which the ARNs are written here
  (``INSTANCE_ARN/queue/ID``).

**Cycles.** A flow that transfers to a flow that transfers back cannot name it in a template
(CloudFormation refuses circular references). Each flow on a cycle of the set (or naming itself)
is created with a minimal content (one block that ends it) and given its content by an
``AwsCustomResource`` calling UpdateContactFlowContent (UpdateContactFlowModuleContent for a
module) once every flow exists
(https://docs.aws.amazon.com/connect/latest/APIReference/API_UpdateContactFlowContent.html).
The call's physical id is a digest of the flow resource's own properties, so that any change of
the flow resource (which writes the minimal content again) makes CloudFormation run the call again.

Every flow is validated at synthesis with the deployed values in place (tokens where values come
at deployment), as the customer-lookup flow is, and each contact flow is run once on the
simulator; an error in either stops synthesis with the flow named.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_connect as connect
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from flows.adopt.package import AdoptedPackage, LoadedFlow, functions_to_check, names_to_find
from flows.language.arns import ConnectInstanceArn
from flows.language.facts import action_spec
from flows.model.references import (
    CONNECT_KINDS,
    Flow,
    FlowModule,
    LambdaFunction,
    LexBot,
    Reference,
    function_arn,
    references_in,
    resolve_references,
)
from flows.simulator import Ended, simulate
from flows.validator import has_errors, validate_content
from stacks.compliance import acknowledge
from stacks.contact_flow import FlowValidationError
from stacks.lookup_stack import FUNCTION_RUNTIME, LOG_RETENTION
from stacks.python_bundling import REPO_ROOT

NAMES_CODE_ROOT = REPO_ROOT / "lambdas" / "connect_names"
NAMES_HANDLER = "connect_names.handler"
# Ids are 36 characters; an entry of the response is ~45 bytes with its key; Lex alias ARNs are
# longer (~80). 30 names stay well under the 4,096 bytes of a whole response.
NAMES_PER_LOOKUP = 30
NAMES_TIMEOUT = cdk.Duration.minutes(5)
NAMES_MEMORY_MB = 256
# What CloudFormation takes in one stack
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
# 500 resources, and a template of 1 MB (cdk deploy uploads it to S3, where that limit applies).
# Every adopted package goes into this one stack, so a large set fails only when CloudFormation
# reads the template; synthesis stops first, from the resources made and the contents' size.
MAX_STACK_RESOURCES = 500
MAX_TEMPLATE_BYTES = 1_000_000
# What a resource takes in the template besides the flows' contents (type, logical id, name,
# instance ARN, indentation), generously: the sample package's template is within a few percent.
RESOURCE_TEMPLATE_BYTES = 1_000
UPDATE_CONTENT = "UpdateContactFlowContent"
UPDATE_MODULE_CONTENT = "UpdateContactFlowModuleContent"
_NAMES_ACKNOWLEDGMENTS = {
    "Serverless::Serverless-LambdaDLQ": (
        "CloudFormation invokes this lookup while deploying and waits for its answer; a failure "
        "fails that deployment, which shows the reason in the stack events, so a dead-letter "
        "queue would only keep a request nobody can replay."
    ),
    "Serverless::Serverless-LambdaTracing": (
        "The lookup runs only during deployments, for a few List calls; its outcome is in the "
        "stack events and its own log group, and tracing would add an xray statement on "
        "Resource '*' to a role that may otherwise only read one instance."
    ),
}
_LEX_WILDCARD = {
    "AwsSolutions-IAM5": (
        "Lex bots are named in the flows by bot and alias name; their ids are learnt from the "
        "instance's ListBots while deploying, so DescribeBot and DescribeBotAlias are granted "
        "on the bots of this account and region, read-only."
    ),
}


class AdoptedFlowsError(ValueError):
    """Adopted packages that cannot be deployed together; the message names the flows."""


@dataclass(frozen=True)
class _Lookup:
    """A name the stack looks up: its key in a lookup resource's answer."""

    reference: Reference
    resource: cdk.CustomResource
    key: str


class AdoptedFlowsStack(cdk.Stack):
    """The flows of the adopted packages, their lookups and the content of flows on cycles."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        instance: ConnectInstanceArn,
        packages: Sequence[AdoptedPackage],
        function_renames: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.instance = instance
        self.function_renames = dict(function_renames or {})
        self.adopted = _flows_of(packages)
        by_name = {flow.name: flow for flow in self.adopted}
        self.two_phase = _on_cycles(self.adopted)
        self.flows: dict[str, connect.CfnContactFlow | connect.CfnContactFlowModule] = {}
        self.lookups = self._lookups(by_name)
        ids = _logical_ids(self.adopted)
        for flow in _creation_order(self.adopted, self.two_phase):
            self.flows[flow.name] = self._flow(flow, ids[flow.name])
        self.content_updates: dict[str, cr.AwsCustomResource] = {}
        if self.two_phase:
            self._content_updates(ids)
        for flow in self.adopted:
            self._check(flow)
        self._check_stack_limits()
        cdk.Annotations.of(self).add_info(
            f"{len(self.adopted)} adopted flows ({', '.join(sorted(by_name))}); "
            f"{len(self.lookups)} names looked up in the instance while deploying"
        )

    # -- resolving references --------------------------------------------------------------------

    def deployed_value(self, reference: Reference) -> str:
        """The deployed value of a reference (a string holding tokens)."""
        if isinstance(reference, LambdaFunction):
            return function_arn(
                reference,
                partition=self.instance.partition,
                region=self.instance.region,
                account=self.instance.account,
                renames=self.function_renames,
            )
        own = self._own(reference)
        if own is not None:
            arn = (
                own.attr_contact_flow_arn
                if isinstance(own, connect.CfnContactFlow)
                else own.attr_contact_flow_module_arn
            )
            return cdk.Fn.select(3, cdk.Fn.split("/", arn)) if reference.form == "id" else arn
        lookup = self.lookups[str(reference)]
        found = lookup.resource.get_att_string(lookup.key)
        if isinstance(reference, LexBot) or reference.form == "id":
            return found
        return f"{self.instance.arn}/{CONNECT_KINDS[reference.KIND]}/{found}"

    def _own(
        self, reference: Reference
    ) -> connect.CfnContactFlow | connect.CfnContactFlowModule | None:
        flow = self.flows.get(reference.name)
        if isinstance(reference, Flow) and isinstance(flow, connect.CfnContactFlow):
            return flow
        if isinstance(reference, FlowModule) and isinstance(flow, connect.CfnContactFlowModule):
            return flow
        return None

    def _lookups(self, by_name: Mapping[str, LoadedFlow]) -> dict[str, _Lookup]:
        wanted = {_lookup_key(r): r for r in names_to_find(self.adopted)}
        functions = functions_to_check(
            self.adopted,
            partition=self.instance.partition,
            region=self.instance.region,
            account=self.instance.account,
            renames=self.function_renames,
        )
        if not wanted and not functions:
            return {}
        function = self._names_function(any(isinstance(r, LexBot) for r in wanted.values()))
        entries = [
            {"Key": f"n{index}", **_described(reference)}
            for index, reference in enumerate(wanted.values())
        ]
        # Functions are only checked: their ARNs are known here, so no lookup returns them.
        function_entries = [
            {"Key": f"f{index}", **_described_function(arn)} for index, arn in enumerate(functions)
        ]
        check = cdk.CustomResource(
            self,
            "NamesCheck",
            service_token=function.function_arn,
            resource_type="Custom::ConnectNames",
            properties={
                "InstanceId": self.instance.instance_id,
                "Mode": "check",
                "Names": entries + function_entries,
            },
        )
        lookups: dict[str, _Lookup] = {}
        references = list(wanted.values())
        for start in range(0, len(entries), NAMES_PER_LOOKUP):
            chunk = entries[start : start + NAMES_PER_LOOKUP]
            resource = cdk.CustomResource(
                self,
                f"Names{start // NAMES_PER_LOOKUP}",
                service_token=function.function_arn,
                resource_type="Custom::ConnectNames",
                properties={"InstanceId": self.instance.instance_id, "Mode": "ids", "Names": chunk},
            )
            resource.node.add_dependency(check)
            for offset, entry in enumerate(chunk):
                reference = references[start + offset]
                lookups[str(reference)] = _Lookup(reference, resource, entry["Key"])
        # A reference in either form (ARN or id) is looked up once.
        for flow in self.adopted:
            for reference in references_in(flow.flow.to_dict()):
                key = _lookup_key(reference)
                if key in wanted and str(reference) not in lookups:
                    first = lookups[str(wanted[key])]
                    lookups[str(reference)] = _Lookup(reference, first.resource, first.key)
        return lookups

    def _names_function(self, lex: bool) -> lambda_.Function:
        log_group = logs.LogGroup(
            self,
            "NamesLogGroup",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        statements = [
            iam.PolicyStatement(
                sid="ListInstanceResources",
                actions=[
                    "connect:ListQueues",
                    "connect:ListPrompts",
                    "connect:ListHoursOfOperations",
                    "connect:ListQuickConnects",
                    "connect:ListRoutingProfiles",
                    "connect:ListContactFlows",
                    "connect:ListContactFlowModules",
                    "connect:ListBots",
                    "connect:ListLambdaFunctions",
                ],
                resources=[self.instance.arn],
            ),
            iam.PolicyStatement(
                sid="WriteOwnLogs",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            ),
        ]
        if lex:
            partition, region, account = (
                self.instance.partition,
                self.instance.region,
                self.instance.account,
            )
            statements.append(
                iam.PolicyStatement(
                    sid="NameLexBots",
                    actions=["lex:DescribeBot", "lex:DescribeBotAlias"],
                    resources=[
                        f"arn:{partition}:lex:{region}:{account}:bot/*",
                        f"arn:{partition}:lex:{region}:{account}:bot-alias/*/*",
                    ],
                )
            )
        role = iam.Role(
            self,
            "NamesRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Looks names up in the Connect instance the adopted flows use, read-only",
            inline_policies={"ConnectNames": iam.PolicyDocument(statements=statements)},
        )
        if lex:
            acknowledge(role, _LEX_WILDCARD)
        function = lambda_.Function(
            self,
            "NamesFunction",
            description="Finds the ids of the resources adopted flows name, in the instance",
            runtime=FUNCTION_RUNTIME,
            architecture=lambda_.Architecture.ARM_64,
            handler=NAMES_HANDLER,
            code=lambda_.Code.from_asset(
                str(NAMES_CODE_ROOT), exclude=["__pycache__", "*.pyc", "tests"]
            ),
            timeout=NAMES_TIMEOUT,
            memory_size=NAMES_MEMORY_MB,
            role=role,
            log_group=log_group,
        )
        acknowledge(function, _NAMES_ACKNOWLEDGMENTS)
        return function

    # -- the flows --------------------------------------------------------------------------------

    def flow_content(self, flow: LoadedFlow) -> str:
        """The flow's final content, references resolved (tokens where needed)."""
        resolved = resolve_references(flow.flow.to_dict(), self.deployed_value)
        return json.dumps(resolved, ensure_ascii=False, separators=(",", ":"))

    def _flow(
        self, flow: LoadedFlow, logical_id: str
    ) -> connect.CfnContactFlow | connect.CfnContactFlowModule:
        entry = flow.entry
        content = _minimal_content(flow) if flow.name in self.two_phase else self.flow_content(flow)
        description = entry.description or None
        if entry.is_module:
            return connect.CfnContactFlowModule(
                self,
                logical_id,
                instance_arn=self.instance.arn,
                name=entry.name,
                content=content,
                description=description,
                state="ACTIVE",
            )
        return connect.CfnContactFlow(
            self,
            logical_id,
            instance_arn=self.instance.arn,
            name=entry.name,
            type=entry.type,
            content=content,
            description=description,
            state="ACTIVE",
        )

    def _content_updates(self, ids: Mapping[str, str]) -> None:
        log_group = logs.LogGroup(
            self,
            "ContentUpdatesLogGroup",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        targets = {name: self.flows[name] for name in sorted(self.two_phase)}
        flow_arns = [
            f.attr_contact_flow_arn
            for f in targets.values()
            if isinstance(f, connect.CfnContactFlow)
        ]
        module_arns = [
            f.attr_contact_flow_module_arn
            for f in targets.values()
            if isinstance(f, connect.CfnContactFlowModule)
        ]
        statements = [
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            )
        ]
        if flow_arns:
            statements.append(
                iam.PolicyStatement(actions=[f"connect:{UPDATE_CONTENT}"], resources=flow_arns)
            )
        if module_arns:
            statements.append(
                iam.PolicyStatement(
                    actions=[f"connect:{UPDATE_MODULE_CONTENT}"], resources=module_arns
                )
            )
        role = iam.Role(
            self,
            "ContentUpdatesRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Sets the content of adopted flows that reference each other in a cycle",
            inline_policies={"ContentUpdates": iam.PolicyDocument(statements=statements)},
        )
        by_name = {flow.name: flow for flow in self.adopted}
        for name, resource in targets.items():
            flow = by_name[name]
            if isinstance(resource, connect.CfnContactFlow):
                action, id_key = UPDATE_CONTENT, "ContactFlowId"
                arn = resource.attr_contact_flow_arn
            else:
                action, id_key = UPDATE_MODULE_CONTENT, "ContactFlowModuleId"
                arn = resource.attr_contact_flow_module_arn
            call = cr.AwsSdkCall(
                service="Connect",
                action=action,
                parameters={
                    "InstanceId": self.instance.instance_id,
                    id_key: cdk.Fn.select(3, cdk.Fn.split("/", arn)),
                    "Content": self.flow_content(flow),
                },
                physical_resource_id=cr.PhysicalResourceId.of(_digest(flow)),
            )
            self.content_updates[name] = cr.AwsCustomResource(
                self,
                f"{ids[name]}Content",
                resource_type="Custom::ContactFlowContent",
                on_create=call,
                on_update=call,
                role=role,
                log_group=log_group,
                memory_size=NAMES_MEMORY_MB,
                install_latest_aws_sdk=False,
            )
        provider = self.node.try_find_child(
            "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
        )
        if provider is not None:
            acknowledge(provider, _NAMES_ACKNOWLEDGMENTS)

    def _check_stack_limits(self) -> None:
        """Stop synthesis when CloudFormation would refuse the template for its size.

        The template's size is estimated from the flows' contents as the template writes them
        (once, escaped, as a flow's ``Content``; for a flow on a cycle, twice, escaped again, in
        its content update's ``Create`` and ``Update`` calls), and the resources around them.
        """
        resources = sum(isinstance(c, cdk.CfnResource) for c in self.node.find_all())
        content_bytes = 0
        for flow in self.adopted:
            text = self.flow_content(flow)
            if flow.name in self.two_phase:
                content_bytes += 2 * len(json.dumps(json.dumps({"Content": text})).encode())
            else:
                content_bytes += len(json.dumps(text).encode())
        size = content_bytes + RESOURCE_TEMPLATE_BYTES * resources
        if resources <= MAX_STACK_RESOURCES and size <= MAX_TEMPLATE_BYTES:
            return
        what = (
            f"{resources} resources (at most {MAX_STACK_RESOURCES})"
            if resources > MAX_STACK_RESOURCES
            else f"a template of about {size:,} bytes (at most {MAX_TEMPLATE_BYTES:,})"
        )
        raise AdoptedFlowsError(
            f"adopted_flows: the {len(self.adopted)} adopted flows make {what} in the stack "
            f"{self.stack_name}, and CloudFormation refuses a larger template; deploy fewer flows "
            "at a time"
        )

    def _check(self, flow: LoadedFlow) -> None:
        """Validate the deployed content; run one simulated contact through a contact flow."""
        content = json.loads(self.flow_content(flow))
        findings = validate_content(
            content, flow_type=None if flow.entry.is_module else flow.entry.type
        )
        if has_errors(findings):
            raise FlowValidationError(flow.name, findings)
        if not flow.entry.is_module:
            result = simulate(flow.flow.to_dict(), source=flow.name)
            if result.ended == Ended.STOPPED:
                raise AdoptedFlowsError(
                    f"adopted flow {flow.name!r}: the simulator could not run a contact through "
                    f"it: {result.message}"
                )


def _flows_of(packages: Sequence[AdoptedPackage]) -> list[LoadedFlow]:
    flows: list[LoadedFlow] = []
    seen: dict[str, Path] = {}
    for package in packages:
        for flow in package.flows:
            if flow.name in seen:
                raise AdoptedFlowsError(
                    f"adopted_flows: the flow {flow.name!r} is in {seen[flow.name]} and in "
                    f"{package.path}; Connect names flows uniquely in an instance"
                )
            seen[flow.name] = package.path
            flows.append(flow)
    return flows


def _edges(flows: Sequence[LoadedFlow]) -> dict[str, set[str]]:
    """Flow name -> the names of the set's flows it references."""
    modules = {f.name for f in flows if f.entry.is_module}
    contact = {f.name for f in flows if not f.entry.is_module}
    edges: dict[str, set[str]] = {}
    for flow in flows:
        targets = set()
        for reference in references_in(flow.flow.to_dict()):
            if (isinstance(reference, Flow) and reference.name in contact) or (
                isinstance(reference, FlowModule) and reference.name in modules
            ):
                targets.add(reference.name)
        edges[flow.name] = targets
    return edges


def _on_cycles(flows: Sequence[LoadedFlow]) -> set[str]:
    """Names of the flows on a cycle of references (Tarjan's strongly connected components)."""
    edges = _edges(flows)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cyclic: set[str] = set()
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges[node]:
                cyclic.update(component)

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return cyclic


def _creation_order(flows: Sequence[LoadedFlow], two_phase: set[str]) -> list[LoadedFlow]:
    """Flows on cycles first (their first content names nothing), then each flow after the flows
    it names, so that their resources exist when its content is written."""
    edges = _edges(flows)
    by_name = {flow.name: flow for flow in flows}
    order: list[LoadedFlow] = [by_name[name] for name in sorted(two_phase)]
    done = set(two_phase)

    def visit(name: str) -> None:
        if name in done:
            return
        done.add(name)
        for target in sorted(edges[name]):
            visit(target)
        order.append(by_name[name])

    for flow in flows:
        visit(flow.name)
    return order


def _minimal_content(flow: LoadedFlow) -> str:
    """A content that only ends: a placeholder until the flow's own is set (see the module)."""
    if flow.entry.is_module:
        action_type = "EndFlowModuleExecution"
    else:
        action_type = next(
            t
            for t in ("DisconnectParticipant", "EndFlowExecution")
            if (spec := action_spec(t)) is not None and spec.available_in(flow.entry.type)
        )
    content: dict[str, Any] = {
        "Version": "2019-10-30",
        "StartAction": "end",
        "Actions": [
            {"Parameters": {}, "Identifier": "end", "Type": action_type, "Transitions": {}}
        ],
    }
    if flow.flow.settings is not None:
        content["Settings"] = flow.flow.settings
    return json.dumps(content, separators=(",", ":"))


def _digest(flow: LoadedFlow) -> str:
    """What the flow resource holds besides its final content, as a short digest."""
    entry = flow.entry
    properties = [entry.name, entry.type, entry.description, _minimal_content(flow)]
    return hashlib.sha256(json.dumps(properties).encode()).hexdigest()[:32]


def _lookup_key(reference: Reference) -> str:
    """References to one resource, in either form, share a key."""
    return json.dumps([reference.KIND, reference.name, reference.options.get("alias")])


def _described(reference: Reference) -> dict[str, str]:
    out = {"Kind": reference.KIND, "Name": reference.name}
    if isinstance(reference, LexBot):
        out["Alias"] = reference.alias
    return out


def _described_function(arn: str) -> dict[str, str]:
    """A function as the check asks for it: the ARN the flows call, and its name and qualifier
    for the message that lists the missing ones."""
    name, _, qualifier = arn.split(":function:", 1)[1].partition(":")
    out = {"Kind": LambdaFunction.KIND, "Name": name, "Arn": arn}
    if qualifier:
        out["Qualifier"] = qualifier
    return out


def _logical_ids(flows: Sequence[LoadedFlow]) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for flow in flows:
        words = re.findall(r"[A-Za-z0-9]+", flow.entry.module)
        base = "Flow" + "".join(w[:1].upper() + w[1:] for w in words)
        logical, number = base, 1
        while logical in taken:
            number += 1
            logical = f"{base}{number}"
        taken.add(logical)
        ids[flow.name] = logical
    return ids
