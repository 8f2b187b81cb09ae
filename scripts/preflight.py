"""What would make ``cdk deploy`` fail, found before it runs; with ``--destroy``, what must be
released by hand before ``cdk destroy``. Nothing is changed: every AWS call is a read.

    python scripts/preflight.py [-c KEY=VALUE ...] [--cdk-json PATH]
        [--profile P] [--connect-profile P] [--destroy | --settings]
    make preflight ARGS="-c instance_arn=ARN -c stage=prod"

``--settings`` checks nothing in AWS: it prints the deployment's settings, as the app resolves
them from cdk.json and the ``-c`` values, as NAME=VALUE lines (``STAGE``, ``INSTANCE_ARN``,
``INSTANCE_REGION``, ``LOOKUP_REGION``, ``LOOKUP_STACK``, ``CONNECT_STACK``,
``TEST_CASE_PREFIX``), the form of GitHub Actions' ``$GITHUB_ENV``; the deploy workflow reads
its settings this way rather than repeating any of cdk.json's.

The configuration is the app's own: cdk.json's context with each ``-c KEY=VALUE`` over it, as
``npx cdk deploy -c ...`` gives it to app.py, read by the same :class:`stacks.config.AppConfig`.
A value the app would refuse is a finding here too, in the app's own words.

First what needs no AWS call: the sandbox instance still configured (one line saying to set
``instance_arn``, and nothing else is checked), placeholder ARNs, accounts and addresses, and
the features the lookup region lacks (the app's region tables). Any finding there ends the run
before AWS is called. Then, with the caller's credentials (``--profile`` for the lookup account,
``--connect-profile`` for the instance's, as scripts/grant_connect_access.py takes them), each
environment's credentials are checked to belong to its account, and:

- the CDK bootstrap stack exists in each environment the app deploys to;
- the instance exists and is ACTIVE;
- the flow, queue, hours and routing-profile names are free, or taken by this app's stack;
- with ``adopted_flows``: the adopted flows' and modules' names are free, or their stack's, and
  every resource they name (queues, prompts, hours, quick connects, routing profiles, flows
  outside the set) is in the instance and every function they call is associated with it by
  the ARN the flow calls, all missing ones in one finding, as the deployment's check would fail
  on them (Lex bot aliases are left to the deployment's lookup, and the line says how many);
- whether the function's alias is already associated with the instance, and by whom: an
  association made outside CloudFormation (scripts/grant_connect_access.py) makes the stack's
  ``AWS::Connect::IntegrationAssociation`` fail as already existing;
- a configured phone number is claimed, by this instance;
- no function and no log group of the function's name exist outside the stack;
- the account's unreserved concurrency leaves 100 after ``provisioned_concurrency``;
- a renamed ``lookup_alias`` keeps the deployed alias (``previous_lookup_alias``) for one
  deployment, so that the flow never names a deleted alias.

``--destroy`` lists what would make ``cdk destroy`` fail: phone numbers attached by hand to the
flow (or to an adopted flow, with ``adopted_flows``), agents assigned to the routing profile.
It also notes what the destroy keeps (the table).

Output: one line per check on stdout, ``STATUS    CHECK: text``, STATUS one of ok, finding,
release (``--destroy``), unchecked (could not check: which and why), note, warning; a summary on
stderr. Exit status: 0 ready (nothing to release), 1 findings (something to release), 2 could
not check (bad command line, no credentials, no network...) and nothing was found.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from flows.adopt.pull import LIST_CALLS
from flows.command_line import TextFileError, read_text_file
from flows.language.arns import parse_connect_instance_arn, parse_connect_phone_number_arn
from flows.language.connect_lambda import SANDBOX_INSTANCE_ARN
from scripts.aws_errors import AwsProblem, describe
from scripts.command_line import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    counted,
    run_main,
)
from stacks import names
from stacks.config import (
    UNRESERVED_CONCURRENCY_FLOOR,
    AppConfig,
    ConfigError,
    config_from_context,
)
from stacks.connect_test_cases import test_case_name_prefix
from stacks.context_keys import UnknownContextKey
from stacks.regions import SNAP_START_SOURCE, offers_snap_start

PROG = "preflight.py"
REPO_ROOT = Path(__file__).resolve().parents[1]
CDK_JSON = REPO_ROOT / "cdk.json"
# The bootstrap stack `npx cdk bootstrap` creates (its default name).
BOOTSTRAP_STACK = "CDKToolkit"
SANDBOX_ACCOUNT = parse_connect_instance_arn(SANDBOX_INSTANCE_ARN).account
# Account ids that stand for "fill in yours": the sandbox's, AWS documentation's example, and
# any of one digit twelve times (111111111111, 222222222222...).
EXAMPLE_ACCOUNT = "123456789012"
# Ids of the form the sandbox and the README use as stand-ins: a UUID starting 00000000-.
PLACEHOLDER_ID = re.compile(r"(?:^|/)00000000-[0-9a-f-]+$")
# Domains reserved for documentation (RFC 2606): no mailbox receives there.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
# A stack that ended in one of these is not a working stack (bootstrap, or this app's).
FAILED_STACK_STATUSES = frozenset(
    {"CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED", "DELETE_COMPLETE"}
)
# Calls are reads; a few quick retries, and no long wait on a network that is not there.
CLIENT_CONFIG = Config(
    retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=20
)


# --- what a run reports ----------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    status: str  # ok, finding, release, unchecked, note, warning
    check: str
    text: str

    def __str__(self) -> str:
        return f"{self.status:10}{self.check}: {self.text}"


BLOCKING = frozenset({"finding", "release"})


def exit_status(lines: Sequence[Line]) -> int:
    """1 when anything must change first; else 2 when something could not be checked; else 0."""
    if any(line.status in BLOCKING for line in lines):
        return EXIT_FAILED
    if any(line.status == "unchecked" for line in lines):
        return EXIT_ERROR
    return EXIT_OK


# --- the configuration, as the app reads it ----------------------------------------------------


def read_context(cdk_json: Path, overrides: Sequence[str]) -> dict[str, Any]:
    """cdk.json's ``context`` with each ``KEY=VALUE`` over it (values as strings, as from -c)."""
    try:
        text = read_text_file(cdk_json, expected="cdk.json, the CDK app's settings")
    except TextFileError as exc:
        raise BadInput(str(exc)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{cdk_json}:{exc.lineno}: not valid JSON: {exc.msg} at column {exc.colno}"
        ) from None
    context = document.get("context", {}) if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise BadInput(f"{cdk_json}: 'context' is not an object")
    for override in overrides:
        key, separator, value = override.partition("=")
        if not separator or not key:
            raise BadInput(f"-c {override!r}: expected KEY=VALUE, e.g. -c stage=prod")
        context[key] = value
    return context


