"""cdk-nag (AWS Solutions and Serverless packs) and cfn-lint over every synthesized template."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from cfnlint.api import ManualArgs, lint

from stacks.compliance import add_compliance_checks
from tests.infra.conftest import SynthesizedApp

pytestmark = pytest.mark.infra

# CDK writes DependsOn that cfn-lint finds redundant; that is the only rule ignored.
CFN_LINT_IGNORED = ["W3005"]


def validation_report(app: SynthesizedApp) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((app.directory / "validation-report.json").read_text())
    return report


def suppressed_violations(app: SynthesizedApp) -> list[dict[str, Any]]:
    return [
        violation
        for plugin in validation_report(app)["pluginReports"]
        for violation in plugin["suppressedViolations"]
    ]


def test_nag_packs_leave_no_unacknowledged_finding(synthesized: SynthesizedApp) -> None:
    plugins = validation_report(synthesized)["pluginReports"]
    assert [(p["pluginName"], p["violations"]) for p in plugins if p["violations"]] == []
    assert all(p["conclusion"] == "success" for p in plugins)


LOOKUP_FUNCTION = "CustomerLookup-dev/Function/Resource"
# The one function CDK adds for every AwsCustomResource of a stack (the phone number's).
CUSTOM_RESOURCE_PROVIDER = "CustomerLookupConnect-dev/AWS679f53fac002430cb0da5b7982bd2287/Resource"
ALARM_EMAIL_SUBSCRIPTION = "CustomerLookup-dev/AlarmTopic/oncall@example.com/Resource"
# Mode -> (construct, finding) acknowledged there; each must match a finding the packs reported.
ACKNOWLEDGED = {
    "same-region": {
        (LOOKUP_FUNCTION, "Serverless::Serverless-LambdaDLQ"),
        (LOOKUP_FUNCTION, "Serverless::Serverless-LambdaTracing"),
    },
    "configured": {
        (LOOKUP_FUNCTION, "Serverless::Serverless-LambdaDLQ"),
        (LOOKUP_FUNCTION, "Serverless::Serverless-LambdaTracing"),
        (CUSTOM_RESOURCE_PROVIDER, "Serverless::Serverless-LambdaDLQ"),
        (CUSTOM_RESOURCE_PROVIDER, "Serverless::Serverless-LambdaTracing"),
        (ALARM_EMAIL_SUBSCRIPTION, "Serverless::Serverless-SNSRedrivePolicy"),
    },
}
ACKNOWLEDGED["cross-region"] = ACKNOWLEDGED["cross-account"] = ACKNOWLEDGED["same-region"]


@pytest.mark.parametrize("option", ["snap-start", "provisioned-concurrency"])
def test_nag_packs_stay_clean_with_either_cold_start_option(
    synthesized_app: Callable[[str], SynthesizedApp], option: str
) -> None:
    plugins = validation_report(synthesized_app(option))["pluginReports"]
    assert [(p["pluginName"], p["violations"]) for p in plugins if p["violations"]] == []


def test_every_acknowledgment_matches_a_reported_finding(synthesized: SynthesizedApp) -> None:
    acknowledged = {
        (construct["constructPath"], violation["acknowledgedId"])
        for violation in suppressed_violations(synthesized)
        for construct in violation["violatingConstructs"]
    }
    assert acknowledged == ACKNOWLEDGED[synthesized.mode]


def test_every_acknowledgment_gives_its_own_specific_reason(synthesized: SynthesizedApp) -> None:
    reasons = [violation["reason"] for violation in suppressed_violations(synthesized)]
    assert reasons
    assert len(set(reasons)) == len(reasons)
    assert all(len(reason.split()) >= 15 for reason in reasons), reasons


def test_nag_packs_reject_a_table_without_recovery_and_a_function_without_dlq(
    tmp_path: Path,
) -> None:
    # Guards the guard: both packs are really active, so a finding does fail synthesis.
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Noncompliant")
    dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    lambda_.Function(
        stack,
        "Function",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return {}\n"),
    )
    add_compliance_checks(app)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = (tmp_path / "validation-report.json").read_text()
    assert "AwsSolutions-DDB3" in report
    assert "Serverless-LambdaDLQ" in report


def test_cfn_lint_finds_nothing_in_any_template(synthesized: SynthesizedApp) -> None:
    assert len(synthesized.stack_names) == 2
    for name in synthesized.stack_names:
        _, region = synthesized.environment(name)
        matches = lint(
            json.dumps(synthesized.template_of(name)),
            config=ManualArgs(regions=[region], ignore_checks=CFN_LINT_IGNORED),
        )
        assert [str(match) for match in matches] == [], name
