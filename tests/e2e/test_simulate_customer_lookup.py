"""End to end: a customer-lookup flow, the real function, a local DynamoDB.

Each scenario is one simulated call through the flow built (as `make flows` builds it) from the
tests' own routing table, with the lookup function bound to lambdas/customer_lookup/handler.py
and its table served by moto on 127.0.0.1, seeded from the tests' own customers
(tests/fixtures): what is checked is how the flow and the function behave, whatever the user's
routing table and sample customers hold (tests/e2e/test_users_routes.py runs the user's). The
routing table is checked row by row, out of hours in English and Spanish, then the failures a
contact center meets (a function that times out or raises, a table that is down, responses
Connect rejects, a full queue, an hours check that fails), then failures of single blocks
scripted to reach every error branch of every route in every language it is heard in. Together
they take every transition of the flow (the last test checks that).

Every wait of a call that runs the real function is stretched (:data:`TIME_SCALE`): the flow's
time limit and the function's own deadline are both many times the wall-clock time a busy
machine needs, so a route never depends on the machine's speed. What the timing does is asserted
from the function's answer and the attempts the simulator reports.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.customer_lookup import flow as lookup_flow
from flows.customer_lookup.routing import ENGLISH, SPANISH, route_languages
from flows.simulator import (
    ContactSetup,
    Ended,
    FunctionBindings,
    Outcome,
    Script,
    SimulationOptions,
    SimulationResult,
    Simulator,
    measure_coverage,
)
from flows.simulator.functions import function_name
from tests.fixtures import ROUTING_TABLE

pytestmark = pytest.mark.e2e

SETTINGS = lookup_flow.sandbox_settings(ROUTING_TABLE)
FUNCTION = function_name(SETTINGS.lookup_function_arn)
QUEUE_NAMES = {arn: name for name, arn in SETTINGS.queue_arns.items()}
# The flow's 4-second limit and the function's own 3-second deadline, 25 times as long in wall
# time: a seeded table answers in milliseconds and a refused connection at once, so only a
# stand-in that never answers meets the limit.
TIME_SCALE = 25.0
BLOCKS_THAT_SPEAK = ("MessageParticipant",)
FAIL = "NoMatchingError"


@dataclass(frozen=True)
class Scenario:
    """One simulated call and what must come of it."""

    name: str
    phone: str | None
    reason: str  # routingReason at the end
    queue: str | None  # queue transferred to; None: the caller hears a message and is hung up on
    function: str = "real"  # key of Harness.stand_in
    parameters: Mapping[str, str] = field(default_factory=dict)
    failures: Mapping[str, str] = field(default_factory=dict)
    queues_full: frozenset[str] = frozenset()
    hours_open: bool = True
    table_down: bool = False
    heard: str = ""  # text the first prompt must contain (as spoken: runs of spaces are one)
    last_heard: str = ""  # text the last prompt must contain
    voice: str = "Joanna"
    outcome: Outcome = Outcome.SUCCESS  # of the lookup invocation


ROUTED = [
    Scenario(
        "gold member",
        "+14155550100",
        "PRIORITY_MEMBER",
        "Priority",
        heard="Hello Olivia and thank you for being a Gold member.",
    ),
    Scenario("silver member", "+14155550101", "STANDARD", "General", heard="Hello Marcus"),
    Scenario("open case", "+14155550102", "OPEN_CASE", "CaseSpecialists", heard="CASE-2026-0412"),
    Scenario("gold member with an open case", "+14155550107", "OPEN_CASE", "CaseSpecialists"),
    Scenario(
        "spanish speaker",
        "+14155550103",
        "LANGUAGE_ES",
        "Spanish",
        heard="Hola Lucía y gracias por llamar.",
        voice="Lupe",
    ),
    Scenario(
        "spanish speaker with an open case, greeted in Spanish",
        "+14155550104",
        "OPEN_CASE",
        "CaseSpecialists",
        heard="Hola Andrés y gracias por llamar. Vemos que tiene un caso abierto, CASE-2026-0977.",
        voice="Lupe",
    ),
    Scenario("spanish speaker abroad", "+525512345678", "LANGUAGE_ES", "Spanish", voice="Lupe"),
    Scenario("international gold member", "+442079460958", "PRIORITY_MEMBER", "Priority"),
    Scenario("name beyond ASCII", "+14155550106", "STANDARD", "General", heard="Hello Zoë"),
    Scenario(
        "customer record without a name",
        "+14155550105",
        "STANDARD",
        "General",
        heard="Hello and thank you for calling. Please hold",
    ),
    Scenario("unknown caller", "+14155559999", "UNKNOWN_CALLER", "General", heard="Welcome"),
    Scenario("number that is not a phone number", "12", "UNKNOWN_CALLER", "General"),
    Scenario("no caller number at all", None, "UNKNOWN_CALLER", "General"),
    Scenario(
        "table that is down",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        table_down=True,
        heard="We're sorry",
    ),
]

CLOSED = [
    Scenario(
        "out of hours",
        "+14155550100",
        "CLOSED",
        None,
        hours_open=False,
        heard="Thank you for calling. We are closed right now.",
    ),
    Scenario(
        "out of hours, a spanish speaker",
        "+14155550103",
        "CLOSED",
        None,
        hours_open=False,
        heard="Gracias por llamar. En este momento estamos cerrados.",
        voice="Lupe",
    ),
    Scenario(
        "out of hours, the function raises",
        "+14155550104",
        "CLOSED",
        None,
        function="raises",
        hours_open=False,
        heard="Thank you for calling. We are closed right now.",
        outcome=Outcome.FUNCTION_ERROR,
    ),
]

FAILURES = [
    Scenario(
        "function that times out",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        function="sleeps",
        outcome=Outcome.TIMEOUT,
    ),
    Scenario(
        "function that raises",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        function="raises",
        outcome=Outcome.FUNCTION_ERROR,
    ),
    Scenario(
        "response of 32 KB or more",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        function="pads",
        outcome=Outcome.INVALID_RESPONSE,
    ),
    Scenario(
        "nested response in STRING_MAP mode",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        parameters={"responseFormat": "JSON"},
        outcome=Outcome.INVALID_RESPONSE,
    ),
    Scenario(
        "full queue",
        "+14155550100",
        "PRIORITY_MEMBER",
        None,
        queues_full=frozenset({"Priority"}),
        heard="Hello Olivia",
        last_heard="All of our agents are busy",
    ),
    Scenario(
        "full Spanish queue",
        "+14155550103",
        "LANGUAGE_ES",
        None,
        queues_full=frozenset({"Spanish"}),
        heard="Hola Lucía",
        last_heard="Todos nuestros agentes están ocupados",
        voice="Lupe",
    ),
    Scenario(
        "lookup result that cannot be saved",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        failures={lookup_flow.SAVE_LOOKUP_RESULT: FAIL},
        heard="We're sorry",
    ),
    Scenario(
        "hours check that fails: routed as in hours",
        "+14155550109",
        "STANDARD",
        "General",
        failures={lookup_flow.CHECK_OPENING_HOURS: FAIL},
        heard="Hello Élodie",
    ),
    Scenario(
        "hours check after a failed lookup that fails too",
        "+14155550100",
        "LOOKUP_ERROR",
        "General",
        function="raises",
        failures={lookup_flow.CHECK_OPENING_HOURS_AFTER_FAILED_LOOKUP: FAIL},
        outcome=Outcome.FUNCTION_ERROR,
        heard="We're sorry",
    ),
]


@dataclass(frozen=True)
class RouteCaller:
    """A caller who takes a route in one language: the number, and what else must happen."""

    phone: str
    failures: Mapping[str, str] = field(default_factory=dict)
    hours_open: bool = True


# A caller for every route, in every language it is heard in (see flows/customer_lookup/routing.py).
ROUTE_CALLERS: dict[tuple[str, str], RouteCaller] = {
    ("CLOSED", ENGLISH): RouteCaller("+14155550101", hours_open=False),
    ("CLOSED", SPANISH): RouteCaller("+14155550103", hours_open=False),
    ("LOOKUP_ERROR", ENGLISH): RouteCaller("+14155550100", {lookup_flow.LOOK_UP_CALLER: FAIL}),
    ("UNKNOWN_CALLER", ENGLISH): RouteCaller("+14155559999"),
    ("OPEN_CASE", ENGLISH): RouteCaller("+14155550102"),
    ("OPEN_CASE", SPANISH): RouteCaller("+14155550104"),
    ("LANGUAGE_ES", SPANISH): RouteCaller("+14155550103"),
    ("PRIORITY_MEMBER", ENGLISH): RouteCaller("+14155550100"),
    ("STANDARD", ENGLISH): RouteCaller("+14155550109"),
}
# Every route of the table in every language it is heard in (no lookup by route name here, so
# a new route shows up as a failing test rather than a crash).
ROUTE_LANGUAGES = [
    (route.routing_reason, language)
    for route in ROUTING_TABLE.routes
    for language in route_languages(ROUTING_TABLE).get(route.routing_reason, ())
]


def route_caller(reason: str, language: str) -> RouteCaller:
    caller = ROUTE_CALLERS.get((reason, language))
    if caller is None:
        pytest.fail(
            f"route {reason} ({language}) has no caller: add one to ROUTE_CALLERS, a number from "
            "data/sample_customers.jsonl that takes it (docs/flow.md: Change the routing)"
        )
    return caller


def block_failures(reason: str, language: str) -> list[Scenario]:
    """Every error branch of one route in one language, by scripting its blocks to fail (a
    prompt that cannot be played, a queue Connect cannot set, a transfer that fails)."""
    caller = route_caller(reason, language)
    route = next(r for r in ROUTING_TABLE.routes if r.routing_reason == reason)
    voice = {lookup_flow.SET_SPANISH_VOICE: FAIL} if language == SPANISH else {}
    base = {**caller.failures, **voice}
    tag = f"{reason} in {language}"
    greeting, set_reason = (
        lookup_flow.greeting_id(reason, language),
        lookup_flow.set_reason_id(reason),
    )

    def scenario(name: str, reason_after: str, failures: Mapping[str, str], **kw: Any) -> Scenario:
        return Scenario(
            f"{tag}: {name}",
            caller.phone,
            reason_after,
            None,
            failures={**base, **failures},
            hours_open=caller.hours_open,
            **kw,
        )

    every_step = {set_reason: FAIL, greeting: FAIL}
    if route.queue is None:
        return [scenario("every step fails", "", every_step)]
    busy, sorry = lookup_flow.FAILED_TRANSFER_MESSAGES[language]
    transfer = lookup_flow.transfer_id(reason, language)
    return [
        scenario(
            "every step before the transfer fails",
            "",  # the routingReason block itself fails
            {**every_step, lookup_flow.set_queue_id(reason, language): FAIL},
        ),
        scenario(
            "queue full and the busy message fails",
            reason,
            {busy: FAIL},
            queues_full=frozenset({route.queue}),
        ),
        scenario("transfer and the apology fail", reason, {transfer: FAIL, sorry: FAIL}),
    ]


# --- Running a scenario ---


@dataclass
class Harness:
    simulator: Simulator
    endpoint: str
    release: threading.Event
    real: Callable[..., Any]

    def stand_in(self, kind: str) -> Callable[..., Any]:
        release, real = self.release, self.real

        def sleeps(event: Any, context: Any) -> Any:
            release.wait(10)  # far past the block's limit; released when the test ends
            return {"lookupStatus": "FOUND"}

        def raises(event: Any, context: Any) -> Any:
            raise ConnectionResetError("connection reset by peer")

        def pads(event: Any, context: Any) -> Any:
            return {**real(event, context), "padding": "x" * (32 * 1024)}

        return {"real": real, "sleeps": sleeps, "raises": raises, "pads": pads}[kind]

    def run(self, scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> SimulationResult:
        with monkeypatch.context() as patch:
            if scenario.table_down:
                patch.setenv("AWS_ENDPOINT_URL", _closed_port_url())
            # A 4-second limit is simulated in 200 ms for the stand-in that never answers.
            scale = 0.05 if scenario.function == "sleeps" else TIME_SCALE
            return self.simulator.run(
                ContactSetup(
                    phone=scenario.phone,
                    parameters=scenario.parameters,
                    queue_names=QUEUE_NAMES,
                ),
                FunctionBindings({FUNCTION: self.stand_in(scenario.function)}),
                Script(
                    failures=scenario.failures,
                    queues_at_capacity=scenario.queues_full,
                    hours_open=scenario.hours_open,
                ),
                SimulationOptions(time_scale=scale),
            )


def _closed_port_url() -> str:
    """A loopback port nobody listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def flow_content() -> dict[str, Any]:
    return lookup_flow.build_customer_lookup_flow(SETTINGS, ROUTING_TABLE).to_dict()


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    return Simulator(flow_content(), "the tests' customer-lookup flow")


