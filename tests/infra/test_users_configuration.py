"""The user's own app: cdk.json's context, the routing table of flows/customer_lookup/routing.py
and the test cases `make flows` wrote, synthesized as `npx cdk synth` would.

Nothing here is a fact about the sample configuration: every expectation is derived from what
the user configured (the account and region, the stage, the opening hours and time zone, the
queues of the routing table, the alarm targets), so a team that makes the app theirs keeps these
tests, and they check that the templates carry what was asked for and pass cdk-nag, cfn-lint
and the flow validator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint

from flows.config import read_config
from flows.customer_lookup.cases import TESTCASES_DIR
from flows.customer_lookup.routing import ROUTING_TABLE
from flows.validator import validate_content
from stacks import connect_test_cases, names
from stacks.contact_flow import CUSTOMER_LOOKUP_FLOW_TYPE
from tests.infra.conftest import SynthesizedApp, synthesize_users_app
from tests.infra.test_compliance import CFN_LINT_IGNORED, validation_report

pytestmark = pytest.mark.infra
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def users_app(tmp_path_factory: pytest.TempPathFactory) -> SynthesizedApp:
    return synthesize_users_app(tmp_path_factory.mktemp("cdk-users"))


def resources(template: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == resource_type
    ]


def test_both_stacks_go_to_the_configured_accounts_and_regions(users_app: SynthesizedApp) -> None:
    config = users_app.config
    lookup = names.lookup_stack_name(config.stage)
    connect = names.connect_stack_name(config.stage)
    assert sorted(users_app.stack_names) == sorted([lookup, connect])
    assert users_app.environment(lookup) == (config.lookup_account, config.lookup_region)
    assert users_app.environment(connect) == (config.instance.account, config.instance.region)


def test_cdk_nag_and_cfn_lint_find_nothing(users_app: SynthesizedApp) -> None:
    plugins = validation_report(users_app)["pluginReports"]
    assert [(p["pluginName"], p["violations"]) for p in plugins if p["violations"]] == []
    for name in users_app.stack_names:
        _, region = users_app.environment(name)
        matches = lint(
            json.dumps(users_app.template_of(name)),
            config=ManualArgs(regions=[region], ignore_checks=CFN_LINT_IGNORED),
        )
        assert [str(match) for match in matches] == [], name


def test_the_deployed_flow_conforms_and_routes_to_every_queue_of_the_routing_table(
    users_app: SynthesizedApp,
) -> None:
    content = users_app.flow_content()
    errors = [
        f
        for f in validate_content(content, flow_type=CUSTOMER_LOOKUP_FLOW_TYPE)
        if f.severity == "error"
    ]
    assert errors == []
    (flow,) = resources(users_app.connect_template, "AWS::Connect::ContactFlow")
    assert flow["Name"] == names.flow_name(users_app.config.stage)
    assert flow["InstanceArn"] == users_app.config.instance.arn
    queue_ids = {
        action["Parameters"]["QueueId"]
        for action in content["Actions"]
        if action["Type"] == "UpdateContactTargetQueue"
    }
    assert len(queue_ids) == len(ROUTING_TABLE.queues)


def test_each_queue_of_the_routing_table_is_created_unless_an_existing_one_is_configured(
    users_app: SynthesizedApp,
) -> None:
    config = users_app.config
    created = {q["Name"] for q in resources(users_app.connect_template, "AWS::Connect::Queue")}
    assert created == {
        names.queue_name(queue, config.stage)
        for queue in ROUTING_TABLE.queues
        if queue not in config.existing_queue_arns
    }


def test_the_hours_are_the_configured_week_in_the_configured_time_zone(
    users_app: SynthesizedApp,
) -> None:
    config = users_app.config
    hours = resources(users_app.connect_template, "AWS::Connect::HoursOfOperation")
    if config.existing_hours_of_operation_arn:
        assert hours == []
        return
    (created,) = hours
    assert created["TimeZone"] == config.time_zone
    assert [
        (entry["Day"], entry["StartTime"], entry["EndTime"]) for entry in created["Config"]
    ] == [
        (day, {"Hours": start[0], "Minutes": start[1]}, {"Hours": end[0], "Minutes": end[1]})
        for day, start, end in config.opening_hours.entries()
    ]


def test_the_alarms_tell_whom_the_configuration_names(users_app: SynthesizedApp) -> None:
    config = users_app.config
    template = users_app.lookup_template
    subscriptions = resources(template, "AWS::SNS::Subscription")
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == (
        [("email", config.alarm_email)] if config.alarm_email else []
    )
    actions = [
        alarm.get("AlarmActions", []) for alarm in resources(template, "AWS::CloudWatch::Alarm")
    ]
    assert actions
    expected = int(bool(config.alarm_email)) + int(bool(config.alarm_topic_arn))
    assert {len(action) for action in actions} == {expected}
    if config.alarm_topic_arn:
        assert all(config.alarm_topic_arn in action for action in actions)


def test_the_flows_test_cases_are_deployed_where_the_configuration_says(
    users_app: SynthesizedApp,
) -> None:
    cases = resources(users_app.connect_template, "AWS::Connect::TestCase")
    shipped = sorted(
        json.loads(path.read_text(encoding="utf-8"))["TestCase"]["Name"]
        for path in Path(TESTCASES_DIR).glob("*.json")
    )
    if users_app.config.deploy_test_cases:
        prefix = connect_test_cases.test_case_name_prefix(users_app.config.stage)
        assert sorted(case["Name"] for case in cases) == [f"{prefix}{name}" for name in shipped]
    else:
        assert cases == []


def test_what_the_flows_table_says_the_lookup_function_needs_is_set_on_the_deployed_one(
    users_app: SynthesizedApp,
) -> None:
    """pyproject.toml's [tool.flows.function-environment] tells `simulate` what the bound lookup
    function reads from its environment; every variable it names is one the stack gives the
    function Connect calls."""
    config = read_config(REPO_ROOT / "pyproject.toml")
    lookup = users_app.template_of(names.lookup_stack_name(users_app.config.stage))
    (function,) = resources(lookup, "AWS::Lambda::Function")
    needs = config.environment_of(function["FunctionName"])
    assert needs is not None, function["FunctionName"]
    assert set(needs.needs) <= set(function["Environment"]["Variables"])
