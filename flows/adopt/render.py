"""`python -m flows render PACKAGE -o FOLDER [--resources FILE]`: an adopted package's flows as
JSON for one instance.

Each flow of the package (:mod:`flows.adopt.package`) is built and its references resolved from
FILE, an instance's resources.json (as `python -m flows pull` writes it); by default the
package's own ``source_resources.json``, so the exports it was adopted from come back, with the
same behaviour as `python -m flows diff` judges it. One file per flow, named after it
(``FOLDER/Main menu.json``), in the flow language as a console export has it.

A flow with a reference FILE has no value for is not written; every such reference is named
(``Queue('BasicQueue')``), flow by flow. Files are replaced whole, never half-written. Exit
status 0 all written, 1 some flows not written (unresolved references), 2 bad input (not an
adopted package, an unreadable resources file; nothing written), one line per problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from flows.adopt.package import SOURCE_RESOURCES, AdoptedPackage, PackageError, load_package
from flows.command_line import counted
from flows.files import replace_file, unique_stems
from flows.model.references import ResourcesFileError, ResourceTable, UnresolvedReferences

EXIT_OK = 0
EXIT_SOME_NOT_WRITTEN = 1
EXIT_BAD_INPUT = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("package", metavar="PACKAGE", help="a package `flows adopt` wrote")
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER", help="where to write")
    parser.add_argument(
        "--resources",
        metavar="FILE",
        help=f"an instance's resources.json (default: the package's {SOURCE_RESOURCES})",
    )


def rendered_flows(
    package: AdoptedPackage, resources: ResourceTable
) -> tuple[dict[str, dict[str, Any]], dict[str, UnresolvedReferences]]:
    """(flow name -> its JSON content, flow name -> what it lacks), references resolved."""
    written: dict[str, dict[str, Any]] = {}
    missing: dict[str, UnresolvedReferences] = {}
    for loaded in package.flows:
        resolve = resources.resolver(f"{loaded.name!r}")
        try:
            written[loaded.name] = resolve(loaded.flow.to_dict())
        except UnresolvedReferences as exc:
            missing[loaded.name] = exc
    return written, missing


def run(args: argparse.Namespace) -> int:
    try:
        package = load_package(args.package)
        resources = (
            package.source_resources()
            if args.resources is None
            else ResourceTable.load(args.resources)
        )
    except (PackageError, ResourcesFileError) as exc:
        print(f"render: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"render: {folder}: cannot create: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    contents, missing = rendered_flows(package, resources)
    names = [flow.name for flow in package.flows]
    stems = dict(zip(names, unique_stems(names), strict=True))
    for name, content in contents.items():
        path = folder / f"{stems[name]}.json"
        try:
            replace_file(path, json.dumps(content, ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            print(f"render: {path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"render: wrote {path}", file=sys.stderr)
    for problem in missing.values():
        print(f"render: not written: {problem}", file=sys.stderr)
    print(
        f"render: {len(contents)} of {counted(len(names), 'flow')} written to {folder}",
        file=sys.stderr,
    )
    return EXIT_SOME_NOT_WRITTEN if missing else EXIT_OK
