"""Load customers into the lookup table from JSON Lines or CSV.

    python scripts/seed_customers.py --table NAME FILE [--endpoint-url URL] [--create-table]
        [--region REGION] [--profile P] [--default-country US] [--no-replace]

Every row is validated first; rejected rows are reported with their line numbers and the good
rows are still written. Rows are written with BatchWriteItem (25 at a time), unprocessed items are
retried with back-off, and a row replaces the stored item with the same phone number, so running
the same file twice leaves the table as after one run. Items whose numbers are not in the file are
never touched, and a rejected row is never written. Before each batch is written the stored items
with its numbers are read, so the summary counts the rows that were new, that replaced a stored
customer with other values (each named on its own line: masked number, customer id, the fields
removed and changed), and that were already stored as given. ``--no-replace`` writes each row
only if its number is not stored yet (a conditional PutItem, so a stored item is never
overwritten, even by a concurrent writer); rows whose number is stored with other values are
reported and skipped.

Rules (the same the function applies when it reads): ``phoneNumber`` is required and stored in
E.164 (national numbers use ``--default-country``, a region libphonenumber knows); it must be a
number a caller ID can carry, that is valid for its region in libphonenumber's numbering plans:
a number that is only the right length (``is_possible_number``, what the function accepts from a
caller) or that can only be dialled locally (``555-1234``, no area code) is rejected, since no
caller ID would ever match its key. ``membershipStatus`` is one of GOLD, SILVER, BRONZE, NONE (any
case, stored upper case); ``preferredLanguage`` is a BCP 47 tag (stored in canonical case); other
fields are ``customerId``, ``firstName``, ``lastName``, ``openCaseId``, ``accountNumber``, all
optional text. An unknown field is an error (a typo such as ``firstname`` would otherwise be
stored and never read). A number that appears twice keeps its first row. No value may hold a
line break or another control character.

Files: JSON Lines (one object per line) or CSV with a header line naming the columns, in UTF-8 (a
byte-order mark is accepted). A CSV record is one line (:mod:`scripts.csv_lines`): a quote left
open at the end of a line, a stray quote, text after a closing quote, or a row with more or fewer
cells than the header (a row written with ``;`` between cells, say) rejects that line alone, and
the next line is read as usual. So a properly quoted cell spanning several lines is not accepted
either: each of its lines is rejected (no customer field holds a line break, and accepting one
would let an unclosed quote swallow the rows after it). A header that is not usable (unknown or
repeated column names, no ``phoneNumber`` column, another separator than commas) stops the run
before anything is written: every row depends on it. Rows read = non-blank data lines in the
file.

Exit status: 0 every row written; 1 some rows rejected, skipped (``--no-replace``) or not
written (the others were), or the file holds no rows; 2 nothing could be done (bad arguments, no
such file, not UTF-8, an unusable CSV header, table missing, AWS error).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import phonenumbers
from phonenumbers import NumberParseException

from customer_lookup.customers import MEMBERSHIP_STATUSES, normalize_language_tag
from customer_lookup.phone import PhoneNumberError, mask, to_e164
from flows.command_line import TextFileError, read_text_file
from scripts.aws_errors import describe
from scripts.command_line import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    check_endpoint_url,
    check_table_name,
    counted,
    run_main,
)
from scripts.csv_lines import RecordError, delimiter_hint, split_record

PROG = "seed_customers"
KEY = "phoneNumber"
TEXT_FIELDS = ("customerId", "firstName", "lastName", "openCaseId", "accountNumber")
FIELDS = (KEY, *TEXT_FIELDS, "membershipStatus", "preferredLanguage")
MAX_VALUE_CHARS = 2048
BATCH_SIZE = 25  # BatchWriteItem's limit (BatchGetItem's is 100)
MAX_UNPROCESSED_RETRIES = 8
EXPECTED_NUMBER = (
    "expected a whole number, in E.164 such as +14155550100 or national with its area code"
)


class SeedError(Exception):
    """Nothing could be written; the message is one line for the user."""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass(frozen=True)
class Row:
    """A validated row: the item to store and the line it came from."""

    line: int
    item: dict[str, str]


@dataclass(frozen=True)
class Replaced:
    """A row that replaced a stored customer holding other values."""

    line: int
    number: str  # masked
    customer_id: str  # the stored item's, '' when it had none
    removed: tuple[str, ...]  # fields the stored item had and the row has not
    changed: tuple[str, ...]  # fields both have, with other values
    added: tuple[str, ...]  # fields only the row has


@dataclass(frozen=True)
class Kept:
    """A row skipped under ``--no-replace``: its number is stored with other values."""

    line: int
    number: str  # masked
    customer_id: str


@dataclass
class SeedReport:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: list[Replaced] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)  # masked numbers DynamoDB never accepted

    @property
    def written(self) -> int:
        """Rows the table now holds as the file gives them."""
        return self.new + len(self.replaced) + self.unchanged

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.unwritten and not self.kept


# ---------------------------------------------------------------------------------------------
# Reading and validating


@dataclass(frozen=True)
class LineProblem:
    """A line that is no row at all (not JSON, a broken CSV record): why, for the report."""

    reason: str


def read_rows(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, row) for every data row: the parsed value, or a :class:`LineProblem`.

    Every non-blank line after a CSV header, and every non-blank line of JSON Lines, is one row,
    so the count of rows is the count of data lines in the file. Raises :class:`SeedError` when
    the file cannot be read or its CSV header is unusable (then no row can be read at all).
    """
    text = _read_text(path)
    lines = _numbered_lines(text)
    suffix = path.suffix.lower()
    if suffix == ".csv" or (suffix != ".jsonl" and _looks_like_csv(text)):
        yield from _csv_rows(lines, path)
    else:
        _refuse_json_document(text, path, lines)
        yield from _jsonl_rows(lines)


