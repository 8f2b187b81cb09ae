"""Seeding never loses a row silently: each malformed shape of a file, through the command line.

Every test writes a small file, runs ``seed_customers.main`` against the local moto server, and
asserts three things a user sees: what the table holds afterwards, the ``FILE:LINE: rejected:``
lines, and the exit status (1 when any row was rejected, 2 when nothing could be done).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts.seed_customers import main

pytestmark = pytest.mark.integration

HEADER = "phoneNumber,customerId,firstName,membershipStatus"
GOOD_ROW_201 = "+14155550201,C-1201,Ann,GOLD"
GOOD_ROW_202 = "+14155550202,C-1202,Bo,SILVER"
STORED_201 = {
    "phoneNumber": "+14155550201",
    "customerId": "C-1201",
    "firstName": "Ann",
    "membershipStatus": "GOLD",
}
STORED_202 = {
    "phoneNumber": "+14155550202",
    "customerId": "C-1202",
    "firstName": "Bo",
    "membershipStatus": "SILVER",
}
_tables = itertools.count(1)


@dataclass(frozen=True)
class Run:
    code: int
    summary: str  # the last line of stdout
    rejected: list[str]  # the "FILE:LINE: rejected: reason" lines of stderr
    errors: list[str]  # every other line of stderr
    stored: dict[str, dict[str, str]]  # the table afterwards, by phone number


SeedFile = Callable[..., Run]


@pytest.fixture
def seed_file(
    dynamodb_endpoint: str, dynamodb_client: Any, capsys: pytest.CaptureFixture[str]
) -> SeedFile:
    """Run the seeding command line on a file into a fresh table; return what it did."""

    def run(path: Path, *, existing: list[dict[str, str]] | None = None) -> Run:
        table = f"seed-malformed-{next(_tables)}"
        dynamodb_client.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": "phoneNumber", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "phoneNumber", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for item in existing or []:
            dynamodb_client.put_item(TableName=table, Item={k: {"S": v} for k, v in item.items()})
        capsys.readouterr()
        code = main(["--table", table, "--endpoint-url", dynamodb_endpoint, str(path)])
        out, err = capsys.readouterr()
        lines = err.splitlines()
        items = dynamodb_client.scan(TableName=table)["Items"]
        return Run(
            code=code,
            summary=out.strip().splitlines()[-1] if out.strip() else "",
            rejected=[line for line in lines if ": rejected: " in line],
            errors=[line for line in lines if ": rejected: " not in line],
            stored={i["phoneNumber"]["S"]: {k: v["S"] for k, v in i.items()} for i in items},
        )

    return run


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_unclosed_quote_rejects_its_line_and_the_rows_after_it_are_written(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, HEADER, '+14155550200,C-1200,"Oops,GOLD', GOOD_ROW_201, GOOD_ROW_202)
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201, "+14155550202": STORED_202}
    assert run.rejected == [
        f"{path}:2: rejected: cell 3: the quote in column 21 is not closed on this line "
        "(a record is one line; line breaks inside cells are not accepted)"
    ]
    assert run.summary == f"2 written, 1 rejected, 0 not written, of 3 rows in {path}"
    assert run.code == 1


def test_a_stray_quote_inside_a_plain_cell_rejects_its_line(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    stray = '+14155550203,C-1203,O"Brien,NONE'
    path = csv_file(tmp_path, HEADER, GOOD_ROW_201, stray, GOOD_ROW_202)
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201, "+14155550202": STORED_202}
    assert run.rejected == [
        f"{path}:3: rejected: cell 3: a quote inside an unquoted cell (column 22); "
        'quote the whole cell and double the quotes inside it ("O""Brien")'
    ]
    assert run.code == 1


def test_text_after_a_closing_quote_rejects_its_line(seed_file: SeedFile, tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, '+14155550204,C-1204,"Ann"e,GOLD', GOOD_ROW_202)
    run = seed_file(path)
    assert run.stored == {"+14155550202": STORED_202}
    assert run.rejected == [
        f"{path}:2: rejected: cell 3: text after its closing quote (column 26); "
        'a quoted cell ends at its quote, write "" for a quote inside it'
    ]
    assert run.code == 1


def test_a_cell_quoted_across_lines_is_rejected_on_each_of_its_lines(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path, HEADER, '+14155550205,C-1205,"Ann', 'Marie",GOLD', GOOD_ROW_201, GOOD_ROW_202
    )
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201, "+14155550202": STORED_202}
    assert run.rejected == [
        f"{path}:2: rejected: cell 3: the quote in column 21 is not closed on this line "
        "(a record is one line; line breaks inside cells are not accepted)",
        f"{path}:3: rejected: cell 1: a quote inside an unquoted cell (column 6); "
        'quote the whole cell and double the quotes inside it ("O""Brien")',
    ]
    assert run.summary == f"2 written, 2 rejected, 0 not written, of 4 rows in {path}"
    assert run.code == 1


def test_a_row_with_semicolons_between_cells_is_rejected_with_a_hint(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, HEADER, "+14155550206;C-1206;Cy;GOLD", GOOD_ROW_201)
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [
        f"{path}:2: rejected: 1 cell where the header has 4 columns; "
        "cells are separated by commas, this line seems to use ';'"
    ]
    assert run.code == 1


def test_a_header_with_semicolons_stops_before_anything_is_written(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        "phoneNumber;customerId;firstName",
        "+14155550207;C-1207;Di",
    )
    before = {"phoneNumber": "+14155550100", "firstName": "Olivia"}
    run = seed_file(path, existing=[before])
    assert run.stored == {"+14155550100": before}
    assert run.errors == [
        f"seed_customers: {path}:1: the header has one column; "
        "cells are separated by commas, this line seems to use ';'"
    ]
    assert run.code == 2


def test_a_header_with_an_unknown_column_stops_before_anything_is_written(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "phoneNumber,firstname", "+14155550208,Eve")
    run = seed_file(path)
    assert run.stored == {}
    assert run.errors == [
        f"seed_customers: {path}:1: unknown header column(s) firstname; expected phoneNumber, "
        "customerId, firstName, lastName, openCaseId, accountNumber, membershipStatus, "
        "preferredLanguage"
    ]
    assert run.code == 2


def test_a_header_naming_a_column_twice_stops_before_anything_is_written(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "phoneNumber,firstName,firstName", "+14155550209,Fay,Gus")
    run = seed_file(path)
    assert run.stored == {}
    assert run.errors == [
        f"seed_customers: {path}:1: header column(s) firstName appear more than once"
    ]
    assert run.code == 2


def test_a_row_with_too_few_cells_is_rejected(seed_file: SeedFile, tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "+14155550210,C-1210", GOOD_ROW_201)
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [f"{path}:2: rejected: 2 cells where the header has 4 columns"]
    assert run.code == 1


def test_a_row_with_too_many_cells_is_rejected(seed_file: SeedFile, tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, GOOD_ROW_201, "+14155550211,C-1211,Hal,GOLD,extra")
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [f"{path}:3: rejected: 5 cells where the header has 4 columns"]
    assert run.code == 1


def test_a_carriage_return_inside_a_line_is_rejected_as_a_line_break(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(f"{HEADER}\r\n+14155550212,C-12\r12,Ida,GOLD\r\n{GOOD_ROW_201}\r\n".encode())
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [
        f"{path}:2: rejected: customerId: contains a line break (U+000D at character 5); "
        "expected one line of text"
    ]
    assert run.code == 1


def test_a_json_value_with_a_line_break_is_rejected(seed_file: SeedFile, tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text(
        '{"phoneNumber": "+14155550213", "firstName": "Jo\\nBe"}\n'
        '{"phoneNumber": "+14155550201", "customerId": "C-1201", "firstName": "Ann", '
        '"membershipStatus": "GOLD"}\n',
        encoding="utf-8",
    )
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [
        f"{path}:1: rejected: firstName: contains a line break (U+000A at character 3); "
        "expected one line of text"
    ]
    assert run.code == 1


def test_blank_lines_are_not_rows_and_line_numbers_stay_true(
    seed_file: SeedFile, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, HEADER, "", GOOD_ROW_201, "   ", "+14155550214,C-1214,Kai,PLATINUM")
    run = seed_file(path)
    assert run.stored == {"+14155550201": STORED_201}
    assert run.rejected == [
        f"{path}:5: rejected: membershipStatus 'PLATINUM': expected BRONZE, GOLD, NONE, SILVER"
    ]
    assert run.summary == f"1 written, 1 rejected, 0 not written, of 2 rows in {path}"
