"""The context key hours_of_operation_arn: existing hours for the flow's check and the queues."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from stacks.config import QUEUE_CONTEXT_KEYS, AppConfig, ConfigError
from tests.infra.conftest import CDK_JSON_CONTEXT, synthesize

pytestmark = pytest.mark.infra

SANDBOX_ARN = CDK_JSON_CONTEXT["instance_arn"]
HOURS_ARN = f"{SANDBOX_ARN}/operating-hours/33333333-0000-4000-8000-000000000000"
EVERY_QUEUE_EXISTING = {
    key: f"{SANDBOX_ARN}/queue/{index:08d}-1111-4000-8000-000000000000"
    for index, key in enumerate(QUEUE_CONTEXT_KEYS.values())
}


def config_from(**overrides: Any) -> AppConfig:
    context: Mapping[str, Any] = {**CDK_JSON_CONTEXT, **overrides}
    return AppConfig.from_context(context.get)


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
