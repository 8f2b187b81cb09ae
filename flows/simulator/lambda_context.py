"""A Lambda context object as the Python runtime passes it, for functions called locally.

Functions that budget their own time (the customer lookup does) read
``get_remaining_time_in_millis()``; here it counts down from the function's timeout, which is
what the function would see on AWS.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime


class LambdaContext:
    """The attributes and method of the runtime's context object, with a real countdown."""

    __slots__ = (
        "_deadline",
        "aws_request_id",
        "client_context",
        "function_name",
        "function_version",
        "identity",
        "invoked_function_arn",
        "log_group_name",
        "log_stream_name",
        "memory_limit_in_mb",
        "timeout_seconds",
    )

    def __init__(
        self,
        *,
        function_name: str,
        invoked_function_arn: str,
        timeout_seconds: float,
        memory_limit_in_mb: int = 128,
        function_version: str = "$LATEST",
        time_scale: float = 1.0,
    ) -> None:
        self.function_name = function_name
        self.function_version = function_version
        self.invoked_function_arn = invoked_function_arn
        self.memory_limit_in_mb = memory_limit_in_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        day = datetime.now(UTC).strftime("%Y/%m/%d")
        self.log_stream_name = f"{day}/[{function_version}]{uuid.uuid4().hex}"
        self.identity = None
        self.client_context = None
        self.timeout_seconds = timeout_seconds
        self._deadline = time.monotonic() + timeout_seconds * time_scale

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def __repr__(self) -> str:
        return (
            f"LambdaContext(function_name={self.function_name!r}, "
            f"aws_request_id={self.aws_request_id!r}, "
            f"remaining_ms={self.get_remaining_time_in_millis()})"
        )
