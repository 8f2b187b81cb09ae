"""Records of the action table: what the flow-language reference says about one action type.

An :class:`ActionSpec` holds, for one ``Type``: its console name, the error types it may and must
declare, its conditions, its parameters, the flow types it is available in, its channels and the
URL of its reference page. Some facts hold only for some parameter settings (Get customer input
takes digit conditions only when StoreInput is "False"); :class:`When` says which. The table
itself is :mod:`flows.language.action_table`; read it through
:func:`flows.language.facts.action_spec`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from flows.language.flow_types import ALL_FLOWS

# How a parameter's value may be written, in the reference's words:
# "any": "May be defined statically or dynamically" (text with embedded `$.` references);
# "static": "Must be set statically", "Must be defined statically", "Dynamic values are not
#     supported";
# "static_or_reference": "Must be either fully static or a single valid JSONPath identifier"
#     (also "fully static or fully dynamic");
# "reference": "Must be a single, valid JSONPath reference, and cannot be set statically".
Form = Literal["any", "static", "static_or_reference", "reference"]
# "arn": the value names an AWS resource by ARN only; "arn_or_id": an ARN or the resource's id.
Resource = Literal["", "arn", "arn_or_id"]
Shape = Literal["any", "text", "map", "list"]

NO_MATCHING_ERROR = "NoMatchingError"  # the console's "Error" branch
NO_MATCHING_CONDITION = "NoMatchingCondition"  # the console's "No match" branch


@dataclass(frozen=True)
class When:
    """A parameter setting under which a fact holds, e.g. StoreInput "False" (the default).

    ``parameter`` may name a field of a map parameter with a dot
    (``InputValidation.PhoneNumberValidation``). With ``present`` set, only whether the parameter
    is written counts; otherwise its static value must be one of ``values`` (``default`` when it
    is absent).
    """

    parameter: str
    values: tuple[str, ...] = ()
    default: str | None = None
    present: bool | None = None

    def holds(self, parameters: Mapping[str, Any]) -> bool | None:
        """True or False, or None when the value is not static (a reference, a CDK token)."""
        found, value = lookup(parameters, self.parameter)
        if self.present is not None:
            return found == self.present
        if not found:
            value = self.default
        if value is None:
            return False
        if not isinstance(value, str) or "$." in value or "${Token[" in value:
            return None
        return value in self.values

    def describe(self) -> str:
        if self.present is not None:
            return f"{self.parameter} is {'given' if self.present else 'absent'}"
        shown = " or ".join(f'"{value}"' for value in self.values)
        return f"{self.parameter} is {shown}"


def holds_all(conditions: tuple[When, ...], parameters: Mapping[str, Any]) -> bool | None:
    """Whether every condition holds: False if one fails, None if one is unknown, else True."""
    result: bool | None = True
    for condition in conditions:
        holds = condition.holds(parameters)
        if holds is False:
            return False
        if holds is None:
            result = None
    return result


def lookup(parameters: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    """(found, value) of a parameter or of a field of a map parameter (``A.B``)."""
    if "." not in dotted:
        return (True, parameters[dotted]) if dotted in parameters else (False, None)
    current: Any = parameters
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False, None
        current = current[part]
    return True, current


@dataclass(frozen=True)
class IntegerRange:
    """A whole number from ``minimum`` to ``maximum`` (None: no bound that side), when ``when``."""

    minimum: int | None
    maximum: int | None = None
    when: When | None = None

    def describe(self) -> str:
        if self.minimum is None and self.maximum is None:
            return "a whole number"
        if self.minimum is None:
            return f"a whole number of at most {self.maximum}"
        if self.maximum is None:
            return f"a whole number of at least {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def contains(self, number: int) -> bool:
        return (self.minimum is None or self.minimum <= number) and (
            self.maximum is None or number <= self.maximum
        )


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter (or, with a dotted name, one field of a map parameter).

    ``required``: must be written (for a field: whenever its map is); ``required_when`` /
    ``allowed_when``: must / may be written only under that setting. ``values``: the static
    values it takes (an enumeration). ``integers``: the ranges of a whole-number parameter, the
    first whose ``when`` holds applies. ``keys``: for a map, the keys it may hold; ``entries``:
    for a map, how many entries it must hold. ``code``: the finding code of a bad value.
    """

    name: str
    required: bool = False
    required_when: When | None = None
    allowed_when: When | None = None
    form: Form = "any"
    values: tuple[str, ...] = ()
    integers: tuple[IntegerRange, ...] = ()
    shape: Shape = "any"
    resource: Resource = ""
    keys: tuple[str, ...] = ()
    entries: int | None = None
    code: str = "BAD_PARAMETER"

    @property
    def parent(self) -> str | None:
        """The map parameter this field belongs to (None for a top-level parameter)."""
        head, dot, _ = self.name.rpartition(".")
        return head if dot else None


