"""`python -m flows validate PATH...`: check flow files, exit 1 when any error is found.

Text output is one line per finding, ``PATH: IDENTIFIER: error|warning CODE: message``
(IDENTIFIER is ``-`` for findings about the whole flow or file), then a one-line summary on
stderr. The codes are documented in :mod:`flows.validator`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from flows.validator import Finding, has_errors, validate_path

EPILOG = """\
output:
  text  one line per finding: PATH: IDENTIFIER: error|warning CODE: message
        (IDENTIFIER is "-" for the flow or file as a whole); a summary goes to stderr.
  json  one JSON array on stdout, one object per finding:
        {"path", "identifier", "severity", "code", "message"}; files without
        findings add nothing.

exit status: 1 when any file has an error, 0 otherwise (warnings alone do not fail);
2 for a wrong command line. The finding codes are listed in flows/validator.py.
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
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json, see below",
    )


def run(args: argparse.Namespace) -> int:
    results: list[tuple[str, Finding]] = []
    for path in args.paths:
        results.extend((path, finding) for finding in validate_path(path))
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


def _summary(files: int, findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    noun = "file" if files == 1 else "files"
    return f"{files} {noun} checked: {errors} error(s), {warnings} warning(s)"