@dataclass(frozen=True)
class ReadConfig:
    config: AppConfig | None
    lines: list[Line]


def read_config(context: Mapping[str, Any]) -> ReadConfig:
    """The app's configuration, or the app's own one-line refusal as a finding."""
    try:
        config = config_from_context(context)
    except (UnknownContextKey, ConfigError) as error:
        return ReadConfig(None, [Line("finding", "configuration", str(error))])
    return ReadConfig(config, [])


# --- checks that need no AWS call ---------------------------------------------------------------


def sandbox_line(config: AppConfig) -> Line | None:
    if config.instance.account != SANDBOX_ACCOUNT:
        return None
    return Line(
        "finding",
        "instance_arn",
        f"{config.instance.arn} is the sandbox instance (account {SANDBOX_ACCOUNT}), not yours: "
        "set instance_arn to your Connect instance (-c instance_arn=arn:aws:connect:REGION:"
        "ACCOUNT:instance/ID, or in cdk.json); nothing was checked in AWS",
    )


def _placeholder_account(account: str) -> bool:
    return account == EXAMPLE_ACCOUNT or len(set(account)) == 1


def placeholder_lines(config: AppConfig) -> list[Line]:
    """Configured values that are stand-ins from the docs or the sandbox, not real resources."""
    values: dict[str, str] = {"instance_arn": config.instance.arn}
    values.update(
        {config.queue_context_keys[name]: arn for name, arn in config.existing_queue_arns.items()}
    )
    optional = {
        "phone_number_arn": config.phone_number_arn,
        "alarm_topic_arn": config.alarm_topic_arn,
        "hours_of_operation_arn": config.existing_hours_of_operation_arn,
    }
    values.update({key: value for key, value in optional.items() if value})
    lines = []
    for key, value in values.items():
        account = value.split(":")[4]
        if _placeholder_account(account) or PLACEHOLDER_ID.search(value):
            lines.append(
                Line(
                    "finding",
                    key,
                    f"{value} looks like a placeholder (account {account}"
                    + (", id 00000000-..." if PLACEHOLDER_ID.search(value) else "")
                    + "): give the ARN of your own resource",
                )
            )
    if config.lookup_account != config.instance.account and _placeholder_account(
        config.lookup_account
    ):
        lines.append(
            Line(
                "finding",
                "lookup_account",
                f"{config.lookup_account} looks like a placeholder: give the 12-digit id of the "
                "account the function goes to",
            )
        )
    if config.alarm_email and config.alarm_email.lower().endswith(
        tuple("@" + domain for domain in EXAMPLE_DOMAINS)
    ):
        lines.append(
            Line(
                "finding",
                "alarm_email",
                f"{config.alarm_email} is at a domain reserved for examples: no mailbox receives "
                "the alarms there",
            )
        )
    return lines


def region_lines(config: AppConfig) -> list[Line]:
    """What the regions' tables say the deployment leaves out (the app refuses asking for it)."""
    lines = []
    if not config.deploy_test_cases:
        lines.append(
            Line(
                "note",
                "test cases",
                f"none deployed in {config.instance.region} (deploy_test_cases is false or "
                "Amazon Connect offers no test cases there: flows/testing/regions.py)",
            )
        )
    if not offers_snap_start(config.lookup_region, config.instance.partition):
        lines.append(
            Line(
                "note",
                "snap_start",
                f"Lambda offers no SnapStart in {config.lookup_region} ({SNAP_START_SOURCE})",
            )
        )
    return lines


def offline_lines(config: AppConfig) -> list[Line]:
    """Every check that needs no AWS call; the sandbox instance alone is one line."""
    sandbox = sandbox_line(config)
    if sandbox is not None:
        return [sandbox]
    return placeholder_lines(config) + region_lines(config)


# --- AWS: clients and reads ---------------------------------------------------------------------


@dataclass(frozen=True)
class Environment:
    """Where a stack deploys, and the profile whose credentials speak for it there."""

    name: str  # "instance" or "lookup"
    account: str
    region: str
    profile: str | None

    @property
    def label(self) -> str:
        return f"aws://{self.account}/{self.region}"


