"""Synthesized apps for the infrastructure tests: each deployment mode once per test session.

A synthesis costs seconds (jsii, bundling, cdk-nag), so the modes are built on first use and
kept. The app is assembled by the same function app.py calls, as `npx cdk synth -c ...` would,
from the tests' own application (tests/fixtures: the sandbox instance, stage dev, CDK's feature
flags, a routing table of their own and its test cases) plus the mode's overrides; what a user
puts in cdk.json or the routing table changes none of these. The user's own configuration is
synthesized by ``synthesize_users_app`` for the tests that derive their expectations from it
(test_users_configuration.py).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from stacks.app_stacks import CUSTOMER_LOOKUP, AppStacks, FlowApplication, build_app_stacks
from stacks.config import AppConfig
from tests.fixtures import CONTEXT, CUSTOMERS
from tests.fixtures import ROUTING_TABLE as FIXTURE_ROUTING_TABLE

REPO_ROOT = Path(__file__).resolve().parents[2]
# The tests' context: the sandbox instance, stage dev and cdk.json's feature flags.
FIXTURE_CONTEXT: Mapping[str, Any] = CONTEXT
# The user's: cdk.json's context as it is.
CDK_JSON_CONTEXT: Mapping[str, Any] = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
OTHER_ACCOUNT = "222222222222"
PHONE_NUMBER_ARN = (
    "arn:aws:connect:us-east-1:111111111111:phone-number/5b2c3d4e-0000-4000-8000-00000000a1a1"
)
ALARM_EMAIL = "oncall@example.com"
ALARM_TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:contact-centre-oncall"

# Mode -> context overrides. The instance is the sandbox instance (us-east-1). The first
# three are the deployment modes with the sandbox defaults (no phone number, alarms without an
# action); "configured" is the same region with a phone number and both alarm targets.
MODES: Mapping[str, Mapping[str, str]] = {
    "same-region": {},
    "cross-region": {"lookup_region": "eu-west-2"},
    "cross-account": {"lookup_account": OTHER_ACCOUNT},
    "configured": {
        "phone_number_arn": PHONE_NUMBER_ARN,
        "alarm_email": ALARM_EMAIL,
        "alarm_topic_arn": ALARM_TOPIC_ARN,
    },
}
# Mode -> the ARN Connect must name: the function's `live` alias, where the function lives.
ALIAS_ARNS: Mapping[str, str] = {
    "same-region": "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live",
    "cross-region": "arn:aws:lambda:eu-west-2:111111111111:function:customer-lookup-dev:live",
    "cross-account": "arn:aws:lambda:us-east-1:222222222222:function:customer-lookup-dev:live",
    "configured": "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live",
}
# Cold-start options, each synthesized once in the same-region mode.
COLD_START_OPTIONS: Mapping[str, Mapping[str, str]] = {
    "snap-start": {"snap_start": "true"},
    "provisioned-concurrency": {"provisioned_concurrency": "2"},
}


@dataclass(frozen=True)
class SynthesizedApp:
    """One mode, synthesized: its configuration, stacks and cloud assembly directory.

    Everything is read from the assembly's files (manifest.json, *.template.json), as the CLI
    reads them, rather than through jsii proxies of the assembly's artifacts.
    """

    mode: str
    config: AppConfig
    stacks: AppStacks
    directory: Path

    @property
    def manifest(self) -> dict[str, Any]:
        manifest: dict[str, Any] = json.loads((self.directory / "manifest.json").read_text())
        return manifest

    @property
    def stack_names(self) -> list[str]:
        return [
            name
            for name, artifact in self.manifest["artifacts"].items()
            if artifact["type"] == "aws:cloudformation:stack"
        ]

    def environment(self, stack_name: str) -> tuple[str, str]:
        """(account, region) the stack is deployed to."""
        account, region = self.manifest["artifacts"][stack_name]["environment"].split("/")[-2:]
        return account, region

    def dependencies(self, stack_name: str) -> list[str]:
        return list(self.manifest["artifacts"][stack_name].get("dependencies", []))

    def template_of(self, stack_name: str) -> dict[str, Any]:
        template_file = self.manifest["artifacts"][stack_name]["properties"]["templateFile"]
        template: dict[str, Any] = json.loads((self.directory / template_file).read_text())
        return template

    def template(self, stack: cdk.Stack) -> dict[str, Any]:
        return self.template_of(stack.artifact_id)

    @property
    def lookup_template(self) -> dict[str, Any]:
        return self.template(self.stacks.lookup)

    @property
    def connect_template(self) -> dict[str, Any]:
        return self.template(self.stacks.connect)

    def flow_content(self) -> dict[str, Any]:
        """The deployed contact flow's content, each CloudFormation reference written as a CDK
        token ``${Token[LogicalId.Attribute]}`` (``${Token[LogicalId]}`` for a Ref)."""
        flows = [
            resource["Properties"]
            for resource in self.connect_template["Resources"].values()
            if resource["Type"] == "AWS::Connect::ContactFlow"
        ]
        assert len(flows) == 1, f"expected one contact flow, found {len(flows)}"
        (flow,) = flows
        content: dict[str, Any] = json.loads(render_references(flow["Content"]))
        return content


def render_references(value: Any) -> str:
    """A template string value with its Fn::Join parts made visible as plain text."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(render_references(part) for part in parts)
    if "Fn::GetAtt" in value:
        return "${{Token[{}.{}]}}".format(*value["Fn::GetAtt"])
    if "Ref" in value:
        return f"${{Token[{value['Ref']}]}}"
    raise AssertionError(f"unexpected intrinsic in a string: {value}")


