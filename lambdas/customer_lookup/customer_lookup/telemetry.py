"""One structured log line per lookup, which is also its CloudWatch metrics.

The line is JSON with the ContactId and the caller's number masked (last four digits), and it
carries CloudWatch embedded metric format (EMF) under ``_aws``: the Lambda log stream turns it into
``Lookups`` (count, by LookupStatus) and ``LookupLatency`` (milliseconds, by LookupStatus) without
an agent, an API call or a dependency. The raw phone parameter is never logged.
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any, TextIO

from customer_lookup.customers import FOUND, NOT_FOUND
from customer_lookup.settings import Settings


def lookup_record(
    *,
    settings: Settings,
    contact_id: str,
    masked_phone: str,
    status: str,
    error_code: str,
    latency_ms: float,
    detail: str = "",
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": settings.metrics_namespace,
                    "Dimensions": [["Service", "LookupStatus"]],
                    "Metrics": [
                        {"Name": "Lookups", "Unit": "Count"},
                        {"Name": "LookupLatency", "Unit": "Milliseconds"},
                    ],
                }
            ],
        },
        "level": "INFO" if status in (FOUND, NOT_FOUND) else "WARNING",
        "message": "customer lookup",
        "Service": settings.service_name,
        "LookupStatus": status,
        "Lookups": 1,
        "LookupLatency": round(latency_ms, 3),
        "contactId": contact_id,
        "phone": masked_phone,
    }
    if error_code:
        record["errorCode"] = error_code
    if detail:
        record["detail"] = detail
    return record


# Characters that JSON allows raw inside a string but that end a line for some readers:
# Python's str.splitlines (and log tools built on it) split on NEL and the Unicode line and
# paragraph separators, and C1 controls are invisible in a terminal. json.dumps escapes only
# U+0000-U+001F when ensure_ascii is off, so these are escaped here: one record, one line.
_LINE_BREAKERS = re.compile("[\u007f-\u009f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def emit(record: dict[str, Any], stream: TextIO | None = None) -> None:
    """Write ``record`` as one JSON line (non-ASCII kept readable, line breakers escaped)."""
    out = stream or sys.stdout
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    out.write(_LINE_BREAKERS.sub(_escape, text) + "\n")
