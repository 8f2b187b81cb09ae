"""A CloudFormation custom resource: the ids of named resources in a Connect instance.

The adopted-flows stack (stacks/adopted_flows_stack.py) deploys flows that name queues, prompts,
hours of operation, quick connects, routing profiles, flows, modules and Lex V2 bot aliases by
name; their ids in the target instance are known only there. This function answers a custom
resource whose properties are::

    {"InstanceId": "...", "Mode": "check" | "ids",
     "Names": [{"Key": "n0", "Kind": "Queue", "Name": "BasicQueue"},
               {"Key": "n1", "Kind": "LexBot", "Name": "OrderBot", "Alias": "live"},
               {"Key": "f0", "Kind": "LambdaFunction", "Name": "lookup", "Qualifier": "live",
                "Arn": "arn:aws:lambda:REGION:ACCOUNT:function:lookup:live"}, ...]}

Mode ``check`` fails the deployment with one message listing every name the instance lacks, and
returns nothing. Mode ``ids`` returns ``{KEY: id}`` (a Connect resource's id, the last part of
its ARN; a Lex alias's ARN), so that the response stays under CloudFormation's limit of 4,096
bytes (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html):
the stack asks for a few dozen names per resource. For the same reason the failure's reason is
kept to :data:`MAX_REASON_BYTES` as it is sent: a list of missing names too long for it ends
with "... and N more", so that none is dropped without a word.

Names are found with Connect's List APIs (every page; names are case-sensitive, as in the
console): ListQueues (standard queues), ListPrompts, ListHoursOfOperations, ListQuickConnects,
ListRoutingProfiles, ListContactFlows, ListContactFlowModules, and ListBots (Lex V2) with Lex's
DescribeBot and DescribeBotAlias for a bot's and an alias's names. Requests are spaced to
Connect's default quota (2 per second, bursts of 5:
https://docs.aws.amazon.com/connect/latest/APIReference/best-practices-connect-apis.html), with
botocore's adaptive retries behind. Deleting the resource does nothing: it only reads.

**Functions** are named by ARN in the flows (the stack writes them at synthesis), so nothing is
returned for them; the check asks whether the instance may call each one. A function in the
instance's Region must be added to (associated with) the instance before a flow uses it, and
adding it is what gives Connect the permission to invoke it
(https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html). Lambda
scopes that permission to the one ARN it names: granted on an alias's ARN it does not cover the
unqualified function, nor the version the alias points to, and granted on the unqualified ARN it
covers only calls through that ARN
(https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html,
https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html). So a function entry is
found only when the entry's ``Arn``, exactly as the flow calls it (qualified when the reference
has a qualifier, unqualified otherwise), is among the ARNs ListLambdaFunctions gives for the
instance; an association of the same function under another qualifier, or none, does not count.

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
LAMBDA_FUNCTION = "LambdaFunction"
KINDS = frozenset({*LISTS, LEX_BOT, LAMBDA_FUNCTION})
RATE_PER_SECOND = 2.0
BURST = 5
# Stop asking Connect this long before the function's own timeout, to answer CloudFormation.
MARGIN_MS = 10_000
# The response's reason, as JSON writes it (non-ASCII escaped), beside ids and status: the whole
# response must stay under 4,096 bytes.
MAX_REASON_BYTES = 3000


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
        """(name, alias) -> id of every resource of the kind (listed once per invocation); for
        functions, (ARN, None) -> ARN of every function associated with the instance."""
        if kind not in self._listed:
            if kind == LEX_BOT:
                self._listed[kind] = self._lex_aliases()
            elif kind == LAMBDA_FUNCTION:
                self._listed[kind] = self._functions()
            else:
                self._listed[kind] = self._list(kind)
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

    def _functions(self) -> dict[tuple[str, str | None], str]:
        """The ARNs of the functions associated with the instance, as ListLambdaFunctions gives
        them (qualified where the association was made with a qualified ARN)."""
        arns = self._pages("list_lambda_functions", "LambdaFunctions", MaxResults=25)
        return {(str(arn), None): str(arn) for arn in arns}

    def look_up(self, wanted: list[Mapping[str, str]]) -> tuple[dict[str, str], list[str]]:
        """({key: id}, every wanted name the instance lacks, described)."""
        found: dict[str, str] = {}
        missing: list[str] = []
        for entry in wanted:
            kind, name = entry["Kind"], entry["Name"]
            if kind == LAMBDA_FUNCTION:
                key: tuple[str, str | None] = (entry["Arn"], None)
                detail = entry.get("Qualifier")
                shown = f"{kind} {name!r}" + (f" (qualifier {detail!r})" if detail else "")
            else:
                alias = entry.get("Alias")
                key = (name, alias)
                shown = f"{kind} {name!r}" + (f" (alias {alias!r})" if alias else "")
            value = self.names(kind).get(key)
            if value is None:
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
    unknown = sorted({e.get("Kind") for e in wanted} - KINDS, key=str)
    if unknown:
        return "FAILED", f"unknown kind(s) {', '.join(map(str, unknown))}", {}
    found, missing = finder.look_up(wanted)
    if missing:
        functions = any(e["Kind"] == LAMBDA_FUNCTION for e in wanted)
        advice = "create them or correct the names"
        if functions:
            advice += (
                " (a function counts when the instance is associated with the ARN the flow "
                "calls, with its qualifier if it has one: AssociateLambdaFunction)"
            )
        return (
            "FAILED",
            missing_reason(
                f"the instance {properties['InstanceId']} has no ",
                missing,
                f"; {advice}, then deploy again",
            ),
            {},
        )
    if properties.get("Mode") == "check":
        return "SUCCESS", f"all names found ({len(wanted)})", {}
    return "SUCCESS", f"{_counted(len(found), 'name')} found", found


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _encoded_length(text: str) -> int:
    """Bytes the text takes in the JSON response (non-ASCII escaped), quotes left out."""
    return len(json.dumps(text)) - 2


def missing_reason(head: str, missing: list[str], tail: str, limit: int = MAX_REASON_BYTES) -> str:
    """``head`` + the missing names (``", no "`` between them) + ``tail``, within ``limit``
    bytes as JSON writes it: when not every name fits, as many as fit, then "... and N more"."""
    separator = ", no "
    whole = head + separator.join(missing) + tail
    if _encoded_length(whole) <= limit:
        return whole
    # JSON escapes character by character, so lengths add up. The names that fit beside the
    # longest ending ("... and N more" for every name) certainly fit with a shorter one.
    room = limit - _encoded_length(head + tail) - len(f", ... and {len(missing)} more")
    shown, used = 0, 0
    for name in missing[:-1]:
        used += _encoded_length(name) + (len(separator) if shown else 0)
        if used > room:
            break
        shown += 1
    more = f"... and {len(missing) - shown} more"
    listed = separator.join(missing[:shown])
    return _cut(head + (f"{listed}, {more}" if shown else more) + tail, limit)


def _cut(text: str, limit: int = MAX_REASON_BYTES) -> str:
    """The text, shortened to ``limit`` bytes as JSON writes it (a character takes at most 12:
    a surrogate pair's two escapes)."""
    while _encoded_length(text) > limit:
        text = text[: len(text) - max(1, (_encoded_length(text) - limit) // 12)]
    return text


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
            "Reason": _cut(reason),
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
