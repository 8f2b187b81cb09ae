"""Reading the Connect event: where the number comes from, and bad input as an answer."""

from __future__ import annotations

from typing import Any

import pytest

from customer_lookup.event import LookupRequest, Rejection, parse_event
from flows.language.connect_lambda import contact_event


def rejection_code(event: Any) -> str:
    parsed = parse_event(event)
    assert isinstance(parsed, Rejection), parsed
    return parsed.code


def test_number_comes_from_the_phone_number_parameter_first() -> None:
    event = contact_event(phone="+14155550100", parameters={"phoneNumber": "415.555.0102"})
    parsed = parse_event(event)
    assert parsed == LookupRequest(
        event["Details"]["ContactData"]["ContactId"], "+14155550102", "STRING_MAP"
    )


def test_number_falls_back_to_the_customer_endpoint() -> None:
    parsed = parse_event(contact_event(phone="+1 (415) 555-0104"))
    assert isinstance(parsed, LookupRequest)
    assert parsed.phone_number == "+14155550104"


def test_blank_parameter_falls_back_to_the_customer_endpoint() -> None:
    parsed = parse_event(contact_event(phone="+14155550101", parameters={"phoneNumber": "  "}))
    assert isinstance(parsed, LookupRequest)
    assert parsed.phone_number == "+14155550101"


def test_response_format_json_is_read_case_insensitively() -> None:
    parsed = parse_event(contact_event(parameters={"responseFormat": "json"}))
    assert isinstance(parsed, LookupRequest)
    assert parsed.response_format == "JSON"


def test_contact_id_is_kept_for_the_logs() -> None:
    parsed = parse_event(contact_event(contact_id="c-123"))
    assert parsed.contact_id == "c-123"


@pytest.mark.parametrize("event", [None, "text", 42, [], {}, {"Details": "x"}, {"Name": "x"}])
def test_missing_or_malformed_events_are_rejected(event: Any) -> None:
    assert rejection_code(event) == "MALFORMED_EVENT"


def test_parameters_that_are_not_an_object_are_rejected() -> None:
    event = contact_event()
    event["Details"]["Parameters"] = ["phoneNumber"]
    assert rejection_code(event) == "MALFORMED_EVENT"


def test_chat_without_customer_endpoint_has_no_phone_number() -> None:
    assert rejection_code(contact_event(phone=None, channel="CHAT")) == "NO_PHONE_NUMBER"


def test_email_endpoint_is_not_a_phone() -> None:
    event = contact_event(
        phone="caller@example.com", channel="EMAIL", endpoint_type="EMAIL_ADDRESS"
    )
    assert rejection_code(event) == "ENDPOINT_NOT_PHONE"


def test_anonymous_caller_is_named_as_such() -> None:
    assert rejection_code(contact_event(phone="anonymous")) == "ANONYMOUS_CALLER"


def test_garbage_number_is_invalid() -> None:
    code = rejection_code(contact_event(parameters={"phoneNumber": "call me maybe"}))
    assert code == "INVALID_PHONE_NUMBER"


def test_a_20000_character_parameter_is_too_long() -> None:
    code = rejection_code(contact_event(parameters={"phoneNumber": "1" * 20_000}))
    assert code == "PARAMETER_TOO_LONG"


@pytest.mark.parametrize("value", [4155550100, None, ["+14155550100"], {"n": 1}, True])
def test_a_non_string_phone_parameter_is_rejected(value: Any) -> None:
    code = rejection_code(contact_event(parameters={"phoneNumber": value}))
    assert code == "PARAMETER_NOT_STRING"


def test_an_unknown_response_format_is_rejected() -> None:
    code = rejection_code(contact_event(parameters={"responseFormat": "XML"}))
    assert code == "UNSUPPORTED_RESPONSE_FORMAT"


def test_rejection_keeps_the_requested_json_format() -> None:
    parsed = parse_event(contact_event(phone="anonymous", parameters={"responseFormat": "JSON"}))
    assert isinstance(parsed, Rejection)
    assert parsed.response_format == "JSON"


