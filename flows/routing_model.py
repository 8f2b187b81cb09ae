"""What a route of the customer-lookup flow is: the records the routing table is written in.

The table itself is data in :mod:`flows.routing`; :mod:`flows.routing_check` says what is wrong
with it, and :mod:`flows.customer_lookup` builds the flow from it.

A route applies when any of its conditions holds. A condition compares one contact attribute
that the flow copies from the lookup function's answer with one of the flow language's eight
operators and a static operand (``Condition("membershipStatus", "Equals", "GOLD")``). Three
situations are not attribute comparisons, and each belongs to exactly one route:
:attr:`Situation.LOOKUP_FAILED`, :attr:`Situation.OTHERWISE` and
:attr:`Situation.OUT_OF_HOURS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# What the lookup function returns (STRING_MAP) and the flow copies into contact attributes of
# the same names; a condition can compare any of them. ``fullName`` is not copied: the
# greetings use the first name.
LOOKUP_RESPONSE_KEYS = (
    "lookupStatus",
    "errorCode",
    "customerId",
    "firstName",
    "lastName",
    "membershipStatus",
    "preferredLanguage",
    "hasOpenCase",
    "openCaseId",
)
ROUTING_REASON_ATTRIBUTE = "routingReason"
# Attributes the function leaves empty when the table has no value for them. A greeting must
# read naturally without them, and a Check contact attributes block cannot tell an empty value
# from a set one: "To check for a NULL value, you need to use a Lambda"
# (https://docs.aws.amazon.com/connect/latest/adminguide/check-contact-attributes.html).
NAME_ATTRIBUTES = ("firstName", "lastName")

ENGLISH = "en"
SPANISH = "es"
LANGUAGES = (ENGLISH, SPANISH)


@dataclass(frozen=True)
class Condition:
    """``attribute`` ``operator`` ``operand``, e.g. preferredLanguage TextStartsWith es."""

    attribute: str
    operator: str
    operand: str

    def describe(self) -> str:
        return f"{self.attribute} {self.operator} {self.operand}"


class Situation(StrEnum):
    """A way onto a route that is not a comparison of attributes."""

    LOOKUP_FAILED = "the lookup function's Error branch, or its answer could not be saved"
    OTHERWISE = "no condition of an earlier route holds"
    OUT_OF_HOURS = "Check hours of operation answers False"


# Who counts as a caller known to prefer Spanish: the language check of every route that can be
# heard in both languages, and the one that chooses the Spanish voice.
SPANISH_SPEAKER = Condition("preferredLanguage", "TextStartsWith", "es")


@dataclass(frozen=True)
class Route:
    """One row of the routing table.

    ``when``: a condition or situation, or a tuple of them (any one suffices).
    ``routing_reason``: written to the ``routingReason`` contact attribute, so the contact record
    says why the caller went where they went. ``queue``: a name from the table's queues, or
    ``None`` for a route that ends with its message and a disconnect (out of hours).
    ``greeting_en`` / ``greeting_es``: what the caller hears first on this route; dynamic text
    (``$.Attributes.firstName`` is filled in by Connect). The Spanish one is needed where callers
    known to prefer Spanish can take the route (the check says which).
    """

    routing_reason: str
    when: Condition | Situation | tuple[Condition | Situation, ...]
    queue: str | None = None
    greeting_en: str = ""
    greeting_es: str = ""

    @property
    def conditions(self) -> tuple[Condition | Situation, ...]:
        """``when`` as a tuple."""
        return self.when if isinstance(self.when, tuple) else (self.when,)

    @property
    def attribute_conditions(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if isinstance(c, Condition))

    def greeting(self, language: str) -> str:
        return self.greeting_es if language == SPANISH else self.greeting_en


@dataclass(frozen=True)
class RoutingTable:
    """The queues the flow may route to, and the routes, first match wins.

    Every queue declared here gets a queue in the Connect stack (or an existing one named by the
    context key ``queue_arn_<snake_name>``), so a new route may name a new queue once it is
    declared; a queue named by no route is a mistake, as is a route naming an undeclared one.
    """

    queues: tuple[str, ...]
    routes: tuple[Route, ...]

    def route_with(self, situation: Situation) -> Route:
        """The route a situation leads to (the check guarantees exactly one)."""
        return next(route for route in self.routes if situation in route.conditions)
