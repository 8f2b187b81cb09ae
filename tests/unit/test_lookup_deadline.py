"""The invocation's deadline: the Lambda context's remaining time less the safety margin.

Time is held still (a clock the test moves by hand), so each expectation is exact and holds on
a machine of any speed.
"""

from __future__ import annotations

import time

import pytest

from customer_lookup.deadline import Deadline


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Context:
    def __init__(self, remaining: object) -> None:
        self.remaining = remaining

    def get_remaining_time_in_millis(self) -> object:
        return self.remaining


def remaining_ms(deadline: Deadline) -> float:
    return round(deadline.remaining_s() * 1000.0, 6)


def test_the_safety_margin_is_taken_off_the_contexts_remaining_time() -> None:
    deadline = Deadline.from_context(Context(1000), default_ms=3000, margin_ms=150, clock=Clock())
    assert remaining_ms(deadline) == 850


def test_without_a_context_the_default_budget_less_the_margin_is_used() -> None:
    deadline = Deadline.from_context(None, default_ms=3000, margin_ms=150, clock=Clock())
    assert remaining_ms(deadline) == 2850


def test_a_context_without_the_method_counts_as_no_context() -> None:
    deadline = Deadline.from_context(object(), default_ms=2000, margin_ms=100, clock=Clock())
    assert remaining_ms(deadline) == 1900


@pytest.mark.parametrize("answer", [None, "soon", [1]])
def test_an_unreadable_remaining_time_falls_back_to_the_default(answer: object) -> None:
    deadline = Deadline.from_context(Context(answer), default_ms=2000, margin_ms=100, clock=Clock())
    assert remaining_ms(deadline) == 1900


def test_a_numeric_string_remaining_time_is_read() -> None:
    deadline = Deadline.from_context(Context("1200"), default_ms=3000, margin_ms=200, clock=Clock())
    assert remaining_ms(deadline) == 1000


def test_a_margin_larger_than_the_time_left_leaves_no_time_rather_than_negative_time() -> None:
    clock = Clock()
    deadline = Deadline.from_context(Context(100), default_ms=3000, margin_ms=150, clock=clock)
    assert deadline.expires_at == clock.now
    assert deadline.remaining_s() == 0


def test_remaining_time_counts_down_with_the_clock() -> None:
    clock = Clock()
    deadline = Deadline(clock.now + 10.0, clock)
    clock.now += 2.5
    assert deadline.remaining_s() == 7.5
    clock.now += 10.0
    assert deadline.remaining_s() == -2.5


def test_by_default_the_deadline_runs_on_the_monotonic_clock() -> None:
    before = time.monotonic()
    deadline = Deadline.from_context(Context(1000), default_ms=3000, margin_ms=150)
    after = time.monotonic()
    assert before + 0.85 <= deadline.expires_at <= after + 0.85
    assert deadline.clock is time.monotonic
