"""Seeding the lookup table: validation by line, idempotent writes, CSV and JSON Lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.seed_customers import ProgressBar, Row, SeedReport, main, seed, write_items
from tests.conftest import REPO_ROOT, SAMPLE_CUSTOMERS
from tests.fixtures import CUSTOMERS

pytestmark = pytest.mark.integration


def scan_all(client: Any, table: str) -> dict[str, dict[str, str]]:
    items = client.scan(TableName=table)["Items"]
    return {i["phoneNumber"]["S"]: {k: v["S"] for k, v in i.items()} for i in items}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_of_customers_seeds_every_customer_in_e164(dynamodb_client: Any) -> None:
    report = seed(dynamodb_client, "seed-fixture", CUSTOMERS, create_table=True)
    rows = [json.loads(line) for line in CUSTOMERS.read_text().splitlines()]
    stored = scan_all(dynamodb_client, "seed-fixture")
    assert report.ok
    assert report.written == len(rows) == len(stored)
    assert stored["+14155550103"]["firstName"] == "Lucía"


def test_the_sample_customers_seed_without_a_rejected_row(dynamodb_client: Any) -> None:
    # The user's own file (make demo and make flows seed it): whatever it holds, every row of it
    # must be one the seeder accepts, or a customer would silently be missing.
    report = seed(dynamodb_client, "seed-sample", SAMPLE_CUSTOMERS, create_table=True)
    lines = [line for line in SAMPLE_CUSTOMERS.read_text(encoding="utf-8").splitlines() if line]
    assert report.rejected == [], report.rejected
    assert report.written == len(lines)


def test_running_twice_leaves_the_table_as_after_one_run(dynamodb_client: Any) -> None:
    seed(dynamodb_client, "seed-twice", CUSTOMERS, create_table=True)
    first = scan_all(dynamodb_client, "seed-twice")
    report = seed(dynamodb_client, "seed-twice", CUSTOMERS)
    assert report.ok
    assert scan_all(dynamodb_client, "seed-twice") == first


def test_bad_rows_are_reported_by_line_and_good_rows_still_written(
    dynamodb_client: Any, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "mixed.jsonl",
        "\n".join(
            [
                '{"phoneNumber": "415.555.0180", "firstName": "Ann", "membershipStatus": "gold"}',
                '{"phoneNumber": "call me"}',
                "{not json",
                '{"firstName": "No Number"}',
                '{"phoneNumber": "+14155550181", "membershipStatus": "PLATINUM"}',
                '{"phoneNumber": "+14155550182", "firstname": "typo"}',
                '{"phoneNumber": "+14155550183", "preferredLanguage": "Spanish please"}',
                '{"phoneNumber": "+1 415 555 0180", "firstName": "Again"}',
                '["a", "list"]',
                '{"phoneNumber": "+14155550184", "firstName": {"nested": 1}}',
                '{"phoneNumber": "+14155550185", "customerId": 42, "preferredLanguage": "es-mx"}',
            ]
        ),
    )
    report = seed(dynamodb_client, "seed-mixed", path, create_table=True)
    stored = scan_all(dynamodb_client, "seed-mixed")
    assert sorted(stored) == ["+14155550180", "+14155550185"]
    assert stored["+14155550180"]["membershipStatus"] == "GOLD"
    assert stored["+14155550185"] == {
        "phoneNumber": "+14155550185",
        "customerId": "42",
        "preferredLanguage": "es-MX",
    }
    reasons = {r.line: r.reason for r in report.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert "phoneNumber" in reasons[2]
    assert "not valid JSON" in reasons[3]
    assert "phoneNumber is missing" in reasons[4]
    assert "PLATINUM" in reasons[5]
    assert "firstname" in reasons[6]
    assert "BCP 47" in reasons[7]
    assert "repeats line 1" in reasons[8]


def test_csv_files_are_read_with_their_header(dynamodb_client: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "customers.csv",
        "phoneNumber,firstName,lastName,membershipStatus,openCaseId\n"
        "+14155550190,Kim,Lee,SILVER,\n"
        '"(415) 555-0191","Ortiz, Jr.",,NONE,CASE-7\n'
        "+14155550192,too,many,cells,here,extra\n",
    )
    report = seed(dynamodb_client, "seed-csv", path, create_table=True)
    stored = scan_all(dynamodb_client, "seed-csv")
    assert stored["+14155550191"] == {
        "phoneNumber": "+14155550191",
        "firstName": "Ortiz, Jr.",
        "membershipStatus": "NONE",
        "openCaseId": "CASE-7",
    }
    assert "openCaseId" not in stored["+14155550190"]
    assert [r.line for r in report.rejected] == [4]


def test_unprocessed_items_are_retried_until_written() -> None:
    class Flaky:
        def __init__(self) -> None:
            self.calls = 0

        def batch_get_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
            return {"Responses": {}}

        def batch_write_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
            self.calls += 1
            [(table, requests)] = RequestItems.items()
            leftover = requests[1:] if self.calls < 3 else []
            return {"UnprocessedItems": {table: leftover} if leftover else {}}

    client = Flaky()
    report = SeedReport()
    rows = [Row(i + 1, {"phoneNumber": f"+1415555020{i}"}) for i in range(3)]
    write_items(client, "t", rows, report, sleep=lambda s: None)
    assert (report.written, report.unwritten, client.calls) == (3, [], 3)


def test_items_never_accepted_are_reported_masked() -> None:
    class Refusing:
        def batch_get_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
            return {"Responses": {}}

        def batch_write_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
            return {"UnprocessedItems": RequestItems}

    report = SeedReport()
    rows = [Row(1, {"phoneNumber": "+14155550209"})]
    write_items(Refusing(), "t", rows, report, sleep=lambda s: None)
    assert (report.written, report.unwritten) == (0, ["+*******0209"])


def test_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(50, stream)
        bar.advance(25)
        bar.advance(25)
        bar.close()
    assert "50/50 rows" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_missing_table_without_create_is_one_line_and_exit_2(
    dynamodb_endpoint: str, aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--table", "absent", "--endpoint-url", dynamodb_endpoint, str(CUSTOMERS)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "seed_customers: table 'absent' does not exist; pass --create-table to create it"
    ]


def test_missing_file_says_no_such_file_and_exits_2(
    dynamodb_endpoint: str, aws_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jsonl"
    code = main(["--table", "seed-t", "--endpoint-url", dynamodb_endpoint, str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        f"seed_customers: {missing}: no such file; expected a .jsonl or .csv file"
    ]


def test_file_that_is_not_utf8_is_one_line_and_exit_2(
    dynamodb_endpoint: str, aws_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("phoneNumber,firstName\n+14155550100,Zo\u00eb\n".encode("latin-1"))
    code = main(["--table", "seed-t", "--endpoint-url", dynamodb_endpoint, str(latin1)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        f"seed_customers: {latin1}: not UTF-8 text (byte 0xeb at offset 37); save the file as UTF-8"
    ]


def test_command_line_reports_rejections_and_exits_1(
    dynamodb_endpoint: str, aws_env: None, tmp_path: Path
) -> None:
    path = write(tmp_path, "two.jsonl", '{"phoneNumber": "+14155550195"}\n{"phoneNumber": "x"}\n')
    completed = subprocess.run(
        [
            sys.executable,
            "scripts/seed_customers.py",
            "--table",
            "seed-cli",
            "--endpoint-url",
            dynamodb_endpoint,
            "--create-table",
            str(path),
        ],
        cwd=REPO_ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert f"{path}:2: rejected:" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout.startswith("1 written, 1 rejected")
