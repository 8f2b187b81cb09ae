"""The picture `python -m flows diff -o` draws: NEW, with what changed highlighted.

Added blocks are filled green and changed blocks blue (see :class:`flows.pictures.scene.Marks`);
the blocks only OLD had are listed beside the flow, with their console names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.flow_diff import FlowDiff
from flows.pictures.scene import Marks


def diff_marks(diff: FlowDiff) -> Marks:
    """Which NEW blocks to highlight, and the list of removed blocks."""
    blocks = {b.identifier: b.change for b in diff.blocks if b.change in ("added", "changed")}
    removed = [f"{b.identifier} ({b.console_name})" for b in diff.blocks if b.change == "removed"]
    return Marks(
        blocks=blocks,
        side_title=f"Removed ({len(removed)})" if removed else "Removed: none",
        side_lines=tuple(removed),
    )


def diff_picture(new: Mapping[str, Any], diff: FlowDiff, picture_format: str) -> str | bytes:
    """NEW drawn as ``svg`` (text) or ``png`` (bytes), marked with ``diff``."""
    marks = diff_marks(diff)
    if picture_format == "png":
        from flows.pictures.png import render_png

        return render_png(new, marks=marks)
    from flows.pictures.svg import render_svg

    return render_svg(new, marks=marks)
