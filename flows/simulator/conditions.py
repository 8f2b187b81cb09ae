"""The eight condition operators of the flow language, as Check contact attributes applies them.

Text operators compare exactly (case matters). Number operators compare only when both sides are
numeric strings (``"42"``, ``"-3.5"``, ``"1e3"``); otherwise the condition does not match. A
value that does not exist matches no condition at all (the caller checks that).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flows.language.facts import OPERATORS

_NUMBER = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")


def as_number(text: str) -> float | None:
    """The number a numeric string holds, or ``None`` (no ``inf``, ``nan`` or ``1_000``)."""
    return float(text) if _NUMBER.match(text) else None


def _numeric(compare: Callable[[float, float], bool]) -> Callable[[str, str], bool]:
    def test(value: str, operand: str) -> bool:
        left, right = as_number(value), as_number(operand)
        return left is not None and right is not None and compare(left, right)

    return test


OPERATOR_TESTS: dict[str, Callable[[str, str], bool]] = {
    "Equals": lambda value, operand: value == operand,
    "TextStartsWith": lambda value, operand: value.startswith(operand),
    "TextEndsWith": lambda value, operand: value.endswith(operand),
    "TextContains": lambda value, operand: operand in value,
    "NumberGreaterThan": _numeric(lambda a, b: a > b),
    "NumberGreaterOrEqualTo": _numeric(lambda a, b: a >= b),
    "NumberLessThan": _numeric(lambda a, b: a < b),
    "NumberLessOrEqualTo": _numeric(lambda a, b: a <= b),
}
assert set(OPERATOR_TESTS) == set(OPERATORS)
