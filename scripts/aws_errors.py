"""One clear line for an AWS failure, for the operations tools in scripts/.

The tools promise "one line naming what was wrong, no traceback": every botocore failure they can
meet (a service error, missing credentials, an unknown profile, no region, an unreachable
endpoint) becomes :class:`AwsProblem`, whose message names the call and what to do.

An AWS error is reported by its code and message. Not every error answer comes from AWS: a
proxy, a firewall or a wrong endpoint URL answers with its own HTML page, and botocore then
makes the HTTP status the code and the whole page the message (JSON services) or leaves both
empty (XML services). Those are reported as what they are, the HTTP status and the page's title,
never the page itself.
"""

from __future__ import annotations

import html
import http.client
import re

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


# Longest error message kept; AWS messages are a sentence or two.
MAX_MESSAGE_CHARS = 200
MAX_TITLE_CHARS = 80
NOT_AWS = "a proxy, a firewall or a wrong endpoint URL may be in the way"
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|title|h[1-6]|p|div|center)\b", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


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
        code = error_code(exc)
        text = " ".join(str(exc.response.get("Error", {}).get("Message", "")).split())
        status = _http_status(exc)
        if not code or code == str(status):
            # botocore's stand-ins when the answer held no AWS error code.
            return AwsProblem(f"{call} failed: {_not_an_aws_error(status, text)}", code)
        if _MARKUP.search(text):
            text = f"(an HTML page instead of a message{_titled(text)}; {NOT_AWS})"
        hint = _HINTS.get(code)
        text = text[:MAX_MESSAGE_CHARS] or f"HTTP {status}"
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


def _not_an_aws_error(status: object, text: str) -> str:
    """HTTP 403 Forbidden, an HTML page titled '...', not an AWS error; what may be wrong."""
    reason = http.client.responses.get(status, "") if isinstance(status, int) else ""
    head = f"HTTP {status}" + (f" {reason}" if reason else "")
    if _MARKUP.search(text):
        body = f"an HTML page{_titled(text)}"
    elif text and text != reason:
        body = f"{text[:MAX_MESSAGE_CHARS]!r}"
    else:
        body = "no AWS error code"
    return f"{head}: {body}, not an AWS error; {NOT_AWS}"


def _titled(page: str) -> str:
    """`` titled '...'`` from the page's <title>, or '' when it has none."""
    found = _TITLE.search(page)
    if not found:
        return ""
    title = " ".join(html.unescape(_TAG.sub(" ", found[1])).split())[:MAX_TITLE_CHARS]
    return f" titled {title!r}" if title else ""
