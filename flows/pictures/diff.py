"""The picture `python -m flows diff -o` draws: NEW, with what changed highlighted.

Added blocks are filled green and changed blocks blue (see :class:`flows.pictures.scene.Marks`);
the blocks only OLD had are listed beside the flow, with their console names. The picture takes
the outcome of the comparison as plain values (which block changed how), not the comparison
itself (:mod:`flows.adopt.diff`), so that drawing never depends on diffing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flows.pictures.scene import Marks


def diff_marks(changes: Mapping[str, str], removed: Sequence[str]) -> Marks:
    """Which NEW blocks to highlight (Identifier -> "added" or "changed") and the list of the
    removed blocks (one label each, e.g. ``Old greeting (Play prompt)``)."""
    return Marks(
        blocks=dict(changes),
        side_title=f"Removed ({len(removed)})" if removed else "Removed: none",
        side_lines=tuple(removed),
    )


def diff_picture(
    new: Mapping[str, Any],
    changes: Mapping[str, str],
    removed: Sequence[str],
    picture_format: str,
) -> str | bytes:
    """NEW drawn as ``svg`` (text) or ``png`` (bytes), marked with ``changes`` and ``removed``."""
    marks = diff_marks(changes, removed)
    if picture_format == "png":
        from flows.pictures.png import render_png

        return render_png(new, marks=marks)
    from flows.pictures.svg import render_svg

    return render_svg(new, marks=marks)
