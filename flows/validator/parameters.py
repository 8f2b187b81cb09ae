"""Parameter rules, driven by each action type's entry in the action table.

For every parameter the table lists: present when required (or when a setting requires it, e.g.
InputValidation with StoreInput "True"), absent when a setting excludes it; the shape (text, map,
list); the form the reference allows (a `$.` reference where the page says "Must be set
statically" is an error; text around a reference where it wants "fully static or a single
valid JSONPath" is an error); enumerations; whole-number ranges. Groups of parameters of which
exactly one, or at most one, may be written. Values that name AWS resources (deploy-time
placeholders, values that are no ARN). Typographic quotes in prompt text (warnings: the
evidence that Connect refuses them is thin and real exports hold them).

A CDK token (``${Token[...]}``) stands for a value known only at deployment: it passes every
value rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from flows.language import facts as lang
from flows.language.action_spec import IntegerRange, ParameterSpec, lookup
from flows.validator.context import ActionContext, is_map

_SHAPES = {"map": (Mapping, "an object (a map of keys to values)"), "list": (list, "a list")}


def check_parameters(ctx: ActionContext) -> None:
    spec = ctx.spec
    if spec is None:
        return
    for parameter in spec.parameters:
        _check_parameter(ctx, parameter)
    for group in spec.exactly_one:
        present = [name for name in group if name in ctx.parameters]
        if not present:
            ctx.error("MISSING_PARAMETER", f"{ctx.type} needs one of {', '.join(group)}")
        elif len(present) > 1:
            ctx.error(
                "CONFLICTING_PARAMETERS",
                f"{ctx.type} takes exactly one of {', '.join(group)}; found {', '.join(present)}",
            )
    for group in spec.at_most_one:
        present = [name for name in group if name in ctx.parameters]
        if len(present) > 1:
            ctx.error(
                "CONFLICTING_PARAMETERS",
                f"{ctx.type} takes at most one of {', '.join(group)}; found {', '.join(present)}",
            )


def check_resources(ctx: ActionContext) -> None:
    """Values naming AWS resources: placeholders to replace, values that are no ARN."""
    spec = ctx.spec
    if spec is None:
        return
    for parameter in spec.resource_parameters:
        if parameter.parent is not None or parameter.name in ctx.parameters:
            found, value = lookup(ctx.parameters, parameter.name)
            if found:
                _check_resource_value(ctx, parameter.name, value, parameter.resource == "arn")


def check_prompt_text(ctx: ActionContext) -> None:
    """Curly quotes in what the caller hears or reads (Text, SSML, at any depth): warnings.

    The one report of Connect refusing a curly apostrophe is a third party's, and the same
    project's own notes call it only a possible JSON parsing issue, while console exports that
    instances hold carry them (flows.language.facts.CURLY_APOSTROPHE_EVIDENCE): a warning, in
    flows and modules alike, never an error.
    """
    for name, text in _prompt_texts(ctx.parameters):
        apostrophes = [c for c in lang.CURLY_APOSTROPHES if c in text]
        if apostrophes:
            ctx.warning(
                "CURLY_APOSTROPHE",
                f"{name} holds {_named(apostrophes)} ({_excerpt_around(text, apostrophes[0])}); "
                f"{lang.CURLY_APOSTROPHE_EVIDENCE}. A straight apostrophe (') is safe everywhere",
            )
        quotes = [c for c in lang.CURLY_DOUBLE_QUOTES if c in text]
        if quotes:
            ctx.warning(
                "TYPOGRAPHIC_QUOTE",
                f"{name} holds {_named(quotes)} ({_excerpt_around(text, quotes[0])}); write "
                'straight quotes ("), as for curly apostrophes, which one report says Connect '
                "refused",
            )


# -- one parameter ---------------------------------------------------------------------------


def _check_parameter(ctx: ActionContext, parameter: ParameterSpec) -> None:
    parent = parameter.parent
    if (
        parent is None
        and parameter.name not in ctx.parameters
        and not parameter.required
        and parameter.required_when is None
    ):
        return  # the common case: an optional parameter that is not written
    if parent is not None:
        _, parent_value = lookup(ctx.parameters, parent)
        if not is_map(parent_value):
            return  # absent, a token, or not a map (which the parent's own rule reports)
    found, value = lookup(ctx.parameters, parameter.name)
    if not found:
        required_when = parameter.required_when
        if parameter.required or (
            required_when is not None and required_when.holds(ctx.parameters) is True
        ):
            reason = f" when {required_when.describe()}" if required_when else ""
            holder = f"{parent} needs" if parent else f"{ctx.type} needs the parameter"
            ctx.error(
                parameter.code if parent else "MISSING_PARAMETER",
                f"{holder} {_field(parameter.name)}{reason}{_choices(parameter)}",
            )
        return
    allowed_when = parameter.allowed_when
    if allowed_when is not None and allowed_when.holds(ctx.parameters) is False:
        ctx.error(
            "CONFLICTING_PARAMETERS",
            f"{ctx.type} takes {parameter.name} only when {allowed_when.describe()}",
        )
        return
    if _is_token(value):
        return
    if not _check_shape(ctx, parameter, value):
        return
    if _check_form(ctx, parameter, value):
        _check_value(ctx, parameter, value)


def _check_shape(ctx: ActionContext, parameter: ParameterSpec, value: Any) -> bool:
    expected = _SHAPES.get(parameter.shape)
    if expected is not None and not isinstance(value, expected[0]):
        ctx.error(parameter.code, f"{parameter.name} is {_shown(value)}; expected {expected[1]}")
        return False
    if parameter.shape == "text" and not isinstance(value, str):
        ctx.error("BAD_PARAMETER", f"{parameter.name} is {_shown(value)}; expected text")
        return False
    return True


def _check_form(ctx: ActionContext, parameter: ParameterSpec, value: Any) -> bool:
    """Check static / reference forms; true when the value's content is worth checking on."""
    form = parameter.form
    if form == "any":
        return not _is_reference(value)
    if form == "reference":
        if not (isinstance(value, str) and lang.REFERENCE.fullmatch(value)):
            message = (
                f"{parameter.name} is {_shown(value)}; expected a single JSONPath reference "
                'such as "$.Attributes.lookupStatus" (the reference does not allow a static value)'
            )
            if parameter.code == "BAD_PARAMETER":
                ctx.error("BAD_PARAMETER_FORM", message)
            else:  # the parameter's own code (BAD_COMPARISON_VALUE)
                ctx.error(parameter.code, message)
        return False
    dynamic = [text for text in _strings(value) if lang.REFERENCE.search(text)]
    if not dynamic:
        return True
    if form == "static":
        message = (
            f"{parameter.name} is {_shown(value)}; the reference requires a static value here "
            "(no $. reference)"
        )
        if parameter.code == "BAD_PARAMETER":
            ctx.error("DYNAMIC_VALUE", message)
        else:  # the parameter's own code (BAD_TIMEOUT) covers its static form too
            ctx.error(parameter.code, message)
        return False
    if isinstance(value, str) and lang.REFERENCE.fullmatch(value):
        return False  # a single reference: resolved at run time
    ctx.error(
        "BAD_PARAMETER_FORM",
        f"{parameter.name} is {_shown(value)}; expected a static value or a single JSONPath "
        "reference, not text around a reference",
    )
    return False


