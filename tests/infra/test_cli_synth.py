"""The real CDK CLI (`npx cdk synth`) run from the repository with cdk.json's defaults."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stacks.synth_summary import SummaryError, summarize
from tests.infra.conftest import REPO_ROOT, SynthesizedApp

pytestmark = pytest.mark.infra

NODE_BIN = REPO_ROOT / "node_modules" / ".bin"


def test_cdk_synth_with_the_defaults_writes_both_stacks(tmp_path: Path) -> None:
    if not (NODE_BIN / "cdk").exists():
        pytest.fail(
            f"{NODE_BIN / 'cdk'} is missing: run `make install` (make test installs node_modules)"
        )
    npx = shutil.which("npx")
    assert npx, "npx is not on PATH: install Node.js and npm"
    outdir = tmp_path / "cdk.out"
    env = {
        **os.environ,
        # The pinned CLI and Node first, then this venv's Python for cdk.json's app command.
        "PATH": os.pathsep.join(
            [str(NODE_BIN), str(Path(sys.executable).parent), os.environ["PATH"]]
        ),
        "CDK_DISABLE_CLI_TELEMETRY": "true",
    }
    result = subprocess.run(
        [npx, "cdk", "synth", "--quiet", "--no-notices", "--output", str(outdir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((outdir / "manifest.json").read_text())
    stacks = {
        name: artifact
        for name, artifact in manifest["artifacts"].items()
        if artifact["type"] == "aws:cloudformation:stack"
    }
    assert set(stacks) == {"CustomerLookup-dev", "CustomerLookupConnect-dev"}
    assert "CustomerLookup-dev" in stacks["CustomerLookupConnect-dev"]["dependencies"]
    for name in stacks:
        template = json.loads((outdir / f"{name}.template.json").read_text())
        assert template["Resources"]

    # The summary `make demo` prints: both templates, the flow, the order.
    summary = "\n".join(summarize(outdir))
    assert "CustomerLookup-dev  [111111111111/us-east-1]" in summary
    assert "CustomerLookupConnect-dev.template.json" in summary
    assert "contact flow 'CustomerLookup-dev'" in summary
    assert (
        "function alias 'live' (Connect calls it): cold starts on demand "
        "(neither SnapStart nor provisioned concurrency)"
    ) in summary
    assert "deployed after CustomerLookup-dev" in summary
    # What is left to do after `cdk deploy` with the defaults, as notes.
    assert "note: routing profile 'CustomerLookup-dev' holds the flow's queues" in summary
    assert "note: no phone number is sent to the flow 'CustomerLookup-dev'" in summary
    assert "note: the alarms of customer-lookup-dev" in summary


def test_synth_summary_of_a_missing_assembly_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SummaryError, match="run `npx cdk synth` first"):
        summarize(tmp_path / "cdk.out")


@pytest.mark.parametrize(
    ("option", "shown"),
    [
        ("snap-start", "function alias 'live' (Connect calls it): cold starts SnapStart"),
        (
            "provisioned-concurrency",
            "function alias 'live' (Connect calls it): cold starts provisioned concurrency 2",
        ),
    ],
)
def test_synth_summary_shows_the_cold_start_option_of_the_alias(
    synthesized_app: Callable[[str], SynthesizedApp], option: str, shown: str
) -> None:
    assert shown in "\n".join(summarize(synthesized_app(option).directory))
