"""Every entry point against one matrix of careless input, judged by the command-line contract.

Rows are entry points (``scripts/*.py`` as ``python -m scripts.X``, ``python -m bench``); columns
are the careless inputs a new user gives (:class:`Careless`). Each row says, for the columns that
apply to it, which command line to run and what the contract promises for it (:class:`Cell`):

- ``--help`` exits 0 with the usage on stdout;
- a wrong command line exits 2 with the usage and one error line;
- bad input exits 2 (nothing done) or 1 (some items rejected, the rest done), one line per
  problem naming the input (FILE:LINE where there is one) and what was expected;
- never a traceback.

For seeding, every cell runs against a table that already holds a customer, and a rejected row
(or a refused file) must leave that customer exactly as it was.

Cells run in-process (the tool's ``main`` under the shared wrapper, as ``__main__`` runs it), and
the cells marked for it also as a subprocess, ``python -m ...``, to hold the real entry point to
the same contract; subprocesses cost most of this module's time, so they are few. A row for
``python -m flows VERB`` is one more :class:`EntryPoint` in :data:`ENTRY_POINTS`.
"""

from __future__ import annotations

import enum
import importlib
import itertools
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from scripts.command_line import run_main
from tests.cli_contract import one_line, usage_error
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

INSTANCE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
)
FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup"
# Nothing listens there: a call that got past the checks would fail, never reach anything.
CLOSED_ENDPOINT = "http://127.0.0.1:9"
STORED = {"phoneNumber": "+14155550300", "customerId": "C-300", "membershipStatus": "GOLD"}
GOOD_ROW = '{"phoneNumber": "+14155550301", "firstName": "Ana"}'
# Line 2 touches the stored customer and is not JSON (the brace is never closed).
BROKEN_ROW = '{"phoneNumber": "+14155550300", "membershipStatus": "NONE"'
SUBPROCESS_TIMEOUT_S = 120
_tables = itertools.count(1)


class Careless(enum.Enum):
    """The careless inputs: the matrix's columns."""

    HELP = "--help"
    UNKNOWN_OPTION = "an unknown option"
    MISSING_FILE = "a missing file"
    EMPTY_FILE = "an empty file"
    DIRECTORY = "a directory"
    BINARY = "binary bytes"
    UTF16 = "UTF-16 text"
    UTF8_BOM = "a UTF-8 byte-order mark"
    MALFORMED_JSON = "malformed JSON"
    OUT_OF_RANGE = "an out-of-range number"
    BAD_ENDPOINT_OPTION = "--endpoint-url not-a-url"
    BAD_ENDPOINT_ENV = "AWS_ENDPOINT_URL=not-a-url"
    NO_CREDENTIALS = "no credentials"


class Form(enum.Enum):
    HELP = "the usage on stdout"
    USAGE = "the usage and one error line"
    LINE = "one line"
    REJECTED = "one FILE:LINE line per rejected row"
    DONE = "done, no error"


@dataclass(frozen=True)
class Cell:
    argv: list[str]
    status: int
    form: Form
    says: str = ""  # a fragment the error line holds
    names: str = ""  # the input the error line must name (a path, FILE:LINE)
    env: dict[str, str | None] = field(default_factory=dict)  # None: unset
    subprocess: bool = False  # also run as ``python -m``


@dataclass
class Context:
    """What a row needs to build its command lines: a folder for files, the moto endpoint, and
    for seeding a table that already holds :data:`STORED`."""

    folder: Path
    endpoint: str
    table: str = ""
    create: bool = True  # False: only name the files (deciding which cells apply)

    def file(self, kind: Careless, suffix: str = ".jsonl") -> Path:
        """A file (or folder) of the careless kind, holding customers where it holds anything."""
        path = self.folder / f"{kind.name.lower()}{suffix}"
        good = f"{GOOD_ROW}\n"
        if kind is Careless.MISSING_FILE or not self.create:
            return path
        if kind is Careless.DIRECTORY:
            path.mkdir()
        elif kind is Careless.EMPTY_FILE:
            path.write_bytes(b"")
        elif kind is Careless.BINARY:
            path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
        elif kind is Careless.UTF16:
            path.write_bytes(good.encode("utf-16"))
        elif kind is Careless.UTF8_BOM:
            path.write_bytes(b"\xef\xbb\xbf" + good.encode())
        elif kind is Careless.MALFORMED_JSON:
            path.write_text(f"{GOOD_ROW}\n{BROKEN_ROW}\n", encoding="utf-8")
        return path


