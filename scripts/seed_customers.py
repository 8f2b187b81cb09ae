"""Load customers into the lookup table from JSON Lines or CSV.

    python scripts/seed_customers.py --table NAME FILE [--endpoint-url URL] [--create-table]
        [--region REGION] [--profile P] [--default-country US]

Every row is validated first; rejected rows are reported with their line numbers and the good
rows are still written. Rows are written with BatchWriteItem (25 at a time), unprocessed items are
retried with back-off, and a row replaces the stored item with the same phone number, so running
the same file twice leaves the table as after one run. Items whose numbers are not in the file are
never touched.

Rules (the same the function applies when it reads): ``phoneNumber`` is required and stored in
E.164 (national numbers use ``--default-country``); ``membershipStatus`` is one of GOLD, SILVER,
BRONZE, NONE (any case, stored upper case); ``preferredLanguage`` is a BCP 47 tag (stored in
canonical case); other fields are ``customerId``, ``firstName``, ``lastName``, ``openCaseId``,
``accountNumber``, all optional text. An unknown field is an error (a typo such as ``firstname``
would otherwise be stored and never read). A number that appears twice keeps its first row.
No value may hold a line break or another control character.

Files: JSON Lines (one object per line) or CSV with a header line naming the columns. A CSV
record is one line (:mod:`scripts.csv_lines`): a quote left open at the end of a line, a stray
quote, text after a closing quote, or a row with more or fewer cells than the header (a row
written with ``;`` between cells, say) rejects that line alone, and the next line is read as
usual. So a properly quoted cell spanning several lines is not accepted either: each of its
lines is rejected (no customer field holds a line break, and accepting one would let an
unclosed quote swallow the rows after it). A header that is not usable (unknown or repeated
column names, no ``phoneNumber`` column, another separator than commas) stops the run before
anything is written: every row depends on it. Rows read = non-blank data lines in the file.

Exit status: 0 every row written; 1 some rows rejected or not written (the others were);
2 nothing could be done (bad arguments, no such file, not UTF-8, an unusable CSV header, table
missing, AWS error).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from customer_lookup.customers import MEMBERSHIP_STATUSES, normalize_language_tag
from customer_lookup.phone import PhoneNumberError, mask, to_e164
from scripts.csv_lines import RecordError, delimiter_hint, split_record

KEY = "phoneNumber"
TEXT_FIELDS = ("customerId", "firstName", "lastName", "openCaseId", "accountNumber")
FIELDS = (KEY, *TEXT_FIELDS, "membershipStatus", "preferredLanguage")
MAX_VALUE_CHARS = 2048
BATCH_SIZE = 25  # BatchWriteItem's limit
MAX_UNPROCESSED_RETRIES = 8


class SeedError(Exception):
    """Nothing could be written; the message is one line for the user."""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass
class SeedReport:
    read: int = 0
    written: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)  # masked numbers DynamoDB never accepted

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.unwritten


# ---------------------------------------------------------------------------------------------
# Reading and validating


def read_rows(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, row) for every data row: a dict, or a string saying why the line is not one.

    Every non-blank line after a CSV header, and every non-blank line of JSON Lines, is one row,
    so the count of rows is the count of data lines in the file. Raises :class:`SeedError` when
    the file cannot be read or its CSV header is unusable (then no row can be read at all).
    """
    text = _read_text(path)
    lines = _numbered_lines(text)
    if path.suffix.lower() == ".csv" or (path.suffix.lower() != ".jsonl" and _looks_like_csv(text)):
        yield from _csv_rows(lines, path)
    else:
        yield from _jsonl_rows(lines)


