"""The time this invocation has left, from the Lambda context.

Connect waits at most the block's InvocationTimeLimitSeconds and the function itself is stopped
at its timeout: every wait in the function (a connection, a read, a retry's back-off) is checked
against this deadline, so that an outage is answered with lookupStatus=ERROR while there is still
time to answer at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deadline:
    expires_at: float  # time.monotonic() value

    @classmethod
    def from_context(cls, context: Any, *, default_ms: int, margin_ms: int) -> Deadline:
        remaining_ms: float = default_ms
        get_remaining = getattr(context, "get_remaining_time_in_millis", None)
        if callable(get_remaining):
            try:
                remaining_ms = float(get_remaining())
            except (TypeError, ValueError):
                remaining_ms = default_ms
        return cls(time.monotonic() + max(0.0, remaining_ms - margin_ms) / 1000.0)

    def remaining_s(self) -> float:
        return self.expires_at - time.monotonic()