def _check_value(ctx: ActionContext, parameter: ParameterSpec, value: Any) -> None:
    if is_map(value) and (parameter.keys or parameter.entries is not None):
        _check_map_entries(ctx, parameter, value)
    if parameter.values and not _is_placeholder(value) and value not in parameter.values:
        ctx.error(
            parameter.code,
            f"{parameter.name} is {_shown(value)}; expected {_one_of(parameter.values)}"
            f"{_case_hint(value, parameter.values)}",
        )
    if parameter.integers:
        applicable = _range_for(ctx, parameter.integers)
        number = _static_int(value)
        if number is None or not _within(number, applicable):
            setting = f" with {applicable.when.describe()}" if applicable.when else ""
            ctx.error(
                parameter.code,
                f"{parameter.name} is {_shown(value)}; expected a static "
                f"{applicable.describe().removeprefix('a ')}{setting}",
            )


def _check_map_entries(
    ctx: ActionContext, parameter: ParameterSpec, value: Mapping[str, Any]
) -> None:
    """A map parameter's keys (one of ``keys``) and its number of entries (``entries``)."""
    if parameter.entries is not None and len(value) != parameter.entries:
        ctx.error(
            parameter.code,
            f"{parameter.name} has {len(value)} entries ({', '.join(map(str, value)) or 'none'}); "
            f"{ctx.type} takes exactly {parameter.entries}",
        )
    unknown = [str(key) for key in value if parameter.keys and key not in parameter.keys]
    if unknown:
        ctx.error(
            parameter.code,
            f"{parameter.name} has the key {', '.join(json.dumps(k) for k in unknown)}; expected "
            f"one of {', '.join(parameter.keys)}",
        )