def _read_text(path: Path) -> str:
    try:
        return read_text_file(path, expected="a .jsonl or .csv file")
    except TextFileError as exc:
        raise SeedError(str(exc)) from exc


def _refuse_json_document(text: str, path: Path, lines: list[tuple[int, str]]) -> None:
    """A whole file that is one JSON array (a .json export) is not JSON Lines: say so once,
    rather than rejecting each of its lines. (A .jsonl file of one line holding an array is a
    row that is not an object, rejected as such.)"""
    if not text.lstrip().startswith("[") or (path.suffix.lower() == ".jsonl" and len(lines) < 2):
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return
    if isinstance(document, list):
        raise SeedError(
            f"{path}: one JSON array of {len(document)} value(s); expected JSON Lines, one "
            "object per line (jq -c '.[]' turns the array into that)"
        )


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
    return not first.lstrip().startswith(("{", "["))


def _jsonl_rows(lines: list[tuple[int, str]]) -> Iterator[tuple[int, Any]]:
    for number, line in lines:
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, LineProblem(f"not valid JSON: {exc.msg} at column {exc.colno}")


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
            yield number, LineProblem(str(exc))
            continue
        if len(cells) != len(columns):
            hint = delimiter_hint(line, len(columns)) if len(cells) < len(columns) else ""
            yield (
                number,
                LineProblem(
                    f"{_cells(len(cells))} where the header has {len(columns)} columns{hint}"
                ),
            )
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
    return counted(count, "cell")


