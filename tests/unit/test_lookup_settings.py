"""The function's configuration from its environment: names, precedence and safe fallbacks."""

from __future__ import annotations

import pytest

from customer_lookup.settings import Settings


def test_an_empty_environment_gives_the_documented_defaults() -> None:
    assert Settings.from_env({}) == Settings(
        table_name="",
        default_country="US",
        endpoint_url=None,
        region=None,
        connect_timeout_ms=500,
        read_timeout_ms=800,
        max_attempts=3,
        safety_margin_ms=150,
        metrics_namespace="CustomerLookup",
        service_name="customer-lookup",
    )


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "CUSTOMER_TABLE_NAME": " customers-prod ",
            "DEFAULT_COUNTRY": " gb ",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:8000",
            "AWS_REGION": "eu-west-2",
            "DYNAMODB_CONNECT_TIMEOUT_MS": "250",
            "DYNAMODB_READ_TIMEOUT_MS": "600",
            "DYNAMODB_MAX_ATTEMPTS": "2",
            "SAFETY_MARGIN_MS": "300",
            "METRICS_NAMESPACE": "Lookups/Test",
            "SERVICE_NAME": "lookup-eu",
        }
    )
    assert settings == Settings(
        table_name="customers-prod",
        default_country="GB",
        endpoint_url="http://127.0.0.1:8000",
        region="eu-west-2",
        connect_timeout_ms=250,
        read_timeout_ms=600,
        max_attempts=2,
        safety_margin_ms=300,
        metrics_namespace="Lookups/Test",
        service_name="lookup-eu",
    )


def test_a_blank_default_country_falls_back_to_us() -> None:
    assert Settings.from_env({"DEFAULT_COUNTRY": ""}).default_country == "US"


def test_the_dynamodb_specific_endpoint_wins_over_the_general_one() -> None:
    env = {
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8001",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:8002",
    }
    assert Settings.from_env(env).endpoint_url == "http://127.0.0.1:8001"


def test_the_general_endpoint_is_used_when_no_dynamodb_one_is_set() -> None:
    env = {"AWS_ENDPOINT_URL_DYNAMODB": "", "AWS_ENDPOINT_URL": "http://127.0.0.1:8002"}
    assert Settings.from_env(env).endpoint_url == "http://127.0.0.1:8002"


def test_aws_region_wins_over_aws_default_region() -> None:
    env = {"AWS_REGION": "eu-west-2", "AWS_DEFAULT_REGION": "us-west-2"}
    assert Settings.from_env(env).region == "eu-west-2"


def test_aws_default_region_is_used_when_aws_region_is_not_set() -> None:
    assert Settings.from_env({"AWS_DEFAULT_REGION": "us-west-2"}).region == "us-west-2"


TUNING = {
    "DYNAMODB_CONNECT_TIMEOUT_MS": ("connect_timeout_ms", 500),
    "DYNAMODB_READ_TIMEOUT_MS": ("read_timeout_ms", 800),
    "DYNAMODB_MAX_ATTEMPTS": ("max_attempts", 3),
    "SAFETY_MARGIN_MS": ("safety_margin_ms", 150),
}


@pytest.mark.parametrize("variable", sorted(TUNING))
@pytest.mark.parametrize("bad", ["0", "-1", "-250", "fast", "1.5", ""])
def test_a_zero_negative_or_non_integer_tuning_value_falls_back_to_its_default(
    variable: str, bad: str
) -> None:
    field, default = TUNING[variable]
    assert getattr(Settings.from_env({variable: bad}), field) == default


@pytest.mark.parametrize("variable", sorted(TUNING))
def test_the_smallest_positive_tuning_value_is_taken_as_given(variable: str) -> None:
    field, _ = TUNING[variable]
    assert getattr(Settings.from_env({variable: "1"}), field) == 1


def test_blank_names_fall_back_to_the_defaults() -> None:
    settings = Settings.from_env({"METRICS_NAMESPACE": "", "SERVICE_NAME": ""})
    assert (settings.metrics_namespace, settings.service_name) == (
        "CustomerLookup",
        "customer-lookup",
    )
