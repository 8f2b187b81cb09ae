"""Small flows for the validator's rule tests: one block under test, then an End flow block.

Every branch of the block under test goes to the end block (End flow / Resume, available in
every flow type), so a test names only what it is about: the block's type, parameters, error
types and conditions.
"""

from __future__ import annotations

from typing import Any

from flows.validator import Finding, validate_content

BLOCK = "Block under test"
END = "End"


def errors(*error_types: str) -> list[dict[str, str]]:
    """Error branches of the given types, all to the end block."""
    return [{"ErrorType": error_type, "NextAction": END} for error_type in error_types]


def conditions(*compared: tuple[str, str]) -> list[dict[str, Any]]:
    """Conditions (operator, operand), all to the end block."""
    return [
        {"NextAction": END, "Condition": {"Operator": operator, "Operands": [operand]}}
        for operator, operand in compared
    ]


def equals(*operands: str) -> list[dict[str, Any]]:
    return conditions(*(("Equals", operand) for operand in operands))


def one_block_flow(
    action_type: str,
    parameters: dict[str, Any] | None = None,
    *,
    error_types: tuple[str, ...] = (),
    condition_list: list[dict[str, Any]] | None = None,
    module: bool = False,
    metadata_type: str | None = None,
) -> dict[str, Any]:
    """A flow (or, with ``module``, a flow module) of the block under test and an end block."""
    transitions: dict[str, Any] = {"NextAction": END, "Errors": errors(*error_types)}
    if condition_list is not None:
        transitions["Conditions"] = condition_list
    content: dict[str, Any] = {
        "Version": "2019-10-30",
        "StartAction": BLOCK,
        "Actions": [
            {
                "Identifier": BLOCK,
                "Type": action_type,
                "Parameters": parameters or {},
                "Transitions": transitions,
            },
            {"Identifier": END, "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}},
        ],
    }
    if module:
        content["Settings"] = {"InputParameters": [], "OutputParameters": [], "Transitions": []}
        content["Actions"][1]["Type"] = "EndFlowModuleExecution"
    if metadata_type is not None:
        content["Metadata"] = {"type": metadata_type}
    return content


def block_findings(content: dict[str, Any], flow_type: str | None = None) -> list[Finding]:
    """The findings about the block under test."""
    return [f for f in validate_content(content, flow_type=flow_type) if f.identifier == BLOCK]


def codes_of(findings: list[Finding]) -> list[tuple[str, str]]:
    """(severity, code) of each finding, in order: what a test compares with its expectation."""
    return [(f.severity, f.code) for f in findings]
