"""The DynamoDB adapter's retry policy, error classification and request, with a scripted client.

The client stands in for botocore's: it raises the exceptions botocore raises (built the way
botocore builds them) or returns a GetItem reply, and counts the calls. Real sockets are in
tests/integration/test_lookup_outages.py; here every branch of the policy runs in microseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)

from customer_lookup import table as table_module
from customer_lookup.customers import DependencyError
from customer_lookup.deadline import Deadline
from customer_lookup.settings import Settings
from customer_lookup.table import CustomerTable

PHONE = "+14155550100"


def client_error(code: str, status: int = 400) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": "scripted"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        "GetItem",
    )


class ScriptedClient:
    """Raises each scripted exception in turn, then returns ``reply`` (``None``: raise forever)."""

    def __init__(self, *failures: Exception, reply: dict[str, Any] | None = None) -> None:
        self.failures = list(failures)
        self.reply = reply
        self.requests: list[dict[str, Any]] = []

    def get_item(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        if self.failures:
            failure = self.failures[0]
            if len(self.failures) > 1 or self.reply is not None:
                self.failures.pop(0)
            raise failure
        assert self.reply is not None
        return self.reply


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def still() -> float:
    """A clock that never moves: what the deadline allows depends on nothing but the test."""
    return 1000.0


def deadline_in(seconds: float) -> Deadline:
    return Deadline(still() + seconds, still)


def far_deadline() -> Deadline:
    return deadline_in(60.0)


def table_with(
    client: Any, *, max_attempts: int = 3, budget_s: float = 0.5
) -> tuple[CustomerTable, Sleeps]:
    sleeps = Sleeps()
    return (
        CustomerTable(
            client, "customers", attempt_budget_s=budget_s, max_attempts=max_attempts, sleep=sleeps
        ),
        sleeps,
    )


def error_of(call: Callable[[], object]) -> DependencyError:
    with pytest.raises(DependencyError) as caught:
        call()
    return caught.value


# --- the request ---------------------------------------------------------------------------


def test_get_item_asks_for_the_number_and_only_the_six_attributes_it_uses() -> None:
    client = ScriptedClient(reply={})
    table, _ = table_with(client)
    table.get(PHONE, far_deadline())
    assert client.requests == [
        {
            "TableName": "customers",
            "Key": {"phoneNumber": {"S": PHONE}},
            "ProjectionExpression": "#a0, #a1, #a2, #a3, #a4, #a5",
            "ExpressionAttributeNames": {
                "#a0": "customerId",
                "#a1": "firstName",
                "#a2": "lastName",
                "#a3": "membershipStatus",
                "#a4": "preferredLanguage",
                "#a5": "openCaseId",
            },
        }
    ]


def test_no_item_in_the_reply_is_none() -> None:
    table, _ = table_with(ScriptedClient(reply={"ResponseMetadata": {}}))
    assert table.get(PHONE, far_deadline()) is None


def test_string_and_number_attributes_are_read_as_strings_and_other_types_are_dropped() -> None:
    item = {
        "customerId": {"N": "1234"},
        "firstName": {"S": "Olivia"},
        "lastName": {"L": [{"S": "x"}]},
        "membershipStatus": {"BOOL": True},
        "openCaseId": {"NULL": True},
    }
    table, _ = table_with(ScriptedClient(reply={"Item": item}))
    assert table.get(PHONE, far_deadline()) == {"customerId": "1234", "firstName": "Olivia"}


# --- what is retried -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "TooManyRequestsException",
    ],
)
def test_throttling_is_retried_and_then_answered(code: str) -> None:
    client = ScriptedClient(client_error(code), reply={"Item": {"firstName": {"S": "Olivia"}}})
    table, _ = table_with(client)
    assert table.get(PHONE, far_deadline()) == {"firstName": "Olivia"}
    assert len(client.requests) == 2


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (client_error("ThrottlingException"), "THROTTLED"),
        (client_error("InternalServerError", 500), "DEPENDENCY_FAILURE"),
        (client_error("ServiceUnavailable", 503), "DEPENDENCY_FAILURE"),
        (client_error("InternalFailure", 500), "DEPENDENCY_FAILURE"),
        (client_error("SomethingNew", 502), "DEPENDENCY_FAILURE"),
        (client_error("", 500), "DEPENDENCY_FAILURE"),
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:1"), "DEPENDENCY_TIMEOUT"),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "DEPENDENCY_UNAVAILABLE"),
        (ConnectTimeoutError(endpoint_url="http://127.0.0.1:1"), "DEPENDENCY_UNAVAILABLE"),
        (
            ConnectionClosedError(endpoint_url="http://127.0.0.1:1"),
            "DEPENDENCY_UNAVAILABLE",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_transient_failures_are_tried_max_attempts_times_then_reported(
    failure: Exception, code: str
) -> None:
    client = ScriptedClient(failure)
    table, _ = table_with(client, max_attempts=3)
    assert error_of(lambda: table.get(PHONE, far_deadline())).code == code
    assert len(client.requests) == 3


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (client_error("AccessDeniedException"), "ACCESS_DENIED"),
        (client_error("UnrecognizedClientException"), "ACCESS_DENIED"),
        (client_error("InvalidSignatureException"), "ACCESS_DENIED"),
        (client_error("ResourceNotFoundException"), "TABLE_NOT_FOUND"),
        (client_error("ValidationException"), "DEPENDENCY_REJECTED"),
        (client_error("SomethingNew", 499), "DEPENDENCY_REJECTED"),
        (NoCredentialsError(), "DEPENDENCY_FAILURE"),
        (ParamValidationError(report="bad key"), "DEPENDENCY_FAILURE"),
        (RuntimeError("a bug"), "INTERNAL_ERROR"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_configuration_problems_and_unknown_failures_are_not_retried(
    failure: Exception, code: str
) -> None:
    client = ScriptedClient(failure)
    table, sleeps = table_with(client, max_attempts=3)
    assert error_of(lambda: table.get(PHONE, far_deadline())).code == code
    assert len(client.requests) == 1
    assert sleeps == []


def test_the_error_detail_names_the_service_error_code() -> None:
    table, _ = table_with(ScriptedClient(client_error("AccessDeniedException")))
    assert str(error_of(lambda: table.get(PHONE, far_deadline()))) == "AccessDeniedException"


def test_a_server_error_without_a_code_is_named_by_its_status() -> None:
    table, _ = table_with(ScriptedClient(client_error("", 503)))
    assert str(error_of(lambda: table.get(PHONE, far_deadline()))) == "503"


def test_the_original_exception_is_kept_as_the_cause() -> None:
    failure = client_error("AccessDeniedException")
    table, _ = table_with(ScriptedClient(failure))
    assert error_of(lambda: table.get(PHONE, far_deadline())).__cause__ is failure


# --- back-off ------------------------------------------------------------------------------


def test_back_off_doubles_from_25_ms_up_to_200_ms_and_never_follows_the_last_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[tuple[float, float]] = []

    def upper_bound(low: float, high: float) -> float:
        drawn.append((low, high))
        return high

    monkeypatch.setattr(table_module.random, "uniform", upper_bound)
    table, sleeps = table_with(ScriptedClient(client_error("ThrottlingException")), max_attempts=6)
    error_of(lambda: table.get(PHONE, far_deadline()))
    assert drawn == [(0, 0.025), (0, 0.05), (0, 0.1), (0, 0.2), (0, 0.2)]
    assert sleeps == [0.025, 0.05, 0.1, 0.2, 0.2]


def test_back_off_is_jittered_between_zero_and_its_bound() -> None:
    table, sleeps = table_with(ScriptedClient(client_error("ThrottlingException")), max_attempts=40)
    error_of(lambda: table.get(PHONE, far_deadline()))
    assert len(sleeps) == 39
    assert all(0 <= s <= 0.2 for s in sleeps), sleeps
    assert len(set(sleeps)) > 1, "every back-off was the same: no jitter"


# --- the deadline --------------------------------------------------------------------------


def test_no_attempt_starts_when_the_deadline_leaves_less_than_one_attempt() -> None:
    client = ScriptedClient(reply={})
    table, _ = table_with(client, budget_s=0.5)
    error = error_of(lambda: table.get(PHONE, deadline_in(0.45)))
    assert error.code == "DEADLINE_EXCEEDED"
    assert client.requests == []


def test_an_attempt_starts_when_the_deadline_leaves_room_for_one() -> None:
    client = ScriptedClient(reply={})
    table, _ = table_with(client, budget_s=0.5)
    assert table.get(PHONE, deadline_in(0.6)) is None
    assert len(client.requests) == 1


def test_a_back_off_that_would_eat_into_the_next_attempt_is_not_slept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(table_module.random, "uniform", lambda low, high: high)
    client = ScriptedClient(client_error("ThrottlingException"))
    table, sleeps = table_with(client, budget_s=0.5)
    # 0.51 s: room for one attempt (0.5 s), not for a 25 ms back-off and another attempt.
    error = error_of(lambda: table.get(PHONE, deadline_in(0.51)))
    assert error.code == "THROTTLED"
    assert len(client.requests) == 1
    assert sleeps == []


def test_the_last_transient_error_is_reported_when_time_runs_out_between_attempts() -> None:
    client = ScriptedClient(client_error("InternalServerError", 500))
    table, _ = table_with(client, budget_s=0.5)
    error = error_of(lambda: table.get(PHONE, deadline_in(0.51)))
    assert error.code == "DEPENDENCY_FAILURE"


# --- built from settings -------------------------------------------------------------------


def test_from_settings_gives_each_attempt_the_connect_plus_read_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = ScriptedClient(reply={})
    monkeypatch.setattr(table_module, "create_client", lambda settings: client)
    settings = Settings(table_name="customers", connect_timeout_ms=200, read_timeout_ms=300)
    table = CustomerTable.from_settings(settings)
    error_of(lambda: table.get(PHONE, deadline_in(0.49)))
    assert client.requests == []
    table.get(PHONE, deadline_in(0.55))
    assert [r["TableName"] for r in client.requests] == ["customers"]


def test_from_settings_tries_max_attempts_times(monkeypatch: pytest.MonkeyPatch) -> None:
    client = ScriptedClient(client_error("ThrottlingException"))
    monkeypatch.setattr(table_module, "create_client", lambda settings: client)
    table = CustomerTable.from_settings(Settings(table_name="customers", max_attempts=5))
    error_of(lambda: table.get(PHONE, far_deadline()))
    assert len(client.requests) == 5


def test_the_client_has_the_configured_timeouts_and_no_botocore_retries() -> None:
    settings = Settings(
        table_name="customers",
        connect_timeout_ms=250,
        read_timeout_ms=750,
        region="eu-west-2",
        endpoint_url="http://127.0.0.1:9",
    )
    client = table_module.create_client(settings)
    config = client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (0.25, 0.75)
    assert config.retries == {"total_max_attempts": 1, "mode": "standard"}
    assert config.tcp_keepalive is True
    assert client.meta.region_name == "eu-west-2"
    assert client.meta.endpoint_url == "http://127.0.0.1:9"


def test_the_client_defaults_to_us_east_1_without_a_region() -> None:
    client = table_module.create_client(Settings(table_name="customers"))
    assert client.meta.region_name == "us-east-1"


# --- what the error says -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "detail"),
    [
        (client_error("ThrottlingException"), "ThrottlingException"),
        (client_error("InternalServerError", 500), "InternalServerError"),
        (client_error("ResourceNotFoundException"), "ResourceNotFoundException"),
        (client_error("UnrecognizedClientException"), "UnrecognizedClientException"),
        (client_error("ValidationException"), "ValidationException"),
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:1"), "ReadTimeoutError"),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "EndpointConnectionError"),
        (NoCredentialsError(), "NoCredentialsError"),
        (RuntimeError("a bug"), "RuntimeError"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_the_error_detail_names_what_failed(failure: Exception, detail: str) -> None:
    table, _ = table_with(ScriptedClient(failure), max_attempts=1)
    assert str(error_of(lambda: table.get(PHONE, far_deadline()))) == detail


def test_a_service_error_without_error_or_metadata_is_a_rejection_named_by_its_code() -> None:
    table, _ = table_with(ScriptedClient(ClientError({}, "GetItem")))
    error = error_of(lambda: table.get(PHONE, far_deadline()))
    assert (error.code, str(error)) == ("DEPENDENCY_REJECTED", "DEPENDENCY_REJECTED")


def test_a_service_error_without_a_status_is_judged_by_its_code() -> None:
    failure = ClientError({"Error": {"Code": "ThrottlingException"}}, "GetItem")
    table, _ = table_with(ScriptedClient(failure), max_attempts=2)
    assert error_of(lambda: table.get(PHONE, far_deadline())).code == "THROTTLED"


# --- boundaries, with a deadline that reports a fixed time left ----------------------------


@dataclass(frozen=True)
class FixedDeadline(Deadline):
    """Always reports the same time left, so boundaries are exact (times are binary fractions)."""

    fixed_s: float = 0.0

    def remaining_s(self) -> float:
        return self.fixed_s


def left(seconds: float) -> FixedDeadline:
    return FixedDeadline(expires_at=0.0, fixed_s=seconds)


def test_an_attempt_starts_when_exactly_one_attempt_fits() -> None:
    client = ScriptedClient(reply={})
    table, _ = table_with(client, budget_s=0.5)
    assert table.get(PHONE, left(0.5)) is None
    assert len(client.requests) == 1


def test_a_back_off_is_slept_when_exactly_one_more_attempt_fits_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(table_module.random, "uniform", lambda low, high: 0.125)
    client = ScriptedClient(client_error("ThrottlingException"), reply={})
    table, sleeps = table_with(client, budget_s=0.5)
    assert table.get(PHONE, left(0.625)) is None
    assert sleeps == [0.125]


def test_no_time_left_says_so() -> None:
    table, _ = table_with(ScriptedClient(reply={}), budget_s=0.5)
    error = error_of(lambda: table.get(PHONE, left(0.25)))
    assert (error.code, str(error)) == ("DEADLINE_EXCEEDED", "no time left for a table read")


def test_from_settings_budget_is_the_sum_of_the_timeouts_in_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = ScriptedClient(reply={})
    monkeypatch.setattr(table_module, "create_client", lambda settings: client)
    table = CustomerTable.from_settings(
        Settings(table_name="customers", connect_timeout_ms=250, read_timeout_ms=250)
    )
    error_of(lambda: table.get(PHONE, left(0.4999)))
    assert client.requests == []
    assert table.get(PHONE, left(0.5)) is None
    assert len(client.requests) == 1
