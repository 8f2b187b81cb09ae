"""The JUnit XML report, read back with xml.etree as a CI system reads it; and the table of
regions where AWS offers test cases."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from flows.testing.junit import JUnitCase, junit_xml, write_junit
from flows.testing.regions import TEST_CASE_REGIONS, offers_test_cases

RESULTS = [
    JUnitCase(name="STANDARD", passed=True, seconds=0.012, output="queue: General"),
    JUnitCase(
        name="CLOSED",
        passed=False,
        seconds=0.5,
        message="observation 'greeting': expected MessageReceived \"Sorry\" (Inclusion)",
        details="observation 'greeting': expected ...\nobservation 'end': expected ...",
    ),
]


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own report, as a CI system reads it


def test_the_report_has_one_testcase_per_case_with_counts(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    write_junit(path, "customer-lookup", RESULTS)

    root = parse(path)

    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "customer-lookup",
        "2",
        "1",
    )
    assert [case.get("name") for case in suite.findall("testcase")] == ["STANDARD", "CLOSED"]
    assert [case.get("time") for case in suite.findall("testcase")] == ["0.012", "0.500"]


def test_a_failed_case_carries_its_reason_and_details(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    write_junit(path, "customer-lookup", RESULTS)

    closed = parse(path).find("testsuite/testcase[@name='CLOSED']")

    assert closed is not None
    failure = closed.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "observation 'greeting': expected MessageReceived \"Sorry\" (Inclusion)"
    )
    assert failure.get("type") == "FAILED"
    assert failure.text == "observation 'greeting': expected ...\nobservation 'end': expected ..."


def test_a_passed_case_has_no_failure_and_keeps_its_output(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    write_junit(path, "customer-lookup", RESULTS)

    standard = parse(path).find("testsuite/testcase[@name='STANDARD']")

    assert standard is not None
    assert standard.find("failure") is None
    assert standard.findtext("system-out") == "queue: General"


def test_characters_xml_cannot_hold_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    write_junit(path, "s", [JUnitCase(name="bell\x07", passed=False, message="nul\x00 here")])

    case = parse(path).find("testsuite/testcase")

    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert case.get("name") == "bell\ufffd"
    assert failure.get("message") == "nul\ufffd here"


def test_the_same_results_give_the_same_report() -> None:
    assert junit_xml("s", RESULTS) == junit_xml("s", RESULTS)


def test_test_cases_are_offered_in_the_announced_regions_only() -> None:
    assert offers_test_cases("us-east-1")
    assert offers_test_cases("ap-south-1")
    assert not offers_test_cases("eu-west-1")
    assert not offers_test_cases("us-gov-west-1")
    assert len(TEST_CASE_REGIONS) == 11
