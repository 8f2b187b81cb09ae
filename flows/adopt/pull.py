"""`python -m flows pull --instance-arn ARN -o FOLDER [--profile P] [--region R]`: every flow and
flow module of an instance, and its resources, into a folder.

For each flow (ListContactFlows, then DescribeContactFlow) and each flow module
(ListContactFlowModules, then DescribeContactFlowModule), one file named after it
(``FOLDER/Main menu.json``), holding the API's answer as it comes:
``{"ContactFlow": {"Name", "Id", "Arn", "Type", "State", "Status", "Description",
"Content": "<the published flow>"}}`` or ``{"ContactFlowModule": {...}}``, shapes every flow tool
reads. A flow never published has no published content to read (DescribeContactFlow answers
ContactFlowNotPublishedException:
https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContactFlow.html): it is
listed on standard error and skipped. Then ``FOLDER/resources.json``: the instance's queues,
prompts, hours of operation, quick connects, routing profiles, flows and modules, and the Lambda
functions and Lex V2 bot aliases associated with it (kind, name, ARN; a bot's name and its
alias's name come from Lex's DescribeBot and DescribeBotAlias), as `adopt --resources` and
`render --resources` read it; the Lex V1 bots (a flow names one by name and region,
``LexBot: {Name, Region, Alias}``, a V2 bot by its alias ARN:
https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-connectparticipantwithlexbot.html)
are listed under ``lex_v1_bots``.

It only reads. Amazon Connect throttles its API per account and region (by default 2 requests
per second, bursts of 5, shared by every caller of the account:
https://docs.aws.amazon.com/connect/latest/APIReference/best-practices-connect-apis.html), so
requests go through a token bucket at that rate, and botocore's adaptive retry mode backs off
on the throttling answers that still come. Progress goes to standard error when it is a
terminal. Each file is written whole (written beside, then renamed).

Exit status: 0 everything written; 1 the run stopped part-way (an AWS error while describing
the flows, a file that could not be written): the files written so far are listed, and
resources.json, written first, is complete; 130 interrupted (Ctrl-C) once resources.json was
written, with the files written so far listed too; 2 bad input or nothing written (a malformed
ARN, denied access to the lists), with one line naming the problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from flows.command_line import (
    EXIT_INTERRUPTED,
    BadInput,
    check_endpoint_environment,
    counted,
)
from flows.files import replace_file, unique_stems
from flows.language.arns import ArnError, ConnectInstanceArn, parse_connect_instance_arn
from flows.model.references import Resource, ResourceTable

EXIT_OK = 0
EXIT_STOPPED = 1
EXIT_BAD_INPUT = 2
# Connect's default quota for most operations: 2 requests per second, bursts of 5 (see above).
DEFAULT_RATE = 2.0
DEFAULT_BURST = 5
MAX_ATTEMPTS = 10  # botocore's adaptive retries, per request
RESOURCES_FILE = "resources.json"


class TokenBucket:
    """At most ``rate`` requests per second on average, ``burst`` at once; waits otherwise."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst = rate, burst
        self._clock, self._sleep = clock, sleep
        self._tokens = float(burst)
        self._last = clock()
        self.waited = 0.0  # seconds spent waiting, for the benchmark

    def take(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1:
            wait = (1 - self._tokens) / self.rate
            self._sleep(wait)
            self.waited += wait
            self._last = self._clock()
            self._tokens = 1.0
        self._tokens -= 1


class PullError(Exception):
    """An AWS call that failed; the message names the call and the answer."""


# Reference kind -> (the Connect List call that names an instance's resources of that kind, the
# key of its answer's list, fixed parameters): for pull, and for the preflight that looks the
# names of an adopted package up in the target instance. Only standard queues are named in flows
# (an agent's queue is reached through the agent).
LIST_CALLS: Mapping[str, tuple[str, str, Mapping[str, Any]]] = {
    "Queue": ("ListQueues", "QueueSummaryList", {"QueueTypes": ["STANDARD"]}),
    "Prompt": ("ListPrompts", "PromptSummaryList", {}),
    "HoursOfOperation": ("ListHoursOfOperations", "HoursOfOperationSummaryList", {}),
    "QuickConnect": ("ListQuickConnects", "QuickConnectSummaryList", {}),
    "RoutingProfile": ("ListRoutingProfiles", "RoutingProfileSummaryList", {}),
    "Flow": ("ListContactFlows", "ContactFlowSummaryList", {}),
    "FlowModule": ("ListContactFlowModules", "ContactFlowModulesSummaryList", {}),
}


@dataclass
class Puller:
    """Reads one instance through a Connect client (and a Lex V2 models client for bot names)."""

    client: Any
    instance: ConnectInstanceArn
    lex: Any = None
    bucket: TokenBucket = field(default_factory=TokenBucket)
    calls: int = 0
    notes: list[str] = field(default_factory=list)
    _associated: list[str] | None = field(default=None, init=False, repr=False)

    def call(self, client: Any, operation: str, **params: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        self.bucket.take()
        self.calls += 1
        try:
            answer: dict[str, Any] = getattr(client, _snake(operation))(**params)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise PullError(
                f"{operation}: {error.get('Code', 'error')}: {error.get('Message', '')}".rstrip()
            ) from exc
        except BotoCoreError as exc:
            raise PullError(f"{operation}: {exc}") from exc
        return answer

    def pages(self, operation: str, key: str, **params: Any) -> Iterator[Any]:
        """Every item under ``key`` of every page (NextToken)."""
        token: str | None = None
        while True:
            page = self.call(
                self.client,
                operation,
                InstanceId=self.instance.instance_id,
                **params,
                **({"NextToken": token} if token else {}),
            )
            yield from page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return

    def flows(self) -> list[dict[str, Any]]:
        return list(self.pages("ListContactFlows", "ContactFlowSummaryList", MaxResults=1000))

    def modules(self) -> list[dict[str, Any]]:
        return list(
            self.pages("ListContactFlowModules", "ContactFlowModulesSummaryList", MaxResults=1000)
        )

    def resources(
        self, flows: list[dict[str, Any]], modules: list[dict[str, Any]]
    ) -> tuple[ResourceTable, list[dict[str, str]]]:
        """The instance's named resources, and its Lex V1 bots (name, region)."""
        table = ResourceTable(instance_arn=self.instance.arn)
        for kind in ("Queue", "Prompt", "HoursOfOperation", "QuickConnect", "RoutingProfile"):
            operation, key, params = LIST_CALLS[kind]
            for item in self.pages(operation, key, MaxResults=1000, **params):
                self._add(table, kind, item.get("Name"), item.get("Arn"))
        for item in flows:
            self._add(table, "Flow", item.get("Name"), item.get("Arn"))
        for item in modules:
            self._add(table, "FlowModule", item.get("Name"), item.get("Arn"))
        for arn in self.associated_functions():
            base = ":".join(arn.split(":")[:7])  # without a qualifier
            self._add(table, "LambdaFunction", base.rsplit(":", 1)[-1], base)
        for bot in self.pages("ListBots", "LexBots", LexVersion="V2", MaxResults=25):
            alias_arn = (bot.get("LexV2Bot") or {}).get("AliasArn")
            if isinstance(alias_arn, str):
                self._add_lex_bot(table, alias_arn)
        v1 = [
            {"name": str(bot.get("Name")), "region": str(bot.get("LexRegion"))}
            for bot in self.pages("ListLexBots", "LexBots", MaxResults=25)
        ]
        return table, v1

    def associated_functions(self) -> list[str]:
        """The ARNs of the functions associated with the instance (ListLambdaFunctions, every
        page, read once), qualified where the association was made with a qualified ARN."""
        if self._associated is None:
            pages = self.pages("ListLambdaFunctions", "LambdaFunctions", MaxResults=25)
            self._associated = [str(arn) for arn in pages]
        return self._associated

    def _add(self, table: ResourceTable, kind: str, name: Any, arn: Any) -> None:
        if not isinstance(name, str) or not isinstance(arn, str):
            return
        if not table.add(Resource(kind, name, arn)):
            self.notes.append(f"two {kind} resources are named {name!r}; {arn} is not listed")

    def _add_lex_bot(self, table: ResourceTable, alias_arn: str) -> None:
        """A Lex V2 alias by its bot's and its own names (Lex's DescribeBot, DescribeBotAlias)."""
        bot_id, alias_id = alias_arn.rsplit("/", 2)[-2:]
        if self.lex is None:
            self.notes.append(f"Lex bot alias {alias_arn}: no Lex client to name it; not listed")
            return
        try:
            bot = self.call(self.lex, "DescribeBot", botId=bot_id)
            alias = self.call(self.lex, "DescribeBotAlias", botId=bot_id, botAliasId=alias_id)
        except PullError as exc:
            self.notes.append(f"Lex bot alias {alias_arn}: not named ({exc}); not listed")
            return
        table.add(Resource("LexBot", str(bot["botName"]), alias_arn, str(alias["botAliasName"])))

    def describe_flow(self, summary: dict[str, Any]) -> dict[str, Any] | None:
        """DescribeContactFlow's answer; None for a flow never published."""
        try:
            answer = self.call(
                self.client,
                "DescribeContactFlow",
                InstanceId=self.instance.instance_id,
                ContactFlowId=summary["Id"],
            )
        except PullError as exc:
            if "ContactFlowNotPublishedException" in str(exc):
                return None
            raise
        return {"ContactFlow": answer["ContactFlow"]}

    def describe_module(self, summary: dict[str, Any]) -> dict[str, Any]:
        answer = self.call(
            self.client,
            "DescribeContactFlowModule",
            InstanceId=self.instance.instance_id,
            ContactFlowModuleId=summary["Id"],
        )
        return {"ContactFlowModule": answer["ContactFlowModule"]}


@dataclass
class PullResult:
    written: list[Path] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    stopped: str | None = None  # the problem that stopped the run part-way
    interrupted: bool = False  # the stop was the user's (Ctrl-C)


def pull(
    puller: Puller, folder: Path, *, progress: Callable[[str], None] | None = None
) -> PullResult:
    """List, write resources.json, then describe and write every flow and module.

    Raises :class:`PullError` when nothing could be written (the lists failed). Once
    resources.json is written, whatever stops the run (an AWS error while describing, a file
    that cannot be written, an interrupt) leaves what was written so far in the result, to be
    named: a pull of a large instance takes minutes, at Connect's rate.
    """
    flows = puller.flows()
    modules = puller.modules()
    table, lex_v1 = puller.resources(flows, modules)
    folder.mkdir(parents=True, exist_ok=True)
    document = json.loads(table.to_json())
    document["lex_v1_bots"] = lex_v1
    replace_file(folder / RESOURCES_FILE, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    result = PullResult()
    items = [("flow", item) for item in flows] + [("module", item) for item in modules]
    stems = unique_stems([str(item.get("Name", item.get("Id"))) for _, item in items])
    for number, ((what, item), stem) in enumerate(zip(items, stems, strict=True), start=1):
        if progress is not None:
            progress(f"{number}/{len(items)} {what} {item.get('Name')}")
        try:
            answer = puller.describe_flow(item) if what == "flow" else puller.describe_module(item)
        except PullError as exc:
            result.stopped = f"describing {what} {item.get('Name')!r}: {exc}"
            return result
        except KeyboardInterrupt:
            result.stopped = f"interrupted while describing {what} {item.get('Name')!r}"
            result.interrupted = True
            return result
        if answer is None:
            result.unpublished.append(str(item.get("Name")))
            continue
        path = folder / f"{stem}.json"
        text = json.dumps(answer, ensure_ascii=False, indent=2, default=_json_default) + "\n"
        try:
            replace_file(path, text)
        except OSError as exc:
            result.stopped = f"writing {path.name}: {exc.strerror or exc}"
            return result
        except KeyboardInterrupt:  # the file is as it was (replace_file)
            result.stopped = f"interrupted while writing {path.name}"
            result.interrupted = True
            return result
        result.written.append(path)
    return result


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):  # LastModifiedTime
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


# -- the command --------------------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instance-arn", required=True, help="the Connect instance's ARN")
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER", help="where to write")
    parser.add_argument("--profile", help="AWS profile of the instance's account")
    parser.add_argument("--region", help="the instance's region (default: the ARN's)")


def make_puller(args: argparse.Namespace, instance: ConnectInstanceArn) -> Puller:
    """Clients of the profile, in the instance's region, with adaptive retries.

    Raises :class:`~flows.command_line.BadInput` for an endpoint variable that is not a URL."""
    import boto3
    from botocore.config import Config

    check_endpoint_environment(["Connect", "Lex Models V2"])
    session = boto3.Session(profile_name=args.profile)
    config = Config(retries={"mode": "adaptive", "max_attempts": MAX_ATTEMPTS})
    region = args.region or instance.region
    return Puller(
        client=session.client("connect", region_name=region, config=config),
        instance=instance,
        lex=session.client("lexv2-models", region_name=region, config=config),
    )


PullerFactory = Callable[[argparse.Namespace, ConnectInstanceArn], Puller]


def run(args: argparse.Namespace, *, make: PullerFactory = make_puller) -> int:
    try:
        instance = parse_connect_instance_arn(args.instance_arn)
    except ArnError as exc:
        print(f"pull: --instance-arn {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        print(f"pull: -o {folder}: exists and is not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    terminal = sys.stderr.isatty()
    try:
        puller = make(args, instance)
        result = pull(puller, folder, progress=_progress if terminal else None)
    except PullError as exc:
        print(f"pull: nothing written: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as exc:
        print(f"pull: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"pull: {folder}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # botocore: no credentials, an unknown profile
        if type(exc).__module__.startswith("botocore"):
            print(f"pull: nothing written: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        raise
    if terminal:
        print(file=sys.stderr)
    for note in puller.notes:
        print(f"pull: note: {note}", file=sys.stderr)
    for name in result.unpublished:
        print(f"pull: skipped {name!r}: never published (no content to read)", file=sys.stderr)
    summary = (
        f"{counted(len(result.written), 'flow or module', 'flows and modules')} and "
        f"{RESOURCES_FILE} in {folder} ({counted(puller.calls, 'API call')})"
    )
    if result.stopped is not None:
        print(f"pull: stopped part-way, {result.stopped}", file=sys.stderr)
        print(f"pull: written before the stop: {summary}:", file=sys.stderr)
        for path in result.written:
            print(f"pull:   {path.name}", file=sys.stderr)
        return EXIT_INTERRUPTED if result.interrupted else EXIT_STOPPED
    print(f"pull: wrote {summary}", file=sys.stderr)
    return EXIT_OK


def _progress(text: str) -> None:
    print(f"\rpull: {text[:70]:<70}", end="", file=sys.stderr, flush=True)
