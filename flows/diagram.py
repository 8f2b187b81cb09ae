"""Pictures of a flow for review: mermaid text, SVG and PNG, findings of the validator marked.

`python -m flows diagram PATH --format mermaid|svg|png [-o FILE]`

A block is labelled as the console names it, with its Identifier and one line of detail (the
prompt, the function, the queue, the compared value); each branch (Success, a condition such as
``= GOLD``, an error type) is a row of the block and the arrow leaving that row goes to the
branch's target, as in the console designer. Blocks with findings are outlined red (error) or
amber (warning) and their finding codes are written under them; flow-level findings are listed
at the bottom. SVG and PNG draw the same scene from :func:`flows.layout.compute_layout`; the SVG
text is deterministic, so a committed picture can be checked for staleness by regenerating it.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from flows.document import FlowDocumentError, load_flow_document
from flows.language import console_name
from flows.layout import (
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
from stacks.arns import ArnError, parse_lambda_function

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

FORMATS = ("mermaid", "svg", "png")
SUFFIX_FORMATS = {".mmd": "mermaid", ".mermaid": "mermaid", ".svg": "svg", ".png": "png"}


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


# ---------------------------------------------------------------------------------------------
# The scene: what every format draws.

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


@dataclass(frozen=True)
class Row:
    """A branch as drawn: its label, its target and whether that target exists."""

    label: str
    target: str
    target_known: bool
    kind: str


@dataclass(frozen=True)
class Block:
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


@dataclass(frozen=True)
class Scene:
    entry: tuple[int, int]
    start: str | None
    blocks: tuple[Block, ...]
    flow_notes: tuple[tuple[str, str], ...]  # (severity, "severity CODE: message")
    width: int
    height: int
    notes_top: int
    by_identifier: Mapping[str, Block] = field(default_factory=dict, repr=False, compare=False)

    def block(self, identifier: str) -> Block:
        return self.by_identifier[identifier]


NOTE_LINE_HEIGHT = 18
NOTE_CHAR_WIDTH = 7  # an estimate at 11 px, to fit the notes' lines to the picture


def build_scene(content: Mapping[str, Any], findings: Sequence[FindingLike] | None = None) -> Scene:
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
            )
        )
    start = content.get("StartAction")
    notes = tuple(
        (f.severity, f"{f.identifier}: {_note(f)}" if f.identifier != "-" else _note(f))
        for f in flow_level
    )
    notes_top = layout.height + 2 * MARGIN if notes else layout.height
    height = notes_top + NOTE_LINE_HEIGHT * (len(notes) + 1) if notes else layout.height
    return Scene(
        entry=layout.entry,
        start=start if isinstance(start, str) and start in actions else None,
        blocks=tuple(blocks),
        flow_notes=notes,
        width=max(layout.width + MARGIN, 640, _notes_width(notes)),
        height=height + MARGIN,
        notes_top=notes_top,
        by_identifier={b.identifier: b for b in blocks},
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
    return _worst_severity(f.severity for f in findings)


def _worst_severity(severities: Iterable[str]) -> str | None:
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
        return f"{_text(params.get('LoopCount', '?'))} times"
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
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters: whitespace collapsed, an ellipsis if cut."""
    line = " ".join(_NOT_XML.sub("", text).split())
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
}


def block_colors(block: Block) -> tuple[str, str, int]:
    """(fill, outline, outline width) of a block, by its worst finding."""
    if block.severity == "error":
        return COLORS["error_fill"], COLORS["error"], 3
    if block.severity == "warning":
        return COLORS["warning_fill"], COLORS["warning"], 3
    return COLORS["block"], COLORS["stroke"], 1


# ---------------------------------------------------------------------------------------------
# Mermaid


