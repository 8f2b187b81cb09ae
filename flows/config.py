"""The toolkit's configuration: the ``[tool.flows]`` table of a pyproject.toml.

The toolkit names no application. An application built with it hands over its defaults here::

    [tool.flows.commands]        # commands it adds to `python -m flows`
    generate = { module = "flows.customer_lookup.generate", help = "write flows/generated/" }

    [tool.flows.functions]       # what answers for a function a flow invokes, unless --lambda says
    "customer-lookup-*" = "lambdas/customer_lookup/handler.py:handler"

    [tool.flows.queue-names]     # queue ARN -> the name transcripts and test cases use
    "arn:aws:connect:...:instance/.../queue/..." = "General"

    [tool.flows.function-environment]   # what a bound function needs from the environment
    "customer-lookup-*" = { needs = ["CUSTOMER_TABLE_NAME"], hint = "start the local table" }

A command is a module with ``configure(parser)`` and ``run(args) -> int``, like the toolkit's
own; ``module = "..."`` alone may be written as the module's name. A function key is a function
name (its name in the ARN, without a qualifier), or a name prefix ending in ``*`` (a name's own
key wins, then the longest prefix it starts with: :func:`by_function_name`); the target is
``module:function`` or ``path/to/file.py:function``, a path relative to the pyproject.toml that
says it. Queue names add to the names a console export carries in its own metadata. A
function-environment key is a function name or prefix as in ``functions``; ``needs`` lists the
environment variables its default binding reads (when one is unset, ``simulate`` and ``test``
say so in one line, with ``hint``: what to do about it).

The table is read from the nearest pyproject.toml that has one, from the current directory
upwards, else from the pyproject.toml beside this package (the project the toolkit lives in).
A table that cannot be used is :class:`ConfigError`, whose message names the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

FILE_NAME = "pyproject.toml"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
TABLE = "[tool.flows]"
T = TypeVar("T")
_TABLE_LINE = re.compile(r"^\s*\[\s*tool\.flows\s*[\].]", re.MULTILINE)


class ConfigError(ValueError):
    """A ``[tool.flows]`` table that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Command:
    """A command an application adds to `python -m flows`."""

    module: str
    help: str = ""


@dataclass(frozen=True)
class FunctionEnvironment:
    """The environment variables a bound function needs, and what to do when one is unset."""

    needs: tuple[str, ...]
    hint: str = ""


@dataclass(frozen=True)
class FlowsConfig:
    """What ``[tool.flows]`` says; empty when no pyproject.toml has the table."""

    source: Path | None = None
    commands: Mapping[str, Command] = field(default_factory=dict)
    # function name -> target, and name prefix (without its '*') -> target
    functions: Mapping[str, str] = field(default_factory=dict)
    function_prefixes: Mapping[str, str] = field(default_factory=dict)
    queue_names: Mapping[str, str] = field(default_factory=dict)
    # the targets as written, for help texts: key -> target
    functions_as_written: Mapping[str, str] = field(default_factory=dict)
    # function name (or prefix ending in '*', as written) -> what it needs from the environment
    function_environment: Mapping[str, FunctionEnvironment] = field(default_factory=dict)

    def environment_of(self, function: str) -> FunctionEnvironment | None:
        """What ``function`` (a name) needs from the environment (:func:`by_function_name`)."""
        table = self.function_environment
        exact = {key: item for key, item in table.items() if not key.endswith("*")}
        prefixes = {key.removesuffix("*"): item for key, item in table.items() if key.endswith("*")}
        return by_function_name(function, exact, prefixes)


def by_function_name(name: str, exact: Mapping[str, T], prefixes: Mapping[str, T]) -> T | None:
    """What a table keyed by function names and name prefixes (``orders-*``, held without the
    ``*``) says for ``name``: its own entry, else the longest prefix it starts with, whatever
    order the table gives them in (``orders-eu-*`` before ``orders-*``)."""
    if name in exact:
        return exact[name]
    matching = [prefix for prefix in prefixes if name.startswith(prefix)]
    return prefixes[max(matching, key=len)] if matching else None


_CACHE: dict[tuple[Path, int], FlowsConfig] = {}


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.flows]`` table from ``start`` (default: the
    current directory) upwards, else the project's own if it has one, else ``None``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file() and _has_table(candidate):
            return candidate
    own = PROJECT_ROOT / FILE_NAME
    return own if own.is_file() and _has_table(own) else None


def load_config(start: Path | None = None) -> FlowsConfig:
    """The configuration in force from ``start`` (default: the current directory)."""
    path = find_config_file(start)
    if path is None:
        return FlowsConfig()
    key = (path, path.stat().st_mtime_ns)
    config = _CACHE.get(key)
    if config is None:
        config = read_config(path)
        _CACHE[key] = config
    return config


