"""Pictures of a flow for review: `python -m flows diagram PATH --format mermaid|svg|png [-o FILE]`.

The drawing lives in :mod:`flows.pictures` (the scene, then one renderer per format); this
module is the command and the public entry points ``render_mermaid``, ``render_svg`` and
``render_png`` (each takes a flow-language object and, optionally, the validator's findings).
Without ``-o`` mermaid and SVG go to standard output; PNG needs a file. Unless
``--no-findings`` is given, the flow is checked with :func:`flows.validator.validate_content`
and blocks with findings are outlined red (error) or amber (warning) with their codes listed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.model.document import FlowDocumentError, flow_with_actions, load_flow_document
from flows.pictures.mermaid import render_mermaid
from flows.pictures.png import render_png
from flows.pictures.scene import FindingLike
from flows.pictures.svg import render_svg

__all__ = ["configure", "render_mermaid", "render_png", "render_svg", "run"]

FORMATS = ("mermaid", "svg", "png")
SUFFIX_FORMATS = {".mmd": "mermaid", ".mermaid": "mermaid", ".svg": "svg", ".png": "png"}


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
