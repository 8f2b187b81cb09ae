"""Amazon Connect test cases (the Testing language): model, reading, writing, and the semantics a
runner needs.

    from flows.testing import load_test_case, TestCaseBuilder, deployable_problems
    loaded = load_test_case("case.json")          # TestCaseLoadError: one line "PATH: message"
    loaded.case, loaded.warning_lines()           # forms the live service refused, as warnings

- :mod:`~flows.testing.model`: the typed content (observations, events, actions) and the case;
- :mod:`~flows.testing.loader`: reading every documented variant;
- :mod:`~flows.testing.serialize`: deterministic JSON;
- :mod:`~flows.testing.builder`: writing cases in the forms the live service accepted;
- :mod:`~flows.testing.deployable`: what a deployed case must not use;
- :mod:`~flows.testing.observations`, :mod:`~flows.testing.matching`,
  :mod:`~flows.testing.text_match`, :mod:`~flows.testing.assertions`,
  :mod:`~flows.testing.log_data`, :mod:`~flows.testing.verdict`: active observations, event
  matching, Inclusion / Similarity, Assert operators, LogData, the verdict;
- :mod:`~flows.testing.junit`: JUnit XML reports; :mod:`~flows.testing.regions`: where AWS
  offers test cases;
- :mod:`~flows.testing.runner`: running a case on the simulator (``run_test_case``), with the
  events formed as the live service forms them (:mod:`~flows.testing.events`) and its overrides
  as the simulator's scripted outcomes (:mod:`~flows.testing.overrides`);
  :mod:`~flows.testing.cli`: ``python -m flows test``.

``flows/testcases/`` (data, no code) is where the project's own cases are written.
"""

from flows.testing.builder import ObservationBuilder, TestCaseBuilder, TestCaseBuildError
from flows.testing.deployable import deployable_problems
from flows.testing.loader import (
    LoadedTestCase,
    TestCaseLoadError,
    load_test_case,
    parse_test_case,
    parse_test_case_text,
)
from flows.testing.matching import ObservedEvent, event_matches
from flows.testing.model import TestCase, TestCaseContent
from flows.testing.observations import ObservationTracker, action_order
from flows.testing.serialize import content_to_dict, content_to_json
from flows.testing.verdict import Failure, Verdict, judge

__all__ = [
    "Failure",
    "LoadedTestCase",
    "ObservationBuilder",
    "ObservationTracker",
    "ObservedEvent",
    "TestCase",
    "TestCaseBuildError",
    "TestCaseBuilder",
    "TestCaseContent",
    "TestCaseLoadError",
    "Verdict",
    "action_order",
    "content_to_dict",
    "content_to_json",
    "deployable_problems",
    "event_matches",
    "judge",
    "load_test_case",
    "parse_test_case",
    "parse_test_case_text",
]
