"""The customer-lookup flow's own test cases (flows/testcases/customer_lookup/): one per route of
the routing table and one for a full queue, each asserting routingReason on what the caller hears
first and ending before the queue transfer; all pass through `python -m flows test`; `make flows`
writes them and says when they are stale or when a route has no test caller."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.cli import main
from flows.customer_lookup import cases as customer_lookup_cases
from flows.customer_lookup import routing
from flows.customer_lookup.cases import (
    TEST_CALLERS,
    TESTCASES_DIR,
    customer_lookup_test_cases,
)
from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
from flows.customer_lookup.generate import GENERATED_DIR, generated_test_cases
from flows.customer_lookup.routing import Condition, Route, RoutingTable
from flows.model.document import load_flow_document
from flows.simulator import Ended, FunctionBindings, Simulator
from flows.testing import deployable_problems, load_test_case
from flows.testing.model import (
    Assert,
    MessageReceived,
    OverrideSystemBehavior,
    TestInitiated,
)
from flows.testing.runner import run_test_case

FLOW = GENERATED_DIR / "customer_lookup.json"
SANDBOX_INSTANCE = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
)
# Case name -> (what the caller hears first, as the case expects it; routingReason asserted).
EXPECTED = {
    "CLOSED": ("Thank you for calling.", "CLOSED"),
    "LANGUAGE_ES": ("Hola Lucía y gracias por llamar.", "LANGUAGE_ES"),
    "LOOKUP_ERROR": (
        "We're sorry, we could not find your account details just now.",
        "LOOKUP_ERROR",
    ),
    "OPEN_CASE": ("Hello Priya and thank you for calling.", "OPEN_CASE"),
    "PRIORITY_MEMBER": ("Hello Olivia and thank you for being a Gold member.", "PRIORITY_MEMBER"),
    "QUEUE_FULL": ("All of our agents are busy right now.", "STANDARD"),
    "STANDARD": ("Hello Marcus and thank you for calling.", "STANDARD"),
    "UNKNOWN_CALLER": ("Welcome, and thank you for calling.", "UNKNOWN_CALLER"),
}
NEW_ROUTE_HINT = (
    "a route was added to or removed from the routing table: update EXPECTED here (the case's "
    "file is written by `make flows`)"
)


def shipped_files() -> list[Path]:
    return sorted(TESTCASES_DIR.glob("*.json"))


def test_there_is_a_case_per_route_of_the_routing_table_and_one_for_a_full_queue() -> None:
    names = {load_test_case(path).case.name for path in shipped_files()}
    assert names == set(EXPECTED), NEW_ROUTE_HINT
    assert {route.routing_reason for route in routing.ROUTES} == set(EXPECTED) - {"QUEUE_FULL"}


def test_every_shipped_case_passes_through_python_m_flows_test(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(path) for path in shipped_files()]
    assert main(["test", str(FLOW), *files]) == 0
    lines = capsys.readouterr().out.splitlines()
    passed = sorted(line.split()[1] for line in lines if line.startswith("PASSED"))
    assert passed == sorted(EXPECTED)
    assert lines[-1] == f"{len(EXPECTED)} cases: {len(EXPECTED)} passed, 0 failed"


@pytest.mark.parametrize("path", shipped_files(), ids=lambda path: path.stem)
def test_each_case_asserts_routing_reason_when_the_caller_first_hears_the_route(
    path: Path,
) -> None:
    case = load_test_case(path).case
    heard, reason = EXPECTED[case.name]
    messages = [o for o in case.content.observations if isinstance(o.event, MessageReceived)]
    assert len(messages) == 1, f"{path.name}: expected one observed message"
    (observed,) = messages
    assert isinstance(observed.event, MessageReceived)
    assert (observed.event.text, observed.event.matching) == (heard, "Inclusion")
    checks = [
        (a.namespace, a.operator, a.operand) for a in observed.actions if isinstance(a, Assert)
    ]
    assert checks == [("$.Attributes.routingReason", "Equals", reason)]


@pytest.mark.parametrize("path", shipped_files(), ids=lambda path: path.stem)
def test_each_case_mocks_the_function_and_the_hours_when_the_test_starts(path: Path) -> None:
    case = load_test_case(path).case
    (start,) = [o for o in case.content.observations if isinstance(o.event, TestInitiated)]
    mocked = {a.action_type for a in start.actions if isinstance(a, OverrideSystemBehavior)}
    expected = {"InvokeLambdaFunction", "CheckHoursOfOperation"}
    if case.name == "QUEUE_FULL":
        expected.add("TransferContactToQueue")
    assert mocked == expected


@pytest.mark.parametrize("path", shipped_files(), ids=lambda path: path.stem)
def test_each_case_ends_the_test_before_any_contact_reaches_a_queue(path: Path) -> None:
    simulator = Simulator(load_flow_document(FLOW).content)
    run = run_test_case(simulator, load_test_case(path).case, functions=FunctionBindings())
    assert run.result.ended is Ended.HALTED, run.ended
    assert run.ended.startswith("EndTest ran in observation"), run.ended


@pytest.mark.parametrize("path", shipped_files(), ids=lambda path: path.stem)
def test_each_shipped_case_is_deployable_and_read_without_warnings(path: Path) -> None:
    loaded = load_test_case(path)
    assert loaded.warnings == ()
    assert deployable_problems(loaded.case) == []


def test_the_cases_name_the_sandbox_resources_of_the_generated_flow() -> None:
    text = (TESTCASES_DIR / "standard.json").read_text(encoding="utf-8")
    sandbox = sandbox_settings()
    assert sandbox.lookup_function_arn in text
    assert sandbox.hours_of_operation_arn in text
    assert f"{SANDBOX_INSTANCE}/contact-flow/00000000-0000-4000-8000-000000000200" in text


# --- make flows ---


def test_committed_cases_are_what_generate_writes() -> None:
    for name, text in generated_test_cases().items():
        path = TESTCASES_DIR / name
        assert path.is_file(), f"{path} is missing: run `make flows` and commit it"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make flows`"


def test_generate_check_names_a_stale_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows, cases = tmp_path / "generated", tmp_path / "cases"
    shutil.copytree(GENERATED_DIR, flows)
    shutil.copytree(TESTCASES_DIR, cases)
    stale = cases / "standard.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Marcus", "Mark"))
    args = ["generate", "--check", "--out", str(flows), "--cases-out", str(cases)]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"generate: {stale} is stale; run `make flows` and commit it"
    ]


SILVER_MEMBER = Route(
    "SILVER_MEMBER",
    when=Condition("membershipStatus", "Equals", "SILVER"),
    queue="General",
    greeting_en="Hello $.Attributes.firstName and thank you for being a Silver member.",
)


def with_silver_route() -> RoutingTable:
    table = routing.ROUTING_TABLE
    return RoutingTable(
        queues=table.queues, routes=(*table.routes[:-1], SILVER_MEMBER, table.routes[-1])
    )


def test_a_route_without_a_test_caller_stops_generation_saying_what_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(routing, "ROUTING_TABLE", with_silver_route())
    args = ["generate", "--out", str(tmp_path / "g"), "--cases-out", str(tmp_path / "c")]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        "generate: route SILVER_MEMBER has no test caller: add one to TEST_CALLERS in "
        "flows/customer_lookup/cases.py (the number of a sample customer who takes the route, "
        "and what the lookup function answers for it)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_new_route_with_a_test_caller_is_a_new_case_that_passes() -> None:
    table = with_silver_route()
    callers = {**TEST_CALLERS, "SILVER_MEMBER": TEST_CALLERS["STANDARD"]}
    cases = customer_lookup_test_cases(table, callers=callers)
    case = cases["silver_member.json"]
    flow_content = build_customer_lookup_flow(sandbox_settings(table), table).to_dict()
    run = run_test_case(Simulator(flow_content), case, functions=FunctionBindings())
    assert run.verdict.status == "PASSED", run.verdict.reason


def test_a_caller_who_takes_another_route_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = TEST_CALLERS["PRIORITY_MEMBER"]
    monkeypatch.setattr(customer_lookup_cases, "TEST_CALLERS", {**TEST_CALLERS, "STANDARD": gold})
    args = ["generate", "--out", str(tmp_path / "g"), "--cases-out", str(tmp_path / "c")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "generate: test case STANDARD does not pass on the customer-lookup flow: observation "
        "'greeting': expected MessageReceived \"Hello Olivia and thank you for calling.\""
    )
    # The queue the contact went to is named as the routing table names it, not by its id.
    gold_route = next(
        r for r in routing.ROUTING_TABLE.routes if r.routing_reason == "PRIORITY_MEMBER"
    )
    assert f"TRANSFERRED_TO_QUEUE: in queue {gold_route.queue})" in err
    assert not (tmp_path / "c").exists()
