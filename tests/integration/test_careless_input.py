"""Every entry point against one matrix of careless input, judged by the command-line contract.

Rows are entry points (``scripts/*.py`` as ``python -m scripts.X``, ``python -m bench``, and
``python -m flows`` with each of its commands); columns
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
the same contract; subprocesses cost most of this module's time, so they are few.

``python -m flows validate`` reports a file it cannot read as a finding of that file (one line on
stdout, ``PATH: -: error CODE: ...``, and the summary on stderr), exit status 1: the other files
are still checked, as for any finding (:attr:`Form.FINDING`).
"""

from __future__ import annotations

import enum
import importlib
import itertools
import json
import os
import re
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
    FINDING = "one finding on stdout naming the file, the summary on stderr"
    DONE = "done, no error"
    SUMMARY = "done, one summary line on stderr"
    WROTE = "done, what was written named on stderr, then a summary line"


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

    def file(
        self, kind: Careless, suffix: str = ".jsonl", good: str = "", malformed: str = ""
    ) -> Path:
        """A file (or folder) of the careless kind, holding customers where it holds anything
        (or ``good``, and for malformed JSON ``malformed``, when given)."""
        path = self.folder / f"{kind.name.lower()}{suffix}"
        good = good or f"{GOOD_ROW}\n"
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
            path.write_text(malformed or f"{GOOD_ROW}\n{BROKEN_ROW}\n", encoding="utf-8")
        else:  # a good file: what the cell is about is not the file
            path.write_text(good, encoding="utf-8")
        return path

    def good(self, name: str, text: str) -> Path:
        """A file that is what the tool expects (beside the careless one)."""
        path = self.folder / name
        if self.create:
            path.write_text(text, encoding="utf-8")
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
    if kind is Careless.EMPTY_FILE:  # a table served empty while the user thinks it seeded
        path = ctx.file(kind)
        return Cell(serve(path), 2, Form.LINE, says="no rows; expected", names=f"{path}: ")
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
    if kind is Careless.DIRECTORY:  # -o naming a folder: said before the instance is read
        path = ctx.file(kind, "")
        return Cell(
            [*argv[:-1], str(path)], 2, Form.LINE, says="is a directory", names=f"-o {path}"
        )
    if kind is Careless.MISSING_FILE:  # -o in a folder that does not exist
        path = ctx.file(kind, "") / "flow.json"
        return Cell(
            [*argv[:-1], str(path)], 2, Form.LINE, says="does not exist", names=f"-o {path}"
        )
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


# ---------------------------------------------------------------------------------------------
# python -m flows: every command, against a small flow (a prompt, then hang up), a test case of it
# and a run of it

FLOW = {
    "Version": "2019-10-30",
    "StartAction": "hello",
    "Actions": [
        {
            "Identifier": "hello",
            "Type": "MessageParticipant",
            "Parameters": {"Text": "Hello."},
            "Transitions": {
                "NextAction": "bye",
                "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
            },
        },
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ],
}
FLOW_TEXT = json.dumps(FLOW, indent=2) + "\n"
# The small flow with a function call first: the project binds the function to its code, which
# runs in the process with the process's environment.
CALLING_FLOW = {
    **FLOW,
    "StartAction": "ask",
    "Actions": [
        {
            "Identifier": "ask",
            "Type": "InvokeLambdaFunction",
            "Parameters": {
                "LambdaFunctionARN": "arn:aws:lambda:us-east-1:111111111111:function:"
                "customer-lookup-dev",
                "InvocationTimeLimitSeconds": "4",
            },
            "Transitions": {
                "NextAction": "hello",
                "Errors": [{"NextAction": "hello", "ErrorType": "NoMatchingError"}],
            },
        },
        *FLOW["Actions"],
    ],
}
CALLING_FLOW_TEXT = json.dumps(CALLING_FLOW, indent=2) + "\n"
# The comma after StartAction's value is missing: JSON breaks at line 4, column 3.
BROKEN_FLOW = '{\n  "Version": "2019-10-30",\n  "StartAction": "hello"\n  "Actions": []\n}\n'
CASE = {
    "Version": "2019-10-30",
    "Metadata": {},
    "Observations": [
        {
            "Identifier": "hello",
            "Event": {
                "Identifier": "e-message",
                "Type": "MessageReceived",
                "Actor": "System",
                "Properties": {"Text": "Hello", "MatchingCriteria": {"Type": "Inclusion"}},
            },
            "Actions": [
                {
                    "Identifier": "end",
                    "Type": "TestControl",
                    "Parameters": {"ActionType": "TestControl", "Command": {"Type": "EndTest"}},
                }
            ],
            "Transitions": {"NextObservations": []},
        }
    ],
}
CASE_TEXT = json.dumps(CASE, indent=2) + "\n"
BROKEN_CASE = '{\n  "Version": "2019-10-30"\n  "Observations": []\n}\n'  # line 3, column 3
BROKEN_RUNS = '{\n  "contact_id": "c-1"\n  "path": []\n}\n'  # line 3, column 3

