"""The scene of a flow picture: every block's box, labels, branch rows and highlights.

Decides *what* is drawn, once, so that the mermaid, SVG and PNG renderers agree: a block is
labelled as the console names it (:func:`flows.language.facts.console_name`), with its Identifier
and one line of detail (the prompt, the function, the queue, the compared value); each branch
(Success, a condition such as ``= GOLD``, an error type) is a row of the block, as in the console
designer; a block with findings of the validator is marked by its worst severity and lists its
finding codes. Boxes come from :func:`flows.model.layout.compute_layout`. Text lengths are estimated
in characters, not measured with a font, so the result does not depend on the fonts installed.

A picture of a change (`python -m flows diff -o`) passes :class:`Marks`: blocks marked added or
changed are filled green or blue, and a list (the blocks removed) is drawn beside the flow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from flows.language.arns import ArnError, parse_lambda_function
from flows.language.facts import console_name
from flows.model.layout import (
    ENTRY_HEIGHT,
    ENTRY_WIDTH,
    HEADER_HEIGHT,
    MARGIN,
    ROW_HEIGHT,
    Box,
    Branch,
    branches,
    compute_layout,
    flow_actions,
)


class FindingLike(Protocol):
    """What a picture needs of a validator finding (flows.validator.Finding has these)."""

    @property
    def identifier(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...


OPERATOR_LABELS = {
    "Equals": "=",
    "TextStartsWith": "starts with",
    "TextEndsWith": "ends with",
    "TextContains": "contains",
    "NumberGreaterThan": ">",
    "NumberGreaterOrEqualTo": ">=",
    "NumberLessThan": "<",
    "NumberLessOrEqualTo": "<=",
}
TITLE_CHARS = 32  # what fits on a block's lines at the sizes drawn (estimated, font-independent)
LINE_CHARS = 40
CODES_CHARS = 52  # written under the block, where the column gap adds room
NOTE_LINE_HEIGHT = 18  # flow-level findings, listed under the flow
NOTE_CHAR_WIDTH = 7  # an estimate at 11 px, to fit the notes' lines to the picture


@dataclass(frozen=True)
class Marks:
    """Highlights of a picture of a change: block Identifier -> "added" or "changed", and a
    titled list drawn beside the flow (e.g. the blocks the other version had)."""

    blocks: Mapping[str, str] = field(default_factory=dict)
    side_title: str = ""
    side_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """A branch as drawn: its label, its target and whether that target exists."""

    label: str
    target: str
    target_known: bool
    kind: str


@dataclass(frozen=True)
class Block:
    """One action as drawn; ``index`` is its place in the document (stable ids in the output)."""

    index: int
    identifier: str
    type: str
    box: Box
    title: str
    detail: str
    rows: tuple[Row, ...]
    severity: str | None  # "error", "warning" or None
    codes: str  # e.g. "errors: A, B; warnings: C"
    notes: tuple[str, ...]  # every finding in full, for tooltips
    mark: str | None = None  # "added" or "changed" in a picture of a change


@dataclass(frozen=True)
class Scene:
    """Everything a renderer needs, in document order, with the canvas size."""

    entry: tuple[int, int]
    start: str | None
    blocks: tuple[Block, ...]
    flow_notes: tuple[tuple[str, str], ...]  # (severity, "severity CODE: message")
    width: int
    height: int
    notes_top: int
    by_identifier: Mapping[str, Block] = field(default_factory=dict, repr=False, compare=False)
    side_title: str = ""  # the list beside the flow (Marks), at side_left
    side_lines: tuple[str, ...] = ()
    side_left: int = 0

    def block(self, identifier: str) -> Block:
        return self.by_identifier[identifier]


def build_scene(
    content: Mapping[str, Any],
    findings: Sequence[FindingLike] | None = None,
    marks: Marks | None = None,
) -> Scene:
    """Lay the flow out and decide every label and highlight; the renderers only draw."""
    actions = flow_actions(content)
    layout = compute_layout(content)
    metadata = _action_metadata(content)
    by_block: dict[str, list[FindingLike]] = {}
    flow_level: list[FindingLike] = []
    for finding in findings or ():
        if finding.identifier in actions:
            by_block.setdefault(finding.identifier, []).append(finding)
        else:
            flow_level.append(finding)
    blocks = []
    for index, (identifier, action) in enumerate(actions.items()):
        type_ = action.get("Type")
        type_ = type_ if isinstance(type_, str) else "(no Type)"
        own = by_block.get(identifier, [])
        blocks.append(
            Block(
                index=index,
                identifier=identifier,
                type=type_,
                box=layout.boxes[identifier],
                title=console_name(type_),
                detail=_detail(type_, action.get("Parameters"), metadata.get(identifier)),
                rows=tuple(
                    Row(_row_label(b), b.target, b.target in actions, b.kind)
                    for b in branches(action)
                ),
                severity=_worst(own),
                codes=_codes(own),
                notes=tuple(_note(f) for f in own),
                mark=marks.blocks.get(identifier) if marks is not None else None,
            )
        )
    start = content.get("StartAction")
    notes = tuple(
        (f.severity, f"{f.identifier}: {_note(f)}" if f.identifier != "-" else _note(f))
        for f in flow_level
    )
    notes_top = layout.height + 2 * MARGIN if notes else layout.height
    height = notes_top + NOTE_LINE_HEIGHT * (len(notes) + 1) if notes else layout.height
    width = max(layout.width + MARGIN, 640, _notes_width(notes))
    side_left = layout.width + 2 * MARGIN
    if marks is not None and marks.side_title:
        side_lines = (marks.side_title, *marks.side_lines)
        width = max(width, side_left + _notes_width([("", line) for line in side_lines]))
        height = max(height, MARGIN + NOTE_LINE_HEIGHT * len(side_lines))
    return Scene(
        entry=layout.entry,
        start=start if isinstance(start, str) and start in actions else None,
        blocks=tuple(blocks),
        flow_notes=notes,
        width=width,
        height=height + MARGIN,
        notes_top=notes_top,
        by_identifier={b.identifier: b for b in blocks},
        side_title=marks.side_title if marks is not None else "",
        side_lines=marks.side_lines if marks is not None else (),
        side_left=side_left,
    )


def _notes_width(notes: Sequence[tuple[str, str]]) -> int:
    """Room for the flow-level findings, up to a readable line length."""
    longest = max((len(text) for _, text in notes), default=0)
    return min(longest * NOTE_CHAR_WIDTH + 2 * MARGIN, 1600)


def _row_label(branch: Branch) -> str:
    if branch.kind == "next":
        return "Success"
    if branch.kind == "error":
        return branch.error_type or "?"
    operator = OPERATOR_LABELS.get(branch.operator or "", branch.operator or "?")
    operands = ", ".join(_text(o) for o in branch.operands)
    return f"{operator} {operands}".strip()


def _worst(findings: Iterable[FindingLike]) -> str | None:
    return worst_severity(f.severity for f in findings)


def worst_severity(severities: Iterable[str]) -> str | None:
    found = set(severities)
    if "error" in found:
        return "error"
    return "warning" if found else None


def _codes(findings: Sequence[FindingLike]) -> str:
    parts = []
    for severity, heading in (("error", "errors"), ("warning", "warnings")):
        codes = list(dict.fromkeys(f.code for f in findings if f.severity == severity))
        if codes:
            parts.append(f"{heading}: {', '.join(codes)}")
    return "; ".join(parts)


def _note(finding: FindingLike) -> str:
    return f"{finding.severity} {finding.code}: {finding.message}"


def _action_metadata(content: Mapping[str, Any]) -> Mapping[str, Any]:
    metadata = content.get("Metadata")
    found = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _detail(type_: str, parameters: Any, metadata: Any) -> str:
    """One line saying what the block does: prompt text, function, queue, compared value."""
    params: Mapping[str, Any] = parameters if isinstance(parameters, Mapping) else {}

    def named(key: str) -> str:
        # The console keeps the display name of a chosen resource in the metadata.
        shown = metadata.get("parameters", {}) if isinstance(metadata, Mapping) else {}
        entry = shown.get(key) if isinstance(shown, Mapping) else None
        if isinstance(entry, Mapping) and isinstance(entry.get("displayName"), str):
            return str(entry["displayName"])
        return _resource_tail(params.get(key))

    if type_ in ("MessageParticipant", "GetParticipantInput"):
        if "Text" in params:
            return _text(params["Text"])
        if "SSML" in params:
            return re.sub(r"<[^>]*>", "", _text(params["SSML"]))
        if "PromptId" in params:
            return f"prompt {named('PromptId')}"
        if isinstance(params.get("Media"), Mapping):
            return _text(params["Media"].get("Uri", params["Media"].get("SourceType", "")))
        return ""
    if type_ == "InvokeLambdaFunction":
        arn = params.get("LambdaFunctionARN")
        try:
            function = parse_lambda_function(arn).name
        except ArnError:
            function = named("LambdaFunctionARN")
        timeout = params.get("InvocationTimeLimitSeconds")
        return f"{function}, {_text(timeout)} s" if timeout is not None else function
    if type_ == "UpdateContactTargetQueue":
        return named("QueueId") if "QueueId" in params else f"agent {named('AgentId')}"
    if type_ == "TransferToFlow":
        return named("ContactFlowId")
    if type_ == "CheckHoursOfOperation":
        return named("HoursOfOperationId") if "HoursOfOperationId" in params else ""
    if type_ == "Compare":
        return _text(params.get("ComparisonValue", ""))
    if type_ == "UpdateContactAttributes" and isinstance(params.get("Attributes"), Mapping):
        keys = list(params["Attributes"])
        shown = ", ".join(keys[:3])
        return f"{shown}, +{len(keys) - 3}" if len(keys) > 3 else shown
    if type_ == "UpdateFlowLoggingBehavior":
        return _text(params.get("FlowLoggingBehavior", ""))
    if type_ == "UpdateContactTextToSpeechVoice":
        return " ".join(
            _text(params[k]) for k in ("TextToSpeechVoice", "TextToSpeechEngine") if k in params
        )
    if type_ == "Loop":
        count = _text(params.get("LoopCount", "?"))
        return "1 time" if count == "1" else f"{count} times"
    for key, value in params.items():  # other types: the first plain parameter
        if isinstance(value, str | int | float | bool):
            return f"{key}: {_resource_tail(value)}"
    return ""


def _resource_tail(value: Any) -> str:
    """`queue/abc` from a queue ARN; references and placeholders as written."""
    text = _text(value)
    if text.startswith("arn:"):
        resource = text.split(":", 5)[-1]
        return "/".join(resource.split("/")[-2:])
    return text


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# Characters neither XML 1.0 nor a picture can carry: controls, lone surrogates, U+FFFE/U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters: whitespace collapsed, an ellipsis if cut."""
    line = " ".join(UNPRINTABLE.sub("", text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# Where things are drawn, shared by the SVG and PNG renderers.


def row_anchor(box: Box, row_index: int) -> tuple[int, int]:
    """The port on the block's right edge where a branch's arrow starts."""
    return box.right, box.y + HEADER_HEIGHT + row_index * ROW_HEIGHT + ROW_HEIGHT // 2


def target_anchor(box: Box) -> tuple[int, int]:
    """Where arrows arrive: the block's left edge, level with its title."""
    return box.x, box.y + 18


def entry_anchor(entry: tuple[int, int]) -> tuple[int, int]:
    return entry[0] + ENTRY_WIDTH, entry[1] + ENTRY_HEIGHT // 2


def curve(start: tuple[int, int], end: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """Control points of a cubic Bezier from a port to a block, bulging right then left."""
    (sx, sy), (ex, ey) = start, end
    reach = max(40, abs(ex - sx) // 2)
    return (start, (sx + reach, sy), (ex - reach, ey), end)


MISSING_STUB = 36

COLORS = {
    "ink": "#1f2933",
    "muted": "#52606d",
    "edge": "#7b8794",
    "block": "#ffffff",
    "stroke": "#616e7c",
    "rule": "#d9e2ec",
    "entry": "#2f855a",
    "error": "#c62828",
    "error_fill": "#fdecea",
    "warning": "#b7791f",
    "warning_fill": "#fff6e0",
    "added": "#2f855a",
    "added_fill": "#e6f4ea",
    "changed": "#1d4ed8",
    "changed_fill": "#e8efff",
}


def finding_color(severity: str | None) -> str:
    """The color of findings' text (codes under a block, flow-level notes) of this severity."""
    return COLORS["error"] if severity == "error" else COLORS["warning"]


def block_colors(block: Block) -> tuple[str, str, int]:
    """(fill, outline, outline width) of a block, by its mark in a picture of a change, else by
    its worst finding."""
    if block.mark in ("added", "changed"):
        return COLORS[f"{block.mark}_fill"], COLORS[block.mark], 3
    if block.severity == "error":
        return COLORS["error_fill"], COLORS["error"], 3
    if block.severity == "warning":
        return COLORS["warning_fill"], COLORS["warning"], 3
    return COLORS["block"], COLORS["stroke"], 1
