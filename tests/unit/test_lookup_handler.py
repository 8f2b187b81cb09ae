"""The Lambda entry point without a network: the table is replaced by an in-memory directory."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import pytest

import handler as lookup_handler
from customer_lookup.deadline import Deadline
from customer_lookup.response import RESPONSE_KEYS
from flows.language.connect_lambda import contact_event


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
    [metrics] = line["_aws"]["CloudWatchMetrics"]
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
    monkeypatch.setattr(lookup_handler, "_table_settings", None)
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings = lookup_handler.Settings.from_env()
    first = lookup_handler._customer_table(settings)
    assert lookup_handler._customer_table(lookup_handler.Settings.from_env()) is first
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "other")
    assert lookup_handler._customer_table(lookup_handler.Settings.from_env()) is not first


class NumbersAsked:
    """Finds nobody; records the numbers it was asked for."""

    def __init__(self) -> None:
        self.numbers: list[str] = []

    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        self.numbers.append(phone_number)
        return None


class DeadlineRecorder:
    """Finds nobody; records how much time the handler gave the lookup."""

    def __init__(self) -> None:
        self.remaining_s: list[float] = []

    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        self.remaining_s.append(deadline.remaining_s())
        return None


class Context:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> DeadlineRecorder:
    found = DeadlineRecorder()
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: found)
    return found


def test_a_found_caller_gets_every_field_of_the_record(monkeypatch: pytest.MonkeyPatch) -> None:
    record = {
        "customerId": "C-1004",
        "firstName": "Lucía",
        "lastName": "Fernández",
        "membershipStatus": "gold",
        "preferredLanguage": "es-mx",
        "openCaseId": "CASE-9",
    }
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(
        lookup_handler, "_customer_table", lambda s: Directory({"+14155550103": record})
    )
    assert lookup_handler.handler(contact_event(phone="+14155550103"), None) == {
        "lookupStatus": "FOUND",
        "errorCode": "",
        "customerId": "C-1004",
        "firstName": "Lucía",
        "lastName": "Fernández",
        "fullName": "Lucía Fernández",
        "membershipStatus": "GOLD",
        "preferredLanguage": "es-MX",
        "hasOpenCase": "true",
        "openCaseId": "CASE-9",
    }


def test_json_format_is_honoured_by_the_handler(directory: Directory) -> None:
    event = contact_event(phone="+14155550100", parameters={"responseFormat": "JSON"})
    response = lookup_handler.handler(event, None)
    assert response["customer"]["customerId"] == "C-1"
    assert response["customer"]["hasOpenCase"] is False


def test_national_numbers_are_read_in_the_default_country(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFAULT_COUNTRY", "GB")
    asked = NumbersAsked()
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: asked)
    event = contact_event(phone="+14155550100", parameters={"phoneNumber": "020 7946 0958"})
    lookup_handler.handler(event, None)
    assert asked.numbers == ["+442079460958"]


def test_national_numbers_are_read_as_us_numbers_without_a_default_country(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEFAULT_COUNTRY", raising=False)
    asked = NumbersAsked()
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: asked)
    lookup_handler.handler(contact_event(parameters={"phoneNumber": "415.555.0102"}), None)
    assert asked.numbers == ["+14155550102"]


def test_the_lookup_gets_the_contexts_remaining_time_less_the_safety_margin(
    recorder: DeadlineRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAFETY_MARGIN_MS", raising=False)
    lookup_handler.handler(contact_event(), Context(1000))
    [remaining] = recorder.remaining_s
    assert 0.80 < remaining <= 0.85


def test_the_safety_margin_is_read_from_the_environment(
    recorder: DeadlineRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFETY_MARGIN_MS", "400")
    lookup_handler.handler(contact_event(), Context(1000))
    [remaining] = recorder.remaining_s
    assert 0.55 < remaining <= 0.60


def test_without_a_context_the_lookup_gets_three_seconds_less_the_margin(
    recorder: DeadlineRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAFETY_MARGIN_MS", raising=False)
    lookup_handler.handler(contact_event(), None)
    [remaining] = recorder.remaining_s
    assert 2.80 < remaining <= 2.85


def test_a_failure_outside_the_lookup_is_still_answered_as_an_internal_error(
    directory: Directory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_parser(event: Any, default_country: str) -> Any:
        raise KeyError("bug in parsing")

    monkeypatch.setattr(lookup_handler, "parse_event", broken_parser)
    capsys.readouterr()
    response = lookup_handler.handler(contact_event(), None)
    assert response == {
        "lookupStatus": "ERROR",
        "errorCode": "INTERNAL_ERROR",
        "customerId": "",
        "firstName": "",
        "lastName": "",
        "fullName": "",
        "membershipStatus": "",
        "preferredLanguage": "",
        "hasOpenCase": "false",
        "openCaseId": "",
    }
    assert log_lines(capsys) == [
        {"level": "ERROR", "message": "unexpected failure", "detail": "KeyError"}
    ]


def test_an_unexpected_failure_in_the_lookup_is_logged_with_its_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: Exploding())
    capsys.readouterr()
    lookup_handler.handler(contact_event(phone="+14155550100"), None)
    [line] = log_lines(capsys)
    assert (line["level"], line["LookupStatus"], line["errorCode"], line["detail"]) == (
        "WARNING",
        "ERROR",
        "INTERNAL_ERROR",
        "RuntimeError",
    )
    assert line["phone"] == "+*******0100"


def test_a_configuration_error_is_logged_with_the_masked_number_and_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CUSTOMER_TABLE_NAME", raising=False)
    capsys.readouterr()
    lookup_handler.handler(contact_event(phone="+14155550100"), None)
    [line] = log_lines(capsys)
    assert (line["phone"], line["errorCode"], line["detail"]) == (
        "+*******0100",
        "CONFIGURATION_ERROR",
        "CUSTOMER_TABLE_NAME is not set",
    )


def test_rejected_input_is_logged_with_its_reason_and_no_number(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    lookup_handler.handler(contact_event(phone="anonymous", contact_id="contact-8"), None)
    [line] = log_lines(capsys)
    assert (line["contactId"], line["phone"], line["LookupStatus"], line["errorCode"]) == (
        "contact-8",
        "",
        "INVALID_INPUT",
        "ANONYMOUS_CALLER",
    )
    assert line["detail"] == "the caller's number is withheld"


def test_the_log_line_uses_the_configured_namespace_and_service(
    directory: Directory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("METRICS_NAMESPACE", "Lookups/Test")
    monkeypatch.setenv("SERVICE_NAME", "lookup-eu")
    capsys.readouterr()
    lookup_handler.handler(contact_event(phone="+14155550100"), None)
    [line] = log_lines(capsys)
    [metrics] = line["_aws"]["CloudWatchMetrics"]
    assert metrics["Namespace"] == "Lookups/Test"
    assert line["Service"] == "lookup-eu"


def test_warm_up_builds_the_client_before_the_first_call_when_the_table_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lookup_handler, "_table", None)
    monkeypatch.setattr(lookup_handler, "_table_settings", None)
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    lookup_handler._warm_up()
    assert lookup_handler._table is not None


def test_warm_up_does_nothing_without_a_table_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup_handler, "_table", None)
    monkeypatch.setattr(lookup_handler, "_table_settings", None)
    monkeypatch.delenv("CUSTOMER_TABLE_NAME", raising=False)
    lookup_handler._warm_up()
    assert lookup_handler._table is None


def test_a_failing_warm_up_is_left_to_the_first_call(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(settings: Any) -> Any:
        raise ValueError("no region")

    monkeypatch.setattr(lookup_handler, "_table", None)
    monkeypatch.setattr(lookup_handler, "_table_settings", None)
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler.CustomerTable, "from_settings", failing)
    lookup_handler._warm_up()
    assert lookup_handler._table is None


class SlowDirectory:
    """Finds nobody after 200 ms, so the measured latency has a known floor."""

    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        time.sleep(0.2)
        return None


def test_a_found_callers_log_line_has_no_detail(
    directory: Directory, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    lookup_handler.handler(contact_event(phone="+14155550100"), None)
    [line] = log_lines(capsys)
    assert line["LookupStatus"] == "FOUND"
    assert "detail" not in line
    assert "errorCode" not in line


def test_the_logged_latency_is_the_lookups_wall_time_in_milliseconds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
    monkeypatch.setattr(lookup_handler, "_customer_table", lambda settings: SlowDirectory())
    capsys.readouterr()
    before = time.perf_counter()
    lookup_handler.handler(contact_event(phone="+14155550100"), None)
    elapsed_ms = (time.perf_counter() - before) * 1000.0
    [line] = log_lines(capsys)
    assert 200.0 <= line["LookupLatency"] <= elapsed_ms + 0.001