# What each command says of a file it cannot use, after "PATH: ".
FLOW_FILE_PROBLEMS = {
    Careless.MISSING_FILE: "no such file; expected a flow file (JSON)",
    Careless.EMPTY_FILE: "file is empty; expected a flow in JSON",
    Careless.DIRECTORY: "is a directory; expected a flow file (JSON)",
    Careless.BINARY: "not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8",
    Careless.UTF16: "UTF-16 text; save the file as UTF-8",
    Careless.MALFORMED_JSON: "file is not valid JSON (line 4, column 3: Expecting ',' delimiter)",
}


def _runs_text() -> str:
    """What ``python -m flows simulate FLOW --json`` prints for the small flow."""
    from flows.simulator import Simulator

    return json.dumps(Simulator(FLOW, "flow.json").run().to_dict()) + "\n"


def _flow_file_cell(
    kind: Careless, ctx: Context, command: str, argv: Callable[[Path], list[str]]
) -> Cell | None:
    """The cells of a command that reads one flow file: ``argv(path)`` is its command line
    for the flow at ``path``."""
    if kind in FLOW_FILE_PROBLEMS:
        path = ctx.file(kind, ".json", good=FLOW_TEXT, malformed=BROKEN_FLOW)
        return Cell(argv(path), 2, Form.LINE, says=FLOW_FILE_PROBLEMS[kind], names=f"{path}: ")
    if kind is Careless.HELP:
        return Cell([command, "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        good = ctx.good("flow.json", FLOW_TEXT)
        return Cell([*argv(good), "--bogus"], 2, Form.USAGE, says="unrecognized arguments: --bogus")
    return None


def flows_validate(kind: Careless, ctx: Context) -> Cell | None:
    problems = {
        **FLOW_FILE_PROBLEMS,
        Careless.DIRECTORY: "this is a directory; pass the flow files in it",
    }
    if kind in problems:
        path = ctx.file(kind, ".json", good=FLOW_TEXT, malformed=BROKEN_FLOW)
        code = (
            "NOT_A_FLOW"
            if kind in (Careless.EMPTY_FILE, Careless.MALFORMED_JSON)
            else ("FILE_UNREADABLE")
        )
        return Cell(
            ["validate", str(path)],
            1,
            Form.FINDING,
            says=f"{code}: {problems[kind]}",
            names=f"{path}: -: error ",
        )
    if kind is Careless.UTF8_BOM:  # of a flow that names its type: no note beside the summary
        path = ctx.file(kind, ".json", good=TYPED_FLOW_TEXT)
        return Cell(["validate", str(path)], 0, Form.SUMMARY, says="1 file checked: 0 errors")
    if kind is Careless.OUT_OF_RANGE:  # a flow type there is not
        good = ctx.good("flow.json", FLOW_TEXT)
        return Cell(
            ["validate", str(good), "--flow-type", "INBOUND"],
            2,
            Form.LINE,
            says="validate: --flow-type 'INBOUND' is not a flow type; expected one of",
        )
    return _flow_file_cell(kind, ctx, "validate", lambda p: ["validate", str(p)])


def flows_diagram(kind: Careless, ctx: Context) -> Cell | None:
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=FLOW_TEXT)
        return Cell(["diagram", str(path)], 0, Form.DONE)
    if kind is Careless.OUT_OF_RANGE:  # a picture format there is not
        good = ctx.good("flow.json", FLOW_TEXT)
        output = ctx.folder / "picture.gif"
        return Cell(
            ["diagram", str(good), "-o", str(output)],
            2,
            Form.LINE,
            says="expected a file ending in .mmd, .mermaid, .md, .svg, .png",
            names=f"-o {output}: ",
        )
    return _flow_file_cell(kind, ctx, "diagram", lambda p: ["diagram", str(p)])


def flows_simulate(kind: Careless, ctx: Context) -> Cell | None:
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=FLOW_TEXT)
        return Cell(["simulate", str(path)], 0, Form.DONE, subprocess=True)
    if kind is Careless.BAD_ENDPOINT_ENV:  # the function would run with it
        return _aws(kind, ["simulate", str(ctx.good("calling.json", CALLING_FLOW_TEXT))], "")
    if kind is Careless.OUT_OF_RANGE:
        good = ctx.good("flow.json", FLOW_TEXT)
        return Cell(
            ["simulate", str(good), "--max-steps", "0"],
            2,
            Form.LINE,
            says="simulate: --max-steps 0: expected a positive number",
        )
    return _flow_file_cell(kind, ctx, "simulate", lambda p: ["simulate", str(p)])


