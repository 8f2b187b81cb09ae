"""The function's SnapStart hooks, as Lambda runs them: every hook registered by importing the
handler, through the real ``snapshot_restore_py`` registry.

Environments restored from one snapshot start with the same memory, so the ``random`` state the
retry jitter draws from must be renewed after each restore.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from snapshot_restore_py import get_after_restore

import handler  # noqa: F401 - importing the handler registers its hooks, as in Lambda


@pytest.fixture(autouse=True)
def keep_random_state() -> Iterator[None]:
    state = random.getstate()
    yield
    random.setstate(state)


def restore() -> None:
    """What Lambda does after resuming an environment from the snapshot."""
    for function, args, kwargs in get_after_restore():
        function(*args, **kwargs)


def jitter_draws() -> list[float]:
    return [random.uniform(0, 0.2) for _ in range(4)]


def test_two_environments_restored_from_one_snapshot_draw_different_jitter() -> None:
    snapshot = random.getstate()

    random.setstate(snapshot)
    restore()
    first_environment = jitter_draws()
    random.setstate(snapshot)
    restore()
    second_environment = jitter_draws()

    assert first_environment != second_environment, (
        "both restored environments drew the same back-off jitter: random was not reseeded"
    )


def test_without_the_hooks_a_restored_snapshot_repeats_its_draws() -> None:
    # Why the hook exists: the snapshot's random state alone gives every environment the same
    # sequence (the situation the previous test must not find).
    snapshot = random.getstate()

    random.setstate(snapshot)
    first_environment = jitter_draws()
    random.setstate(snapshot)
    second_environment = jitter_draws()

    assert first_environment == second_environment
