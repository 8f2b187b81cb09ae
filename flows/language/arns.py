"""Parsing the ARNs a flow and its deployment deal with: Connect instances, queues, hours of
operation and phone numbers, Lambda functions, SNS topics.

Pure Python (no CDK import), shared by the flow toolkit (a function named in a flow), the CDK
configuration and the boto3 operations tools, so that "is this a Connect instance ARN?" has one
answer everywhere. Errors are
:class:`ArnError` with a message that names the value and the expected form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCOUNT_ID = re.compile(r"^\d{12}$")
# Partition-aware region names: us-east-1, eu-west-2, us-gov-west-1, cn-north-1, ap-southeast-5 ...
REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$")
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f")

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_INSTANCE = (
    r"arn:(?P<partition>[a-z-]+):connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    rf"instance/(?P<instance_id>{_UUID})"
)
_INSTANCE_ARN = re.compile(rf"^{_INSTANCE}$")
_QUEUE_ARN = re.compile(rf"^(?P<instance_arn>{_INSTANCE})/queue/(?P<queue_id>{_UUID})$")
# The form of AWS::Connect::HoursOfOperation ARNs (the HoursOfOperationArn pattern of the
# AWS::Connect::Queue resource schema), with the UUID ids Connect gives.
_HOURS_ARN = re.compile(rf"^(?P<instance_arn>{_INSTANCE})/operating-hours/(?P<hours_id>{_UUID})$")
_FUNCTION_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"function:(?P<name>[A-Za-z0-9_-]{1,64})(?::(?P<qualifier>\$LATEST|[A-Za-z0-9_-]{1,128}))?$"
)
_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# A claimed number is not under its instance: arn:PARTITION:connect:REGION:ACCOUNT:phone-number/ID
# (resource type phone-number of
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html).
_PHONE_NUMBER_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    rf"phone-number/(?P<phone_number_id>{_UUID})$"
)
# Topic names: 1-256 letters, digits, '-' or '_', '.fifo' at the end of a FIFO topic
# (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
_TOPIC_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):sns:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"(?P<name>[A-Za-z0-9_-]+(?:\.fifo)?)$"
)
# An alias name: 1-128 letters, digits, '-' or '_', not all digits (that would be a version).
# https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html
ALIAS_NAME = re.compile(r"^(?!\d+$)[A-Za-z0-9_-]{1,128}$")
ALIAS_NAME_FORM = "1-128 letters, digits, '-' or '_', not only digits, e.g. live"
# Connect's AssociateLambdaFunction (and the IntegrationAssociation that calls it) takes a
# FunctionArn of at most 140 characters; a longer ARN can still be named by a flow, but the
# instance cannot list it.
# https://docs.aws.amazon.com/connect/latest/APIReference/API_AssociateLambdaFunction.html
MAX_ASSOCIATED_FUNCTION_ARN_LENGTH = 140

INSTANCE_ARN_FORM = "arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE-UUID"
QUEUE_ARN_FORM = f"{INSTANCE_ARN_FORM}/queue/QUEUE-UUID"
HOURS_OF_OPERATION_ARN_FORM = f"{INSTANCE_ARN_FORM}/operating-hours/HOURS-UUID"
FUNCTION_ARN_FORM = "arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]"
PHONE_NUMBER_ARN_FORM = "arn:aws:connect:REGION:ACCOUNT:phone-number/PHONE-NUMBER-UUID"
TOPIC_ARN_FORM = "arn:aws:sns:REGION:ACCOUNT:TOPIC-NAME"
MAX_TOPIC_NAME_LENGTH = 256


class ArnError(ValueError):
    """A value that is not the ARN (or name) expected; the message says what was expected."""


@dataclass(frozen=True)
class ConnectInstanceArn:
    arn: str
    partition: str
    region: str
    account: str
    instance_id: str


@dataclass(frozen=True)
class ConnectQueueArn:
    arn: str
    instance: ConnectInstanceArn
    queue_id: str


@dataclass(frozen=True)
class ConnectPhoneNumberArn:
    """A phone number claimed in Connect: it belongs to an account and a region, not to a path
    under an instance."""

    arn: str
    partition: str
    region: str
    account: str
    phone_number_id: str


@dataclass(frozen=True)
class SnsTopicArn:
    arn: str
    partition: str
    region: str
    account: str
    name: str


@dataclass(frozen=True)
class ConnectHoursOfOperationArn:
    arn: str
    instance: ConnectInstanceArn
    hours_id: str


@dataclass(frozen=True)
class LambdaFunctionRef:
    """A function named by ARN (region and account known) or by bare name (both ``None``)."""

    name: str
    region: str | None = None
    account: str | None = None
    partition: str | None = None
    qualifier: str | None = None

    @property
    def unqualified_arn(self) -> str | None:
        """The function's ARN without alias or version; ``None`` for a bare name."""
        if self.partition is None or self.region is None or self.account is None:
            return None
        return lambda_function_arn(
            partition=self.partition, region=self.region, account=self.account, name=self.name
        )

    @property
    def arn(self) -> str | None:
        base = self.unqualified_arn
        return f"{base}:{self.qualifier}" if base and self.qualifier else base


