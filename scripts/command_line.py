"""The command-line contract every entry point of scripts/ and bench/ keeps: the same one as
`python -m flows` (:mod:`flows.command_line`, whose pieces are re-exported here, so the tools
import everything from one place).

- ``--help`` prints the usage and exits 0.
- A wrong command line prints the usage and one error line, and exits 2 (:class:`OneLineParser`).
- Bad input prints one line per problem naming the input (``FILE:LINE`` where there is one) and
  what was expected; it exits 2 when nothing was done, 1 when some items were rejected and the
  rest done.
- Never a traceback: an unexpected error prints one line saying where the full trace was written,
  or the trace itself with ``--debug``, and exits 3 (:func:`run_main`).

Checks more than one operations tool needs live here: endpoint URLs (given with
``--endpoint-url`` or in the environment, where botocore would otherwise raise ``ValueError`` from
deep inside client creation) and DynamoDB table names. They raise :class:`BadInput` (one line,
exit 2, no usage): the command line was well formed, a value in it is not usable.
"""

from __future__ import annotations

import dataclasses
import re

from flows.command_line import (
    DEBUG_OPTION,
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNEXPECTED,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    check_endpoint_url,
    counted,
    fail,
    run_main,
    valid_endpoint_url,
)
from flows.language.arns import ALIAS_NAME, REGION, LambdaFunctionRef

__all__ = [
    "DEBUG_OPTION",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_UNEXPECTED",
    "BadInput",
    "OneLineParser",
    "check_endpoint_environment",
    "check_endpoint_url",
    "check_table_name",
    "counted",
    "fail",
    "function_region",
    "run_main",
    "valid_endpoint_url",
    "with_qualifier",
]

VERSION = re.compile(r"^[1-9]\d{0,9}$")  # a published version number


def function_region(function: LambdaFunctionRef, region: str | None) -> str | None:
    """The function's region: its ARN's, else ``--region`` (None when neither says).

    Raises :class:`BadInput` when ``--region`` is not a region name or contradicts the ARN.
    """
    if region is not None and not REGION.match(region):
        raise BadInput(f"--region {region!r} is not a region name; expected e.g. us-east-1")
    if function.region is not None and region is not None and region != function.region:
        raise BadInput(
            f"--region {region} contradicts the function ARN's region {function.region}; "
            "give one or the other"
        )
    return function.region or region


def with_qualifier(function: LambdaFunctionRef, qualifier: str | None) -> LambdaFunctionRef:
    """The function with ``--qualifier`` applied: an alias name or a version number.

    ``$LATEST`` is refused: Lambda adds no policy to it, and a flow should not call code that
    changes under it. A qualifier that contradicts the ARN's own is bad input.
    """
    if qualifier is None:
        return function
    if not (ALIAS_NAME.match(qualifier) or VERSION.match(qualifier)):
        raise BadInput(
            f"--qualifier {qualifier!r}: expected an alias name (1-128 letters, digits, '-' or "
            "'_', e.g. live) or a version number"
        )
    if function.qualifier is not None and function.qualifier != qualifier:
        raise BadInput(
            f"--qualifier {qualifier} contradicts the function ARN's qualifier "
            f"{function.qualifier}; give one or the other"
        )
    return dataclasses.replace(function, qualifier=qualifier)


# ---------------------------------------------------------------------------------------------
# Endpoint URLs

# ---------------------------------------------------------------------------------------------
# DynamoDB table names

# 3-255 characters of a-z, A-Z, 0-9, '_', '-', '.':
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
TABLE_NAME = re.compile(r"^[a-zA-Z0-9_.-]{3,255}$")


def check_table_name(name: str) -> None:
    """:class:`BadInput` when ``--table`` is not a name DynamoDB accepts."""
    if not TABLE_NAME.match(name):
        raise BadInput(
            f"--table {name!r} is not a DynamoDB table name; expected 3-255 characters of "
            "letters, digits, '_', '-' and '.'"
        )
