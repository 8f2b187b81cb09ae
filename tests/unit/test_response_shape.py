"""The answer Connect receives: fixed keys, strings only, always under 32 KB."""

from __future__ import annotations

import json

from customer_lookup.customers import Customer, LookupResult
from customer_lookup.event import RESPONSE_FORMATS
from customer_lookup.response import (
    MAX_RESPONSE_BYTES,
    RESPONSE_KEYS,
    clean_value,
    shape_response,
    size_of,
)
from flows.language import LAMBDA_RESPONSE_TYPES, MAX_LAMBDA_RESPONSE_BYTES

FOUND = LookupResult(
    "FOUND",
    customer=Customer(
        customer_id="C-1",
        first_name="Lucía",
        last_name="Fernández",
        membership_status="GOLD",
        preferred_language="es-MX",
        open_case_id="CASE-9",
    ),
)


def test_the_functions_copies_of_connect_facts_match_flows_language() -> None:
    # The function's asset holds only lambdas/customer_lookup/, so it cannot import
    # flows.language, the one place for these facts: its copies are pinned here.
    assert MAX_RESPONSE_BYTES == MAX_LAMBDA_RESPONSE_BYTES
    assert RESPONSE_FORMATS == LAMBDA_RESPONSE_TYPES


def test_string_map_has_exactly_the_documented_keys_all_strings() -> None:
    for result in (FOUND, LookupResult("NOT_FOUND"), LookupResult("ERROR", "THROTTLED")):
        response = shape_response(result)
        assert tuple(response) == RESPONSE_KEYS
        assert all(isinstance(v, str) for v in response.values())


def test_found_customer_fields_are_filled() -> None:
    response = shape_response(FOUND)
    assert response["fullName"] == "Lucía Fernández"
    assert response["hasOpenCase"] == "true"
    assert response["openCaseId"] == "CASE-9"
    assert response["errorCode"] == ""


def test_unknown_values_are_empty_strings() -> None:
    response = shape_response(LookupResult("NOT_FOUND"))
    assert response["lookupStatus"] == "NOT_FOUND"
    assert response["hasOpenCase"] == "false"
    assert {response[k] for k in RESPONSE_KEYS if k not in ("lookupStatus", "hasOpenCase")} == {""}


def test_json_format_adds_a_nested_customer_with_typed_values() -> None:
    response = shape_response(FOUND, "JSON")
    assert tuple(response)[: len(RESPONSE_KEYS)] == RESPONSE_KEYS
    assert response["customer"]["firstName"] == "Lucía"
    assert response["customer"]["hasOpenCase"] is True


def test_json_format_without_a_customer_has_an_empty_customer() -> None:
    assert shape_response(LookupResult("NOT_FOUND"), "JSON")["customer"] == {}


def test_huge_values_are_cut_so_the_response_stays_under_32_kb() -> None:
    huge = "Ä" * 100_000
    result = LookupResult(
        "FOUND",
        customer=Customer(huge, huge, huge, "GOLD", "en-US", huge),
    )
    for response_format in ("STRING_MAP", "JSON"):
        response = shape_response(result, response_format)
        assert size_of(response) < MAX_RESPONSE_BYTES
        assert response["firstName"].startswith("ÄÄÄ")


def test_values_full_of_quotes_and_control_characters_still_fit() -> None:
    nasty = '"\\\x00\x1f' * 20_000
    result = LookupResult("FOUND", customer=Customer(nasty, nasty, nasty, "", "", nasty))
    response = shape_response(result, "JSON")
    assert len(json.dumps(response, ensure_ascii=False).encode()) < MAX_RESPONSE_BYTES
    assert "\x00" not in response["firstName"]


def test_clean_value_never_splits_a_multibyte_character() -> None:
    cut = clean_value("é" * 10, 5)  # 2 bytes each: 2 whole characters fit
    assert cut == "éé"
