"""The verdict: PASSED when every observation that had to match did; FAILED naming the observation
(and action), what was expected and what happened."""

from __future__ import annotations

from flows.testing.loader import parse_test_case
from flows.testing.matching import ObservedEvent
from flows.testing.model import TestCaseContent
from flows.testing.observations import ObservationTracker
from flows.testing.verdict import Failure, ObservationSummary, judge, verdict_json
from tests.unit.testing_language_json import (
    content,
    end_test,
    message,
    observation,
    started,
)


def greeting_case() -> TestCaseContent:
    data = content(
        observation("start", started(), then=("greeting",)),
        observation("greeting", message("Welcome back"), end_test()),
    )
    return parse_test_case(data, source="case.json").case.content


def run(tracker: ObservationTracker, *events: ObservedEvent) -> None:
    for event in events:
        for fired in tracker.fire(event):
            tracker.complete(fired)


def test_a_run_where_every_observation_matched_passes() -> None:
    tracker = ObservationTracker(greeting_case())
    run(tracker, ObservedEvent.test_initiated(), ObservedEvent.message("Welcome back, Olivia"))

    verdict = judge(tracker, ended="EndTest ran in observation 'greeting'")

    assert verdict.status == "PASSED"
    assert verdict.failures == ()
    assert verdict.reason == ""
    assert verdict.summary == ObservationSummary(total=2, passed=2, failed=0)


def test_an_observation_that_never_happened_fails_and_says_the_live_run_would_wait() -> None:
    tracker = ObservationTracker(greeting_case())
    run(tracker, ObservedEvent.test_initiated(), ObservedEvent.message("All agents are busy"))

    verdict = judge(tracker, ended="the contact was transferred to queue General")

    assert verdict.status == "FAILED"
    assert verdict.reason == (
        "observation 'greeting': expected MessageReceived \"Welcome back\" (Inclusion); it never "
        "happened: the contact was transferred to queue General; the live run would wait for it "
        "until its 5-minute limit and end FAILED; played and matched by no observation: "
        'MessageReceived "All agents are busy"'
    )
    assert verdict.summary == ObservationSummary(total=2, passed=1, failed=1)


def test_an_observation_never_reached_says_so() -> None:
    tracker = ObservationTracker(greeting_case())

    verdict = judge(tracker, ended="the flow disconnected")

    assert [str(failure) for failure in verdict.failures] == [
        "observation 'start': expected TestInitiated; it never happened: the flow disconnected; "
        "the live run would wait for it until its 5-minute limit and end FAILED",
        "observation 'greeting': expected MessageReceived \"Welcome back\" (Inclusion); it was "
        "never waited for (no observation leading to it matched): the flow disconnected; the "
        "live run would wait for it until its 5-minute limit and end FAILED",
    ]


def test_a_failed_assert_is_the_verdict_and_stops_the_judging() -> None:
    tracker = ObservationTracker(greeting_case())
    run(tracker, ObservedEvent.test_initiated())
    failed_check = Failure(
        observation="greeting",
        action="greeting-check",
        expected='$.Attributes.routingReason Equals "GOLD"',
        happened='$.Attributes.routingReason is "STANDARD"',
    )

    verdict = judge(tracker, ended="an Assert failed", failures=[failed_check])

    assert verdict.failures == (failed_check,)
    assert verdict.reason == (
        "observation 'greeting', action 'greeting-check': expected $.Attributes.routingReason "
        'Equals "GOLD"; $.Attributes.routingReason is "STANDARD"'
    )
    assert verdict.summary == ObservationSummary(total=2, passed=1, failed=1)


def test_logged_values_travel_with_the_verdict() -> None:
    tracker = ObservationTracker(greeting_case())
    run(tracker, ObservedEvent.test_initiated(), ObservedEvent.message("Welcome back"))

    verdict = judge(tracker, ended="EndTest ran", logs=["queue: General"])

    assert verdict_json(verdict) == {
        "status": "PASSED",
        "summary": {"total": 2, "passed": 2, "failed": 0},
        "failures": [],
        "logs": ["queue: General"],
    }