def flows_coverage(kind: Careless, ctx: Context) -> Cell | None:
    """The careless file is the runs file (the flow is read as every command reads one)."""
    flow = ctx.good("flow.json", FLOW_TEXT)
    expected = "expected a file of `python -m flows simulate --json` output"
    problems = {
        Careless.MISSING_FILE: f"no such file; {expected}",
        Careless.EMPTY_FILE: "no runs in the file",
        Careless.DIRECTORY: f"is a directory; {expected}",
        Careless.BINARY: "not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8",
        Careless.UTF16: "UTF-16 text; save the file as UTF-8",
        Careless.MALFORMED_JSON: "not JSON at line 3, column 3 (Expecting ',' delimiter)",
    }
    runs = _runs_text() if ctx.create else ""
    if kind in problems:
        path = ctx.file(kind, ".json", good=runs, malformed=BROKEN_RUNS)
        return Cell(
            ["coverage", str(flow), str(path)],
            2,
            Form.LINE,
            says=problems[kind],
            names=f"coverage: {path}: ",
        )
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=runs)
        return Cell(["coverage", str(flow), str(path)], 0, Form.DONE)
    if kind is Careless.OUT_OF_RANGE:
        path = ctx.good("runs.json", runs)
        return Cell(
            ["coverage", str(flow), str(path), "--fail-under", "150"],
            2,
            Form.LINE,
            says="coverage: --fail-under 150: expected a percentage from 0 to 100",
        )
    if kind is Careless.HELP:
        return Cell(["coverage", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        path = ctx.good("runs.json", runs)
        return Cell(
            ["coverage", str(flow), str(path), "--bogus"],
            2,
            Form.USAGE,
            says="unrecognized arguments: --bogus",
        )
    return None


def flows_test(kind: Careless, ctx: Context) -> Cell | None:
    """The careless file is the test case (a flow given as a case: tests/unit/
    test_testing_loader.py)."""
    flow = ctx.good("flow.json", FLOW_TEXT)
    expected = "expected a test case file (JSON)"
    problems = {
        Careless.MISSING_FILE: f"no such file; {expected}",
        Careless.EMPTY_FILE: "the file is empty; expected a test case in JSON",
        Careless.DIRECTORY: f"is a directory; {expected}",
        Careless.BINARY: "not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8",
        Careless.UTF16: "UTF-16 text; save the file as UTF-8",
        Careless.MALFORMED_JSON: (
            "the file is not valid JSON (line 3, column 3: Expecting ',' delimiter)"
        ),
    }
    if kind in problems:
        path = ctx.file(kind, ".json", good=CASE_TEXT, malformed=BROKEN_CASE)
        return Cell(
            ["test", str(flow), str(path)],
            2,
            Form.LINE,
            says=problems[kind],
            names=f"test: {path}: ",
        )
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=CASE_TEXT)
        return Cell(["test", str(flow), str(path)], 0, Form.DONE)
    if kind is Careless.BAD_ENDPOINT_ENV:  # the function would run with it
        calling = ctx.good("calling.json", CALLING_FLOW_TEXT)
        return _aws(kind, ["test", str(calling), str(ctx.good("case.json", CASE_TEXT))], "")
    if kind is Careless.OUT_OF_RANGE:  # a caller number that is no E.164 number
        path = ctx.good("case.json", CASE_TEXT)
        return Cell(
            ["test", str(flow), str(path), "--phone", "+0123"],
            2,
            Form.LINE,
            says="test: --phone '+0123': expected an E.164 number",
        )
    if kind is Careless.HELP:
        return Cell(["test", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        path = ctx.good("case.json", CASE_TEXT)
        return Cell(
            ["test", str(flow), str(path), "--bogus"],
            2,
            Form.USAGE,
            says="unrecognized arguments: --bogus",
        )
    return None


def flows_import(kind: Careless, ctx: Context) -> Cell | None:
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=FLOW_TEXT)
        return Cell(["import", str(path)], 0, Form.SUMMARY, says="import: 2 blocks")
    return _flow_file_cell(kind, ctx, "import", lambda p: ["import", str(p)])


def flows_diff(kind: Careless, ctx: Context) -> Cell | None:
    old = ctx.good("old.json", FLOW_TEXT)
    if kind is Careless.UTF8_BOM:  # the same flow, with a byte-order mark
        path = ctx.file(kind, ".json", good=FLOW_TEXT)
        return Cell(["diff", str(old), str(path)], 0, Form.DONE)
    return _flow_file_cell(kind, ctx, "diff", lambda p: ["diff", str(old), str(p)])


def flows_generate(kind: Careless, ctx: Context) -> Cell | None:
    """Reads no file; a command line that got past the parser would write flows/generated/, so
    only the cells the parser answers."""
    if kind is Careless.HELP:
        return Cell(["generate", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell(["generate", "--bogus"], 2, Form.USAGE, says="unrecognized arguments: --bogus")
    return None


# A flow that names its type as console exports do, so adopting it needs no note.
TYPED_FLOW_TEXT = json.dumps({**FLOW, "Metadata": {"type": "contactFlow", "name": "Hello"}})
# An instance of no real account: a command that got past its checks would call AWS for it.
OTHER_INSTANCE = (
    "arn:aws:connect:us-east-1:210987654321:instance/4f1c2b3a-9d8e-4a7b-8c6d-5e4f3a2b1c0d"
)
RESOURCES_FILE_PROBLEMS = {
    Careless.MISSING_FILE: "no such file; expected a resources.json file",
    Careless.EMPTY_FILE: "the file is empty; expected a resources.json file",
    Careless.DIRECTORY: "is a directory; expected a resources.json file",
    Careless.BINARY: FLOW_FILE_PROBLEMS[Careless.BINARY],
    Careless.UTF16: FLOW_FILE_PROBLEMS[Careless.UTF16],
    Careless.MALFORMED_JSON: "not valid JSON (line 4, column 3: Expecting ',' delimiter)",
}


def _adopted_package(ctx: Context) -> Path:
    """A package ``python -m flows adopt`` wrote, of the one small flow."""
    package = ctx.folder / "adopted"
    if ctx.create and not package.exists():
        from flows.cli import main as flows_main

        flow = ctx.good("hello.json", TYPED_FLOW_TEXT)
        assert flows_main(["adopt", str(flow), "-o", str(package)]) == 0
    return package


def _cloud_cells(kind: Careless, argv: list[str]) -> Cell | None:
    """A command that reads an instance: the endpoint and credentials cells."""
    if kind is Careless.BAD_ENDPOINT_ENV:
        return _aws(kind, argv, "")
    if kind is Careless.NO_CREDENTIALS:
        return Cell(argv, 2, Form.LINE, says="Unable to locate credentials")
    return None


def flows_pull(kind: Careless, ctx: Context) -> Cell | None:
    argv = ["pull", "--instance-arn", OTHER_INSTANCE, "-o", str(ctx.folder / "pulled")]
    if kind is Careless.DIRECTORY:  # -o naming a file, not a folder
        path = ctx.good("a-file", "")
        return Cell(
            [*argv[:-1], str(path)],
            2,
            Form.LINE,
            says="exists and is not a folder",
            names=str(path),
        )
    if kind is Careless.HELP:
        return Cell(["pull", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell([*argv, "--bogus"], 2, Form.USAGE, says="unrecognized arguments: --bogus")
    return _cloud_cells(kind, argv)


def flows_adopt(kind: Careless, ctx: Context) -> Cell | None:
    out = ["-o", str(ctx.folder / "adopted")]
    problems = {
        **FLOW_FILE_PROBLEMS,
        Careless.MISSING_FILE: "no such file or folder",
        Careless.DIRECTORY: "a folder with no flow files (*.json)",
    }
    if kind in problems:
        path = ctx.file(kind, ".json", good=FLOW_TEXT, malformed=BROKEN_FLOW)
        return Cell(["adopt", str(path), *out], 2, Form.LINE, says=problems[kind], names=str(path))
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good=TYPED_FLOW_TEXT)
        return Cell(["adopt", str(path), *out], 0, Form.SUMMARY, says="1 flow, ")
    if kind is Careless.HELP:
        return Cell(["adopt", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        good = ctx.good("flow.json", FLOW_TEXT)
        return Cell(["adopt", str(good), *out, "--bogus"], 2, Form.USAGE, says="--bogus")
    return None


def flows_render(kind: Careless, ctx: Context) -> Cell | None:
    def render(resources: Path) -> list[str]:
        package = _adopted_package(ctx)
        return [
            "render",
            str(package),
            "-o",
            str(ctx.folder / "out"),
            "--resources",
            str(resources),
        ]

    if kind in RESOURCES_FILE_PROBLEMS:
        path = ctx.file(kind, ".json", good="{}", malformed=BROKEN_FLOW)
        problem = RESOURCES_FILE_PROBLEMS[kind]
        return Cell(render(path), 2, Form.LINE, says=problem, names=f"{path}")
    if kind is Careless.UTF8_BOM:
        path = ctx.file(kind, ".json", good='{"instance_arn": null, "resources": []}')
        return Cell(render(path), 0, Form.WROTE, says="1 of 1 flow written")
    if kind is Careless.HELP:
        return Cell(["render", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell([*render(ctx.folder / "r.json"), "--bogus"], 2, Form.USAGE, says="--bogus")
    return None


def flows_plan(kind: Careless, ctx: Context) -> Cell | None:
    def plan(package: Path) -> list[str]:
        return ["plan", str(package), "--instance-arn", OTHER_INSTANCE]

    if kind in (Careless.MISSING_FILE, Careless.DIRECTORY):
        path = ctx.file(kind, "")
        return Cell(plan(path), 2, Form.LINE, says="not an adopted package", names=str(path))
    if kind is Careless.HELP:
        return Cell(["plan", "--help"], 0, Form.HELP)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell([*plan(ctx.folder), "--bogus"], 2, Form.USAGE, says="--bogus")
    if kind in (Careless.BAD_ENDPOINT_ENV, Careless.NO_CREDENTIALS):
        return _cloud_cells(kind, plan(_adopted_package(ctx)))
    return None


def flows(kind: Careless, ctx: Context) -> Cell | None:
    """``python -m flows`` before any command."""
    if kind is Careless.HELP:
        return Cell(["--help"], 0, Form.HELP, subprocess=True)
    if kind is Careless.UNKNOWN_OPTION:
        return Cell(["--bogus"], 2, Form.USAGE, says="unrecognized arguments: --bogus")
    return None


def _flows_entry(command: str, cells: Row) -> EntryPoint:
    prog = f"python -m flows {command}".rstrip()
    return EntryPoint(f"flows-{command}".rstrip("-"), "flows", "flows.cli:main", prog, cells)


FLOWS_ENTRY_POINTS = [
    _flows_entry("", flows),
    _flows_entry("validate", flows_validate),
    _flows_entry("diagram", flows_diagram),
    _flows_entry("simulate", flows_simulate),
    _flows_entry("coverage", flows_coverage),
    _flows_entry("test", flows_test),
    _flows_entry("import", flows_import),
    _flows_entry("diff", flows_diff),
    _flows_entry("generate", flows_generate),
    _flows_entry("pull", flows_pull),
    _flows_entry("adopt", flows_adopt),
    _flows_entry("render", flows_render),
    _flows_entry("plan", flows_plan),
]


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
    *FLOWS_ENTRY_POINTS,
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
    elif cell.form is Form.FINDING:
        one_line(outcome.err)  # the summary
        line = one_line(outcome.out)
    elif cell.form is Form.SUMMARY:
        line = one_line(outcome.err)
    elif cell.form is Form.WROTE:
        line = outcome.err.splitlines()[-1]
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
    assert tools | {"bench", "flows"} == {entry.module for entry in ENTRY_POINTS}


def test_every_command_of_python_m_flows_has_a_row() -> None:
    """The toolkit's commands and those the project's [tool.flows.commands] adds."""
    from flows.cli import commands
    from flows.config import load_config

    rows = {e.prog.removeprefix("python -m flows").strip() for e in FLOWS_ENTRY_POINTS}
    assert rows == {"", *commands(load_config())}


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


def _make_recipes() -> dict[str, list[str]]:
    """Every target the Makefile declares .PHONY, with its recipe lines."""
    lines = (REPO_ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    phony = next(line for line in lines if line.startswith(".PHONY:")).split()[1:]
    recipes: dict[str, list[str]] = {}
    for target in phony:
        start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
        recipe = list(itertools.takewhile(lambda line: line.startswith("\t"), lines[start + 1 :]))
        recipes[target] = [line.strip() for line in recipe]
    return recipes


def test_every_make_target_does_something_and_runs_only_tools_of_the_matrix() -> None:
    """A target declared with no recipe does nothing and exits 0, a silent lie; and a project
    tool a target runs keeps the contract through its row above (make itself then says
    ``make: *** [...] Error N`` with the tool's status N, and exits 2)."""
    recipes = _make_recipes()
    assert [target for target, recipe in recipes.items() if not recipe] == []
    modules = {entry.module for entry in ENTRY_POINTS}
    tools = re.compile(r"\$\(PY\) (?:-m ([\w.]+)|scripts/(\w+)\.py)")
    run = {
        module or f"scripts.{script}"
        for recipe in recipes.values()
        for line in recipe
        for module, script in tools.findall(line)
    }
    ours = {name for name in run if name.split(".")[0] in {"scripts", "flows", "bench"}}
    assert ours, run  # the pattern finds the tools at all
    assert ours <= modules, ours - modules
