"""The function against a local DynamoDB-compatible server (moto, real HTTP through botocore)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import handler as lookup_handler
from flows.language.connect_lambda import contact_event
from scripts.seed_customers import KEY

pytestmark = pytest.mark.integration


CUSTOMER_KEYS = (
    "customerId",
    "firstName",
    "lastName",
    "fullName",
    "membershipStatus",
    "preferredLanguage",
    "hasOpenCase",
    "openCaseId",
)

# Every customer of the tests' own (tests/fixtures/customers.jsonl), dialled as callers write
# their numbers, with the answer written out by hand (CUSTOMER_KEYS in order): the stored item
# and the E.164 key are never recomputed here.
SAMPLE_CALLERS = {
    "+14155550100": ("C-1001", "Olivia", "Bennett", "Olivia Bennett", "GOLD", "en-US", "false", ""),
    "+1 415 555 0101": ("C-1002", "Marcus", "Reed", "Marcus Reed", "SILVER", "en-US", "false", ""),
    "(415) 555-0102": (
        "C-1003",
        "Priya",
        "Natarajan",
        "Priya Natarajan",
        "BRONZE",
        "en-US",
        "true",
        "CASE-2026-0412",
    ),
    "415.555.0103": (
        "C-1004",
        "Lucía",
        "Fernández",
        "Lucía Fernández",
        "GOLD",
        "es-MX",
        "false",
        "",
    ),
    "+1-415-555-0104": (
        "C-1005",
        "Andrés",
        "Ortega",
        "Andrés Ortega",
        "NONE",
        "es-US",
        "true",
        "CASE-2026-0977",
    ),
    "4155550105": ("C-1006", "", "", "", "", "", "false", ""),
    "+14155550106": (
        "C-1007",
        "Zoë",
        "Ångström-Łukasik",
        "Zoë Ångström-Łukasik",
        "SILVER",
        "sv-SE",
        "false",
        "",
    ),
    "1 415 555 0107": (
        "C-1008",
        "Daniel",
        "Okafor",
        "Daniel Okafor",
        "GOLD",
        "en-US",
        "true",
        "CASE-2026-1130",
    ),
    "+14155550108": ("C-1009", "美咲", "渡辺", "美咲 渡辺", "BRONZE", "ja-JP", "false", ""),
    "+14155550109": (
        "C-1010",
        "Élodie",
        "Tremblay",
        "Élodie Tremblay",
        "NONE",
        "fr-CA",
        "false",
        "",
    ),
    "+14155550110": ("", "Sam", "", "Sam", "", "es", "false", ""),
    "011 44 20 7946 0958": (
        "C-2001",
        "Harriet",
        "Clarke",
        "Harriet Clarke",
        "GOLD",
        "en-GB",
        "false",
        "",
    ),
    "+52 55 1234 5678": (
        "C-3001",
        "Jorge",
        "Ramírez",
        "Jorge Ramírez",
        "SILVER",
        "es-MX",
        "false",
        "",
    ),
}


class Context:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture(autouse=True)
def patient_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about what is read, not when: a moto server slowed down by a busy
    machine must not turn into DEPENDENCY_TIMEOUT (time limits: test_lookup_outages.py)."""
    monkeypatch.setenv("DYNAMODB_READ_TIMEOUT_MS", "20000")
    monkeypatch.setenv("DYNAMODB_CONNECT_TIMEOUT_MS", "5000")


def call(phone: str, **parameters: str) -> dict[str, Any]:
    event = contact_event(phone=phone, parameters=parameters)
    return lookup_handler.handler(event, Context(60_000))


@pytest.mark.parametrize("dialled", sorted(SAMPLE_CALLERS))
def test_every_sample_customer_is_found_as_stored(customer_table: str, dialled: str) -> None:
    expected = {
        "lookupStatus": "FOUND",
        "errorCode": "",
        **dict(zip(CUSTOMER_KEYS, SAMPLE_CALLERS[dialled], strict=True)),
    }
    assert call(dialled) == expected


def test_the_account_number_is_stored_but_never_returned(customer_table: str) -> None:
    response = call("+14155550100", responseFormat="JSON")
    assert "ACC-778812" not in json.dumps(response)


def test_a_national_format_number_finds_the_e164_item(customer_table: str) -> None:
    response = call("+14155550199", phoneNumber="(415) 555-0102")
    assert response["lookupStatus"] == "FOUND"
    assert response["openCaseId"] == "CASE-2026-0412"


def test_an_unknown_caller_is_not_found(customer_table: str) -> None:
    assert call("+14155550199")["lookupStatus"] == "NOT_FOUND"


def test_json_format_carries_the_nested_customer(customer_table: str) -> None:
    response = call("+14155550103", responseFormat="JSON")
    assert response["customer"]["preferredLanguage"] == "es-MX"
    assert response["customer"]["hasOpenCase"] is False


def test_each_lookup_is_one_get_item_and_never_a_scan(customer_table: str) -> None:
    call("+14155550100")  # builds the cached client
    operations: list[str] = []
    client = lookup_handler._table._client  # type: ignore[union-attr]
    client.meta.events.register(
        "before-call.dynamodb", lambda model, **kw: operations.append(model.name)
    )
    call("+14155550101")
    call("+14155550199")
    assert operations == ["GetItem", "GetItem"]


def test_numbers_and_unsupported_types_in_the_table_read_sensibly(
    customer_table: str, dynamodb_client: Any
) -> None:
    dynamodb_client.put_item(
        TableName=customer_table,
        Item={
            KEY: {"S": "+14155550170"},
            "customerId": {"N": "1234"},
            "firstName": {"L": [{"S": "x"}]},
            "membershipStatus": {"S": "silver"},
        },
    )
    response = call("+14155550170")
    assert (response["customerId"], response["firstName"]) == ("1234", "")
    assert response["membershipStatus"] == "SILVER"


def test_a_missing_table_is_an_error_named_as_such(
    customer_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "no-such-table")
    response = call("+14155550100")
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "TABLE_NOT_FOUND")
