"""The Assert action's operators, applied to one value of the contact.

Operators (DG https://docs.aws.amazon.com/connect/latest/devguide/
testing-language-actions-assertion.html): ``Equals`` (exact match), ``TextStartsWith``,
``TextEndsWith``, ``TextContains``, ``NumberGreaterThan``, ``NumberGreaterOrEqualTo``,
``NumberLessThan``, ``NumberLessOrEqualTo`` and ``Exists`` (no operand; the live service refused
it, a third party reports, so it is read and run here but never written for deployment).

Choices where the docs are silent: contact values are text, as in flows, and text comparisons
are exact (case matters, as in the flow language's Compare); an operand written as a JSON number
or boolean is compared as its JSON text (``5`` as ``"5"``, ``true`` as ``"true"``); number
operators compare only when both sides are numbers (the flow language's rule,
:func:`flows.simulator.conditions.as_number`); a value that is not set fails every operator
(``Exists`` included) and the message says it is not set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from flows.simulator.conditions import OPERATOR_TESTS, as_number
from flows.testing.model import EXISTS, Assert, JsonScalar


@dataclass(frozen=True)
class AssertOutcome:
    """``expected``: the check in words; ``happened``: what the value was (for verdicts)."""

    passed: bool
    expected: str
    happened: str


def operand_text(operand: JsonScalar | None) -> str:
    """The operand as the text a contact value is compared with."""
    if operand is None:
        return ""
    return operand if isinstance(operand, str) else json.dumps(operand)


# The flow language's eight operators, applied exactly as Check contact attributes applies them,
# and Exists.
_TESTS: dict[str, Callable[[str, str], bool]] = {
    **OPERATOR_TESTS,
    EXISTS: lambda value, operand: True,
}


def check(operator: str, value: str | None, operand: JsonScalar | None) -> bool:
    """Whether ``value`` (None: not set) passes ``operator`` with ``operand``."""
    if operator not in _TESTS:
        raise ValueError(f"{operator!r} is not an Assert operator")
    return value is not None and _TESTS[operator](value, operand_text(operand))


def evaluate(action: Assert, value: str | None) -> AssertOutcome:
    """Apply ``action`` to the value its namespace holds (None: not set)."""
    expected = f"{action.namespace} {action.operator}"
    if action.operator != EXISTS:
        expected += f" {json.dumps(operand_text(action.operand), ensure_ascii=False)}"
    if value is None:
        happened = f"{action.namespace} is not set"
    else:
        happened = f"{action.namespace} is {json.dumps(value, ensure_ascii=False)}"
        if action.operator.startswith("Number") and as_number(value) is None:
            happened += ", not a number"
    return AssertOutcome(check(action.operator, value, action.operand), expected, happened)
