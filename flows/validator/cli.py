"""`python -m flows validate [--flow-type TYPE] PATH...`: check flow files, exit 1 on any error.

Text output is one line per finding, ``PATH: IDENTIFIER: error|warning CODE: message``
(IDENTIFIER is ``-`` for findings about the whole flow or file), then a one-line summary on
stderr. The codes are documented in :mod:`flows.validator`.

``--flow-type`` names the ContactFlowType the files are meant to be; it is matched without regard
to case. A file that declares its own type (a DescribeContactFlow wrapper's ``Type``, a console
export's ``Metadata.type``) is checked as that type, and a different ``--flow-type`` is reported
as an error in it. Without either, a file is checked as the type its blocks allow (the only one,
else the least restrictive, CONTACT_FLOW when it is among them). Flow modules are their own kind,
checked as the inbound flow that invokes them, whatever ``--flow-type`` says.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from flows.command_line import counted
from flows.language.flow_kind import blocks_of, declared_flow_type, infer_flow_type
from flows.language.flow_types import DEFAULT_FLOW_TYPE, FLOW_TYPES, parse_flow_type
from flows.model.document import FlowDocumentError, load_flow_document
from flows.validator import Finding, has_errors, validate_path

EPILOG = """\
output:
  text  one line per finding: PATH: IDENTIFIER: error|warning CODE: message
        (IDENTIFIER is "-" for the flow or file as a whole); a summary goes to stderr.
  json  one JSON array on stdout, one object per finding:
        {"path", "identifier", "severity", "code", "message"}; files without
        findings add nothing.

flow types: CONTACT_FLOW, CUSTOMER_QUEUE, CUSTOMER_HOLD, CUSTOMER_WHISPER, AGENT_HOLD,
  AGENT_WHISPER, OUTBOUND_WHISPER, AGENT_TRANSFER, QUEUE_TRANSFER, CAMPAIGN.
  A file that declares its type (DescribeContactFlow "Type", Metadata.type) is checked as
  that type; a different --flow-type is then an error. A file that declares none is checked
  as --flow-type, else as the type its blocks allow (the only one, else the least
  restrictive; CONTACT_FLOW when it is among them): a note on stderr says which and why
  ("validate: note: PATH: ..."), a FLOW_TYPE_INFERRED warning when it is not CONTACT_FLOW.
  Flow modules (top-level "Settings") are checked as the inbound flow that invokes them.

exit status: 1 when any file has an error, 0 otherwise (warnings alone do not fail);
2 for a wrong command line. The finding codes are listed in flows/validator/__init__.py.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="flow files: console exports, flow modules, or wrapped {Content: ...} documents",
    )
    parser.add_argument(
        "--flow-type",
        metavar="TYPE",
        help="the ContactFlowType the files are meant to be (default: the one the file "
        f"declares, else the one its blocks allow, {DEFAULT_FLOW_TYPE} among several), see below",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json, see below",
    )


def run(args: argparse.Namespace) -> int:
    flow_type = None
    if args.flow_type is not None:
        flow_type = parse_flow_type(args.flow_type)
        if flow_type is None:
            print(
                f"validate: --flow-type {args.flow_type!r} is not a flow type; expected one of "
                f"{', '.join(FLOW_TYPES)}",
                file=sys.stderr,
            )
            return 2
    results: list[tuple[str, Finding]] = []
    for path in args.paths:
        results.extend((path, finding) for finding in validate_path(path, flow_type=flow_type))
        note = None if flow_type is not None else _default_type_note(path)
        if note is not None:
            print(f"validate: note: {path}: {note}", file=sys.stderr)
    if args.format == "json":
        records = [{"path": path, **asdict(finding)} for path, finding in results]
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for path, finding in results:
            print(
                f"{path}: {finding.identifier}: {finding.severity} {finding.code}: "
                f"{finding.message}"
            )
        print(_summary(len(args.paths), [finding for _, finding in results]), file=sys.stderr)
    return 1 if has_errors([finding for _, finding in results]) else 0


def _default_type_note(path: str) -> str | None:
    """A note (on stderr, beside the summary) when a file declares no type and is checked as the
    default type because its blocks fit it best (the validator's FLOW_TYPE_INFERRED warning says
    so for any other type): which type, and why."""
    try:
        document = load_flow_document(path)
    except (FlowDocumentError, OSError):
        return None  # the validator has reported it
    content = document.content
    if "Settings" in content or declared_flow_type(content, document.flow_type).value is not None:
        return None
    inference = infer_flow_type(blocks_of(content))
    if inference.flow_type != DEFAULT_FLOW_TYPE:
        return None
    return (
        f"no flow type declared (no wrapper Type, no Metadata.type); checked as "
        f"{DEFAULT_FLOW_TYPE}: {inference.reason()}. --flow-type or Metadata.type decides"
    )


def _summary(files: int, findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return (
        f"{counted(files, 'file')} checked: {counted(errors, 'error')}, "
        f"{counted(warnings, 'warning')}"
    )