Row = Callable[[Careless, Context], Cell | None]


@dataclass(frozen=True)
class EntryPoint:
    name: str  # the row's id in test names
    module: str  # python -m MODULE
    main: str  # "module:function", run in-process under the shared wrapper
    prog: str  # the program name argparse prints in the usage
    cells: Row
    seeds: bool = False  # runs against a table holding STORED, which must stay as it was


# ---------------------------------------------------------------------------------------------
# The rows


def _common(kind: Careless, argv: list[str], *, subprocess_unknown: bool = False) -> Cell | None:
    if kind is Careless.HELP:
        return Cell(["--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell(
            [*argv, "--bogus"],
            2,
            Form.USAGE,
            says="unrecognized arguments: --bogus",
            subprocess=subprocess_unknown,
        )
    return None


def _aws(kind: Careless, argv: list[str], says_service: str) -> Cell | None:
    """The cells every tool that calls AWS shares: endpoint and credentials."""
    if kind is Careless.BAD_ENDPOINT_ENV:
        return Cell(
            argv,
            2,
            Form.LINE,
            says="AWS_ENDPOINT_URL='not-a-url' is not a URL; expected a scheme and a host",
            env={"AWS_ENDPOINT_URL": "not-a-url"},
            subprocess=True,
        )
    if kind is Careless.NO_CREDENTIALS:
        return Cell(argv, 2, Form.LINE, says="no AWS credentials found", names=says_service)
    return None


def seed_customers(kind: Careless, ctx: Context) -> Cell | None:
    def seed(path: Path, *extra: str) -> list[str]:
        return ["--table", ctx.table, "--endpoint-url", ctx.endpoint, str(path), *extra]

    good = ctx.file(Careless.UTF8_BOM, ".good.jsonl")
    refused = {
        Careless.MISSING_FILE: "no such file",
        Careless.DIRECTORY: "is a directory; expected a .jsonl or .csv file",
        Careless.BINARY: "not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8",
        Careless.UTF16: "UTF-16 text; save the file as UTF-8",
    }
    if kind in refused:
        path = ctx.file(kind)
        return Cell(seed(path), 2, Form.LINE, says=refused[kind], names=f"{path}: ")
    if kind is Careless.EMPTY_FILE:
        path = ctx.file(kind)
        return Cell(seed(path), 1, Form.LINE, says="no rows; expected", names=f"{path}: ")
    if kind is Careless.UTF8_BOM:
        return Cell(seed(ctx.file(kind)), 0, Form.DONE)
    if kind is Careless.MALFORMED_JSON:
        path = ctx.file(kind)
        return Cell(
            seed(path),
            1,
            Form.REJECTED,
            # The line ends where the closing brace should be: the column after its last.
            says="rejected: not valid JSON: Expecting ',' delimiter at column "
            f"{len(BROKEN_ROW) + 1}",
            names=f"{path}:2: ",
        )
    if kind is Careless.BAD_ENDPOINT_OPTION:
        return Cell(
            ["--table", ctx.table, "--endpoint-url", "not-a-url", str(good)],
            2,
            Form.LINE,
            says="--endpoint-url 'not-a-url' is not a URL; expected a scheme and a host",
        )
    if kind is Careless.BAD_ENDPOINT_ENV or kind is Careless.NO_CREDENTIALS:
        # Without --endpoint-url: the environment's endpoint (or the closed one) is used.
        return _aws(kind, ["--table", ctx.table, str(good)], f"dynamodb (table {ctx.table!r})")
    return _common(kind, seed(good))


def local_aws(kind: Careless, ctx: Context) -> Cell | None:
    def serve(path: Path) -> list[str]:
        return ["--port", "0", "--seed", str(path)]

    refused = {
        Careless.MISSING_FILE: "no such file",
        Careless.DIRECTORY: "is a directory; expected a .jsonl or .csv file",
        Careless.BINARY: "not UTF-8 text",
        Careless.UTF16: "UTF-16 text; save the file as UTF-8",
    }
    if kind in refused:
        path = ctx.file(kind)
        return Cell(serve(path), 2, Form.LINE, says=refused[kind], names=f"{path}: ")
    if kind is Careless.OUT_OF_RANGE:
        return Cell(["--port", "70000"], 2, Form.USAGE, says="'70000' is not a port; expected")
    # Other inputs start a server that serves until Ctrl-C: tests/integration/test_local_aws_cli.
    return _common(kind, ["--port", "0"], subprocess_unknown=True)


def grant_connect_access(kind: Careless, ctx: Context) -> Cell | None:
    argv = ["--function", FUNCTION_ARN, "--instance-arn", INSTANCE_ARN, "--check"]
    if kind is Careless.OUT_OF_RANGE:
        return Cell([*argv, "--qualifier", "99999999999"], 2, Form.LINE, says="--qualifier")
    return _aws(kind, argv, "lambda GetFunction") or _common(kind, argv)


def smoke_test(kind: Careless, ctx: Context) -> Cell | None:
    argv = ["--function", f"{FUNCTION_ARN}:live", "--phone", "+14155550100"]
    if kind is Careless.OUT_OF_RANGE:
        return Cell(
            [*argv, "--time-limit", "99"], 2, Form.LINE, says="--time-limit 99: expected seconds"
        )
    return _aws(kind, argv, "lambda Invoke") or _common(kind, argv)


def pull_flow(kind: Careless, ctx: Context) -> Cell | None:
    argv = ["--instance-arn", INSTANCE_ARN, "--name", "x", "-o", str(ctx.folder / "flow.json")]
    if kind is Careless.OUT_OF_RANGE:
        long_name = ["--instance-arn", INSTANCE_ARN, "--name", "n" * 128, "-o", "flow.json"]
        return Cell(long_name, 2, Form.LINE, says="expected 1 to 127 characters")
    return _aws(kind, argv, "connect ListContactFlows") or _common(kind, argv)


def run_connect_tests(kind: Careless, ctx: Context) -> Cell | None:
    argv = ["--instance-arn", INSTANCE_ARN]
    if kind is Careless.OUT_OF_RANGE:
        return Cell([*argv, "--timeout", "-1"], 2, Form.LINE, says="--timeout -1: expected")
    if kind is Careless.DIRECTORY:
        path = ctx.file(kind, "")
        return Cell(
            [*argv, "--junit", str(path)], 2, Form.LINE, says="is a directory", names=str(path)
        )
    return _aws(kind, argv, "connect ListTestCases") or _common(kind, argv)


# An instance of no real account (not the sandbox's, whose refusal ends a run before AWS), so a
# run gets as far as its AWS calls.
OTHER_INSTANCE_ARN = (
    "arn:aws:connect:us-east-1:210987654321:instance/4f1c2b3a-9d8e-4a7b-8c6d-5e4f3a2b1c0d"
)


def preflight(kind: Careless, ctx: Context) -> Cell | None:
    def cdk_json(text: str, prefix: bytes = b"") -> Path:
        path = ctx.folder / "cdk.json"
        if ctx.create:
            path.write_bytes(prefix + text.encode())
        return path

    other = cdk_json(f'{{"context": {{"instance_arn": "{OTHER_INSTANCE_ARN}", "stage": "dev"}}}}')
    argv = ["--cdk-json", str(other)]
    refused = {
        Careless.MISSING_FILE: "no such file",
        Careless.DIRECTORY: "is a directory; expected cdk.json",
        Careless.BINARY: "not UTF-8 text (byte 0x89 at offset 0)",
        Careless.UTF16: "UTF-16 text; save the file as UTF-8",
        Careless.EMPTY_FILE: "not valid JSON: Expecting value at column 1",
        # Two JSON documents, one a line: the second is where cdk.json should have ended.
        Careless.MALFORMED_JSON: "not valid JSON: Extra data at column 1",
    }
    if kind in refused:
        path = ctx.file(kind, ".json")
        line = ":2:" if kind is Careless.MALFORMED_JSON else ":1:"
        names = f"{path}{line}" if "JSON" in refused[kind] else f"{path}: "
        return Cell(["--cdk-json", str(path)], 2, Form.LINE, says=refused[kind], names=names)
    if kind is Careless.UTF8_BOM:  # read as cdk.json is: the sandbox instance is the finding
        sandbox = f'{{"context": {{"instance_arn": "{INSTANCE_ARN}"}}}}'
        path = cdk_json(sandbox, b"\xef\xbb\xbf")
        return Cell(["--cdk-json", str(path)], 1, Form.LINE, says="1 thing to fix before cdk")
    if kind is Careless.OUT_OF_RANGE:  # the app's own refusal is a finding, as at synth
        return Cell(
            [*argv, "-c", "provisioned_concurrency=-1"], 1, Form.LINE, says="1 thing to fix"
        )
    if kind is Careless.BAD_ENDPOINT_ENV:
        return _aws(kind, argv, "")
    if kind is Careless.NO_CREDENTIALS:  # every check says it could not run: exit 2
        return Cell(argv, 2, Form.LINE, says="could not run; see the unchecked lines")
    return _common(kind, argv)


def bench(kind: Careless, ctx: Context) -> Cell | None:
    if kind is Careless.OUT_OF_RANGE:  # a benchmark that does not exist
        return Cell(["nope"], 2, Form.USAGE, says="unknown benchmark nope; expected any of")
    return _common(kind, ["lookup"], subprocess_unknown=True)


def demo(kind: Careless, ctx: Context) -> Cell | None:
    return _common(kind, [], subprocess_unknown=True)


def cdk_synth(kind: Careless, ctx: Context) -> Cell | None:
    return _common(kind, [], subprocess_unknown=True)


ENTRY_POINTS = [
    EntryPoint(
        "seed_customers",
        "scripts.seed_customers",
        "scripts.seed_customers:main",
        "seed_customers.py",
        seed_customers,
        seeds=True,
    ),
    EntryPoint("local_aws", "scripts.local_aws", "scripts.local_aws:main", "local_aws", local_aws),
    EntryPoint(
        "grant_connect_access",
        "scripts.grant_connect_access",
        "scripts.grant_connect_access:main",
        "grant_connect_access.py",
        grant_connect_access,
    ),
    EntryPoint(
        "smoke_test", "scripts.smoke_test", "scripts.smoke_test:main", "smoke_test.py", smoke_test
    ),
    EntryPoint(
        "pull_flow", "scripts.pull_flow", "scripts.pull_flow:main", "pull_flow.py", pull_flow
    ),
    EntryPoint(
        "run_connect_tests",
        "scripts.run_connect_tests",
        "scripts.run_connect_tests:main",
        "run_connect_tests.py",
        run_connect_tests,
    ),
    EntryPoint(
        "preflight", "scripts.preflight", "scripts.preflight:main", "preflight.py", preflight
    ),
    EntryPoint("bench", "bench", "bench.__main__:main", "python -m bench", bench),
    EntryPoint("demo", "scripts.demo", "scripts.demo:main", "python -m scripts.demo", demo),
    EntryPoint(
        "cdk_synth",
        "scripts.cdk_synth",
        "scripts.cdk_synth:main",
        "python -m scripts.cdk_synth",
        cdk_synth,
    ),
]


def _applicable() -> Iterator[Any]:
    """(entry point, careless input, how) for every cell a row defines; the folder and table a
    cell's command line names do not change whether it applies, so a dry build decides."""
    dry = Context(Path("/nonexistent-dry-run"), CLOSED_ENDPOINT, "dry-run", create=False)
    for entry in ENTRY_POINTS:
        for kind in Careless:
            cell = entry.cells(kind, dry)
            if cell is None:
                continue
            yield pytest.param(entry, kind, False, id=f"{entry.name}-{kind.name.lower()}")
            if cell.subprocess:
                yield pytest.param(
                    entry, kind, True, id=f"{entry.name}-{kind.name.lower()}-subprocess"
                )


# ---------------------------------------------------------------------------------------------
# Running a cell and judging it


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str


def quiet_environment(folder: Path) -> dict[str, str | None]:
    """Fake credentials and a region, no profile or config file of the machine's, no instance
    metadata lookups (never a request off this machine), and a closed local endpoint."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_PROFILE": None,
        "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL": CLOSED_ENDPOINT,
        "AWS_MAX_ATTEMPTS": "1",
    }


def cell_environment(kind: Careless, cell: Cell, folder: Path) -> dict[str, str | None]:
    env = quiet_environment(folder)
    if kind is Careless.NO_CREDENTIALS:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            env[name] = None
    env.update(cell.env)
    return env


def run_in_process(
    entry: EntryPoint,
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
) -> Outcome:
    module, _, function = entry.main.partition(":")
    main = getattr(importlib.import_module(module), function)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    capsys.readouterr()
    try:
        status = run_main(entry.prog, main, argv)
    except SystemExit as exc:  # argparse: --help and usage errors
        status = exc.code if isinstance(exc.code, int) else 1
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    out, err = capsys.readouterr()
    return Outcome(status, out, err)


def run_as_subprocess(entry: EntryPoint, argv: list[str], env: dict[str, str | None]) -> Outcome:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update({k: v for k, v in env.items() if v is not None})
    completed = subprocess.run(
        [sys.executable, "-m", entry.module, *argv],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        check=False,
    )
    return Outcome(completed.returncode, completed.stdout, completed.stderr)


def judge(entry: EntryPoint, cell: Cell, outcome: Outcome) -> None:
    assert "Traceback" not in outcome.out + outcome.err, outcome.err
    assert outcome.status == cell.status, outcome
    if cell.form is Form.HELP:
        assert outcome.out.startswith(f"usage: {entry.prog}"), outcome.out
        assert outcome.err == ""
        return
    if cell.form is Form.USAGE:
        line = usage_error(outcome.err, entry.prog)
    elif cell.form is Form.LINE:
        line = one_line(outcome.err)
    elif cell.form is Form.REJECTED:
        lines = outcome.err.splitlines()
        assert len(lines) == 1, outcome.err  # one rejected row, one line
        line = lines[0]
    else:
        assert outcome.err == "", outcome.err
        return
    assert cell.says in line, line
    if cell.names:
        assert cell.names in line, line


@pytest.mark.parametrize(("entry", "kind", "as_subprocess"), list(_applicable()))
def test_the_contract_holds(  # noqa: PLR0917 - the matrix's parameters, then fixtures
    entry: EntryPoint,
    kind: Careless,
    as_subprocess: bool,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ctx = Context(tmp_path, CLOSED_ENDPOINT)
    client = None
    if entry.seeds:
        ctx.endpoint = request.getfixturevalue("dynamodb_endpoint")
        client = request.getfixturevalue("dynamodb_client")
        ctx.table = f"careless-{next(_tables)}"
        client.create_table(
            TableName=ctx.table,
            KeySchema=[{"AttributeName": "phoneNumber", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "phoneNumber", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName=ctx.table, Item={k: {"S": v} for k, v in STORED.items()})
    cell = entry.cells(kind, ctx)
    assert cell is not None
    env = cell_environment(kind, cell, tmp_path)
    if as_subprocess:
        outcome = run_as_subprocess(entry, cell.argv, env)
    else:
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        outcome = run_in_process(entry, cell.argv, capsys)
    judge(entry, cell, outcome)
    if client is not None:
        stored = client.get_item(TableName=ctx.table, Key={"phoneNumber": {"S": "+14155550300"}})
        assert {k: v["S"] for k, v in stored["Item"].items()} == STORED


def test_every_entry_point_of_scripts_and_bench_has_a_row() -> None:
    """A new tool gets a row: every module of scripts/ with a ``__main__`` block, and bench."""
    tools = {
        f"scripts.{path.stem}"
        for path in (REPO_ROOT / "scripts").glob("*.py")
        if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
    }
    assert tools | {"bench"} == {entry.module for entry in ENTRY_POINTS}


def test_an_unexpected_error_in_a_real_tool_is_one_line_and_the_trace_is_kept(
    tmp_path: Path,
) -> None:
    """A profile whose endpoint_url is not a URL: botocore raises ValueError while the client is
    made, which no check of the tool foresaw; the shared wrapper turns it into one line."""
    config = tmp_path / "aws-config"
    config.write_text("[default]\nendpoint_url = not-a-url\n", encoding="utf-8")
    customers = tmp_path / "one.jsonl"
    customers.write_text(f"{GOOD_ROW}\n", encoding="utf-8")
    env = quiet_environment(tmp_path)
    env.update({"AWS_CONFIG_FILE": str(config), "AWS_ENDPOINT_URL": None})
    entry = ENTRY_POINTS[0]
    outcome = run_as_subprocess(entry, ["--table", "careless-config", str(customers)], env)
    line = one_line(outcome.err)
    prefix = "seed_customers: unexpected error: ValueError: Invalid endpoint: not-a-url; "
    assert line.startswith(prefix + "the full trace is in ")
    trace = Path(line.removeprefix(prefix + "the full trace is in "))
    try:
        assert "Traceback (most recent call last):" in trace.read_text(encoding="utf-8")
    finally:
        trace.unlink()
    assert outcome.status == 3
