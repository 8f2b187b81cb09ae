"""Outages are bounded: the function answers ERROR before its own deadline.

Each dependency failure is real at the socket level: nothing listening on the port, a server
that accepts and never answers, a server that throttles or fails every request. What is asserted
is the function's own deadline logic, seen from outside: the error it answers and the attempts
the server saw (an attempt starts only while the deadline leaves room for a whole one), never a
wall-clock margin, so a busy machine answers the same.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

import handler as lookup_handler
from flows.language.connect_lambda import contact_event
from tests.integration.fake_servers import ScriptedDynamoDB, SilentServer, closed_port

pytestmark = pytest.mark.integration


class Context:
    def __init__(self, remaining_ms: int) -> None:
        self._deadline = time.monotonic() + remaining_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return int((self._deadline - time.monotonic()) * 1000)


@pytest.fixture
def table_at(monkeypatch: pytest.MonkeyPatch, aws_env: None) -> Any:
    """Point the function at an endpoint, with short timeouts (attempt budget 0.5 s)."""

    def point(endpoint_url: str, *, short_timeouts: bool = True) -> None:
        monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint_url)
        monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB", raising=False)
        monkeypatch.delenv("SAFETY_MARGIN_MS", raising=False)
        monkeypatch.delenv("DYNAMODB_MAX_ATTEMPTS", raising=False)
        if short_timeouts:
            monkeypatch.setenv("DYNAMODB_CONNECT_TIMEOUT_MS", "200")
            monkeypatch.setenv("DYNAMODB_READ_TIMEOUT_MS", "300")

    return point


# Time enough for every attempt the function makes (three by default), however slow the machine:
# every test whose answer does not depend on the deadline gives this, so that a busy machine
# cannot turn its expected error into DEADLINE_EXCEEDED.
PLENTY_MS = 60_000


def call(remaining_ms: int) -> dict[str, Any]:
    # The client exists before the invocation starts, as after Lambda's init phase (handler
    # import); the invocation itself runs against its deadline.
    lookup_handler._customer_table(lookup_handler.Settings.from_env())
    response: dict[str, Any] = lookup_handler.handler(
        contact_event(phone="+14155550100"), Context(remaining_ms)
    )
    return response


def test_connection_refused_is_an_error(table_at: Any) -> None:
    table_at(f"http://127.0.0.1:{closed_port()}")
    response = call(PLENTY_MS)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEPENDENCY_UNAVAILABLE")


def test_a_server_that_never_answers_is_a_timeout_after_every_attempt(table_at: Any) -> None:
    with SilentServer() as silent:
        table_at(silent.endpoint_url)
        response = call(PLENTY_MS)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEPENDENCY_TIMEOUT")
    assert silent.connections == 3  # DYNAMODB_MAX_ATTEMPTS' default, each given up in time


def test_a_hung_table_gets_only_the_attempts_that_fit_before_the_deadline(table_at: Any) -> None:
    # 1000 ms less the 150 ms margin: 850 ms. An attempt starts only with its whole budget
    # (200 + 300 ms) left, and a silent server holds each for at least the 300 ms read timeout:
    # the third would start with at most 250 ms left, so it never does, however slow the machine.
    with SilentServer() as silent:
        table_at(silent.endpoint_url)
        response = call(1000)
    assert response["lookupStatus"] == "ERROR"
    assert silent.connections <= 2


def test_with_deployed_defaults_a_hung_table_gets_at_most_two_attempts_in_3_seconds(
    table_at: Any,
) -> None:
    # Deployed defaults: 500 + 800 ms an attempt, each held at least 800 ms; of 3000 ms less the
    # 150 ms margin, the third would start with at most 1250 ms left, less than 1300.
    with SilentServer() as silent:
        table_at(silent.endpoint_url, short_timeouts=False)
        response = call(3000)
    assert response["lookupStatus"] == "ERROR"
    assert silent.connections <= 2


def test_throttling_is_retried_a_bounded_number_of_times_then_reported(table_at: Any) -> None:
    with ScriptedDynamoDB(400, "ProvisionedThroughputExceededException") as throttling:
        table_at(throttling.endpoint_url)
        response = call(PLENTY_MS)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "THROTTLED")
    assert throttling.requests == ["DynamoDB_20120810.GetItem"] * 3


def test_a_failing_service_is_reported_as_a_dependency_failure(table_at: Any) -> None:
    with ScriptedDynamoDB(500, "InternalServerError") as failing:
        table_at(failing.endpoint_url)
        response = call(PLENTY_MS)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEPENDENCY_FAILURE")


def test_no_attempt_is_started_when_the_deadline_leaves_no_room(table_at: Any) -> None:
    with SilentServer() as silent:
        table_at(silent.endpoint_url)
        response = call(300)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEADLINE_EXCEEDED")
    assert silent.connections == 0


def test_the_safety_margin_keeps_an_attempt_from_starting_that_would_end_too_late(
    table_at: Any,
) -> None:
    # 600 ms left, 150 ms margin: 450 ms, less than one attempt (200 + 300 ms) needs.
    with SilentServer() as silent:
        table_at(silent.endpoint_url)
        response = call(600)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEADLINE_EXCEEDED")
    assert silent.connections == 0


def test_the_safety_margin_is_read_from_the_environment(
    table_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1000 ms left, 600 ms margin: 400 ms, less than one attempt (200 + 300 ms) needs; with the
    # default margin (150 ms) the attempt would start and time out.
    with SilentServer() as silent:
        table_at(silent.endpoint_url)
        monkeypatch.setenv("SAFETY_MARGIN_MS", "600")
        response = call(1000)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", "DEADLINE_EXCEEDED")
    assert silent.connections == 0


@pytest.mark.parametrize(
    ("error_type", "code"),
    [
        ("AccessDeniedException", "ACCESS_DENIED"),
        ("UnrecognizedClientException", "ACCESS_DENIED"),
        ("ResourceNotFoundException", "TABLE_NOT_FOUND"),
        ("ValidationException", "DEPENDENCY_REJECTED"),
    ],
)
def test_configuration_problems_are_answered_after_one_request_without_retrying(
    table_at: Any, error_type: str, code: str
) -> None:
    with ScriptedDynamoDB(400, error_type) as refusing:
        table_at(refusing.endpoint_url)
        response = call(PLENTY_MS)
    assert (response["lookupStatus"], response["errorCode"]) == ("ERROR", code)
    assert refusing.requests == ["DynamoDB_20120810.GetItem"]


def test_the_dynamodb_endpoint_variable_wins_over_the_general_one(
    table_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScriptedDynamoDB(400, "AccessDeniedException") as dynamodb_only:
        table_at(f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_only.endpoint_url)
        response = call(PLENTY_MS)
    assert response["errorCode"] == "ACCESS_DENIED"
    assert dynamodb_only.requests == ["DynamoDB_20120810.GetItem"]


def test_max_attempts_bounds_the_retries_of_a_failing_service(
    table_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScriptedDynamoDB(500, "InternalServerError") as failing:
        table_at(failing.endpoint_url)
        monkeypatch.setenv("DYNAMODB_MAX_ATTEMPTS", "2")
        response = call(PLENTY_MS)
    assert response["errorCode"] == "DEPENDENCY_FAILURE"
    assert len(failing.requests) == 2
