"""The customer-lookup flow's own Amazon Connect test cases, built from the routing table.

One case per route of the routing table (:mod:`flows.customer_lookup.routing`), and one for a full
queue. Each case calls as the route's test caller (:class:`TestCaller`: a number, and what the
lookup function answers for it; ``make flows`` finds one per route among the sample customers,
:mod:`flows.customer_lookup.callers`) and:

- at ``TestInitiated`` mocks the lookup function (so it runs in any instance, without data:
  the caller's answer, or ``TimeLimitExceeded`` for a lookup that fails), mocks the hours of
  operation (the live service checks them against the real clock, so an unmocked case would
  fail out of hours: ``OutOfHours`` for the out-of-hours route, ``InHours`` for every other) and,
  for the full queue, mocks the route's queue as ``QueueAtCapacity``;
- observes the first thing the caller hears on the route, the greeting (the full-queue case:
  the "all agents are busy" message), asserts ``$.Attributes.routingReason`` there and ends the
  test, before the queue transfer, so that no simulated call reaches an agent.

The message is observed by ``Inclusion`` of its first sentence, as heard (the caller's name
filled in): a third party saw the live service hand back only the first sentence of a message
that a function's answer filled in, and prompts played back to back arrive as one event, so the
first sentence is what every run contains. Similarity would need the whole text.

A new route of the routing table is a new case once a sample customer takes it; until then
``make flows`` stops with one line saying what to add. The numbers are those of sample customers
(data/sample_customers.jsonl) who take the route, so that the end-to-end tests run the same
cases against the real function and a seeded table without the mock; the answers are what the
function answered for them.

``make flows`` (``python -m flows generate``) writes the cases to ``flows/testcases/
customer_lookup/`` in the DescribeTestCase shape, with the sandbox ARNs of flows/generated/ and
``Content`` written as an object, so that a review reads the observations; the Connect stack
deploys every case of that folder with the deployed ARNs in their place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from flows.customer_lookup.flow import (
    CLOSING_MESSAGES,
    FAILED_TRANSFER_MESSAGES,
    CustomerLookupFlowSettings,
    sandbox_settings,
)
from flows.customer_lookup.routing import (
    ENGLISH,
    ROUTING_REASON_ATTRIBUTE,
    ROUTING_TABLE,
    SPANISH,
    SPANISH_SPEAKER,
    Route,
    RoutingPlan,
    RoutingTable,
    Situation,
    plan_routing,
)
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.simulator.conditions import OPERATOR_TESTS
from flows.testing import TestCaseBuilder
from flows.testing.model import INCLUSION, TestCase

TESTCASES_DIR = Path(__file__).resolve().parents[1] / "testcases" / "customer_lookup"
# The flow's ARN in the sandbox instance (made up, like the sandbox queues): the entry point of
# the committed cases; the Connect stack puts the deployed flow's ARN in its place.
SANDBOX_CONTACT_FLOW_ID = "00000000-0000-4000-8000-000000000200"
SANDBOX_CONTACT_FLOW_ARN = f"{SANDBOX_INSTANCE_ARN}/contact-flow/{SANDBOX_CONTACT_FLOW_ID}"
QUEUE_FULL = "QUEUE_FULL"  # the name of the full-queue case
# The list of the cases ``make flows`` wrote, kept in the cases' folder beside them (one file
# name a line): the case of a route taken out of the routing table is in the list, so ``make
# flows`` removes it rather than leave a case that asserts a routingReason no route sets; a case
# written by hand is not, so it is left alone, even when it began as a copy of a generated one.
# Not a ``.json`` file, so the Connect stack and ``flows test *.json`` never read it as a case.
GENERATED_LIST = "generated.txt"
GENERATED_LIST_HEADER = (
    "# The test cases `make flows` writes in this folder, one file name a line. It removes a case\n"
    "# listed here when its route leaves the routing table; cases written by hand are not listed\n"
    "# and are left alone. Written by `make flows`: do not edit.\n"
)
ROUTING_REASON = f"$.Attributes.{ROUTING_REASON_ATTRIBUTE}"


@dataclass(frozen=True)
class TestCaller:
    """Who a case calls as: ``phone`` (its SourcePhoneNumber) and ``answer``, what the lookup
    function answers for that number (STRING_MAP); ``None``: the lookup fails."""

    __test__ = False  # data, not a pytest class

    phone: str | None
    answer: Mapping[str, str] | None
    who: str


class TestCaseGenerationError(ValueError):
    """A case that cannot be built from the routing table; the message says what to add."""

    __test__ = False


def customer_lookup_test_cases(
    callers: Mapping[str, TestCaller],
    table: RoutingTable = ROUTING_TABLE,
    settings: CustomerLookupFlowSettings | None = None,
) -> dict[str, TestCase]:
    """File name -> case: one per route of ``table``, then the full queue (sandbox ARNs by
    default), each calling as ``callers[routingReason]`` (``make flows`` finds them:
    :mod:`flows.customer_lookup.callers`). Raises :class:`TestCaseGenerationError` for a route
    without a test caller."""
    settings = settings or sandbox_settings(table)
    plan = plan_routing(table)
    cases: dict[str, TestCase] = {}
    for route in table.routes:
        caller = _caller(route, callers)
        language = _language(plan, route, caller)
        cases[file_name(route.routing_reason)] = _case(
            route.routing_reason,
            caller,
            settings,
            route=route,
            expected=first_sentence(heard(route.greeting(language), caller)),
            full_queue=None,
        )
    route = plan.fallback
    caller = _caller(route, callers)
    if route.queue is not None:
        busy, _ = FAILED_TRANSFER_MESSAGES[_language(plan, route, caller)]
        cases[file_name(QUEUE_FULL)] = _case(
            QUEUE_FULL,
            caller,
            settings,
            route=route,
            expected=first_sentence(CLOSING_MESSAGES[busy]),
            full_queue=settings.queue_arns[route.queue],
        )
    return cases


def generated_list_text(file_names: Iterable[str]) -> str:
    """The text of :data:`GENERATED_LIST` for these case files."""
    return GENERATED_LIST_HEADER + "".join(f"{name}\n" for name in sorted(file_names))


def listed_cases(folder: Path) -> tuple[str, ...]:
    """The file names :data:`GENERATED_LIST` in ``folder`` lists (none without the list: cases
    of a folder that ``make flows`` never listed are all taken for written by hand)."""
    try:
        text = (folder / GENERATED_LIST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    names = (line.strip() for line in text.splitlines())
    # A listed name is a file of the folder itself: never a path that leads out of it.
    return tuple(
        name for name in names if name and not name.startswith("#") and Path(name).name == name
    )


def file_name(case_name: str) -> str:
    """``STANDARD`` -> ``standard.json``."""
    return f"{case_name.lower()}.json"


def heard(text: str, caller: TestCaller) -> str:
    """A prompt as the caller hears it: the attributes the flow copied from the answer filled
    in (an attribute the answer lacks reads as nothing), runs of spaces as one."""
    answer = caller.answer or {}
    filled = re.sub(r"\$\.Attributes\.(\w+)", lambda m: answer.get(m.group(1), ""), text)
    return " ".join(filled.split())


def first_sentence(text: str) -> str:
    """Up to the first full stop, question or exclamation mark followed by a space."""
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def _caller(route: Route, callers: Mapping[str, TestCaller]) -> TestCaller:
    caller = callers.get(route.routing_reason)
    if caller is None:
        raise TestCaseGenerationError(
            f"route {route.routing_reason} has no test caller: add a customer who takes it to "
            "data/sample_customers.jsonl"
        )
    return caller


def _language(plan: RoutingPlan, route: Route, caller: TestCaller) -> str:
    """The language the caller hears the route in."""
    languages = plan.languages_of(route)
    preferred = (caller.answer or {}).get(SPANISH_SPEAKER.attribute, "")
    speaks_spanish = OPERATOR_TESTS[SPANISH_SPEAKER.operator](preferred, SPANISH_SPEAKER.operand)
    if SPANISH in languages and (speaks_spanish or ENGLISH not in languages):
        return SPANISH
    return ENGLISH


def _case(
    name: str,
    caller: TestCaller,
    settings: CustomerLookupFlowSettings,
    *,
    route: Route,
    expected: str,
    full_queue: str | None,
) -> TestCase:
    reason = route.routing_reason
    case = TestCaseBuilder()
    start = case.on_test_started("start")
    if caller.answer is None:
        start.mock_lambda_error(settings.lookup_function_arn, "TimeLimitExceeded")
    else:
        start.mock_lambda(settings.lookup_function_arn, caller.answer)
    closed = Situation.OUT_OF_HOURS in route.conditions
    start.mock_hours(settings.hours_of_operation_arn, in_hours=not closed)
    if full_queue is not None:
        start.mock_queue_error(full_queue, "QueueAtCapacity")
        heard_first = "busy-message"
        what = (
            f"finds the {route.queue} queue full (mocked) and is told all agents are busy, "
            f"with routingReason {reason}"
        )
    else:
        heard_first = "greeting"
        what = f"hears the route's message with routingReason {reason}" + (
            ", before the queue transfer" if route.queue else " (the route queues nobody)"
        )
    start.then(heard_first)
    case.on_message(heard_first, expected, matching=INCLUSION).check_equals(
        ROUTING_REASON, reason
    ).end_test()
    return case.build_case(
        name,
        flow_id=SANDBOX_CONTACT_FLOW_ARN,
        source_phone_number=caller.phone,
        description=f"Route {reason}: {caller.who} {what}",
    )
