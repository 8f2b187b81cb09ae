"""Reading the event Amazon Connect sends from an Invoke AWS Lambda function block.

Bad input is an answer, not an exception: :func:`parse_event` returns either a
:class:`LookupRequest` or a :class:`Rejection` whose ``code`` becomes the response's errorCode.
The caller's number comes from the block parameter ``phoneNumber`` when it is present and not
blank, otherwise from ``Details.ContactData.CustomerEndpoint`` when its Type is
TELEPHONE_NUMBER.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from customer_lookup.phone import PhoneNumberError, to_e164

MAX_PHONE_PARAMETER_CHARS = 64  # the longest formatted international number is far shorter
MAX_CONTACT_ID_CHARS = 128
RESPONSE_FORMATS = ("STRING_MAP", "JSON")  # flows.language.facts's, copied: the asset has no flows


@dataclass(frozen=True)
class LookupRequest:
    contact_id: str
    phone_number: str  # E.164
    response_format: str = "STRING_MAP"


@dataclass(frozen=True)
class Rejection:
    contact_id: str
    code: str
    detail: str
    response_format: str = "STRING_MAP"


def parse_event(event: Any, default_country: str = "US") -> LookupRequest | Rejection:
    details = event.get("Details") if isinstance(event, dict) else None
    if not isinstance(details, dict):
        return Rejection("", "MALFORMED_EVENT", "the event has no Details object")
    contact = details.get("ContactData")
    contact = contact if isinstance(contact, dict) else {}
    contact_id = _contact_id(contact)
    parameters = details.get("Parameters")
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, dict):
        return Rejection(contact_id, "MALFORMED_EVENT", "Details.Parameters is not an object")

    response_format = parameters.get("responseFormat", "STRING_MAP")
    if not isinstance(response_format, str):
        return Rejection(contact_id, "PARAMETER_NOT_STRING", "responseFormat is not a string")
    response_format = response_format.strip().upper() or "STRING_MAP"
    if response_format not in RESPONSE_FORMATS:
        return Rejection(
            contact_id,
            "UNSUPPORTED_RESPONSE_FORMAT",
            "responseFormat must be STRING_MAP or JSON",
        )

    raw = _raw_phone(parameters, contact)
    if isinstance(raw, Rejection):
        return Rejection(contact_id, raw.code, raw.detail, response_format)
    try:
        phone = to_e164(raw, default_country)
    except PhoneNumberError as exc:
        return Rejection(contact_id, exc.code, str(exc), response_format)
    return LookupRequest(contact_id, phone, response_format)


def _raw_phone(parameters: dict[str, Any], contact: dict[str, Any]) -> str | Rejection:
    if "phoneNumber" in parameters:
        value = parameters["phoneNumber"]
        if not isinstance(value, str):
            return Rejection("", "PARAMETER_NOT_STRING", "phoneNumber is not a string")
        if len(value) > MAX_PHONE_PARAMETER_CHARS:
            return Rejection(
                "",
                "PARAMETER_TOO_LONG",
                f"phoneNumber is longer than {MAX_PHONE_PARAMETER_CHARS} characters",
            )
        if value.strip():
            return value
        # A blank parameter (the flow passed an empty reference): fall back to the endpoint.
    endpoint = contact.get("CustomerEndpoint")
    if not isinstance(endpoint, dict):
        return Rejection("", "NO_PHONE_NUMBER", "no phoneNumber parameter and no customer endpoint")
    if endpoint.get("Type") != "TELEPHONE_NUMBER":
        return Rejection(
            "", "ENDPOINT_NOT_PHONE", "the customer endpoint is not of Type TELEPHONE_NUMBER"
        )
    address = endpoint.get("Address")
    if not isinstance(address, str) or not address.strip():
        return Rejection("", "NO_PHONE_NUMBER", "the customer endpoint has no Address")
    if len(address) > MAX_PHONE_PARAMETER_CHARS:
        return Rejection("", "PARAMETER_TOO_LONG", "the customer endpoint Address is too long")
    return address


def _contact_id(contact: dict[str, Any]) -> str:
    value = contact.get("ContactId")
    return value[:MAX_CONTACT_ID_CHARS] if isinstance(value, str) else ""
