"""JUnit XML reports of test case runs, for CI systems (Jenkins, GitLab, GitHub Actions
reporters, Azure Pipelines all read this format).

One ``<testsuite>`` inside ``<testsuites>``; one ``<testcase>`` per test case, with ``name`` (the
case's name), ``classname`` (the suite, so that reporters group the cases) and ``time`` in
seconds; a failed case carries ``<failure message="first reason, one line" type="STATUS">`` whose
text holds every detail, and ``<system-out>`` carries logged values. Characters XML 1.0 cannot
hold are replaced by U+FFFD. No timestamps or host names, so a report of the same results is the
same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Characters XML 1.0 does not allow (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class JUnitCase:
    """One test case's result. ``failure_type`` is the status (FAILED, TIMED_OUT, STOPPED ...)."""

    name: str
    passed: bool
    seconds: float = 0.0
    message: str = ""
    details: str = ""
    failure_type: str = "FAILED"
    output: str = ""


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_xml(suite: str, cases: Sequence[JUnitCase]) -> str:
    """The report as text (UTF-8 XML declaration included)."""
    failures = sum(not case.passed for case in cases)
    total_time = f"{sum(case.seconds for case in cases):.3f}"
    counts = {
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
        "time": total_time,
    }
    root = ET.Element("testsuites", {"name": _clean(suite), **counts})
    suite_element = ET.SubElement(root, "testsuite", {"name": _clean(suite), **counts})
    for case in cases:
        element = ET.SubElement(
            suite_element,
            "testcase",
            {"name": _clean(case.name), "classname": _clean(suite), "time": f"{case.seconds:.3f}"},
        )
        if not case.passed:
            failure = ET.SubElement(
                element,
                "failure",
                {"message": _clean(" ".join(case.message.split())), "type": case.failure_type},
            )
            failure.text = _clean(case.details or case.message)
        if case.output:
            ET.SubElement(element, "system-out").text = _clean(case.output)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_junit(path: str | Path, suite: str, cases: Sequence[JUnitCase]) -> None:
    """Write the report to ``path`` (raises OSError when it cannot be written)."""
    Path(path).write_text(junit_xml(suite, cases), encoding="utf-8")