ClientFactory = Callable[[str, Environment], Any]


def aws_clients(args: argparse.Namespace) -> ClientFactory:
    """boto3 clients, one session per profile (``--profile`` and ``--connect-profile``)."""
    sessions: dict[str | None, boto3.Session] = {}

    def client(service: str, environment: Environment) -> Any:
        if environment.profile not in sessions:
            sessions[environment.profile] = boto3.Session(profile_name=environment.profile)
        session = sessions[environment.profile]
        return session.client(service, region_name=environment.region, config=CLIENT_CONFIG)

    return client


def environments(config: AppConfig, args: argparse.Namespace) -> tuple[Environment, Environment]:
    """(instance, lookup): the Connect stack's environment and the lookup stack's."""
    instance = Environment(
        "instance",
        config.instance.account,
        config.instance.region,
        args.connect_profile or args.profile,
    )
    lookup = Environment("lookup", config.lookup_account, config.lookup_region, args.profile)
    return instance, lookup


class Unchecked(Exception):
    """A check that could not run; the message says why, in one line."""


class Reader:
    """Read-only AWS calls for the checks, each failure one :class:`AwsProblem` line."""

    def __init__(self, factory: ClientFactory) -> None:
        self._factory = factory
        self._clients: dict[tuple[str, Environment], Any] = {}

    def client(self, service: str, environment: Environment) -> Any:
        key = (service, environment)
        if key not in self._clients:
            try:
                self._clients[key] = self._factory(service, environment)
            except BotoCoreError as exc:
                raise describe(f"opening a {service} client for {environment.label}", exc) from exc
        return self._clients[key]

    def call(
        self, service: str, environment: Environment, operation: str, **params: Any
    ) -> dict[str, Any]:
        client = self.client(service, environment)
        try:
            response: dict[str, Any] = getattr(client, xform_name(operation))(**params)
        except (ClientError, BotoCoreError) as exc:
            raise describe(f"{service} {operation} in {environment.label}", exc) from exc
        return response

    def pages(
        self, service: str, environment: Environment, operation: str, **params: Any
    ) -> Iterator[dict[str, Any]]:
        client = self.client(service, environment)
        try:
            yield from client.get_paginator(xform_name(operation)).paginate(**params)
        except (ClientError, BotoCoreError) as exc:
            raise describe(f"{service} {operation} in {environment.label}", exc) from exc


@dataclass
class DeployedStack:
    """What CloudFormation holds of one of this app's stacks (empty when it is not deployed)."""

    name: str
    exists: bool = False
    status: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    # PhysicalResourceId -> ResourceType
    resources: dict[str, str] = field(default_factory=dict)

    def owns(self, physical_id: str) -> bool:
        return physical_id in self.resources

    def of_type(self, resource_type: str) -> list[str]:
        return [pid for pid, kind in self.resources.items() if kind == resource_type]


def _stack_missing(problem: AwsProblem) -> bool:
    return problem.code == "ValidationError" and "does not exist" in problem.message


def read_stack(reader: Reader, environment: Environment, name: str) -> DeployedStack:
    try:
        [stack] = reader.call("cloudformation", environment, "DescribeStacks", StackName=name)[
            "Stacks"
        ]
    except AwsProblem as problem:
        if _stack_missing(problem):
            return DeployedStack(name)
        raise
    deployed = DeployedStack(
        name,
        exists=True,
        status=str(stack.get("StackStatus", "")),
        outputs={o["OutputKey"]: o.get("OutputValue", "") for o in stack.get("Outputs", [])},
    )
    for page in reader.pages("cloudformation", environment, "ListStackResources", StackName=name):
        for resource in page.get("StackResourceSummaries", []):
            if resource.get("PhysicalResourceId"):
                deployed.resources[resource["PhysicalResourceId"]] = resource["ResourceType"]
    return deployed


# --- the checks against AWS ---------------------------------------------------------------------