def _range_for(ctx: ActionContext, ranges: tuple[IntegerRange, ...]) -> IntegerRange:
    for candidate in ranges:
        if candidate.when is None or candidate.when.holds(ctx.parameters) is True:
            return candidate
    return ranges[-1]


def _within(number: int, limits: IntegerRange) -> bool:
    return limits.contains(number)


# -- resource values -------------------------------------------------------------------------


def _check_resource_value(ctx: ActionContext, name: str, value: Any, arn_only: bool) -> None:
    if isinstance(value, Mapping):  # e.g. EventHooks {"CustomerQueue": "<flow ARN>"}
        for key, inner in value.items():
            _check_resource_value(ctx, f"{name}.{key}", inner, arn_only)
        return
    if not isinstance(value, str):
        return  # a wrong shape is the parameter rules' business
    if lang.CDK_TOKEN.search(value) or value.startswith("$."):
        return  # resolved at deploy time / at run time (references are checked apart)
    if lang.ARN.match(value) or (not arn_only and lang.RESOURCE_ID.match(value)):
        return
    if lang.PLACEHOLDER.search(value):
        ctx.warning(
            "DEPLOY_PLACEHOLDER",
            f"{name} is the placeholder {value!r}; it must be replaced with a real ARN "
            "before deployment",
        )
        return
    expected = "an ARN" if arn_only else "an ARN or a resource id"
    ctx.warning(
        "NOT_AN_ARN", f"{name} is {value!r}; expected {expected}, a $. reference or a CDK token"
    )


# -- helpers ---------------------------------------------------------------------------------


def _prompt_texts(parameters: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(parameter name, text) of every prompt text: Text and SSML, and those of list items
    (MessageParticipantIteratively's Messages)."""
    for key, value in parameters.items():
        if key in lang.PROMPT_TEXT_PARAMETERS:
            if isinstance(value, str):
                yield key, value
        elif type(value) is list:
            for position, item in enumerate(value):
                if isinstance(item, Mapping):
                    for name in lang.PROMPT_TEXT_PARAMETERS:
                        text = item.get(name)
                        if isinstance(text, str):
                            yield f"{key}[{position}].{name}", text


def _strings(value: Any) -> Iterator[str]:
    """Every string value inside a parameter value (map keys excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("$.")


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and lang.CDK_TOKEN.search(value) is not None


def _is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and lang.PLACEHOLDER.fullmatch(value) is not None


def _static_int(value: Any) -> int | None:
    """The integer a static value spells ("8" or 8), or None (bools and "8.5" are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _field(name: str) -> str:
    return name.rpartition(".")[2]


def _one_of(values: tuple[str, ...]) -> str:
    return " or ".join(json.dumps(value) for value in values)


def _choices(parameter: ParameterSpec) -> str:
    return f" ({_one_of(parameter.values)})" if parameter.values else ""


def _case_hint(value: Any, values: tuple[str, ...]) -> str:
    if isinstance(value, str):
        for allowed in values:
            if allowed.lower() == value.lower():
                return f" (did you mean {json.dumps(allowed)}? Connect writes it so)"
    return ""


def _named(characters: list[str]) -> str:
    return " and ".join(f"{c} (U+{ord(c):04X})" for c in characters)


def _excerpt_around(text: str, character: str) -> str:
    position = text.index(character)
    return repr(text[max(0, position - 15) : position + 15])
