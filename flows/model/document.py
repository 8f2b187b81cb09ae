"""Reading flow documents as people pass them around.

A flow arrives as a console export (the flow language itself), as a flow module (the same with a
top-level ``Settings``), or wrapped: ``{"ContactFlow": {..., "Content": "<flow as a string>"}}``
as DescribeContactFlow returns it (``{"ContactFlowModule": {...}}`` from
DescribeContactFlowModule), or ``{"Name": ..., "Content": "<flow as a string>"}``.
:func:`load_flow_document` returns the flow itself as a plain ``dict`` plus how it was wrapped,
so every tool (model, validator, simulator, pictures) reads the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.command_line import TextFileError, read_text_file

# The API's answers that wrap a flow: DescribeContactFlow's and DescribeContactFlowModule's.
WRAPPERS = ("ContactFlow", "ContactFlowModule")


class FlowDocumentError(ValueError):
    """A file or text that is not a readable flow; the message names the source and the problem."""


class FlowFileError(FlowDocumentError):
    """A file that cannot be read at all, or is not UTF-8 text (not yet a question of JSON)."""


@dataclass(frozen=True)
class FlowDocument:
    """A flow as read: ``content`` is the flow-language object, ``wrapper`` how it was wrapped.

    ``wrapper`` is ``None`` for a plain export, ``"ContactFlow"`` for the DescribeContactFlow
    shape, ``"ContactFlowModule"`` for DescribeContactFlowModule's and ``"Content"`` for
    ``{"Content": "..."}``; ``envelope`` keeps the wrapper's other fields (Name, Type, ...) so
    that a tool can write the flow back the way it came.
    ``content_text`` is the flow's JSON text as it was stored (for size checks).
    """

    content: dict[str, Any]
    content_text: str
    source: str
    wrapper: str | None = None
    envelope: dict[str, Any] | None = None

    @property
    def flow_type(self) -> Any:
        """The flow type the wrapper states, as written (None for a plain export).

        DescribeContactFlow writes ``Type`` (``CONTACT_FLOW``, ``CUSTOMER_QUEUE``, ...); some
        exported wrappers write ``ContactFlowType``. A console export carries its type inside the
        content instead (``Metadata.type``), which the validator reads itself.
        """
        if self.envelope is None:
            return None
        return self.envelope.get("Type", self.envelope.get("ContactFlowType"))


def load_flow_document(path: str | Path) -> FlowDocument:
    """Read a flow file (any of the shapes above); raises :class:`FlowDocumentError`."""
    source = str(path)
    try:
        text = read_text_file(path, expected="a flow file (JSON)")
    except TextFileError as exc:
        raise FlowFileError(str(exc)) from exc
    return parse_flow_text(text, source=source)


def parse_flow_text(text: str, *, source: str = "<text>") -> FlowDocument:
    """Parse flow JSON text (any of the shapes above); raises :class:`FlowDocumentError`."""
    data = _decode_json(text, source, what="file")
    if not isinstance(data, dict):
        raise FlowDocumentError(
            f"{source}: expected a JSON object (a flow), found a JSON {_json_kind(data)}"
        )
    return unwrap(data, source=source, text=text)


def unwrap(
    data: dict[str, Any], *, source: str = "<object>", text: str | None = None
) -> FlowDocument:
    """Turn an already-decoded object (plain or wrapped) into a :class:`FlowDocument`."""
    for wrapper in WRAPPERS:
        if isinstance(data.get(wrapper), dict) and "Content" in data[wrapper]:
            envelope = dict(data[wrapper])
            inner = _inner_content(envelope.pop("Content"), source, f"{wrapper}.Content")
            return FlowDocument(inner[0], inner[1], source, wrapper, envelope)
    if "Content" in data and "Actions" not in data:
        envelope = dict(data)
        inner = _inner_content(envelope.pop("Content"), source, "Content")
        return FlowDocument(inner[0], inner[1], source, "Content", envelope)
    if text is None:
        text = json.dumps(data, ensure_ascii=False)
    return FlowDocument(data, text, source)


def _inner_content(value: Any, source: str, field: str) -> tuple[dict[str, Any], str]:
    if isinstance(value, dict):
        return value, json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        raise FlowDocumentError(
            f"{source}: {field} should hold the flow as a JSON string, found a {_json_kind(value)}"
        )
    inner = _decode_json(value, source, what=field)
    if not isinstance(inner, dict):
        raise FlowDocumentError(
            f"{source}: {field} should hold a JSON object (a flow), found a {_json_kind(inner)}"
        )
    return inner, value


def _decode_json(text: str, source: str, *, what: str) -> Any:
    if not text.strip():
        raise FlowDocumentError(f"{source}: {what} is empty; expected a flow in JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FlowDocumentError(
            f"{source}: {what} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); truncated or not a flow export?"
        ) from exc
    except RecursionError as exc:
        raise FlowDocumentError(f"{source}: {what} is nested too deeply to be a flow") from exc


def _json_kind(value: Any) -> str:
    names = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def flow_with_actions(document: FlowDocument) -> dict[str, Any]:
    """The document's flow, for tools that walk its actions (pictures, diff); FlowDocumentError
    naming the source when it is the pre-2019 format or has no Actions list."""
    content = document.content
    if "modules" in content and "Actions" not in content:
        raise FlowDocumentError(
            f"{document.source}: pre-2019 export format (`modules`); expected the flow language "
            "(Version 2019-10-30) with an Actions list"
        )
    if not isinstance(content.get("Actions"), list):
        raise FlowDocumentError(
            f"{document.source}: not a flow; expected a JSON object with an Actions list"
        )
    return content
