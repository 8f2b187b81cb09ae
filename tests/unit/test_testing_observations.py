"""Active-observation bookkeeping: who waits at the start, who fires on an event, who becomes
active next, and in which order actions run."""

from __future__ import annotations

import pytest

from flows.testing.loader import parse_test_case
from flows.testing.matching import ObservedEvent
from flows.testing.model import Assert, Observation, TestCaseContent, TestInitiated
from flows.testing.observations import (
    ActionOrderError,
    ObservationTracker,
    action_order,
    start_observations,
)
from tests.unit.testing_language_json import (
    check,
    completed,
    content,
    end_test,
    message,
    observation,
    started,
    then_action,
)


def read(data: dict[str, object]) -> TestCaseContent:
    return parse_test_case(data, source="case.json").case.content


def menu_case() -> TestCaseContent:
    """start -> menu -> billing; 'hangup' waits for the end from the start."""
    return read(
        content(
            observation("start", started(), then=("menu",)),
            observation("menu", message("Press 1 for billing"), then=("billing",)),
            observation("billing", message("Billing, how can I help"), end_test()),
            observation("hangup", completed()),
        )
    )


def test_observations_nobody_points_to_are_active_from_the_start() -> None:
    assert start_observations(menu_case()) == ("start", "hangup")
    assert ObservationTracker(menu_case()).active == ("start", "hangup")


def test_an_observation_that_names_only_itself_is_active_from_the_start() -> None:
    looping = read(content(observation("again", message("Hello"), end_test(), then=("again",))))

    assert start_observations(looping) == ("again",)


def test_a_matching_event_fires_the_observation_and_makes_it_inactive() -> None:
    tracker = ObservationTracker(menu_case())

    fired = tracker.fire(ObservedEvent.test_initiated())

    assert [o.identifier for o in fired] == ["start"]
    assert tracker.active == ("hangup",)
    assert tracker.matches("start") == 1


def test_successors_become_active_once_the_actions_are_done() -> None:
    tracker = ObservationTracker(menu_case())
    (start,) = tracker.fire(ObservedEvent.test_initiated())

    tracker.complete(start)

    assert tracker.active == ("menu", "hangup")


def test_an_event_no_active_observation_waits_for_is_ignored() -> None:
    tracker = ObservationTracker(menu_case())

    fired = tracker.fire(ObservedEvent.message("Press 1 for billing"))

    assert fired == ()
    assert tracker.active == ("start", "hangup")
    assert tracker.ignored_messages == ['MessageReceived "Press 1 for billing"']


def test_one_event_fires_every_active_observation_it_matches_in_file_order() -> None:
    both = read(
        content(
            observation("greeting", message("Welcome"), then=("second",)),
            observation("also", message("welcome to example corp")),
            observation("second", message("Welcome"), end_test()),
        )
    )
    tracker = ObservationTracker(both)

    fired = tracker.fire(ObservedEvent.message("Welcome to Example Corp"))

    assert [o.identifier for o in fired] == ["greeting", "also"]


def test_an_observation_activated_by_an_event_does_not_see_that_event() -> None:
    chain = read(
        content(
            observation("first", message("Welcome"), then=("second",)),
            observation("second", message("Welcome"), end_test()),
        )
    )
    tracker = ObservationTracker(chain)

    for fired in tracker.fire(ObservedEvent.message("Welcome")):
        tracker.complete(fired)

    assert tracker.matches("second") == 0
    assert tracker.active == ("second",)


def test_unmet_lists_observations_that_never_matched() -> None:
    tracker = ObservationTracker(menu_case())
    for fired in tracker.fire(ObservedEvent.test_initiated()):
        tracker.complete(fired)

    assert [o.identifier for o in tracker.unmet()] == ["menu", "billing", "hangup"]


def test_exactly_n_stays_active_until_the_nth_match() -> None:
    twice = read(
        content(
            observation("beep", message("Please hold"), Usage={"Type": "Exactly", "Times": 2}),
            observation("end", completed(), end_test()),
        )
    )
    tracker = ObservationTracker(twice)

    tracker.fire(ObservedEvent.message("Please hold"))
    after_one = tracker.active
    tracker.fire(ObservedEvent.message("Please hold"))

    assert after_one == ("beep", "end")
    assert tracker.active == ("end",)


def test_at_least_n_stays_active_and_must_reach_n() -> None:
    at_least = read(
        content(
            observation("beep", message("Please hold"), Usage={"Type": "AtLeast", "Times": 2}),
            observation("end", completed(), end_test()),
        )
    )
    tracker = ObservationTracker(at_least)

    tracker.fire(ObservedEvent.message("Please hold"))

    assert "beep" in tracker.active
    assert [o.identifier for o in tracker.unmet()] == ["beep", "end"]


def test_always_need_not_match() -> None:
    any_times = read(
        content(
            observation("beep", message("Please hold"), Usage={"Type": "Always"}),
            observation("end", completed(), end_test()),
        )
    )

    assert [o.identifier for o in ObservationTracker(any_times).unmet()] == ["end"]


def test_exactly_zero_records_a_match_as_a_violation() -> None:
    never = read(
        content(
            observation("closed", message("We are closed"), Usage={"Type": "Exactly", "Times": 0}),
            observation("end", completed(), end_test()),
        )
    )
    tracker = ObservationTracker(never)

    tracker.fire(ObservedEvent.message("We are closed"))

    assert tracker.violations == ["closed"]


def test_actions_run_in_array_order_without_links() -> None:
    greeting = read(
        content(
            observation(
                "g",
                message("Hi"),
                check("a", "$.Attributes.a", "Equals", "1"),
                check("b", "$.Attributes.b", "Equals", "1"),
                end_test(),
            )
        )
    ).observation("g")

    assert [action.identifier for action in action_order(greeting)] == ["a", "b", "end"]


def test_linked_actions_run_along_their_links_then_the_rest_in_array_order() -> None:
    greeting = read(
        content(
            observation(
                "g",
                message("Hi"),
                then_action(check("a", "$.Attributes.a", "Equals", "1"), "end"),
                check("b", "$.Attributes.b", "Equals", "1"),
                end_test(),
            )
        )
    ).observation("g")

    assert [action.identifier for action in action_order(greeting)] == ["a", "end", "b"]


def test_two_actions_leading_to_one_is_refused() -> None:
    fork = Observation(
        identifier="g",
        event=TestInitiated(),
        actions=(
            Assert(
                identifier="a", namespace="$.A", operator="Equals", operand="1", next_action="c"
            ),
            Assert(
                identifier="b", namespace="$.B", operator="Equals", operand="1", next_action="c"
            ),
            Assert(identifier="c", namespace="$.C", operator="Equals", operand="1"),
        ),
    )

    with pytest.raises(ActionOrderError, match="two actions name 'c' as their NextAction"):
        action_order(fork)
