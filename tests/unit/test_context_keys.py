"""Context keys the app does not read: one line naming the closest key it does read, whatever the
key's case or punctuation; keys CDK writes or reads pass."""

from __future__ import annotations

import pytest

from stacks.config import AppConfig, ConfigError, config_from_context, known_keys
from stacks.context_keys import (
    RecordingContext,
    UnknownContextKey,
    check_context_keys,
    closest_key,
    is_cdk_key,
    known_context_keys,
    unknown_keys,
)
from tests.fixtures import CONTEXT, ROUTING_TABLE

KNOWN = ("instance_arn", "stage", "lookup_region", "lookup_account", "snap_start", "alarm_email")


@pytest.mark.parametrize(
    ("key", "closest"),
    [
        ("Stage", "stage"),
        ("STAGE", "stage"),
        ("lookup-region", "lookup_region"),
        ("instance_Arn", "instance_arn"),
        ("alarmEmail", "alarm_email"),
        ("Alarm-Email", "alarm_email"),
        ("snapstart", "snap_start"),
        ("lookup_regoin", "lookup_region"),
    ],
)
def test_a_misspelt_key_names_the_key_it_resembles(key: str, closest: str) -> None:
    (error,) = unknown_keys({key: "x"}, KNOWN)

    assert (error.key, error.closest) == (key, closest)
    assert str(error) == (
        f"context key {key!r} is not one this app reads; did you mean {closest!r}? "
        "(nothing is synthesized with a key that would be ignored: correct or remove it)"
    )


def test_a_key_like_none_the_app_reads_names_no_key() -> None:
    assert closest_key("zzzz", KNOWN) is None
    assert "did you mean" not in str(UnknownContextKey("zzzz", None))


def test_keys_the_app_reads_pass() -> None:
    assert unknown_keys({"instance_arn": "x", "stage": "dev"}, KNOWN) == []
    check_context_keys({"instance_arn": "x", "stage": "dev"}, KNOWN)


@pytest.mark.parametrize(
    "key",
    [
        "@aws-cdk/aws-lambda:recognizeLayerVersion",
        "@aws-cdk/core:target-partitions",
        "aws:cdk:enable-path-metadata",
        "aws:cdk:version-reporting",
        "availability-zones:account=111111111111:region=us-east-1",
        "hosted-zone:account=111111111111:domainName=example.com:region=us-east-1",
        "acknowledged-issue-numbers",
        "cli-telemetry",
    ],
)
def test_keys_cdk_writes_or_reads_pass(key: str) -> None:
    assert is_cdk_key(key)
    assert unknown_keys({key: True}, KNOWN) == []


@pytest.mark.parametrize("key", ["stage", "Stage", "cli_telemetry", "aws_cdk", "instance:arn"])
def test_keys_shaped_like_the_apps_are_judged(key: str) -> None:
    assert not is_cdk_key(key)


def test_every_unknown_key_is_found_in_key_order_and_the_first_is_raised() -> None:
    context = {"stage": "dev", "time-zone": "x", "Stage": "prod"}
    assert [error.key for error in unknown_keys(context, [*KNOWN, "time_zone"])] == [
        "Stage",
        "time-zone",
    ]
    with pytest.raises(UnknownContextKey, match="'Stage'"):
        check_context_keys(context, [*KNOWN, "time_zone"])


def test_recording_context_remembers_every_key_asked_for_even_when_absent() -> None:
    context = RecordingContext({"stage": "dev"}.get)

    assert context.get("stage") == "dev"
    assert context.get("time_zone") is None
    assert context.keys_read == {"stage", "time_zone"}


def test_the_known_keys_are_those_the_configuration_reads() -> None:
    def read(get: object) -> None:
        assert callable(get)
        get("a")
        get("b")

    assert known_context_keys(read, {}) == {"a", "b"}


def test_the_apps_known_keys_include_each_queue_key_of_its_routing_table() -> None:
    keys = known_keys(ROUTING_TABLE.queues)
    assert {"instance_arn", "stage", "opening_hours", "time_zone", "alarm_email"} <= keys
    assert {"queue_arn_general", "queue_arn_case_specialists"} <= keys
    assert known_keys(("Silver",)) >= {"queue_arn_silver"}
    assert "queue_arn_general" not in known_keys(("Silver",))


def test_an_unknown_key_is_refused_before_any_value_is_read() -> None:
    # The typo and a value the app refuses: the typo is what the user hears of first, since it
    # is often the cause (time-zone given, time_zone missing).
    context = {**CONTEXT, "Stage": "prod", "invocation_timeout_seconds": "99"}
    with pytest.raises(UnknownContextKey, match="'Stage'"):
        config_from_context(context, queue_names=ROUTING_TABLE.queues)
    del context["Stage"]
    with pytest.raises(ConfigError):
        config_from_context(context, queue_names=ROUTING_TABLE.queues)


def test_a_context_of_known_keys_and_cdks_is_read() -> None:
    config = config_from_context(CONTEXT, queue_names=ROUTING_TABLE.queues)
    assert isinstance(config, AppConfig)
    assert config.stage == CONTEXT["stage"]
