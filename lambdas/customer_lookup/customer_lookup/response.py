"""Shaping the answer Connect receives.

STRING_MAP (the default): a flat map, every key and value a string, always the same keys, so a
flow's Set contact attributes never meets a missing ``$.External`` key. JSON (parameter
``responseFormat=JSON``): the same keys plus a nested ``customer`` object (empty when no customer
was found), for blocks whose ResponseValidation is JSON.

Connect rejects responses of 32 KB of UTF-8 or more (the contact would take the Error branch),
so values are cleaned of control characters and cut to a byte budget; the whole response is then
measured and, should it still be too large, cut harder. It never fails.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from customer_lookup.customers import Customer, LookupResult

RESPONSE_KEYS = (
    "lookupStatus",
    "errorCode",
    "customerId",
    "firstName",
    "lastName",
    "fullName",
    "membershipStatus",
    "preferredLanguage",
    "hasOpenCase",
    "openCaseId",
)
MAX_RESPONSE_BYTES = 32 * 1024  # flows.language.facts's, copied: the asset has no flows package
MAX_VALUE_BYTES = 512  # per value; 18 values of it, escaped, stay far under 32 KB


def shape_response(result: LookupResult, response_format: str = "STRING_MAP") -> dict[str, Any]:
    budget = MAX_VALUE_BYTES
    while True:
        response = _shape(result, response_format, budget)
        if size_of(response) < MAX_RESPONSE_BYTES or budget <= 16:
            return response
        budget //= 2


def size_of(response: dict[str, Any]) -> int:
    """Bytes of UTF-8 of the response as the Lambda runtime serializes it."""
    return len(json.dumps(response, ensure_ascii=False).encode("utf-8"))


def _shape(result: LookupResult, response_format: str, budget: int) -> dict[str, Any]:
    customer = result.customer or Customer()

    def cut(value: str) -> str:
        return clean_value(value, budget)

    flat = {
        "lookupStatus": result.status,
        "errorCode": result.error_code,
        "customerId": cut(customer.customer_id),
        "firstName": cut(customer.first_name),
        "lastName": cut(customer.last_name),
        "fullName": cut(customer.full_name),
        "membershipStatus": customer.membership_status,
        "preferredLanguage": cut(customer.preferred_language),
        "hasOpenCase": "true" if customer.has_open_case else "false",
        "openCaseId": cut(customer.open_case_id),
    }
    if response_format != "JSON":
        return flat
    nested: dict[str, Any] = {}
    if result.customer is not None:
        nested = {
            "customerId": flat["customerId"],
            "firstName": flat["firstName"],
            "lastName": flat["lastName"],
            "fullName": flat["fullName"],
            "membershipStatus": flat["membershipStatus"],
            "preferredLanguage": flat["preferredLanguage"],
            "hasOpenCase": customer.has_open_case,
            "openCaseId": flat["openCaseId"],
        }
    return {**flat, "customer": nested}


def clean_value(value: str, max_bytes: int) -> str:
    """Control characters become spaces; the value is cut to ``max_bytes`` of UTF-8."""
    if value.isprintable():
        cleaned = value
    else:
        cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in value)
    encoded = cleaned.encode("utf-8")  # surrogates are gone, so this cannot fail
    if len(encoded) <= max_bytes:
        return cleaned
    return encoded[:max_bytes].decode("utf-8", "ignore")
