"""The command-line contract every entry point keeps, `python -m flows` and the operations tools
alike (scripts/ import these pieces from here: the toolkit imports nothing of theirs).

- ``--help`` prints the usage and exits 0.
- A wrong command line (an unknown option, a missing or malformed argument) prints the usage and
  one error line ending in "(see --help)", and exits 2 (:class:`OneLineParser`).
- Bad input prints one line per problem naming the input (``FILE:LINE`` where there is one) and
  what was expected; it exits 2 when nothing was done, 1 when some items were rejected and the
  rest done.
- Never a traceback: an unexpected error prints one line saying where the full trace was written,
  or the trace itself with ``--debug``, and exits 3 (:func:`run_main`).

Also here: what reading a text file can go wrong with in ways a user can fix (a folder, UTF-16,
binary bytes; a UTF-8 byte-order mark is accepted), in the same words for every tool
(:func:`read_text_file`), "did you mean" hints (:func:`did_you_mean`) and counts with their nouns
in the right number (:func:`counted`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

EXIT_OK = 0
EXIT_FAILED = 1  # a check found something missing or failing; some items rejected
EXIT_ERROR = 2  # bad input or an AWS error: nothing done
EXIT_UNEXPECTED = 3  # a bug: neither the input's fault nor AWS's (see run_main)
EXIT_INTERRUPTED = 130  # as shells report a SIGINT

DEBUG_OPTION = "--debug"
DEBUG_HELP = "print the full trace of an unexpected error instead of writing it to a file"


class OneLineParser(argparse.ArgumentParser):
    """argparse with the tools' error form: the usage, then one line ending in "(see --help)".

    Every parser made with it accepts ``--debug`` (see :func:`run_main`), its sub-command parsers
    too (argparse makes them of the parent's class)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument(DEBUG_OPTION, action="store_true", help=DEBUG_HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def run_main(prog: str, main: Callable[[list[str]], int], argv: Sequence[str] | None = None) -> int:
    """Run a tool's ``main`` so that no traceback ever reaches the user.

    An exception the tool did not turn into a message is a bug: one line names it and the file
    that holds the full trace (or, with ``--debug`` on the command line, the trace is printed),
    and the exit status is 3. Ctrl-C is one line and 130, as shells report a SIGINT; a closed
    pipe on stdout (``| head``) ends the tool quietly with 1. ``SystemExit`` (argparse's
    ``--help`` and usage errors) passes through.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return main(args)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): nothing is wrong with the tool. Python would
        # complain again when it flushes stdout at exit, so stdout is pointed at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:
        return unexpected_error(prog, exc, debug=DEBUG_OPTION in args)


def unexpected_error(prog: str, exc: BaseException, *, debug: bool) -> int:
    """Report a bug: one line and the file holding the trace, or the trace with ``debug``."""
    trace = "".join(traceback.format_exception(exc))
    summary = " ".join(str(exc).split())[:200]
    what = f"{type(exc).__name__}: {summary}" if summary else type(exc).__name__
    if debug:
        sys.stderr.write(trace)
        print(f"{prog}: unexpected error: {what}", file=sys.stderr)
        return EXIT_UNEXPECTED
    stem = prog.removeprefix("python -m ").replace(" ", "-").removesuffix(".py")
    try:
        handle, path = tempfile.mkstemp(prefix=f"{stem}-", suffix=".trace.txt")
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


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 case``, ``2 cases``, ``0 cases``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def did_you_mean(given: str, known: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'X'?)`` for the known value closest to ``given``, or ``""`` when none is
    close (a case-insensitive equal counts as close)."""
    choices = list(dict.fromkeys(known))
    folded = {choice.casefold(): choice for choice in choices}
    close = [folded[given.casefold()]] if given.casefold() in folded else []
    close = close or difflib.get_close_matches(given, choices, n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


class BadInput(ValueError):
    """A well-formed command line whose value cannot be used (an endpoint URL, a table name);
    the message names it and what was expected: one line, exit 2, no usage."""


# ---------------------------------------------------------------------------------------------
# Endpoint URLs: botocore raises ``ValueError: Invalid endpoint`` from deep inside client
# creation for one it cannot use, so every command that makes an AWS client checks them first.

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
# Reading text files

# Byte-order marks of encodings people save by mistake (Windows' "Unicode" is UTF-16 LE). The
# longer marks first: UTF-32 LE's starts with UTF-16 LE's.
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class TextFileError(ValueError):
    """A file that cannot be read as UTF-8 text; the message is ``PATH: problem; what to do``."""


def read_text_file(path: str | Path, *, expected: str = "a file") -> str:
    """The file's text, decoded as UTF-8 (a UTF-8 byte-order mark is dropped: Windows editors
    write one). Raises :class:`TextFileError` naming the file and what was ``expected`` for a
    missing file, a folder, an unreadable file, UTF-16/UTF-32 text and bytes that are not
    UTF-8."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise TextFileError(f"{source}: no such file; expected {expected}") from exc
    except IsADirectoryError as exc:
        raise TextFileError(f"{source}: is a directory; expected {expected}") from exc
    except PermissionError as exc:
        raise TextFileError(f"{source}: permission denied") from exc
    except OSError as exc:
        raise TextFileError(f"{source}: cannot read the file: {exc.strerror or exc}") from exc
    return decode_text(data, source)


def decode_text(data: bytes, source: str) -> str:
    """``data`` as UTF-8 text (see :func:`read_text_file`); :class:`TextFileError` otherwise."""
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            raise TextFileError(f"{source}: {encoding} text; save the file as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextFileError(
            f"{source}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save the file as UTF-8"
        ) from exc