def render_mermaid(
    content: Mapping[str, Any], findings: Sequence[FindingLike] | None = None
) -> str:
    """A mermaid ``flowchart LR``: one node per action, one labelled edge per branch."""
    scene = build_scene(content, findings)
    ids = {b.identifier: f"a{b.index}" for b in scene.blocks}
    lines = ["flowchart LR", '    entry(["Entry"])']
    for block in scene.blocks:
        label = [block.title, block.identifier]
        if block.detail:
            label.append(clip(block.detail, LINE_CHARS))
        if block.codes:
            label.append(block.codes)
        lines.append(f'    {ids[block.identifier]}["{_mermaid_lines(label)}"]')
    if scene.start is not None:
        lines.append(f"    entry --> {ids[scene.start]}")
    missing: dict[str, str] = {}
    for block in scene.blocks:
        for row in block.rows:
            if row.target_known:
                target = ids[row.target]
            else:
                if row.target not in missing:
                    missing[row.target] = f"m{len(missing)}"
                    text = f"missing: {row.target}" if row.target else "missing target"
                    lines.append(f'    {missing[row.target]}["{_mermaid_lines([text])}"]')
                target = missing[row.target]
            lines.append(f'    {ids[block.identifier]} -->|"{_mermaid_text(row.label)}"| {target}')
    if scene.flow_notes:
        notes = ["Flow findings", *(clip(text, 100) for _, text in scene.flow_notes)]
        lines.append(f'    flow_findings["{_mermaid_lines(notes)}"]')
    lines += [
        f"    classDef error fill:{COLORS['error_fill']},stroke:{COLORS['error']},stroke-width:3px",
        f"    classDef warning fill:{COLORS['warning_fill']},stroke:{COLORS['warning']},"
        "stroke-width:3px",
        f"    classDef missing stroke:{COLORS['error']},stroke-dasharray:4 3",
    ]
    flow_severity = _worst_severity(s for s, _ in scene.flow_notes)
    for severity in ("error", "warning"):
        members = [ids[b.identifier] for b in scene.blocks if b.severity == severity]
        if flow_severity == severity:
            members.append("flow_findings")
        if members:
            lines.append(f"    class {','.join(members)} {severity}")
    if missing:
        lines.append(f"    class {','.join(missing.values())} missing")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted mermaid label: entity codes for the characters it parses."""
    text = " ".join(_NOT_XML.sub("", text).split())
    for char, code in (("#", "#35;"), ("&", "#amp;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace('"', "#quot;").replace("|", "#124;")


def _mermaid_lines(lines: Sequence[str]) -> str:
    return "<br/>".join(_mermaid_text(line) for line in lines)


# ---------------------------------------------------------------------------------------------
# SVG

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


def render_svg(content: Mapping[str, Any], findings: Sequence[FindingLike] | None = None) -> str:
    """A standalone SVG document; the same content always gives the same text."""
    scene = build_scene(content, findings)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width}" '
        f'height="{scene.height}" viewBox="0 0 {scene.width} {scene.height}" '
        f'font-family="{FONT_FAMILY}" font-size="11">',
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{COLORS["edge"]}"/>'
        "</marker></defs>",
        f'<rect width="{scene.width}" height="{scene.height}" fill="#ffffff"/>',
    ]
    out.extend(_svg_entry(scene))
    out.append('<g class="edges">')
    for block in scene.blocks:
        for index, row in enumerate(block.rows):
            out.append(_svg_edge(scene, block, index, row))
    out.append("</g>")
    out.append('<g class="actions">')
    for block in scene.blocks:
        out.extend(_svg_block(block))
    out.append("</g>")
    out.extend(_svg_flow_notes(scene))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_entry(scene: Scene) -> list[str]:
    x, y = scene.entry
    parts = [
        '<g class="entry">',
        f'<rect x="{x}" y="{y}" width="{ENTRY_WIDTH}" height="{ENTRY_HEIGHT}" '
        f'rx="{ENTRY_HEIGHT // 2}" fill="{COLORS["entry"]}"/>',
        f'<text x="{x + ENTRY_WIDTH // 2}" y="{y + 20}" text-anchor="middle" fill="#ffffff" '
        'font-weight="bold" font-size="12">Entry</text>',
    ]
    if scene.start is not None:
        end = target_anchor(scene.block(scene.start).box)
        parts.append(
            f'<path class="entry-edge" d="{_svg_path(curve(entry_anchor(scene.entry), end))}" '
            f'fill="none" stroke="{COLORS["edge"]}" stroke-width="1.5" '
            'marker-end="url(#arrow)"/>'
        )
    parts.append("</g>")
    return parts


def _svg_edge(scene: Scene, block: Block, index: int, row: Row) -> str:
    start = row_anchor(block.box, index)
    attributes = (
        f'class="edge {row.kind}" data-source="{_xml(block.identifier)}" '
        f'data-target="{_xml(row.target)}" data-label="{_xml(row.label)}"'
    )
    tooltip = f"{block.identifier} → {row.target or '?'}: {row.label}"
    title = f"<title>{_xml(tooltip)}</title>"
    if row.target_known:
        points = curve(start, target_anchor(scene.block(row.target).box))
        return (
            f'<g {attributes}>{title}<path d="{_svg_path(points)}" fill="none" '
            f'stroke="{COLORS["edge"]}" stroke-width="1.5" marker-end="url(#arrow)"/></g>'
        )
    sx, sy = start
    missing = f"missing: {row.target}" if row.target else "missing target"
    return (
        f'<g {attributes} data-missing="true">{title}'
        f'<path d="M{sx},{sy} L{sx + MISSING_STUB},{sy}" '
        f'fill="none" stroke="{COLORS["error"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        f'<text x="{sx + MISSING_STUB + 4}" y="{sy + 4}" fill="{COLORS["error"]}">'
        f"{_xml(clip(missing, LINE_CHARS))}</text></g>"
    )


def _svg_block(block: Block) -> list[str]:
    box = block.box
    fill, stroke, width = block_colors(block)
    classes = f"action {block.severity}" if block.severity else "action"
    tooltip = "\n".join([f"{block.identifier} ({block.type})", *block.notes])
    parts = [
        f'<g class="{classes}" id="action-{block.index}" '
        f'data-identifier="{_xml(block.identifier)}" data-type="{_xml(block.type)}">',
        f"<title>{_xml(tooltip)}</title>",
        f'<rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>',
        f'<text x="{box.x + 10}" y="{box.y + 18}" font-size="13" font-weight="bold" '
        f'fill="{COLORS["ink"]}">{_xml(clip(block.title, TITLE_CHARS))}</text>',
        f'<text x="{box.x + 10}" y="{box.y + 35}" fill="{COLORS["muted"]}">'
        f"{_xml(clip(block.identifier, LINE_CHARS))}</text>",
        f'<text x="{box.x + 10}" y="{box.y + 52}" fill="{COLORS["ink"]}" font-style="italic">'
        f"{_xml(clip(block.detail, LINE_CHARS))}</text>",
    ]
    for index, row in enumerate(block.rows):
        top = box.y + HEADER_HEIGHT + index * ROW_HEIGHT
        px, py = row_anchor(box, index)
        parts += [
            f'<line x1="{box.x}" y1="{top}" x2="{box.right}" y2="{top}" '
            f'stroke="{COLORS["rule"]}"/>',
            f'<text class="branch" x="{box.right - 12}" y="{top + 14}" text-anchor="end" '
            f'fill="{COLORS["ink"]}">{_xml(clip(row.label, LINE_CHARS))}</text>',
            f'<circle cx="{px}" cy="{py}" r="3" fill="{COLORS["edge"]}"/>',
        ]
    if block.codes:
        color = COLORS["error"] if block.severity == "error" else COLORS["warning"]
        parts.append(
            f'<text class="codes" x="{box.x}" y="{box.bottom + 15}" fill="{color}" '
            f'font-weight="bold">{_xml(clip(block.codes, CODES_CHARS))}</text>'
        )
    parts.append("</g>")
    return parts


def _svg_flow_notes(scene: Scene) -> list[str]:
    if not scene.flow_notes:
        return []
    limit = (scene.width - 2 * MARGIN) // NOTE_CHAR_WIDTH
    parts = [
        '<g class="flow-findings">',
        f'<text x="{MARGIN}" y="{scene.notes_top}" font-size="13" font-weight="bold" '
        f'fill="{COLORS["ink"]}">Flow findings</text>',
    ]
    for index, (severity, text) in enumerate(scene.flow_notes, start=1):
        color = COLORS["error"] if severity == "error" else COLORS["warning"]
        parts.append(
            f'<text x="{MARGIN}" y="{scene.notes_top + index * NOTE_LINE_HEIGHT}" '
            f'fill="{color}">{_xml(clip(text, limit))}</text>'
        )
    parts.append("</g>")
    return parts


def _svg_path(points: tuple[tuple[int, int], ...]) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    return f"M{x0},{y0} C{x1},{y1} {x2},{y2} {x3},{y3}"


def _xml(text: str) -> str:
    """Text or attribute value safe in XML: markup characters escaped, impossible ones dropped."""
    text = _NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# ---------------------------------------------------------------------------------------------
# PNG

MAX_PNG_PIXELS = 40_000_000  # larger scenes are drawn scaled down
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def render_png(
    content: Mapping[str, Any],
    findings: Sequence[FindingLike] | None = None,
    *,
    max_pixels: int = MAX_PNG_PIXELS,
) -> bytes:
    """The SVG's scene drawn with Pillow (DejaVu Sans when installed, else Pillow's own font).

    A scene of more than ``max_pixels`` is drawn scaled down to fit (huge flows stay drawable).
    """
    from PIL import Image, ImageDraw  # Pillow is needed for PNG only

    scene = build_scene(content, findings)
    scale = min(1.0, math.sqrt(max_pixels / (scene.width * scene.height)))
    image = Image.new("RGB", (_px(scene.width, scale), _px(scene.height, scale)), "#ffffff")
    painter = _Painter(ImageDraw.Draw(image), scale)
    painter.entry(scene)
    for block in scene.blocks:
        for index, row in enumerate(block.rows):
            painter.edge(scene, block, index, row)
    for block in scene.blocks:
        painter.block(block)
    painter.flow_notes(scene)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _px(value: float, scale: float) -> int:
    return max(1, round(value * scale))


class _Painter:
    """Draws scene elements with Pillow at a scale, mirroring the SVG renderer."""

    def __init__(self, draw: ImageDraw.ImageDraw, scale: float) -> None:
        self.draw = draw
        self.scale = scale
        self.fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        from PIL import ImageFont

        key = (max(6, round(size * self.scale)), bold)
        if key not in self.fonts:
            name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
            for folder in FONT_DIRS:
                path = Path(folder) / name
                if path.is_file():
                    self.fonts[key] = ImageFont.truetype(str(path), key[0])
                    break
            else:
                self.fonts[key] = ImageFont.load_default(key[0])
        return self.fonts[key]

    def p(self, x: float, y: float) -> tuple[int, int]:
        return round(x * self.scale), round(y * self.scale)

    def w(self, width: float) -> int:
        return max(1, round(width * self.scale))

    def text(
        self,
        x: int,
        y: int,
        text: str,
        *,
        size: int = 11,
        bold: bool = False,
        fill: str = COLORS["ink"],
        anchor: str = "ls",
    ) -> None:
        self.draw.text(self.p(x, y), text, fill=fill, font=self.font(size, bold), anchor=anchor)

    def bezier(self, points: tuple[tuple[int, int], ...], color: str, arrow: bool) -> None:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
        samples = []
        for step in range(25):
            t = step / 24
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            samples.append(
                self.p(a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)
            )
        self.draw.line(samples, fill=color, width=self.w(1.5))
        if arrow:  # the curve arrives horizontally, pointing right
            self.draw.polygon(
                [self.p(x3, y3), self.p(x3 - 9, y3 - 4), self.p(x3 - 9, y3 + 4)], fill=color
            )

    def entry(self, scene: Scene) -> None:
        x, y = scene.entry
        self.draw.rounded_rectangle(
            [self.p(x, y), self.p(x + ENTRY_WIDTH, y + ENTRY_HEIGHT)],
            radius=self.w(ENTRY_HEIGHT // 2),
            fill=COLORS["entry"],
        )
        self.text(
            x + ENTRY_WIDTH // 2, y + 20, "Entry", size=12, bold=True, fill="#ffffff", anchor="ms"
        )
        if scene.start is not None:
            end = target_anchor(scene.block(scene.start).box)
            self.bezier(curve(entry_anchor(scene.entry), end), COLORS["edge"], arrow=True)

    def edge(self, scene: Scene, block: Block, index: int, row: Row) -> None:
        start = row_anchor(block.box, index)
        if row.target_known:
            end = target_anchor(scene.block(row.target).box)
            self.bezier(curve(start, end), COLORS["edge"], arrow=True)
            return
        sx, sy = start
        self.draw.line(
            [self.p(sx, sy), self.p(sx + MISSING_STUB, sy)],
            fill=COLORS["error"],
            width=self.w(1.5),
        )
        missing = f"missing: {row.target}" if row.target else "missing target"
        self.text(sx + MISSING_STUB + 4, sy + 4, clip(missing, LINE_CHARS), fill=COLORS["error"])

    def block(self, block: Block) -> None:
        box = block.box
        fill, stroke, width = block_colors(block)
        self.draw.rounded_rectangle(
            [self.p(box.x, box.y), self.p(box.right, box.bottom)],
            radius=self.w(6),
            fill=fill,
            outline=stroke,
            width=self.w(width),
        )
        self.text(box.x + 10, box.y + 18, clip(block.title, TITLE_CHARS), size=13, bold=True)
        self.text(box.x + 10, box.y + 35, clip(block.identifier, LINE_CHARS), fill=COLORS["muted"])
        self.text(box.x + 10, box.y + 52, clip(block.detail, LINE_CHARS))
        for index, row in enumerate(block.rows):
            top = box.y + HEADER_HEIGHT + index * ROW_HEIGHT
            self.draw.line(
                [self.p(box.x + 1, top), self.p(box.right - 1, top)], fill=COLORS["rule"]
            )
            self.text(box.right - 12, top + 14, clip(row.label, LINE_CHARS), anchor="rs")
            px, py = row_anchor(box, index)
            self.draw.ellipse([self.p(px - 3, py - 3), self.p(px + 3, py + 3)], fill=COLORS["edge"])
        if block.codes:
            color = COLORS["error"] if block.severity == "error" else COLORS["warning"]
            self.text(box.x, box.bottom + 15, clip(block.codes, CODES_CHARS), bold=True, fill=color)

    def flow_notes(self, scene: Scene) -> None:
        if not scene.flow_notes:
            return
        limit = (scene.width - 2 * MARGIN) // NOTE_CHAR_WIDTH
        self.text(MARGIN, scene.notes_top, "Flow findings", size=13, bold=True)
        for index, (severity, text) in enumerate(scene.flow_notes, start=1):
            color = COLORS["error"] if severity == "error" else COLORS["warning"]
            self.text(
                MARGIN, scene.notes_top + index * NOTE_LINE_HEIGHT, clip(text, limit), fill=color
            )


# ---------------------------------------------------------------------------------------------
# The `diagram` command


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a flow file (console export, module or wrapped flow)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="picture format (default: from the -o suffix, else mermaid)",
    )
    parser.add_argument(
        "-o", "--output", help="file to write (default: standard output; PNG needs a file)"
    )
    parser.add_argument(
        "--no-findings", action="store_true", help="draw without running the validator"
    )


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    picture_format = args.format or SUFFIX_FORMATS.get(
        output.suffix.lower() if output else "", "mermaid"
    )
    if picture_format == "png" and output is None:
        print("diagram: PNG is binary; give a file with -o FILE.png", file=sys.stderr)
        return 2
    try:
        document = load_flow_document(args.path)
        content = _flow_content(document.content, document.source)
    except FlowDocumentError as exc:
        print(f"diagram: {exc}", file=sys.stderr)
        return 2
    findings: Sequence[FindingLike] = []
    if not args.no_findings:
        from flows.validator import validate_content  # the validator is only needed here

        findings = validate_content(content)
    picture: str | bytes
    if picture_format == "mermaid":
        picture = render_mermaid(content, findings)
    elif picture_format == "svg":
        picture = render_svg(content, findings)
    else:
        picture = render_png(content, findings)
    if output is None:
        assert isinstance(picture, str)  # PNG without -o was refused above
        sys.stdout.write(picture)
        return 0
    try:
        if isinstance(picture, bytes):
            output.write_bytes(picture)
        else:
            output.write_text(picture, encoding="utf-8")
    except OSError as exc:
        print(f"diagram: {output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def _flow_content(content: dict[str, Any], source: str) -> dict[str, Any]:
    """The flow itself, or FlowDocumentError when the object is not a flow one can draw."""
    if "modules" in content and "Actions" not in content:
        raise FlowDocumentError(
            f"{source}: pre-2019 export format (`modules`); expected the flow language "
            "(Version 2019-10-30) with an Actions list"
        )
    if not isinstance(content.get("Actions"), list):
        raise FlowDocumentError(
            f"{source}: not a flow; expected a JSON object with an Actions list"
        )
    return content
