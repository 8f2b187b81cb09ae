"""A snapshot of every synthesized template, per mode, with asset hashes masked.

A change to a template shows up as a snapshot diff to review; accept it with
`pytest tests/infra --snapshot-update`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from tests.infra.conftest import SynthesizedApp

pytestmark = pytest.mark.infra

# Asset hashes (S3 keys of the function's bundle) change with any byte of the function's code
# or its dependencies, and so does the logical id of the version each deployment publishes
# (CDK derives it from the function's properties, code included); the template's shape is what
# the snapshot is about.
ASSET_HASH = re.compile(r"\b[0-9a-f]{64}\b")
VERSION_ID_HASH = re.compile(r"\b(\w+CurrentVersion)[0-9A-F]{8}[0-9a-f]{32}\b")


def masked(template: dict[str, Any]) -> dict[str, Any]:
    text = ASSET_HASH.sub("<asset-hash>", json.dumps(template))
    masked_template: dict[str, Any] = json.loads(VERSION_ID_HASH.sub(r"\1<hash>", text))
    return masked_template


@pytest.fixture
def json_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack", ["lookup", "connect"])
def test_template_matches_its_snapshot(
    synthesized: SynthesizedApp, stack: str, json_snapshot: SnapshotAssertion
) -> None:
    template = synthesized.template(getattr(synthesized.stacks, stack))
    assert masked(template) == json_snapshot