class Preflight:
    """The checks of one run; each appends its lines, an AWS failure becoming ``unchecked``."""

    def __init__(self, config: AppConfig, reader: Reader, args: argparse.Namespace) -> None:
        self.config = config
        self.reader = reader
        self.instance_env, self.lookup_env = environments(config, args)
        self.lines: list[Line] = []
        self._unusable: dict[Environment, str] = {}
        self._stacks: dict[str, DeployedStack] = {}
        self.instance_active = False

    # plumbing

    def add(self, status: str, check: str, text: str) -> None:
        self.lines.append(Line(status, check, text))

    def run(self, check: str, environment: Environment, body: Callable[[], None]) -> None:
        """Run one check; if its environment or a call fails, say so as ``unchecked``."""
        if environment in self._unusable:
            self.add("unchecked", check, self._unusable[environment])
            return
        try:
            body()
        except (AwsProblem, Unchecked) as problem:
            self.add("unchecked", check, str(problem))

    def identify(self, environment: Environment) -> None:
        """The credentials for ``environment`` must be its account's, or nothing there is read."""
        try:
            caller = self.reader.call("sts", environment, "GetCallerIdentity")
        except AwsProblem as problem:
            self._unusable[environment] = (
                f"not checked: no usable credentials for {environment.label} (see credentials)"
            )
            self.add("unchecked", "credentials", str(problem))
            return
        account = str(caller.get("Account", ""))
        if account != environment.account:
            option = "--connect-profile" if environment.name == "instance" else "--profile"
            why = (
                f"the credentials in use ({caller.get('Arn', '?')}) are for account {account}, "
                f"and the {environment.name} stack deploys to {environment.account}: give "
                f"{option} with credentials for {environment.account}"
            )
            self._unusable[environment] = (
                f"not checked: the credentials are not {environment.account}'s (see credentials)"
            )
            self.add("unchecked", "credentials", why)
            return
        self.add("ok", "credentials", f"{caller.get('Arn', account)} for {environment.label}")

    def stack(self, environment: Environment, name: str) -> DeployedStack:
        if name not in self._stacks:
            self._stacks[name] = read_stack(self.reader, environment, name)
        return self._stacks[name]

    @property
    def connect_stack(self) -> DeployedStack:
        return self.stack(self.instance_env, names.connect_stack_name(self.config.stage))

    @property
    def lookup_stack(self) -> DeployedStack:
        return self.stack(self.lookup_env, names.lookup_stack_name(self.config.stage))

    def distinct_environments(self) -> list[Environment]:
        found: list[Environment] = []
        for environment in (self.instance_env, self.lookup_env):
            if all(
                (e.account, e.region) != (environment.account, environment.region) for e in found
            ):
                found.append(environment)
        return found

    # before cdk deploy

    def identify_both(self) -> None:
        """Both environments' credentials; one call when both stacks share account, region
        and profile."""
        self.identify(self.instance_env)
        if self.lookup_env != dataclasses.replace(self.instance_env, name="lookup"):
            self.identify(self.lookup_env)
        elif self.instance_env in self._unusable:
            self._unusable[self.lookup_env] = self._unusable[self.instance_env]

    def deploy_checks(self) -> None:
        self.identify_both()
        for environment in self.distinct_environments():
            self.run("bootstrap", environment, functools.partial(self.check_bootstrap, environment))
        self.run("instance", self.instance_env, self.check_instance)
        if self.instance_active:
            self.run("names", self.instance_env, self.check_names)
            if self.config.adopted_flows:
                self.run("adopted flows", self.instance_env, self.check_adopted_flows)
            self.run("association", self.instance_env, self.check_association)
            if self.config.phone_number_arn:
                self.run("phone number", self.instance_env, self.check_phone_number)
        self.run("function", self.lookup_env, self.check_function_name)
        self.run("log group", self.lookup_env, self.check_log_group)
        self.run("concurrency", self.lookup_env, self.check_concurrency)
        self.run("lookup_alias", self.lookup_env, self.check_alias_rename)

    def check_bootstrap(self, environment: Environment) -> None:
        try:
            [stack] = self.reader.call(
                "cloudformation", environment, "DescribeStacks", StackName=BOOTSTRAP_STACK
            )["Stacks"]
        except AwsProblem as problem:
            if not _stack_missing(problem):
                raise
            self.add(
                "finding",
                "bootstrap",
                f"no CDK bootstrap stack ({BOOTSTRAP_STACK}) in {environment.label}: run "
                f"npx cdk bootstrap {environment.label} (docs/deploy.md: Bootstrap)",
            )
            return
        status = str(stack.get("StackStatus", ""))
        if status in FAILED_STACK_STATUSES or status.endswith("_FAILED"):
            self.add(
                "finding",
                "bootstrap",
                f"the bootstrap stack {BOOTSTRAP_STACK} in {environment.label} is {status}: "
                f"bootstrap again (npx cdk bootstrap {environment.label})",
            )
        else:
            self.add("ok", "bootstrap", f"{BOOTSTRAP_STACK} in {environment.label} is {status}")

    def check_instance(self) -> None:
        """The instance exists and is ACTIVE (the other Connect checks need it)."""
        arn = self.config.instance.arn
        try:
            instance = self.reader.call(
                "connect",
                self.instance_env,
                "DescribeInstance",
                InstanceId=self.config.instance.instance_id,
            )["Instance"]
        except AwsProblem as problem:
            if problem.code != "ResourceNotFoundException":
                raise
            self.add(
                "finding",
                "instance",
                f"{arn} not found in {self.instance_env.label}: check instance_arn",
            )
            return
        status = str(instance.get("InstanceStatus", ""))
        if status != "ACTIVE":
            self.add(
                "finding",
                "instance",
                f"{arn} is {status or 'of unknown status'}, not ACTIVE: Connect creates "
                "nothing in it until it is",
            )
            return
        self.add("ok", "instance", f"{arn} is ACTIVE")
        self.instance_active = True

    def _names_taken(
        self,
        kind: str,
        wanted: Sequence[str],
        operation: str,
        key: str,
        *,
        stack: DeployedStack | None = None,
        **params: Any,
    ) -> None:
        if not wanted:
            return
        stack = stack or self.connect_stack
        instance_id = self.config.instance.instance_id
        existing: dict[str, str] = {}
        for page in self.reader.pages(
            "connect", self.instance_env, operation, InstanceId=instance_id, **params
        ):
            for summary in page.get(key, []):
                existing.setdefault(str(summary.get("Name", "")), str(summary.get("Arn", "")))
        for name in wanted:
            arn = existing.get(name)
            if arn is None:
                self.add("ok", "names", f"{kind} {name!r} is free")
            elif stack.owns(arn):
                self.add("ok", "names", f"{kind} {name!r} is {stack.name}'s own")
            else:
                self.add(
                    "finding",
                    "names",
                    f"a {kind} named {name!r} already exists in the instance ({arn}) and is not "
                    f"{stack.name}'s: Connect refuses a second one; rename or delete it, or "
                    "deploy with another stage",
                )

    def check_names(self) -> None:
        stage = self.config.stage
        self._names_taken(
            "contact flow", [names.flow_name(stage)], "ListContactFlows", "ContactFlowSummaryList"
        )
        queues = [
            names.queue_name(queue, stage)
            for queue in self.config.queue_names
            if queue not in self.config.existing_queue_arns
        ]
        self._names_taken(
            "queue", queues, "ListQueues", "QueueSummaryList", QueueTypes=["STANDARD"]
        )
        if not self.config.existing_hours_of_operation_arn:
            self._names_taken(
                "hours of operation",
                [names.hours_of_operation_name(stage)],
                "ListHoursOfOperations",
                "HoursOfOperationSummaryList",
            )
        if self.config.create_routing_profile:
            self._names_taken(
                "routing profile",
                [names.routing_profile_name(stage)],
                "ListRoutingProfiles",
                "RoutingProfileSummaryList",
            )

    def check_adopted_flows(self) -> None:
        """The adopted flows' own names, and every name they use, in the instance.

        Checked here: the Connect resources they name by name (queues, prompts, hours, quick
        connects, routing profiles, flows and modules outside the set; Connect's List APIs), and
        the functions they call, which must be associated with the instance by the ARN the flow
        calls (ListLambdaFunctions; see lambdas/connect_names for why an alias and the
        unqualified function do not stand for each other). Lex V2 bot aliases are not: naming
        them takes Lex's own reads, so they are left to the deployment's lookup, and the line
        says how many.
        """
        from flows.adopt.package import (
            PackageError,
            functions_to_check,
            load_package,
            names_to_find,
            unassociated_functions,
        )

        try:
            flows = [
                flow for path in self.config.adopted_flows for flow in load_package(path).flows
            ]
        except PackageError as problem:
            self.add("finding", "adopted flows", str(problem))
            return
        stack = self.stack(self.instance_env, names.adopted_flows_stack_name(self.config.stage))
        for kind, modules, operation, key in (
            ("contact flow", False, "ListContactFlows", "ContactFlowSummaryList"),
            ("flow module", True, "ListContactFlowModules", "ContactFlowModulesSummaryList"),
        ):
            wanted = [flow.name for flow in flows if flow.entry.is_module is modules]
            self._names_taken(kind, wanted, operation, key, stack=stack)
        instance = self.config.instance
        missing: list[str] = []
        resources = 0
        lex_aliases: list[str] = []
        listed: dict[str, set[str]] = {}
        for reference in names_to_find(flows):
            if reference.KIND not in LIST_CALLS:
                lex_aliases.append(reference.describe())
                continue
            if reference.KIND not in listed:
                operation, key, params = LIST_CALLS[reference.KIND]
                listed[reference.KIND] = {
                    str(summary.get("Name"))
                    for page in self.reader.pages(
                        "connect",
                        self.instance_env,
                        operation,
                        InstanceId=instance.instance_id,
                        **params,
                    )
                    for summary in page.get(key, [])
                }
            resources += 1
            if reference.name not in listed[reference.KIND]:
                missing.append(reference.describe())
        functions = functions_to_check(
            flows,
            partition=instance.partition,
            region=instance.region,
            account=instance.account,
            renames=self.config.adopted_function_names,
        )
        unassociated: list[str] = []
        if functions:
            associated = [
                str(arn)
                for page in self.reader.pages(
                    "connect",
                    self.instance_env,
                    "ListLambdaFunctions",
                    InstanceId=instance.instance_id,
                )
                for arn in page.get("LambdaFunctions", [])
            ]
            unassociated = [
                f"{reference.describe()} as {arn}"
                for arn, reference in unassociated_functions(functions, associated).items()
            ]
        unchecked = (
            f"; {counted(len(lex_aliases), 'Lex bot alias', 'Lex bot aliases')} left to the "
            f"deployment's lookup: {', '.join(lex_aliases)}"
            if lex_aliases
            else ""
        )
        checked = resources + len(functions)
        if not missing and not unassociated:
            found = (
                f"the instance has every name the adopted flows use: "
                f"{counted(resources, 'resource')}, "
                f"{counted(len(functions), 'function')} associated with it"
                if checked
                else "the adopted flows name no resource or function of the instance"
            )
            self.add("ok", "adopted flows", found + unchecked)
            return
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)}, which the instance does not have")
        if unassociated:
            verb = "is" if len(unassociated) == 1 else "are"
            parts.append(f"{', '.join(unassociated)}, which {verb} not associated with it")
        advice = "create them or correct the names"
        if unassociated:
            advice += (
                ", and associate each function with the instance by the ARN the flow calls "
                "(AssociateLambdaFunction)"
            )
        absent = len(missing) + len(unassociated)
        self.add(
            "finding",
            "adopted flows",
            f"{absent} of {counted(checked, 'name')} the adopted flows use "
            f"{'is' if absent == 1 else 'are'} missing: {'; '.join(parts)}: the deployment's "
            f"check would fail; {advice}{unchecked}",
        )

    def check_association(self) -> None:
        config = self.config
        arn = config.lookup_function_arn
        if not config.lookup_is_with_instance:
            self.add(
                "ok",
                "association",
                "none made: the function is not in the instance's account and region",
            )
            return
        associated = {
            function
            for page in self.reader.pages(
                "connect",
                self.instance_env,
                "ListLambdaFunctions",
                InstanceId=config.instance.instance_id,
            )
            for function in page.get("LambdaFunctions", [])
        }
        stack = self.connect_stack
        owned = any(
            arn in physical_id.split("|")
            for physical_id in stack.of_type("AWS::Connect::IntegrationAssociation")
        )
        if arn not in associated:
            self.add("ok", "association", f"{arn} is not associated yet: the stack will do it")
        elif owned:
            self.add("ok", "association", f"{arn} is associated by {stack.name}")
        else:
            self.add(
                "finding",
                "association",
                f"{arn} is already associated with the instance, outside CloudFormation (e.g. "
                "by scripts/grant_connect_access.py), and the stack's IntegrationAssociation "
                "would fail as already existing: remove it first (aws connect "
                f"disassociate-lambda-function --instance-id {config.instance.instance_id} "
                f"--function-arn {arn}); the stack then makes and owns it",
            )

    def check_phone_number(self) -> None:
        config = self.config
        assert config.phone_number_arn is not None
        number = parse_connect_phone_number_arn(config.phone_number_arn)
        try:
            summary = self.reader.call(
                "connect",
                self.instance_env,
                "DescribePhoneNumber",
                PhoneNumberId=number.phone_number_id,
            )["ClaimedPhoneNumberSummary"]
        except AwsProblem as problem:
            if problem.code != "ResourceNotFoundException":
                raise
            self.add(
                "finding",
                "phone number",
                f"{number.arn} is not a number claimed in {self.instance_env.label}: claim it "
                "in the instance (Channels, Phone numbers) or fix phone_number_arn",
            )
            return
        target = str(summary.get("TargetArn", ""))
        status = str(summary.get("PhoneNumberStatus", {}).get("Status", ""))
        shown = summary.get("PhoneNumber", number.arn)
        if target != config.instance.arn:
            self.add(
                "finding",
                "phone number",
                f"{shown} ({number.arn}) belongs to {target or 'no instance'}, not to "
                f"{config.instance.arn}: a flow of this instance cannot take its calls",
            )
        elif status != "CLAIMED":
            self.add(
                "finding",
                "phone number",
                f"{shown} ({number.arn}) is {status or 'of unknown status'}, not CLAIMED",
            )
        else:
            self.add("ok", "phone number", f"{shown} is claimed by the instance")

    def check_function_name(self) -> None:
        name = self.config.lookup_function_name
        try:
            configuration = self.reader.call(
                "lambda", self.lookup_env, "GetFunction", FunctionName=name
            )["Configuration"]
        except AwsProblem as problem:
            if problem.code != "ResourceNotFoundException":
                raise
            self.add("ok", "function", f"{name} does not exist yet: the stack creates it")
            return
        if self.lookup_stack.owns(name):
            self.add("ok", "function", f"{name} is {self.lookup_stack.name}'s own")
            return
        self.add(
            "finding",
            "function",
            f"a function named {name} ({configuration.get('FunctionArn', '?')}) exists outside "
            f"{self.lookup_stack.name}: the stack cannot create its own; delete it or deploy "
            "with another stage",
        )

    def check_log_group(self) -> None:
        name = f"/aws/lambda/{self.config.lookup_function_name}"
        exists = any(
            group.get("logGroupName") == name
            for page in self.reader.pages(
                "logs", self.lookup_env, "DescribeLogGroups", logGroupNamePrefix=name
            )
            for group in page.get("logGroups", [])
        )
        if not exists:
            self.add("ok", "log group", f"{name} does not exist yet: the stack creates it")
        elif self.lookup_stack.owns(name):
            self.add("ok", "log group", f"{name} is {self.lookup_stack.name}'s own")
        else:
            self.add(
                "finding",
                "log group",
                f"{name} already exists outside {self.lookup_stack.name} (left by an earlier "
                "function of that name), and the stack's log group would fail as already "
                f"existing: export what you need, then delete it (aws logs delete-log-group "
                f"--log-group-name {name} --region {self.lookup_env.region})",
            )

    def check_concurrency(self) -> None:
        config = self.config
        wanted = config.cold_starts.provisioned_concurrency
        if not wanted:
            self.add("ok", "concurrency", "no provisioned concurrency asked for")
            return
        limits = self.reader.call("lambda", self.lookup_env, "GetAccountSettings")["AccountLimit"]
        unreserved = int(limits.get("UnreservedConcurrentExecutions", 0))
        quota = int(limits.get("ConcurrentExecutions", 0))
        held = self._provisioned_on_alias()
        most = unreserved + held - UNRESERVED_CONCURRENCY_FLOOR
        where = f"in {self.lookup_env.label}"
        if wanted > most:
            self.add(
                "finding",
                "concurrency",
                f"provisioned_concurrency={wanted} does not fit {where}: the concurrency quota "
                f"is {quota}, {unreserved} of it unreserved"
                + (f" ({held} already on the alias)" if held else "")
                + f", and Lambda keeps {UNRESERVED_CONCURRENCY_FLOOR} unreserved, so at most "
                f"{max(most, 0)}; lower it, or ask for a higher quota (Service Quotas: Lambda, "
                "Concurrent executions)",
            )
        else:
            self.add(
                "ok",
                "concurrency",
                f"provisioned_concurrency={wanted} fits {where} ({unreserved} unreserved of "
                f"{quota}; {UNRESERVED_CONCURRENCY_FLOOR} stay unreserved)",
            )
        if quota and quota != config.cold_starts.lambda_concurrency_quota:
            self.add(
                "note",
                "concurrency",
                f"the account's quota {where} is {quota}; lambda_concurrency_quota says "
                f"{config.cold_starts.lambda_concurrency_quota}",
            )

    def _provisioned_on_alias(self) -> int:
        """What the deployed alias already holds: a redeployment takes it over, not on top.

        Lambda counts provisioned concurrency against the unreserved pool; the alias's own is
        given back when the stack updates it.
        """
        try:
            config = self.reader.call(
                "lambda",
                self.lookup_env,
                "GetProvisionedConcurrencyConfig",
                FunctionName=self.config.lookup_function_name,
                Qualifier=self.config.lookup_alias,
            )
        except AwsProblem as problem:
            if problem.code in (
                "ResourceNotFoundException",
                "ProvisionedConcurrencyConfigNotFoundException",
            ):
                return 0
            raise
        return int(config.get("RequestedProvisionedConcurrentExecutions", 0))

    def check_alias_rename(self) -> None:
        config = self.config
        deployed_arn = self.lookup_stack.outputs.get("LookupAliasArn", "")
        deployed = deployed_arn.rsplit(":", 1)[-1] if deployed_arn else ""
        if not deployed or deployed == config.lookup_alias:
            self.add("ok", "lookup_alias", f"{config.lookup_alias!r} (no rename)")
        elif deployed == config.previous_lookup_alias:
            self.add(
                "ok",
                "lookup_alias",
                f"{deployed!r} is kept beside {config.lookup_alias!r} while the flow moves; "
                "deploy again without previous_lookup_alias afterwards",
            )
        else:
            self.add(
                "finding",
                "lookup_alias",
                f"the deployed flow calls the alias {deployed!r}; renaming it to "
                f"{config.lookup_alias!r} in one deployment deletes {deployed!r} before the flow "
                f"moves, and calls in between fail: deploy first with -c "
                f"previous_lookup_alias={deployed}, then again without it",
            )

    # before cdk destroy

    def destroy_checks(self) -> None:
        self.identify_both()
        self.run("connect stack", self.instance_env, self.check_releases)
        self.run("lookup stack", self.lookup_env, self.note_retained)

    def check_releases(self) -> None:
        """What holds the Connect stack's resources, and the adopted flows' when configured:
        numbers attached by hand to any of their flows, agents on the routing profile."""
        stacks = [self.connect_stack]
        if self.config.adopted_flows:
            stacks.append(
                self.stack(self.instance_env, names.adopted_flows_stack_name(self.config.stage))
            )
        deployed = [stack for stack in stacks if stack.exists]
        for stack in stacks:
            if not stack.exists:
                self.add("ok", "connect stack", f"{stack.name} is not deployed: nothing to release")
        if not deployed:
            return
        flows = {
            _last_part(arn): arn
            for stack in deployed
            for arn in stack.of_type("AWS::Connect::ContactFlow")
        }
        if flows:
            self._numbers_on_flows(flows)
        for profile_arn in self.connect_stack.of_type("AWS::Connect::RoutingProfile"):
            self._agents_on_profile(profile_arn)
        if not [line for line in self.lines if line.status == "release"]:
            held = " and ".join(stack.name for stack in deployed)
            self.add("ok", "connect stack", f"nothing of {held} is held outside it")

    def _numbers_on_flows(self, flows: Mapping[str, str]) -> None:
        """Numbers sending calls to ``flows`` (flow id -> ARN), listed once for all of them.

        A number the stack attached (its association's physical id is the number's ARN) is
        detached by the stack itself. Numbers and flows are compared by id: the listing's
        ``ResourceId`` and ``FlowId`` are documented as identifiers, ARN or id.
        """
        instance_id = self.config.instance.instance_id
        attached_by_stack = {
            _last_part(physical_id)
            for physical_id in self.connect_stack.of_type(
                "Custom::PhoneNumberContactFlowAssociation"
            )
        }
        for page in self.reader.pages(
            "connect",
            self.instance_env,
            "ListFlowAssociations",
            InstanceId=instance_id,
            ResourceType="VOICE_PHONE_NUMBER",
        ):
            for association in page.get("FlowAssociationSummaryList", []):
                flow_arn = flows.get(_last_part(str(association.get("FlowId", ""))))
                if flow_arn is None:
                    continue
                number = str(association.get("ResourceId", ""))
                number_id = _last_part(number)
                if number_id in attached_by_stack:
                    self.add(
                        "ok",
                        "phone number",
                        f"{number} is attached by the stack, which detaches it itself",
                    )
                    continue
                self.add(
                    "release",
                    "phone number",
                    f"{number} sends calls to the flow {flow_arn}, attached outside the stack: "
                    "the flow cannot be deleted while it does; point the number at another flow "
                    "(Channels, Phone numbers) or run aws connect "
                    f"disassociate-phone-number-contact-flow --phone-number-id {number_id} "
                    f"--instance-id {instance_id}",
                )

    def _agents_on_profile(self, profile_arn: str) -> None:
        profile_id = profile_arn.rsplit("/", 1)[-1]
        for page in self.reader.pages(
            "connect",
            self.instance_env,
            "SearchUsers",
            InstanceId=self.config.instance.instance_id,
        ):
            for user in page.get("Users", []):
                if user.get("RoutingProfileId") != profile_id:
                    continue
                self.add(
                    "release",
                    "routing profile",
                    f"agent {user.get('Username', user.get('Id', '?'))} is assigned to the "
                    f"routing profile {profile_arn}, which cannot be deleted while an agent "
                    "is: give the agent another routing profile (Users, User management, or aws "
                    "connect update-user-routing-profile)",
                )

    def note_retained(self) -> None:
        stack = self.lookup_stack
        if not stack.exists:
            self.add("ok", "lookup stack", f"{stack.name} is not deployed")
            return
        for table in stack.of_type("AWS::DynamoDB::GlobalTable") + stack.of_type(
            "AWS::DynamoDB::Table"
        ):
            self.add(
                "note",
                "table",
                f"{table} is kept by cdk destroy (retained, deletion protection on) with its "
                "data; a new deployment creates a new, empty table",
            )


