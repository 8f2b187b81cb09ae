"""The flow's test cases deployed with it: one AWS::Connect::TestCase per shipped case, PUBLISHED,
entering the deployed flow, with the deployed ARNs; only where Amazon Connect offers test cases
(context deploy_test_cases); a case with a construct the live service refused stops synthesis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Annotations, Match
from cfnlint.data import schemas

from flows.language.arns import parse_connect_instance_arn
from flows.testing.regions import TEST_CASE_REGIONS
from stacks.config import ConfigError
from stacks.connect_test_cases import TestCaseDeployError
from stacks.synth_summary import summarize
from tests.infra.conftest import (
    FIXTURE_CONTEXT,
    REPO_ROOT,
    SynthesizedApp,
    fixture_application,
    render_references,
)
from tests.infra.test_config import config_from
from tests.infra.test_connect_stack import connect_stack_alone, resources_of

pytestmark = pytest.mark.infra

SHIPPED = (
    "CLOSED",
    "LANGUAGE_ES",
    "LOOKUP_ERROR",
    "OPEN_CASE",
    "PRIORITY_MEMBER",
    "QUEUE_FULL",
    "STANDARD",
    "UNKNOWN_CALLER",
)
SANDBOX_INSTANCE_ARN = FIXTURE_CONTEXT["instance_arn"]
GOV_INSTANCE_ARN = (
    "arn:aws-us-gov:connect:us-gov-west-1:111111111111:instance/"
    "00000000-0000-4000-8000-000000000000"
)


def deployed_cases(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Deployed case name -> its properties."""
    return {
        resource["Properties"]["Name"]: resource["Properties"]
        for resource in resources_of(template, "AWS::Connect::TestCase").values()
    }


