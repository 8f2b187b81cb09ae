"""Argument parsing for the operations tools: bad input is one line on stderr and exit status 2.

argparse's own error prints the whole usage block before the message; the tools promise a
single line that names the input and what was expected, and point at --help for the rest.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

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