def _read_text(path: Path) -> str:
    try:
        # Bytes, then text: read_text() would turn a lone CR into a line break (a new row).
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise SeedError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise SeedError(f"{path}: is a directory; expected a .jsonl or .csv file") from exc
    except PermissionError as exc:
        raise SeedError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise SeedError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SeedError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from exc


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the non-blank lines. Lines end at LF or CRLF only: a lone CR or a
    Unicode line separator stays inside its line, where validation rejects it as a control
    character instead of silently starting a new row."""
    numbered = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.strip():
            numbered.append((number, line))
    return numbered


def _looks_like_csv(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return not first.lstrip().startswith("{")


def _jsonl_rows(lines: list[tuple[int, str]]) -> Iterator[tuple[int, Any]]:
    for number, line in lines:
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON ({exc.msg} at column {exc.colno})"


def _csv_rows(lines: list[tuple[int, str]], path: Path) -> Iterator[tuple[int, Any]]:
    """Rows of a CSV file, read one line at a time (see :mod:`scripts.csv_lines`): a malformed
    line is rejected on its own and the lines after it are still read."""
    if not lines:
        return
    header_line, header_text = lines[0]
    columns = _csv_header(header_text, f"{path}:{header_line}")
    for number, line in lines[1:]:
        try:
            cells = split_record(line)
        except RecordError as exc:
            yield number, str(exc)
            continue
        if len(cells) != len(columns):
            hint = delimiter_hint(line, len(columns)) if len(cells) < len(columns) else ""
            yield number, f"{_cells(len(cells))} where the header has {len(columns)} columns{hint}"
            continue
        yield number, {name: value for name, value in zip(columns, cells, strict=True) if value}


def _csv_header(text: str, where: str) -> list[str]:
    """The column names of a CSV header line, or :class:`SeedError`: every row depends on it."""
    try:
        names = [name.strip() for name in split_record(text)]
    except RecordError as exc:
        raise SeedError(f"{where}: the header is not a CSV line: {exc}") from exc
    if len(names) == 1:
        hint = delimiter_hint(names[0], 2)
        if hint:
            raise SeedError(f"{where}: the header has one column{hint}")
    blank = [str(i) for i, name in enumerate(names, start=1) if not name]
    if blank:
        raise SeedError(f"{where}: header column(s) {', '.join(blank)} have no name")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise SeedError(f"{where}: header column(s) {', '.join(repeated)} appear more than once")
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise SeedError(
            f"{where}: unknown header column(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}"
        )
    if KEY not in names:
        raise SeedError(f"{where}: the header has no {KEY} column")
    return names


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


def validate_row(row: Any, default_country: str) -> dict[str, str]:
    """The item to store, or ValueError naming the field and what was expected."""
    if isinstance(row, str):
        raise ValueError(row)
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object, found {type(row).__name__}")
    unknown = sorted(str(k) for k in row if k not in FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    item: dict[str, str] = {}
    for name, value in row.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"{name}: expected text, found {type(value).__name__}")
        text = str(value).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"{name}: longer than {MAX_VALUE_CHARS} characters")
        _check_one_line(name, text)
        if text:
            item[name] = text
    if KEY not in item:
        raise ValueError(f"{KEY} is missing")
    try:
        item[KEY] = to_e164(item[KEY], default_country)
    except PhoneNumberError as exc:
        raise ValueError(f"{KEY}: {exc} (expected E.164 such as +14155550100)") from exc
    if "membershipStatus" in item:
        status = item["membershipStatus"].upper()
        if status not in MEMBERSHIP_STATUSES:
            allowed = ", ".join(sorted(MEMBERSHIP_STATUSES))
            raise ValueError(f"membershipStatus {item['membershipStatus']!r}: expected {allowed}")
        item["membershipStatus"] = status
    if "preferredLanguage" in item:
        tag = normalize_language_tag(item["preferredLanguage"])
        if not tag:
            raise ValueError(
                f"preferredLanguage {item['preferredLanguage']!r}: expected a BCP 47 tag "
                "such as en-US or es-MX"
            )
        item["preferredLanguage"] = tag
    return item


# Line breaks (Cc includes CR and LF), other control characters, and the Unicode line and
# paragraph separators: no field of a customer holds them, and a value with one is either a
# broken file (a row that swallowed the next) or text that would garble the caller's greeting.
_NOT_ONE_LINE = frozenset({"Cc", "Zl", "Zp"})


def _check_one_line(name: str, text: str) -> None:
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in _NOT_ONE_LINE:
            kind = "a line break" if char in "\n\r\u2028\u2029\x85" else "a control character"
            raise ValueError(
                f"{name}: contains {kind} (U+{ord(char):04X} at character {position}); "
                "expected one line of text"
            )


def validated(
    rows: Iterable[tuple[int, Any]], default_country: str, report: SeedReport
) -> list[dict[str, str]]:
    good: list[dict[str, str]] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        report.read += 1
        try:
            item = validate_row(row, default_country)
        except ValueError as exc:
            report.rejected.append(Rejected(line, str(exc)))
            continue
        seen = first_line.get(item[KEY])
        if seen is not None:
            report.rejected.append(Rejected(line, f"{KEY} repeats line {seen}; the first is kept"))
            continue
        first_line[item[KEY]] = line
        good.append(item)
    return good


# ---------------------------------------------------------------------------------------------
# Writing


def ensure_table(client: Any, table: str, *, create: bool, wait_s: float = 60.0) -> None:
    """Check the table exists with the right key; create it (on demand) if asked."""
    from botocore.exceptions import ClientError

    try:
        description = client.describe_table(TableName=table)["Table"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
        if not create:
            raise SeedError(
                f"table {table!r} does not exist; pass --create-table to create it"
            ) from exc
        client.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": KEY, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": KEY, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        client.get_waiter("table_exists").wait(
            TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": int(wait_s)}
        )
        return
    keys = {k["AttributeName"]: k["KeyType"] for k in description["KeySchema"]}
    if keys != {KEY: "HASH"}:
        raise SeedError(
            f"table {table!r} has key {keys}; expected partition key {KEY!r} and no sort key"
        )


def write_items(
    client: Any,
    table: str,
    items: list[dict[str, str]],
    report: SeedReport,
    *,
    progress: TextIO | None = None,
    sleep: Any = time.sleep,
) -> None:
    bar = ProgressBar(len(items), progress)
    for start in range(0, len(items), BATCH_SIZE):
        batch = items[start : start + BATCH_SIZE]
        requests = [{"PutRequest": {"Item": {k: {"S": v} for k, v in it.items()}}} for it in batch]
        for attempt in range(MAX_UNPROCESSED_RETRIES + 1):
            reply = client.batch_write_item(RequestItems={table: requests})
            requests = reply.get("UnprocessedItems", {}).get(table, [])
            if not requests:
                break
            if attempt < MAX_UNPROCESSED_RETRIES:
                sleep(min(2.0, 0.05 * 2**attempt))
        unwritten = {r["PutRequest"]["Item"][KEY]["S"] for r in requests}
        report.unwritten.extend(mask(n) for n in sorted(unwritten))
        report.written += len(batch) - len(unwritten)
        bar.advance(len(batch))
    bar.close()


class ProgressBar:
    """A one-line bar on a terminal; silent when the output is not one (CI logs, pipes)."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None and stream.isatty() else None

    def advance(self, n: int) -> None:
        self.done += n
        if self.stream is not None:
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} rows")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")


