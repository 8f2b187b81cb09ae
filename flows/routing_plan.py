"""How a routing table becomes blocks: the Check contact attributes chain and each route's
languages.

Conditions are tried in table order; consecutive conditions on the same attribute share one
Check contact attributes block (the flow language's Compare), whose "No match" leads to the next
block and, after the last one, to the ``OTHERWISE`` route. First match wins, as in the table.

Languages: a caller is known to prefer Spanish when :data:`~flows.routing_model.SPANISH_SPEAKER`
holds. A route is heard in Spanish only when its condition is exactly that; in English only when
no such caller can take it: its callers were not found by the lookup (``LOOKUP_FAILED``, or
``lookupStatus`` equal to something other than FOUND, for which the function returns no
language), or an earlier route already took every Spanish speaker. Every other route, the
out-of-hours one included, checks the caller's language and is heard in either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flows.routing_model import (
    ENGLISH,
    SPANISH,
    SPANISH_SPEAKER,
    Condition,
    Route,
    RoutingTable,
    Situation,
)

FOUND = "FOUND"  # the lookupStatus of a caller the function found


@dataclass(frozen=True)
class AttributeCheck:
    """One Check contact attributes block: the attribute and its (condition, route) rows."""

    identifier: str
    attribute: str
    rows: tuple[tuple[Condition, Route], ...]


@dataclass(frozen=True)
class RoutingPlan:
    checks: tuple[AttributeCheck, ...]
    fallback: Route  # OTHERWISE
    lookup_failed: Route  # LOOKUP_FAILED
    out_of_hours: Route  # OUT_OF_HOURS
    languages: Mapping[str, tuple[str, ...]]  # routingReason -> languages it is heard in

    def languages_of(self, route: Route) -> tuple[str, ...]:
        return self.languages[route.routing_reason]


def attribute_checks(table: RoutingTable) -> tuple[AttributeCheck, ...]:
    """The Check contact attributes chain, in table order."""
    groups: list[tuple[str, list[tuple[Condition, Route]]]] = []
    for route in table.routes:
        for condition in route.attribute_conditions:
            if groups and groups[-1][0] == condition.attribute:
                groups[-1][1].append((condition, route))
            else:
                groups.append((condition.attribute, [(condition, route)]))
    seen: dict[str, int] = {}
    checks = []
    for attribute, rows in groups:
        seen[attribute] = seen.get(attribute, 0) + 1
        again = "" if seen[attribute] == 1 else f" again {seen[attribute]}"
        checks.append(AttributeCheck(f"Check {attribute}{again}", attribute, tuple(rows)))
    return tuple(checks)


def route_languages(table: RoutingTable) -> dict[str, tuple[str, ...]]:
    """routingReason -> the languages its callers can hear it in (see the module docstring)."""
    languages: dict[str, tuple[str, ...]] = {}
    spanish_taken = False
    for route in table.routes:
        conditions = route.attribute_conditions
        if Situation.OUT_OF_HOURS in route.conditions:
            languages[route.routing_reason] = (ENGLISH, SPANISH)
        elif (
            conditions
            and all(c == SPANISH_SPEAKER for c in conditions)
            and len(conditions) == len(route.conditions)
        ):
            languages[route.routing_reason] = (SPANISH,)
            spanish_taken = True
        elif spanish_taken or _caller_not_found(route):
            languages[route.routing_reason] = (ENGLISH,)
        else:
            languages[route.routing_reason] = (ENGLISH, SPANISH)
    return languages


def _caller_not_found(route: Route) -> bool:
    """Only callers the lookup did not find take this route, so none has a known language."""
    if Situation.LOOKUP_FAILED in route.conditions:
        return True
    conditions = route.attribute_conditions
    return bool(conditions) and all(
        c.attribute == "lookupStatus" and c.operator == "Equals" and c.operand != FOUND
        for c in conditions
    )


def plan_routing(table: RoutingTable) -> RoutingPlan:
    """The plan of a table that :func:`flows.routing_check.check_routing_table` accepted."""
    return RoutingPlan(
        checks=attribute_checks(table),
        fallback=table.route_with(Situation.OTHERWISE),
        lookup_failed=table.route_with(Situation.LOOKUP_FAILED),
        out_of_hours=table.route_with(Situation.OUT_OF_HOURS),
        languages=route_languages(table),
    )
