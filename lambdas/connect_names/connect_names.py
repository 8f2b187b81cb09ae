"""A CloudFormation custom resource: the ids of named resources in a Connect instance.

The adopted-flows stack (stacks/adopted_flows_stack.py) deploys flows that name queues, prompts,
hours of operation, quick connects, routing profiles, flows, modules and Lex V2 bot aliases by
name; their ids in the target instance are known only there. This function answers a custom
resource whose properties are::

    {"InstanceId": "...", "Mode": "check" | "ids",
     "Names": [{"Key": "n0", "Kind": "Queue", "Name": "BasicQueue"},
               {"Key": "n1", "Kind": "LexBot", "Name": "OrderBot", "Alias": "live"}, ...]}

Mode ``check`` fails the deployment with one message listing every name the instance lacks, and
returns nothing. Mode ``ids`` returns ``{KEY: id}`` (a Connect resource's id, the last part of
its ARN; a Lex alias's ARN), so that the response stays under CloudFormation's limit of 4,096
bytes (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html):
the stack asks for a few dozen names per resource.

Names are found with Connect's List APIs (every page; names are case-sensitive, as in the
console): ListQueues (standard queues), ListPrompts, ListHoursOfOperations, ListQuickConnects,
ListRoutingProfiles, ListContactFlows, ListContactFlowModules, and ListBots (Lex V2) with Lex's
DescribeBot and DescribeBotAlias for a bot's and an alias's names. Requests are spaced to
Connect's default quota (2 per second, bursts of 5:
https://docs.aws.amazon.com/connect/latest/APIReference/best-practices-connect-apis.html), with
botocore's adaptive retries behind. Deleting the resource does nothing: it only reads.

Standard library and boto3 only (the Lambda runtime has both); it imports nothing of the
project.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from typing import Any

# kind -> (operation, the list's key in the answer, extra parameters)
LISTS: Mapping[str, tuple[str, str, Mapping[str, Any]]] = {
    "Queue": ("list_queues", "QueueSummaryList", {"QueueTypes": ["STANDARD"]}),
    "Prompt": ("list_prompts", "PromptSummaryList", {}),
    "HoursOfOperation": ("list_hours_of_operations", "HoursOfOperationSummaryList", {}),
    "QuickConnect": ("list_quick_connects", "QuickConnectSummaryList", {}),
    "RoutingProfile": ("list_routing_profiles", "RoutingProfileSummaryList", {}),
    "Flow": ("list_contact_flows", "ContactFlowSummaryList", {}),
    "FlowModule": ("list_contact_flow_modules", "ContactFlowModulesSummaryList", {}),
}
LEX_BOT = "LexBot"
RATE_PER_SECOND = 2.0
BURST = 5
# Stop asking Connect this long before the function's own timeout, to answer CloudFormation.
MARGIN_MS = 10_000


class OutOfTime(Exception):
    """The function's time ran out before every name was looked up."""


