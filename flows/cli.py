"""Command line of the flow toolkit: `python -m flows COMMAND ...`.

Each command lives in its own module, which provides ``configure(parser)`` to declare its
arguments and ``run(args) -> int`` to do the work and return the exit status. Modules are
imported only when their command runs, so `python -m flows validate` stays quick. An
application adds its own commands in the ``[tool.flows.commands]`` table of its pyproject.toml
(:mod:`flows.config`); they are listed after the toolkit's. A configuration that cannot be
used, or a configured command whose module does not load, is one line and exit status 2.

Every command keeps the contract of :mod:`flows.command_line`: ``--help`` exits 0; a wrong
command line is the usage and one line, exit 2; an error no command foresaw is one line naming the
file that holds the trace, exit 3 (``--debug`` prints the trace instead). :func:`main` returns
the exit status in every case, argparse's own exits included, so it can be called in-process.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from flows.command_line import DEBUG_OPTION, EXIT_ERROR, OneLineParser, did_you_mean, run_main
from flows.config import ConfigError, FlowsConfig, load_config

PROG = "python -m flows"

# command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("flows.validator.cli", "check flow files; exit 1 when any error is found"),
    "diagram": ("flows.pictures.diagram", "draw a flow as mermaid, SVG or PNG"),
    "simulate": ("flows.simulator.cli", "run one simulated contact through a flow"),
    "coverage": ("flows.simulator.coverage_cli", "report which transitions a set of runs took"),
    "test": (
        "flows.testing.cli",
        "run Amazon Connect test cases on the simulator; exit 1 when any fails",
    ),
    "import": ("flows.adopt.import_cli", "write a Python module that rebuilds an exported flow"),
    "diff": ("flows.adopt.diff", "compare the behaviour of two flows; exit 1 when it differs"),
    "pull": (
        "flows.adopt.pull",
        "read every flow and module of an instance, and its resources, into a folder",
    ),
    "adopt": (
        "flows.adopt.adopt_cli",
        "write a package of flows with named references instead of one instance's ARNs",
    ),
    "render": (
        "flows.adopt.render",
        "write the flows of an adopted package as JSON, references resolved for an instance",
    ),
    "plan": (
        "flows.adopt.plan",
        "say what deploying an adopted package would change in an instance, flow by flow",
    ),
}


def commands(config: FlowsConfig) -> dict[str, tuple[str, str]]:
    """The toolkit's commands, then those the configuration adds (never replacing one)."""
    taken = sorted(set(config.commands) & set(COMMANDS))
    if taken:
        raise ConfigError(
            f"{config.source}: [tool.flows.commands] {taken[0]!r}: the toolkit has a command of "
            "that name; choose another"
        )
    added = {name: (c.module, c.help) for name, c in config.commands.items()}
    return {**COMMANDS, **added}


def build_parser(
    selected: str | None = None, config: FlowsConfig | None = None
) -> argparse.ArgumentParser:
    """The parser; only the ``selected`` command's module is imported to declare its arguments."""
    parser = OneLineParser(prog=PROG, description="Amazon Connect contact flows as code.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in commands(config or load_config()).items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module_name)
        if name == selected:
            _command_module(name, module_name).configure(command)
    return parser


def _command_module(name: str, module_name: str) -> ModuleType:
    if name in COMMANDS:
        return importlib.import_module(module_name)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"command {name}: cannot import module {module_name!r}: {exc}") from exc
    if not callable(getattr(module, "configure", None)) or not callable(
        getattr(module, "run", None)
    ):
        raise ConfigError(
            f"command {name}: module {module_name!r} has no configure(parser) and run(args)"
        )
    return module


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status, whatever happened (see the module docstring)."""
    return run_main(PROG, _main, argv)


def _main(argv: list[str]) -> int:
    selected = next((arg for arg in argv if not arg.startswith("-")), None)
    try:
        config = load_config()
        parser = build_parser(selected, config)
        known = commands(config)
        unknown = [arg for arg in argv if arg not in ("-h", "--help", DEBUG_OPTION)]
        if selected is None and unknown:  # options only, none of them the parser's own
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        if selected is not None and selected not in known:
            parser.error(
                f"{selected!r} is not a command{did_you_mean(selected, known)}; expected one of "
                f"{', '.join(known)}"
            )
        args, extra = parser.parse_known_args(argv)
        if extra:  # said by the command's own parser, so that its usage is the one printed
            _command_parser(parser, args.command).error(
                f"unrecognized arguments: {' '.join(extra)}"
            )
    except ConfigError as exc:
        print(f"flows: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as exc:  # argparse: --help (0) and a wrong command line (2)
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    return int(importlib.import_module(args._module).run(args))


def _command_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[name]
            return found
    return parser
