"""Pictures of a flow for review: `python -m flows diagram PATH --format mermaid|svg|png [-o FILE]`.

The drawing lives in :mod:`flows.pictures` (the scene, then one renderer per format); this
module is the command and the public entry points ``render_mermaid``, ``render_svg`` and
``render_png`` (each takes a flow-language object and, optionally, the validator's findings).
Without ``-o`` mermaid and SVG go to standard output; PNG needs a file.

The output's extension says its format: ``.svg``, ``.png``, and ``.mmd``/``.mermaid`` for mermaid
text, or ``.md`` for mermaid fenced as a Markdown code block (```` ```mermaid ````, which GitHub
and MkDocs draw). Any other extension is refused, and so is a ``--format`` that contradicts the
extension (``--format svg -o x.png``): exit status 2, one line, nothing written. Unless
``--no-findings`` is given, the flow is checked with :func:`flows.validator.validate_content`
and blocks with findings are outlined red (error) or amber (warning) with their codes listed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.files import replace_file
from flows.model.document import FlowDocumentError, flow_with_actions, load_flow_document
from flows.pictures.mermaid import render_mermaid
from flows.pictures.png import render_png
from flows.pictures.scene import FindingLike
from flows.pictures.svg import render_svg

__all__ = ["configure", "render_mermaid", "render_png", "render_svg", "run"]

FORMATS = ("mermaid", "svg", "png")
SUFFIX_FORMATS = {
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".md": "mermaid",
    ".svg": "svg",
    ".png": "png",
}
MARKDOWN_SUFFIX = ".md"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a flow file (console export, module or wrapped flow)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="picture format (default: from the -o extension, else mermaid); must agree with "
        "the extension",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="file to write: .svg, .png, .mmd or .mermaid, .md (mermaid in a fenced block); "
        "default: standard output (PNG needs a file)",
    )
    parser.add_argument(
        "--no-findings", action="store_true", help="draw without running the validator"
    )


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    picture_format = args.format or "mermaid"
    if output is not None:
        suffix = output.suffix.lower()
        implied = SUFFIX_FORMATS.get(suffix)
        if implied is None:
            known = ", ".join(SUFFIX_FORMATS)
            print(
                f"diagram: -o {output}: expected a file ending in {known} (the extension says "
                "the format)",
                file=sys.stderr,
            )
            return 2
        if args.format is not None and args.format != implied:
            print(
                f"diagram: --format {args.format} contradicts -o {output} (a {implied} file); "
                "give one or the other",
                file=sys.stderr,
            )
            return 2
        picture_format = implied
    if picture_format == "png" and output is None:
        print("diagram: PNG is binary; give a file with -o FILE.png", file=sys.stderr)
        return 2
    try:
        document = load_flow_document(args.path)
        content = flow_with_actions(document)
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
        if output is not None and output.suffix.lower() == MARKDOWN_SUFFIX:
            picture = f"```mermaid\n{picture.rstrip()}\n```\n"
    elif picture_format == "svg":
        picture = render_svg(content, findings)
    else:
        picture = render_png(content, findings)
    if output is None:
        assert isinstance(picture, str)  # PNG without -o was refused above
        sys.stdout.write(picture)
        return 0
    try:
        replace_file(output, picture)
    except OSError as exc:
        print(f"diagram: {output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
