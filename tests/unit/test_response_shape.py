"""The answer Connect receives: fixed keys, strings only, always under 32 KB."""

from __future__ import annotations

import json

import pytest

from customer_lookup import response as response_module
from customer_lookup.customers import Customer, LookupResult
from customer_lookup.event import RESPONSE_FORMATS
from customer_lookup.response import (
    MAX_RESPONSE_BYTES,
    RESPONSE_KEYS,
    clean_value,
    shape_response,
    size_of,
)
from flows.language.facts import LAMBDA_RESPONSE_TYPES, MAX_LAMBDA_RESPONSE_BYTES

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
    # flows.language.facts, the one place for these facts: its copies are pinned here.
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


def test_every_customer_field_goes_to_its_own_key() -> None:
    assert shape_response(FOUND) == {
        "lookupStatus": "FOUND",
        "errorCode": "",
        "customerId": "C-1",
        "firstName": "Lucía",
        "lastName": "Fernández",
        "fullName": "Lucía Fernández",
        "membershipStatus": "GOLD",
        "preferredLanguage": "es-MX",
        "hasOpenCase": "true",
        "openCaseId": "CASE-9",
    }


def test_json_format_nests_every_customer_field_with_a_boolean_open_case() -> None:
    assert shape_response(FOUND, "JSON")["customer"] == {
        "customerId": "C-1",
        "firstName": "Lucía",
        "lastName": "Fernández",
        "fullName": "Lucía Fernández",
        "membershipStatus": "GOLD",
        "preferredLanguage": "es-MX",
        "hasOpenCase": True,
        "openCaseId": "CASE-9",
    }


def test_an_error_carries_its_code_and_empty_customer_fields() -> None:
    response = shape_response(LookupResult("ERROR", "THROTTLED"), "JSON")
    assert (response["lookupStatus"], response["errorCode"], response["customer"]) == (
        "ERROR",
        "THROTTLED",
        {},
    )


def test_each_value_is_cut_to_512_bytes_of_utf8() -> None:
    huge = "Ä" * 1000  # 2 bytes each
    result = LookupResult("FOUND", customer=Customer(huge, huge, huge, "GOLD", "en-US", huge))
    response = shape_response(result)
    assert response["firstName"] == "Ä" * 256
    assert response["openCaseId"] == "Ä" * 256
    assert response["fullName"] == "Ä" * 256


def test_a_value_of_exactly_512_bytes_is_kept_whole() -> None:
    assert clean_value("a" * 512, 512) == "a" * 512
    assert clean_value("a" * 513, 512) == "a" * 512


def test_should_values_still_overflow_the_response_the_budget_is_halved_until_it_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(response_module, "MAX_VALUE_BYTES", 100_000)
    huge = "Ä" * 100_000
    result = LookupResult("FOUND", customer=Customer(huge, huge, huge, "GOLD", "en-US", huge))
    response = shape_response(result)
    # 100,000 -> 50,000 -> 25,000 -> 12,500 -> 6,250 bytes: five such values fit in 32 KB.
    assert len(response["firstName"].encode()) == 6_250
    assert size_of(response) < MAX_RESPONSE_BYTES


def test_a_response_that_cannot_fit_is_still_answered_with_values_of_16_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(response_module, "MAX_RESPONSE_BYTES", 10)
    response = shape_response(LookupResult("FOUND", customer=Customer("C" * 100, "F" * 100)))
    assert (response["customerId"], response["firstName"]) == ("C" * 16, "F" * 16)


def test_size_is_measured_in_utf8_bytes_of_the_json() -> None:
    assert size_of({"k": "é"}) == len('{"k": "é"}'.encode())


def test_control_characters_become_spaces_and_other_text_is_kept() -> None:
    assert clean_value("Zoë\nÅ\tB\x00\x7f", 512) == "Zoë Å B  "


def test_lone_surrogates_become_spaces() -> None:
    assert clean_value("a\ud800b", 512) == "a b"


def test_unicode_separators_are_not_control_characters_and_are_kept() -> None:
    assert clean_value("a\u2028b", 512) == "a\u2028b"


def test_a_response_of_exactly_the_limit_is_too_large_and_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Connect rejects responses of the limit or more: only a smaller one may be returned.
    at_full_budget = {
        "lookupStatus": "FOUND",
        "errorCode": "",
        "customerId": "C" * 512,
        "firstName": "",
        "lastName": "",
        "fullName": "",
        "membershipStatus": "",
        "preferredLanguage": "",
        "hasOpenCase": "false",
        "openCaseId": "",
    }
    limit = len(json.dumps(at_full_budget, ensure_ascii=False).encode())
    monkeypatch.setattr(response_module, "MAX_RESPONSE_BYTES", limit)
    response = shape_response(LookupResult("FOUND", customer=Customer("C" * 600)))
    assert response["customerId"] == "C" * 256
