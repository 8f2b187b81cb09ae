"""The text of the Python module `python -m flows import` writes, from an :class:`ImportPlan`.

The module reads like a flow written by hand (see flows/customer_lookup/flow.py): a docstring saying
where the flow came from; the instance-specific values as constants (see
:mod:`flows.adopt.instance_values`); the module's ``Settings`` and the console's other ``Metadata``
as constants; then a function (``build_flow`` unless another name is asked for) with one statement
per block in flow order, each under a comment with the console's name of the block; run as a
script, it prints the flow's JSON. The text is laid out as `ruff format` would lay it out (see
:mod:`flows.adopt.python_source`), so it can be committed as it is.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from flows.adopt.import_plan import ExactBlock, ImportPlan, WiredBlock
from flows.adopt.instance_values import instance_values
from flows.adopt.python_source import (
    Call,
    Chain,
    DictExpr,
    Expr,
    ListExpr,
    Name,
    TupleExpr,
    literal,
    statement,
)
from flows.language.facts import NO_MATCHING_CONDITION, NO_MATCHING_ERROR, console_name
from flows.model.actions import Parameters, RawParameters
from flows.model.flow import Action, Condition, ConditionBranch, ErrorBranch, Transitions
from flows.model.references import Reference

DEFAULT_FUNCTION = "build_flow"
# The builder's helpers for one-operand conditions, by operator.
CONDITION_HELPERS = {
    "Equals": "equals",
    "TextStartsWith": "text_starts_with",
    "TextEndsWith": "text_ends_with",
    "TextContains": "text_contains",
    "NumberGreaterThan": "number_greater_than",
    "NumberGreaterOrEqualTo": "number_greater_or_equal_to",
    "NumberLessThan": "number_less_than",
    "NumberLessOrEqualTo": "number_less_or_equal_to",
}
MAX_NAME_CHARS = 40  # the flow's name in the docstring's first line
MAX_SOURCE_CHARS = 96  # the export's file name, on its own line of the docstring
SETTINGS_CONSTANT = "SETTINGS"
METADATA_CONSTANT = "CONSOLE_METADATA"
# Names the module itself defines or imports; a function may not take one of them.
_MODULE_NAMES = frozenset(
    {
        "annotations",
        "Any",
        "flow",
        "Flow",
        "FlowBuilder",
        "Action",
        "Condition",
        "ConditionBranch",
        "ErrorBranch",
        "Transitions",
        "RawParameters",
        SETTINGS_CONSTANT,
        METADATA_CONSTANT,
        *CONDITION_HELPERS.values(),
    }
)


def check_function_name(name: str) -> None:
    """Raise ValueError unless ``name`` can be the module's function."""
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ValueError(f"--function {name!r} is not a Python name; expected e.g. build_flow")
    if name in _MODULE_NAMES or name.isupper():
        raise ValueError(
            f"--function {name!r} would clash with a name the module defines; choose another"
        )


def module_text(plan: ImportPlan, function: str = DEFAULT_FUNCTION) -> str:
    """The module's source text (see the module docstring)."""
    check_function_name(function)
    writer = ModuleWriter(plan, instance_values(plan.flow))
    return writer.text(function)