def _last_part(identifier: str) -> str:
    """A resource's id, whether given as its id or its ARN (``.../phone-number/ID``)."""
    return identifier.rsplit("/", 1)[-1]


# --- command line -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="Read-only checks before cdk deploy (or, with --destroy, cdk destroy).",
    )
    parser.add_argument(
        "-c",
        "--context",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a context value over cdk.json's, as npx cdk deploy -c KEY=VALUE takes it",
    )
    parser.add_argument(
        "--cdk-json", type=Path, default=CDK_JSON, metavar="PATH", help="default: the app's"
    )
    parser.add_argument("--profile", help="AWS profile for the lookup account")
    parser.add_argument(
        "--connect-profile",
        metavar="PROFILE",
        help="AWS profile for the instance's account (default: --profile)",
    )
    # Checks before cdk destroy, or the settings alone: one or the other, never both silently.
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--destroy",
        action="store_true",
        help="list what must be released by hand before cdk destroy",
    )
    mode.add_argument(
        "--settings",
        action="store_true",
        help="print the deployment's settings as NAME=VALUE lines (stage, instance, regions, "
        "stack names) for a workflow's environment, and check nothing in AWS",
    )
    return parser


def settings_lines(config: AppConfig) -> list[str]:
    """What a deployment workflow needs to know of the configuration, as NAME=VALUE lines (the
    form of $GITHUB_ENV): the values the app itself resolved, so none is written twice."""
    return [
        f"STAGE={config.stage}",
        f"INSTANCE_ARN={config.instance.arn}",
        f"INSTANCE_REGION={config.instance.region}",
        f"LOOKUP_REGION={config.lookup_region}",
        f"LOOKUP_STACK={names.lookup_stack_name(config.stage)}",
        f"CONNECT_STACK={names.connect_stack_name(config.stage)}",
        f"TEST_CASE_PREFIX={test_case_name_prefix(config.stage)}",
    ]


