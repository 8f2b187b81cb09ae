"""Read a deployed contact flow into a file, to see console edits that bypassed the code.

    python scripts/pull_flow.py --instance-arn ARN (--name NAME | --flow-id ID) [--saved]
        -o FILE [--profile P]

Writes what Amazon Connect's DescribeContactFlow returns, ``{"ContactFlow": {"Name", "Id",
"Arn", "Type", "State", "Status", "Content": "<the flow as a string>", ...}}``, one of the
shapes every flow tool reads (flows/model/document.py), so that

    python -m flows diff flows/generated/customer_lookup.json FILE

shows what changed in the instance since the last deploy. ``--saved`` reads the flow's saved
content, which may not be published yet: DescribeContactFlow with the ``$SAVED`` alias, as
``arn:aws:.../contact-flow/{id}:$SAVED``
(https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContactFlow.html).
``--name`` finds the flow with ListContactFlows (exact, case-sensitive name).

The file is replaced only once the flow has been read (written beside it, then renamed), so an
error never leaves a half-written file or loses the one that was there. Exit status: 0 written,
2 bad input or an AWS error (a malformed ARN, no such flow, a flow never published without
``--saved``, throttling, denied access), with one line naming the problem.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from flows.files import replace_file
from flows.language.arns import ArnError, ConnectInstanceArn, parse_connect_instance_arn
from scripts.aws_errors import AwsProblem, describe, error_code
from scripts.command_line import (
    EXIT_OK,
    BadInput,
    OneLineParser,
    check_endpoint_environment,
    fail,
    run_main,
)

PROG = "pull_flow.py"
SAVED_ALIAS = "$SAVED"
MAX_NAME_CHARS = 127  # Connect's limit on a flow name
MAX_FLOW_ID_CHARS = 500  # DescribeContactFlow's ContactFlowId

ClientFactory = Callable[[argparse.Namespace, ConnectInstanceArn], Any]


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG, description="Read a deployed contact flow (DescribeContactFlow) into a file."
    )
    parser.add_argument("--instance-arn", required=True, help="the Connect instance's ARN")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--name", help="the flow's name, as the console shows it")
    which.add_argument("--flow-id", help="the flow's id (the last part of its ARN) or its ARN")
    parser.add_argument(
        "--saved", action="store_true", help="read the saved content, published or not ($SAVED)"
    )
    parser.add_argument("-o", "--output", required=True, help="the file to write")
    parser.add_argument("--profile", help="AWS profile of the instance's account")
    return parser


def _check_output(path: Path) -> None:
    """:class:`BadInput` when ``-o`` could not be written: said before the instance is read,
    not after."""
    if path.is_dir():
        raise BadInput(f"-o {path} is a directory; expected a file name for the flow")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise BadInput(f"-o {path}: the folder {folder} does not exist")


def connect_client(args: argparse.Namespace, instance: ConnectInstanceArn) -> Any:
    session = boto3.Session(profile_name=args.profile)
    return session.client("connect", region_name=instance.region)


def main(argv: Sequence[str] | None = None, *, clients: ClientFactory = connect_client) -> int:
    args = build_parser().parse_args(argv)
    try:
        instance = _instance(args.instance_arn)
        _check_which(args)
        _check_output(Path(args.output))
        check_endpoint_environment(["Connect"])
        try:
            client = clients(args, instance)
        except BotoCoreError as exc:
            raise describe("opening the AWS session", exc) from exc
        flow_id = args.flow_id or find_flow_id(client, instance, args.name)
        described = describe_flow(client, instance, flow_id, saved=args.saved)
        write_flow(Path(args.output), described)
    except (BadInput, AwsProblem) as exc:
        return fail(PROG, str(exc))
    except OSError as exc:
        return fail(PROG, f"{args.output}: cannot write: {exc.strerror or exc}")
    flow = described["ContactFlow"]
    print(
        f"{PROG}: wrote {args.output}: {flow.get('Name')!r} ({flow.get('Id')}), "
        f"status {flow.get('Status')}, state {flow.get('State')}"
    )
    return EXIT_OK


def _instance(value: str) -> ConnectInstanceArn:
    try:
        return parse_connect_instance_arn(value)
    except ArnError as exc:
        raise BadInput(f"--instance-arn {exc}") from exc


def _check_which(args: argparse.Namespace) -> None:
    if args.name is not None and not 1 <= len(args.name) <= MAX_NAME_CHARS:
        raise BadInput(f"--name {args.name!r}: expected 1 to {MAX_NAME_CHARS} characters")
    if args.flow_id is not None:
        args.flow_id = _flow_id(args.flow_id)


def _flow_id(value: str) -> str:
    """The flow's id, from itself or from the flow's ARN (``.../contact-flow/ID``)."""
    text = value.strip()
    if text.startswith("arn:") and "/contact-flow/" in text:
        text = text.rsplit("/contact-flow/", 1)[1]
    if not text or len(text) > MAX_FLOW_ID_CHARS or any(c in text for c in "/: "):
        raise BadInput(
            f"--flow-id {value!r}: expected the flow's id, e.g. "
            "12345678-1234-1234-1234-123456789012, or its ARN (.../contact-flow/ID)"
        )
    return text


def find_flow_id(client: Any, instance: ConnectInstanceArn, name: str) -> str:
    """The id of the flow named ``name`` (ListContactFlows, every page)."""
    found: list[dict[str, Any]] = []
    names: list[str] = []
    token: str | None = None
    while True:
        params: dict[str, Any] = {"InstanceId": instance.instance_id, "MaxResults": 1000}
        if token:
            params["NextToken"] = token
        page = _call(
            client.list_contact_flows, params, f"connect ListContactFlows on {instance.arn}"
        )
        for summary in page.get("ContactFlowSummaryList", []):
            names.append(str(summary.get("Name", "")))
            if summary.get("Name") == name:
                found.append(summary)
        token = page.get("NextToken")
        if not token:
            break
    if len(found) == 1:
        return str(found[0]["Id"])
    if found:
        ids = ", ".join(str(s["Id"]) for s in found)
        raise BadInput(
            f"--name {name!r}: {len(found)} flows have that name ({ids}); give --flow-id"
        )
    near = [n for n in names if n.casefold() == name.casefold()]
    hint = f" (names are case-sensitive: {near[0]!r} exists)" if near else ""
    raise BadInput(
        f"--name {name!r}: no flow of that name in instance {instance.instance_id}{hint}"
    )


def describe_flow(
    client: Any, instance: ConnectInstanceArn, flow_id: str, *, saved: bool
) -> dict[str, Any]:
    """DescribeContactFlow's answer, for the published content or (``saved``) the saved one."""
    contact_flow_id = flow_id
    if saved:
        contact_flow_id = f"{instance.arn}/contact-flow/{flow_id}:{SAVED_ALIAS}"
    what = f"connect DescribeContactFlow on flow {flow_id}"
    try:
        answer = client.describe_contact_flow(
            InstanceId=instance.instance_id, ContactFlowId=contact_flow_id
        )
    except ClientError as exc:
        code = error_code(exc)
        if code == "ResourceNotFoundException":
            raise AwsProblem(
                f"flow {flow_id} not found in instance {instance.instance_id} "
                "(check --flow-id, --instance-arn and --profile)",
                code,
            ) from exc
        if code == "ContactFlowNotPublishedException":
            raise AwsProblem(
                f"flow {flow_id} has not been published; give --saved to read its saved content",
                code,
            ) from exc
        raise describe(what, exc) from exc
    except BotoCoreError as exc:
        raise describe(what, exc) from exc
    flow = answer.get("ContactFlow")
    if not isinstance(flow, dict) or not isinstance(flow.get("Content"), str):
        raise AwsProblem(f"{what}: the answer has no flow content")
    return {"ContactFlow": flow}


def write_flow(path: Path, described: dict[str, Any]) -> None:
    """Write the answer as JSON, all at once (:func:`flows.files.replace_file`)."""
    text = json.dumps(described, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    replace_file(path, text)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):  # LastModifiedTime
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _call(method: Callable[..., Any], params: dict[str, Any], what: str) -> Any:
    try:
        return method(**params)
    except (ClientError, BotoCoreError) as exc:
        raise describe(what, exc) from exc


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main))
