"""`python -m flows adopt SOURCE... -o PACKAGE [--resources FILE]`: a set of flows as a package.

SOURCE is export files or folders (a folder: its ``*.json`` files but ``resources.json``), from
`python -m flows pull` or from the console. The package (:mod:`flows.adopt.package`) has one
module per flow, with every instance-specific value a named reference (what is named, and how:
:mod:`flows.adopt.adoption`), and ``source_resources.json``, which `render` uses to give the
exports back. ``--resources`` is an instance's resources.json, for names the exports lack (by
default ``resources.json`` of a SOURCE folder, when there is one).

Standard output: one line per flow (name, type, module) and the table of references (kind,
name, the source value it replaced). Standard error: warnings (a value kept as a literal, naming
the flow and block; a type that was inferred), then the summary. The package is written only
when every source was read, all at once: an adopted package already at PACKAGE is replaced, any
other folder there is refused. Exit status 0 written (warnings or not), 2 bad input and nothing
written, one line per problem naming the source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.adopt.adoption import AdoptError, Adoption, adopt, read_sources
from flows.adopt.package import PackageError, write_package
from flows.command_line import counted
from flows.model.references import ResourcesFileError, ResourceTable

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="export files or folders")
    parser.add_argument("-o", "--output", required=True, metavar="PACKAGE", help="the package")
    parser.add_argument(
        "--resources",
        metavar="FILE",
        help="the source instance's resources.json (python -m flows pull), for names",
    )


def run(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if not target.name.isidentifier():
        return _bad(f"-o {args.output}: the package's folder name must be a Python name")
    try:
        sources = read_sources([Path(s) for s in args.sources])
        resources = _resources(args.resources, [Path(s) for s in args.sources])
        adoption = adopt(sources, resources)
        write_package(adoption, target)
    except (AdoptError, ResourcesFileError, PackageError) as exc:
        for line in str(exc).splitlines():
            print(f"adopt: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        return _bad(f"{args.output}: cannot write: {exc.strerror or exc}")
    sys.stdout.write(report(adoption))
    for warning in adoption.warnings:
        print(f"adopt: warning: {warning}", file=sys.stderr)
    for flow in adoption.flows:
        if flow.type_note:
            print(f"adopt: note: {flow.name}: {flow.type_note}", file=sys.stderr)
    count = len(adoption.source_resources.resources)
    print(
        f"adopt: wrote {target}: {counted(len(adoption.flows), 'flow')}, "
        f"{counted(count, 'named resource')}, "
        f"{counted(len(adoption.warnings), 'value kept as a literal', 'values kept as literals')}",
        file=sys.stderr,
    )
    return EXIT_OK


def _resources(option: str | None, sources: list[Path]) -> ResourceTable | None:
    if option is not None:
        return ResourceTable.load(option)
    for source in sources:
        candidate = source / "resources.json"
        if source.is_dir() and candidate.is_file():
            return ResourceTable.load(candidate)
    return None


def report(adoption: Adoption) -> str:
    """The flows and the table of references, as text."""
    lines = ["flows:"]
    width = max(len(flow.name) for flow in adoption.flows)
    for flow in adoption.flows:
        lines.append(f"  {flow.name:<{width}}  {flow.flow_type:<16}  {flow.module}.py")
    resources = adoption.source_resources.resources
    if resources:
        lines.append("references (reference -> the source value it replaced):")
        shown = [(_shown(r.kind, r.name, r.alias), r.arn) for r in resources]
        width = max(len(text) for text, _ in shown)
        lines += [f"  {text:<{width}}  {arn}" for text, arn in shown]
    return "\n".join(lines) + "\n"


def _shown(kind: str, name: str, alias: str | None) -> str:
    return f"{kind}({name!r}, alias={alias!r})" if alias else f"{kind}({name!r})"


def _bad(message: str) -> int:
    print(f"adopt: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
