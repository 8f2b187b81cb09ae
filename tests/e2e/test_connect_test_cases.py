"""End to end: the flow's own Amazon Connect test cases without their Lambda mock, against the
real lookup function and a local table seeded from data/sample_customers.jsonl.

These test the user's configuration, whatever it holds: each shipped case calls as a sample
customer who takes its route (or a number the table does not hold), as `make flows` found them;
run with the function's mock taken out, the real function answers, the case must still pass, and
the mock must say exactly what the function says. So every route of the routing table is taken
by a sample caller through the generated flow, the real function and the seeded table. A case
whose mock makes the lookup fail (the failed-lookup route) needs its mock: no sample caller's
lookup fails while the table is up.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from flows.customer_lookup.cases import TESTCASES_DIR
from flows.customer_lookup.generate import GENERATED_DIR
from flows.model.document import load_flow_document
from flows.simulator import Outcome, Simulator
from flows.testing import load_test_case
from flows.testing.model import (
    ExecutionResult,
    MockResponse,
    OverrideSystemBehavior,
    TestCase,
)
from flows.testing.runner import CaseRun, run_test_case

pytestmark = pytest.mark.e2e

FLOW = GENERATED_DIR / "customer_lookup.json"


def shipped() -> dict[str, Path]:
    return {load_test_case(path).case.name: path for path in sorted(TESTCASES_DIR.glob("*.json"))}


def is_lambda_mock(action: object) -> bool:
    return isinstance(action, OverrideSystemBehavior) and (
        action.action_type == "InvokeLambdaFunction"
    )


def without_lambda_mock(case: TestCase) -> TestCase:
    observations = tuple(
        dataclasses.replace(o, actions=tuple(a for a in o.actions if not is_lambda_mock(a)))
        for o in case.content.observations
    )
    return dataclasses.replace(
        case, content=dataclasses.replace(case.content, observations=observations)
    )


def mocked_answer(case: TestCase) -> dict[str, str]:
    for observation in case.content.observations:
        for action in observation.actions:
            if is_lambda_mock(action):
                assert isinstance(action, OverrideSystemBehavior)
                assert isinstance(action.strategy, MockResponse)
                assert isinstance(action.strategy.response, ExecutionResult)
                answer: dict[str, str] = json.loads(action.strategy.response.loaded_data or "")
                return answer
    raise AssertionError(f"{case.name} has no Lambda mock")


def mocks_a_failure(case: TestCase) -> bool:
    """Whether the case's Lambda mock makes the lookup fail (rather than answer)."""
    return any(
        is_lambda_mock(action)
        and isinstance(action, OverrideSystemBehavior)
        and not (
            isinstance(action.strategy, MockResponse)
            and isinstance(action.strategy.response, ExecutionResult)
        )
        for observation in case.content.observations
        for action in observation.actions
    )


def cases_answered(*, by_the_function: bool) -> list[str]:
    return sorted(
        name
        for name, path in shipped().items()
        if mocks_a_failure(load_test_case(path).case) is not by_the_function
    )


RUN_WITHOUT_THE_MOCK = cases_answered(by_the_function=True)
NEEDS_ITS_MOCK = cases_answered(by_the_function=False)


def run_against_the_table(name: str) -> tuple[TestCase, CaseRun]:
    case = load_test_case(shipped()[name]).case
    simulator = Simulator(load_flow_document(FLOW).content)
    return case, run_test_case(simulator, without_lambda_mock(case), functions=None)


def test_only_the_failed_lookup_needs_its_mock() -> None:
    assert set(shipped()) == {*RUN_WITHOUT_THE_MOCK, *NEEDS_ITS_MOCK}
    assert RUN_WITHOUT_THE_MOCK
    assert len(NEEDS_ITS_MOCK) <= 1


@pytest.mark.parametrize("name", RUN_WITHOUT_THE_MOCK)
def test_the_case_passes_with_the_real_function_and_the_seeded_table(
    name: str, sample_customer_table: str
) -> None:
    _, case_run = run_against_the_table(name)
    (invocation,) = case_run.result.invocations
    assert (invocation.outcome, invocation.mocked) == (Outcome.SUCCESS, False), invocation.error
    assert case_run.verdict.status == "PASSED", case_run.verdict.reason


@pytest.mark.parametrize("name", RUN_WITHOUT_THE_MOCK)
def test_the_cases_mock_answers_what_the_real_function_answers(
    name: str, sample_customer_table: str
) -> None:
    case, case_run = run_against_the_table(name)
    (invocation,) = case_run.result.invocations
    assert invocation.response == mocked_answer(case)


@pytest.mark.parametrize("name", NEEDS_ITS_MOCK)
def test_the_failed_lookup_case_passes_only_with_its_mock(
    name: str, sample_customer_table: str
) -> None:
    _, case_run = run_against_the_table(name)
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.failures[0].observation == "greeting"
