"""`python -m flows simulate` as a user runs it: a subprocess, the shell's environment pointing
the real function at the seeded local table. The flow is built from the tests' own routing table
and the table holds the tests' own customers (tests/fixtures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.customer_lookup.generate import generated_files
from tests.fixtures import ROUTING_TABLE

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def flow_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' flow as `make flows` writes one (queue names in its metadata)."""
    path = tmp_path_factory.mktemp("flow") / "customer_lookup.json"
    path.write_text(generated_files(ROUTING_TABLE)["customer_lookup.json"], encoding="utf-8")
    return path


def simulate(flow_file: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows", "simulate", str(flow_file), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=dict(os.environ),  # the fixtures set CUSTOMER_TABLE_NAME and AWS_ENDPOINT_URL
        check=False,
    )


def test_a_gold_member_is_heard_greeted_and_transferred_to_priority(
    customer_table: str, flow_file: Path
) -> None:
    completed = simulate(flow_file, "--phone", "+14155550100")

    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "Invoke AWS Lambda function [Look up caller]" in out
    assert "SUCCESS" in out
    assert 'caller hears (Joanna): "Hello Olivia and thank you for being a Gold member.' in out
    assert "Ended: TRANSFERRED_TO_QUEUE (in queue Priority)" in out
    assert 'routingReason = "PRIORITY_MEMBER"' in out


def test_json_output_for_a_spanish_speaker_with_a_full_queue(
    customer_table: str, flow_file: Path
) -> None:
    completed = simulate(flow_file, "--phone", "+14155550103", "--queue-full", "Spanish", "--json")

    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["ended"] == "DISCONNECTED"
    assert result["attributes"]["routingReason"] == "LANGUAGE_ES"
    assert result["queue"] == "Spanish"
    assert result["prompts"][0].startswith("Hola Lucía")
    assert result["invocations"][0]["outcome"] == "SUCCESS"
    assert '"LookupStatus":"FOUND"' in completed.stderr  # the function's log line


def test_a_full_queue_the_flow_does_not_have_is_refused_listing_its_queues(
    flow_file: Path,
) -> None:
    completed = simulate(flow_file, "--queue-full", "Spansih")

    assert completed.returncode == 2
    assert completed.stderr == (
        "simulate: --queue-full 'Spansih': the flow has no such queue (did you mean 'Spanish'?); "
        "its queues are "
        "CaseSpecialists, General, Priority, Spanish (by name, ARN or id)\n"
    )