def preflight(
    args: argparse.Namespace, *, clients: Callable[[argparse.Namespace], ClientFactory]
) -> list[Line]:
    """Every line of one run, in order."""
    read = read_config(read_context(args.cdk_json, args.context))
    if read.config is None:
        return read.lines
    lines = read.lines + offline_lines(read.config)
    if exit_status(lines) != EXIT_OK:
        return [line for line in lines if line.status in BLOCKING]
    run = Preflight(read.config, Reader(clients(args)), args)
    if args.destroy:
        run.destroy_checks()
    else:
        run.deploy_checks()
    return lines + run.lines


def summary(lines: Sequence[Line], *, destroy: bool) -> str:
    blocking = sum(line.status in BLOCKING for line in lines)
    unchecked = sum(line.status == "unchecked" for line in lines)
    if blocking:
        only_releases = all(line.status == "release" for line in lines if line.status in BLOCKING)
        if not destroy:
            what = "to fix before cdk deploy"
        elif only_releases:
            what = "to release before cdk destroy"
        else:  # the configuration itself is refused, say
            what = "to fix or release before cdk destroy"
        return f"{counted(blocking, 'thing')} {what}"
    if unchecked:
        verb = "check" if unchecked == 1 else "checks"
        return f"{unchecked} {verb} could not run; see the unchecked lines"
    return "nothing to release: ready for cdk destroy" if destroy else "ready for cdk deploy"


def main(
    argv: Sequence[str] | None = None,
    *,
    clients: Callable[[argparse.Namespace], ClientFactory] = aws_clients,
) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_endpoint_environment(
            ["CloudFormation", "Connect", "Lambda", "CloudWatch Logs", "STS"]
        )
        if args.settings:
            return _print_settings(args)
        lines = preflight(args, clients=clients)
    except BadInput as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for line in lines:
        print(line)
    print(f"{PROG}: {summary(lines, destroy=args.destroy)}", file=sys.stderr)
    return exit_status(lines)


def _print_settings(args: argparse.Namespace) -> int:
    """``--settings``: the configuration's NAME=VALUE lines on stdout, or its finding (exit 1).

    stdout carries nothing but the settings: a workflow appends it to ``$GITHUB_ENV``, where a
    finding would be lost from the run's log (and break the file), so a finding goes to stderr.
    """
    read = read_config(read_context(args.cdk_json, args.context))
    if read.config is None:
        for line in read.lines:
            print(line, file=sys.stderr)
        print(f"{PROG}: {summary(read.lines, destroy=False)}", file=sys.stderr)
        return exit_status(read.lines)
    for setting in settings_lines(read.config):
        print(setting)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(run_main(PROG, main))
