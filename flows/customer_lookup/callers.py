"""Test callers, found rather than listed: for each route of the routing table, a customer of
data/sample_customers.jsonl who takes it.

The customers are seeded into a table of a local DynamoDB-compatible server (moto, on
127.0.0.1, started and stopped here, with the seeding rules of scripts/seed_customers.py), and
each is called through the customer-lookup flow on the simulator, with the lookup function bound
to the function the app deploys (``[tool.flows.functions]``). Who takes which route is then what
the flow and the function do with the data, never a second table to keep in step with the
routing table.

Candidates, in order: every customer the seeder accepts, in the file's order; then two callers
the table cannot hold, so that routes for callers the lookup does not find have one too: a
number no customer has (the first free one after the file's first number) and a withheld number
(``anonymous``, what a caller ID without a number reads as). A route's caller is the first
candidate who takes it, so the choice is the same on every run:

- a route of attribute conditions, or the ``OTHERWISE`` route: the first candidate routed there
  within opening hours, the lookup answering;
- the ``OUT_OF_HOURS`` route: the first candidate, out of hours;
- the ``LOOKUP_FAILED`` route: the first candidate, the lookup failing.

A route no candidate takes stops ``make flows`` with one line naming it and asking for a
customer in data/sample_customers.jsonl who takes it (:class:`NoCallerError`).

Every wait of the simulated lookup is stretched (:data:`TIME_SCALE`), so that a busy machine
never turns a slow answer into a failed lookup and the choice into another one.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
from flows.customer_lookup.routing import RoutingTable, Situation

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CUSTOMERS = REPO_ROOT / "data" / "sample_customers.jsonl"
# The function's own deadline and the flow's time limit, each 20 times as long in wall-clock
# time: the seeded table answers in milliseconds, and a loaded machine never times it out.
TIME_SCALE = 20.0
WITHHELD = "anonymous"
_TABLE = "customer-lookup-callers"


class NoCallerError(ValueError):
    """A route that no candidate takes; the message is one line saying what to add."""


@dataclass(frozen=True)
class Candidate:
    """Someone who may call: ``phone`` as the caller ID gives it (``None``: no number)."""

    phone: str | None
    who: str


@dataclass(frozen=True)
class Call:
    """What became of one candidate's call: the route and the function's answer."""

    candidate: Candidate
    routing_reason: str
    answer: Mapping[str, str] | None  # $.External after the lookup; None: the lookup failed


@dataclass(frozen=True)
class FoundCaller:
    """A route's test caller: who, and what the lookup function answers for them (``None``: the
    lookup fails); ``hours_open``: whether the call is within opening hours."""

    phone: str | None
    answer: Mapping[str, str] | None
    who: str
    hours_open: bool = True


def candidates(customers: Path = SAMPLE_CUSTOMERS) -> list[Candidate]:
    """The customers the seeder accepts, in file order, then the two callers it cannot hold."""
    from scripts.seed_customers import SeedReport, read_rows, validated

    report = SeedReport()
    rows = validated(read_rows(customers), "US", report)
    if report.rejected:
        # A customer the table cannot hold would vanish from the candidates without a word, and
        # the route meant for them would then be "taken by no customer".
        lines = "; ".join(f"line {r.line}: {r.reason}" for r in report.rejected)
        raise NoCallerError(
            f"{customers.name} has customers the table cannot hold ({lines}); fix or remove them"
        )
    found = [
        Candidate(
            row.item["phoneNumber"],
            f"sample customer {row.item.get('customerId') or 'without an id'} "
            f"(line {row.line} of {customers.name})",
        )
        for row in rows
    ]
    numbers = {candidate.phone for candidate in found}
    unknown = _free_number(found[0].phone if found and found[0].phone else "+14155550100", numbers)
    return [
        *found,
        Candidate(unknown, f"a number no customer of {customers.name} has"),
        Candidate(WITHHELD, "a caller whose number is withheld"),
    ]


def _free_number(first: str, taken: set[str | None]) -> str:
    """The first number after ``first`` (same length) that no customer has."""
    digits = first.lstrip("+")
    value = int(digits)
    while True:
        value += 1
        number = f"+{value:0{len(digits)}d}"
        if number not in taken:
            return number


def find_test_callers(
    table: RoutingTable, customers: Path = SAMPLE_CUSTOMERS
) -> dict[str, FoundCaller]:
    """routingReason -> the caller who takes it (see the module docstring); raises
    :class:`NoCallerError` for a route nobody takes."""
    people = candidates(customers)
    calls = call_each(table, people, customers)
    callers: dict[str, FoundCaller] = {}
    for route in table.routes:
        reason = route.routing_reason
        if Situation.OUT_OF_HOURS in route.conditions and calls:
            first = calls[0]
            callers[reason] = FoundCaller(
                first.candidate.phone, first.answer, first.candidate.who, hours_open=False
            )
            continue
        if Situation.LOOKUP_FAILED in route.conditions and people:
            first_person = people[0]
            callers[reason] = FoundCaller(
                first_person.phone, None, f"{first_person.who} with a lookup that fails"
            )
            continue
        taker = next((call for call in calls if call.routing_reason == reason), None)
        if taker is None:
            raise NoCallerError(
                f"route {reason} is taken by no customer of {customers}: add a customer who "
                f"takes it to {customers.name} (one JSON line), then run `make flows` again"
            )
        callers[reason] = FoundCaller(taker.candidate.phone, taker.answer, taker.candidate.who)
    return callers


def call_each(
    table: RoutingTable, people: list[Candidate], customers: Path = SAMPLE_CUSTOMERS
) -> list[Call]:
    """Each candidate's call within opening hours, the lookup answering from a table seeded with
    ``customers``; in the candidates' order."""
    from flows.simulator import ContactSetup, FunctionBindings, Script, SimulationOptions, Simulator
    from flows.simulator.functions import function_name

    settings = sandbox_settings(table)
    simulator = Simulator(build_customer_lookup_flow(settings, table).to_dict())
    name = function_name(settings.lookup_function_arn)
    function = FunctionBindings.default().resolve(name)
    if function is None:
        raise NoCallerError(
            f"no function answers for {name}: bind it in [tool.flows.functions] of pyproject.toml"
        )
    bindings = FunctionBindings({name: function})
    calls: list[Call] = []
    # The function writes its log line to standard output, as in Lambda; not wanted here.
    with seeded_table(customers), redirect_stdout(io.StringIO()):
        for person in people:
            result = simulator.run(
                ContactSetup(phone=person.phone),
                bindings,
                Script(hours_open=True),
                SimulationOptions(time_scale=TIME_SCALE),
            )
            lookup = next((i for i in result.invocations if i.function == name), None)
            answered = lookup is not None and lookup.outcome.value == "SUCCESS"
            calls.append(
                Call(
                    person,
                    str(result.attributes.get("routingReason", "")),
                    dict(lookup.response) if answered and lookup is not None else None,
                )
            )
    return calls


@contextmanager
def seeded_table(customers: Path) -> Iterator[str]:
    """A local server with a table seeded from ``customers``; the function's environment names
    them (and fake credentials) until the block ends, then is restored."""
    import boto3

    from scripts.local_aws import FAKE_CREDENTIALS, LocalAwsServer
    from scripts.seed_customers import seed

    # A table of its own each time: moto keeps one store per process, shared by its servers.
    table = f"{_TABLE}-{uuid.uuid4().hex[:12]}"
    with LocalAwsServer() as server, _environment(FAKE_CREDENTIALS):
        client = boto3.client("dynamodb", endpoint_url=server.endpoint_url, region_name="us-east-1")
        seed(client, table, customers, create_table=True)
        try:
            with _environment(
                {
                    "CUSTOMER_TABLE_NAME": table,
                    "AWS_ENDPOINT_URL": server.endpoint_url,
                    "AWS_ENDPOINT_URL_DYNAMODB": server.endpoint_url,
                }
            ):
                yield table
        finally:
            client.delete_table(TableName=table)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved: dict[str, Any] = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
