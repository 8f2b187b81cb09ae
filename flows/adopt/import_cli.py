"""`python -m flows import EXPORT [-o FILE.py] [--function NAME]`: a flow export as Python.

Reads a console export, a flow module, or a wrapped flow (DescribeContactFlow's
``{"ContactFlow": {"Content": "..."}}``, ``{"Content": "..."}``) and writes a module that rebuilds
it with :mod:`flows.model.builder` (what it says: :mod:`flows.adopt.import_plan`; how it is written:
:mod:`flows.adopt.import_module`). Running the module gives back the export's Version, StartAction,
Settings, Actions and block positions; a block type the builder has no class for comes through
as ``RawParameters``.

Without ``-o`` the module goes to standard output. ``-o`` replaces the file only once the module
is complete (written beside it, then renamed), so a failed import never leaves a half-written
file or loses the one that was there. A summary goes to standard error.

Import transcribes; it does not judge: a flow the validator rejects (unknown or legacy types,
out-of-range parameters) is imported as it is, and `python -m flows validate` on the rebuilt
flow reports the same findings. What the builder itself refuses is refused here, with exit
status 2 and one line naming the file and the problem: a Version other than 2019-10-30, no
StartAction, a duplicate or ill-formed Identifier, a branch to a block that does not exist, a
block with no way on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.adopt.import_module import DEFAULT_FUNCTION, check_function_name, module_text
from flows.adopt.import_plan import ExactBlock, FlowImportError, plan_import
from flows.command_line import counted
from flows.files import replace_file
from flows.model.document import FlowDocumentError, load_flow_document

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("export", help="a flow file (console export, module or wrapped flow)")
    parser.add_argument("-o", "--output", help="the module to write (default: standard output)")
    parser.add_argument(
        "--function",
        default=DEFAULT_FUNCTION,
        help=f"name of the function that returns the flow (default: {DEFAULT_FUNCTION})",
    )


def run(args: argparse.Namespace) -> int:
    try:
        check_function_name(args.function)
        document = load_flow_document(args.export)
        plan = plan_import(document)
    except (ValueError, FlowDocumentError, FlowImportError) as exc:
        print(f"import: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = module_text(plan, args.function)
    exact = sum(isinstance(block, ExactBlock) for block in plan.blocks)
    summary = f"{counted(len(plan.blocks), 'block')} ({exact} added as exported)"
    if args.output is None:
        sys.stdout.write(text)
        print(f"import: {summary}", file=sys.stderr)
        return EXIT_OK
    try:
        replace_file(Path(args.output), text)
    except OSError as exc:
        print(f"import: {args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"import: wrote {args.output}: {summary}", file=sys.stderr)
    return EXIT_OK
