"""The function against a local DynamoDB-compatible server (moto, real HTTP through botocore)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import handler as lookup_handler
from customer_lookup.customers import Customer
from flows.connect_lambda import contact_event
from scripts.seed_customers import KEY

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_customers.jsonl"
SAMPLE_ROWS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


class Context:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def call(phone: str, **parameters: str) -> dict[str, Any]:
    return lookup_handler.handler(contact_event(phone=phone, parameters=parameters), Context(3000))


@pytest.mark.parametrize("row", SAMPLE_ROWS, ids=[row[KEY] for row in SAMPLE_ROWS])
def test_every_sample_customer_is_found_as_stored(customer_table: str, row: dict[str, str]) -> None:
    expected = Customer.from_record(row)
    response = call(row[KEY])
    assert response["lookupStatus"] == "FOUND"
    assert response["customerId"] == expected.customer_id
    assert response["firstName"] == expected.first_name
    assert response["fullName"] == expected.full_name
    assert response["membershipStatus"] == expected.membership_status
    assert response["preferredLanguage"] == expected.preferred_language
    assert response["hasOpenCase"] == ("true" if row.get("openCaseId") else "false")
    assert response["openCaseId"] == row.get("openCaseId", "")


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
