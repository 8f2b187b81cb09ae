"""The AWS API calls a synthesized template makes through custom resources, checked offline.

CDK's ``AwsCustomResource`` (and any custom resource that speaks its protocol) writes each call
as JSON in the resource's ``Create``, ``Update`` and ``Delete`` properties: ``service``,
``action`` and ``parameters``. CloudFormation does not look inside: a wrong parameter name or
shape shows only when the provider makes the call during a deployment, which then rolls back.

:func:`sdk_calls` finds every such call in a template (values CloudFormation resolves at
deployment, ``Ref``, ``Fn::GetAtt``, ``Fn::Select``..., stand in as a placeholder string; an
attribute named ``...Arn`` as an ARN, so that it is caught where an id is wanted) and
:func:`call_problems` checks one against botocore's model of the service: the operation exists,
the parameters pass ``botocore.validate.ParamValidator`` (names, required members, types,
lengths), and no parameter named as an id (``...Id``) is given an ARN, which the APIs take only
in some cases (``PhoneNumberId``, for one, only for a number in a traffic distribution group).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape
from botocore.validate import ParamValidator

PHASES = ("Create", "Update", "Delete")
# What a value resolved at deployment reads as here: a string, as the provider receives it.
DEPLOY_TIME_VALUE = "resolved-at-deployment"
JS_SDK_V3_PACKAGE_PREFIX = "@aws-sdk/client-"


@dataclass(frozen=True)
class SdkCall:
    """One call of one custom resource in one phase, as the provider will make it."""

    resource: str  # the logical id
    phase: str  # Create, Update or Delete
    service: str  # as written: "Connect", "connect" or "@aws-sdk/client-connect"
    action: str  # as written: "AssociatePhoneNumberContactFlow", "associate...", "...Command"
    parameters: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.resource} {self.phase}: {self.service} {self.action}"


def sdk_calls(template: Mapping[str, Any]) -> list[SdkCall]:
    """Every call of every custom resource of ``template`` that carries one, in template order."""
    calls = []
    for logical_id, resource in template.get("Resources", {}).items():
        if not _is_custom_resource(resource.get("Type", "")):
            continue
        properties = resource.get("Properties", {})
        for phase in PHASES:
            if phase not in properties:
                continue
            call = json.loads(render(properties[phase]))
            if not isinstance(call, dict) or "service" not in call or "action" not in call:
                continue
            calls.append(
                SdkCall(
                    resource=logical_id,
                    phase=phase,
                    service=str(call["service"]),
                    action=str(call["action"]),
                    parameters=call.get("parameters") or {},
                )
            )
    return calls


def _is_custom_resource(resource_type: str) -> bool:
    return resource_type.startswith("Custom::") or resource_type in (
        "AWS::CloudFormation::CustomResource"
    )


def render(value: Any) -> str:
    """A template string value as text: ``Fn::Join`` joined, other intrinsics a placeholder."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(render(part) for part in parts)
    if isinstance(value, Mapping) and len(value) == 1:
        (name,) = value
        attribute = value[name]
        if name == "Fn::GetAtt" and isinstance(attribute, list) and len(attribute) == 2:
            logical_id, attribute_name = attribute
            if str(attribute_name).endswith("Arn"):
                return f"arn:(Fn::GetAtt {logical_id}.{attribute_name})"
        if name == "Ref" or name.startswith("Fn::"):
            return DEPLOY_TIME_VALUE
    raise ValueError(f"not a string value of a template: {value!r}")


def call_problems(call: SdkCall) -> list[str]:
    """What botocore's model says is wrong with ``call`` (empty when nothing is)."""
    service = service_model(call.service)
    if service is None:
        return [f"{call}: no AWS service {call.service!r} in botocore's models"]
    operation = _operation(service, call.action)
    if operation is None:
        return [f"{call}: {service.service_name} has no operation {call.action!r}"]
    problems = []
    if operation.input_shape is not None:
        report = ParamValidator().validate(dict(call.parameters), operation.input_shape)
        if report.has_errors():
            problems.append(f"{call}: {' '.join(report.generate_report().split())}")
        problems += [f"{call}: {problem}" for problem in _arns_for_ids(call, operation)]
    elif call.parameters:
        problems.append(f"{call}: {operation.name} takes no parameters")
    return problems


@cache
def _service_names() -> Mapping[str, str]:
    """Every way a custom resource may name a service -> botocore's name for it."""
    session = botocore.session.get_session()
    names: dict[str, str] = {}
    for name in session.get_available_services():
        model = session.get_service_model(name)
        service_id = str(model.metadata.get("serviceId", name))
        for alias in (name, service_id.replace(" ", ""), service_id.replace(" ", "-")):
            names.setdefault(alias.lower(), name)
    return names


def service_model(service: str) -> ServiceModel | None:
    """botocore's model of ``service`` as a custom resource names it (SDK v2 or v3 style).

    Most names are botocore's own once lowercased (``Connect``, ``@aws-sdk/client-connect``);
    the others (``CloudWatchLogs``) are found through every model's serviceId, read only then.
    """
    key = service.removeprefix(JS_SDK_V3_PACKAGE_PREFIX).lower()
    name = key if key in _available() else _service_names().get(key)
    return None if name is None else botocore.session.get_session().get_service_model(name)


@cache
def _available() -> frozenset[str]:
    return frozenset(botocore.session.get_session().get_available_services())


def _operation(service: ServiceModel, action: str) -> OperationModel | None:
    """``action`` as v2 (``Describe...``), lower camel case, or a v3 command (``...Command``)."""
    name = action.removesuffix("Command")
    name = name[:1].upper() + name[1:]
    if name not in service.operation_names:
        return None
    return service.operation_model(name)


def _arns_for_ids(call: SdkCall, operation: OperationModel) -> Iterator[str]:
    """Top-level members named ``...Id`` given a literal ARN."""
    shape = operation.input_shape
    assert isinstance(shape, StructureShape)
    for member, value in call.parameters.items():
        member_shape: Shape | None = shape.members.get(member)
        if member_shape is None or not member.endswith("Id"):
            continue
        if isinstance(value, str) and value.startswith("arn:"):
            yield (
                f"{member} is given the ARN {value!r}; the API takes an id there "
                "(the last part of the ARN)"
            )