class Spacer:
    """Spaces requests to a rate (a token bucket); ``sleep`` and ``clock`` are injectable."""

    def __init__(
        self,
        rate: float = RATE_PER_SECOND,
        burst: int = BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst, self.clock, self.sleep = rate, burst, clock, sleep
        self.tokens, self.last = float(burst), clock()

    def take(self) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            self.sleep((1 - self.tokens) / self.rate)
            self.last, self.tokens = self.clock(), 1.0
        self.tokens -= 1


class Finder:
    """Looks names up in one instance."""

    def __init__(
        self,
        connect: Any,
        lex: Any,
        instance_id: str,
        *,
        spacer: Spacer | None = None,
        remaining_ms: Callable[[], int] = lambda: 10**9,
    ) -> None:
        self.connect, self.lex, self.instance_id = connect, lex, instance_id
        self.spacer = spacer or Spacer()
        self.remaining_ms = remaining_ms
        self._listed: dict[str, dict[tuple[str, str | None], str]] = {}

    def _call(self, method: Callable[..., Any], **params: Any) -> Any:
        if self.remaining_ms() < MARGIN_MS:
            raise OutOfTime("the lookup ran out of time; deploy again to retry")
        self.spacer.take()
        return method(**params)

    def _pages(self, operation: str, key: str, **params: Any) -> Iterator[Any]:
        token = None
        while True:
            extra = {"NextToken": token} if token else {}
            page = self._call(
                getattr(self.connect, operation), InstanceId=self.instance_id, **params, **extra
            )
            yield from page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return

    def names(self, kind: str) -> dict[tuple[str, str | None], str]:
        """(name, alias) -> id of every resource of the kind (listed once per invocation)."""
        if kind not in self._listed:
            self._listed[kind] = self._lex_aliases() if kind == LEX_BOT else self._list(kind)
        return self._listed[kind]

    def _list(self, kind: str) -> dict[tuple[str, str | None], str]:
        operation, key, params = LISTS[kind]
        found: dict[tuple[str, str | None], str] = {}
        limit = {"MaxResults": 1000}
        for item in self._pages(operation, key, **limit, **params):
            found.setdefault((str(item.get("Name")), None), str(item.get("Id")))
        return found

    def _lex_aliases(self) -> dict[tuple[str, str | None], str]:
        found: dict[tuple[str, str | None], str] = {}
        bots: dict[str, str] = {}
        for item in self._pages("list_bots", "LexBots", LexVersion="V2", MaxResults=25):
            alias_arn = (item.get("LexV2Bot") or {}).get("AliasArn")
            if not isinstance(alias_arn, str):
                continue
            bot_id, alias_id = alias_arn.rsplit("/", 2)[-2:]
            if bot_id not in bots:
                bots[bot_id] = self._call(self.lex.describe_bot, botId=bot_id)["botName"]
            alias = self._call(self.lex.describe_bot_alias, botId=bot_id, botAliasId=alias_id)
            found.setdefault((bots[bot_id], alias["botAliasName"]), alias_arn)
        return found

    def look_up(self, wanted: list[Mapping[str, str]]) -> tuple[dict[str, str], list[str]]:
        """({key: id}, every wanted name the instance lacks, described)."""
        found: dict[str, str] = {}
        missing: list[str] = []
        for entry in wanted:
            kind, name, alias = entry["Kind"], entry["Name"], entry.get("Alias")
            value = self.names(kind).get((name, alias))
            if value is None:
                shown = f"{kind} {name!r}" + (f" (alias {alias!r})" if alias else "")
                missing.append(shown)
            else:
                found[entry["Key"]] = value
        return found, missing


def answer(event: Mapping[str, Any], finder: Finder) -> tuple[str, str, dict[str, str]]:
    """(status, reason, data) for a custom-resource event."""
    if event["RequestType"] == "Delete":
        return "SUCCESS", "nothing to delete: the lookup only reads", {}
    properties = event["ResourceProperties"]
    wanted = list(properties.get("Names", []))
    unknown = sorted({e.get("Kind") for e in wanted} - {*LISTS, LEX_BOT}, key=str)
    if unknown:
        return "FAILED", f"unknown kind(s) {', '.join(map(str, unknown))}", {}
    found, missing = finder.look_up(wanted)
    if missing:
        return (
            "FAILED",
            f"the instance {properties['InstanceId']} has no {', no '.join(missing)}; "
            "create them or correct the names, then deploy again",
            {},
        )
    if properties.get("Mode") == "check":
        return "SUCCESS", f"all {len(wanted)} names found", {}
    return "SUCCESS", f"{len(found)} names found", found


def respond(
    event: Mapping[str, Any],
    status: str,
    reason: str,
    data: Mapping[str, str],
    physical_id: str,
    *,
    send: Callable[[urllib.request.Request], Any] = urllib.request.urlopen,
) -> None:
    """PUT the response to CloudFormation's pre-signed URL."""
    body = json.dumps(
        {
            "Status": status,
            "Reason": reason[:3000],
            "PhysicalResourceId": physical_id,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": dict(data),
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - CloudFormation's https URL
        event["ResponseURL"],
        data=body,
        method="PUT",
        headers={"Content-Type": "", "Content-Length": str(len(body))},
    )
    send(request)


def handler(event: Mapping[str, Any], context: Any) -> None:
    """Answer CloudFormation whatever happens: an unanswered custom resource hangs a stack."""
    physical_id = event.get("PhysicalResourceId") or (
        f"{event['ResourceProperties'].get('InstanceId')}/{event['LogicalResourceId']}"
    )
    try:
        finder = _finder(event, context)
        status, reason, data = answer(event, finder)
    except Exception as exc:  # reported to CloudFormation, which shows it in the stack events
        status, reason, data = "FAILED", f"{type(exc).__name__}: {exc}", {}
    print(json.dumps({"status": status, "reason": reason, "keys": len(data)}))
    respond(event, status, reason, data, physical_id)


def _finder(event: Mapping[str, Any], context: Any) -> Finder:
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "adaptive", "max_attempts": 8})
    return Finder(
        boto3.client("connect", config=config),
        boto3.client("lexv2-models", config=config),
        str(event["ResourceProperties"]["InstanceId"]),
        remaining_ms=context.get_remaining_time_in_millis,
    )
