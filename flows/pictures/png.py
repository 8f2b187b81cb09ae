"""A flow as a PNG image: the SVG's scene drawn with Pillow.

Text is drawn in DejaVu Sans when the system has it, and every character DejaVu has no glyph for
(CJK names such as 渡辺 美咲, which no Latin font carries) in Noto Sans CJK, shipped by the PyPI
package ``noto-cjk-sans-jp-regular`` (SIL Open Font License 1.1, which allows bundling and
redistribution; one 16 MB OpenType file that covers Chinese, Japanese and Korean and the Latin,
Greek and Cyrillic alphabets). Without DejaVu, Noto Sans CJK draws everything; without either,
Pillow's own font does. A string is split into runs by the font that has their glyphs, and the
runs are drawn one after the other on one baseline (Pillow has no font fallback of its own).
Pillow is imported only here.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.model.layout import ENTRY_HEIGHT, ENTRY_WIDTH, HEADER_HEIGHT, MARGIN, ROW_HEIGHT
from flows.pictures.scene import (
    CODES_CHARS,
    COLORS,
    LINE_CHARS,
    MISSING_STUB,
    NOTE_CHAR_WIDTH,
    NOTE_LINE_HEIGHT,
    TITLE_CHARS,
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

if TYPE_CHECKING:
    from typing import TypeAlias

    from PIL import ImageDraw, ImageFont

    AnyFont: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont


MAX_PNG_PIXELS = 40_000_000  # larger scenes are drawn scaled down
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
CJK_FONT_PACKAGE = "noto_cjk_sans_jp_regular"  # PyPI: noto-cjk-sans-jp-regular
CJK_FONT_FILE = "NotoSansCJKjp-Regular.otf"
# No font has a glyph for a character of a private-use plane: what a font draws for it is its
# missing-glyph box (.notdef), the drawing a character the font lacks is compared with.
NO_GLYPH = "\U000f0000"


def system_font(bold: bool) -> Path | None:
    """DejaVu Sans (bold or regular) where the system keeps it, else None."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def cjk_font() -> Path | None:
    """Noto Sans CJK from its PyPI package, or None when the package is not installed."""
    try:
        path = importlib.resources.files(CJK_FONT_PACKAGE) / CJK_FONT_FILE
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


def has_glyph(font: ImageFont.FreeTypeFont, character: str) -> bool:
    """Whether ``font`` draws ``character`` with a glyph of its own (not its missing-glyph box).
    Characters that draw nothing (spaces, joiners) count as present."""
    return _has_glyph(str(font.path), int(font.size), character)


@functools.lru_cache(maxsize=65536)
def _has_glyph(path: str, size: int, character: str) -> bool:
    font = _truetype(path, size)
    return _mask(font, character) != _mask(font, NO_GLYPH)


def _mask(font: ImageFont.FreeTypeFont, character: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(character)
    return mask.size, bytes(mask)


@functools.lru_cache(maxsize=64)
def _truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font file at a size, opened once for every picture drawn in this process."""
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def render_png(
    content: Mapping[str, Any],
    findings: Sequence[FindingLike] | None = None,
    *,
    max_pixels: int = MAX_PNG_PIXELS,
    marks: Marks | None = None,
) -> bytes:
    """The SVG's scene drawn with Pillow (DejaVu Sans when installed, else Pillow's own font).

    A scene of more than ``max_pixels`` is drawn scaled down to fit (huge flows stay drawable).
    ``marks`` highlights added and changed blocks and lists others beside the flow.
    """
    from PIL import Image, ImageDraw  # Pillow is needed for PNG only

    scene = build_scene(content, findings, marks)
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
    painter.side_list(scene)
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
        self.fonts: dict[tuple[int, bool], tuple[AnyFont, ...]] = {}

    def font_chain(self, size: int, bold: bool = False) -> tuple[AnyFont, ...]:
        """The fonts a text of this size is drawn with, first choice first (see the module)."""
        key = (max(6, round(size * self.scale)), bold)
        if key not in self.fonts:
            self.fonts[key] = font_chain(*key)
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
        """``text`` at (x, y); ``anchor``: ``ls``, ``ms`` or ``rs`` (left, middle or right of
        the baseline), as in Pillow, for the whole text however many fonts draw it."""
        runs = list(font_runs(text, self.font_chain(size, bold)))
        width = sum(font.getlength(run) for run, font in runs)
        left, baseline = self.p(x, y)
        start = left - {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
        for run, font in runs:
            self.draw.text((start, baseline), run, fill=fill, font=font, anchor="l" + anchor[1])
            start += font.getlength(run)

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
            color = finding_color(block.severity)
            self.text(box.x, box.bottom + 15, clip(block.codes, CODES_CHARS), bold=True, fill=color)

    def flow_notes(self, scene: Scene) -> None:
        if not scene.flow_notes:
            return
        limit = (scene.width - 2 * MARGIN) // NOTE_CHAR_WIDTH
        self.text(MARGIN, scene.notes_top, "Flow findings", size=13, bold=True)
        for index, (severity, text) in enumerate(scene.flow_notes, start=1):
            color = finding_color(severity)
            self.text(
                MARGIN, scene.notes_top + index * NOTE_LINE_HEIGHT, clip(text, limit), fill=color
            )

    def side_list(self, scene: Scene) -> None:
        if not scene.side_title:
            return
        limit = max(20, (scene.width - scene.side_left - MARGIN) // NOTE_CHAR_WIDTH)
        self.text(scene.side_left, MARGIN, clip(scene.side_title, limit), size=13, bold=True)
        for index, line in enumerate(scene.side_lines, start=1):
            self.text(scene.side_left, MARGIN + index * NOTE_LINE_HEIGHT, clip(line, limit))


def font_chain(size: int, bold: bool = False) -> tuple[AnyFont, ...]:
    """DejaVu Sans then Noto Sans CJK at ``size`` pixels (those found), else Pillow's own."""
    from PIL import ImageFont

    paths = [system_font(bold), cjk_font()]
    found = tuple(_truetype(str(path), size) for path in paths if path is not None)
    return found or (ImageFont.load_default(size),)


def font_runs(text: str, fonts: Sequence[AnyFont]) -> Iterator[tuple[str, AnyFont]]:
    """``text`` cut into runs, each with the first font that has glyphs for its characters (the
    last font when none has: it draws its missing-glyph box)."""
    from PIL import ImageFont

    def chosen(character: str) -> AnyFont:
        for font in fonts[:-1]:
            if isinstance(font, ImageFont.FreeTypeFont) and has_glyph(font, character):
                return font
        return fonts[-1]

    run, current = "", fonts[0]
    for character in text:
        font = chosen(character)
        if run and font is not current:
            yield run, current
            run = ""
        run, current = run + character, font
    if run:
        yield run, current
