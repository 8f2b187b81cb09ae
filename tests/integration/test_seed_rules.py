"""Seeding keeps what is stored: numbers a caller ID can carry, replacements named, --no-replace.

Each test builds its own table on the local moto server and its own file; none reads the sample
data. The command line is run in-process (``main``) and judged by what a user sees: the lines on
stdout and stderr, the exit status, and what the table holds afterwards.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from customer_lookup.phone import to_e164
from scripts.seed_customers import caller_id_key, main

pytestmark = pytest.mark.integration

_tables = itertools.count(1)
GOLD = {
    "phoneNumber": "+14155550300",
    "customerId": "C-300",
    "firstName": "Gia",
    "membershipStatus": "GOLD",
    "accountNumber": "ACC-300",
}


@dataclass(frozen=True)
class Run:
    code: int
    out: list[str]
    err: list[str]
    stored: dict[str, dict[str, str]]


Seed = Callable[..., Run]


def items(client: Any, table: str) -> dict[str, dict[str, str]]:
    found = client.scan(TableName=table)["Items"]
    return {i["phoneNumber"]["S"]: {k: v["S"] for k, v in i.items()} for i in found}


@pytest.fixture
def seed_lines(
    dynamodb_endpoint: str,
    dynamodb_client: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Seed:
    """Write ``lines`` to a file, seed a fresh table holding ``existing`` with it."""

    def run(
        lines: list[str],
        *,
        existing: list[dict[str, str]] = (),  # type: ignore[assignment]
        name: str = "customers.jsonl",
        options: list[str] = (),  # type: ignore[assignment]
        client: Any = None,
    ) -> Run:
        table = f"seed-rules-{next(_tables)}"
        dynamodb_client.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": "phoneNumber", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "phoneNumber", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for item in existing:
            dynamodb_client.put_item(TableName=table, Item={k: {"S": v} for k, v in item.items()})
        path = tmp_path / name
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        capsys.readouterr()
        code = main(["--table", table, "--endpoint-url", dynamodb_endpoint, str(path), *options])
        out, err = capsys.readouterr()
        return Run(code, out.splitlines(), err.splitlines(), items(dynamodb_client, table))

    return run


# ---------------------------------------------------------------------------------------------
# Which numbers may be stored


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("555-1234", "a local number without its area code"),
        ("+15551234", "a local number without its area code"),
        ("+1 415 055 0100", "not a valid number for country code +1 (US"),
        ("+44 20 1234 567", "not a valid number for country code +44 (GB"),
    ],
)
def test_a_number_no_caller_id_can_carry_is_rejected_by_line(
    seed_lines: Seed, given: str, why: str
) -> None:
    # Each is possible for libphonenumber (the function would look it up), none is valid.
    assert phonenumbers.is_possible_number(phonenumbers.parse(given, "US"))
    run = seed_lines([f'{{"phoneNumber": "{given}"}}', '{"phoneNumber": "+14155550301"}'])
    [line] = [line for line in run.err if ": rejected: " in line]
    assert line.split(": rejected: ")[0].endswith("customers.jsonl:1")
    assert line.split(": rejected: ")[1].startswith(f"phoneNumber: {why}")
    assert line.endswith(
        "expected a whole number, in E.164 such as +14155550100 or national with its area code"
    )
    assert sorted(run.stored) == ["+14155550301"]
    assert run.code == 1


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("+999123", "+999 is no country's calling code"),
        ("+1", "not a phone number"),
        ("+44 1", "too short for a phone number"),
        ("011 1", "too short for a phone number"),
        ("+1 415 555 0100 0000 0000", "too long for a phone number"),
    ],
)
def test_a_number_libphonenumber_cannot_read_is_rejected_in_words(
    seed_lines: Seed, given: str, why: str
) -> None:
    """In words, not libphonenumber's own message and error code (``(0) Could not ...``)."""
    with pytest.raises(phonenumbers.NumberParseException):
        phonenumbers.parse(given, "US")
    run = seed_lines([f'{{"phoneNumber": "{given}"}}'])
    [line] = [line for line in run.err if ": rejected: " in line]
    assert line.split(": rejected: ")[1].startswith(f"phoneNumber: {why}; expected a whole number")
    assert run.code == 1


def test_national_numbers_use_the_default_country_given_in_any_case(seed_lines: Seed) -> None:
    run = seed_lines(['{"phoneNumber": "020 7946 0958"}'], options=["--default-country", "gb"])
    assert sorted(run.stored) == ["+442079460958"]
    assert run.code == 0


