"""Sending a claimed phone number's calls to a contact flow, from CloudFormation.

CloudFormation has no resource for the association of a number with a flow, so a CDK
``AwsCustomResource`` makes the Amazon Connect calls: AssociatePhoneNumberContactFlow on create
and update, DisassociatePhoneNumberContactFlow on delete
(https://docs.aws.amazon.com/connect/latest/APIReference/API_AssociatePhoneNumberContactFlow.html,
https://docs.aws.amazon.com/connect/latest/APIReference/API_DisassociatePhoneNumberContactFlow.html).
Both take the number's id as ``PhoneNumberId``: an ARN there is accepted only for a number in a
traffic distribution group, which a number claimed in the instance is not. The resource's
physical id stays the number's ARN (what it always was, so deployed stacks are not replaced).

The provider function gets its own role and log group instead of CDK's defaults (a managed
policy and a policy on every resource): it may make exactly these two calls, each on the resource
types the Service Authorization Reference lists for it
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html):
AssociatePhoneNumberContactFlow on ``phone-number`` and ``contact-flow``,
DisassociatePhoneNumberContactFlow on ``phone-number`` only; and it may write its own logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from flows.language.arns import ConnectInstanceArn, parse_connect_phone_number_arn

ASSOCIATE = "AssociatePhoneNumberContactFlow"
DISASSOCIATE = "DisassociatePhoneNumberContactFlow"
# IAM action -> the resource types it is authorized on (Service Authorization Reference).
RESOURCE_TYPES_OF_ACTION: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        f"connect:{ASSOCIATE}": ("phone-number", "contact-flow"),
        f"connect:{DISASSOCIATE}": ("phone-number",),
    }
)
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# Named rather than left at Lambda's default (cdk-nag Serverless-LambdaDefaultMemorySize): the
# provider loads the JavaScript SDK for one call, and more memory is more CPU to start it.
PROVIDER_MEMORY_SIZE_MB = 256


def contact_flow_id(contact_flow_arn: str) -> str:
    """The flow's id, the last part of ``arn:...:instance/ID/contact-flow/FLOW-ID`` (a token
    resolved by CloudFormation when the ARN is one)."""
    return cdk.Fn.select(3, cdk.Fn.split("/", contact_flow_arn))


class PhoneNumberFlowAssociation(Construct):
    """Calls to ``phone_number_arn`` start in the flow; deleting this construct detaches it."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        instance: ConnectInstanceArn,
        phone_number_arn: str,
        contact_flow_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        log_group = logs.LogGroup(
            self,
            "ProviderLogGroup",
            retention=LOG_RETENTION,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        targets = {"phone-number": phone_number_arn, "contact-flow": contact_flow_arn}
        self.role = iam.Role(
            self,
            "ProviderRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Sends one phone number's calls to the customer-lookup flow",
            inline_policies={
                "PhoneNumberFlowAssociation": iam.PolicyDocument(
                    statements=[
                        *(
                            iam.PolicyStatement(
                                actions=[action],
                                resources=[targets[kind] for kind in resource_types],
                            )
                            for action, resource_types in RESOURCE_TYPES_OF_ACTION.items()
                        ),
                        iam.PolicyStatement(
                            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[log_group.log_group_arn],
                        ),
                    ]
                )
            },
        )
        number_and_instance = {
            "PhoneNumberId": parse_connect_phone_number_arn(phone_number_arn).phone_number_id,
            "InstanceId": instance.instance_id,
        }
        associate = cr.AwsSdkCall(
            service="Connect",
            action=ASSOCIATE,
            parameters={**number_and_instance, "ContactFlowId": contact_flow_id(contact_flow_arn)},
            # One association per number: another number is another resource, and CloudFormation
            # then deletes the old one, which detaches the old number.
            physical_resource_id=cr.PhysicalResourceId.of(phone_number_arn),
        )
        self.resource = cr.AwsCustomResource(
            self,
            "Association",
            resource_type="Custom::PhoneNumberContactFlowAssociation",
            on_create=associate,
            on_update=associate,
            on_delete=cr.AwsSdkCall(
                service="Connect", action=DISASSOCIATE, parameters=number_and_instance
            ),
            role=self.role,
            log_group=log_group,
            memory_size=PROVIDER_MEMORY_SIZE_MB,
            # The SDK of the Lambda runtime is used: nothing is downloaded while deploying.
            install_latest_aws_sdk=False,
        )


def provider_function(stack: cdk.Stack) -> IConstruct | None:
    """The one function CDK adds to a stack for all its AwsCustomResources, if it has one."""
    return stack.node.try_find_child(
        "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
    )
