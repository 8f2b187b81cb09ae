"""The GitHub Actions workflows do what the README promises, and pass the current actionlint.

ci.yml: on pull requests, `make test` (which lints the workflows), and the synthesized templates
and the flow's picture kept as artifacts. deploy.yml: manual dispatch with stage and instance
ARN, an AWS role through OIDC, scripts/preflight.py, `npx cdk deploy --all` with the same
context, and a last step that checks what was deployed with scripts/smoke_test.py and
scripts/run_connect_tests.py.

actionlint and ShellCheck are the ones requirements-dev.txt installs into the venv; the tests
show that this actionlint knows the node20 runtime is deprecated and that ShellCheck really
reads the run: blocks, so "no finding" means something.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.preflight import build_parser as preflight_parser
from scripts.smoke_test import build_parser as smoke_test_parser

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
VENV_BIN = Path(sys.executable).parent
ACTIONLINT = VENV_BIN / "actionlint"
SHELLCHECK = VENV_BIN / "shellcheck"
# An action named at a major version tag: the form actionlint's table of popular actions knows
# (their inputs and their runtime); a commit SHA or an exact release would go unchecked.
MAJOR_TAG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@v\d+$")
# scripts/run_connect_tests.py's command line: --instance-arn ARN [--name-prefix P] [--region R]
# [--profile P] [--timeout S] [--junit FILE].
RUN_CONNECT_TESTS_OPTIONS = {
    "--instance-arn",
    "--name-prefix",
    "--region",
    "--profile",
    "--timeout",
    "--junit",
}


def workflow(name: str) -> dict[str, Any]:
    document: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the bare key `on` as the boolean true.
    document["on"] = document.pop(True, document.get("on"))
    return document


def steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    [job] = document["jobs"].values()
    return list(job["steps"])


def commands(step: dict[str, Any], script: str) -> list[list[str]]:
    """Each command line of a run: block that calls ``script``, split as the shell would."""
    joined = step.get("run", "").replace("\\\n", " ")
    return [
        shlex.split(line.split("||")[0])
        for line in joined.splitlines()
        if script in line and not line.lstrip().startswith("#")
    ]


def action_step(document: dict[str, Any], action: str) -> dict[str, Any]:
    [step] = [s for s in steps(document) if s.get("uses", "").startswith(action + "@")]
    return step


def test_ci_runs_on_pull_requests() -> None:
    assert set(workflow("ci.yml")["on"]) == {"pull_request"}


def make_recipe(target: str) -> list[str]:
    """The recipe lines of ``target`` in the Makefile."""
    lines = (REPO_ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_ci_runs_make_test_which_lints_the_workflows() -> None:
    runs = [step.get("run") for step in steps(workflow("ci.yml"))]
    assert "make test" in runs
    for target in ("test", "lint"):
        assert "$(ACTIONLINT) $(WORKFLOWS)" in make_recipe(target), target


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACTIONLINT), "-oneline", f"-shellcheck={SHELLCHECK}", "-pyflakes=", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_current_actionlint_finds_nothing_in_the_workflows() -> None:
    result = actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert (result.returncode, result.stdout) == (0, "")


def one_step_workflow(tmp_path: Path, step: str) -> Path:
    path = tmp_path / ".github" / "workflows" / "probe.yml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "on: push\npermissions: {}\njobs:\n  probe:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n      - {step}\n"
    )
    return path


def test_the_pinned_actionlint_knows_that_node20_actions_are_deprecated(tmp_path: Path) -> None:
    result = actionlint(one_step_workflow(tmp_path, "uses: actions/checkout@v4"))
    assert result.returncode == 1
    assert 'runtime "node20" is deprecated' in result.stdout


def test_shellcheck_reads_the_run_blocks(tmp_path: Path) -> None:
    assert SHELLCHECK.is_file()
    result = actionlint(one_step_workflow(tmp_path, "run: echo $UNQUOTED"))
    assert result.returncode == 1
    assert "SC2086" in result.stdout


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_every_action_is_named_at_a_major_version_actionlint_can_check(name: str) -> None:
    uses = [step["uses"] for step in steps(workflow(name)) if "uses" in step]
    assert uses
    assert [use for use in uses if not MAJOR_TAG.match(use)] == []


def test_ci_keeps_the_synthesized_templates_and_the_flow_picture() -> None:
    ci = workflow("ci.yml")
    runs = [step.get("run") for step in steps(ci)]
    upload = action_step(ci, "actions/upload-artifact")
    assert runs.index("make synth") < steps(ci).index(upload)
    assert upload["with"]["path"].split() == [
        "cdk.out/*.template.json",
        "flows/generated/customer_lookup.svg",
    ]


def test_deploy_is_dispatched_by_hand_with_a_stage_and_perhaps_an_instance() -> None:
    inputs = workflow("deploy.yml")["on"]["workflow_dispatch"]["inputs"]
    assert inputs["stage"]["required"] is True
    assert "default" not in inputs["stage"]  # cdk.json's stage is not repeated here
    assert (inputs["instance_arn"]["required"], inputs["instance_arn"]["default"]) == (False, "")
    job_env = workflow("deploy.yml")["jobs"]["deploy"]["env"]
    assert job_env["INSTANCE_ARN"] == "${{ inputs.instance_arn || vars.INSTANCE_ARN }}"


def test_deploy_takes_every_other_setting_from_what_the_app_resolves() -> None:
    # The settings step prints what the app resolves from cdk.json and the stage and instance
    # (scripts/preflight.py --settings) into the job's environment; no setting of cdk.json is
    # written in the workflow.
    deploy_steps = steps(workflow("deploy.yml"))
    [(index, command)] = [
        (i, c) for i, step in enumerate(deploy_steps) for c in commands(step, "preflight.py")
    ]
    assert command[:3] == [".venv/bin/python", "scripts/preflight.py", "--settings"]
    assert '>> "$GITHUB_ENV"' in deploy_steps[index]["run"]
    assert preflight_parser().parse_args(["--settings"]).settings
    credentials = action_step(workflow("deploy.yml"), "aws-actions/configure-aws-credentials")
    assert index < deploy_steps.index(credentials)
    assert credentials["with"]["aws-region"] == "${{ env.INSTANCE_REGION }}"
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert "111111111111" not in text
    assert "CustomerLookup-" not in text


def test_deploy_assumes_an_aws_role_through_oidc() -> None:
    deploy = workflow("deploy.yml")
    assert deploy["permissions"]["id-token"] == "write"
    credentials = action_step(deploy, "aws-actions/configure-aws-credentials")
    assert credentials["with"]["role-to-assume"] == "${{ secrets.AWS_DEPLOY_ROLE_ARN }}"
    assert "aws-access-key-id" not in credentials["with"]


def test_deploy_deploys_every_stack_with_the_inputs() -> None:
    [deploy_command] = [
        command
        for step in steps(workflow("deploy.yml"))
        for command in commands(step, "cdk deploy")
    ]
    assert deploy_command[:4] == ["npx", "cdk", "deploy", "--all"]
    assert "stage=$STAGE" in deploy_command
    assert "instance_arn=$INSTANCE_ARN" in deploy_command


def context_values(command: list[str]) -> list[str]:
    """The KEY=VALUE of each -c in a command line."""
    return [command[i + 1] for i, word in enumerate(command) if word == "-c"]


def test_deploy_runs_the_preflight_with_the_deploys_context_before_deploying() -> None:
    deploy_steps = steps(workflow("deploy.yml"))
    [(preflight_index, make_command)] = [
        (index, command)
        for index, step in enumerate(deploy_steps)
        for command in commands(step, "make preflight")
    ]
    [(deploy_index, deploy_command)] = [
        (index, command)
        for index, step in enumerate(deploy_steps)
        for command in commands(step, "cdk deploy")
    ]
    assert preflight_index < deploy_index
    assert make_command[:2] == ["make", "preflight"]
    [arguments] = [word.removeprefix("ARGS=") for word in make_command if word.startswith("ARGS=")]
    assert make_recipe("preflight") == ["$(PY) scripts/preflight.py $(ARGS)"]
    parsed = preflight_parser().parse_args(shlex.split(arguments))
    assert not parsed.destroy
    assert parsed.context == context_values(deploy_command)
    # The credentials are in place by then.
    credentials = action_step(workflow("deploy.yml"), "aws-actions/configure-aws-credentials")
    assert deploy_steps.index(credentials) < preflight_index


def test_deploys_last_step_smoke_tests_the_alias_with_the_smoke_tests_own_options() -> None:
    last = steps(workflow("deploy.yml"))[-1]
    [command] = commands(last, "scripts/smoke_test.py")
    assert command[:2] == [".venv/bin/python", "scripts/smoke_test.py"]
    args = smoke_test_parser().parse_args(command[2:])
    assert args.function == "$alias_arn"
    assert "LookupAliasArn" in last["run"]


def test_deploys_last_step_runs_the_instances_test_cases_with_their_interface() -> None:
    last = steps(workflow("deploy.yml"))[-1]
    [command] = commands(last, "scripts/run_connect_tests.py")
    assert command[:2] == [".venv/bin/python", "scripts/run_connect_tests.py"]
    options = {word for word in command[2:] if word.startswith("--")}
    assert "--instance-arn" in options
    assert options <= RUN_CONNECT_TESTS_OPTIONS
    assert command[command.index("--instance-arn") + 1] == "$INSTANCE_ARN"
    # The stage's cases only, by the prefix the app names them with (--settings prints it).
    assert command[command.index("--name-prefix") + 1] == "$TEST_CASE_PREFIX"
