"""``python -m scripts.local_aws``: a seeded local table to use by hand, run as a user runs it.

Each test starts the command as a subprocess on 127.0.0.1, reads the lines it prints (bounded by
a timeout), uses the endpoint with boto3, and stops it with SIGINT as Ctrl-C would.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import boto3
import pytest

from scripts.local_aws import export_lines, main, shell_quoted
from scripts.seed_customers import KEY, validate_row
from tests.cli_contract import one_line, usage_error
from tests.conftest import REPO_ROOT, SAMPLE_CUSTOMERS
from tests.fixtures import CUSTOMERS

pytestmark = pytest.mark.integration

EXPORT_COUNT = len(export_lines("http://127.0.0.1:1", "customers"))
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


class LocalAws:
    """A running ``python -m scripts.local_aws``; its stdout lines arrive on a queue."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def export_lines(self) -> list[str]:
        """The ``export`` lines, waiting at most START_TIMEOUT_S for them."""
        lines: list[str] = []
        while len(lines) < EXPORT_COUNT:
            try:
                line = self._lines.get(timeout=START_TIMEOUT_S)
            except queue.Empty:
                pytest.fail(f"no export lines within {START_TIMEOUT_S} s; got {lines}")
            if line is None:
                pytest.fail(f"local_aws exited before printing its export lines; got {lines}")
            lines.append(line)
        return lines

    def environment(self) -> dict[str, str]:
        """The variables the export lines set, as bash sets them from ``. ./local.env``."""
        return sourced(self.export_lines())

    def rest_of_stdout(self) -> list[str]:
        """Every line printed to stdout after the export lines, once the process has ended."""
        lines = []
        while (line := self._lines.get(timeout=STOP_TIMEOUT_S)) is not None:
            lines.append(line)
        return lines

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C; (exit status, stderr)."""
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=STOP_TIMEOUT_S)
        return self.process.returncode, err


def sourced(lines: list[str]) -> dict[str, str]:
    """The variables bash holds after sourcing ``lines`` as a file (``. ./local.env``)."""
    with tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "local.env"
        env_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        completed = subprocess.run(
            ["bash", "-c", ". ./local.env && env -0"],
            cwd=folder,
            env={"PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    assert completed.stderr == ""
    pairs = (entry.partition("=") for entry in completed.stdout.split("\0") if entry)
    ignored = {"PATH", "PWD", "SHLVL", "_", "OLDPWD"}
    return {name: value for name, _, value in pairs if name not in ignored}


@contextmanager
def local_aws(*args: str) -> Iterator[LocalAws]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.local_aws", *args],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield LocalAws(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=STOP_TIMEOUT_S)


def client_for(variables: dict[str, str]) -> Any:
    return boto3.client(
        "dynamodb",
        endpoint_url=variables["AWS_ENDPOINT_URL"],
        region_name=variables["AWS_REGION"],
        aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=variables["AWS_SESSION_TOKEN"],
    )


def test_serves_the_seeded_table_and_stops_cleanly_on_ctrl_c() -> None:
    with local_aws("--port", "0", "--seed", str(CUSTOMERS)) as server:
        variables = server.environment()
        item = client_for(variables).get_item(
            TableName=variables["CUSTOMER_TABLE_NAME"],
            Key={"phoneNumber": {"S": "+14155550103"}},
        )["Item"]
        code, err = server.interrupt()
    assert variables["CUSTOMER_TABLE_NAME"] == "customers"
    assert variables["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    assert item["firstName"] == {"S": "Lucía"}
    assert code == 0
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "local_aws: stopped"


def test_prints_the_region_and_dummy_credentials_the_function_needs() -> None:
    with local_aws("--port", "0") as server:
        variables = server.environment()
        server.interrupt()
    assert {name: variables[name] for name in sorted(variables) if name != "AWS_ENDPOINT_URL"} == {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "CUSTOMER_TABLE_NAME": "customers",
    }


def test_by_default_the_sample_customers_are_seeded() -> None:
    # Whatever data/sample_customers.jsonl holds: its first customer is in the table.
    first = validate_row(
        json.loads(SAMPLE_CUSTOMERS.read_text(encoding="utf-8").split("\n")[0]), "US"
    )
    with local_aws("--port", "0") as server:
        variables = server.environment()
        item = (
            client_for(variables)
            .get_item(
                TableName=variables["CUSTOMER_TABLE_NAME"],
                Key={KEY: {"S": first[KEY]}},
            )
            .get("Item")
        )
        code, _ = server.interrupt()
    assert item is not None
    assert code == 0


def test_the_function_finds_a_seeded_caller_with_the_printed_environment() -> None:
    with local_aws("--port", "0", "--seed", str(CUSTOMERS)) as server:
        variables = server.environment()
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "flows",
                "simulate",
                "flows/generated/customer_lookup.json",
                "--phone",
                "+14155550100",
                "--json",
            ],
            cwd=REPO_ROOT,
            env={**os.environ, **variables},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        code, _ = server.interrupt()
    assert completed.returncode == 0, completed.stderr
    assert '"lookupStatus": "FOUND"' in completed.stdout
    assert code == 0


def test_no_seed_creates_the_table_empty() -> None:
    with local_aws("--port", "0", "--no-seed", "--table", "empty-customers") as server:
        variables = server.environment()
        scanned = client_for(variables).scan(TableName="empty-customers")
        code, _ = server.interrupt()
    assert variables["CUSTOMER_TABLE_NAME"] == "empty-customers"
    assert scanned["Items"] == []
    assert code == 0


def test_seed_file_of_the_users_choice_is_loaded(tmp_path: Path) -> None:
    customers = tmp_path / "mine.csv"
    customers.write_text("phoneNumber,firstName\n+14155550177,Rosa\n", encoding="utf-8")
    with local_aws("--port", "0", "--seed", str(customers)) as server:
        variables = server.environment()
        items = client_for(variables).scan(TableName="customers")["Items"]
        server.interrupt()
    assert items == [{"phoneNumber": {"S": "+14155550177"}, "firstName": {"S": "Rosa"}}]


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-m", "scripts.local_aws", "--port", str(port)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip().splitlines() == [
        f"local_aws: port {port} on 127.0.0.1 is in use; pick another with --port "
        "(0 takes a free one)"
    ]


def test_a_missing_seed_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.local_aws", "--port", "0", "--seed", str(missing)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.strip().splitlines() == [
        f"local_aws: {missing}: no such file; expected a .jsonl or .csv file"
    ]


def test_a_bad_port_is_the_usage_and_one_line_and_exit_2() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.local_aws", "--port", "70000"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert usage_error(completed.stderr, "local_aws") == (
        "local_aws: error: argument --port: '70000' is not a port; expected 0-65535 (see --help)"
    )


def test_stdout_is_only_quoted_export_lines_even_once_a_lambda_call_reaches_the_server() -> None:
    # moto prints its own warnings (no Docker to run a function in) with print(): to stdout.
    with local_aws("--port", "0", "--no-seed") as server:
        lines = server.export_lines()
        variables = sourced(lines)
        session = boto3.Session(
            region_name=variables["AWS_REGION"],
            aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=variables["AWS_SESSION_TOKEN"],
        )
        endpoint = variables["AWS_ENDPOINT_URL"]
        role = session.client("iam", endpoint_url=endpoint).create_role(
            RoleName="local-aws-test", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.py", "def handler(event, context):\n    return {}\n")
        functions = session.client("lambda", endpoint_url=endpoint)
        functions.create_function(
            FunctionName="local-aws-test",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code.getvalue()},
        )
        functions.invoke(FunctionName="local-aws-test", Payload=b"{}")
        exit_code, _ = server.interrupt()
        rest = server.rest_of_stdout()
    assert exit_code == 0
    assert rest == []
    assert all(re.fullmatch(r"export [A-Z_]+='[^']*'", line) for line in lines), lines


def test_export_values_are_single_quoted_for_the_shell() -> None:
    value = "it's a b/c $HOME `x` \\"
    assert sourced([f"export ODD={shell_quoted(value)}"]) == {"ODD": value}


@pytest.mark.parametrize("table", ["a b/c", "ab", "x" * 256, "naïve"])
def test_a_table_name_dynamodb_refuses_is_one_line_and_exit_2(
    table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--table", table, "--port", "0"])
    out, err = capsys.readouterr()
    assert one_line(err) == (
        f"local_aws: --table {table!r} is not a DynamoDB table name; expected 3-255 characters "
        "of letters, digits, '_', '-' and '.'"
    )
    assert (code, out) == (2, "")
