"""The lookup rules, with an in-memory directory instead of DynamoDB."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from customer_lookup.customers import (
    Customer,
    DependencyError,
    LookupResult,
    look_up,
    normalize_language_tag,
)
from customer_lookup.deadline import Deadline


class InMemoryDirectory:
    def __init__(self, records: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.records = dict(records or {})
        self.asked: list[str] = []

    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        self.asked.append(phone_number)
        return self.records.get(phone_number)


class FailingDirectory:
    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        raise DependencyError("THROTTLED")


DEADLINE = Deadline.from_context(None, default_ms=3000, margin_ms=0)


def test_a_known_number_is_found_with_its_customer() -> None:
    directory = InMemoryDirectory(
        {"+14155550100": {"customerId": "C-1", "firstName": "Olivia", "membershipStatus": "GOLD"}}
    )
    result = look_up("+14155550100", directory, DEADLINE)
    assert result.status == "FOUND"
    assert result.customer == Customer(
        customer_id="C-1", first_name="Olivia", membership_status="GOLD"
    )


def test_the_directory_is_asked_once_per_lookup() -> None:
    directory = InMemoryDirectory()
    look_up("+14155550100", directory, DEADLINE)
    assert directory.asked == ["+14155550100"]


def test_an_unknown_number_is_not_found() -> None:
    assert look_up("+14155550199", InMemoryDirectory(), DEADLINE) == LookupResult("NOT_FOUND")


def test_a_failing_directory_is_an_error_with_its_code() -> None:
    assert look_up("+14155550100", FailingDirectory(), DEADLINE) == LookupResult(
        "ERROR", "THROTTLED"
    )


def test_membership_is_upper_cased_and_unknown_values_read_as_empty() -> None:
    assert Customer.from_record({"membershipStatus": "gold"}).membership_status == "GOLD"
    assert Customer.from_record({"membershipStatus": "PLATINUM"}).membership_status == ""


def test_an_open_case_is_present_only_with_a_case_id() -> None:
    assert Customer.from_record({"openCaseId": "CASE-1"}).has_open_case
    assert not Customer.from_record({"openCaseId": "  "}).has_open_case
    assert not Customer.from_record({}).has_open_case


def test_full_name_skips_missing_parts() -> None:
    assert Customer.from_record({"firstName": "Sam"}).full_name == "Sam"
    assert Customer.from_record({"firstName": "Zoë", "lastName": "Å"}).full_name == "Zoë Å"
    assert Customer.from_record({}).full_name == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("es-mx", "es-MX"),
        ("EN_us", "en-US"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es", "es"),
        ("es-419", "es-419"),
        ("not a tag", ""),
        ("", ""),
        ("e", ""),
    ],
)
def test_language_tags_are_put_in_canonical_case(raw: str, expected: str) -> None:
    assert normalize_language_tag(raw) == expected


def test_every_field_of_a_record_is_read_with_surrounding_spaces_removed() -> None:
    record = {
        "customerId": " C-1 ",
        "firstName": " Lucía ",
        "lastName": " Fernández ",
        "membershipStatus": " silver ",
        "preferredLanguage": " es-mx ",
        "openCaseId": " CASE-9 ",
    }
    assert Customer.from_record(record) == Customer(
        customer_id="C-1",
        first_name="Lucía",
        last_name="Fernández",
        membership_status="SILVER",
        preferred_language="es-MX",
        open_case_id="CASE-9",
    )


def test_a_record_with_only_the_key_reads_as_an_empty_customer() -> None:
    assert Customer.from_record({"phoneNumber": "+14155550105"}) == Customer()


@pytest.mark.parametrize("status", ["GOLD", "SILVER", "BRONZE", "NONE"])
def test_each_documented_membership_is_kept(status: str) -> None:
    assert Customer.from_record({"membershipStatus": status.lower()}).membership_status == status


def test_full_name_of_a_last_name_alone_is_the_last_name() -> None:
    assert Customer.from_record({"lastName": "Okafor"}).full_name == "Okafor"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EN", "en"),
        ("fil-PH", "fil-PH"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("DE-de-1996", "de-DE-1996"),
        ("SL-ROZAJ", "sl-rozaj"),
        ("  fr-ca ", "fr-CA"),
        ("abcd", ""),
        ("en-toolongsubtag", ""),
        ("en--US", ""),
        ("e1-US", ""),
    ],
)
def test_language_tag_subtags_are_cased_by_kind_and_malformed_tags_are_empty(
    raw: str, expected: str
) -> None:
    assert normalize_language_tag(raw) == expected


def test_a_dependency_error_without_detail_is_described_by_its_code() -> None:
    error = DependencyError("THROTTLED")
    assert (error.code, str(error)) == ("THROTTLED", "THROTTLED")
