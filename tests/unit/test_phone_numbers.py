"""Normalising callers' numbers to E.164 and masking them for logs."""

from __future__ import annotations

import pytest

from customer_lookup.phone import PhoneNumberError, mask, to_e164


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+14155550100", "+14155550100"),
        ("+1 (415) 555-0104", "+14155550104"),
        ("415.555.0102", "+14155550102"),
        ("(415) 555 0101", "+14155550101"),
        ("+44 20 7946 0958", "+442079460958"),
        ("011 44 20 7946 0958", "+442079460958"),
        ("  +52 55 1234 5678 ", "+525512345678"),
    ],
)
def test_formatted_national_and_international_forms_become_e164(raw: str, expected: str) -> None:
    assert to_e164(raw, "US") == expected


def test_national_numbers_use_the_default_country() -> None:
    assert to_e164("020 7946 0958", "GB") == "+442079460958"


@pytest.mark.parametrize("raw", ["anonymous", "Anonymous", "RESTRICTED", "<unavailable>"])
def test_withheld_numbers_are_reported_as_anonymous(raw: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        to_e164(raw)
    assert caught.value.code == "ANONYMOUS_CALLER"


@pytest.mark.parametrize("raw", ["garbage", "12", "+999123", "", "++--", "1" * 40])
def test_garbage_is_an_invalid_phone_number(raw: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        to_e164(raw)
    assert caught.value.code == "INVALID_PHONE_NUMBER"


def test_mask_keeps_only_the_last_four_digits() -> None:
    assert mask("+14155550100") == "+*******0100"


@pytest.mark.parametrize("raw", ["+1234", "12345678", "5550100"])
def test_mask_hides_short_values_entirely(raw: str) -> None:
    assert not any(ch.isdigit() for ch in mask(raw))


def test_national_numbers_default_to_the_us() -> None:
    assert to_e164("(415) 555-0102") == "+14155550102"


def test_a_national_number_is_read_differently_in_another_country() -> None:
    assert to_e164("0412 345 678", "AU") == "+61412345678"


@pytest.mark.parametrize(
    "raw",
    ["unknown", "private", "withheld", "blocked", "unavailable", "restricted", "  Anonymous  "],
)
def test_every_withheld_marker_is_anonymous(raw: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        to_e164(raw)
    assert caught.value.code == "ANONYMOUS_CALLER"


def test_a_value_without_digits_says_so() -> None:
    with pytest.raises(PhoneNumberError, match="holds no digits"):
        to_e164("call me")


def test_an_impossible_length_says_so() -> None:
    with pytest.raises(PhoneNumberError, match="not a possible phone number"):
        to_e164("+1415555")


def test_mask_keeps_the_last_four_of_nine_digits() -> None:
    assert mask("123456789") == "*****6789"


def test_mask_drops_formatting_but_keeps_the_plus() -> None:
    assert mask("+1 (415) 555-0100") == "+*******0100"


def test_mask_of_a_value_without_digits_is_a_single_star() -> None:
    assert mask("anonymous") == "*"
