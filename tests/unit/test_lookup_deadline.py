"""The invocation's deadline: the Lambda context's remaining time less the safety margin."""

from __future__ import annotations

import time

import pytest

from customer_lookup.deadline import Deadline


class Context:
    def __init__(self, remaining: object) -> None:
        self.remaining = remaining

    def get_remaining_time_in_millis(self) -> object:
        return self.remaining


def remaining_ms(deadline: Deadline) -> float:
    return deadline.remaining_s() * 1000.0


def test_the_safety_margin_is_taken_off_the_contexts_remaining_time() -> None:
    deadline = Deadline.from_context(Context(1000), default_ms=3000, margin_ms=150)
    assert 800 < remaining_ms(deadline) <= 850


def test_without_a_context_the_default_budget_less_the_margin_is_used() -> None:
    deadline = Deadline.from_context(None, default_ms=3000, margin_ms=150)
    assert 2800 < remaining_ms(deadline) <= 2850


def test_a_context_without_the_method_counts_as_no_context() -> None:
    deadline = Deadline.from_context(object(), default_ms=2000, margin_ms=100)
    assert 1850 < remaining_ms(deadline) <= 1900


@pytest.mark.parametrize("answer", [None, "soon", [1]])
def test_an_unreadable_remaining_time_falls_back_to_the_default(answer: object) -> None:
    deadline = Deadline.from_context(Context(answer), default_ms=2000, margin_ms=100)
    assert 1850 < remaining_ms(deadline) <= 1900


def test_a_numeric_string_remaining_time_is_read() -> None:
    deadline = Deadline.from_context(Context("1200"), default_ms=3000, margin_ms=200)
    assert 950 < remaining_ms(deadline) <= 1000


def test_a_margin_larger_than_the_time_left_leaves_no_time_rather_than_negative_time() -> None:
    before = time.monotonic()
    deadline = Deadline.from_context(Context(100), default_ms=3000, margin_ms=150)
    assert before <= deadline.expires_at <= time.monotonic()


def test_remaining_time_counts_down() -> None:
    deadline = Deadline(time.monotonic() + 10.0)
    first = deadline.remaining_s()
    time.sleep(0.02)
    assert deadline.remaining_s() <= first - 0.02


def test_the_deadline_is_the_time_left_in_seconds_from_now() -> None:
    before = time.monotonic()
    deadline = Deadline.from_context(Context(1000), default_ms=3000, margin_ms=150)
    after = time.monotonic()
    assert before + 0.85 <= deadline.expires_at <= after + 0.85