def read_config(path: Path) -> FlowsConfig:
    """The ``[tool.flows]`` table of ``path``; raises :class:`ConfigError`."""
    table = _table(_read(path), path)
    if table is None:
        return FlowsConfig(source=path)
    known = {"commands", "functions", "queue-names", "function-environment"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: {TABLE}: unknown key {unknown[0]!r}; expected {', '.join(sorted(known))}"
        )
    exact, prefixes, written = _functions(table.get("functions", {}), path)
    return FlowsConfig(
        source=path,
        commands=_commands(table.get("commands", {}), path),
        functions=exact,
        function_prefixes=prefixes,
        queue_names=_strings(table.get("queue-names", {}), path, "queue-names", "a queue name"),
        functions_as_written=written,
        function_environment=_function_environment(table.get("function-environment", {}), path),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _has_table(path: Path) -> bool:
    """Whether the file says ``[tool.flows...]`` (checked on the text: an unreadable or broken
    file that has the table is still the one meant, and reading it reports the problem)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _TABLE_LINE.search(text) is not None


def _table(document: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    tool = document.get("tool")
    table = tool.get("flows") if isinstance(tool, Mapping) else None
    if table is not None and not isinstance(table, Mapping):
        raise ConfigError(f"{path}: {TABLE}: expected a table")
    return table


def _strings(value: Any, path: Path, name: str, what: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{path}: [tool.flows.{name}]: expected a table")
    for key, item in value.items():
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{path}: [tool.flows.{name}] {key!r}: expected {what} (text)")
    return {str(key): str(item).strip() for key, item in value.items()}


def _commands(value: Any, path: Path) -> dict[str, Command]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{path}: [tool.flows.commands]: expected a table")
    commands: dict[str, Command] = {}
    for name, written in value.items():
        where = f"{path}: [tool.flows.commands] {name!r}"
        item = {"module": written} if isinstance(written, str) else written
        if not isinstance(item, Mapping) or set(item) - {"module", "help"}:
            raise ConfigError(f'{where}: expected "module.name" or {{ module = ..., help = ... }}')
        module, help_text = item.get("module"), item.get("help", "")
        if not isinstance(module, str) or not all(p.isidentifier() for p in module.split(".")):
            raise ConfigError(f"{where}: module {module!r}: expected a dotted module name")
        if not isinstance(help_text, str):
            raise ConfigError(f"{where}: help: expected text")
        commands[str(name)] = Command(module, help_text)
    return commands


def _functions(value: Any, path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    written = _strings(value, path, "functions", "module:function or path/to/file.py:function")
    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for key, as_written in written.items():
        where = f"{path}: [tool.flows.functions] {key!r}"
        location, _, attribute = as_written.rpartition(":")
        if not location or not attribute:
            raise ConfigError(
                f"{where}: {as_written!r}: expected module:function or path/to/file.py:function"
            )
        target = as_written
        if location.endswith(".py"):
            target = f"{(path.parent / location).resolve()}:{attribute}"
        name, is_prefix = _function_key(key, where)
        (prefixes if is_prefix else exact)[name] = target
    return exact, prefixes, written


def _function_key(key: object, where: str) -> tuple[str, bool]:
    """(the name or prefix, whether it is a prefix) of a key of a table of functions."""
    text = str(key)
    name = text.removesuffix("*")
    if not name or "*" in name:
        raise ConfigError(f"{where}: expected a function name, or a name prefix ending in *")
    return name, text.endswith("*")


_ENVIRONMENT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _function_environment(value: Any, path: Path) -> dict[str, FunctionEnvironment]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{path}: [tool.flows.function-environment]: expected a table")
    found: dict[str, FunctionEnvironment] = {}
    for key, item in value.items():
        where = f"{path}: [tool.flows.function-environment] {key!r}"
        _function_key(key, where)
        shape = '{ needs = ["VARIABLE", ...], hint = "..." }'
        if not isinstance(item, Mapping) or set(item) - {"needs", "hint"}:
            raise ConfigError(f"{where}: expected {shape}")
        needs, hint = item.get("needs"), item.get("hint", "")
        if (
            not isinstance(needs, list)
            or not needs
            or not all(isinstance(n, str) and _ENVIRONMENT_NAME.match(n) for n in needs)
        ):
            raise ConfigError(f"{where}: needs: expected a list of environment variable names")
        if not isinstance(hint, str):
            raise ConfigError(f"{where}: hint: expected text")
        found[str(key)] = FunctionEnvironment(tuple(needs), hint.strip())
    return found
