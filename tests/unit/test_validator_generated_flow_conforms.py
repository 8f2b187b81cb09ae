"""Every block of the generated customer-lookup flow, held against the action table.

This reads flows/generated/customer_lookup.json (what is deployed) and the table
(flows/language/action_table.py, the reference's facts) directly, without the validator: a block may
declare only the error types its type takes under its parameters, must declare those its type
requires, may branch only on the conditions its type takes, and writes each parameter in a form
and with a value the table allows. The flow is deployed as a CONTACT_FLOW.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from flows.language.action_spec import ActionSpec, holds_all, lookup
from flows.language.facts import REFERENCE, action_spec

GENERATED = Path(__file__).resolve().parents[2] / "flows" / "generated" / "customer_lookup.json"
ACTIONS: list[dict[str, Any]] = json.loads(GENERATED.read_text(encoding="utf-8"))["Actions"]
IDS = [action["Identifier"] for action in ACTIONS]


def _spec(action: dict[str, Any]) -> ActionSpec:
    spec = action_spec(action["Type"])
    assert spec is not None, f"{action['Identifier']}: type {action['Type']} is not in the table"
    return spec


def _declared_errors(action: dict[str, Any]) -> list[str]:
    return [branch["ErrorType"] for branch in action["Transitions"].get("Errors", [])]


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_block_is_available_in_the_contact_flow_it_is_deployed_as(action: dict[str, Any]) -> None:
    assert _spec(action).available_in("CONTACT_FLOW")


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_block_declares_only_error_types_its_type_takes(action: dict[str, Any]) -> None:
    spec = _spec(action)
    refused = [
        error_type
        for error_type in _declared_errors(action)
        if (error := spec.error_spec(error_type)) is None
        or holds_all(error.when, action["Parameters"]) is False
    ]
    assert refused == [], f"{action['Type']} does not take {refused} ({spec.url})"


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_block_declares_every_error_type_its_type_requires(action: dict[str, Any]) -> None:
    spec = _spec(action)
    missing = [
        error.type
        for error in spec.error_specs
        if error.required
        and holds_all(error.when, action["Parameters"]) is True
        and error.type not in _declared_errors(action)
    ]
    assert missing == [], f"{action['Type']} must declare {missing} ({spec.url})"


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_block_branches_only_on_conditions_its_type_takes(action: dict[str, Any]) -> None:
    spec = _spec(action)
    declared = [entry["Condition"] for entry in action["Transitions"].get("Conditions", [])]
    allowed = spec.conditions_for(action["Parameters"])
    if allowed is None:
        assert declared == [], f"{action['Type']} takes no conditions ({spec.url})"
        return
    operands = [condition["Operands"][0] for condition in declared]
    if allowed.operators:
        assert {c["Operator"] for c in declared} <= set(allowed.operators)
    if not allowed.others:
        assert set(operands) <= set(allowed.values)
    assert set(allowed.required) <= set(operands)


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_block_writes_its_parameters_in_the_forms_and_values_the_table_allows(
    action: dict[str, Any],
) -> None:
    spec = _spec(action)
    problems: list[str] = []
    for parameter in spec.parameters:
        found, value = lookup(action["Parameters"], parameter.name)
        if not found:
            if parameter.required:
                problems.append(f"{parameter.name} is missing")
            continue
        texts = [value] if isinstance(value, str) else []
        dynamic = any("$." in text for text in texts)
        if parameter.form == "static" and dynamic:
            problems.append(f"{parameter.name} must be static: {value!r}")
        if parameter.form == "static_or_reference" and dynamic and not REFERENCE.fullmatch(value):
            problems.append(f"{parameter.name} must be static or one reference: {value!r}")
        if parameter.form == "reference" and not REFERENCE.fullmatch(str(value)):
            problems.append(f"{parameter.name} must be one reference: {value!r}")
        if parameter.values and not dynamic and value not in parameter.values:
            problems.append(f"{parameter.name} is {value!r}, not one of {parameter.values}")
        if parameter.integers and not dynamic:
            limits = parameter.integers[-1]
            if not re.fullmatch(r"\d+", str(value)) or not limits.contains(int(value)):
                problems.append(f"{parameter.name} is {value!r}: {limits.describe()}")
    for group in spec.exactly_one:
        if sum(name in action["Parameters"] for name in group) != 1:
            problems.append(f"exactly one of {group} is required")
    assert problems == [], f"{action['Identifier']} ({action['Type']}, {spec.url}): {problems}"
