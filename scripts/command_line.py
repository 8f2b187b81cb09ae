"""Argument parsing for the operations tools: bad input is one line on stderr and exit status 2.

argparse's own error prints the whole usage block before the message; the tools promise a
single line that names the input and what was expected, and point at --help for the rest.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from typing import NoReturn

from flows.language.arns import ALIAS_NAME, REGION, LambdaFunctionRef

VERSION = re.compile(r"^[1-9]\d{0,9}$")  # a published version number

EXIT_OK = 0
EXIT_FAILED = 1  # a check found something missing or failing
EXIT_ERROR = 2  # bad input or an AWS error


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def fail(prog: str, message: str) -> int:
    """Print one error line and return the exit status for bad input or an AWS error."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


class BadInput(ValueError):
    """Input that no AWS call can fix; the message names it and what was expected."""


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
