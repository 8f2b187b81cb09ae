"""The one log line per lookup, which is also its CloudWatch metrics (embedded metric format)."""

from __future__ import annotations

import io
import json
import time

import pytest

from customer_lookup.settings import Settings
from customer_lookup.telemetry import emit, lookup_record

SETTINGS = Settings(table_name="customers", metrics_namespace="Lookups/Test", service_name="svc")


def record(status: str = "FOUND", error_code: str = "", detail: str = "") -> dict[str, object]:
    return lookup_record(
        settings=SETTINGS,
        contact_id="contact-1",
        masked_phone="+*******0100",
        status=status,
        error_code=error_code,
        latency_ms=12.34567,
        detail=detail,
    )


def test_the_record_carries_the_emf_metadata_for_both_metrics() -> None:
    metadata = record()["_aws"]
    assert isinstance(metadata, dict)
    assert metadata["CloudWatchMetrics"] == [
        {
            "Namespace": "Lookups/Test",
            "Dimensions": [["Service", "LookupStatus"]],
            "Metrics": [
                {"Name": "Lookups", "Unit": "Count"},
                {"Name": "LookupLatency", "Unit": "Milliseconds"},
            ],
        }
    ]


def test_the_emf_timestamp_is_now_in_epoch_milliseconds() -> None:
    before = int(time.time() * 1000)
    metadata = record()["_aws"]
    assert isinstance(metadata, dict)
    assert before <= metadata["Timestamp"] <= int(time.time() * 1000)


def test_the_record_names_the_lookup_and_rounds_latency_to_microseconds() -> None:
    line = {k: v for k, v in record().items() if k != "_aws"}
    assert line == {
        "level": "INFO",
        "message": "customer lookup",
        "Service": "svc",
        "LookupStatus": "FOUND",
        "Lookups": 1,
        "LookupLatency": 12.346,
        "contactId": "contact-1",
        "phone": "+*******0100",
    }


def test_not_found_is_logged_as_info() -> None:
    assert record("NOT_FOUND")["level"] == "INFO"


def test_errors_and_rejected_input_are_logged_as_warnings_with_their_code_and_detail() -> None:
    for status, code in (("ERROR", "THROTTLED"), ("INVALID_INPUT", "ANONYMOUS_CALLER")):
        line = record(status, code, "why")
        assert (line["level"], line["errorCode"], line["detail"]) == ("WARNING", code, "why")


def test_empty_error_code_and_detail_are_left_out() -> None:
    line = record("FOUND", "", "")
    assert "errorCode" not in line
    assert "detail" not in line


def test_emit_writes_one_compact_json_line_keeping_non_ascii() -> None:
    out = io.StringIO()
    emit({"a": "Zoë", "b": [1, 2]}, out)
    assert out.getvalue() == '{"a":"Zoë","b":[1,2]}\n'


@pytest.mark.parametrize("breaker", ["\x85", "\u2028", "\u2029", "\x7f", "\x9f", "\n", "\x1c"])
def test_emit_keeps_a_record_on_one_line_whatever_its_text_holds(breaker: str) -> None:
    out = io.StringIO()
    emit({"contactId": f"a{breaker}b", f"k{breaker}": "Zoë"}, out)
    text = out.getvalue()
    assert text.endswith("\n")
    assert len(text.splitlines()) == 1
    assert json.loads(text) == {"contactId": f"a{breaker}b", f"k{breaker}": "Zoë"}


def test_a_record_without_detail_has_no_detail_field() -> None:
    line = lookup_record(
        settings=SETTINGS,
        contact_id="contact-1",
        masked_phone="+*******0100",
        status="ERROR",
        error_code="THROTTLED",
        latency_ms=1.0,
    )
    assert "detail" not in line