@cache
def fixture_application() -> FlowApplication:
    """The tests' routing table with its test cases, generated once per process as `make flows`
    generates the application's (callers found among the tests' customers)."""
    from flows.customer_lookup.generate import generated_test_cases

    folder = Path(tempfile.mkdtemp(prefix="fixture-testcases-"))
    for name, text in generated_test_cases(FIXTURE_ROUTING_TABLE, CUSTOMERS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return FlowApplication(routing_table=FIXTURE_ROUTING_TABLE, test_cases_dir=folder)


def synthesize(
    overrides: Mapping[str, Any],
    outdir: Path,
    mode: str = "custom",
    *,
    context: Mapping[str, Any] = FIXTURE_CONTEXT,
    application: FlowApplication | None = None,
) -> SynthesizedApp:
    """The app of ``context`` with ``overrides`` over it, built for ``application`` (the tests'
    own unless given)."""
    application = application or fixture_application()
    app = cdk.App(context={**context, **overrides}, outdir=str(outdir))
    config = AppConfig.from_context(
        app.node.try_get_context, queue_names=application.routing_table.queues
    )
    stacks = build_app_stacks(app, config, application)
    assembly = app.synth()
    return SynthesizedApp(
        mode=mode, config=config, stacks=stacks, directory=Path(assembly.directory)
    )


def synthesize_users_app(outdir: Path) -> SynthesizedApp:
    """The user's app: cdk.json's context, the application's routing table and test cases."""
    return synthesize({}, outdir, "users", context=CDK_JSON_CONTEXT, application=CUSTOMER_LOOKUP)


@pytest.fixture(scope="session")
def synthesized_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], SynthesizedApp]:
    """``synthesized_app(mode)``: that mode's app (a key of MODES or COLD_START_OPTIONS),
    synthesized on first request only."""
    built: dict[str, SynthesizedApp] = {}

    def get(mode: str) -> SynthesizedApp:
        if mode not in built:
            outdir = tmp_path_factory.mktemp(f"cdk-{mode}")
            overrides = MODES[mode] if mode in MODES else COLD_START_OPTIONS[mode]
            built[mode] = synthesize(overrides, outdir, mode)
        return built[mode]

    return get


@pytest.fixture(params=list(MODES))
def synthesized(
    request: pytest.FixtureRequest, synthesized_app: Callable[[str], SynthesizedApp]
) -> SynthesizedApp:
    """Each test that asks for it runs once per mode."""
    return synthesized_app(request.param)
