"""Command line of the flow toolkit: `python -m flows COMMAND ...`.

Each command lives in its own module, which provides ``configure(parser)`` to declare its
arguments and ``run(args) -> int`` to do the work and return the exit status. Modules are
imported only when their command runs, so `python -m flows validate` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("flows.validator.cli", "check flow files; exit 1 when any error is found"),
    "diagram": ("flows.pictures.diagram", "draw a flow as mermaid, SVG or PNG"),
    "generate": (
        "flows.customer_lookup.generate",
        "write flows/generated/ (the customer-lookup flow and its SVG) and the flow's test cases",
    ),
    "simulate": ("flows.simulator.cli", "run one simulated contact through a flow"),
    "coverage": ("flows.simulator.coverage_cli", "report which transitions a set of runs took"),
    "test": (
        "flows.testing.cli",
        "run Amazon Connect test cases on the simulator; exit 1 when any fails",
    ),
    "import": ("flows.adopt.import_cli", "write a Python module that rebuilds an exported flow"),
    "diff": ("flows.adopt.diff", "compare the behaviour of two flows; exit 1 when it differs"),
}


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the ``selected`` command's module is imported to declare its arguments."""
    parser = argparse.ArgumentParser(
        prog="python -m flows", description="Amazon Connect contact flows as code."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module_name)
        if name == selected:
            importlib.import_module(module_name).configure(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    return int(importlib.import_module(args._module).run(args))
