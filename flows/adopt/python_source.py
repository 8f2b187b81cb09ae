"""Python source text laid out as `ruff format` lays it out, for modules this project writes.

`python -m flows import` writes modules that users commit, so they must pass `ruff format
--check` and `ruff check` (line length 100) as written. Rather than run a formatter, the writer
follows the formatter's rules for the few shapes it produces (calls, dicts, lists, tuples,
method chains, string literals): an expression stays on one line when it fits; otherwise its
brackets open and every item goes on its own line with a trailing comma (the "magic trailing
comma" that keeps the formatter from joining them again); a method chain with two or more
calls that does not fit is written one call per line inside parentheses (the formatter's
"fluent" style); a string that does not fit is split into implicitly concatenated parts inside
parentheses, each part fitting the line. Dictionary keys stay whole on their line, as the
formatter leaves them (keys of flows are parameter and attribute names, short enough).

Line width is counted as the formatter counts it: East Asian wide characters take two columns.
String literals escape what a linter would flag: control and format characters (bidirectional
marks among them) and characters that look like ASCII (curly quotes, dashes, Greek and Cyrillic
look-alikes): only ASCII and the Latin, kana, CJK and Hangul letters that resemble no ASCII
character are written as they are.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

LINE_LENGTH = 100
INDENT = "    "


@dataclass(frozen=True)
class Name:
    """A name written as is (a constant, a class): ``QUEUE_GENERAL``, ``None``."""

    text: str


@dataclass(frozen=True)
class Call:
    """``function(arg, ..., key=value, ...)``."""

    function: str
    args: Sequence[Expr] = ()
    kwargs: Sequence[tuple[str, Expr]] = ()


@dataclass(frozen=True)
class DictExpr:
    """``{key: value, ...}``; keys are written on one line."""

    items: Sequence[tuple[Expr, Expr]]


@dataclass(frozen=True)
class ListExpr:
    items: Sequence[Expr]


@dataclass(frozen=True)
class TupleExpr:
    """A tuple of at least two items (a one-item tuple's comma is not a magic trailing comma)."""

    items: Sequence[Expr]


@dataclass(frozen=True)
class Chain:
    """``head.method(...).method(...)``: a call followed by method calls."""

    head: Call
    methods: Sequence[Call] = field(default_factory=tuple)


Expr = Name | Call | DictExpr | ListExpr | TupleExpr | Chain | str | int | float | bool | None


def literal(value: object) -> Expr:
    """A JSON value (dict, list, string, number, boolean, null) as an expression."""
    if isinstance(value, dict):
        return DictExpr([(str(k), literal(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ListExpr([literal(v) for v in value])
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"not a JSON value: {value!r}")


def flat(expr: Expr) -> str:
    """The expression on one line."""
    return _flat(expr, {})


def _flat(expr: Expr, cache: dict[int, str]) -> str:
    """``flat`` remembering each sub-expression's text (by identity, for one statement), so that
    deciding the layout level by level writes every piece once."""
    key = id(expr)
    text = cache.get(key)
    if text is None:
        text = cache[key] = _flat_text(expr, cache)
    return text


def _flat_text(expr: Expr, cache: dict[int, str]) -> str:
    if isinstance(expr, Name):
        return expr.text
    if isinstance(expr, str):
        return string_literal(expr)
    if isinstance(expr, float) and not math.isfinite(expr):
        return f'float("{expr}")'  # JSON text may hold Infinity and NaN; Python has no literal
    if expr is None or isinstance(expr, bool | int | float):
        return repr(expr)
    if isinstance(expr, Call):
        parts = [_flat(a, cache) for a in expr.args]
        parts += [f"{k}={_flat(v, cache)}" for k, v in expr.kwargs]
        return f"{expr.function}({', '.join(parts)})"
    if isinstance(expr, DictExpr):
        items = ", ".join(f"{_flat(k, cache)}: {_flat(v, cache)}" for k, v in expr.items)
        return "{" + items + "}"
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(_flat(v, cache) for v in expr.items) + "]"
    if isinstance(expr, TupleExpr):
        return "(" + ", ".join(_flat(v, cache) for v in expr.items) + ")"
    return _flat(expr.head, cache) + "".join(f".{_flat(m, cache)}" for m in expr.methods)


def statement(expr: Expr, indent: int, prefix: str = "") -> list[str]:
    """The lines of a statement ``prefix + expr`` (``prefix`` e.g. ``"NAME = "``) at ``indent``
    levels; a chain that does not fit goes one call per line inside parentheses."""
    pad = INDENT * indent
    cache: dict[int, str] = {}
    one_line = pad + prefix + _flat(expr, cache)
    if width(one_line) <= LINE_LENGTH:
        return [one_line]
    if isinstance(expr, Chain) and len(expr.methods) >= 2:
        inner = pad + INDENT
        lines = [pad + prefix + "("]
        lines += _lines(expr.head, inner, "", "", cache)
        for method in expr.methods:
            lines += _lines(method, inner, ".", "", cache)
        return [*lines, pad + ")"]
    if isinstance(expr, str) and prefix:
        # An assignment of a long string: the formatter parenthesizes the right-hand side.
        return [pad + prefix + "(", *_string_parts(expr, pad + INDENT, ""), pad + ")"]
    return _lines(expr, pad, prefix, "", cache)


def tuple_statement(items: Sequence[Expr], indent: int, prefix: str) -> list[str]:
    """The lines of a statement ``prefix + (item, ...)`` at ``indent`` levels, one item per line
    with its comma, a magic trailing comma that keeps the formatter from joining them. A tuple
    of one item is the exception: its comma is not a magic trailing comma, so the formatter
    writes it on one line when that fits."""
    pad = INDENT * indent
    cache: dict[int, str] = {}
    if len(items) == 1:
        one_line = pad + prefix + "(" + _flat(items[0], cache) + ",)"
        if width(one_line) <= LINE_LENGTH:
            return [one_line]
    lines = [pad + prefix + "("]
    for item in items:
        lines += _lines(item, pad + INDENT, "", ",", cache)
    return [*lines, pad + ")"]


def _lines(expr: Expr, pad: str, prefix: str, suffix: str, cache: dict[int, str]) -> list[str]:
    """``prefix + expr + suffix`` starting at ``pad``: on one line if it fits, else split."""
    one_line = pad + prefix + _flat(expr, cache) + suffix
    if width(one_line) <= LINE_LENGTH:
        return [one_line]
    inner = pad + INDENT
    if isinstance(expr, str):
        return [pad + prefix + "(", *_string_parts(expr, inner, ""), pad + ")" + suffix]
    if isinstance(expr, Chain):  # one method: the head's brackets open, the call follows
        tail = "".join(f".{_flat(m, cache)}" for m in expr.methods)
        head = _lines(expr.head, pad, prefix, "", cache)
        closing = head[-1] + tail + suffix
        if len(expr.methods) == 1 and width(closing) > LINE_LENGTH:
            method = expr.methods[0]
            return head[:-1] + _lines(method, pad, head[-1].strip() + ".", suffix, cache)
        return [*head[:-1], closing]
    items: list[tuple[str, Expr]]
    if isinstance(expr, Call):
        opening, closing_bracket = expr.function + "(", ")"
        items = [("", a) for a in expr.args] + [(f"{k}=", v) for k, v in expr.kwargs]
    elif isinstance(expr, DictExpr):
        opening, closing_bracket = "{", "}"
        items = [(f"{_flat(k, cache)}: ", v) for k, v in expr.items]
    elif isinstance(expr, ListExpr):
        opening, closing_bracket = "[", "]"
        items = [("", v) for v in expr.items]
    elif isinstance(expr, TupleExpr):
        opening, closing_bracket = "(", ")"
        items = [("", v) for v in expr.items]
    else:  # a name or number too long for the line: nothing to split
        return [pad + prefix + _flat(expr, cache) + suffix]
    lines = [pad + prefix + opening]
    for key, value in items:
        lines += _lines(value, inner, key, ",", cache)
    return [*lines, pad + closing_bracket + suffix]


def _string_parts(text: str, pad: str, suffix: str) -> list[str]:
    """``text`` as implicitly concatenated literals, one per line, each fitting at ``pad``.

    Parts end after a space where one is near, so that words stay whole, else after a
    separator (``/ : , . ; -``), so that ARNs and paths break between their pieces.
    """
    whole = pad + _quoted(text) + suffix
    if width(whole) <= LINE_LENGTH:  # the formatter joins parts that fit on one line
        return [whole]
    room = LINE_LENGTH - width(pad) - 2 - width(suffix)
    parts: list[str] = []
    rest = text
    while rest:
        end = 0
        used = 0
        last_space = last_separator = 0
        while end < len(rest):
            char = rest[end]
            cost = 2 if char in "\"'" else width(_escaped(char))  # a quote may need escaping
            if used + cost > room and end > 0:
                break
            used += cost
            end += 1
            if char == " ":
                last_space = end
            elif char in _SEPARATORS:
                last_separator = end
        if end < len(rest):
            if last_space > end // 2:
                end = last_space
            elif last_separator > end // 2:
                end = last_separator
        parts.append(rest[:end])
        rest = rest[end:]
    lines = [pad + _quoted(part) for part in parts]
    lines[-1] += suffix
    return lines


def string_literal(text: str) -> str:
    """A string literal as the formatter writes it: double quotes unless the text holds more
    double than single quotes; see the module docstring for which characters are escaped."""
    return _quoted(text)


def _quoted(text: str) -> str:
    if _PLAIN.fullmatch(text):
        return '"' + text + '"'
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = "".join(_escaped(char, quote) for char in text)
    return quote + body + quote


_SEPARATORS = frozenset("/:,.;-")
_PLAIN = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII but for the double quote and backslash
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str, quote: str = '"') -> str:
    if char == quote:
        return "\\" + char
    if char in _ESCAPES:
        return _ESCAPES[char]
    if " " <= char <= "~" or _written_as_is(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# Letters outside ASCII that linters take for look-alikes of ASCII characters (ruff RUF001,
# Unicode's confusables), in the ranges written as they are.
_LOOK_ALIKES = frozenset(
    "\u00b4\u00b8\u00d7\u0131\u017f\u0184\u018d\u01a6\u01a7\u01b7\u01bc\u01bd\u01c0\u01c3"
    "\u021c\u0222\u0223\u0241\u30a0\u30ce\u4e36\u4e3f"
)
_AS_IS_RANGES = (
    (0x00A1, 0x024F),  # Latin-1 letters and punctuation (¡ ¿ é ñ ß), Latin Extended-A and -B
    (0x3041, 0x30FF),  # Hiragana, Katakana
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
)


def _written_as_is(char: str) -> bool:
    code = ord(char)
    return (
        any(low <= code <= high for low, high in _AS_IS_RANGES)
        and char not in _LOOK_ALIKES
        and char.isprintable()
    )


def width(line: str) -> int:
    """Columns the line takes: two for East Asian wide and full-width characters."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
