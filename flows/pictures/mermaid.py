"""A flow as mermaid text (`flowchart LR`): plain text, renders on GitHub and in many editors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flows.pictures.scene import (
    COLORS,
    LINE_CHARS,
    UNPRINTABLE,
    FindingLike,
    build_scene,
    clip,
    worst_severity,
)


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
    flow_severity = worst_severity(s for s, _ in scene.flow_notes)
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
    text = " ".join(UNPRINTABLE.sub("", text).split())
    for char, code in (("#", "#35;"), ("&", "#amp;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace('"', "#quot;").replace("|", "#124;")


def _mermaid_lines(lines: Sequence[str]) -> str:
    return "<br/>".join(_mermaid_text(line) for line in lines)