@pytest.fixture
def harness(simulator: Simulator, customer_table: str, dynamodb_endpoint: str) -> Iterator[Harness]:
    real = FunctionBindings.default().resolve(FUNCTION)
    assert real is not None, f"{FUNCTION} should be bound to the project's handler"
    release = threading.Event()
    yield Harness(simulator, dynamodb_endpoint, release, real)
    release.set()


def assert_ends_in_a_transfer_or_a_message_and_a_disconnect(result: SimulationResult) -> None:
    if result.ended is Ended.TRANSFERRED_TO_QUEUE:
        return
    assert result.ended is Ended.DISCONNECTED, (result.ended, result.message)
    before = result.steps[-2]
    assert before.type in BLOCKS_THAT_SPEAK, result.path[-3:]


def named(name: str) -> Scenario:
    return next(s for s in ROUTED + CLOSED + FAILURES if s.name == name)


def spoken(text: str) -> str:
    """Text as a caller hears it: a run of spaces is one pause."""
    return " ".join(text.split())


# --- The scenarios ---


@pytest.mark.parametrize("scenario", ROUTED + CLOSED + FAILURES, ids=lambda s: s.name)
def test_each_call_is_routed_by_the_table(
    scenario: Scenario, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(scenario, monkeypatch)

    assert_ends_in_a_transfer_or_a_message_and_a_disconnect(result)
    routed = result.attributes.get("routingReason")
    assert routed == scenario.reason, (
        f"{scenario.name} took {routed}: if the routing table changed, update this scenario "
        "(docs/flow.md: Change the routing)"
    )
    if scenario.queue is None:
        assert result.ended is Ended.DISCONNECTED
    else:
        assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, scenario.queue)
    assert scenario.heard in spoken(result.prompts[0])
    assert scenario.last_heard in spoken(result.prompts[-1])
    assert result.voice == scenario.voice
    assert result.invocations[0].outcome is scenario.outcome


