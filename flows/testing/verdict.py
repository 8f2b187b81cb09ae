"""The verdict of one run: PASSED, or FAILED naming the observation and action, what was expected
and what happened.

PASSED when every observation that had to match did (as often as it had to) and nothing failed.
A failed Assert (or any action the runner could not carry out) fails the case at once: the live
service stops the execution at a failed check, so the observations after it are not judged. An
observation still waiting when the run ended is a failure that says the live run would have kept
waiting until its 5-minute limit and ended FAILED. The counts mirror GetTestCaseExecutionSummary's
ObservationSummary (total, passed, failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.testing.matching import describe_event
from flows.testing.model import MessageReceived, Observation
from flows.testing.observations import ObservationTracker

PASSED = "PASSED"
FAILED = "FAILED"
LIVE_LIMIT = "the live run would wait for it until its 5-minute limit and end FAILED"
_IGNORED_SHOWN = 3  # ignored messages quoted in a failure, at most


@dataclass(frozen=True)
class Failure:
    """One reason a case failed. ``observation`` / ``action`` are identifiers (None: the case)."""

    observation: str | None
    action: str | None
    expected: str
    happened: str

    @property
    def where(self) -> str:
        if self.observation is None:
            return "the case"
        at = f"observation {self.observation!r}"
        return at + (f", action {self.action!r}" if self.action is not None else "")

    def __str__(self) -> str:
        return f"{self.where}: expected {self.expected}; {self.happened}"


@dataclass(frozen=True)
class ObservationSummary:
    total: int
    passed: int
    failed: int


@dataclass(frozen=True)
class Verdict:
    status: str  # PASSED or FAILED
    failures: tuple[Failure, ...]
    summary: ObservationSummary
    logs: tuple[str, ...] = ()  # LogData output, "label: value", in the order it ran

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def reason(self) -> str:
        """The first failure in one line ('' when PASSED)."""
        return str(self.failures[0]) if self.failures else ""


def judge(
    tracker: ObservationTracker,
    *,
    ended: str,
    failures: Sequence[Failure] = (),
    logs: Sequence[str] = (),
) -> Verdict:
    """The verdict once a run is over.

    ``ended`` says how the run ended, in words ("EndTest ran in observation 'greeting'", "the
    contact was transferred to queue General"); ``failures`` are what the runner saw fail (a
    failed Assert: the run stopped there). Without those, every observation that did not match
    as often as it must is a failure.
    """
    found = list(failures)
    if not found:
        found = unmet_failures(tracker, ended)
    for identifier in tracker.violations:
        observation = tracker.content.observation(identifier)
        found.append(
            Failure(
                identifier,
                None,
                f"no {describe_event(observation.event)} (Usage {_usage(observation)})",
                "it happened",
            )
        )
    failed = {failure.observation for failure in found if failure.observation is not None}
    met = {o.identifier for o in tracker.content.observations} - {
        o.identifier for o in tracker.unmet()
    }
    summary = ObservationSummary(
        total=len(tracker.content.observations),
        passed=len(met - failed),
        failed=len(failed),
    )
    return Verdict(FAILED if found else PASSED, tuple(found), summary, tuple(logs))


def unmet_failures(tracker: ObservationTracker, ended: str) -> list[Failure]:
    """One failure per observation that did not match as often as it must, in file order."""
    return [_unmet(tracker, observation, ended) for observation in tracker.unmet()]


def _usage(observation: Observation) -> str:
    usage = observation.usage
    return "" if usage is None else f"{usage.written} {usage.count}"


def _unmet(tracker: ObservationTracker, observation: Observation, ended: str) -> Failure:
    identifier = observation.identifier
    expected = describe_event(observation.event)
    required, matched = tracker.required(observation), tracker.matches(identifier)
    if required > 1:
        expected += f" {required} times"
    if matched:
        happened = f"it happened {matched} of {required} times, then {ended}"
    elif tracker.was_active(identifier):
        happened = f"it never happened: {ended}; {LIVE_LIMIT}"
    else:
        happened = (
            f"it was never waited for (no observation leading to it matched): {ended}; {LIVE_LIMIT}"
        )
    if isinstance(observation.event, MessageReceived) and tracker.ignored_messages:
        shown = tracker.ignored_messages[:_IGNORED_SHOWN]
        more = len(tracker.ignored_messages) - len(shown)
        happened += "; played and matched by no observation: " + ", ".join(shown)
        if more:
            happened += f" and {more} more"
    return Failure(identifier, None, expected, happened)


def verdict_json(verdict: Verdict) -> dict[str, object]:
    """The verdict as a JSON-ready object (for ``--json`` output)."""
    return {
        "status": verdict.status,
        "summary": {
            "total": verdict.summary.total,
            "passed": verdict.summary.passed,
            "failed": verdict.summary.failed,
        },
        "failures": [
            {
                "observation": failure.observation,
                "action": failure.action,
                "expected": failure.expected,
                "happened": failure.happened,
            }
            for failure in verdict.failures
        ],
        "logs": list(verdict.logs),
    }
