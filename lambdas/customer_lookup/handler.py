"""Amazon Connect -> customer lookup. Lambda entry point: ``handler.handler``.

Parses the Connect event, looks the caller up in DynamoDB (one GetItem), and answers with the
flat string map the flow copies into contact attributes. It never raises: bad input is answered
INVALID_INPUT, an outage ERROR, both with an errorCode, so the flow routes the caller instead of
leaving them in silence.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import restore_hooks
from customer_lookup.customers import ERROR, INVALID_INPUT, LookupResult, look_up
from customer_lookup.deadline import Deadline
from customer_lookup.event import Rejection, parse_event
from customer_lookup.phone import mask
from customer_lookup.response import shape_response
from customer_lookup.settings import DEFAULT_BUDGET_MS, Settings
from customer_lookup.table import CustomerTable
from customer_lookup.telemetry import emit, lookup_record

# Built on first use and kept for the life of the execution environment (warm invocations reuse
# the client and its connection); rebuilt only if the environment changes (tests, simulator).
_table: CustomerTable | None = None
_table_settings: Settings | None = None


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        return _handle(event, context, started)
    except Exception as exc:  # a bug must still answer: the flow routes on lookupStatus=ERROR
        emit({"level": "ERROR", "message": "unexpected failure", "detail": type(exc).__name__})
        return shape_response(LookupResult(ERROR, "INTERNAL_ERROR"))


def _handle(event: Any, context: Any, started: float) -> dict[str, Any]:
    settings = Settings.from_env()
    request = parse_event(event, settings.default_country)
    detail = ""
    masked = ""
    if isinstance(request, Rejection):
        result = LookupResult(INVALID_INPUT, request.code)
        detail = request.detail
    elif not settings.table_name:
        result = LookupResult(ERROR, "CONFIGURATION_ERROR")
        masked = mask(request.phone_number)
        detail = "CUSTOMER_TABLE_NAME is not set"
    else:
        masked = mask(request.phone_number)
        deadline = Deadline.from_context(
            context, default_ms=DEFAULT_BUDGET_MS, margin_ms=settings.safety_margin_ms
        )
        try:
            result = look_up(request.phone_number, _customer_table(settings), deadline)
        except Exception as exc:  # never leave the caller in silence
            result = LookupResult(ERROR, "INTERNAL_ERROR")
            detail = type(exc).__name__
    response = shape_response(result, request.response_format)
    emit(
        lookup_record(
            settings=settings,
            contact_id=request.contact_id,
            masked_phone=masked,
            status=result.status,
            error_code=result.error_code,
            latency_ms=(time.perf_counter() - started) * 1000.0,
            detail=detail,
        )
    )
    return response


def _customer_table(settings: Settings) -> CustomerTable:
    global _table, _table_settings  # noqa: PLW0603 - the per-environment cache, by design
    if _table is None or settings != _table_settings:
        _table = CustomerTable.from_settings(settings)
        _table_settings = settings
    return _table


def _warm_up() -> None:
    """Build the client while Lambda initialises the environment, before the first invocation.

    The init phase is not counted against the invocation's timeout, so the first caller's time
    budget goes to the lookup, not to loading botocore's service model.
    """
    settings = Settings.from_env()
    if settings.table_name:
        # On failure the first invocation builds it again, and reports what went wrong.
        with contextlib.suppress(Exception):
            _customer_table(settings)


_warm_up()


def _close_table_connections() -> None:
    """Drop the cached client's pooled connections (SnapStart hooks; see restore_hooks.py)."""
    if _table is not None:
        _table.close_connections()


restore_hooks.install(close_connections=_close_table_connections)
