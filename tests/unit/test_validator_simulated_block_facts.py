"""Facts the simulator knew first, now in the action table, checked by the validator too.

CheckMetricData's metric types and Check Voice ID's option, results, flow types and channel came
into the table from the simulator's blocks; the validator reads the same entries.
"""

from __future__ import annotations

from flows.language.facts import action_spec
from tests.unit.small_flows import block_findings, codes_of, conditions, equals, one_block_flow


def metric_check(metric_type: str) -> dict[str, object]:
    return one_block_flow(
        "CheckMetricData",
        {"MetricType": metric_type},
        error_types=("NoMatchingError", "NoMatchingCondition"),
        condition_list=conditions(("NumberGreaterThan", "0")),
    )


def voice_id_check(option: str) -> dict[str, object]:
    return one_block_flow(
        "CheckVoiceId",
        {"CheckVoiceIdOption": option},
        error_types=("NoMatchingError",),
        condition_list=equals("Authenticated", "NotAuthenticated"),
    )


def test_a_metric_type_of_the_reference_is_accepted() -> None:
    assert block_findings(metric_check("OldestContactInQueueAgeSeconds")) == []


def test_a_metric_type_the_reference_does_not_list_is_refused() -> None:
    findings = block_findings(metric_check("NumberOfBananas"))
    assert codes_of(findings) == [("error", "BAD_PARAMETER")]
    assert "NumberOfContactsInQueue" in findings[0].message


def test_a_voice_id_option_of_the_reference_is_accepted() -> None:
    assert block_findings(voice_id_check("voiceAuthentication")) == []


def test_a_voice_id_option_the_reference_does_not_list_is_refused() -> None:
    findings = block_findings(voice_id_check("voiceprint"))
    assert codes_of(findings) == [("error", "BAD_PARAMETER")]
    assert "fraudDetection" in findings[0].message


def test_check_voice_id_in_a_hold_flow_is_refused() -> None:
    findings = block_findings(voice_id_check("voiceAuthentication"), flow_type="CUSTOMER_HOLD")
    assert codes_of(findings) == [("error", "NOT_AVAILABLE_IN_FLOW_TYPE")]


def test_check_voice_id_is_a_voice_only_block() -> None:
    spec = action_spec("CheckVoiceId")
    assert spec is not None
    assert spec.channels == frozenset({"VOICE"})


def test_check_voice_id_results_are_those_of_its_reference_page() -> None:
    spec = action_spec("CheckVoiceId")
    assert spec is not None
    assert spec.condition_spec is not None
    assert set(spec.condition_spec.values) == {
        "Enrolled",
        "NotEnrolled",
        "OptedOut",
        "Authenticated",
        "NotAuthenticated",
        "Inconclusive",
        "HighRisk",
        "LowRisk",
    }