@pytest.mark.parametrize(
    ("reason", "language"), ROUTE_LANGUAGES, ids=[f"{r}-{lang}" for r, lang in ROUTE_LANGUAGES]
)
def test_a_failing_block_still_ends_in_a_transfer_or_a_message_and_a_disconnect(
    reason: str, language: str, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for scenario in block_failures(reason, language):
        result = harness.run(scenario, monkeypatch)

        assert_ends_in_a_transfer_or_a_message_and_a_disconnect(result)
        assert result.attributes.get("routingReason", "") == scenario.reason, scenario.name


def test_out_of_hours_the_flow_checks_the_hours_and_takes_their_false_branch(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(named("out of hours"), monkeypatch)

    taken = [(step.identifier, step.label) for step in result.steps]
    assert (lookup_flow.CHECK_OPENING_HOURS, "Equals False") in taken


def test_simulate_closed_takes_the_false_branch_of_the_hours_check(
    customer_table: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    flow_file = tmp_path / "customer_lookup.json"
    flow_file.write_text(json.dumps(flow_content()), encoding="utf-8")
    assert main(["simulate", str(flow_file), "--phone", "+14155550103", "--closed", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    hours = [t for t in result["transitions"] if t["action"] == lookup_flow.CHECK_OPENING_HOURS]
    assert [t["label"] for t in hours] == ["Equals False"]
    assert result["attributes"]["routingReason"] == "CLOSED"
    assert result["prompts"][0].startswith("Gracias por llamar. En este momento estamos cerrados.")


def test_the_lookup_result_is_copied_into_the_contact_record(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(named("open case"), monkeypatch)

    assert result.attributes["lookupStatus"] == "FOUND"
    assert result.attributes["hasOpenCase"] == "true"
    assert result.attributes["openCaseId"] == "CASE-2026-0412"
    assert result.attributes["firstName"] == "Priya"


def test_a_timed_out_function_is_not_waited_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(named("function that times out"), monkeypatch)

    # Each try ended unanswered: stopped at the function's own timeout (3 s), after which the
    # call may be tried again, or still running at the flow's limit (4 s), where the contact
    # moved on. The stand-in never finished: it runs until the test releases it.
    assert not harness.release.is_set()
    (invocation,) = result.invocations
    assert invocation.outcome is Outcome.TIMEOUT
    assert invocation.error.startswith("no response within InvocationTimeLimitSeconds=4")
    errors = {attempt.error for attempt in invocation.attempts}
    assert errors
    assert errors <= {"Task timed out after 3.00 seconds", "still running at the limit"}
    assert result.attributes["routingReason"] == "LOOKUP_ERROR"


def test_a_table_that_is_down_is_answered_by_the_function_itself_within_its_deadline(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The function's own deadline logic answers ERROR (its table refuses every connection);
    # Connect called it once and received that answer: no timeout, no retry by Connect.
    result = harness.run(named("table that is down"), monkeypatch)

    (invocation,) = result.invocations
    assert invocation.outcome is Outcome.SUCCESS
    assert [attempt.error for attempt in invocation.attempts] == [""]
    assert (invocation.response["lookupStatus"], invocation.response["errorCode"]) == (
        "ERROR",
        "DEPENDENCY_UNAVAILABLE",
    )
    assert result.attributes["routingReason"] == "LOOKUP_ERROR"


def test_the_scenario_suite_takes_every_transition_of_the_flow(
    harness: Harness, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenarios = ROUTED + CLOSED + FAILURES
    for reason, language in ROUTE_LANGUAGES:
        scenarios += block_failures(reason, language)
    results = [harness.run(scenario, monkeypatch) for scenario in scenarios]

    report = measure_coverage(simulator.flow, results)

    missed = [f"{t.action} --{t.label}--> {t.target}" for t in report.missed]
    assert missed == [], "add a scenario that takes these transitions"
    assert report.matching_runs == len(scenarios)
