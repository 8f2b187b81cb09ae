"""The lookup itself: a caller's number in, a customer (or why not) out.

No network here: the table is a port (:class:`CustomerDirectory`), so the rules are tested with
an in-memory directory and the DynamoDB adapter is tested on its own against a local server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from customer_lookup.deadline import Deadline

MEMBERSHIP_STATUSES = frozenset({"GOLD", "SILVER", "BRONZE", "NONE"})
# BCP 47 as used for Connect languages: language, optional script, optional region/variants.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

FOUND = "FOUND"
NOT_FOUND = "NOT_FOUND"
INVALID_INPUT = "INVALID_INPUT"
ERROR = "ERROR"


class DependencyError(Exception):
    """The table could not answer; ``code`` is the errorCode returned to the flow."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


class CustomerDirectory(Protocol):
    def get(self, phone_number: str, deadline: Deadline) -> Mapping[str, str] | None:
        """The stored record (attribute -> string) for an E.164 number, or None.

        Raises :class:`DependencyError` when the store cannot answer in time.
        """
        ...


@dataclass(frozen=True)
class Customer:
    customer_id: str = ""
    first_name: str = ""
    last_name: str = ""
    membership_status: str = ""
    preferred_language: str = ""
    open_case_id: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def has_open_case(self) -> bool:
        return bool(self.open_case_id)

    @classmethod
    def from_record(cls, record: Mapping[str, str]) -> Customer:
        """Any attribute but the key may be missing or odd: unknown values read as empty."""
        status = record.get("membershipStatus", "").strip().upper()
        return cls(
            customer_id=record.get("customerId", "").strip(),
            first_name=record.get("firstName", "").strip(),
            last_name=record.get("lastName", "").strip(),
            membership_status=status if status in MEMBERSHIP_STATUSES else "",
            preferred_language=normalize_language_tag(record.get("preferredLanguage", "")),
            open_case_id=record.get("openCaseId", "").strip(),
        )


@dataclass(frozen=True)
class LookupResult:
    status: str
    error_code: str = ""
    customer: Customer | None = None


def normalize_language_tag(value: str) -> str:
    """``es-mx`` -> ``es-MX``, ``zh-hant-tw`` -> ``zh-Hant-TW``; not a tag -> ``""``."""
    value = value.strip().replace("_", "-")
    if not _LANGUAGE_TAG.match(value):
        return ""
    language, *rest = value.split("-")
    parts = [language.lower()]
    for part in rest:
        if len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def look_up(phone_number: str, directory: CustomerDirectory, deadline: Deadline) -> LookupResult:
    try:
        record = directory.get(phone_number, deadline)
    except DependencyError as exc:
        return LookupResult(ERROR, exc.code)
    if record is None:
        return LookupResult(NOT_FOUND)
    return LookupResult(FOUND, customer=Customer.from_record(record))
