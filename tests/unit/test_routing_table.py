"""The routing table is changed in one place, and a mistake in it is one line naming the route
and the field: when the flow is built, at `make flows` (exit 2) and at synth (app.py).

The table changed here is the tests' own (tests/fixtures), never the user's."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.customer_lookup import routing
from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
from flows.customer_lookup.generate import generated_files
from flows.customer_lookup.routing import Condition, Route, RoutingTable, Situation
from flows.model.builder import FlowBuildError
from flows.simulator import ContactSetup, Ended, FunctionBindings, Script, Simulator
from flows.simulator.functions import function_name
from flows.validator import has_errors, validate_content
from tests.fixtures import ROUTING_TABLE as TABLE

SILVER_MEMBER = Route(
    "SILVER_MEMBER",
    when=Condition("membershipStatus", "Equals", "SILVER"),
    queue="Silver",
    greeting_en=(
        "Hello $.Attributes.firstName and thank you for being a Silver member. "
        "Please hold while we connect you to an agent."
    ),
)


def with_route(route: Route, *, queues: tuple[str, ...] = ("Silver",)) -> RoutingTable:
    """A copy of the table with ``route`` tried just before the last (OTHERWISE) route and
    ``queues`` declared; anything of the table that the route or queues would repeat (its
    routingReason, its condition, a queue name) is left out of the copy first, so the test
    tries the same change whatever the table already holds."""
    conditions = set(route.conditions)
    kept = tuple(
        r
        for r in TABLE.routes
        if r.routing_reason != route.routing_reason and not conditions & set(r.conditions)
    )
    declared = (*(q for q in TABLE.queues if q not in queues), *queues)
    return RoutingTable(queues=declared, routes=(*kept[:-1], route, kept[-1]))


def with_changed_route(**change: Any) -> RoutingTable:
    """The table of :func:`with_route` with SILVER_MEMBER then changed (the mistake under test)."""
    table = with_route(SILVER_MEMBER)
    changed = dataclasses.replace(SILVER_MEMBER, **change)
    return dataclasses.replace(
        table, routes=tuple(changed if r is SILVER_MEMBER else r for r in table.routes)
    )


def error_building(table: RoutingTable) -> str:
    with pytest.raises(FlowBuildError) as raised:
        build_customer_lookup_flow(sandbox_settings(table), table)
    message = str(raised.value)
    assert "\n" not in message, message
    assert message.startswith("routing table: "), message
    return message


# --- Adding a route, as the docs' "Change the routing" says ---


def test_a_route_added_with_a_new_queue_builds_validates_and_takes_its_callers() -> None:
    table = with_route(SILVER_MEMBER)
    settings = sandbox_settings(table)
    files = generated_files(table)  # what `make flows` writes, validated
    content = json.loads(files["customer_lookup.json"])
    assert not has_errors(validate_content(content))

    def silver_member(event: Any, context: Any) -> dict[str, str]:
        return {
            "lookupStatus": "FOUND",
            "firstName": "Marcus",
            "membershipStatus": "SILVER",
            "preferredLanguage": "en-US",
            "hasOpenCase": "false",
        }

    result = Simulator(content).run(
        ContactSetup(phone="+14155550101"),
        FunctionBindings({function_name(settings.lookup_function_arn): silver_member}),
        Script(),
    )
    assert (result.ended, result.queue_arn) == (
        Ended.TRANSFERRED_TO_QUEUE,
        "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
        "/queue/00000000-0000-4000-8000-000000000005",
    )
    assert result.attributes["routingReason"] == "SILVER_MEMBER"
    assert result.prompts[0].startswith("Hello Marcus and thank you for being a Silver member.")


def test_a_new_queue_gets_the_next_sandbox_queue_id() -> None:
    queue_arn = sandbox_settings(with_route(SILVER_MEMBER)).queue_arns["Silver"]
    assert queue_arn.endswith("/queue/00000000-0000-4000-8000-000000000005")


def test_conditions_on_one_attribute_in_a_row_share_one_check_block() -> None:
    table = with_route(SILVER_MEMBER)
    content = build_customer_lookup_flow(sandbox_settings(table), table).to_dict()
    membership = next(a for a in content["Actions"] if a["Identifier"] == "Check membershipStatus")
    operands = [c["Condition"]["Operands"] for c in membership["Transitions"]["Conditions"]]
    assert operands == [["GOLD"], ["SILVER"]]


# --- Mistakes, each one line naming the route and the field ---


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"when": Condition("membershipStatus", "Equal", "SILVER")},
            "route SILVER_MEMBER: when: operator 'Equal' is not one of the flow language's "
            "(did you mean 'Equals'?)",
        ),
        (
            {"when": Condition("Priorty", "Equals", "SILVER")},
            "route SILVER_MEMBER: when: attribute 'Priorty' is not one the flow copies from the "
            "lookup; expected one of lookupStatus, errorCode, customerId, firstName",
        ),
        (
            {"when": Condition("membershipStatu", "Equals", "SILVER")},
            "attribute 'membershipStatu' is not one the flow copies from the lookup "
            "(did you mean 'membershipStatus'?)",
        ),
        (
            {"greeting_en": ""},
            "route SILVER_MEMBER: greeting_en: missing; callers not known to prefer Spanish "
            "take this route and hear it",
        ),
        (
            {"queue": "Priorty"},
            "route SILVER_MEMBER: queue: 'Priorty' is not declared (did you mean 'Priority'?)",
        ),
        ({"queue": None}, "route SILVER_MEMBER: queue: missing; expected one of the queues"),
        (
            {"routing_reason": "silver member"},
            "('silver member'): routing_reason: expected 1-25 capital letters, digits "
            "or '_', starting with a letter",
        ),
        (
            {"routing_reason": "PRIORITY_MEMBER"},
            "route PRIORITY_MEMBER: routing_reason: PRIORITY_MEMBER is also route",
        ),
        (
            {"when": Condition("membershipStatus", "Equals", "GOLD")},
            "route SILVER_MEMBER: when: membershipStatus Equals GOLD is already a condition of "
            "route PRIORITY_MEMBER, which comes first, so it never leads here",
        ),
        (
            {"when": Condition("membershipStatus", "NumberGreaterThan", "SILVER")},
            "route SILVER_MEMBER: when: operand 'SILVER': NumberGreaterThan compares numbers",
        ),
        (
            {"when": Condition("membershipStatus", "Equals", "")},
            "route SILVER_MEMBER: when: operand '': expected a non-empty text to compare with",
        ),
        (
            {"when": Condition("membershipStatus", "Equals", "PLATINUM")},
            "route SILVER_MEMBER: when: operand 'PLATINUM': the lookup function answers "
            f"membershipStatus with one of {', '.join(routing.CLOSED_ANSWERS['membershipStatus'])}"
            " (or nothing), so this never matches",
        ),
        (
            {"when": "membershipStatus = SILVER"},
            "route SILVER_MEMBER: when: 'membershipStatus = SILVER' is neither a Condition",
        ),
        (
            {"greeting_en": "Welcome back, it\u2019s good to hear from you."},
            "route SILVER_MEMBER: greeting_en: typographic quote \u2019 (U+2019): Connect "
            "may refuse them",
        ),
        (
            {"greeting_en": "Hello $.Attributes.firstName, thank you for calling."},
            "route SILVER_MEMBER: greeting_en: $.Attributes.firstName may be empty",
        ),
        (
            {"greeting_en": "Hello $.Attributes.nickname and thank you for calling."},
            "route SILVER_MEMBER: greeting_en: $.Attributes.nickname is not an attribute the flow "
            "sets",
        ),
    ],
    ids=[
        "operator Equal",
        "attribute Priorty",
        "attribute close to a known one",
        "missing greeting",
        "unknown queue",
        "no queue",
        "malformed routingReason",
        "repeated routingReason",
        "condition of an earlier route",
        "number operator with text",
        "empty operand",
        "a value the function never answers",
        "condition written as text",
        "typographic quote",
        "name followed by a comma",
        "attribute the flow does not set",
    ],
)
def test_a_mistake_in_a_route_is_one_line_naming_the_route_and_the_field(
    change: dict[str, Any], expected: str
) -> None:
    assert expected in error_building(with_changed_route(**change))


def test_a_route_that_spanish_speakers_can_take_needs_a_spanish_greeting() -> None:
    vip = Route(
        "VIP_CASE",
        when=Condition("customerId", "TextStartsWith", "VIP-"),
        queue="CaseSpecialists",
        greeting_en="Hello $.Attributes.firstName and welcome back.",
    )
    routes = TABLE.routes
    table = RoutingTable(TABLE.queues, (*routes[:3], vip, *routes[3:]))
    assert (
        "route VIP_CASE: greeting_es: missing; callers known to prefer Spanish take this route"
        in error_building(table)
    )


def test_a_declared_queue_no_route_names_is_a_mistake() -> None:
    assert "queues: 'Unused' is named by no route" in error_building(
        RoutingTable((*TABLE.queues, "Unused"), TABLE.routes)
    )


def test_a_route_after_the_otherwise_route_is_never_reached() -> None:
    copy = with_route(SILVER_MEMBER)
    table = RoutingTable(copy.queues, (*copy.routes[:-2], copy.routes[-1], SILVER_MEMBER))
    assert (
        "route SILVER_MEMBER: comes after the OTHERWISE route route STANDARD, so no caller "
        "reaches it" in error_building(table)
    )


def test_the_out_of_hours_route_queues_nobody() -> None:
    closed, *others = TABLE.routes
    table = RoutingTable(TABLE.queues, (dataclasses.replace(closed, queue="General"), *others))
    assert "route CLOSED: queue: 'General'; a route for OUT_OF_HOURS queues nobody" in (
        error_building(table)
    )


def test_a_table_without_an_out_of_hours_route_is_a_mistake() -> None:
    table = RoutingTable(TABLE.queues, TABLE.routes[1:])
    assert "routes: no route for Situation.OUT_OF_HOURS" in error_building(table)


def test_every_mistake_of_a_table_is_named_at_once() -> None:
    message = error_building(
        with_changed_route(when=Condition("membershipStatus", "Equal", "SILVER"), queue="Priorty")
    )
    assert "operator 'Equal'" in message
    assert "queue: 'Priorty'" in message


def test_the_situations_and_conditions_of_the_table_are_those_routes_declare() -> None:
    # The three situations each lead to the route that declares them.
    assert TABLE.route_with(Situation.OUT_OF_HOURS).routing_reason == "CLOSED"
    assert TABLE.route_with(Situation.LOOKUP_FAILED).routing_reason == "LOOKUP_ERROR"
    assert TABLE.route_with(Situation.OTHERWISE).routing_reason == "STANDARD"


# --- Where a mistake surfaces: `make flows` (synth: tests/infra/test_connect_stack.py) ---


def test_generate_stops_with_exit_2_and_one_line_for_a_mistake_in_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = with_changed_route(when=Condition("membershipStatus", "Equal", "SILVER"))
    monkeypatch.setattr(routing, "ROUTING_TABLE", broken)
    assert main(["generate", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("generate: routing table: route SILVER_MEMBER: when: operator 'Equal'")
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
