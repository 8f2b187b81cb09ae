"""The configuration read from CDK context: defaults, overrides, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from stacks.config import AppConfig, ConfigConflict, ConfigError
from tests.fixtures import ROUTING_TABLE
from tests.infra.conftest import FIXTURE_CONTEXT, REPO_ROOT

pytestmark = pytest.mark.infra

SANDBOX_ARN = FIXTURE_CONTEXT["instance_arn"]


def config_from(**overrides: Any) -> AppConfig:
    context: Mapping[str, Any] = {**FIXTURE_CONTEXT, **overrides}
    return AppConfig.from_context(context.get, queue_names=ROUTING_TABLE.queues)


def test_lookup_environment_defaults_to_the_instances() -> None:
    config = config_from()
    assert (config.lookup_account, config.lookup_region) == ("111111111111", "us-east-1")
    assert config.lookup_is_with_instance


def test_lookup_region_and_account_can_differ_from_the_instances() -> None:
    config = config_from(lookup_region="eu-west-2", lookup_account="222222222222")
    assert (config.lookup_account, config.lookup_region) == ("222222222222", "eu-west-2")
    assert not config.lookup_is_with_instance
    assert config.lookup_function_unqualified_arn == (
        "arn:aws:lambda:eu-west-2:222222222222:function:customer-lookup-dev"
    )


def test_connect_names_the_live_alias_by_default() -> None:
    config = config_from()
    assert config.lookup_alias == "live"
    assert config.lookup_function_arn == (
        "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:live"
    )


def test_lookup_alias_context_key_names_another_alias() -> None:
    config = config_from(lookup_alias="prod_2")
    assert config.lookup_function_arn == (
        "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev:prod_2"
    )


def test_an_alias_arn_over_connects_140_characters_is_a_config_error() -> None:
    # 67 characters of ARN before the alias: an alias of 74 makes 141.
    with pytest.raises(ConfigError) as raised:
        config_from(lookup_alias="a" * 74)
    message = str(raised.value)
    assert message.startswith("invalid context value lookup_alias=")
    assert "is 141 characters" in message
    assert "at most 140" in message


def test_an_alias_arn_of_exactly_140_characters_is_accepted() -> None:
    assert len(config_from(lookup_alias="a" * 73).lookup_function_arn) == 140


def test_cold_start_options_are_off_by_default() -> None:
    options = config_from().cold_starts
    assert (options.snap_start, options.provisioned_concurrency) == (False, 0)


@pytest.mark.parametrize("value", ["true", "True", "yes", "1", True])
def test_snap_start_is_switched_on_by_a_true_value(value: object) -> None:
    assert config_from(snap_start=value).cold_starts.snap_start is True


@pytest.mark.parametrize("value", ["false", "no", "0", False])
def test_snap_start_stays_off_for_a_false_value(value: object) -> None:
    assert config_from(snap_start=value).cold_starts.snap_start is False


@pytest.mark.parametrize(("value", "expected"), [("2", 2), (3, 3), ("0", 0)])
def test_provisioned_concurrency_is_a_whole_number(value: object, expected: int) -> None:
    assert config_from(provisioned_concurrency=value).cold_starts.provisioned_concurrency == (
        expected
    )


@pytest.mark.parametrize(
    ("snap_start", "provisioned_concurrency"), [("true", "2"), (True, 1), ("yes", 5)]
)
def test_snap_start_with_provisioned_concurrency_is_one_line_naming_both_keys(
    snap_start: object, provisioned_concurrency: object
) -> None:
    with pytest.raises(ConfigConflict) as raised:
        config_from(snap_start=snap_start, provisioned_concurrency=provisioned_concurrency)
    message = str(raised.value)
    assert "\n" not in message
    assert f"snap_start={snap_start!r}" in message
    assert f"provisioned_concurrency={provisioned_concurrency!r}" in message
    assert "choose one" in message


def test_snap_start_is_refused_where_the_function_is_deployed_if_lambda_lacks_it_there() -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(snap_start="true", lookup_region="ap-southeast-6")
    message = str(raised.value)
    assert message.startswith("invalid context value snap_start='true': expected false in ")
    assert "ap-southeast-6" in message
    assert "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html" in message


def test_snap_start_is_accepted_in_a_region_that_offers_it() -> None:
    config = config_from(snap_start="true", lookup_region="eu-west-2")
    assert config.cold_starts.snap_start is True


def test_snap_start_outside_the_commercial_partition_is_refused() -> None:
    gov = (
        "arn:aws-us-gov:connect:us-gov-west-1:111111111111:instance/"
        "0a1b2c3d-0000-4000-8000-000000000000"
    )
    assert config_from(instance_arn=gov).cold_starts.snap_start is False
    with pytest.raises(ConfigError, match="snap_start"):
        config_from(instance_arn=gov, snap_start="true")


@pytest.mark.parametrize(
    ("quota", "most"), [(None, 900), ("1000", 900), ("250", 150), (5000, 4900)]
)
def test_provisioned_concurrency_leaves_100_of_the_quota_unreserved(
    quota: object, most: int
) -> None:
    config = config_from(provisioned_concurrency=str(most), lambda_concurrency_quota=quota)
    assert config.cold_starts.provisioned_concurrency == most
    with pytest.raises(ConfigError) as raised:
        config_from(provisioned_concurrency=str(most + 1), lambda_concurrency_quota=quota)
    message = str(raised.value)
    assert message.startswith(f"invalid context value provisioned_concurrency='{most + 1}'")
    assert f"at most {most}" in message
    assert "lambda_concurrency_quota" in message


def test_a_quota_of_100_or_less_allows_no_provisioned_concurrency() -> None:
    assert config_from(lambda_concurrency_quota="10").cold_starts.provisioned_concurrency == 0
    with pytest.raises(ConfigError, match="at most 0"):
        config_from(lambda_concurrency_quota="10", provisioned_concurrency="1")


def test_the_previous_alias_is_kept_only_beside_another_current_alias() -> None:
    config = config_from(lookup_alias="prod", previous_lookup_alias="live")
    assert (config.lookup_alias, config.previous_lookup_alias) == ("prod", "live")
    assert config_from().previous_lookup_alias is None
    with pytest.raises(ConfigError) as raised:
        config_from(lookup_alias="prod", previous_lookup_alias="prod")
    assert "not lookup_alias itself ('prod')" in str(raised.value)


def test_function_timeout_stays_below_the_flows_limit_for_every_allowed_limit() -> None:
    for limit in range(2, 9):
        config = config_from(invocation_timeout_seconds=str(limit))
        assert 1 <= config.function_timeout_seconds < config.invocation_timeout_seconds == limit


def test_hours_keep_the_local_time_of_the_instances_region() -> None:
    london = SANDBOX_ARN.replace("us-east-1", "eu-west-2")
    assert config_from().time_zone == "America/New_York"
    assert config_from(instance_arn=london).time_zone == "Europe/London"
    assert config_from(
        instance_arn=SANDBOX_ARN.replace("us-east-1", "ap-southeast-2")
    ).time_zone == ("Australia/Sydney")


def test_time_zone_overrides_the_regions_local_time() -> None:
    assert config_from(time_zone="America/Chicago").time_zone == "America/Chicago"


def test_an_instance_where_connect_does_not_run_needs_a_time_zone() -> None:
    mumbai = SANDBOX_ARN.replace("us-east-1", "ap-south-1")
    with pytest.raises(ConfigError) as raised:
        config_from(instance_arn=mumbai)
    assert str(raised.value).startswith(
        "invalid context value time_zone=(missing): expected an IANA time zone name: the "
        "instance's region ap-south-1 is not one of the regions whose local time is known"
    )
    assert config_from(instance_arn=mumbai, time_zone="Asia/Kolkata").time_zone == "Asia/Kolkata"


def test_a_routing_profile_is_created_unless_routing_profile_is_none() -> None:
    assert config_from().create_routing_profile is True
    assert config_from(routing_profile="create").create_routing_profile is True
    assert config_from(routing_profile="none").create_routing_profile is False


def test_a_phone_number_of_the_instances_account_and_region_is_accepted() -> None:
    number = (
        "arn:aws:connect:us-east-1:111111111111:phone-number/1a2b3c4d-0000-4000-8000-0000000000aa"
    )
    assert config_from().phone_number_arn is None
    assert config_from(phone_number_arn=number).phone_number_arn == number


def test_alarm_targets_are_read_and_both_may_be_given() -> None:
    topic = "arn:aws:sns:us-east-1:111111111111:oncall"
    config = config_from(alarm_email="oncall@example.com", alarm_topic_arn=topic)
    assert (config.alarm_email, config.alarm_topic_arn) == ("oncall@example.com", topic)
    assert (config_from().alarm_email, config_from().alarm_topic_arn) == (None, None)


def test_an_alarm_topic_in_the_lookup_region_is_accepted_when_the_function_is_elsewhere() -> None:
    topic = "arn:aws:sns:eu-west-2:222222222222:oncall"
    config = config_from(lookup_region="eu-west-2", alarm_topic_arn=topic)
    assert config.alarm_topic_arn == topic


def test_existing_queue_arns_are_read_from_their_context_keys() -> None:
    queue_arn = f"{SANDBOX_ARN}/queue/11111111-2222-4333-8444-555555555555"
    config = config_from(queue_arn_case_specialists=queue_arn)
    assert dict(config.existing_queue_arns) == {"CaseSpecialists": queue_arn}


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("instance_arn", "arn:aws:lambda:us-east-1:111111111111:function:x", "instance/"),
        ("instance_arn", SANDBOX_ARN.replace("us-east-1", "us-nowhere-9"), "region"),
        ("instance_arn", None, "arn:aws:connect"),
        ("lookup_region", "eu-middle-7", "region"),
        ("lookup_region", "cn-north-1", "aws partition"),
        ("lookup_account", "12345", "12-digit"),
        ("stage", "Prod Stage!", "lowercase"),
        ("stage", None, "lowercase"),
        ("invocation_timeout_seconds", "9", "2 to 8"),
        ("invocation_timeout_seconds", "1", "2 to 8"),
        ("time_zone", "Mars/Olympus", "IANA"),
        ("routing_profile", "yes", "create (a routing profile with the flow's queues"),
        (
            "phone_number_arn",
            "+14155550100",
            "arn:aws:connect:REGION:ACCOUNT:phone-number/PHONE-NUMBER-UUID",
        ),
        (
            "phone_number_arn",
            "arn:aws:connect:us-east-1:999999999999:phone-number/1a2b3c4d-0000-4000-8000-0000000000aa",
            "in the configured instance's account and region (111111111111, us-east-1)",
        ),
        (
            "phone_number_arn",
            "arn:aws:connect:us-west-2:111111111111:phone-number/1a2b3c4d-0000-4000-8000-0000000000aa",
            "in the configured instance's account and region (111111111111, us-east-1)",
        ),
        ("alarm_email", "oncall at example.com", "an e-mail address"),
        ("alarm_topic_arn", "oncall", "arn:aws:sns:REGION:ACCOUNT:TOPIC-NAME"),
        (
            "alarm_topic_arn",
            "arn:aws:sns:eu-west-1:111111111111:oncall",
            "in the lookup region (us-east-1), where the alarms are",
        ),
        (
            "alarm_topic_arn",
            "arn:aws:sns:us-east-1:111111111111:" + "t" * 257,
            "arn:aws:sns:REGION:ACCOUNT:TOPIC-NAME",
        ),
        ("lookup_alias", "42", "not only digits"),
        ("lookup_alias", "live alias", "letters, digits"),
        ("snap_start", "maybe", "true or false"),
        ("provisioned_concurrency", "-1", "whole number"),
        ("provisioned_concurrency", "two", "whole number"),
        ("lambda_concurrency_quota", "lots", "concurrency quota"),
        ("previous_lookup_alias", "42", "not only digits"),
        ("queue_arn_general", f"{SANDBOX_ARN}/queue/not-a-uuid", "queue/QUEUE-UUID"),
        (
            "queue_arn_priority",
            "arn:aws:connect:us-east-1:111111111111:instance/"
            "99999999-0000-4000-8000-000000000000/queue/11111111-2222-4333-8444-555555555555",
            "of the configured instance",
        ),
    ],
)
def test_a_malformed_value_names_the_key_the_value_and_the_expected_form(
    key: str, value: str | None, expected: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(**{key: value})
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"invalid context value {key}=")
    assert (repr(value) if value is not None else "(missing)") in message
    assert expected in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("instance_arn", "arn:aws:connect:us-east-1:111111111111:instance/not-a-uuid"),
        ("stage", "UPPER"),
    ],
)
def test_the_app_stops_with_one_line_for_a_malformed_value(
    key: str, value: str, tmp_path: Path
) -> None:
    # The real entry point, as the CDK CLI runs it: context in CDK_CONTEXT_JSON.
    env = {
        **os.environ,
        "CDK_CONTEXT_JSON": json.dumps({**FIXTURE_CONTEXT, key: value}),
        "CDK_OUTDIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("cdk app:")]
    assert len(errors) == 1, result.stderr
    (error,) = errors
    assert f"{key}={value!r}" in error
    assert "expected" in error
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.template.json"))


def run_app(context: Mapping[str, Any], outdir: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point, as the CDK CLI runs it: context in CDK_CONTEXT_JSON."""
    env = {
        **os.environ,
        "CDK_CONTEXT_JSON": json.dumps({**FIXTURE_CONTEXT, **context}),
        "CDK_OUTDIR": str(outdir),
    }
    return subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def app_lines(stderr: str) -> list[str]:
    """What the app itself printed (jsii may add its own banner about the Node version)."""
    return [line for line in stderr.splitlines() if line.startswith("cdk app:")]


def test_the_app_stops_with_one_line_for_snap_start_with_provisioned_concurrency(
    tmp_path: Path,
) -> None:
    result = run_app({"snap_start": "true", "provisioned_concurrency": "2"}, tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert app_lines(result.stderr) == [
        "cdk app: invalid context: snap_start='true' and provisioned_concurrency='2' cannot be "
        "combined: Lambda does not support SnapStart together with provisioned concurrency; "
        "choose one"
    ]
    assert not list(tmp_path.glob("*.template.json"))


@pytest.mark.parametrize(
    ("key", "closest"),
    [
        ("Stage", "stage"),
        ("alarmEmail", "alarm_email"),
    ],
)
def test_the_app_stops_with_one_line_for_a_context_key_it_does_not_read(
    key: str, closest: str, tmp_path: Path
) -> None:
    result = run_app({key: "prod"}, tmp_path)

    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert app_lines(result.stderr) == [
        f"cdk app: context key {key!r} is not one this app reads; did you mean {closest!r}? "
        "(nothing is synthesized with a key that would be ignored: correct or remove it)"
    ]
    assert not list(tmp_path.glob("*.template.json"))