def test_missing_parameters_read_as_none_given() -> None:
    event = contact_event(phone="+14155550101")
    event["Details"]["Parameters"] = None
    parsed = parse_event(event)
    assert isinstance(parsed, LookupRequest)
    assert (parsed.phone_number, parsed.response_format) == ("+14155550101", "STRING_MAP")


def test_a_blank_response_format_means_the_default_string_map() -> None:
    parsed = parse_event(contact_event(parameters={"responseFormat": "  "}))
    assert isinstance(parsed, LookupRequest)
    assert parsed.response_format == "STRING_MAP"


def test_response_format_is_trimmed_before_it_is_read() -> None:
    parsed = parse_event(contact_event(parameters={"responseFormat": " string_map "}))
    assert isinstance(parsed, LookupRequest)
    assert parsed.response_format == "STRING_MAP"


@pytest.mark.parametrize("value", [None, 1, ["JSON"]])
def test_a_non_string_response_format_is_rejected(value: Any) -> None:
    code = rejection_code(contact_event(parameters={"responseFormat": value}))
    assert code == "PARAMETER_NOT_STRING"


def test_a_number_of_exactly_64_characters_is_accepted() -> None:
    padded = "+14155550100".ljust(64)
    parsed = parse_event(contact_event(parameters={"phoneNumber": padded}))
    assert isinstance(parsed, LookupRequest)
    assert parsed.phone_number == "+14155550100"


def test_a_number_of_65_characters_is_too_long() -> None:
    padded = "+14155550100".ljust(65)
    assert rejection_code(contact_event(parameters={"phoneNumber": padded})) == (
        "PARAMETER_TOO_LONG"
    )


def test_an_endpoint_address_of_65_characters_is_too_long() -> None:
    assert rejection_code(contact_event(phone="+14155550100".ljust(65))) == "PARAMETER_TOO_LONG"


def test_an_endpoint_address_of_exactly_64_characters_is_accepted() -> None:
    parsed = parse_event(contact_event(phone="+14155550100".ljust(64)))
    assert isinstance(parsed, LookupRequest)
    assert parsed.phone_number == "+14155550100"


@pytest.mark.parametrize("address", [None, "", "   ", 14155550100])
def test_an_endpoint_without_a_usable_address_has_no_phone_number(address: Any) -> None:
    event = contact_event()
    event["Details"]["ContactData"]["CustomerEndpoint"]["Address"] = address
    assert rejection_code(event) == "NO_PHONE_NUMBER"


def test_contact_data_that_is_not_an_object_reads_as_empty() -> None:
    event = contact_event()
    event["Details"]["ContactData"] = "broken"
    parsed = parse_event(event)
    assert isinstance(parsed, Rejection)
    assert (parsed.contact_id, parsed.code) == ("", "NO_PHONE_NUMBER")


def test_a_rejection_carries_the_contact_id_and_its_reason() -> None:
    parsed = parse_event(contact_event(phone="anonymous", contact_id="c-9"))
    assert parsed == Rejection(
        "c-9", "ANONYMOUS_CALLER", "the caller's number is withheld", "STRING_MAP"
    )


def test_a_rejected_parameter_carries_the_contact_id_and_format() -> None:
    event = contact_event(
        contact_id="c-10", parameters={"phoneNumber": 5, "responseFormat": "JSON"}
    )
    assert parse_event(event) == Rejection(
        "c-10", "PARAMETER_NOT_STRING", "phoneNumber is not a string", "JSON"
    )


def test_a_long_contact_id_is_cut_to_128_characters() -> None:
    parsed = parse_event(contact_event(contact_id="c" * 500))
    assert parsed.contact_id == "c" * 128


def test_a_contact_id_that_is_not_a_string_is_left_empty() -> None:
    event = contact_event()
    event["Details"]["ContactData"]["ContactId"] = 42
    assert parse_event(event).contact_id == ""