@pytest.mark.parametrize(
    "region", sorted(r for r in phonenumbers.SUPPORTED_REGIONS if r < "C")
)  # a slice of the regions keeps the run short; the rule is the same for all
def test_every_stored_key_is_one_the_function_looks_up_unchanged(region: str) -> None:
    for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
        key = caller_id_key(national, region)
        # What Connect passes for that caller is E.164; the function normalises it to the key.
        assert to_e164(key, "US") == key == to_e164(national, region)


@pytest.mark.parametrize("country", ["usa", "XX", "", "U5"])
def test_a_default_country_libphonenumber_does_not_know_is_one_line_and_exit_2(
    seed_lines: Seed, country: str
) -> None:
    run = seed_lines(['{"phoneNumber": "415 555 0302"}'], options=["--default-country", country])
    assert run.err == [
        f"seed_customers: --default-country {country!r} is not a region libphonenumber knows; "
        "expected a two-letter ISO 3166 code such as US, GB, MX"
    ]
    assert (run.code, run.stored) == (2, {})


@pytest.mark.parametrize(
    ("value", "kind"),
    [('"hello"', "a string"), ("42", "a number"), ("null", "null"), ("[1]", "a list")],
)
def test_a_json_row_that_is_not_an_object_says_what_it_is(
    seed_lines: Seed, value: str, kind: str
) -> None:
    run = seed_lines([value])
    assert run.err[0].endswith(
        f'customers.jsonl:1: rejected: expected a JSON object such as {{"phoneNumber": '
        f'"+14155550100"}}, found {kind}'
    )


# ---------------------------------------------------------------------------------------------
# What is already stored


def test_a_replaced_customer_is_counted_and_named(seed_lines: Seed) -> None:
    same = {"phoneNumber": "+14155550303", "firstName": "Sam"}
    run = seed_lines(
        [
            '{"phoneNumber": "+14155550300", "firstName": "Gina"}',
            '{"phoneNumber": "+14155550303", "firstName": "Sam"}',
            '{"phoneNumber": "+14155550304"}',
        ],
        existing=[GOLD, same],
    )
    path = run.out[-1].rsplit(" in ", 1)[1]
    assert run.out == [
        f"{path}:1: replaced customer +*******0300 (C-300): removed accountNumber, customerId, "
        "membershipStatus; changed firstName",
        f"3 written (1 new, 1 replaced, 1 unchanged), 0 rejected, 0 not written, of 3 rows in "
        f"{path}",
    ]
    assert run.stored["+14155550300"] == {"phoneNumber": "+14155550300", "firstName": "Gina"}
    assert run.code == 0


def test_running_a_file_again_reports_it_unchanged(seed_lines: Seed) -> None:
    run = seed_lines(
        ['{"phoneNumber": "+14155550305", "firstName": "Una"}'],
        existing=[{"phoneNumber": "+14155550305", "firstName": "Una"}],
    )
    assert run.out[-1].startswith("1 written (1 unchanged), 0 rejected")
    assert run.code == 0


def test_no_replace_keeps_stored_customers_and_reports_the_rows_skipped(seed_lines: Seed) -> None:
    unchanged = {"phoneNumber": "+14155550306", "firstName": "Ora"}
    run = seed_lines(
        [
            '{"phoneNumber": "+14155550300", "firstName": "Gina"}',
            '{"phoneNumber": "+14155550306", "firstName": "Ora"}',
            '{"phoneNumber": "+14155550307", "firstName": "Pim"}',
        ],
        existing=[GOLD, unchanged],
        options=["--no-replace"],
    )
    path = run.out[-1].rsplit(" in ", 1)[1]
    assert run.stored == {
        "+14155550300": GOLD,
        "+14155550306": unchanged,
        "+14155550307": {"phoneNumber": "+14155550307", "firstName": "Pim"},
    }
    assert run.err == [
        f"{path}:1: skipped: customer +*******0300 (C-300) is stored with other values and kept "
        "(--no-replace)"
    ]
    assert run.out == [
        f"2 written (1 new, 1 unchanged), 0 rejected, 1 skipped (--no-replace), 0 not written, "
        f"of 3 rows in {path}"
    ]
    assert run.code == 1


class ConcurrentWriter:
    """A DynamoDB client whose first put_item finds the item written by someone else a moment
    before: what a check-then-write would overwrite."""

    def __init__(self, client: Any, item: dict[str, str]) -> None:
        self._client = client
        self._item = item

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def put_item(self, **kwargs: Any) -> Any:
        if self._item:
            self._client.put_item(
                TableName=kwargs["TableName"], Item={k: {"S": v} for k, v in self._item.items()}
            )
            self._item = {}
        return self._client.put_item(**kwargs)