def seed(
    client: Any,
    table: str,
    path: Path,
    *,
    create_table: bool = False,
    default_country: str = "US",
    progress: TextIO | None = None,
) -> SeedReport:
    """Validate every row of ``path`` and write the good ones to ``table``."""
    report = SeedReport()
    items = validated(read_rows(path), default_country, report)
    ensure_table(client, table, create=create_table)
    write_items(client, table, items, report, progress=progress)
    return report


# ---------------------------------------------------------------------------------------------
# Command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seed_customers.py",
        description="Load customers (JSON Lines or CSV) into the customer-lookup table.",
    )
    parser.add_argument("file", type=Path, help="a .jsonl or .csv file of customers")
    parser.add_argument("--table", required=True, help="the DynamoDB table name")
    parser.add_argument("--endpoint-url", help="a local DynamoDB-compatible server")
    parser.add_argument("--region", help="AWS region (default: from the environment)")
    parser.add_argument("--profile", help="AWS profile")
    parser.add_argument(
        "--create-table", action="store_true", help="create the table (on demand) if missing"
    )
    parser.add_argument(
        "--default-country", default="US", help="country of national numbers (default US)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        session = boto3.Session(profile_name=args.profile, region_name=args.region)
        client = session.client("dynamodb", endpoint_url=args.endpoint_url)
        report = seed(
            client,
            args.table,
            args.file,
            create_table=args.create_table,
            default_country=args.default_country.upper(),
            progress=sys.stderr,
        )
    except SeedError as exc:
        print(f"seed_customers: {exc}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as exc:
        print(f"seed_customers: AWS error: {exc}", file=sys.stderr)
        return 2
    for rejected in report.rejected:
        print(f"{args.file}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
    for number in report.unwritten:
        print(f"not written after retries: {number}", file=sys.stderr)
    print(
        f"{report.written} written, {len(report.rejected)} rejected, "
        f"{len(report.unwritten)} not written, of {report.read} rows in {args.file}"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
