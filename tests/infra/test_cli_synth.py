"""The real CDK CLI (`npx cdk synth`) run from the repository with the user's cdk.json: what it
writes is derived from that configuration, whatever it holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stacks import names
from stacks.config import config_from_context
from stacks.synth_summary import SummaryError, summarize
from tests.infra.conftest import CDK_JSON_CONTEXT, REPO_ROOT, SynthesizedApp

pytestmark = pytest.mark.infra

NODE_BIN = REPO_ROOT / "node_modules" / ".bin"


def test_cdk_synth_with_the_users_cdk_json_writes_both_stacks(tmp_path: Path) -> None:
    config = config_from_context(CDK_JSON_CONTEXT)
    lookup = names.lookup_stack_name(config.stage)
    connect = names.connect_stack_name(config.stage)
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
    assert set(stacks) == {lookup, connect}
    assert lookup in stacks[connect]["dependencies"]
    for name in stacks:
        template = json.loads((outdir / f"{name}.template.json").read_text())
        assert template["Resources"]

    # The summary `make demo` prints: both templates in their environments, the flow, the order.
    summary = "\n".join(summarize(outdir))
    assert f"{lookup}  [{config.lookup_account}/{config.lookup_region}]" in summary
    assert f"{connect}  [{config.instance.account}/{config.instance.region}]" in summary
    assert f"{connect}.template.json" in summary
    assert f"contact flow {names.flow_name(config.stage)!r}" in summary
    assert f"function alias {config.lookup_alias!r} (Connect calls it)" in summary
    assert f"deployed after {lookup}" in summary
    # What is left to do after `cdk deploy`, as notes: the hours the callers meet among them.
    assert "note: opening hours " in summary


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