def test_no_replace_never_overwrites_an_item_written_meanwhile(
    dynamodb_client: Any, tmp_path: Path
) -> None:
    from scripts.seed_customers import seed

    path = tmp_path / "one.jsonl"
    path.write_text('{"phoneNumber": "+14155550300", "firstName": "Late"}\n', encoding="utf-8")
    table = f"seed-rules-{next(_tables)}"
    client = ConcurrentWriter(dynamodb_client, GOLD)
    report = seed(client, table, path, create_table=True, replace=False)
    assert items(dynamodb_client, table) == {"+14155550300": GOLD}
    assert [(k.line, k.customer_id) for k in report.kept] == [(1, "C-300")]


def test_a_rejected_row_never_changes_the_stored_customer(seed_lines: Seed) -> None:
    run = seed_lines(
        [
            '{"phoneNumber": "+14155550300", "membershipStatus": "PLATINUM"}',
            '{"phoneNumber": "+1 415 555 0300", "firstname": "typo"}',
            '{"phoneNumber": "+14155550300", "firstName": "Line\\nbreak"}',
        ],
        existing=[GOLD],
    )
    assert run.stored == {"+14155550300": GOLD}
    assert len([line for line in run.err if ": rejected: " in line]) == 3
    assert run.code == 1


# ---------------------------------------------------------------------------------------------
# Files with no rows, and other careless input


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("empty.jsonl", []),
        ("empty.csv", []),
        ("header.csv", ["phoneNumber,firstName"]),
        ("blank.jsonl", ["", "   "]),
    ],
)
def test_a_file_with_no_rows_says_so_and_exits_1(
    seed_lines: Seed, name: str, lines: list[str]
) -> None:
    run = seed_lines(lines, name=name, existing=[GOLD])
    path = run.out[-1].rsplit(" in ", 1)[1]
    assert run.err == [
        f"seed_customers: {path}: no rows; expected one customer per line (JSON Lines, or CSV "
        "after a header line)"
    ]
    assert run.stored == {"+14155550300": GOLD}
    assert run.code == 1


def test_a_utf8_byte_order_mark_is_accepted(
    dynamodb_endpoint: str, aws_env: None, dynamodb_client: Any, tmp_path: Path
) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffphoneNumber,firstName\n+14155550308,Zoë\n".encode())
    table = f"seed-rules-{next(_tables)}"
    code = main(
        ["--table", table, "--endpoint-url", dynamodb_endpoint, "--create-table", str(path)]
    )
    assert code == 0
    assert items(dynamodb_client, table)["+14155550308"]["firstName"] == "Zoë"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_files_are_named_as_such(
    dynamodb_endpoint: str,
    aws_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes("phoneNumber\n+14155550309\n".encode(encoding))
    code = main(["--table", "seed-wide", "--endpoint-url", dynamodb_endpoint, str(path)])
    assert capsys.readouterr().err.splitlines() == [
        f"seed_customers: {path}: {encoding.upper()} text; save the file as UTF-8"
    ]
    assert code == 2


def test_a_json_array_file_is_told_apart_from_json_lines(
    seed_lines: Seed,
) -> None:
    run = seed_lines(
        ['[{"phoneNumber": "+14155550310"},', ' {"phoneNumber": "+14155550311"}]'],
        name="export.json",
    )
    path = run.err[0].split(": ")[1]
    assert run.err == [
        f"seed_customers: {path}: one JSON array of 2 value(s); expected JSON Lines, one object "
        "per line (jq -c '.[]' turns the array into that)"
    ]
    assert (run.code, run.stored) == (2, {})


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ["--endpoint-url", "not-a-url"],
            "seed_customers: --endpoint-url 'not-a-url' is not a URL; expected a scheme and a "
            "host, e.g. http://127.0.0.1:8000",
        ),
        (
            ["--table", "a b/c"],
            "seed_customers: --table 'a b/c' is not a DynamoDB table name; expected 3-255 "
            "characters of letters, digits, '_', '-' and '.'",
        ),
    ],
)
def test_a_bad_endpoint_or_table_name_is_one_line_and_exit_2(
    aws_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    expected: str,
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"phoneNumber": "+14155550312"}\n', encoding="utf-8")
    code = main(["--table", "seed-endpoint", str(path), *options])
    assert capsys.readouterr().err.splitlines() == [expected]
    assert code == 2


def test_a_bad_endpoint_in_the_environment_is_one_line_and_exit_2(
    aws_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "not-a-url")
    path = tmp_path / "one.jsonl"
    path.write_text('{"phoneNumber": "+14155550312"}\n', encoding="utf-8")
    code = main(["--table", "seed-endpoint", str(path)])
    assert capsys.readouterr().err.splitlines() == [
        "seed_customers: AWS_ENDPOINT_URL_DYNAMODB='not-a-url' is not a URL; expected a scheme "
        "and a host, e.g. http://127.0.0.1:8000 (or unset it to reach AWS)"
    ]
    assert code == 2