class ModuleWriter:
    """Writes the module of one :class:`ImportPlan`; `python -m flows adopt` specializes it."""

    RETURNS = "Flow"  # what the module's function is annotated to return

    def __init__(
        self,
        plan: ImportPlan,
        constants: Mapping[str, str],
        references: Mapping[str, Reference] | None = None,
    ) -> None:
        self.plan = plan
        self.constants = dict(constants)  # value -> NAME
        self.references = dict(references or {})  # value -> the reference written instead
        self.imports: dict[str, set[str]] = {"flows.model.builder": {"FlowBuilder"}}
        if self.RETURNS == "Flow":
            self.imports["flows.model.flow"] = {"Flow"}

    def value(self, value: Any) -> Expr:
        """A JSON value with instance-specific strings replaced by their references or
        constants."""
        if isinstance(value, str) and value in self.references:
            reference = self.references[value]
            args, kwargs = reference.arguments()
            name = self.use("flows.model.references", reference.KIND)
            return Call(name, list(args), list(kwargs))
        if isinstance(value, str) and value in self.constants:
            return Name(self.constants[value])
        if isinstance(value, dict):
            return DictExpr([(str(k), self.value(v)) for k, v in value.items()])
        if isinstance(value, list):
            return ListExpr([self.value(v) for v in value])
        return literal(value)

    def use(self, module: str, name: str) -> str:
        self.imports.setdefault(module, set()).add(name)
        return name

    def text(self, function: str) -> str:
        body = self._function(function)  # first: it decides the imports
        settings = self.plan.settings
        metadata = self.plan.console_metadata
        if settings is not None or metadata is not None:
            self.use("typing", "Any")
        lines = [*self._docstring(function), "", "from __future__ import annotations", ""]
        lines += self._import_lines()
        if self.constants:
            lines += [
                "",
                "# Instance-specific values: replace them with configuration or CDK tokens.",
            ]
            for value, name in self.constants.items():
                lines += statement(value, 0, f"{name} = ")
        if settings is not None:
            lines += ["", "# The flow module's settings (its inputs, outputs and branches)."]
            lines += statement(self.value(settings), 0, f"{SETTINGS_CONSTANT}: dict[str, Any] = ")
        if metadata is not None:
            lines += [
                "",
                "# What the console keeps beside the blocks (names shown for chosen resources,",
                "# annotations, ...); positions are given block by block below.",
            ]
            lines += statement(self.value(metadata), 0, f"{METADATA_CONSTANT}: dict[str, Any] = ")
        lines += ["", "", *body]
        lines += self._main_lines(function)
        return "\n".join(lines) + "\n"

    def _main_lines(self, function: str) -> list[str]:
        return [
            "",
            "",
            'if __name__ == "__main__":',
            f"    print({function}().to_content(indent=2))",
        ]

    def _docstring(self, function: str) -> list[str]:
        name = _plain(self.plan.name)[:MAX_NAME_CHARS]
        what = f"The contact flow {name!r}" if name else "A contact flow"
        if self.plan.settings is not None:
            what = f"The flow module {name!r}" if name else "A flow module"
        source = _plain(_file_name(self.plan.source))
        if len(source) > MAX_SOURCE_CHARS:
            source = "..." + source[-(MAX_SOURCE_CHARS - 3) :]
        return [
            f'"""{what}, as Python.',
            "",
            "Imported with `python -m flows import` from",
            source,
            "",
            f"`{function}()` rebuilds it with flows.model.builder, one statement per block in",
            "flow order (the console's name of each block in a comment). Run as a script, this",
            "module prints the flow's JSON.",
            '"""',
        ]

    def _import_lines(self) -> list[str]:
        standard = {m: n for m, n in self.imports.items() if not m.startswith("flows")}
        ours = {m: n for m, n in self.imports.items() if m.startswith("flows")}
        lines: list[str] = []
        for group in (standard, ours):
            for module in sorted(group):
                names = sorted(group[module], key=_isort_key)
                lines += statement_import(module, names)
            if group:
                lines.append("")
        return lines[:-1] if lines else lines

    def _function(self, function: str) -> list[str]:
        plan = self.plan
        kwargs: list[tuple[str, Expr]] = [("start", plan.start)]
        if plan.settings is not None:
            kwargs.append(("settings", Name(SETTINGS_CONSTANT)))
        if plan.entry_position is not None:
            kwargs.append(("entry_position", _position(plan.entry_position)))
        if plan.console_metadata is not None:
            kwargs.append(("metadata", Name(METADATA_CONSTANT)))
        lines = [
            f"def {function}() -> {self.RETURNS}:",
            f'    """{self._function_doc()}"""',
            *statement(Call("FlowBuilder", kwargs=kwargs), 1, "flow = "),
        ]
        for block in plan.blocks:
            lines.append(f"    # {_plain(console_name(block.type))}")
            if isinstance(block, WiredBlock):
                lines += statement(self._wired(block), 1)
            else:
                lines += statement(self._exact(block), 1)
        lines.append("    return flow.build()" if self.RETURNS == "Flow" else "    return flow")
        return lines

    def _function_doc(self) -> str:
        return "The flow, block by block as exported."

    def _wired(self, block: WiredBlock) -> Expr:
        kwargs: list[tuple[str, Expr]] = []
        if block.position is not None:
            kwargs.append(("position", _position(block.position)))
        head = Call("flow.action", [block.identifier, self._parameters(block.parameters)], kwargs)
        methods = []
        if block.next_action is not None:
            methods.append(Call("then", [block.next_action]))
        for condition, target in block.conditions:
            methods.append(Call("when", [self._condition(condition), target]))
        for error_type, target in block.errors:
            if error_type == NO_MATCHING_CONDITION:
                methods.append(Call("otherwise", [target]))
            elif error_type == NO_MATCHING_ERROR:
                methods.append(Call("on_error", [target]))
            else:
                methods.append(Call("on_error", [target, error_type]))
        empty: list[tuple[str, Expr]] = []
        if block.empty_errors is not None:
            empty.append(("errors", block.empty_errors))
        if block.empty_conditions is not None:
            empty.append(("conditions", block.empty_conditions))
        if empty:
            methods.append(Call("write_empty", kwargs=empty))
        return Chain(head, methods) if methods else head

    def _exact(self, block: ExactBlock) -> Expr:
        kwargs: list[tuple[str, Expr]] = []
        if block.position is not None:
            kwargs.append(("position", _position(block.position)))
        return Call("flow.add", [self._action(block.action)], kwargs)

    def _action(self, action: Action) -> Expr:
        kwargs: list[tuple[str, Expr]] = []
        if action.parameters is not None:
            kwargs.append(("parameters", self._parameters(action.parameters)))
        if action.transitions is not None:
            kwargs.append(("transitions", self._transitions(action.transitions)))
        self._extra(kwargs, action.extra)
        return Call(
            self.use("flows.model.flow", "Action"), [action.identifier, action.type], kwargs
        )

    def _transitions(self, transitions: Transitions) -> Expr:
        kwargs: list[tuple[str, Expr]] = []
        if transitions.next_action is not None:
            kwargs.append(("next_action", transitions.next_action))
        if transitions.conditions is not None:
            kwargs.append(
                (
                    "conditions",
                    ListExpr([self._condition_branch(b) for b in transitions.conditions]),
                )
            )
        if transitions.errors is not None:
            kwargs.append(("errors", ListExpr([self._error_branch(e) for e in transitions.errors])))
        self._extra(kwargs, transitions.extra)
        return Call(self.use("flows.model.flow", "Transitions"), kwargs=kwargs)

    def _condition_branch(self, branch: ConditionBranch) -> Expr:
        condition = None if branch.condition is None else self._model_condition(branch.condition)
        kwargs: list[tuple[str, Expr]] = []
        self._extra(kwargs, branch.extra)
        name = self.use("flows.model.flow", "ConditionBranch")
        return Call(name, [condition, self.value(branch.next_action)], kwargs)

    def _error_branch(self, error: ErrorBranch) -> Expr:
        kwargs: list[tuple[str, Expr]] = []
        self._extra(kwargs, error.extra)
        name = self.use("flows.model.flow", "ErrorBranch")
        return Call(name, [self.value(error.error_type), self.value(error.next_action)], kwargs)

    def _condition(self, condition: Condition) -> Expr:
        """A condition of a wired block: the builder's helper when there is one."""
        helper = CONDITION_HELPERS.get(condition.operator or "")
        operands = condition.operands
        if helper and operands is not None and len(operands) == 1 and not condition.extra:
            return Call(self.use("flows.model.builder", helper), [self.value(operands[0])])
        return self._model_condition(condition)

    def _model_condition(self, condition: Condition) -> Expr:
        operands = None if condition.operands is None else self.value(list(condition.operands))
        kwargs: list[tuple[str, Expr]] = []
        self._extra(kwargs, condition.extra)
        name = self.use("flows.model.flow", "Condition")
        return Call(name, [self.value(condition.operator), operands], kwargs)

    def _parameters(self, parameters: Parameters) -> Expr:
        if isinstance(parameters, RawParameters):
            name = self.use("flows.model.actions", "RawParameters")
            args: list[Expr] = [parameters.type]
            if parameters.extra:
                args.append(self.value(parameters.extra))
            return Call(f"{name}.of", args)
        kwargs: list[tuple[str, Expr]] = []
        for spec in fields(parameters):
            value = getattr(parameters, spec.name)
            if "key" in spec.metadata and value is not None:
                kwargs.append((spec.name, self.value(value)))
        self._extra(kwargs, parameters.extra)
        return Call(self.use("flows.model.actions", type(parameters).__name__), kwargs=kwargs)

    def _extra(self, kwargs: list[tuple[str, Expr]], extra: Mapping[str, Any]) -> None:
        if extra:
            kwargs.append(("extra", self.value(dict(extra))))


def statement_import(module: str, names: list[str]) -> list[str]:
    """``from module import a, b`` as the formatter writes it (parenthesized when long)."""
    one_line = f"from {module} import {', '.join(names)}"
    if len(one_line) <= 100:
        return [one_line]
    return [f"from {module} import (", *(f"    {name}," for name in names), ")"]


def _isort_key(name: str) -> tuple[int, str]:
    """isort's order within an import: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return 0, name
    return (1, name) if name[:1].isupper() else (2, name)


def _position(position: tuple[float, float]) -> Expr:
    return TupleExpr([position[0], position[1]])


def _file_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _plain(text: str | None) -> str:
    """Text safe in a comment or docstring: printable ASCII, others replaced by '?'."""
    return "".join(c if " " <= c <= "~" and c not in '\\"' else "?" for c in text or "")
