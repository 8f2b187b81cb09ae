"""The context keys hours_of_operation_arn (existing hours for the flow's check and the queues)
and opening_hours (the week of the hours this app creates)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from stacks.config import AppConfig, ConfigError, queue_context_keys
from stacks.opening_hours import DEFAULT_OPENING_HOURS
from stacks.synth_summary import summarize
from tests.fixtures import ROUTING_TABLE
from tests.infra.conftest import FIXTURE_CONTEXT, SynthesizedApp, synthesize

pytestmark = pytest.mark.infra

SANDBOX_ARN = FIXTURE_CONTEXT["instance_arn"]
HOURS_ARN = f"{SANDBOX_ARN}/operating-hours/33333333-0000-4000-8000-000000000000"
EVERY_QUEUE_EXISTING = {
    key: f"{SANDBOX_ARN}/queue/{index:08d}-1111-4000-8000-000000000000"
    for index, key in enumerate(queue_context_keys(ROUTING_TABLE.queues).values())
}


def config_from(**overrides: Any) -> AppConfig:
    context: Mapping[str, Any] = {**FIXTURE_CONTEXT, **overrides}
    return AppConfig.from_context(context.get, queue_names=ROUTING_TABLE.queues)


def test_without_the_key_the_app_creates_the_hours() -> None:
    assert config_from().existing_hours_of_operation_arn is None


def test_the_key_names_existing_hours() -> None:
    assert config_from(hours_of_operation_arn=HOURS_ARN).existing_hours_of_operation_arn == (
        HOURS_ARN
    )


def test_every_queue_existing_and_no_hours_is_one_line_naming_the_key() -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(**EVERY_QUEUE_EXISTING)
    message = str(raised.value)
    assert message.startswith("invalid context value hours_of_operation_arn=(missing): expected ")
    assert "every queue is an existing one" in message
    assert "\n" not in message


def test_every_queue_existing_with_hours_is_accepted() -> None:
    config = config_from(**EVERY_QUEUE_EXISTING, hours_of_operation_arn=HOURS_ARN)
    assert config.existing_hours_of_operation_arn == HOURS_ARN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"{SANDBOX_ARN}/queue/33333333-0000-4000-8000-000000000000", "operating-hours/HOURS-UUID"),
        (
            "arn:aws:connect:us-east-1:111111111111:instance/99999999-0000-4000-8000-000000000000"
            "/operating-hours/33333333-0000-4000-8000-000000000000",
            "of the configured instance",
        ),
    ],
    ids=["a queue ARN", "hours of another instance"],
)
def test_a_malformed_hours_arn_names_the_key_and_the_expected_form(
    value: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(hours_of_operation_arn=value)
    message = str(raised.value)
    assert message.startswith(f"invalid context value hours_of_operation_arn={value!r}")
    assert expected in message


def test_the_synthesized_flow_checks_the_existing_hours(tmp_path: Path) -> None:
    app = synthesize({**EVERY_QUEUE_EXISTING, "hours_of_operation_arn": HOURS_ARN}, tmp_path)
    template = app.connect_template
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert "AWS::Connect::HoursOfOperation" not in types
    hours = {
        action["Parameters"]["HoursOfOperationId"]
        for action in app.flow_content()["Actions"]
        if action["Type"] == "CheckHoursOfOperation"
    }
    assert hours == {HOURS_ARN}


# --- opening_hours: the week of the hours this app creates ---

WEEK = {"monday": "07:30-19:00", "saturday": ["09:00-12:00", "13:00-16:00"]}


def test_without_opening_hours_the_default_schedule_is_created_and_said_to_be_the_default() -> None:
    config = config_from()
    assert config.opening_hours == DEFAULT_OPENING_HOURS
    assert not config.opening_hours_configured


@pytest.mark.parametrize("value", [WEEK, json.dumps(WEEK)], ids=["from cdk.json", "from -c"])
def test_opening_hours_are_read_from_cdk_json_or_a_c_value(value: object) -> None:
    config = config_from(opening_hours=value)
    assert config.opening_hours_configured
    assert config.opening_hours.entries() == [
        ("MONDAY", (7, 30), (19, 0)),
        ("SATURDAY", (9, 0), (12, 0)),
        ("SATURDAY", (13, 0), (16, 0)),
    ]


def test_a_malformed_week_is_one_config_error_naming_the_key_and_the_day() -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(opening_hours={"sunday": "18:00-06:00"})
    message = str(raised.value)
    assert message.startswith('invalid context value opening_hours.sunday="18:00-06:00": ')
    assert raised.value.key == "opening_hours"
    assert "\n" not in message


def test_opening_hours_and_existing_hours_together_are_one_line_naming_both() -> None:
    with pytest.raises(ConfigError) as raised:
        config_from(opening_hours="24/7", hours_of_operation_arn=HOURS_ARN)
    message = str(raised.value)
    assert message.startswith(
        f"invalid context: opening_hours='24/7' and hours_of_operation_arn={HOURS_ARN!r} cannot "
        "be combined: "
    )
    assert "\n" not in message


def test_every_queue_existing_with_opening_hours_creates_the_hours() -> None:
    config = config_from(**EVERY_QUEUE_EXISTING, opening_hours="24/7")
    assert config.existing_hours_of_operation_arn is None
    assert config.opening_hours.always_open


def test_the_created_hours_keep_the_configured_week_in_the_configured_zone(tmp_path: Path) -> None:
    app = synthesize({"opening_hours": WEEK, "time_zone": "Europe/Dublin"}, tmp_path)
    (hours,) = [
        resource["Properties"]
        for resource in app.connect_template["Resources"].values()
        if resource["Type"] == "AWS::Connect::HoursOfOperation"
    ]
    assert hours["TimeZone"] == "Europe/Dublin"
    assert [(entry["Day"], entry["StartTime"], entry["EndTime"]) for entry in hours["Config"]] == [
        ("MONDAY", {"Hours": 7, "Minutes": 30}, {"Hours": 19, "Minutes": 0}),
        ("SATURDAY", {"Hours": 9, "Minutes": 0}, {"Hours": 12, "Minutes": 0}),
        ("SATURDAY", {"Hours": 13, "Minutes": 0}, {"Hours": 16, "Minutes": 0}),
    ]
    assert (
        "  note: opening hours (opening_hours): Mon 07:30-19:00, Tue-Fri closed, "
        "Sat 09:00-12:00, 13:00-16:00, Sun closed, time zone Europe/Dublin; outside them callers "
        "hear the closed message and are disconnected"
    ) in summarize(app.directory)


def test_synth_notes_say_the_default_schedule_when_opening_hours_is_not_set(
    synthesized_app: Callable[[str], SynthesizedApp],
) -> None:
    app = synthesized_app("same-region")
    assert (
        "  note: opening hours (the default schedule, as opening_hours is not set): "
        f"{DEFAULT_OPENING_HOURS.describe()}, time zone America/New_York; outside them callers "
        "hear the closed message and are disconnected"
    ) in summarize(app.directory)


def test_hours_open_24_7_have_no_closed_message_in_the_notes(tmp_path: Path) -> None:
    app = synthesize({"opening_hours": "24/7"}, tmp_path)
    notes = [line for line in summarize(app.directory) if "opening hours" in line]
    (note,) = notes
    assert note.startswith("  note: opening hours (opening_hours): open 24/7, time zone ")
    assert "closed" not in note
