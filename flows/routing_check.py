"""What can be wrong with a routing table, said as one line naming the route and the field.

:func:`check_routing_table` raises :class:`~flows.model.builder.FlowBuildError` listing every
problem it finds (``routing table: route SILVER_MEMBER: when: operator 'Equal' is not one of ...;
did you mean 'Equals'?``), so that a typo stops ``make flows`` and ``cdk synth`` with a message
instead of a traceback, or worse, a flow that routes nobody to the new queue.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from flows.language.facts import NUMBER_OPERATORS, OPERATORS, REFERENCE
from flows.model.builder import FlowBuildError
from flows.routing_model import (
    ENGLISH,
    LOOKUP_RESPONSE_KEYS,
    NAME_ATTRIBUTES,
    ROUTING_REASON_ATTRIBUTE,
    SPANISH,
    Condition,
    Route,
    RoutingTable,
    Situation,
)
from flows.routing_plan import route_languages

# routingReason goes into block identifiers ("Set queue for <reason> in Spanish"), which the
# flow language limits to 50 characters: 25 leaves room for the longest.
ROUTING_REASON = re.compile(r"^[A-Z][A-Z0-9_]{0,24}$")
ROUTING_REASON_FORM = (
    "1-25 capital letters, digits or '_', starting with a letter, e.g. SILVER_MEMBER"
)
# A queue name becomes the queue's name, a construct id and a context key (queue_arn_<snake>).
QUEUE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,39}$")
QUEUE_NAME_FORM = "1-40 letters or digits starting with a capital letter, e.g. CaseSpecialists"
# Connect refuses prompt text with typographic quotes (see ../shared/reference/connect-flows.md,
# "Refused by CreateContactFlow"): straight ' and " only.
TYPOGRAPHIC_QUOTES = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u00ab\u00bb"
)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GREETING_FIELDS = {ENGLISH: "greeting_en", SPANISH: "greeting_es"}
_LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Spanish"}
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
    return problems


def _did_you_mean(value: object, choices: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
        problems.append(f"typographic quote {shown}: Connect refuses them; write ' or \"")
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
