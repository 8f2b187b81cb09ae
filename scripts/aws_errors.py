"""One clear line for an AWS failure, for the operations tools in scripts/.

The tools promise "one line naming what was wrong, no traceback": every botocore failure they can
meet (a service error, missing credentials, an unknown profile, no region, an unreachable
endpoint) becomes :class:`AwsProblem`, whose message names the call and what to do.
"""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ProfileNotFound,
)

# What the user can do about the usual error codes.
_HINTS = {
    "AccessDeniedException": "the credentials in use may not do this; check the profile",
    "AccessDenied": "the credentials in use may not do this; check the profile",
    "UnrecognizedClientException": "the credentials are not valid in this account or region",
    "InvalidSignatureException": "the credentials are not valid; check the profile",
    "ExpiredTokenException": "the session has expired; sign in again",
    "TooManyRequestsException": "throttled; try again in a moment",
    "ThrottlingException": "throttled; try again in a moment",
}


class AwsProblem(Exception):
    """An AWS call that failed, described for a person in one line; ``code`` is the service's."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def error_code(exc: BaseException) -> str:
    """The service's error code (``ResourceNotFoundException`` ...), or '' when there is none."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    return ""


def describe(call: str, exc: BaseException) -> AwsProblem:
    """``call`` is what was attempted, e.g. "lambda GetFunction on 'my-fn'"."""
    if isinstance(exc, ClientError):
        code = error_code(exc) or "error"
        text = str(exc.response.get("Error", {}).get("Message", "")).strip()
        # Emulators answer unknown operations with an HTML page: keep the line short and single.
        text = " ".join(text.split())[:200] or f"HTTP {_http_status(exc)}"
        hint = _HINTS.get(code)
        return AwsProblem(f"{call} failed: {code}: {text}" + (f" ({hint})" if hint else ""), code)
    if isinstance(exc, NoCredentialsError):
        return AwsProblem(f"{call}: no AWS credentials found (give --profile or sign in)")
    if isinstance(exc, ProfileNotFound):
        return AwsProblem(f"{call}: {exc}")
    if isinstance(exc, NoRegionError):
        return AwsProblem(f"{call}: no region (give a function ARN or --region)")
    if isinstance(exc, EndpointConnectionError):
        return AwsProblem(f"{call}: cannot reach the endpoint: {exc}")
    if isinstance(exc, BotoCoreError):
        return AwsProblem(f"{call}: {' '.join(str(exc).split())}")
    raise TypeError(f"not an AWS failure: {exc!r}") from exc


def function_not_found(function: str, operation: str) -> AwsProblem:
    """Lambda's ResourceNotFoundException for the function itself: say what to check."""
    return AwsProblem(
        f"function {function} not found (lambda {operation}: ResourceNotFoundException; "
        "check the name, --region and --profile)",
        "ResourceNotFoundException",
    )


def _http_status(exc: ClientError) -> object:
    return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
