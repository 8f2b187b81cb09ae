"""The function's configuration, read from its environment.

Read on every invocation (a handful of dictionary look-ups, microseconds) and compared with the
settings the cached DynamoDB client was built for: in Lambda the environment never changes, so
the client is built once per execution environment; in tests and in the local simulator a changed
environment (another table, another endpoint) gets a fresh client instead of a stale one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_CONNECT_TIMEOUT_MS = 500
DEFAULT_READ_TIMEOUT_MS = 800
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_SAFETY_MARGIN_MS = 150
DEFAULT_BUDGET_MS = 3000  # used when there is no Lambda context to ask


@dataclass(frozen=True)
class Settings:
    table_name: str
    default_country: str = "US"
    endpoint_url: str | None = None
    region: str | None = None
    connect_timeout_ms: int = DEFAULT_CONNECT_TIMEOUT_MS
    read_timeout_ms: int = DEFAULT_READ_TIMEOUT_MS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    safety_margin_ms: int = DEFAULT_SAFETY_MARGIN_MS
    metrics_namespace: str = "CustomerLookup"
    service_name: str = "customer-lookup"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            table_name=env.get("CUSTOMER_TABLE_NAME", "").strip(),
            default_country=(env.get("DEFAULT_COUNTRY") or "US").strip().upper(),
            endpoint_url=env.get("AWS_ENDPOINT_URL_DYNAMODB") or env.get("AWS_ENDPOINT_URL"),
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION"),
            connect_timeout_ms=_positive_int(
                env, "DYNAMODB_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT_MS
            ),
            read_timeout_ms=_positive_int(env, "DYNAMODB_READ_TIMEOUT_MS", DEFAULT_READ_TIMEOUT_MS),
            max_attempts=_positive_int(env, "DYNAMODB_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
            safety_margin_ms=_positive_int(env, "SAFETY_MARGIN_MS", DEFAULT_SAFETY_MARGIN_MS),
            metrics_namespace=env.get("METRICS_NAMESPACE") or "CustomerLookup",
            service_name=env.get("SERVICE_NAME") or "customer-lookup",
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    # A bad tuning value must not take the function down: fall back to the default.
    try:
        value = int(env.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default
