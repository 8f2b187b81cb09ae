"""A local AWS emulator on 127.0.0.1: for the demo, the tests, the benchmarks, and by hand.

moto's ThreadedMotoServer speaks the real HTTP protocols (DynamoDB, Lambda permissions, ...), so
the function and the tools talk to it through botocore exactly as they would to AWS. It binds to
loopback only (an ephemeral port unless one is asked for); start-up is awaited with a bounded
loop.

By hand, ``python -m scripts.local_aws [--port N] [--seed FILE | --no-seed] [--table NAME]``
starts it with the customer table created and seeded, prints the ``export`` lines that point the
function (and ``python -m flows simulate``) at it, and serves until Ctrl-C (exit 0). A port that
is taken is one line and exit 2, as are a seed file that cannot be read or holds no rows and a
table name DynamoDB would refuse.

stdout carries the export lines and nothing else, each ``export NAME='value'`` (single-quoted as
the shell reads it), so ``python -m scripts.local_aws > local.env`` in one terminal, then
``. ./local.env`` in another once the lines are there (seeding takes a moment), works.
Everything else goes to stderr: this tool's messages, and whatever the server prints while it
serves (moto prints warnings with ``print``, e.g. when a Lambda Invoke finds no Docker):
file descriptor 1 itself is pointed at stderr once the export lines have their own copy of it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from scripts.command_line import (
    EXIT_ERROR,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_table_name,
    counted,
    run_main,
)

# The emulator accepts any credentials; these make sure nothing real is ever used by accident.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


PROG = "local_aws"
HOST = "127.0.0.1"
# DynamoDB local's own default port, so tools configured for it find this server too:
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
DEFAULT_PORT = 8000
DEFAULT_TABLE = "customers"
DEFAULT_SEED = Path(__file__).resolve().parents[1] / "data" / "sample_customers.jsonl"


class PortUnavailable(OSError):
    """The port asked for cannot be listened on (in use, or privileged); one line for the user."""


class LocalAwsServer:
    """``with LocalAwsServer() as server: server.endpoint_url`` -> ``http://127.0.0.1:PORT``.

    ``port=0`` (the default) takes a free ephemeral port; another port that cannot be bound
    raises :class:`PortUnavailable` before anything is started.
    """

    def __init__(self, *, port: int = 0, start_timeout_s: float = 10.0) -> None:
        self._start_timeout_s = start_timeout_s
        self._server: Any = None
        self._requested_port = port
        self.port = 0

    @property
    def endpoint_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> LocalAwsServer:
        from moto.server import ThreadedMotoServer  # imported here: heavy, and only for local use

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request

        if self._requested_port:
            _check_port_free(self._requested_port)
        self._server = ThreadedMotoServer(ip_address=HOST, port=self._requested_port, verbose=False)
        # start() waits for the server thread's bind without a timeout; should the port be taken
        # in the instant since the check, its thread dies and start() never returns: bound it.
        starter = threading.Thread(target=self._server.start, daemon=True)
        starter.start()
        starter.join(self._start_timeout_s)
        if starter.is_alive():
            self._server = None
            raise PortUnavailable(f"port {self._requested_port} on {HOST}: could not listen")
        self.port = int(self._server.get_host_and_port()[1])
        deadline = time.monotonic() + self._start_timeout_s
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the local AWS emulator did not start on port {self.port}")

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> LocalAwsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _check_port_free(port: int) -> None:
    """Bind the port as the server will (address reuse on, like werkzeug), then let it go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except PermissionError as exc:
            raise PortUnavailable(
                f"port {port} on {HOST}: permission denied (ports below 1024 need root); "
                "pick another with --port"
            ) from exc
        except OSError as exc:
            raise PortUnavailable(
                f"port {port} on {HOST} is in use; pick another with --port (0 takes a free one)"
            ) from exc


# ---------------------------------------------------------------------------------------------
# Command line: a seeded customer table to use by hand


def export_lines(endpoint_url: str, table: str) -> list[str]:
    """Shell lines that point the function, the simulator and the tools at the local server:
    ``export NAME='value'``, one variable a line.

    The dummy credentials and region are needed because botocore signs every request; they are
    the emulator's, so nothing real is ever reached from that shell by accident.
    """
    values = {"AWS_ENDPOINT_URL": endpoint_url, "CUSTOMER_TABLE_NAME": table, **FAKE_CREDENTIALS}
    return [f"export {name}={shell_quoted(value)}" for name, value in values.items()]


