"""The command-line contract every entry point of scripts/ and bench/ keeps.

- ``--help`` prints the usage and exits 0.
- A wrong command line (an unknown option, a missing or malformed argument) prints the usage and
  one error line, and exits 2 (:class:`OneLineParser`).
- Bad input prints one line per problem naming the input (``FILE:LINE`` where there is one) and
  what was expected; it exits 2 when nothing was done, 1 when some items were rejected and the
  rest done.
- Never a traceback: an unexpected error prints one line saying where the full trace was written,
  or the trace itself with ``--debug``, and exits 3 (:func:`run_main`).

Checks more than one tool needs live here too: endpoint URLs (given with ``--endpoint-url`` or
in the environment, where botocore would otherwise raise ``ValueError`` from deep inside client
creation) and DynamoDB table names. They raise :class:`BadInput` (one line, exit 2, no usage):
the command line was well formed, a value in it is not usable.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from flows.language.arns import ALIAS_NAME, REGION, LambdaFunctionRef

VERSION = re.compile(r"^[1-9]\d{0,9}$")  # a published version number

EXIT_OK = 0
EXIT_FAILED = 1  # a check found something missing or failing; some items rejected
EXIT_ERROR = 2  # bad input or an AWS error: nothing done
EXIT_UNEXPECTED = 3  # a bug: neither the input's fault nor AWS's (see run_main)

DEBUG_OPTION = "--debug"


class OneLineParser(argparse.ArgumentParser):
    """argparse with the tools' error form: the usage, then one line ending in "(see --help)".

    Every parser made with it accepts ``--debug`` (see :func:`run_main`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument(
            DEBUG_OPTION,
            action="store_true",
            help="print the full trace of an unexpected error instead of writing it to a file",
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def run_main(prog: str, main: Callable[[list[str]], int], argv: Sequence[str] | None = None) -> int:
    """Run a tool's ``main`` so that no traceback ever reaches the user.

    An exception the tool did not turn into a message is a bug: one line names it and the file
    that holds the full trace (or, with ``--debug`` on the command line, the trace is printed),
    and the exit status is 3. Ctrl-C is one line and 130, as shells report a SIGINT; a closed
    pipe on stdout (``| head``) ends the tool quietly with 1.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return main(args)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): nothing is wrong with the tool. Python would
        # complain again when it flushes stdout at exit, so stdout is pointed at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:
        return _unexpected(prog, exc, debug=DEBUG_OPTION in args)


def _unexpected(prog: str, exc: Exception, *, debug: bool) -> int:
    trace = "".join(traceback.format_exception(exc))
    summary = " ".join(str(exc).split())[:200]
    what = f"{type(exc).__name__}: {summary}" if summary else type(exc).__name__
    if debug:
        sys.stderr.write(trace)
        print(f"{prog}: unexpected error: {what}", file=sys.stderr)
        return EXIT_UNEXPECTED
    try:
        handle, path = tempfile.mkstemp(prefix=f"{prog.removesuffix('.py')}-", suffix=".trace.txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(trace)
        where = f"the full trace is in {path}"
    except OSError as write_error:
        where = f"the full trace could not be written ({write_error.strerror}); run with --debug"
    print(f"{prog}: unexpected error: {what}; {where}", file=sys.stderr)
    return EXIT_UNEXPECTED


def fail(prog: str, message: str) -> int:
    """Print one error line and return the exit status for bad input or an AWS error."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


class BadInput(ValueError):
    """Input that no AWS call can fix; the message names it and what was expected."""


# Byte-order marks of encodings people save by mistake (Windows' "Unicode" is UTF-16 LE).
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def read_text_file(path: Path, expected: str) -> str:
    """The text of a UTF-8 file the user gave, a byte-order mark dropped (Windows editors write
    one); anything else is :class:`BadInput` naming the file. ``expected`` says what the file
    should be (``a .jsonl or .csv file``), for the message about a directory.

    Read as bytes, then decoded: ``read_text()`` would turn a lone CR into a line break.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise BadInput(f"{path}: is a directory; expected {expected}") from exc
    except PermissionError as exc:
        raise BadInput(f"{path}: permission denied") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            raise BadInput(f"{path}: {encoding} text; save the file as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from exc


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

ENDPOINT_EXAMPLE = "http://127.0.0.1:8000"


def valid_endpoint_url(url: str) -> bool:
    """botocore's own test (it raises ``ValueError: Invalid endpoint`` for what fails it)."""
    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    return bool(is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url))


def check_endpoint_url(option: str, url: str | None) -> None:
    """:class:`BadInput` when ``url`` (given with ``option``) is not an endpoint URL botocore
    accepts; checked before any client is made, so the user reads one line, not a traceback."""
    if url is not None and not valid_endpoint_url(url):
        raise BadInput(
            f"{option} {url!r} is not a URL; expected a scheme and a host, e.g. {ENDPOINT_EXAMPLE}"
        )


def check_endpoint_environment(
    services: Iterable[str], environ: Mapping[str, str] | None = None
) -> None:
    """:class:`BadInput` when an endpoint variable botocore would use for ``services`` is not a
    URL: ``AWS_ENDPOINT_URL`` and ``AWS_ENDPOINT_URL_<SERVICE>`` (the service id in upper case,
    spaces as underscores), unless ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`` turns them off
    (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
    """
    env = os.environ if environ is None else environ
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip().lower() == "true":
        return
    names = [f"AWS_ENDPOINT_URL_{s.upper().replace(' ', '_')}" for s in services]
    for name in [*names, "AWS_ENDPOINT_URL"]:  # the service's own variable wins
        value = env.get(name)
        if value is not None and not valid_endpoint_url(value):
            raise BadInput(
                f"{name}={value!r} is not a URL; expected a scheme and a host, e.g. "
                f"{ENDPOINT_EXAMPLE} (or unset it to reach AWS)"
            )


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


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 case``, ``2 cases``, ``0 cases``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
