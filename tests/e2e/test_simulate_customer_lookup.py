"""End to end: the generated customer-lookup flow, the real function, a local DynamoDB.

Each scenario is one simulated call through flows/generated/customer_lookup.json (the committed
file the CDK app deploys), with the lookup function bound to lambdas/customer_lookup/handler.py
and its table served by moto on 127.0.0.1, seeded from data/sample_customers.jsonl. The routing
table of issue 3 is checked row by row, then the failures a contact center meets (a function
that times out or raises, a table that is down, responses Connect rejects, a full queue), then
failures of single blocks scripted to reach every error branch. Together they take every
transition of the flow (the last test checks that).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flows import customer_lookup as lookup_flow
from flows.document import load_flow_document
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

pytestmark = pytest.mark.e2e

FLOW_FILE = Path(__file__).resolve().parents[2] / "flows" / "generated" / "customer_lookup.json"
FUNCTION = function_name(lookup_flow.sandbox_settings().lookup_function_arn)
QUEUE_NAMES = {arn: name for name, arn in lookup_flow.sandbox_settings().queue_arns.items()}
BLOCKS_THAT_SPEAK = ("MessageParticipant",)

# Scripted block failures, by the flow module's identifiers.
reason_id = lookup_flow.set_reason_id
greeting_id = lookup_flow.greeting_id
queue_id = lookup_flow.set_queue_id
transfer_id = lookup_flow.transfer_id


@dataclass(frozen=True)
class Scenario:
    """One simulated call and what must come of it."""

    name: str
    phone: str | None
    reason: str  # routingReason at the end
    queue: str | None  # queue transferred to; None: the caller hears a message and is hung up on
    function: str = "real"  # key of STAND_INS
    parameters: Mapping[str, str] = field(default_factory=dict)
    failures: Mapping[str, str] = field(default_factory=dict)
    queues_full: frozenset[str] = frozenset()
    table_down: bool = False
    heard: str = ""  # text the first prompt must contain
    last_heard: str = ""  # text the last prompt must contain
    voice: str = "Joanna"
    outcome: Outcome = Outcome.SUCCESS  # of the lookup invocation


ROUTING_TABLE = [
    Scenario("gold member", "+14155550100", "PRIORITY_MEMBER", "Priority", heard="Hello Olivia"),
    Scenario("silver member", "+14155550101", "STANDARD", "General", heard="Hello Marcus"),
    Scenario("open case", "+14155550102", "OPEN_CASE", "CaseSpecialists", heard="CASE-2026-0412"),
    Scenario("gold member with an open case", "+14155550107", "OPEN_CASE", "CaseSpecialists"),
    Scenario(
        "spanish speaker",
        "+14155550103",
        "LANGUAGE_ES",
        "Spanish",
        heard="Hola Lucía",
        voice="Lupe",
    ),
    Scenario("spanish speaker with an open case", "+14155550104", "OPEN_CASE", "CaseSpecialists"),
    Scenario("spanish speaker abroad", "+525512345678", "LANGUAGE_ES", "Spanish", voice="Lupe"),
    Scenario("international gold member", "+442079460958", "PRIORITY_MEMBER", "Priority"),
    Scenario("name beyond ASCII", "+14155550106", "STANDARD", "General", heard="Hello Zoë"),
    Scenario("sparse customer record", "+14155550105", "STANDARD", "General"),
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
]

# A caller for every route; LOOKUP_ERROR is reached by failing the lookup block itself.
ROUTE_CALLERS: dict[str, tuple[str, dict[str, str]]] = {
    "LOOKUP_ERROR": ("+14155550100", {lookup_flow.LOOK_UP_CALLER: "NoMatchingError"}),
    "UNKNOWN_CALLER": ("+14155559999", {}),
    "OPEN_CASE": ("+14155550102", {}),
    "LANGUAGE_ES": ("+14155550103", {}),
    "PRIORITY_MEMBER": ("+14155550100", {}),
    "STANDARD": ("+14155550101", {}),
}


def _block_failures() -> list[Scenario]:
    """Every block's error branch, by scripting that block to fail (a prompt that cannot be
    played, a queue Connect cannot set, a transfer that fails)."""
    scenarios = [
        Scenario(
            "saving the lookup result fails",
            "+14155550100",
            "LOOKUP_ERROR",
            "General",
            failures={lookup_flow.SAVE_LOOKUP_RESULT: "NoMatchingError"},
        )
    ]
    for route in lookup_flow.ROUTES:
        reason, queue = route.routing_reason, route.queue
        phone, base = ROUTE_CALLERS[reason]
        spanish = reason in lookup_flow.SPANISH_REASONS
        busy = lookup_flow.SAY_ALL_AGENTS_BUSY_ES if spanish else lookup_flow.SAY_ALL_AGENTS_BUSY
        sorry = lookup_flow.SAY_SORRY_ES if spanish else lookup_flow.SAY_SORRY
        voice = {lookup_flow.SET_SPANISH_VOICE: "NoMatchingError"} if spanish else {}
        scenarios += [
            Scenario(
                f"{reason}: every step before the transfer fails",
                phone,
                "",  # the routingReason block itself fails
                None,
                failures={
                    **base,
                    **voice,
                    reason_id(reason): "NoMatchingError",
                    greeting_id(reason): "NoMatchingError",
                    queue_id(reason): "NoMatchingError",
                },
            ),
            Scenario(
                f"{reason}: queue full and the busy message fails",
                phone,
                reason,
                None,
                failures={**base, busy: "NoMatchingError"},
                queues_full=frozenset({queue}),
            ),
            Scenario(
                f"{reason}: transfer and the apology fail",
                phone,
                reason,
                None,
                failures={**base, transfer_id(reason): "NoMatchingError", sorry: "NoMatchingError"},
            ),
        ]
    return scenarios


BLOCK_FAILURES = _block_failures()
ALL_SCENARIOS = ROUTING_TABLE + FAILURES + BLOCK_FAILURES


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
            # A 4-second limit is simulated in 200 ms for the scenario that waits it out.
            scale = 0.05 if scenario.function == "sleeps" else 1.0
            return self.simulator.run(
                ContactSetup(
                    phone=scenario.phone,
                    parameters=scenario.parameters,
                    queue_names=QUEUE_NAMES,
                ),
                FunctionBindings({FUNCTION: self.stand_in(scenario.function)}),
                Script(failures=scenario.failures, queues_at_capacity=scenario.queues_full),
                SimulationOptions(time_scale=scale),
            )


def _closed_port_url() -> str:
    """A loopback port nobody listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    return Simulator(load_flow_document(FLOW_FILE).content, str(FLOW_FILE))


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