def shell_quoted(value: str) -> str:
    """``value`` in single quotes, as a POSIX shell reads it back (a quote inside becomes
    ``'"'"'``, as shlex.quote writes it); always quoted, so every line has one form."""
    return "'" + value.replace("'", "'\"'\"'") + "'"


def _stdout_for_exports() -> TextIO:
    """A stream on the real stdout for the export lines; file descriptor 1 then points at stderr,
    so nothing else written to stdout from here on (by Python code, threads, or C) lands in it."""
    sys.stdout.flush()
    exports = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return exports


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="local_aws",
        description=(
            "Run a local DynamoDB-compatible server (moto) on 127.0.0.1 with the customer table "
            "created and seeded, print the export lines to use it, and serve until Ctrl-C."
        ),
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 takes a free one)",
    )
    seeding = parser.add_mutually_exclusive_group()
    seeding.add_argument(
        "--seed",
        type=Path,
        default=DEFAULT_SEED,
        metavar="FILE",
        help="customers to load, JSON Lines or CSV (default data/sample_customers.jsonl)",
    )
    seeding.add_argument(
        "--no-seed", action="store_true", help="create the table empty, load nothing"
    )
    parser.add_argument(
        "--table", default=DEFAULT_TABLE, help=f"table name (default {DEFAULT_TABLE})"
    )
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; expected 0-65535")
    return port


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prog = PROG
    try:
        check_table_name(args.table)
        if not args.no_seed:
            _check_seed_file(args.seed)
    except BadInput as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    exports = _stdout_for_exports()
    try:
        return _serve(args, exports)
    finally:
        exports.flush()
        os.dup2(exports.fileno(), 1)  # stdout is stdout again (main may be called in-process)
        exports.close()


def _serve(args: argparse.Namespace, exports: TextIO) -> int:
    prog = PROG
    server = LocalAwsServer(port=args.port)
    try:
        server.start()
    except PortUnavailable as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        # Ctrl-C even when started from a shell or a test runner that ignores SIGINT.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            loaded = _create_table(
                server.endpoint_url, args.table, None if args.no_seed else args.seed
            )
        except _SetupFailed as exc:
            print(f"{prog}: {exc}", file=sys.stderr)
            return EXIT_ERROR
        print(f"{prog}: {loaded}", file=sys.stderr)
        for line in export_lines(server.endpoint_url, args.table):
            print(line, file=exports)
        exports.flush()
        print(
            f"{prog}: serving on {server.endpoint_url}; run the lines above in another shell, "
            "then e.g. python -m flows simulate flows/generated/customer_lookup.json "
            "--phone +14155550100. Ctrl-C stops it.",
            file=sys.stderr,
            flush=True,
        )
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        # A second Ctrl-C while the server shuts down must not turn into a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print(f"{prog}: stopped", file=sys.stderr)
        return EXIT_OK
    finally:
        server.stop()


def _check_seed_file(path: Path) -> None:
    """:class:`BadInput` when the seed file cannot be read at all (missing, a directory, not
    UTF-8, an unusable CSV header) or holds no rows (empty, or a CSV header alone: the table
    would be served empty while the user believes it seeded; ``--no-seed`` asks for that):
    said before a server is started for nothing."""
    from scripts.seed_customers import SeedError, read_rows

    try:
        rows = sum(1 for _ in read_rows(path))
    except SeedError as exc:
        raise BadInput(str(exc)) from exc
    if not rows:
        raise BadInput(
            f"{path}: no rows; expected one customer per line (JSON Lines, or CSV after a header "
            "line), or --no-seed for an empty table"
        )


class _SetupFailed(Exception):
    """The table could not be created or seeded; one line for the user."""


def _create_table(endpoint_url: str, table: str, seed_file: Path | None) -> str:
    """Create (and seed) the table; a one-line summary of what it holds."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    from scripts.seed_customers import SeedError, ensure_table, seed

    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=FAKE_CREDENTIALS["AWS_REGION"],
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=FAKE_CREDENTIALS["AWS_SESSION_TOKEN"],
    )
    try:
        if seed_file is None:
            ensure_table(client, table, create=True)
            return f"table {table} created empty (--no-seed)"
        report = seed(client, table, seed_file, create_table=True)
    except SeedError as exc:
        raise _SetupFailed(str(exc)) from exc
    except (BotoCoreError, ClientError) as exc:
        raise _SetupFailed(f"could not create table {table}: {exc}") from exc
    for rejected in report.rejected:
        print(f"{seed_file}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
    return (
        f"table {table}: {counted(report.written, 'customer')} written from {seed_file}, "
        f"{len(report.rejected)} rejected"
    )


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main))
