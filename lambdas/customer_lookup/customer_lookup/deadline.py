"""The time this invocation has left, from the Lambda context.

Connect waits at most the block's InvocationTimeLimitSeconds and the function itself is stopped
at its timeout: every wait in the function (a connection, a read, a retry's back-off) is checked
against this deadline, so that an outage is answered with lookupStatus=ERROR while there is still
time to answer at all.

The clock is ``time.monotonic`` unless another is given: the tests of the deadline logic hold
time still, so what they assert never depends on how fast the machine runs them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]


@dataclass(frozen=True)
class Deadline:
    expires_at: float  # a value of ``clock``
    clock: Clock = field(default=time.monotonic, compare=False, repr=False)

    @classmethod
    def from_context(
        cls, context: Any, *, default_ms: int, margin_ms: int, clock: Clock = time.monotonic
    ) -> Deadline:
        remaining_ms: float = default_ms
        get_remaining = getattr(context, "get_remaining_time_in_millis", None)
        if callable(get_remaining):
            try:
                remaining_ms = float(get_remaining())
            except (TypeError, ValueError):
                remaining_ms = default_ms
        return cls(clock() + max(0.0, remaining_ms - margin_ms) / 1000.0, clock)

    def remaining_s(self) -> float:
        return self.expires_at - self.clock()
