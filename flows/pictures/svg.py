"""A flow as a standalone SVG document, written directly (no Graphviz).

The output is deterministic (integer coordinates, document order, no measured text), so a
committed picture can be checked for staleness by drawing it again and comparing the text.
Every piece of text is escaped for XML; characters XML cannot carry are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flows.model.layout import ENTRY_HEIGHT, ENTRY_WIDTH, HEADER_HEIGHT, MARGIN, ROW_HEIGHT
from flows.pictures.scene import (
    CODES_CHARS,
    COLORS,
    LINE_CHARS,
    MISSING_STUB,
    NOTE_CHAR_WIDTH,
    NOTE_LINE_HEIGHT,
    TITLE_CHARS,
    UNPRINTABLE,
    Block,
    FindingLike,
    Marks,
    Row,
    Scene,
    block_colors,
    build_scene,
    clip,
    curve,
    entry_anchor,
    finding_color,
    row_anchor,
    target_anchor,
)

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


def render_svg(
    content: Mapping[str, Any],
    findings: Sequence[FindingLike] | None = None,
    *,
    marks: Marks | None = None,
) -> str:
    """A standalone SVG document; the same content always gives the same text.

    ``marks`` highlights added and changed blocks and lists others beside the flow.
    """
    scene = build_scene(content, findings, marks)
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
    out.extend(_svg_side_list(scene))
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
    classes = " ".join(c for c in ("action", block.severity, block.mark) if c)
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
        color = finding_color(block.severity)
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
        color = finding_color(severity)
        parts.append(
            f'<text x="{MARGIN}" y="{scene.notes_top + index * NOTE_LINE_HEIGHT}" '
            f'fill="{color}">{_xml(clip(text, limit))}</text>'
        )
    parts.append("</g>")
    return parts


def _svg_side_list(scene: Scene) -> list[str]:
    """The list beside the flow in a picture of a change (e.g. the blocks removed)."""
    if not scene.side_title:
        return []
    limit = max(20, (scene.width - scene.side_left - MARGIN) // NOTE_CHAR_WIDTH)
    parts = [
        '<g class="side-list">',
        f'<text x="{scene.side_left}" y="{MARGIN}" font-size="13" font-weight="bold" '
        f'fill="{COLORS["ink"]}">{_xml(clip(scene.side_title, limit))}</text>',
    ]
    for index, line in enumerate(scene.side_lines, start=1):
        y = MARGIN + index * NOTE_LINE_HEIGHT
        parts.append(
            f'<text class="side-item" x="{scene.side_left}" y="{y}" '
            f'fill="{COLORS["ink"]}">{_xml(clip(line, limit))}</text>'
        )
    parts.append("</g>")
    return parts


def _svg_path(points: tuple[tuple[int, int], ...]) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    return f"M{x0},{y0} C{x1},{y1} {x2},{y2} {x3},{y3}"


def _xml(text: str) -> str:
    """Text or attribute value safe in XML: markup characters escaped, impossible ones dropped.

    Tabs and line breaks become character references, so that an attribute keeps them too.
    """
    text = UNPRINTABLE.sub("", text)
    for char, reference in _XML_REFERENCES:
        text = text.replace(char, reference)
    return text


_XML_REFERENCES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\t", "&#9;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
)