@dataclass(frozen=True)
class ErrorSpec:
    """An error type the action may declare; ``required``: must; ``when``: only then."""

    type: str
    required: bool = False
    when: tuple[When, ...] = ()


@dataclass(frozen=True)
class ConditionSpec:
    """The conditions an action takes.

    ``values``: the results it can be compared with, when the page fixes them (empty: any);
    ``required``: those that must each have a condition; ``others``: whether operands outside
    ``values`` are allowed. ``operators``: the operators it takes (empty: all eight).
    ``operand_pattern``: a regular expression every operand must match, ``operand_text`` its
    description. ``when``: the setting under which conditions are taken at all (for one of
    several cases, the setting under which this case applies). ``required_from``: a list
    parameter whose static entries each need a condition (Wait's Events).
    """

    values: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    others: bool = True
    operators: tuple[str, ...] = ()
    operand_pattern: str = ""
    operand_text: str = ""
    when: When | None = None
    required_from: str = ""


@dataclass(frozen=True)
class ActionSpec:
    """What the language says about one action type.

    ``errors``: the error types the action may declare (under some setting);
    ``required_errors``: those a well-formed action must always declare. ``conditions``: whether
    it branches on conditions; ``condition_values``: for actions whose conditions compare a fixed
    result (Loop, CheckHoursOfOperation), the allowed operands. ``arn_parameters``: parameters
    that name an AWS resource by ARN (or id), which shared flows often fill at deploy time.
    ``required_parameters``: those that must always be written.

    The rest is the detail the validator works from: ``error_specs`` (with the settings some
    error types depend on), ``condition_spec``, ``parameters``, ``exactly_one`` / ``at_most_one``
    (groups of parameters that exclude each other), ``flow_types`` (ContactFlowType names; a
    ``module_only`` action exists only in flow modules), ``channels`` (empty: every channel),
    ``url`` (the reference page), ``documented`` (False when no AWS page describes the type) and
    ``notes`` (decisions taken where the reference is silent or pages disagree, with the reason).
    """

    type: str
    console_name: str
    terminal: bool = False
    errors: frozenset[str] = frozenset()
    required_errors: frozenset[str] = frozenset()
    conditions: bool = False
    condition_values: tuple[str, ...] = ()
    arn_parameters: tuple[str, ...] = ()
    required_parameters: tuple[str, ...] = ()
    url: str = ""
    documented: bool = True
    error_specs: tuple[ErrorSpec, ...] = ()
    condition_spec: ConditionSpec | None = None
    condition_cases: tuple[ConditionSpec, ...] = ()
    parameters: tuple[ParameterSpec, ...] = ()
    exactly_one: tuple[tuple[str, ...], ...] = ()
    at_most_one: tuple[tuple[str, ...], ...] = ()
    flow_types: frozenset[str] = ALL_FLOWS
    module_only: bool = False
    channels: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()

    # Derived once from ``parameters``: those that name AWS resources (or fields of a map).
    resource_parameters: tuple[ParameterSpec, ...] = field(init=False, default=(), repr=False)

    def __post_init__(self) -> None:
        resources = tuple(spec for spec in self.parameters if spec.resource)
        object.__setattr__(self, "resource_parameters", resources)

    def error_spec(self, error_type: str) -> ErrorSpec | None:
        return next((spec for spec in self.error_specs if spec.type == error_type), None)

    def parameter(self, name: str) -> ParameterSpec | None:
        return next((spec for spec in self.parameters if spec.name == name), None)

    def conditions_for(self, parameters: Mapping[str, Any]) -> ConditionSpec | None:
        """The conditions taken with these parameters (None: the action takes no conditions).

        Of several cases, the first whose setting holds applies, else the last (the default); a
        default with a setting that does not hold means no conditions at all.
        """
        for case in self.condition_cases[:-1]:
            if case.when is not None and case.when.holds(parameters) is True:
                return case
        spec = self.condition_spec
        if spec is None or (spec.when is not None and spec.when.holds(parameters) is False):
            return None
        return spec

    def available_in(self, flow_type: str, *, in_module: bool = False) -> bool:
        """Whether the action may be used in a flow of this type (or in a flow module)."""
        if self.module_only:
            return in_module
        return flow_type in self.flow_types