def _json_kind(value: Any) -> str:
    """What a JSON value is, in words: 'a string', 'a number', 'a list', 'true', 'null'..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def caller_id_key(text: str, default_country: str) -> str:
    """The table key of a number: E.164, and a number a caller ID can carry.

    The function normalises what Connect gives it with :func:`to_e164`, which accepts any number
    of a possible length: a caller must never be refused for allocation data that lags reality.
    A stored key is held to more: libphonenumber must call it valid for its region
    (``is_valid_number``), since a number that is only possible, or only dialable locally
    (``555-1234`` in the US: seven digits, no area code), is a key no caller ID will ever match.
    The key is also one the function would look up unchanged, so it can be found at all.
    """
    try:
        key = to_e164(text, default_country)
    except PhoneNumberError as exc:
        cause = exc.__cause__
        why = _unreadable(text, cause) if isinstance(cause, NumberParseException) else str(exc)
        raise ValueError(f"{KEY}: {why}; {EXPECTED_NUMBER}") from exc
    number = phonenumbers.parse(key)
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
            why = "a local number without its area code: no caller ID carries one"
        else:
            plan = ", ".join(
                phonenumbers.region_codes_for_country_code(number.country_code or 0)[:3]
            )
            why = (
                f"not a valid number for country code +{number.country_code}"
                + (f" ({plan})" if plan else "")
                + ": no caller ID can match it"
            )
        raise ValueError(f"{KEY}: {why}; {EXPECTED_NUMBER}")
    if to_e164(key, default_country) != key:  # pragma: no cover - E.164 formatting is stable
        raise ValueError(f"{KEY}: the function would not look up {mask(key)} as it is stored")
    return key


def _unreadable(text: str, exc: NumberParseException) -> str:
    """Why libphonenumber could not read ``text``, in words (its own message carries its error
    code, ``(0) Could not interpret numbers after plus-sign.``)."""
    kinds = NumberParseException
    if exc.error_type == kinds.INVALID_COUNTRY_CODE:
        digits = "".join(ch for ch in text if ch.isdigit())
        if text.lstrip().startswith("+"):
            return f"+{digits[:3]} is no country's calling code"
        return "not a number with a country code"
    if exc.error_type == kinds.TOO_LONG:
        return "too long for a phone number"
    if exc.error_type in (kinds.TOO_SHORT_NSN, kinds.TOO_SHORT_AFTER_IDD):
        return "too short for a phone number"
    return "not a phone number"


def validate_row(row: Any, default_country: str) -> dict[str, str]:
    """The item to store, or ValueError naming the field and what was expected."""
    if isinstance(row, LineProblem):
        raise ValueError(row.reason)
    if not isinstance(row, dict):
        raise ValueError(
            f'expected a JSON object such as {{"{KEY}": "+14155550100"}}, found {_json_kind(row)}'
        )
    unknown = sorted(str(k) for k in row if k not in FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    item: dict[str, str] = {}
    for name, value in row.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"{name}: expected text, found {_json_kind(value)}")
        text = str(value).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"{name}: longer than {MAX_VALUE_CHARS} characters")
        _check_one_line(name, text)
        if text:
            item[name] = text
    if KEY not in item:
        raise ValueError(f"{KEY} is missing")
    item[KEY] = caller_id_key(item[KEY], default_country)
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
) -> list[Row]:
    good: list[Row] = []
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
        good.append(Row(line, item))
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


def _attribute_values(item: dict[str, str]) -> dict[str, dict[str, str]]:
    return {name: {"S": value} for name, value in item.items()}


def _plain(stored: dict[str, Any]) -> dict[str, str]:
    """A stored item as name -> text (a non-string attribute, written by something else, is kept
    as its JSON so that it compares unequal to any row)."""
    return {
        name: value["S"] if "S" in value else json.dumps(value, sort_keys=True, default=str)
        for name, value in stored.items()
    }


def _classify(row: Row, stored: dict[str, str] | None, report: SeedReport) -> None:
    if stored is None:
        report.new += 1
    elif stored == row.item:
        report.unchanged += 1
    else:
        report.replaced.append(
            Replaced(
                line=row.line,
                number=mask(row.item[KEY]),
                customer_id=stored.get("customerId", ""),
                removed=tuple(sorted(set(stored) - set(row.item))),
                changed=tuple(
                    sorted(n for n in stored if n in row.item and stored[n] != row.item[n])
                ),
                added=tuple(sorted(set(row.item) - set(stored))),
            )
        )


def stored_items(
    client: Any, table: str, numbers: Sequence[str], *, sleep: Any = time.sleep
) -> dict[str, dict[str, str]]:
    """The stored items with these numbers (at most 100: BatchGetItem's limit), by number.

    Strongly consistent reads, so an item written a moment ago is seen; unprocessed keys are
    asked again with back-off, and a key still unprocessed then is reported as an AWS error
    (SeedError): the rows must not be written blind.
    """
    keys = [{KEY: {"S": number}} for number in numbers]
    found: dict[str, dict[str, str]] = {}
    for attempt in range(MAX_UNPROCESSED_RETRIES + 1):
        reply = client.batch_get_item(RequestItems={table: {"Keys": keys, "ConsistentRead": True}})
        for stored in reply.get("Responses", {}).get(table, []):
            plain = _plain(stored)
            found[plain[KEY]] = plain
        keys = reply.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        if not keys:
            return found
        if attempt < MAX_UNPROCESSED_RETRIES:
            sleep(min(2.0, 0.05 * 2**attempt))
    raise SeedError(
        f"table {table!r}: {len(keys)} stored item(s) could not be read after "
        f"{MAX_UNPROCESSED_RETRIES} retries (throttled?); nothing more was written, try again"
    )


def write_items(
    client: Any,
    table: str,
    rows: Sequence[Row],
    report: SeedReport,
    *,
    replace: bool = True,
    progress: TextIO | None = None,
    sleep: Any = time.sleep,
) -> None:
    """Write ``rows`` and count them in ``report`` as new, replacing or unchanged.

    ``replace=False`` writes only rows whose number is not stored yet (conditional PutItem);
    the others are counted unchanged when the stored item is the row, else kept and reported.
    """
    bar = ProgressBar(len(rows), progress)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        if replace:
            _write_batch(client, table, batch, report, sleep)
        else:
            for row in batch:
                _write_if_absent(client, table, row, report)
        bar.advance(len(batch))
    bar.close()


def _write_batch(
    client: Any, table: str, batch: Sequence[Row], report: SeedReport, sleep: Any
) -> None:
    stored = stored_items(client, table, [row.item[KEY] for row in batch], sleep=sleep)
    requests = [{"PutRequest": {"Item": _attribute_values(row.item)}} for row in batch]
    for attempt in range(MAX_UNPROCESSED_RETRIES + 1):
        reply = client.batch_write_item(RequestItems={table: requests})
        requests = reply.get("UnprocessedItems", {}).get(table, [])
        if not requests:
            break
        if attempt < MAX_UNPROCESSED_RETRIES:
            sleep(min(2.0, 0.05 * 2**attempt))
    unwritten = {r["PutRequest"]["Item"][KEY]["S"] for r in requests}
    report.unwritten.extend(mask(n) for n in sorted(unwritten))
    for row in batch:
        if row.item[KEY] not in unwritten:
            _classify(row, stored.get(row.item[KEY]), report)


def _write_if_absent(client: Any, table: str, row: Row, report: SeedReport) -> None:
    from botocore.exceptions import ClientError

    try:
        client.put_item(
            TableName=table,
            Item=_attribute_values(row.item),
            ConditionExpression="attribute_not_exists(#key)",
            ExpressionAttributeNames={"#key": KEY},
            # The stored item comes back with the refusal (DynamoDB since 2023):
            # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        stored = _plain(exc.response["Item"]) if exc.response.get("Item") else None
        if stored == row.item:
            report.unchanged += 1
        else:
            customer_id = (stored or {}).get("customerId", "")
            report.kept.append(Kept(row.line, mask(row.item[KEY]), customer_id))
        return
    report.new += 1


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
            self.stream.write(f"\r[{bar}] {self.done}/{counted(self.total, 'row')}")
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
    replace: bool = True,
    progress: TextIO | None = None,
) -> SeedReport:
    """Validate every row of ``path`` and write the good ones to ``table``."""
    report = SeedReport()
    rows = validated(read_rows(path), default_country, report)
    ensure_table(client, table, create=create_table)
    write_items(client, table, rows, report, replace=replace, progress=progress)
    return report


# ---------------------------------------------------------------------------------------------
# Command line


def region_code(text: str) -> str:
    """The region of ``--default-country``, upper case; :class:`BadInput` unless libphonenumber
    has numbering plans for it (else every national row would be refused for it)."""
    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise BadInput(
            f"--default-country {text!r} is not a region libphonenumber knows; expected a "
            "two-letter ISO 3166 code such as US, GB, MX"
        )
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
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
        "--default-country",
        default="US",
        help="region of national numbers, e.g. US, GB (default US)",
    )
    parser.add_argument(
        "--no-replace",
        action="store_true",
        help="keep customers already stored: rows whose number is stored are reported and skipped",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        check_table_name(args.table)
        default_country = region_code(args.default_country)
        check_endpoint_url("--endpoint-url", args.endpoint_url)
        if args.endpoint_url is None:
            check_endpoint_environment(["DynamoDB"])
        session = boto3.Session(profile_name=args.profile, region_name=args.region)
        client = session.client("dynamodb", endpoint_url=args.endpoint_url)
        report = seed(
            client,
            args.table,
            args.file,
            create_table=args.create_table,
            default_country=default_country,
            replace=not args.no_replace,
            progress=sys.stderr,
        )
    except (SeedError, BadInput) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (BotoCoreError, ClientError) as exc:
        print(f"{PROG}: {describe(f'dynamodb (table {args.table!r})', exc)}", file=sys.stderr)
        return EXIT_ERROR
    for rejected in report.rejected:
        print(f"{args.file}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
    for kept in report.kept:
        print(
            f"{args.file}:{kept.line}: skipped: {_customer(kept.number, kept.customer_id)} is "
            "stored with other values and kept (--no-replace)",
            file=sys.stderr,
        )
    for number in report.unwritten:
        print(f"not written after retries: {number}", file=sys.stderr)
    for replaced in report.replaced:
        print(f"{args.file}:{replaced.line}: replaced {describe_replacement(replaced)}")
    if report.read == 0:
        print(
            f"{PROG}: {args.file}: no rows; expected one customer per line (JSON Lines, or CSV "
            "after a header line)",
            file=sys.stderr,
        )
    print(summary(report, args.file, no_replace=args.no_replace))
    return EXIT_OK if report.ok and report.read else EXIT_FAILED


def _customer(number: str, customer_id: str) -> str:
    return f"customer {number}" + (f" ({customer_id})" if customer_id else "")


def describe_replacement(replaced: Replaced) -> str:
    """``customer +*******0100 (C-1001): removed accountNumber; changed membershipStatus``."""
    parts = [
        f"{label} {', '.join(names)}"
        for label, names in (
            ("removed", replaced.removed),
            ("changed", replaced.changed),
            ("added", replaced.added),
        )
        if names
    ]
    return f"{_customer(replaced.number, replaced.customer_id)}: {'; '.join(parts)}"


def summary(report: SeedReport, path: Path, *, no_replace: bool = False) -> str:
    """``3 written (1 new, 1 replaced, 1 unchanged), 1 rejected, 0 not written, of 4 rows in F``.

    A load into an empty table is all new, and says only ``3 written``."""
    kinds = [
        f"{count} {label}"
        for count, label in (
            (report.new, "new"),
            (len(report.replaced), "replaced"),
            (report.unchanged, "unchanged"),
        )
        if count
    ]
    breakdown = kinds and kinds != [f"{report.new} new"]
    written = f"{report.written} written" + (f" ({', '.join(kinds)})" if breakdown else "")
    kept = f", {len(report.kept)} skipped (--no-replace)" if no_replace else ""
    rows = counted(report.read, "row")
    return (
        f"{written}, {len(report.rejected)} rejected{kept}, {len(report.unwritten)} not written, "
        f"of {rows} in {path}"
    )


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main))
