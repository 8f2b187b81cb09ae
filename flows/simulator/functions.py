"""Which Python callable answers for which Lambda function named in a flow.

A function is named by its name in the ARN, without a qualifier (``customer-lookup-dev``). By
default the functions the project's ``[tool.flows.functions]`` table names (:mod:`flows.config`)
are bound to its targets: a function name or a name prefix ending in ``*`` (``customer-lookup-*``)
to ``module:function`` (an importable module) or ``path/to/file.py:function`` (loaded from that
file with its folder, the code root, on ``sys.path`` as the Lambda runtime does). The functions
run with the shell's environment (a table name, AWS_ENDPOINT_URL, ...). ``--lambda NAME=TARGET``
binds others, or the same names to other targets.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from flows.config import by_function_name, load_config
from flows.language.arns import ArnError, parse_lambda_function

LambdaHandler = Callable[[dict[str, Any], Any], Any]


class BindingError(ValueError):
    """A ``--lambda`` binding that cannot be used; the message names it and what was expected."""


def function_name(arn_or_name: str) -> str:
    """The function's name: the last part of its ARN (without a qualifier), or the text itself."""
    try:
        return parse_lambda_function(arn_or_name).name
    except ArnError:
        return arn_or_name.strip()


class FunctionBindings:
    """Function name -> callable, by exact name first, then by the longest name prefix.

    Targets are loaded on first use and kept, like a warm Lambda execution environment.
    """

    def __init__(
        self,
        exact: Mapping[str, LambdaHandler | str] | None = None,
        prefixes: Mapping[str, LambdaHandler | str] | None = None,
    ) -> None:
        self._exact: dict[str, LambdaHandler | str] = dict(exact or {})
        self._prefixes: dict[str, LambdaHandler | str] = dict(prefixes or {})
        self._loaded: dict[str, LambdaHandler] = {}
        self._lock = threading.Lock()

    @classmethod
    def default(cls, extra: Mapping[str, LambdaHandler | str] | None = None) -> FunctionBindings:
        """The bindings of the project's ``[tool.flows.functions]``, plus ``extra`` by name.

        Raises :class:`flows.config.ConfigError` when that table cannot be used."""
        config = load_config()
        return cls({**config.functions, **dict(extra or {})}, config.function_prefixes)

    def bind(self, name: str, target: LambdaHandler | str) -> None:
        self._exact[name] = target

    def resolve(self, name: str) -> LambdaHandler | None:
        """The callable bound to ``name`` (loaded now if needed), or ``None`` if none is."""
        target = self._target(name)
        if target is None:
            return None
        if not isinstance(target, str):
            return target
        with self._lock:
            loaded = self._loaded.get(target)
            if loaded is None:
                loaded = load_target(target)
                self._loaded[target] = loaded
        return loaded

    def _target(self, name: str) -> LambdaHandler | str | None:
        return by_function_name(name, self._exact, self._prefixes)


def add_binding_option(parser: argparse.ArgumentParser) -> None:
    """``--lambda NAME=TARGET`` (repeatable), as ``simulate`` and ``test`` take it; its help
    names the default bindings. Raises :class:`flows.config.ConfigError`."""
    defaults = ", ".join(
        f"{name} is bound to {target}"
        for name, target in load_config().functions_as_written.items()
    )
    parser.add_argument(
        "--lambda",
        dest="bindings",
        action="append",
        default=[],
        metavar="NAME=TARGET",
        help="bind function NAME (its name in the ARN, without a qualifier) to module:function "
        "or file.py:function" + (f"; {defaults} by default" if defaults else "").replace("%", "%%"),
    )


def bindings_from_options(texts: Sequence[str]) -> FunctionBindings:
    """The default bindings plus each ``NAME=TARGET``, loaded now: a bad target is bad input
    (:class:`BindingError`), not a failed call in the middle of a run."""
    functions = FunctionBindings.default()
    for text in texts:
        name, target = parse_binding(text)
        functions.bind(name, load_target(target))
    return functions


def parse_binding(text: str) -> tuple[str, str]:
    """``NAME=module:function`` or ``NAME=path/file.py:function`` -> (NAME, target)."""
    name, sep, target = text.partition("=")
    if not sep or not name.strip() or ":" not in target:
        raise BindingError(
            f"--lambda {text!r}: expected NAME=module:function or NAME=path/to/file.py:function"
        )
    return name.strip(), target.strip()


def load_target(target: str) -> LambdaHandler:
    """Load ``module:function`` or ``path/file.py:function``; raises :class:`BindingError`."""
    location, _, attribute = target.rpartition(":")
    if not location or not attribute:
        raise BindingError(f"{target!r}: expected module:function or path/to/file.py:function")
    if location.endswith(".py"):
        module = _load_file(Path(location), target)
    else:
        try:
            module = importlib.import_module(location)
        except ImportError as exc:
            raise BindingError(f"{target!r}: cannot import module {location!r}: {exc}") from exc
    function = getattr(module, attribute, None)
    if not callable(function):
        raise BindingError(f"{target!r}: {location} has no function {attribute!r}")
    return function  # type: ignore[no-any-return]


def _load_file(path: Path, target: str) -> Any:
    """Import a handler file as the Lambda runtime does: its folder (the code root) on sys.path."""
    if not path.is_file():
        raise BindingError(f"{target!r}: no such file {str(path)!r}")
    code_root = str(path.resolve().parent)
    if code_root not in sys.path:
        sys.path.insert(0, code_root)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise BindingError(f"{target!r}: cannot load {str(path)!r} as Python")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise BindingError(
            f"{target!r}: importing {str(path)!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    return module


def unset_environment(
    called: Iterable[str], rebound: Iterable[str], environ: Mapping[str, str] | None = None
) -> list[str]:
    """One line for each function in ``called`` that ran by its default binding (not one of the
    ``rebound`` names ``--lambda`` bound) while an environment variable the project's
    ``[tool.flows.function-environment]`` says it needs was unset or empty: its answer is then
    that of an unconfigured function, which a run should not pass off as the real one."""
    env = os.environ if environ is None else environ
    config = load_config()
    skipped = set(rebound)
    lines = []
    for name in sorted(set(called) - skipped):
        needs = config.environment_of(name)
        if needs is None:
            continue
        missing = [variable for variable in needs.needs if not env.get(variable, "").strip()]
        if missing:
            hint = f"; {needs.hint}" if needs.hint else ""
            lines.append(
                f"{name} ran without {' or '.join(missing)} set, so it answered as an "
                f"unconfigured function{hint}"
            )
    return lines