def deployed_content(properties: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(render_references(properties["Content"]))
    return content


def mocked(content: dict[str, Any], action_type: str) -> list[dict[str, Any]]:
    """The ActionParameters of every override of ``action_type``."""
    return [
        action["Parameters"]["Behavior"]["Properties"]["ActionParameters"]
        for observation in content["Observations"]
        for action in observation["Actions"]
        if action["Type"] == "OverrideSystemBehavior"
        and action["Parameters"]["Behavior"]["Properties"]["ActionType"] == action_type
    ]


def test_each_shipped_case_is_a_published_test_case_named_for_the_stage(
    synthesized: SynthesizedApp,
) -> None:
    cases = deployed_cases(synthesized.connect_template)
    assert sorted(cases) == [f"CustomerLookup-dev-{name}" for name in SHIPPED]
    assert {properties["Status"] for properties in cases.values()} == {"PUBLISHED"}
    assert {properties["InstanceArn"] for properties in cases.values()} == {SANDBOX_INSTANCE_ARN}


def test_each_case_calls_into_the_deployed_flow_without_a_source_number(
    synthesized: SynthesizedApp,
) -> None:
    for name, properties in deployed_cases(synthesized.connect_template).items():
        assert properties["EntryPoint"] == {
            "Type": "VOICE_CALL",
            "VoiceCallEntryPointParameters": {
                "FlowId": {"Fn::GetAtt": ["CustomerLookupFlow", "ContactFlowArn"]}
            },
        }, name


def test_the_cases_mock_the_deployed_function_and_hours(synthesized: SynthesizedApp) -> None:
    function = synthesized.config.lookup_function_arn
    for name, properties in deployed_cases(synthesized.connect_template).items():
        content = deployed_content(properties)
        assert mocked(content, "InvokeLambdaFunction") == [{"LambdaFunctionARN": function}], name
        assert mocked(content, "CheckHoursOfOperation") == [
            {"HoursOfOperationId": "${Token[BusinessHours.HoursOfOperationArn]}"}
        ], name


def test_the_full_queue_case_mocks_the_deployed_general_queue(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    cases = deployed_cases(synthesized_app("same-region").connect_template)
    content = deployed_content(cases["CustomerLookup-dev-QUEUE_FULL"])
    assert mocked(content, "TransferContactToQueue") == [
        {"QueueId": "${Token[GeneralQueue.QueueArn]}"}
    ]


def test_no_sandbox_resource_is_left_in_a_deployed_case(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    # cross-region: the function's ARN differs from the sandbox's, so a leftover would show.
    template = synthesized_app("cross-region").connect_template
    for name, properties in deployed_cases(template).items():
        text = render_references(properties["Content"])
        assert "arn:aws:lambda:us-east-1:" not in text, name
        assert f"{SANDBOX_INSTANCE_ARN}/" not in text, name


def test_the_name_prefix_is_an_output_and_the_note_says_how_to_run_the_cases(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("same-region")
    assert app.connect_template["Outputs"]["TestCaseNamePrefix"]["Value"] == "CustomerLookup-dev-"
    assert (
        "  note: 8 test cases of the flow deployed (names start with 'CustomerLookup-dev-'); "
        "after deploying, run them in the instance with scripts/run_connect_tests.py "
        f"--instance-arn {SANDBOX_INSTANCE_ARN} --name-prefix CustomerLookup-dev-"
    ) in summarize(app.directory)


def test_deploy_test_cases_false_deploys_none_and_says_so(tmp_path: Path) -> None:
    stack, template = connect_stack_alone(tmp_path, deploy_test_cases=False)
    assert deployed_cases(template) == {}
    assert "TestCaseNamePrefix" not in template.get("Outputs", {})
    Annotations.from_stack(stack).has_info(
        "*", Match.string_like_regexp(r"^no test cases deployed \(deploy_test_cases=false\)")
    )


def test_a_region_without_test_cases_gets_none_even_when_asked_and_the_note_says_why(
    tmp_path: Path,
) -> None:
    instance = parse_connect_instance_arn(GOV_INSTANCE_ARN)
    stack, template = connect_stack_alone(
        tmp_path,
        instance=instance,
        lookup_function_arn="arn:aws-us-gov:lambda:us-gov-west-1:111111111111:function:x",
        deploy_test_cases=True,
    )
    assert deployed_cases(template) == {}
    Annotations.from_stack(stack).has_info(
        "*",
        Match.string_like_regexp(
            r"^no test cases deployed: Amazon Connect offers test cases in us-east-1, .*"
            r", not in us-gov-west-1 \(https://aws\.amazon\.com/about-aws/whats-new/"
        ),
    )


def test_deploy_test_cases_defaults_to_whether_the_region_offers_them() -> None:
    assert config_from().deploy_test_cases is True
    assert config_from(instance_arn=GOV_INSTANCE_ARN).deploy_test_cases is False
    assert config_from(deploy_test_cases="false").deploy_test_cases is False


def test_deploy_test_cases_true_where_the_region_lacks_them_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(instance_arn=GOV_INSTANCE_ARN, deploy_test_cases="true")
    message = str(raised.value)
    assert message.startswith(
        "invalid context value deploy_test_cases='true': expected false in us-gov-west-1: "
        "Amazon Connect offers test cases only in us-east-1, us-west-2,"
    )
    assert "\n" not in message


def test_deploy_test_cases_must_be_true_or_false() -> None:
    with pytest.raises(ConfigError, match=r"deploy_test_cases='yes': expected true or false$"):
        config_from(deploy_test_cases="yes")


def test_cfn_lint_knows_the_test_case_resource_where_connect_offers_it() -> None:
    root = Path(schemas.__file__).parent / "providers"

    def types_in(region: str) -> set[str]:
        return set(json.loads((root / f"{region}.json").read_text(encoding="utf-8")))

    lacking = [
        region for region in TEST_CASE_REGIONS if "AWS::Connect::TestCase" not in types_in(region)
    ]
    assert lacking == []
    assert "AWS::Connect::TestCase" not in types_in("us-gov-west-1")


# --- refusing a case ---

REFUSED_CASE = {
    "Version": "2019-10-30",
    "Observations": [
        {
            "Identifier": "hello",
            "Usage": {"Type": "Exactly", "Times": 1},
            "Event": {"Type": "MessageReceived", "Properties": {"Text": "Hello"}},
            "Actions": [
                {
                    "Identifier": "end",
                    "Type": "TestControl",
                    "Parameters": {"ActionType": "TestControl", "Command": {"Type": "EndTest"}},
                }
            ],
        }
    ],
}


def test_a_case_with_a_construct_the_live_service_refused_stops_the_stack(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "usage.json").write_text(json.dumps(REFUSED_CASE), encoding="utf-8")
    with pytest.raises(TestCaseDeployError) as raised:
        connect_stack_alone(tmp_path, deploy_test_cases=True, test_cases_dir=cases)
    assert str(raised.value) == (
        f"test case 'usage' ({cases / 'usage.json'}) is not deployed: observation 'hello': "
        "Usage was refused by the live service; leave it out (the live service refused this form)"
    )


def test_a_case_naming_a_sandbox_resource_the_stack_does_not_deploy_is_refused(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    unknown_queue = f"{SANDBOX_INSTANCE_ARN}/queue/00000000-0000-4000-8000-000000000099"
    case = json.loads((fixture_application().test_cases_dir / "queue_full.json").read_text())
    text = json.dumps(case).replace(
        f"{SANDBOX_INSTANCE_ARN}/queue/00000000-0000-4000-8000-000000000001", unknown_queue
    )
    (cases / "queue_full.json").write_text(text, encoding="utf-8")
    with pytest.raises(TestCaseDeployError, match="a sandbox resource the stack does not deploy"):
        connect_stack_alone(tmp_path, deploy_test_cases=True, test_cases_dir=cases)


def test_the_app_refuses_such_a_case_with_one_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "usage.json").write_text(json.dumps(REFUSED_CASE), encoding="utf-8")
    # The real entry point, as the CDK CLI runs it, with the cases' folder pointed at this one.
    entry = (
        "import runpy; from pathlib import Path; import stacks.app_stacks as app; "
        f"app.CUSTOMER_LOOKUP = app.FlowApplication(test_cases_dir=Path({str(cases)!r})); "
        "runpy.run_path('app.py', run_name='__main__')"
    )
    env = {
        **os.environ,
        "CDK_CONTEXT_JSON": json.dumps(dict(FIXTURE_CONTEXT)),
        "CDK_OUTDIR": str(tmp_path / "cdk.out"),
    }
    result = subprocess.run(
        [sys.executable, "-c", entry],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("cdk app:")]
    assert errors == [
        f"cdk app: test case 'usage' ({cases / 'usage.json'}) is not deployed: observation "
        "'hello': Usage was refused by the live service; leave it out (the live service refused "
        "this form)"
    ]
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "cdk.out").glob("*.template.json"))
