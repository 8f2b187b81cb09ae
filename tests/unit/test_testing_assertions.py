"""The Assert action's operators over one contact value, and LogData's rendered texts."""

from __future__ import annotations

import pytest

from flows.testing.assertions import check, evaluate, operand_text
from flows.testing.log_data import render, render_expressions
from flows.testing.model import Assert


@pytest.mark.parametrize(
    ("operator", "value", "operand"),
    [
        ("Equals", "GOLD", "GOLD"),
        ("TextStartsWith", "es-MX", "es"),
        ("TextEndsWith", "es-MX", "MX"),
        ("TextContains", "Priority queue", "ity q"),
        ("NumberGreaterThan", "10", "9.5"),
        ("NumberGreaterOrEqualTo", "10", 10),
        ("NumberLessThan", "-1", "0"),
        ("NumberLessOrEqualTo", "2.50", "2.5"),
        ("Exists", "", None),
    ],
)
def test_each_operator_passes_a_value_that_satisfies_it(
    operator: str, value: str, operand: object
) -> None:
    assert check(operator, value, operand), f"{value!r} {operator} {operand!r} should pass"


@pytest.mark.parametrize(
    ("operator", "value", "operand"),
    [
        ("Equals", "gold", "GOLD"),
        ("TextStartsWith", "es-MX", "ES"),
        ("TextEndsWith", "es-MX", "es"),
        ("TextContains", "Priority queue", "standard"),
        ("NumberGreaterThan", "9", "9"),
        ("NumberGreaterOrEqualTo", "nine", "9"),
        ("NumberLessThan", "1", "abc"),
        ("NumberLessOrEqualTo", "3", "2.5"),
    ],
)
def test_each_operator_fails_a_value_that_does_not_satisfy_it(
    operator: str, value: str, operand: object
) -> None:
    assert not check(operator, value, operand), f"{value!r} {operator} {operand!r} should fail"


@pytest.mark.parametrize("operator", ["Equals", "TextContains", "NumberLessThan", "Exists"])
def test_a_value_that_is_not_set_fails_every_operator(operator: str) -> None:
    assert not check(operator, None, "x")


def test_json_operands_compare_as_their_json_text() -> None:
    assert operand_text(5) == "5"
    assert operand_text(True) == "true"
    assert check("Equals", "5", 5)


def test_a_failed_assert_says_what_was_expected_and_what_the_value_was() -> None:
    action = Assert(
        identifier="c", namespace="$.Attributes.routingReason", operator="Equals", operand="GOLD"
    )

    outcome = evaluate(action, "STANDARD")

    assert not outcome.passed
    assert outcome.expected == '$.Attributes.routingReason Equals "GOLD"'
    assert outcome.happened == '$.Attributes.routingReason is "STANDARD"'


def test_a_value_that_is_not_set_is_described_as_such() -> None:
    action = Assert(identifier="c", namespace="$.External.tier", operator="Exists")

    outcome = evaluate(action, None)

    assert (outcome.passed, outcome.expected, outcome.happened) == (
        False,
        "$.External.tier Exists",
        "$.External.tier is not set",
    )


def test_a_number_operator_on_text_says_it_is_not_a_number() -> None:
    action = Assert(
        identifier="c", namespace="$.Attributes.n", operator="NumberLessThan", operand=3
    )

    assert evaluate(action, "many").happened == '$.Attributes.n is "many", not a number'


def test_log_data_replaces_paths_in_text_and_keeps_the_sentence() -> None:
    values = {"$.ContactId": "c-1", "$.Queue.Name": "Priority"}

    assert (
        render("id: $.ContactId, queue: $.Queue.Name.", values.get) == "id: c-1, queue: Priority."
    )


def test_log_data_renders_an_unset_path_as_empty_text() -> None:
    assert render("tier=$.Attributes.tier;", {}.get) == "tier=;"


def test_log_data_renders_every_label_in_order() -> None:
    rendered = render_expressions(
        {"queue": "$.Queue.Name", "reason": "$.Attributes.routingReason"},
        {"$.Queue.Name": "General", "$.Attributes.routingReason": "STANDARD"}.get,
    )

    assert list(rendered.items()) == [("queue", "General"), ("reason", "STANDARD")]
