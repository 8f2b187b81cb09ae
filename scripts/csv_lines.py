"""A strict reader of CSV records, one record per line, for customer files.

The standard library's csv reader lets a quoted cell run across line breaks, so one unclosed
quote swallows the rest of the file into a single value, and it accepts a quote in the middle of
a plain cell as text. For a file of customers that is silent data loss: the rows after the quote
vanish into one stored name. No field of a customer needs a line break (numbers, ids, names,
statuses and language tags are one line each), so here a record is exactly one line, and a line
that is not a well-formed record is an error of that line alone: the next line is read as usual.

Cells follow RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180#section-2), except that a record
never continues on the next line:

- cells are separated by commas;
- a plain cell holds no double quote;
- a quoted cell is enclosed in double quotes, with ``""`` for a quote inside it; spaces or tabs
  around a quoted cell are allowed (``a, "b"``) since they cannot be mistaken for data.

:func:`split_record` raises :class:`RecordError` for a quote left open at the end of the line,
a quote inside a plain cell, or text after a closing quote; the message names the cell and the
column.
"""

from __future__ import annotations

DELIMITER = ","
QUOTE = '"'
_BLANKS = " \t"
# Separators people use by mistake (a spreadsheet's locale, a TSV export), for the hints.
OTHER_DELIMITERS = (";", "\t", "|")


class RecordError(ValueError):
    """The line is not one well-formed CSV record; the message says where and why."""


def split_record(line: str) -> list[str]:
    """The cells of one line, quotes removed.

    The line ``a,"b ""c"" d",`` gives three cells: ``a``, then ``b "c" d``, then an empty one.
    """
    cells: list[str] = []
    start = 0
    end = len(line)
    while True:
        cell_number = len(cells) + 1
        opening = start
        while opening < end and line[opening] in _BLANKS:
            opening += 1
        if opening < end and line[opening] == QUOTE:
            value, after = _quoted_cell(line, opening, cell_number)
            cells.append(value)
            while after < end and line[after] in _BLANKS:
                after += 1
            if after == end:
                return cells
            if line[after] != DELIMITER:
                raise RecordError(
                    f"cell {cell_number}: text after its closing quote (column {after + 1}); "
                    'a quoted cell ends at its quote, write "" for a quote inside it'
                )
            start = after + 1
            continue
        comma = line.find(DELIMITER, start)
        stop = end if comma < 0 else comma
        cell = line[start:stop]
        if QUOTE in cell:
            column = start + cell.index(QUOTE) + 1
            raise RecordError(
                f"cell {cell_number}: a quote inside an unquoted cell (column {column}); "
                'quote the whole cell and double the quotes inside it ("O""Brien")'
            )
        cells.append(cell)
        if comma < 0:
            return cells
        start = comma + 1


def _quoted_cell(line: str, opening: int, cell_number: int) -> tuple[str, int]:
    """(value, index after the closing quote) of the quoted cell whose quote is at ``opening``."""
    parts: list[str] = []
    position = opening + 1
    while True:
        quote = line.find(QUOTE, position)
        if quote < 0:
            raise RecordError(
                f"cell {cell_number}: the quote in column {opening + 1} is not closed on this "
                "line (a record is one line; line breaks inside cells are not accepted)"
            )
        if line.startswith(QUOTE * 2, quote):
            parts.append(line[position : quote + 1])
            position = quote + 2
            continue
        parts.append(line[position:quote])
        return "".join(parts), quote + 1


def delimiter_hint(line: str, columns: int) -> str:
    """A hint for a line with too few cells for ``columns``: it names the separator the line
    seems to use (``;``, a tab, ``|``) when it holds enough of one to explain the row, else it
    is empty."""
    if columns < 2:
        return ""
    for other in OTHER_DELIMITERS:
        if line.count(other) >= columns - 1:
            return f"; cells are separated by commas, this line seems to use {other!r}"
    return ""
