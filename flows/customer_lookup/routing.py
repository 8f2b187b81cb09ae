"""The routing table of the customer-lookup flow: change who goes where in ``QUEUES`` and
``ROUTES`` below, and only there.

Each route is one entry: when it applies, the ``routingReason`` written to the contact, the
queue, and what the caller hears in English and Spanish. Routes are tried in order and the first
that applies wins; the out-of-hours route comes first (opening hours are checked before anything
else routes the caller) and the ``OTHERWISE`` route last. ``make flows`` rebuilds
flows/generated/ from this table and reports a mistake in it as one line naming the route and
the field; the documentation's "Change the routing" (docs/flow.md) gives the steps.

The module reads top-down: the records a table is written in (:class:`Condition`,
:class:`Situation`, :class:`Route`, :class:`RoutingTable`), the table itself (``QUEUES``,
``ROUTES``), how a table becomes blocks (:func:`plan_routing`), and what can be wrong with one
(:func:`check_routing_table`). :mod:`flows.customer_lookup.flow` builds the flow from the plan.

A route applies when any of its conditions holds. A condition compares one contact attribute
that the flow copies from the lookup function's answer with one of the flow language's eight
operators and a static operand (``Condition("membershipStatus", "Equals", "GOLD")``). Three
situations are not attribute comparisons, and each belongs to exactly one route:
:attr:`Situation.LOOKUP_FAILED`, :attr:`Situation.OTHERWISE` and
:attr:`Situation.OUT_OF_HOURS`.

Prompt text uses straight quotes only (the check refuses typographic ones): one third party
reports CreateContactFlow refusing curly apostrophes, so the generated flow never depends on how
that report is weighed (see ``TYPOGRAPHIC_QUOTES`` below).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from customer_lookup.customers import (
    ERROR,
    FOUND,
    INVALID_INPUT,
    MEMBERSHIP_STATUSES,
    NOT_FOUND,
)
from flows.command_line import did_you_mean
from flows.language.facts import NUMBER_OPERATORS, OPERATORS, REFERENCE
from flows.model.builder import FlowBuildError

# --- The records a routing table is written in.

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
# The answers the function gives from a closed set of values (lambdas/customer_lookup,
# customers.py): a condition that an attribute Equals any other value never matches.
CLOSED_ANSWERS: dict[str, tuple[str, ...]] = {
    "lookupStatus": (FOUND, NOT_FOUND, INVALID_INPUT, ERROR),
    "membershipStatus": tuple(sorted(MEMBERSHIP_STATUSES)),
}
ROUTING_REASON_ATTRIBUTE = "routingReason"
# Attributes the function leaves empty when the table has no value for them. A greeting must
# read naturally without them, and a Check contact attributes block cannot tell an empty value
# from a set one: "To check for a NULL value, you need to use a Lambda"
# (https://docs.aws.amazon.com/connect/latest/adminguide/check-contact-attributes.html).
NAME_ATTRIBUTES = ("firstName", "lastName")

ENGLISH = "en"
SPANISH = "es"


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


# --- The table.

# Every queue a route may name. The Connect stack creates one per name (``<name>-<stage>``)
# unless the context key queue_arn_<snake_name> names an existing one.
QUEUES: tuple[str, ...] = ("General", "Priority", "Spanish", "CaseSpecialists")

ROUTES: tuple[Route, ...] = (
    Route(
        "CLOSED",
        when=Situation.OUT_OF_HOURS,
        queue=None,
        greeting_en=(
            "Thank you for calling. We are closed right now. "
            "Please call again during our opening hours. Goodbye."
        ),
        greeting_es=(
            "Gracias por llamar. En este momento estamos cerrados. "
            "Por favor, llame de nuevo en nuestro horario de atención. Adiós."
        ),
    ),
    Route(
        "LOOKUP_ERROR",
        when=(Situation.LOOKUP_FAILED, Condition("lookupStatus", "Equals", "ERROR")),
        queue="General",
        greeting_en=(
            "We're sorry, we could not find your account details just now. "
            "Please hold while we connect you to an agent."
        ),
    ),
    Route(
        "UNKNOWN_CALLER",
        when=(
            Condition("lookupStatus", "Equals", "NOT_FOUND"),
            Condition("lookupStatus", "Equals", "INVALID_INPUT"),
        ),
        queue="General",
        greeting_en="Welcome, and thank you for calling. Please hold for the next agent.",
    ),
    Route(
        "OPEN_CASE",
        when=Condition("hasOpenCase", "Equals", "true"),
        queue="CaseSpecialists",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for calling. "
            "We see you have an open case, $.Attributes.openCaseId. "
            "Please hold while we connect you to a case specialist."
        ),
        greeting_es=(
            "Hola $.Attributes.firstName y gracias por llamar. "
            "Vemos que tiene un caso abierto, $.Attributes.openCaseId. "
            "Por favor, espere mientras le comunicamos con un especialista."
        ),
    ),
    Route(
        "LANGUAGE_ES",
        when=SPANISH_SPEAKER,
        queue="Spanish",
        greeting_es=(
            "Hola $.Attributes.firstName y gracias por llamar. "
            "Por favor, espere mientras le comunicamos con un agente."
        ),
    ),
    Route(
        "PRIORITY_MEMBER",
        when=Condition("membershipStatus", "Equals", "GOLD"),
        queue="Priority",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for being a Gold member. "
            "Please hold while we connect you to a priority agent."
        ),
    ),
    Route(
        "STANDARD",
        when=Situation.OTHERWISE,
        queue="General",
        greeting_en=(
            "Hello $.Attributes.firstName and thank you for calling. "
            "Please hold while we connect you to an agent."
        ),
    ),
)

ROUTING_TABLE = RoutingTable(queues=QUEUES, routes=ROUTES)


# --- How a table becomes blocks: the Check contact attributes chain and each route's languages.
#
# Conditions are tried in table order; consecutive conditions on the same attribute share one
# Check contact attributes block (the flow language's Compare), whose "No match" leads to the
# next block and, after the last one, to the ``OTHERWISE`` route. First match wins, as in the
# table.
#
# Languages: a caller is known to prefer Spanish when SPANISH_SPEAKER holds. A route is heard in
# Spanish only when its condition is exactly that; in English only when no such caller can take
# it: its callers were not found by the lookup (``LOOKUP_FAILED``, or ``lookupStatus`` equal to
# something other than FOUND, for which the function returns no language), or an earlier route
# already took every Spanish speaker. Every other route, the out-of-hours one included, checks
# the caller's language and is heard in either.

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
    """The plan of a table that :func:`check_routing_table` accepted."""
    return RoutingPlan(
        checks=attribute_checks(table),
        fallback=table.route_with(Situation.OTHERWISE),
        lookup_failed=table.route_with(Situation.LOOKUP_FAILED),
        out_of_hours=table.route_with(Situation.OUT_OF_HOURS),
        languages=route_languages(table),
    )


# --- What can be wrong with a table, said as one line naming the route and the field.
#
# check_routing_table raises FlowBuildError listing every problem it finds ("routing table: route
# SILVER_MEMBER: when: operator 'Equal' is not one of ...; did you mean 'Equals'?"), so that a
# typo stops ``make flows`` and ``cdk synth`` with a message instead of a traceback, or worse, a
# flow that routes nobody to the new queue.

# routingReason goes into block identifiers ("Set queue for <reason> in Spanish"), which the
# flow language limits to 50 characters: 25 leaves room for the longest.
ROUTING_REASON = re.compile(r"^[A-Z][A-Z0-9_]{0,24}$")
ROUTING_REASON_FORM = (
    "1-25 capital letters, digits or '_', starting with a letter, e.g. SILVER_MEMBER"
)
# A queue name becomes the queue's name, a construct id and a context key (queue_arn_<snake>).
QUEUE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,39}$")
QUEUE_NAME_FORM = "1-40 letters or digits starting with a capital letter, e.g. CaseSpecialists"
# The flow keeps its prompt text to straight ' and ": one third party reports CreateContactFlow
# refusing curly apostrophes (see ../shared/reference/connect-flows.md, "Refused by
# CreateContactFlow"), so the generated flow never depends on how that report is weighed (the
# validator itself only warns: real exports hold them).
TYPOGRAPHIC_QUOTES = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u00ab\u00bb"
)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GREETING_FIELDS = {ENGLISH: "greeting_en", SPANISH: "greeting_es"}
GREETING_ATTRIBUTES = (*LOOKUP_RESPONSE_KEYS, ROUTING_REASON_ATTRIBUTE)


def check_routing_table(table: RoutingTable) -> None:
    """Raise :class:`FlowBuildError` naming every mistake in ``table``; return if none."""
    problems = routing_table_problems(table)
    if problems:
        raise FlowBuildError("routing table: " + "; ".join(problems))


def routing_table_problems(table: RoutingTable) -> list[str]:
    """Every mistake in ``table``, one line each, naming the route and the field."""
    problems = _queue_problems(table)
    routes = table.routes
    if not isinstance(routes, tuple) or not all(isinstance(r, Route) for r in routes):
        return [*problems, "routes: expected a tuple of Route(...) entries"]
    reasons: dict[str, int] = {}
    seen_conditions: dict[Condition, str] = {}
    for index, route in enumerate(routes):
        name = _route_name(route, index)
        problems += _reason_problems(route, index, name, reasons)
        problems += _when_problems(route, name, seen_conditions)
        problems += _queue_of_route_problems(route, name, table.queues)
    problems += _situation_problems(routes)
    used = [route.queue for route in routes]
    problems += [
        f"queues: {queue!r} is named by no route; route callers to it or remove it"
        for queue in table.queues
        if queue not in used
    ]
    if problems:
        return problems  # greetings depend on a well-formed table (which languages are heard)
    languages = route_languages(table)
    for route in routes:
        problems += _greeting_problems(route, languages[route.routing_reason])
    return problems


def _route_name(route: Route, index: int) -> str:
    reason = route.routing_reason
    if isinstance(reason, str) and ROUTING_REASON.match(reason):
        return f"route {reason}"
    return f"route {index + 1} ({reason!r})"


def _queue_problems(table: RoutingTable) -> list[str]:
    queues = table.queues
    if not isinstance(queues, tuple) or not queues:
        return ["queues: expected a tuple of one or more queue names"]
    problems = [
        f"queues: {queue!r} is not a queue name; expected {QUEUE_NAME_FORM}"
        for queue in queues
        if not isinstance(queue, str) or not QUEUE_NAME.match(queue)
    ]
    repeated = sorted({q for q in queues if isinstance(q, str) and queues.count(q) > 1})
    problems += [f"queues: {queue!r} is declared twice" for queue in repeated]
    return problems


def _reason_problems(route: Route, index: int, name: str, reasons: dict[str, int]) -> list[str]:
    """``reasons``: routingReason -> position (from 1) of the first route that has it."""
    reason = route.routing_reason
    if not isinstance(reason, str) or not ROUTING_REASON.match(reason):
        return [f"{name}: routing_reason: expected {ROUTING_REASON_FORM}"]
    if reason in reasons:
        return [f"{name}: routing_reason: {reason} is also route {reasons[reason]}'s"]
    reasons[reason] = index + 1
    return []


def _when_problems(route: Route, name: str, seen: dict[Condition, str]) -> list[str]:
    conditions = route.conditions
    if not conditions:
        return [f"{name}: when: expected a Condition(...) or Situation, or a tuple of them"]
    problems: list[str] = []
    for item in conditions:
        if isinstance(item, Situation):
            continue
        if not isinstance(item, Condition):
            problems.append(
                f"{name}: when: {item!r} is neither a Condition(attribute, operator, operand) "
                "nor a Situation"
            )
            continue
        found = _condition_problems(item)
        problems += [f"{name}: when: {problem}" for problem in found]
        if found:
            continue
        if item in seen:
            problems.append(
                f"{name}: when: {item.describe()} is already a condition of {seen[item]}, which "
                "comes first, so it never leads here"
            )
        seen.setdefault(item, name)
    return problems


def _condition_problems(condition: Condition) -> list[str]:
    problems = []
    attribute, operator, operand = condition.attribute, condition.operator, condition.operand
    if attribute not in LOOKUP_RESPONSE_KEYS:
        problems.append(
            f"attribute {attribute!r} is not one the flow copies from the lookup"
            f"{_did_you_mean(attribute, LOOKUP_RESPONSE_KEYS)}; expected one of "
            f"{', '.join(LOOKUP_RESPONSE_KEYS)}"
        )
    if operator not in OPERATORS:
        problems.append(
            f"operator {operator!r} is not one of the flow language's"
            f"{_did_you_mean(operator, OPERATORS)}; expected one of {', '.join(OPERATORS)}"
        )
    if not isinstance(operand, str) or not operand.strip():
        # Connect cannot compare with an empty value: "To check for a NULL value, you need to use
        # a Lambda" (https://docs.aws.amazon.com/connect/latest/adminguide/check-contact-attributes.html)
        problems.append(f"operand {operand!r}: expected a non-empty text to compare with")
    elif "$." in operand:
        problems.append(f"operand {operand!r}: expected a fixed value, not a reference")
    elif operator in NUMBER_OPERATORS and not _NUMBER.match(operand.strip()):
        problems.append(f"operand {operand!r}: {operator} compares numbers; expected a number")
    elif operator == "Equals" and operand not in CLOSED_ANSWERS.get(attribute, (operand,)):
        answers = CLOSED_ANSWERS[attribute]
        problems.append(
            f"operand {operand!r}: the lookup function answers {attribute} with one of "
            f"{', '.join(answers)} (or nothing), so this never matches"
            f"{_did_you_mean(operand, answers)}"
        )
    return problems


def _did_you_mean(value: object, choices: Iterable[str]) -> str:
    """The command line's hint (:func:`flows.command_line.did_you_mean`); none for a value that
    is not text (a table written with the wrong type)."""
    return did_you_mean(value, choices) if isinstance(value, str) else ""


def _queue_of_route_problems(route: Route, name: str, queues: tuple[str, ...]) -> list[str]:
    queue = route.queue
    closes = Situation.OUT_OF_HOURS in route.conditions
    if closes:
        if queue is None:
            return []
        return [
            f"{name}: queue: {queue!r}; a route for {Situation.OUT_OF_HOURS.name} queues "
            "nobody (it says its message and hangs up): expected None"
        ]
    if queue is None:
        return [f"{name}: queue: missing; expected one of the queues {', '.join(queues)}"]
    if queue not in queues:
        return [
            f"{name}: queue: {queue!r} is not declared{_did_you_mean(queue, queues)}; expected "
            f"one of {', '.join(queues)}, or declare it in the table's queues to create it"
        ]
    return []


def _situation_problems(routes: tuple[Route, ...]) -> list[str]:
    problems: list[str] = []
    for situation in Situation:
        holders = [i for i, route in enumerate(routes) if situation in route.conditions]
        if not holders:
            problems.append(f"routes: no route for Situation.{situation.name} ({situation.value})")
        for extra in holders[1:]:
            problems.append(
                f"{_route_name(routes[extra], extra)}: when: Situation.{situation.name} already "
                f"leads to {_route_name(routes[holders[0]], holders[0])}"
            )
    closed = [i for i, r in enumerate(routes) if Situation.OUT_OF_HOURS in r.conditions]
    if closed and len(routes[closed[0]].conditions) > 1:
        problems.append(
            f"{_route_name(routes[closed[0]], closed[0])}: when: Situation.OUT_OF_HOURS stands "
            "alone (opening hours are checked before any attribute)"
        )
    if closed and closed[0] != 0:
        problems.append(
            f"{_route_name(routes[closed[0]], closed[0])}: the out-of-hours route comes first "
            "(opening hours are checked before anything else routes the caller)"
        )
    otherwise = [i for i, r in enumerate(routes) if Situation.OTHERWISE in r.conditions]
    if otherwise and otherwise[0] != len(routes) - 1:
        later = _route_name(routes[otherwise[0] + 1], otherwise[0] + 1)
        problems.append(
            f"{later}: comes after the OTHERWISE route "
            f"{_route_name(routes[otherwise[0]], otherwise[0])}, so no caller reaches it; "
            "move it before"
        )
    if otherwise and len(routes[otherwise[0]].conditions) > 1:
        problems.append(
            f"{_route_name(routes[otherwise[0]], otherwise[0])}: when: Situation.OTHERWISE "
            "stands alone (it takes everyone left)"
        )
    return problems


def _greeting_problems(route: Route, languages: tuple[str, ...]) -> list[str]:
    name = f"route {route.routing_reason}"
    problems: list[str] = []
    for language, field in _GREETING_FIELDS.items():
        text = getattr(route, field)
        if not isinstance(text, str):
            problems.append(f"{name}: {field}: expected text, found {type(text).__name__}")
            continue
        if not text.strip():
            if language in languages:
                who = (
                    "callers known to prefer Spanish"
                    if language == SPANISH
                    else "callers not known to prefer Spanish"
                )
                problems.append(f"{name}: {field}: missing; {who} take this route and hear it")
            continue
        problems += [f"{name}: {field}: {problem}" for problem in prompt_text_problems(text)]
    return problems


def prompt_text_problems(text: str) -> list[str]:
    """What keeps ``text`` from being a prompt Connect accepts and a caller hears well."""
    problems = []
    quotes = sorted(set(text) & TYPOGRAPHIC_QUOTES)
    if quotes:
        shown = " ".join(f"{q} (U+{ord(q):04X})" for q in quotes)
        problems.append(
            f"typographic quote {shown}: Connect may refuse them (the flow keeps straight "
            "quotes); write ' or \""
        )
    for match in REFERENCE.finditer(text):
        reference = match.group(0)
        attribute = reference.removeprefix("$.Attributes.")
        if match.group("namespace") != "Attributes" or attribute not in GREETING_ATTRIBUTES:
            problems.append(
                f"{reference} is not an attribute the flow sets; expected $.Attributes.NAME with "
                f"NAME one of {', '.join(GREETING_ATTRIBUTES)}"
            )
            continue
        if attribute in NAME_ATTRIBUTES and _stranded_punctuation(text, match.start(), match.end()):
            without = text[max(0, match.start() - 10) : match.start()] + text[match.end() :][:10]
            problems.append(
                f"{reference} may be empty (the customer table may have no name), and then "
                f"{without!r} is heard; write it where the sentence reads without it, e.g. "
                f"'Hello {reference} and thank you for calling.'"
            )
    return problems


def _stranded_punctuation(text: str, start: int, end: int) -> bool:
    """Punctuation right after the reference, or right before it (a space apart)."""
    after = text[end : end + 1]
    before = text[:start].rstrip()[-1:]
    return (bool(after) and not after.isspace()) or before in {",", ";", ":"}
