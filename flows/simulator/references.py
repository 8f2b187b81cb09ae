"""`$.` references: parsing them once, reading them from a contact, filling dynamic text.

A parameter value is static text, one whole reference (``"$.Attributes.queueArn"``) or dynamic
text with references inside (``"Hello $.Attributes.firstName"``). Parsing is cached per distinct
string, so a flow run many times pays for it once. A reference to something that does not exist
reads as empty text and is reported back, so the transcript can say so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from flows.language.facts import REFERENCE

# One step of a path after the namespace: `.name`, `.['name with spaces']`, `['name']` or `[3]`.
_SEGMENT = re.compile(r"\.?\[(['\"])(?P<quoted>.*?)\1\]|\.(?P<name>[\w-]+)|\[(?P<index>\d+)\]")


class _Missing:
    """The value of a reference that leads nowhere (distinct from a JSON null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed reference: ``$.{namespace}`` followed by keys (str) and list indexes (int)."""

    text: str
    namespace: str
    path: tuple[str | int, ...]


class ReferenceSource(Protocol):
    """What a reference is read from (the contact): the root object of each namespace."""

    def namespace_root(self, namespace: str) -> Any: ...


@lru_cache(maxsize=4096)
def parse_reference(text: str) -> Reference | None:
    """The reference if ``text`` is exactly one whole reference, else ``None``."""
    stripped = text.strip()
    match = REFERENCE.fullmatch(stripped) if stripped.startswith("$.") else None
    return None if match is None else _parse(match)


def _parse(reference: re.Match[str]) -> Reference:
    """The namespace and the path steps of a :data:`~flows.language.facts.REFERENCE` match."""
    path: list[str | int] = []
    for step in _SEGMENT.finditer(reference.string, reference.end("namespace"), reference.end()):
        if step["index"] is not None:
            path.append(int(step["index"]))
        else:
            path.append(step["quoted"] if step["name"] is None else step["name"])
    return Reference(reference.group(0), reference["namespace"], tuple(path))


@lru_cache(maxsize=4096)
def split_template(text: str) -> tuple[str | Reference, ...]:
    """Dynamic text as its literal pieces and references, in order."""
    parts: list[str | Reference] = []
    position = 0
    for match in REFERENCE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(_parse(match))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts)


def read(source: ReferenceSource, reference: Reference) -> Any:
    """The value the reference points at, or :data:`MISSING`."""
    value = source.namespace_root(reference.namespace)
    for key in reference.path:
        if isinstance(key, int):
            if not isinstance(value, list) or key >= len(value):
                return MISSING
            value = value[key]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return MISSING
    return value


def as_text(value: Any) -> str:
    """How a value reads in text: strings as they are, JSON for the rest, empty for null."""
    if isinstance(value, str):
        return value
    if value is None or value is MISSING:
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def fields_text(values: Mapping[str, Any], empty: str = "(no fields)") -> str:
    """``key=value, ...`` as a transcript shows what a block read or set; ``empty`` for none."""
    return ", ".join(f"{key}={as_text(value)}" for key, value in values.items()) or empty


def resolve_text(source: ReferenceSource, value: Any, missing: list[str]) -> str:
    """A parameter value as text with its references filled in.

    References that lead nowhere read as empty text and are appended to ``missing``.
    """
    if not isinstance(value, str):
        return as_text(value)
    if "$." not in value:
        return value
    pieces: list[str] = []
    for part in split_template(value):
        if isinstance(part, str):
            pieces.append(part)
            continue
        found = read(source, part)
        if found is MISSING:
            missing.append(part.text)
        pieces.append(as_text(found))
    return "".join(pieces)


def resolve_value(source: ReferenceSource, value: Any, missing: list[str]) -> Any:
    """Like :func:`resolve_text`, but a whole reference keeps the value's own type (or MISSING)."""
    if isinstance(value, str) and value.startswith("$."):
        reference = parse_reference(value)
        if reference is not None:
            found = read(source, reference)
            if found is MISSING:
                missing.append(reference.text)
            return found
    return resolve_text(source, value, missing)
