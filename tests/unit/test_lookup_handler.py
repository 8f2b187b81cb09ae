"""The Lambda entry point without a network: the table is replaced by an in-memory directory."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

import handler as lookup_handler
from customer_lookup.deadline import Deadline
from customer_lookup.response import RESPONSE_KEYS
from flows.connect_lambda import contact_event


class Directory:
    def __init__(self, records: Mapping[str, Mapping[str, str]]) -> None:
        self.records = records

    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        return self.records.get(phone_number)


class Exploding:
    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        raise RuntimeError("bug")


@pytest.fixture
def directory(monkeypatch: pytest.MonkeyPatch) -> Directory:
    records = {"+14155550100": {"customerId": "C-1", "firstName": "Olivia"}}
    found = Directory(records)
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: found)
    return found


def log_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]


def test_found_caller_is_answered_with_the_string_map(directory: Directory) -> None:
    response = lookup_handler.handler(contact_event(phone="+14155550100"), None)
    assert tuple(response) == RESPONSE_KEYS
    assert response["lookupStatus"] == "FOUND"
    assert response["firstName"] == "Olivia"


def test_unknown_caller_is_not_found(directory: Directory) -> None:
    response = lookup_handler.handler(contact_event(phone="+14155550199"), None)
    assert response["lookupStatus"] == "NOT_FOUND"


def test_bad_input_is_an_answer_not_an_exception(directory: Directory) -> None:
    response = lookup_handler.handler({"Details": None}, None)
    assert (response["lookupStatus"], response["errorCode"]) == ("INVALID_INPUT", "MALFORMED_EVENT")


def test_missing_table_name_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUSTOMER_TABLE_NAME", raising=False)
    response = lookup_handler.handler(contact_event(), None)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "CONFIGURATION_ERROR")


def test_an_unexpected_failure_is_answered_as_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: Exploding())
    response = lookup_handler.handler(contact_event(), None)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "INTERNAL_ERROR")


def test_one_log_line_per_lookup_with_contact_id_masked_number_and_emf(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    lookup_handler.handler(contact_event(phone="+14155550100", contact_id="contact-7"), None)
    [line] = log_lines(capsys)
    assert line["contactId"] == "contact-7"
    assert line["phone"] == "+*******0100"
    assert "+14155550100" not in json.dumps(line)
    metrics = line["_aws"]["CloudWatchMetrics"][0]
    assert {m["Name"] for m in metrics["Metrics"]} == {"Lookups", "LookupLatency"}
    assert line["LookupStatus"] == "FOUND"
    assert line["Lookups"] == 1
    assert line["LookupLatency"] >= 0


def test_rejected_input_is_never_echoed_to_the_log(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "+1 415 555 0100 ext 99999"
    lookup_handler.handler(contact_event(parameters={"phoneNumber": secret * 3}), None)
    text = capsys.readouterr().out
    assert "5550100" not in text
    assert "PARAMETER_TOO_LONG" in text


def test_the_table_client_is_reused_while_the_environment_is_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lookup_handler, "_table", None)
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings = lookup_handler.Settings.from_env()
    first = lookup_handler._customer_table(settings)
    assert lookup_handler._customer_table(lookup_handler.Settings.from_env()) is first
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "other")
    assert lookup_handler._customer_table(lookup_handler.Settings.from_env()) is not first