def test_national_numbers_are_read_in_the_given_country() -> None:
    parsed = parse_event(contact_event(parameters={"phoneNumber": "020 7946 0958"}), "GB")
    assert isinstance(parsed, LookupRequest)
    assert parsed.phone_number == "+442079460958"


def test_a_long_parameter_is_rejected_with_the_limit_named() -> None:
    event = contact_event(contact_id="c-11", parameters={"phoneNumber": "1" * 65})
    assert parse_event(event) == Rejection(
        "c-11", "PARAMETER_TOO_LONG", "phoneNumber is longer than 64 characters", "STRING_MAP"
    )


def test_a_contact_without_number_or_endpoint_is_rejected_with_the_reason() -> None:
    event = contact_event(phone=None, channel="CHAT", contact_id="c-12")
    assert parse_event(event) == Rejection(
        "c-12",
        "NO_PHONE_NUMBER",
        "no phoneNumber parameter and no customer endpoint",
        "STRING_MAP",
    )


def event_with_endpoint(endpoint: Any) -> dict[str, Any]:
    event = contact_event(contact_id="c-13")
    event["Details"]["ContactData"]["CustomerEndpoint"] = endpoint
    return event


def event_with_parameters(parameters: Any) -> dict[str, Any]:
    event = contact_event(contact_id="c-13")
    event["Details"]["Parameters"] = parameters
    return event


REJECTIONS = {
    "no Details": ({"Name": "x"}, "MALFORMED_EVENT", "the event has no Details object"),
    "Parameters a list": (
        event_with_parameters(["phoneNumber"]),
        "MALFORMED_EVENT",
        "Details.Parameters is not an object",
    ),
    "responseFormat a number": (
        event_with_parameters({"responseFormat": 1}),
        "PARAMETER_NOT_STRING",
        "responseFormat is not a string",
    ),
    "responseFormat XML": (
        event_with_parameters({"responseFormat": "XML"}),
        "UNSUPPORTED_RESPONSE_FORMAT",
        "responseFormat must be STRING_MAP or JSON",
    ),
    "e-mail endpoint": (
        event_with_endpoint({"Type": "EMAIL_ADDRESS", "Address": "a@example.com"}),
        "ENDPOINT_NOT_PHONE",
        "the customer endpoint is not of Type TELEPHONE_NUMBER",
    ),
    "endpoint without Address": (
        event_with_endpoint({"Type": "TELEPHONE_NUMBER"}),
        "NO_PHONE_NUMBER",
        "the customer endpoint has no Address",
    ),
    "endpoint Address too long": (
        event_with_endpoint({"Type": "TELEPHONE_NUMBER", "Address": "1" * 65}),
        "PARAMETER_TOO_LONG",
        "the customer endpoint Address is too long",
    ),
    "withheld number": (
        event_with_endpoint({"Type": "TELEPHONE_NUMBER", "Address": "restricted"}),
        "ANONYMOUS_CALLER",
        "the caller's number is withheld",
    ),
    "no digits": (
        event_with_parameters({"phoneNumber": "call me"}),
        "INVALID_PHONE_NUMBER",
        "the value holds no digits",
    ),
    "impossible length": (
        event_with_parameters({"phoneNumber": "+1415555"}),
        "INVALID_PHONE_NUMBER",
        "not a possible phone number",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_each_rejection_names_its_reason_and_keeps_the_contact_id(case: str) -> None:
    event, code, detail = REJECTIONS[case]
    parsed = parse_event(event)
    assert isinstance(parsed, Rejection), parsed
    assert (parsed.code, parsed.detail) == (code, detail)
    assert parsed.contact_id == ("" if case == "no Details" else "c-13")


def test_a_number_libphonenumber_cannot_parse_is_rejected_with_its_reason() -> None:
    parsed = parse_event(event_with_parameters({"phoneNumber": "+999 1234 5678"}))
    assert isinstance(parsed, Rejection), parsed
    assert parsed.code == "INVALID_PHONE_NUMBER"
    assert parsed.detail.startswith("not a phone number: "), parsed.detail