# --- The scenarios ---


@pytest.mark.parametrize("scenario", ROUTING_TABLE + FAILURES, ids=lambda s: s.name)
def test_each_call_is_routed_by_the_table(
    scenario: Scenario, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(scenario, monkeypatch)

    assert_ends_in_a_transfer_or_a_message_and_a_disconnect(result)
    assert result.attributes.get("routingReason") == scenario.reason
    if scenario.queue is None:
        assert result.ended is Ended.DISCONNECTED
    else:
        assert (result.ended, result.queue) == (Ended.TRANSFERRED_TO_QUEUE, scenario.queue)
    assert scenario.heard in result.prompts[0]
    assert scenario.last_heard in result.prompts[-1]
    assert result.voice == scenario.voice
    assert result.invocations[0].outcome is scenario.outcome


@pytest.mark.parametrize("scenario", BLOCK_FAILURES, ids=lambda s: s.name)
def test_a_failing_block_still_ends_in_a_transfer_or_a_message_and_a_disconnect(
    scenario: Scenario, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(scenario, monkeypatch)

    assert_ends_in_a_transfer_or_a_message_and_a_disconnect(result)
    assert result.attributes.get("routingReason", "") == scenario.reason


def test_the_lookup_result_is_copied_into_the_contact_record(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = harness.run(ROUTING_TABLE[2], monkeypatch)  # open case

    assert result.attributes["lookupStatus"] == "FOUND"
    assert result.attributes["hasOpenCase"] == "true"
    assert result.attributes["openCaseId"] == "CASE-2026-0412"
    assert result.attributes["firstName"] == "Priya"


def test_a_timed_out_function_is_not_waited_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = time.perf_counter()
    result = harness.run(FAILURES[0], monkeypatch)

    assert result.invocations[0].outcome is Outcome.TIMEOUT
    assert time.perf_counter() - started < 2.0  # the stand-in would sleep for 10 s


def test_the_scenario_suite_takes_every_transition_of_the_flow(
    harness: Harness, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = [harness.run(scenario, monkeypatch) for scenario in ALL_SCENARIOS]

    report = measure_coverage(simulator.flow, results)

    missed = [f"{t.action} --{t.label}--> {t.target}" for t in report.missed]
    assert missed == []
    assert report.matching_runs == len(ALL_SCENARIOS)
