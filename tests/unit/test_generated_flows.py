"""flows/generated/ is what `python -m flows generate` writes, and --check says when it is not.

The committed flow is compared with a fresh build of the user's routing table, and holds every
route and queue of that table. The flow built from the tests' own routing table (tests/fixtures)
is compared with facts written down here, independent of the code that builds it: a change to
how flows are built must change this file too.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.customer_lookup.flow import sandbox_settings
from flows.customer_lookup.generate import GENERATED_DIR, generated_files
from flows.customer_lookup.routing import ROUTING_TABLE
from tests.fixtures import ROUTING_TABLE as FIXTURE_TABLE

SANDBOX_INSTANCE = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
)


def cases_elsewhere(tmp_path: Path) -> list[str]:
    """The flow's test cases go to a folder beside the test's, never to the repository's."""
    return ["--cases-out", str(tmp_path.with_name(f"{tmp_path.name}-testcases"))]


CHANGED_HINT = (
    "the flow built from the tests' routing table changed: if that was meant, update this"
)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return generated_files()


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    content: dict[str, Any] = json.loads(
        (GENERATED_DIR / "customer_lookup.json").read_text(encoding="utf-8")
    )
    return content


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    """The flow of the tests' own routing table, as `make flows` would write it."""
    content: dict[str, Any] = json.loads(generated_files(FIXTURE_TABLE)["customer_lookup.json"])
    return content


def test_committed_generated_files_are_not_stale(files: dict[str, str]) -> None:
    for name, text in files.items():
        path = GENERATED_DIR / name
        assert path.is_file(), f"{path} is missing: run `make flows` and commit it"
        assert path.read_bytes().decode("utf-8") == text, f"{path} is stale: run `make flows`"


def test_a_built_flow_has_the_blocks_of_its_routing_table(built: dict[str, Any]) -> None:
    blocks = Counter(action["Type"] for action in built["Actions"])
    assert blocks == {
        "UpdateFlowLoggingBehavior": 1,
        "InvokeLambdaFunction": 1,
        "UpdateContactTextToSpeechVoice": 1,
        "CheckHoursOfOperation": 2,
        "Compare": 7,
        "UpdateContactAttributes": 8,
        "MessageParticipant": 13,
        "UpdateContactTargetQueue": 7,
        "TransferContactToQueue": 7,
        "DisconnectParticipant": 1,
    }, CHANGED_HINT


def test_a_built_flow_starts_by_enabling_logging(built: dict[str, Any]) -> None:
    assert (built["Version"], built["StartAction"]) == (
        "2019-10-30",
        "Enable flow logging",
    )


def test_a_built_flow_names_the_sandbox_function_queues_and_hours(built: dict[str, Any]) -> None:
    named = {
        (key, value)
        for action in built["Actions"]
        for key, value in action["Parameters"].items()
        if key in {"LambdaFunctionARN", "QueueId", "HoursOfOperationId"}
    }
    assert named == {
        (
            "LambdaFunctionARN",
            "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live",
        ),
        ("QueueId", f"{SANDBOX_INSTANCE}/queue/00000000-0000-4000-8000-000000000001"),
        ("QueueId", f"{SANDBOX_INSTANCE}/queue/00000000-0000-4000-8000-000000000002"),
        ("QueueId", f"{SANDBOX_INSTANCE}/queue/00000000-0000-4000-8000-000000000003"),
        ("QueueId", f"{SANDBOX_INSTANCE}/queue/00000000-0000-4000-8000-000000000004"),
        (
            "HoursOfOperationId",
            f"{SANDBOX_INSTANCE}/operating-hours/00000000-0000-4000-8000-000000000100",
        ),
    }, CHANGED_HINT


def routing_reasons(content: dict[str, Any]) -> set[str]:
    return {
        action["Parameters"]["Attributes"]["routingReason"]
        for action in content["Actions"]
        if "routingReason" in action["Parameters"].get("Attributes", {})
    }


def test_the_committed_flow_writes_every_routing_reason_and_queue_of_the_routing_table(
    committed: dict[str, Any],
) -> None:
    assert routing_reasons(committed) == {route.routing_reason for route in ROUTING_TABLE.routes}
    queues = {
        action["Parameters"]["QueueId"]
        for action in committed["Actions"]
        if action["Type"] == "UpdateContactTargetQueue"
    }
    assert queues == set(sandbox_settings().queue_arns.values())


def test_a_built_flow_writes_every_routing_reason(built: dict[str, Any]) -> None:
    reasons = routing_reasons(built)
    assert reasons == {
        "CLOSED",
        "LOOKUP_ERROR",
        "UNKNOWN_CALLER",
        "OPEN_CASE",
        "LANGUAGE_ES",
        "PRIORITY_MEMBER",
        "STANDARD",
    }, CHANGED_HINT


def test_the_json_is_pretty_printed_with_a_trailing_newline(files: dict[str, str]) -> None:
    text = files["customer_lookup.json"]
    assert text.endswith("}\n")
    assert text.splitlines()[1].startswith('  "Version"')


def test_the_svg_is_a_picture_of_the_flow(files: dict[str, str]) -> None:
    svg = files["customer_lookup.svg"]
    assert svg.lstrip().startswith(("<svg", "<?xml"))
    assert 'data-identifier="Look up caller"' in svg
    assert 'data-identifier="Check opening hours"' in svg


def test_generate_writes_files_that_check_then_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--out", str(tmp_path), *cases_elsewhere(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(generated_files())
    assert main(["generate", "--check", "--out", str(tmp_path), *cases_elsewhere(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_fails_naming_the_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["generate", "--out", str(tmp_path), *cases_elsewhere(tmp_path)])
    stale = tmp_path / "customer_lookup.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Lupe", "Conchita"))
    assert main(["generate", "--check", "--out", str(tmp_path), *cases_elsewhere(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "customer_lookup.json is stale" in err
    assert "customer_lookup.svg" not in err


def test_check_fails_naming_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--check", "--out", str(tmp_path), *cases_elsewhere(tmp_path)]) == 1
    assert "customer_lookup.svg is stale" in capsys.readouterr().err


def test_an_unwritable_directory_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["generate", "--out", str(blocker / "sub"), *cases_elsewhere(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("generate: cannot write to")
    assert err.count("\n") == 1