def parse_connect_instance_arn(value: object) -> ConnectInstanceArn:
    """Parse ``arn:aws:connect:REGION:ACCOUNT:instance/UUID``; raises :class:`ArnError`."""
    text = value if isinstance(value, str) else ""
    match = _INSTANCE_ARN.match(text.strip())
    if not match or match["partition"] not in PARTITIONS or not REGION.match(match["region"]):
        raise ArnError(f"{value!r} is not a Connect instance ARN; expected {INSTANCE_ARN_FORM}")
    return ConnectInstanceArn(arn=text.strip(), **match.groupdict())


def parse_connect_queue_arn(value: object) -> ConnectQueueArn:
    """Parse ``arn:aws:connect:REGION:ACCOUNT:instance/UUID/queue/UUID``; raises ArnError."""
    text = value.strip() if isinstance(value, str) else ""
    match = _QUEUE_ARN.match(text)
    if not match or match["partition"] not in PARTITIONS or not REGION.match(match["region"]):
        raise ArnError(f"{value!r} is not a Connect queue ARN; expected {QUEUE_ARN_FORM}")
    parts = match.groupdict()
    queue_id, instance_arn = parts.pop("queue_id"), parts.pop("instance_arn")
    return ConnectQueueArn(
        arn=text, instance=ConnectInstanceArn(arn=instance_arn, **parts), queue_id=queue_id
    )


def parse_connect_phone_number_arn(value: object) -> ConnectPhoneNumberArn:
    """Parse ``arn:aws:connect:REGION:ACCOUNT:phone-number/UUID``; raises :class:`ArnError`."""
    text = value.strip() if isinstance(value, str) else ""
    match = _PHONE_NUMBER_ARN.match(text)
    if not match or match["partition"] not in PARTITIONS or not REGION.match(match["region"]):
        raise ArnError(
            f"{value!r} is not a Connect phone number ARN; expected {PHONE_NUMBER_ARN_FORM}"
        )
    return ConnectPhoneNumberArn(arn=text, **match.groupdict())


def parse_sns_topic_arn(value: object) -> SnsTopicArn:
    """Parse ``arn:aws:sns:REGION:ACCOUNT:NAME``; raises :class:`ArnError`."""
    text = value.strip() if isinstance(value, str) else ""
    match = _TOPIC_ARN.match(text)
    if (
        not match
        or match["partition"] not in PARTITIONS
        or not REGION.match(match["region"])
        or len(match["name"]) > MAX_TOPIC_NAME_LENGTH
    ):
        raise ArnError(f"{value!r} is not an SNS topic ARN; expected {TOPIC_ARN_FORM}")
    return SnsTopicArn(arn=text, **match.groupdict())


def parse_connect_hours_of_operation_arn(value: object) -> ConnectHoursOfOperationArn:
    """Parse ``arn:aws:connect:REGION:ACCOUNT:instance/UUID/operating-hours/UUID``."""
    text = value.strip() if isinstance(value, str) else ""
    match = _HOURS_ARN.match(text)
    if not match or match["partition"] not in PARTITIONS or not REGION.match(match["region"]):
        raise ArnError(
            f"{value!r} is not a Connect hours of operation ARN; "
            f"expected {HOURS_OF_OPERATION_ARN_FORM}"
        )
    parts = match.groupdict()
    hours_id, instance_arn = parts.pop("hours_id"), parts.pop("instance_arn")
    return ConnectHoursOfOperationArn(
        arn=text, instance=ConnectInstanceArn(arn=instance_arn, **parts), hours_id=hours_id
    )


def parse_lambda_function(value: object) -> LambdaFunctionRef:
    """Parse a function ARN (optionally qualified) or a bare function name."""
    text = value.strip() if isinstance(value, str) else ""
    if text.startswith("arn:"):
        match = _FUNCTION_ARN.match(text)
        if match and match["partition"] in PARTITIONS and REGION.match(match["region"]):
            return LambdaFunctionRef(
                name=match["name"],
                region=match["region"],
                account=match["account"],
                partition=match["partition"],
                qualifier=match["qualifier"],
            )
    elif _FUNCTION_NAME.match(text):
        return LambdaFunctionRef(name=text)
    raise ArnError(
        f"{value!r} is not a Lambda function ARN or name; expected {FUNCTION_ARN_FORM} "
        "or a name of 1-64 letters, digits, '-' or '_'"
    )


def lambda_function_arn(*, partition: str, region: str, account: str, name: str) -> str:
    """The ARN a function will have: known before deployment when the name is explicit."""
    return f"arn:{partition}:lambda:{region}:{account}:function:{name}"
