"""The app's configuration: CDK context read once into one typed, validated object.

Defaults live in cdk.json; `npx cdk synth -c key=value` overrides them. Values given with `-c`
arrive as strings and values from cdk.json as JSON types, so every reader accepts both. A
malformed value raises :class:`ConfigError`, whose message is the one line app.py prints: the key,
the value and the expected form.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aws_cdk.region_info import RegionInfo

from flows.adopt.package import is_adopted_package
from flows.customer_lookup.flow import (
    DEFAULT_INVOCATION_TIMEOUT_SECONDS,
    LOOKUP_ALIAS,
    LOOKUP_FUNCTION_NAME_PREFIX,
    QUEUE_NAMES,
)
from flows.language.arns import (
    ACCOUNT_ID,
    ALIAS_NAME,
    ALIAS_NAME_FORM,
    HOURS_OF_OPERATION_ARN_FORM,
    INSTANCE_ARN_FORM,
    MAX_ASSOCIATED_FUNCTION_ARN_LENGTH,
    PHONE_NUMBER_ARN_FORM,
    QUEUE_ARN_FORM,
    REGION,
    TOPIC_ARN_FORM,
    ArnError,
    ConnectInstanceArn,
    lambda_function_arn,
    parse_connect_hours_of_operation_arn,
    parse_connect_instance_arn,
    parse_connect_phone_number_arn,
    parse_connect_queue_arn,
    parse_sns_topic_arn,
)
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from flows.language.facts import MAX_INVOCATION_SECONDS
from flows.model.references import RENAMES_FORM, BadReference, parse_function_renames
from flows.testing.regions import TEST_CASE_REGIONS, TEST_CASE_REGIONS_SOURCE, offers_test_cases
from stacks.context_keys import check_context_keys, known_context_keys
from stacks.opening_hours import (
    DEFAULT_OPENING_HOURS,
    OpeningHours,
    OpeningHoursError,
    parse_opening_hours,
)
from stacks.regions import (
    CONNECT_REGIONS,
    SNAP_START_SOURCE,
    local_time_zone,
    offers_snap_start,
)


def queue_context_key(queue_name: str) -> str:
    """The context key that names an existing queue to use instead of one this app creates:
    General -> queue_arn_general, CaseSpecialists -> queue_arn_case_specialists."""
    return "queue_arn_" + re.sub(r"(?<!^)(?=[A-Z])", "_", queue_name).lower()


def queue_context_keys(queue_names: tuple[str, ...]) -> Mapping[str, str]:
    """Queue name -> its context key, for the queues of a routing table."""
    return MappingProxyType({name: queue_context_key(name) for name in queue_names})


# Each queue of the routing table (flows/customer_lookup/routing.py) with its context key.
QUEUE_CONTEXT_KEYS: Mapping[str, str] = queue_context_keys(QUEUE_NAMES)

# A stage ends up in function, stack, queue and flow names: keep it short and plain.
_STAGE = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
STAGE_FORM = "1-20 lowercase letters, digits or '-', starting with a letter, e.g. dev"
QUEUE_OF_INSTANCE_FORM = f"{QUEUE_ARN_FORM} of the configured instance"
HOURS_OF_INSTANCE_FORM = f"{HOURS_OF_OPERATION_ARN_FORM} of the configured instance"
# The hours the flow checks before queueing a caller: this app creates them unless the context
# key names existing ones. With every queue an existing one the app creates no hours, so the key
# is then required (a created set of hours unrelated to the queues' own would be a guess).
HOURS_NEEDED_FORM = (
    f"{HOURS_OF_INSTANCE_FORM}: the hours the flow checks before queueing a caller, needed "
    "because every queue is an existing one (queue_arn_* keys) and this app then creates no hours "
    "unless opening_hours gives their week"
)

# Connect waits at most 8 s for a synchronous function; the function's own timeout (a whole
# number of seconds, at least 1) must stay strictly below the flow's limit, hence at least 2.
MIN_INVOCATION_TIMEOUT_SECONDS = 2
MAX_INVOCATION_TIMEOUT_SECONDS = MAX_INVOCATION_SECONDS
# `routing_profile`: create a routing profile with the flow's queues (agents are then assigned to
# it), or leave routing profiles to the instance's administrators.
ROUTING_PROFILE_CHOICES = ("create", "none")
# Lambda keeps this much of an account's concurrency unreserved in each region: provisioned
# concurrency on a function without reserved concurrency may take the unreserved concurrency
# minus 100 (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html,
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). Asking for more
# fails on the alias, and the stack rolls back.
UNRESERVED_CONCURRENCY_FLOOR = 100
# Lambda's default concurrency quota per account and region
# (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); many new accounts
# start lower (10), which `lambda_concurrency_quota` and scripts/preflight.py are there for.
DEFAULT_LAMBDA_CONCURRENCY_QUOTA = 1000
# Enough to catch a slip (a missing '@', a space, no domain); SNS confirms the address itself.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ConfigError(ValueError):
    """A context value that is missing or malformed; the message is one line for the user."""

    def __init__(self, key: str, value: object, expected: str) -> None:
        shown = "(missing)" if value is None else repr(value)
        super().__init__(f"invalid context value {key}={shown}: expected {expected}")
        self.key = key

    @classmethod
    def from_message(cls, key: str, message: str) -> ConfigError:
        """An error already said in full (one line naming the key)."""
        error = cls.__new__(cls)
        ValueError.__init__(error, message)
        error.key = key
        return error


class ConfigConflict(ConfigError):
    """Two context values that are each valid but cannot be deployed together."""

    def __init__(self, settings: Mapping[str, object], why: str) -> None:
        shown = " and ".join(f"{key}={value!r}" for key, value in settings.items())
        ValueError.__init__(self, f"invalid context: {shown} cannot be combined: {why}")
        self.key = next(iter(settings))
        self.keys = tuple(settings)


@dataclass(frozen=True)
class ColdStartOptions:
    """What the function does against cold starts; neither option unless asked for.

    SnapStart (``snap_start``) restores new execution environments from a snapshot of an
    initialised one; provisioned concurrency (``provisioned_concurrency``) keeps that many
    environments initialised on the alias, paid for all the time. Lambda refuses SnapStart on a
    function with provisioned concurrency, so asking for both is a configuration error, and so is
    SnapStart in a region that lacks it (:func:`stacks.regions.offers_snap_start`).
    https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html

    Provisioned concurrency must leave :data:`UNRESERVED_CONCURRENCY_FLOOR` of the account's
    concurrency quota (``lambda_concurrency_quota``, Lambda's default unless told) unreserved;
    the quota actually granted, and what other functions already reserve, are read from the
    account by scripts/preflight.py.
    """

    snap_start: bool = False
    provisioned_concurrency: int = 0  # environments kept initialised on the alias; 0 = none
    lambda_concurrency_quota: int = DEFAULT_LAMBDA_CONCURRENCY_QUOTA

    @property
    def max_provisioned_concurrency(self) -> int:
        """The most the quota allows while leaving the unreserved floor (0 when it allows none)."""
        return max(0, self.lambda_concurrency_quota - UNRESERVED_CONCURRENCY_FLOOR)

    @classmethod
    def from_context(
        cls, get: Callable[[str], Any], *, region: str, partition: str
    ) -> ColdStartOptions:
        """``region`` and ``partition``: where the function is deployed (the lookup region)."""
        snap_start_value = get("snap_start")
        concurrency_value = get("provisioned_concurrency")
        quota_value = get("lambda_concurrency_quota")
        options = cls(
            snap_start=_flag("snap_start", snap_start_value),
            provisioned_concurrency=_whole_number("provisioned_concurrency", concurrency_value),
            lambda_concurrency_quota=_quota(quota_value),
        )
        if options.snap_start and options.provisioned_concurrency:
            raise ConfigConflict(
                {"snap_start": snap_start_value, "provisioned_concurrency": concurrency_value},
                "Lambda does not support SnapStart together with provisioned concurrency; "
                "choose one",
            )
        if options.snap_start and not offers_snap_start(region, partition):
            raise ConfigError(
                "snap_start",
                snap_start_value,
                f"false in {region}, where the function is deployed: Lambda SnapStart is not "
                f"offered there ({SNAP_START_SOURCE})",
            )
        if options.provisioned_concurrency > options.max_provisioned_concurrency:
            raise ConfigError(
                "provisioned_concurrency",
                concurrency_value,
                f"at most {options.max_provisioned_concurrency}: Lambda keeps "
                f"{UNRESERVED_CONCURRENCY_FLOOR} of the account's concurrency quota "
                f"({options.lambda_concurrency_quota}, lambda_concurrency_quota) unreserved; "
                "with a raised quota, give it as -c lambda_concurrency_quota=N",
            )
        return options


@dataclass(frozen=True)
class AppConfig:
    """Where each part goes and what it is called; every value already validated."""

    instance: ConnectInstanceArn
    stage: str
    lookup_account: str
    lookup_region: str
    invocation_timeout_seconds: int = DEFAULT_INVOCATION_TIMEOUT_SECONDS
    # Hours of operation; empty means the local time of the instance's region (stacks/regions.py).
    time_zone: str = ""
    # The week the created hours of operation keep (context key opening_hours); whether it was
    # configured or is the default schedule, which `cdk synth` then states among its notes.
    opening_hours: OpeningHours = DEFAULT_OPENING_HOURS
    opening_hours_configured: bool = False
    # The queues of the routing table the flow is built from, each created unless an existing
    # one is configured (queue_arn_<snake_name>).
    queue_names: tuple[str, ...] = QUEUE_NAMES
    # Queue name (a key of QUEUE_CONTEXT_KEYS) -> ARN of an existing queue to use instead.
    existing_queue_arns: Mapping[str, str] = field(default_factory=dict)
    # A routing profile with the flow's queues, for the agents who answer them.
    create_routing_profile: bool = True
    # A number claimed in the instance, to send to the customer-lookup flow; None leaves numbers
    # as they are.
    phone_number_arn: str | None = None
    # Who hears of the alarms: an e-mail address (a topic is created for it) and/or an existing
    # topic in the lookup region. Neither: the alarms only change state.
    alarm_email: str | None = None
    alarm_topic_arn: str | None = None
    # Existing hours of operation for the flow's check and the created queues, instead of the
    # hours this app creates (context key hours_of_operation_arn).
    existing_hours_of_operation_arn: str | None = None
    # The alias Connect calls; it points at the version published by the latest deployment.
    lookup_alias: str = LOOKUP_ALIAS
    # The alias Connect called before lookup_alias was renamed, kept (with its permission) for
    # one deployment so that the flow never names a deleted alias while it moves to the new one.
    previous_lookup_alias: str | None = None
    cold_starts: ColdStartOptions = field(default_factory=ColdStartOptions)
    # The flow's test cases as AWS::Connect::TestCase resources (context key deploy_test_cases;
    # from context, the default is whether Amazon Connect offers test cases in the instance's
    # region: flows/testing/regions.py).
    deploy_test_cases: bool = False
    # Packages written by `python -m flows adopt`, deployed into the instance in a stack of their
    # own (context key adopted_flows), and the names their functions have in the instance's
    # account and region where those differ (context key adopted_function_names).
    adopted_flows: tuple[Path, ...] = ()
    adopted_function_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.time_zone:
            zone = local_time_zone(self.instance.region)
            if zone is None:
                raise ConfigError(
                    "time_zone",
                    None,
                    f"an IANA time zone name: the instance's region {self.instance.region} is not "
                    f"one of the regions whose local time is known ({', '.join(CONNECT_REGIONS)})",
                )
            object.__setattr__(self, "time_zone", zone)

    @property
    def lookup_function_name(self) -> str:
        return f"{LOOKUP_FUNCTION_NAME_PREFIX}{self.stage}"

    @property
    def lookup_function_unqualified_arn(self) -> str:
        """The function itself; known before deployment (explicit name), so no cross-region
        reference is needed."""
        return lambda_function_arn(
            partition=self.instance.partition,
            region=self.lookup_region,
            account=self.lookup_account,
            name=self.lookup_function_name,
        )

    @property
    def lookup_function_arn(self) -> str:
        """The alias ARN: what the flow invokes, the permission covers and Connect associates.

        A permission applies to the ARN it was added for, so Connect is granted the alias, and
        every place that names the function names this same ARN.
        """
        return f"{self.lookup_function_unqualified_arn}:{self.lookup_alias}"

    @property
    def lookup_is_with_instance(self) -> bool:
        """Same account and region: only then can Connect list (associate) the function."""
        return (self.lookup_account, self.lookup_region) == (
            self.instance.account,
            self.instance.region,
        )

    @property
    def function_timeout_seconds(self) -> int:
        """One second under the flow's limit, so the function answers before Connect gives up."""
        return self.invocation_timeout_seconds - 1

    @property
    def queue_context_keys(self) -> Mapping[str, str]:
        """Queue name -> the context key naming an existing queue, for this app's queues."""
        return queue_context_keys(self.queue_names)

    @classmethod
    def from_context(
        cls, get: Callable[[str], Any], *, queue_names: tuple[str, ...] = QUEUE_NAMES
    ) -> AppConfig:
        """Read and check every key; ``get`` is ``app.node.try_get_context``. ``queue_names``:
        the queues of the routing table the app is built from (the application's own)."""
        instance = _instance(get("instance_arn"))
        keys = queue_context_keys(queue_names)
        hours_value = get("opening_hours")
        hours_arn_value = get("hours_of_operation_arn")
        region = _region(
            "lookup_region", get("lookup_region") or instance.region, instance.partition
        )
        config = cls(
            instance=instance,
            stage=_matching("stage", get("stage"), _STAGE, STAGE_FORM),
            lookup_account=_matching(
                "lookup_account",
                get("lookup_account") or instance.account,
                ACCOUNT_ID,
                "a 12-digit AWS account id",
            ),
            lookup_region=region,
            invocation_timeout_seconds=_timeout(get("invocation_timeout_seconds")),
            time_zone=_time_zone(get("time_zone")),
            opening_hours=_opening_hours(hours_value, hours_arn_value),
            opening_hours_configured=not _unset(hours_value),
            queue_names=queue_names,
            existing_queue_arns=MappingProxyType(
                existing := {
                    name: _queue_arn(key, value, instance)
                    for name, key in keys.items()
                    if (value := get(key))
                }
            ),
            create_routing_profile=_routing_profile(get("routing_profile")),
            phone_number_arn=_phone_number_arn(get("phone_number_arn"), instance),
            alarm_email=_email("alarm_email", get("alarm_email")),
            alarm_topic_arn=_topic_arn(
                "alarm_topic_arn", get("alarm_topic_arn"), instance.partition, region
            ),
            existing_hours_of_operation_arn=_hours_arn(
                hours_arn_value,
                instance,
                required=len(existing) == len(keys) and _unset(hours_value),
            ),
            lookup_alias=(alias := _alias(get("lookup_alias"))),
            previous_lookup_alias=_previous_alias(get("previous_lookup_alias"), alias),
            cold_starts=ColdStartOptions.from_context(
                get, region=region, partition=instance.partition
            ),
            deploy_test_cases=_deploy_test_cases(get("deploy_test_cases"), instance),
            adopted_flows=_adopted_flows(get("adopted_flows")),
            adopted_function_names=MappingProxyType(_function_names(get("adopted_function_names"))),
        )
        _check_associated_arn_length(config)
        return config


def _instance(value: object) -> ConnectInstanceArn:
    try:
        instance = parse_connect_instance_arn(value)
    except ArnError:
        raise ConfigError("instance_arn", value, INSTANCE_ARN_FORM) from None
    _region("instance_arn", instance.region, instance.partition, shown=value)
    return instance


def _matching(key: str, value: object, pattern: re.Pattern[str], expected: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise ConfigError(key, value, expected)
    return value


@cache
def _known_regions() -> Mapping[str, str]:
    """Region -> partition, as aws-cdk-lib knows them (a CDK upgrade brings new regions)."""
    return {info.name: info.partition or "" for info in RegionInfo.regions}


def _region(key: str, value: object, partition: str, *, shown: object = None) -> str:
    expected = f"a region of the {partition} partition that aws-cdk-lib knows, e.g. us-east-1"
    text = value if isinstance(value, str) else ""
    if not REGION.match(text) or _known_regions().get(text) != partition:
        raise ConfigError(key, value if shown is None else shown, expected)
    return text


def _timeout(value: object) -> int:
    if value is None:
        return DEFAULT_INVOCATION_TIMEOUT_SECONDS
    text = str(value).strip()
    seconds = -1 if isinstance(value, bool) or not text.isdigit() else int(text)
    if not MIN_INVOCATION_TIMEOUT_SECONDS <= seconds <= MAX_INVOCATION_TIMEOUT_SECONDS:
        raise ConfigError(
            "invocation_timeout_seconds",
            value,
            f"whole seconds from {MIN_INVOCATION_TIMEOUT_SECONDS} to "
            f"{MAX_INVOCATION_TIMEOUT_SECONDS} (Connect's limit is {MAX_INVOCATION_SECONDS}; the "
            "function's timeout is one second less)",
        )
    return seconds


def _alias(value: object) -> str:
    if value is None:
        return LOOKUP_ALIAS
    return _matching("lookup_alias", value, ALIAS_NAME, ALIAS_NAME_FORM)


def _previous_alias(value: object, current: str) -> str | None:
    """The alias being renamed away from: a valid alias name other than the current one."""
    if value is None or value == "":
        return None
    previous = _matching("previous_lookup_alias", value, ALIAS_NAME, ALIAS_NAME_FORM)
    if previous == current:
        raise ConfigError(
            "previous_lookup_alias",
            value,
            f"the alias being renamed away from, not lookup_alias itself ({current!r}); leave "
            "it unset once the flow calls the new alias",
        )
    return previous


_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off", ""})


def _flag(key: str, value: object) -> bool:
    """A switch: JSON true/false from cdk.json, or true/false (yes/no, 1/0, on/off) from -c."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if isinstance(value, str | int) and text in _TRUE | _FALSE:
        return text in _TRUE
    raise ConfigError(key, value, "true or false")


def _whole_number(key: str, value: object) -> int:
    if value is None:
        return 0
    text = str(value).strip()
    if isinstance(value, bool) or not isinstance(value, str | int) or not _digits(text):
        raise ConfigError(key, value, "a whole number of execution environments, e.g. 2 (0: none)")
    return int(text)


def _quota(value: object) -> int:
    if value is None or value == "":
        return DEFAULT_LAMBDA_CONCURRENCY_QUOTA
    text = str(value).strip()
    if isinstance(value, bool) or not isinstance(value, str | int) or not _digits(text):
        raise ConfigError(
            "lambda_concurrency_quota",
            value,
            "the lookup account's Lambda concurrency quota in the lookup region, a whole number "
            f"(default {DEFAULT_LAMBDA_CONCURRENCY_QUOTA}, Lambda's default)",
        )
    return int(text)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _check_associated_arn_length(config: AppConfig) -> None:
    """The alias ARN is what Connect associates; past Connect's limit the association (and
    scripts/grant_connect_access.py) would fail at deployment, so stop here instead."""
    arn = config.lookup_function_arn
    if len(arn) > MAX_ASSOCIATED_FUNCTION_ARN_LENGTH:
        raise ConfigError(
            "lookup_alias",
            config.lookup_alias,
            f"a shorter alias: the function's alias ARN {arn} is {len(arn)} characters, and "
            f"Connect associates at most {MAX_ASSOCIATED_FUNCTION_ARN_LENGTH}",
        )


def _time_zone(value: object) -> str:
    """An explicit zone, or '' for the local time of the instance's region."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or value not in zoneinfo.available_timezones():
        raise ConfigError("time_zone", value, "an IANA time zone name, e.g. Europe/London")
    return value


def _unset(value: object) -> bool:
    return value is None or value == ""


def _opening_hours(value: object, hours_arn: object) -> OpeningHours:
    """The week to create hours for: ``opening_hours``, else the default schedule. Existing
    hours (``hours_of_operation_arn``) keep their own week, so giving both is a mistake."""
    if _unset(value):
        return DEFAULT_OPENING_HOURS
    if not _unset(hours_arn):
        raise ConfigConflict(
            {"opening_hours": value, "hours_of_operation_arn": hours_arn},
            "the existing hours of operation keep their own week; give opening_hours to have "
            "this app create hours, or hours_of_operation_arn to use existing ones",
        )
    try:
        return parse_opening_hours(value)
    except OpeningHoursError as error:
        raise ConfigError.from_message("opening_hours", str(error)) from None


def _routing_profile(value: object) -> bool:
    if value is None:
        return True
    if value not in ROUTING_PROFILE_CHOICES:
        raise ConfigError(
            "routing_profile",
            value,
            "create (a routing profile with the flow's queues, the default) or none",
        )
    return value == "create"


def _phone_number_arn(value: object, instance: ConnectInstanceArn) -> str | None:
    """A number the instance has claimed: same partition, account and region as the instance."""
    if value is None or value == "":
        return None
    where = f"{instance.account}, {instance.region}"
    expected = f"{PHONE_NUMBER_ARN_FORM} in the configured instance's account and region ({where})"
    try:
        number = parse_connect_phone_number_arn(value)
    except ArnError:
        raise ConfigError("phone_number_arn", value, expected) from None
    if (number.partition, number.account, number.region) != (
        instance.partition,
        instance.account,
        instance.region,
    ):
        raise ConfigError("phone_number_arn", value, expected)
    return number.arn


def _email(key: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise ConfigError(key, value, "an e-mail address, e.g. oncall@example.com")
    return value.strip()


def _topic_arn(key: str, value: object, partition: str, lookup_region: str) -> str | None:
    """An alarm notifies a topic of its own region: the lookup region, where the alarms are."""
    if value is None or value == "":
        return None
    expected = f"{TOPIC_ARN_FORM} in the lookup region ({lookup_region}), where the alarms are"
    try:
        topic = parse_sns_topic_arn(value)
    except ArnError:
        raise ConfigError(key, value, expected) from None
    if (topic.partition, topic.region) != (partition, lookup_region):
        raise ConfigError(key, value, expected)
    return topic.arn


def _hours_arn(value: object, instance: ConnectInstanceArn, *, required: bool) -> str | None:
    """Existing hours must live in the configured instance; required when no hours are created."""
    key = "hours_of_operation_arn"
    if not value:
        if required:
            raise ConfigError(key, None, HOURS_NEEDED_FORM)
        return None
    try:
        hours = parse_connect_hours_of_operation_arn(value)
    except ArnError:
        raise ConfigError(key, value, HOURS_OF_INSTANCE_FORM) from None
    if hours.instance.arn != instance.arn:
        raise ConfigError(key, value, HOURS_OF_INSTANCE_FORM)
    return hours.arn


def _queue_arn(key: str, value: object, instance: ConnectInstanceArn) -> str:
    """An existing queue must live in the configured instance: the flow can use no other."""
    try:
        queue = parse_connect_queue_arn(value)
    except ArnError:
        raise ConfigError(key, value, QUEUE_OF_INSTANCE_FORM) from None
    if queue.instance.arn != instance.arn:
        raise ConfigError(key, value, QUEUE_OF_INSTANCE_FORM)
    return queue.arn


def _deploy_test_cases(value: object, instance: ConnectInstanceArn) -> bool:
    """Unset: deploy where Amazon Connect offers test cases. ``true`` where it does not is
    refused here, so that the resource type a region lacks never reaches ``cdk deploy``."""
    key = "deploy_test_cases"
    offered = offers_test_cases(instance.region)
    if value is None or value == "":
        return offered
    text = str(value).strip().lower() if isinstance(value, bool | str) else ""
    if text not in ("true", "false"):
        raise ConfigError(key, value, "true or false")
    if text == "true" and not offered:
        raise ConfigError(
            key,
            value,
            f"false in {instance.region}: Amazon Connect offers test cases only in "
            f"{', '.join(TEST_CASE_REGIONS)} ({TEST_CASE_REGIONS_SOURCE})",
        )
    return text == "true"


ADOPTED_FLOWS_FORM = (
    "package folders written by `python -m flows adopt`, comma-separated, e.g. adopted/sales"
)


def _adopted_flows(value: object) -> tuple[Path, ...]:
    """Package folders (relative to where `cdk` runs); each must be an adopted package."""
    if value is None or value == "":
        return ()
    parts = value if isinstance(value, list) else str(value).split(",")
    paths = tuple(Path(str(part).strip()) for part in parts if str(part).strip())
    if not paths or any(not is_adopted_package(path) for path in paths):
        raise ConfigError("adopted_flows", value, ADOPTED_FLOWS_FORM)
    if len(set(paths)) != len(paths):
        raise ConfigError("adopted_flows", value, ADOPTED_FLOWS_FORM + ", each once")
    return paths


def _function_names(value: object) -> dict[str, str]:
    try:
        return parse_function_renames(value)
    except BadReference:
        raise ConfigError("adopted_function_names", value, RENAMES_FORM) from None


# A configuration the app accepts with every other key unset: reading it asks for every key the
# app reads (stacks/context_keys.py), whatever the user's cdk.json holds.
MINIMAL_CONTEXT: Mapping[str, str] = MappingProxyType(
    {"instance_arn": SANDBOX_INSTANCE_ARN, "stage": "dev"}
)


def known_keys(queue_names: tuple[str, ...] = QUEUE_NAMES) -> frozenset[str]:
    """Every context key the app reads, for an app with these queues."""
    return frozenset(
        known_context_keys(
            lambda get: AppConfig.from_context(get, queue_names=queue_names), MINIMAL_CONTEXT
        )
    )


def config_from_context(
    context: Mapping[str, Any], *, queue_names: tuple[str, ...] = QUEUE_NAMES
) -> AppConfig:
    """The configuration ``context`` holds: first every key is checked to be one the app reads
    (raises :class:`stacks.context_keys.UnknownContextKey`), then every value
    (:class:`ConfigError`). app.py and scripts/preflight.py read the configuration this way."""
    check_context_keys(context, known_keys(queue_names))
    return AppConfig.from_context(context.get, queue_names=queue_names)
