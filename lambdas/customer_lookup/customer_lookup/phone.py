"""Caller phone numbers: normalisation to E.164 and masking for logs.

Normalisation uses libphonenumber's Python port (phonenumberslite: the metadata without the
geocoder and carrier data, about 20 ms of import). A number is accepted when its length is
possible for its country (``is_possible_number``), not only when it falls in a range known to be
allocated: allocation data lags reality, and a number we cannot find is answered NOT_FOUND anyway.
"""

from __future__ import annotations

import phonenumbers

# What Connect (and carriers) put in CustomerEndpoint.Address for withheld numbers.
ANONYMOUS_VALUES = frozenset(
    {"anonymous", "restricted", "unavailable", "unknown", "private", "withheld", "blocked"}
)


class PhoneNumberError(ValueError):
    """Not a usable phone number; ``code`` is the errorCode returned to the flow."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def to_e164(raw: str, default_country: str = "US") -> str:
    """``+1 (415) 555-0104``, ``415.555.0102`` (national, in ``default_country``),
    ``011 44 20 7946 0958`` or ``+442079460958`` -> ``+14155550104`` etc."""
    text = raw.strip()
    if text.lower().strip("<>") in ANONYMOUS_VALUES:
        raise PhoneNumberError("ANONYMOUS_CALLER", "the caller's number is withheld")
    if not any(ch.isdigit() for ch in text):
        raise PhoneNumberError("INVALID_PHONE_NUMBER", "the value holds no digits")
    try:
        number = phonenumbers.parse(text, default_country)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError("INVALID_PHONE_NUMBER", f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneNumberError("INVALID_PHONE_NUMBER", "not a possible phone number")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def mask(value: str) -> str:
    """Keep only the last four digits: ``+14155550100`` -> ``+*******0100``.

    Values of eight digits or fewer are masked entirely (four digits kept of a short local
    number would be half of it), so nothing that could be a whole number is ever logged.
    """
    digits = sum(ch.isdigit() for ch in value)
    keep = 4 if digits > 8 else 0
    out: list[str] = []
    seen = 0
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - keep else "*")
        elif ch == "+":
            out.append(ch)
    return "".join(out) or "*"
