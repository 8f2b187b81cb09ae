"""The GitHub Actions workflows do what the README promises (actionlint checks their syntax).

ci.yml: on pull requests, `make test`, the workflows linted, and the synthesized templates and
the flow's picture kept as artifacts. deploy.yml: manual dispatch with stage and instance ARN,
an AWS role through OIDC, `npx cdk deploy --all`, and a last step that checks what was
deployed with scripts/smoke_test.py and scripts/run_connect_tests.py.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from scripts.smoke_test import build_parser as smoke_test_parser

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
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


def test_ci_runs_make_test_and_lints_the_workflows() -> None:
    runs = [step.get("run") for step in steps(workflow("ci.yml"))]
    assert "make test" in runs
    assert "make lint-workflows" in runs


def test_ci_keeps_the_synthesized_templates_and_the_flow_picture() -> None:
    ci = workflow("ci.yml")
    runs = [step.get("run") for step in steps(ci)]
    upload = action_step(ci, "actions/upload-artifact")
    assert runs.index("make synth") < steps(ci).index(upload)
    assert upload["with"]["path"].split() == [
        "cdk.out/*.template.json",
        "flows/generated/customer_lookup.svg",
    ]


def test_deploy_is_dispatched_by_hand_with_stage_and_instance_arn() -> None:
    inputs = workflow("deploy.yml")["on"]["workflow_dispatch"]["inputs"]
    assert inputs["stage"]["required"] is True
    assert inputs["instance_arn"]["required"] is True


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
