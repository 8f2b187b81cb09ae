"""The customer-lookup flow's own test cases: one per route of the routing table and one for a
full queue, each calling as a customer who takes the route, asserting routingReason on what the
caller hears first and ending before the queue transfer.

Two kinds of tests. Those of the shipped cases (flows/testcases/customer_lookup/) derive what
they expect from the user's routing table: a case per route, each passing through
`python -m flows test`, each what `make flows` writes. Those of the machinery (how callers are
found, what a case holds, what `make flows` says when a route has no caller) use the tests' own
routing table and customers (tests/fixtures).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from flows.cli import main
from flows.customer_lookup import callers as found_callers
from flows.customer_lookup import routing
from flows.customer_lookup.callers import (
    FoundCaller,
    NoCallerError,
    candidates,
    find_test_callers,
)
from flows.customer_lookup.cases import (
    GENERATED_LIST,
    QUEUE_FULL,
    TESTCASES_DIR,
    file_name,
    generated_list_text,
    listed_cases,
)
from flows.customer_lookup.flow import build_customer_lookup_flow, sandbox_settings
from flows.customer_lookup.generate import GENERATED_DIR, GenerateError, generated_test_cases
from flows.customer_lookup.routing import ROUTING_TABLE, Condition, Route, RoutingTable
from flows.model.document import load_flow_document
from flows.simulator import Ended, FunctionBindings, Simulator
from flows.testing import deployable_problems, load_test_case
from flows.testing.loader import parse_test_case_text
from flows.testing.model import (
    Assert,
    MessageReceived,
    OverrideSystemBehavior,
    TestCase,
    TestInitiated,
)
from flows.testing.runner import run_test_case
from tests.fixtures import CUSTOMERS
from tests.fixtures import ROUTING_TABLE as FIXTURE_TABLE

FLOW = GENERATED_DIR / "customer_lookup.json"


def shipped_files() -> list[Path]:
    """Every case of the folder, those written by hand too: all are run and deployed."""
    return sorted(TESTCASES_DIR.glob("*.json"))


def generated_files() -> list[Path]:
    """The cases `make flows` wrote (its list in the folder); a case written by hand beside them
    may ask anything of the flow, so only these are held to one case per route."""
    return [TESTCASES_DIR / name for name in listed_cases(TESTCASES_DIR)]


def observed_message(case: TestCase) -> MessageReceived:
    messages = [o for o in case.content.observations if isinstance(o.event, MessageReceived)]
    assert len(messages) == 1, f"{case.name}: expected one observed message"
    (observed,) = messages
    assert isinstance(observed.event, MessageReceived)
    return observed.event


def asserted_reason(case: TestCase) -> str:
    (observed,) = [o for o in case.content.observations if isinstance(o.event, MessageReceived)]
    checks = [
        (a.namespace, a.operator, a.operand) for a in observed.actions if isinstance(a, Assert)
    ]
    assert [(namespace, operator) for namespace, operator, _ in checks] == [
        ("$.Attributes.routingReason", "Equals")
    ]
    return checks[0][2]


# --- The shipped cases, against the user's routing table ---


def test_there_is_a_case_per_route_of_the_routing_table_and_one_for_a_full_queue() -> None:
    names = {load_test_case(path).case.name for path in generated_files()}
    routes = {route.routing_reason for route in ROUTING_TABLE.routes}
    fallback = next(
        r for r in ROUTING_TABLE.routes if r.conditions == (routing.Situation.OTHERWISE,)
    )
    assert names == routes | ({QUEUE_FULL} if fallback.queue else set())


def test_every_shipped_case_passes_through_python_m_flows_test(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(path) for path in shipped_files()]
    assert main(["test", str(FLOW), *files]) == 0
    lines = capsys.readouterr().out.splitlines()
    passed = sorted(line.split()[1] for line in lines if line.startswith("PASSED"))
    assert passed == sorted(load_test_case(path).case.name for path in shipped_files())
    assert lines[-1] == f"{len(files)} cases: {len(files)} passed, 0 failed"


@pytest.mark.parametrize("path", generated_files(), ids=lambda path: path.stem)
def test_each_case_asserts_its_routes_reason_when_the_caller_first_hears_the_route(
    path: Path,
) -> None:
    case = load_test_case(path).case
    fallback = ROUTING_TABLE.route_with(routing.Situation.OTHERWISE)
    reason = fallback.routing_reason if case.name == QUEUE_FULL else case.name
    assert asserted_reason(case) == reason
    message = observed_message(case)
    assert message.matching == "Inclusion"
    if case.name != QUEUE_FULL:
        # What the caller hears first is the start of one of the route's greetings (up to the
        # first attribute the flow fills in).
        route = next(r for r in ROUTING_TABLE.routes if r.routing_reason == reason)
        openings = [g.split("$.", 1)[0] for g in (route.greeting_en, route.greeting_es) if g]
        assert any(
            message.text.startswith(opening) or opening.startswith(message.text)
            for opening in openings
        ), message.text


@pytest.mark.parametrize("path", generated_files(), ids=lambda path: path.stem)
def test_each_case_mocks_the_function_and_the_hours_when_the_test_starts(path: Path) -> None:
    case = load_test_case(path).case
    (start,) = [o for o in case.content.observations if isinstance(o.event, TestInitiated)]
    mocked = {a.action_type for a in start.actions if isinstance(a, OverrideSystemBehavior)}
    expected = {"InvokeLambdaFunction", "CheckHoursOfOperation"}
    if case.name == QUEUE_FULL:
        expected.add("TransferContactToQueue")
    assert mocked == expected


@pytest.mark.parametrize("path", generated_files(), ids=lambda path: path.stem)
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


@pytest.mark.parametrize("path", shipped_files(), ids=lambda path: path.stem)
def test_the_cases_name_the_sandbox_resources_of_the_generated_flow(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sandbox = sandbox_settings()
    assert sandbox.lookup_function_arn in text
    assert sandbox.hours_of_operation_arn in text
    assert json.loads(text)["TestCase"]["EntryPoint"]["VoiceCallEntryPointParameters"][
        "FlowId"
    ].endswith("/contact-flow/00000000-0000-4000-8000-000000000200")


# --- make flows ---


def test_committed_cases_are_what_generate_writes() -> None:
    cases = generated_test_cases()
    for name, text in cases.items():
        path = TESTCASES_DIR / name
        assert path.is_file(), f"{path} is missing: run `make flows` and commit it"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make flows`"
    listed = (TESTCASES_DIR / GENERATED_LIST).read_text(encoding="utf-8")
    assert listed == generated_list_text(cases), f"{GENERATED_LIST} is stale: run `make flows`"


def test_generate_check_names_a_stale_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows, cases = tmp_path / "generated", tmp_path / "cases"
    shutil.copytree(GENERATED_DIR, flows)
    shutil.copytree(TESTCASES_DIR, cases)
    stale = next(iter(sorted(cases.glob("*.json"))))
    stale.write_text(stale.read_text(encoding="utf-8").replace('"Route ', '"Edited route '))
    args = ["generate", "--check", "--out", str(flows), "--cases-out", str(cases)]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"generate: {stale} is stale; run `make flows` and commit it"
    ]


# --- Finding callers and writing cases: the tests' own table and customers ---

SILVER_MEMBER = Route(
    "SILVER_MEMBER",
    when=Condition("membershipStatus", "Equals", "SILVER"),
    queue="General",
    greeting_en="Hello $.Attributes.firstName and thank you for being a Silver member.",
)


def with_silver_route() -> RoutingTable:
    table = FIXTURE_TABLE
    return RoutingTable(
        queues=table.queues, routes=(*table.routes[:-1], SILVER_MEMBER, table.routes[-1])
    )


def test_candidates_are_the_customers_in_file_order_then_two_the_table_cannot_hold() -> None:
    people = candidates(CUSTOMERS)
    rows = [json.loads(line) for line in CUSTOMERS.read_text(encoding="utf-8").splitlines()]
    assert [p.phone for p in people[:-2]] == [row["phoneNumber"] for row in rows]
    unknown, withheld = people[-2:]
    assert unknown.phone not in {row["phoneNumber"] for row in rows}
    assert re.fullmatch(r"\+\d{11}", unknown.phone or "")
    assert withheld.phone == "anonymous"


def test_each_route_gets_the_first_candidate_who_takes_it() -> None:
    found = find_test_callers(FIXTURE_TABLE, CUSTOMERS)

    assert {reason: (caller.phone, caller.hours_open) for reason, caller in found.items()} == {
        "CLOSED": ("+14155550100", False),  # the first candidate, out of hours
        "LOOKUP_ERROR": ("+14155550100", True),  # the first candidate, the lookup failing
        "UNKNOWN_CALLER": ("+14155550111", True),  # the first number no customer has
        "OPEN_CASE": ("+14155550102", True),  # Priya, C-1003
        "LANGUAGE_ES": ("+14155550103", True),  # Lucía, C-1004
        "PRIORITY_MEMBER": ("+14155550100", True),  # Olivia, C-1001
        "STANDARD": ("+14155550101", True),  # Marcus, C-1002
    }
    assert found["LOOKUP_ERROR"].answer is None
    assert found["PRIORITY_MEMBER"].answer is not None
    assert found["PRIORITY_MEMBER"].answer["firstName"] == "Olivia"
    assert found["PRIORITY_MEMBER"].answer["membershipStatus"] == "GOLD"


def test_the_cases_greet_the_found_callers_by_name() -> None:
    cases = generated_test_cases(FIXTURE_TABLE, CUSTOMERS)

    def heard(name: str) -> str:
        return observed_message(load_case_text(cases[name])).text

    assert heard("priority_member.json") == "Hello Olivia and thank you for being a Gold member."
    assert heard("standard.json") == "Hello Marcus and thank you for calling."
    assert heard("language_es.json") == "Hola Lucía y gracias por llamar."
    assert heard("queue_full.json") == "All of our agents are busy right now."
    assert heard("closed.json") == "Thank you for calling."


def load_case_text(text: str) -> TestCase:
    return parse_test_case_text(text).case


def test_a_new_route_that_a_customer_takes_is_a_new_case_that_passes() -> None:
    table = with_silver_route()
    cases = generated_test_cases(table, CUSTOMERS)
    text = cases["silver_member.json"]
    assert '"SourcePhoneNumber": "+14155550101"' in text  # Marcus, the first SILVER member
    case = load_case_text(text)
    flow_content = build_customer_lookup_flow(sandbox_settings(table), table).to_dict()
    run = run_test_case(Simulator(flow_content), case, functions=FunctionBindings())
    assert run.verdict.status == "PASSED", run.verdict.reason


def test_a_route_no_customer_takes_stops_generation_with_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    customers = tmp_path / "customers.jsonl"
    customers.write_text(
        "".join(
            line + "\n"
            for line in CUSTOMERS.read_text(encoding="utf-8").splitlines()
            if '"SILVER"' not in line
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(routing, "ROUTING_TABLE", with_silver_route())
    args = [
        "generate",
        "--out",
        str(tmp_path / "g"),
        "--cases-out",
        str(tmp_path / "c"),
        "--customers",
        str(customers),
    ]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"generate: route SILVER_MEMBER is taken by no customer of {customers}: add a customer "
        "who takes it to customers.jsonl (one JSON line), then run `make flows` again\n"
    )
    assert not (tmp_path / "g").exists()
    assert not (tmp_path / "c").exists()


def generate_with(table: RoutingTable, tmp_path: Path, *options: str) -> int:
    """``python -m flows generate`` with the tests' customers, into ``tmp_path``, building
    ``table`` (it reads the routing table at call time)."""
    args = ["generate", "--out", str(tmp_path / "g"), "--cases-out", str(tmp_path / "c")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(routing, "ROUTING_TABLE", table)
        return main([*args, "--customers", str(CUSTOMERS), *options])


def written_by_hand(cases: Path, copied: str) -> Path:
    """A case written by hand in ``cases``, begun as a copy of the generated ``copied``."""
    text = (cases / copied).read_text(encoding="utf-8")
    name = json.loads(text)["TestCase"]["Name"]
    path = cases / "by_hand.json"
    path.write_text(text.replace(f'"Name": "{name}"', '"Name": "BY_HAND"'), encoding="utf-8")
    return path


def test_the_case_of_a_route_taken_out_is_removed_and_cases_written_by_hand_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "c"
    assert generate_with(with_silver_route(), tmp_path) == 0
    assert (cases / "silver_member.json").is_file()
    by_hand = written_by_hand(cases, "silver_member.json")
    capsys.readouterr()
    assert generate_with(FIXTURE_TABLE, tmp_path) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        f"generate: removed {cases / 'silver_member.json'} (its route is no longer in the "
        "routing table)"
    ) in out
    assert sorted(p.name for p in cases.glob("*.json")) == sorted(
        [*generated_test_cases(FIXTURE_TABLE, CUSTOMERS), by_hand.name]
    )
    assert listed_cases(cases) == tuple(sorted(generated_test_cases(FIXTURE_TABLE, CUSTOMERS)))


def test_generate_check_names_the_case_of_a_route_taken_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "c"
    assert generate_with(with_silver_route(), tmp_path) == 0
    written_by_hand(cases, "silver_member.json")
    capsys.readouterr()
    assert generate_with(FIXTURE_TABLE, tmp_path, "--check") == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        f"generate: {cases / 'silver_member.json'} is the case of a route no longer in the "
        "routing table; run `make flows` and commit its removal"
    ) in err
    assert not [line for line in err if "by_hand.json" in line]
    assert (cases / "silver_member.json").is_file()  # --check writes and removes nothing


def test_the_list_of_generated_cases_names_files_of_its_folder_alone(tmp_path: Path) -> None:
    assert listed_cases(tmp_path) == ()  # no list: every case is taken for written by hand
    (tmp_path / GENERATED_LIST).write_text(
        generated_list_text(["b.json", "a.json"]) + "\n../outside.json\n/etc/x.json\n",
        encoding="utf-8",
    )
    assert listed_cases(tmp_path) == ("a.json", "b.json")


def test_a_sample_customer_the_table_cannot_hold_is_named_not_dropped(tmp_path: Path) -> None:
    customers = tmp_path / "customers.jsonl"
    customers.write_text(
        '{"phoneNumber": "+14155550100", "membershipStatus": "GOLD"}\n'
        '{"phoneNumber": "555-1234", "membershipStatus": "GOLD"}\n'
    )
    with pytest.raises(
        NoCallerError,
        match=r"customers.jsonl has customers the table cannot "
        r"hold \(line 2: ",
    ):
        find_test_callers(FIXTURE_TABLE, customers)


def test_find_test_callers_names_the_route_nobody_takes(tmp_path: Path) -> None:
    customers = tmp_path / "few.jsonl"
    customers.write_text('{"phoneNumber": "+14155550100", "membershipStatus": "GOLD"}\n')
    with pytest.raises(NoCallerError, match="route OPEN_CASE is taken by no customer"):
        find_test_callers(FIXTURE_TABLE, customers)


def test_a_case_whose_caller_takes_another_route_is_never_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = found_callers.find_test_callers

    def wrong(table: RoutingTable, customers: Path) -> dict[str, FoundCaller]:
        found = real(table, customers)
        return {**found, "STANDARD": dataclasses.replace(found["PRIORITY_MEMBER"])}

    monkeypatch.setattr(found_callers, "find_test_callers", wrong)
    with pytest.raises(GenerateError) as raised:
        generated_test_cases(FIXTURE_TABLE, CUSTOMERS)
    assert str(raised.value).startswith(
        "test case STANDARD does not pass on the customer-lookup flow: observation "
        "'greeting': expected MessageReceived \"Hello Olivia and thank you for calling.\""
    )
    # The queue the contact went to is named as the routing table names it, not by its id.
    gold_route = next(r for r in FIXTURE_TABLE.routes if r.routing_reason == "PRIORITY_MEMBER")
    assert f"TRANSFERRED_TO_QUEUE: in queue {gold_route.queue})" in str(raised.value)


def test_the_file_of_a_case_is_its_name_in_lower_case() -> None:
    assert file_name("SILVER_MEMBER") == "silver_member.json"
