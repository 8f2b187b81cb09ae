"""The contract between Amazon Connect and a Lambda function called from a flow.

Two halves, shared by the demo, the local simulator and the smoke test so that all three speak
exactly as Connect does:

- :func:`contact_event` builds the event Connect sends (``Details.ContactData``,
  ``Details.Parameters``, ``Name: ContactFlowEvent``);
- :func:`judge_response` decides whether a response would take the block's Success branch or its
  Error branch under the block's ResponseValidation (STRING_MAP or JSON, under 32 KB of UTF-8).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.language.facts import LAMBDA_RESPONSE_TYPES, MAX_LAMBDA_RESPONSE_BYTES

SANDBOX_INSTANCE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
)


def contact_event(
    *,
    phone: str | None = "+14155550100",
    channel: str = "VOICE",
    parameters: Mapping[str, Any] | None = None,
    attributes: Mapping[str, str] | None = None,
    contact_id: str | None = None,
    initial_contact_id: str | None = None,
    previous_contact_id: str | None = None,
    initiation_method: str = "INBOUND",
    instance_arn: str = SANDBOX_INSTANCE_ARN,
    queue: Mapping[str, Any] | None = None,
    system_phone: str = "+18005550199",
    endpoint_type: str = "TELEPHONE_NUMBER",
) -> dict[str, Any]:
    """The event Connect sends to a function from an Invoke AWS Lambda function block.

    ``phone=None`` leaves out ``CustomerEndpoint`` (as for chats and tasks without one).
    ``parameters`` are the block's LambdaInvocationAttributes, already resolved.
    """
    contact_id = contact_id or str(uuid.uuid4())
    contact_data: dict[str, Any] = {
        "Attributes": dict(attributes or {}),
        "Channel": channel,
        "ContactId": contact_id,
        "InitialContactId": initial_contact_id or contact_id,
        "InitiationMethod": initiation_method,
        "InstanceARN": instance_arn,
        "PreviousContactId": previous_contact_id or contact_id,
        "Queue": dict(queue) if queue else None,
        "SystemEndpoint": {"Address": system_phone, "Type": "TELEPHONE_NUMBER"}
        if channel == "VOICE"
        else None,
        "MediaStreams": {
            "Customer": {
                "Audio": {
                    "StartFragmentNumber": None,
                    "StartTimestamp": None,
                    "StreamARN": None,
                }
            }
        },
    }
    if phone is not None:
        contact_data["CustomerEndpoint"] = {"Address": phone, "Type": endpoint_type}
    else:
        contact_data["CustomerEndpoint"] = None
    return {
        "Details": {"ContactData": contact_data, "Parameters": dict(parameters or {})},
        "Name": "ContactFlowEvent",
    }


@dataclass(frozen=True)
class Judgement:
    """Connect's verdict on one function response.

    ``accepted``: the contact takes the Success branch and ``external`` becomes ``$.External``.
    Otherwise ``reason`` says why the contact takes the Error branch.
    """

    accepted: bool
    reason: str = ""
    size_bytes: int = 0
    external: dict[str, Any] | None = None


def judge_response(response: Any, response_type: str = "STRING_MAP") -> Judgement:
    """Judge a response as Connect would for a block with this ResponseValidation.

    ``response`` is either the decoded object the function returned or the raw payload
    (``bytes``/``str``) as ``lambda.invoke`` hands it back.
    """
    if response_type not in LAMBDA_RESPONSE_TYPES:
        raise ValueError(
            f"response_type {response_type!r}: expected one of {', '.join(LAMBDA_RESPONSE_TYPES)}"
        )
    if isinstance(response, bytes | bytearray | str):
        raw = response.encode("utf-8") if isinstance(response, str) else bytes(response)
        try:
            response = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return Judgement(False, "response is not JSON", len(raw))
    else:
        try:
            raw = json.dumps(response, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError) as exc:
            return Judgement(False, f"response is not JSON-serializable: {exc}")
    size = len(raw)
    if size >= MAX_LAMBDA_RESPONSE_BYTES:
        limit = MAX_LAMBDA_RESPONSE_BYTES
        return Judgement(False, f"response is {size} bytes; Connect takes under {limit}", size)
    if not isinstance(response, dict):
        kind = type(response).__name__
        return Judgement(False, f"response is a JSON {kind}, not an object", size)
    if response_type == "STRING_MAP":
        for key, value in response.items():
            if not isinstance(value, str):
                kind = "nested object" if isinstance(value, dict | list) else type(value).__name__
                return Judgement(
                    False, f"STRING_MAP response: value of {key!r} is a {kind}, not a string", size
                )
    return Judgement(True, "", size, response)
