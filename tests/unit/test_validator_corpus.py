"""The validator against real flows from public repositories (../shared/flows-corpus).

Every console export must validate with no errors (warnings, e.g. for deploy-time placeholders,
are expected); the hand-written file whose INDEX.tsv notes say NEGATIVE must be rejected for its
non-existent types and its 30-second Lambda timeout. The corpus is read in place, never copied.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from flows.validator import validate_path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "flows-corpus"
CORPUS_ABSENT = "the flows corpus (../shared/flows-corpus) is absent"


def _notes() -> dict[str, str]:
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return {}
    with index.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["notes"] for row in csv.DictReader(handle, delimiter="\t")}


NOTES = _notes()
NEGATIVE = sorted(name for name, note in NOTES.items() if note.startswith("NEGATIVE"))
EXPORTS = sorted(name for name in NOTES if name not in NEGATIVE)


@pytest.fixture(scope="module", autouse=True)
def _corpus_present() -> None:
    if not NOTES:
        pytest.skip(CORPUS_ABSENT)


@pytest.mark.parametrize("name", EXPORTS or ["<corpus absent>"])
def test_console_export_has_no_errors(name: str) -> None:
    errors = [f for f in validate_path(CORPUS / name) if f.severity == "error"]
    assert errors == []


def test_index_names_exactly_one_negative_file() -> None:
    assert len(NEGATIVE) == 1


def test_negative_file_is_rejected_for_its_non_existent_types() -> None:
    findings = validate_path(CORPUS / NEGATIVE[0])
    legacy = {f.identifier for f in findings if f.code == "LEGACY_TYPE" and f.severity == "error"}
    assert {"start", "set-voice", "check-action", "transfer-queue"} <= legacy


def test_negative_file_is_rejected_for_its_30_second_lambda_timeout() -> None:
    findings = validate_path(CORPUS / NEGATIVE[0])
    timeouts = [f for f in findings if f.code == "BAD_TIMEOUT"]
    assert [(f.identifier, f.severity) for f in timeouts] == [("turn-lambda", "error")]
    assert '"30"' in timeouts[0].message


def test_negative_file_is_rejected_for_its_malformed_conditions() -> None:
    findings = validate_path(CORPUS / NEGATIVE[0])
    assert {f.identifier for f in findings if f.code == "BAD_CONDITION"} == {"check-action"}


def test_placeholder_arns_in_the_corpus_are_warnings() -> None:
    placeholders = [
        f
        for name in EXPORTS
        for f in validate_path(CORPUS / name)
        if f.code == "DEPLOY_PLACEHOLDER"
    ]
    assert placeholders
    assert {f.severity for f in placeholders} == {"warning"}
