"""The DynamoDB adapter: one GetItem per lookup, bounded in time.

botocore's own retries are switched off (standard mode would back off up to seconds on
throttling); this adapter retries itself, and only starts an attempt when the invocation's
deadline still leaves room for a whole attempt (connect timeout + read timeout). So a table that
refuses connections, accepts and never answers, throttles or fails is reported as a
:class:`DependencyError` before the function's own timeout, and the flow can route the caller.
(The read timeout bounds each wait for data; a server dribbling bytes slower than that could
stretch one attempt, which DynamoDB does not do.)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.session import get_session

from customer_lookup.customers import DependencyError
from customer_lookup.deadline import Deadline
from customer_lookup.settings import Settings

KEY = "phoneNumber"
# Only what the response uses is read, so an oversized item costs no more than a small one.
PROJECTED = (
    "customerId",
    "firstName",
    "lastName",
    "membershipStatus",
    "preferredLanguage",
    "openCaseId",
)
_PROJECTION = ", ".join(f"#a{i}" for i in range(len(PROJECTED)))
_NAMES = {f"#a{i}": name for i, name in enumerate(PROJECTED)}

_THROTTLING = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "TooManyRequestsException",
    }
)
_SERVER_SIDE = frozenset({"InternalServerError", "ServiceUnavailable", "InternalFailure"})
_ACCESS = frozenset(
    {"AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException"}
)
_BACKOFF_BASE_S = 0.025
_BACKOFF_CAP_S = 0.2


def create_client(settings: Settings) -> Any:
    """A DynamoDB client with short, explicit timeouts and no botocore retries."""
    config = Config(
        connect_timeout=settings.connect_timeout_ms / 1000.0,
        read_timeout=settings.read_timeout_ms / 1000.0,
        retries={"total_max_attempts": 1, "mode": "standard"},
        tcp_keepalive=True,
    )
    return get_session().create_client(
        "dynamodb",
        region_name=settings.region or "us-east-1",
        endpoint_url=settings.endpoint_url,
        config=config,
    )


class CustomerTable:
    """:class:`customer_lookup.customers.CustomerDirectory` backed by a DynamoDB table."""

    def __init__(
        self,
        client: Any,
        table_name: str,
        *,
        attempt_budget_s: float,
        max_attempts: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._table_name = table_name
        self._attempt_budget_s = attempt_budget_s
        self._max_attempts = max_attempts
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings) -> CustomerTable:
        return cls(
            create_client(settings),
            settings.table_name,
            attempt_budget_s=(settings.connect_timeout_ms + settings.read_timeout_ms) / 1000.0,
            max_attempts=settings.max_attempts,
        )

    def close_connections(self) -> None:
        """Close the client's pooled connections; the next call opens a fresh one."""
        self._client.close()

    def get(self, phone_number: str, deadline: Deadline) -> dict[str, str] | None:
        last: DependencyError | None = None
        for attempt in range(self._max_attempts):
            if deadline.remaining_s() < self._attempt_budget_s:
                break
            try:
                reply = self._client.get_item(
                    TableName=self._table_name,
                    Key={KEY: {"S": phone_number}},
                    ProjectionExpression=_PROJECTION,
                    ExpressionAttributeNames=_NAMES,
                )
            except Exception as exc:  # classified below; anything unknown is not retried
                last, retryable = _classify(exc)
                if not retryable:
                    raise last from exc
            else:
                item = reply.get("Item")
                return None if item is None else _strings(item)
            backoff = random.uniform(0, min(_BACKOFF_CAP_S, _BACKOFF_BASE_S * 2**attempt))  # noqa: S311
            if deadline.remaining_s() - backoff < self._attempt_budget_s:
                break
            self._sleep(backoff)
        raise last or DependencyError("DEADLINE_EXCEEDED", "no time left for a table read")


def _classify(exc: Exception) -> tuple[DependencyError, bool]:
    """(error for the flow, worth retrying?)"""
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        if code in _THROTTLING:
            return DependencyError("THROTTLED", code), True
        if code in _SERVER_SIDE or status >= 500:
            return DependencyError("DEPENDENCY_FAILURE", code or str(status)), True
        if code == "ResourceNotFoundException":
            return DependencyError("TABLE_NOT_FOUND", code), False
        if code in _ACCESS:
            return DependencyError("ACCESS_DENIED", code), False
        return DependencyError("DEPENDENCY_REJECTED", code), False
    if isinstance(exc, ReadTimeoutError):
        return DependencyError("DEPENDENCY_TIMEOUT", type(exc).__name__), True
    if isinstance(exc, EndpointConnectionError | ConnectTimeoutError | ConnectionClosedError):
        return DependencyError("DEPENDENCY_UNAVAILABLE", type(exc).__name__), True
    if isinstance(exc, BotoCoreError):
        return DependencyError("DEPENDENCY_FAILURE", type(exc).__name__), False
    return DependencyError("INTERNAL_ERROR", type(exc).__name__), False


def _strings(item: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Attribute values as strings: S and N are read, other types count as missing."""
    out: dict[str, str] = {}
    for name, value in item.items():
        if "S" in value and isinstance(value["S"], str):
            out[name] = value["S"]
        elif "N" in value and isinstance(value["N"], str):
            out[name] = value["N"]
    return out
