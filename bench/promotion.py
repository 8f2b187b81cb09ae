"""Promotion: pull and adopt of 500 flows, adopt plus render of a 250-action flow.
`python -m bench promotion`.

- pull: `python -m flows pull`'s reader against a Connect client whose answers come from
  botocore's Stubber (every request checked against the service model), for an instance of 500
  flows. The token bucket's clock is the benchmark's own, so the figure is the tool's time; the
  API calls it made, divided by Connect's default rate (2 per second), give the time the same
  pull takes against a real instance, which the rate, not the tool, decides.
- adopt of the 500 pulled files into one package (read, plan with the builder's check of every
  block, name the references, write the modules).
- adopt plus render of the validator benchmark's 250-action flow (the language's maximum), with
  the designer's positions, as one export (target: median under 100 ms): adopt into a package,
  then load it, resolve its references and write the JSON.

Each figure is wall-clock time; the load average printed first says how busy the machine was.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from bench.adoption import exported_flow
from bench.validator import figures, timings_ms
from flows.adopt.adoption import adopt, read_sources
from flows.adopt.package import load_package, write_package
from flows.adopt.pull import DEFAULT_RATE, Puller, TokenBucket, pull
from flows.adopt.render import rendered_flows
from flows.language.arns import parse_connect_instance_arn

FLOWS = 500
TARGET_MS = 100.0
RUNS = 10
INSTANCE_ID = "0a0a0a0a-1111-4111-8111-0a0a0a0a0a0a"
INSTANCE = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE_ID}"
QUEUE = f"{INSTANCE}/queue/0b0b0b0b-2222-4222-8222-0b0b0b0b0b0b"


def _flow_arn(number: int) -> str:
    return f"{INSTANCE}/contact-flow/0c0c0c0c-3333-4333-8333-{number:012d}"


def _content(number: int) -> dict[str, Any]:
    """A small console-shaped flow: queue, transfer, and a transfer to the next flow."""
    following = _flow_arn((number + 1) % FLOWS)
    return {
        "Version": "2019-10-30",
        "StartAction": "queue",
        "Metadata": {
            "entryPointPosition": {"x": 20, "y": 20},
            "ActionMetadata": {
                "queue": {"position": {"x": 100, "y": 50}},
                "next": {"position": {"x": 350, "y": 50}},
                "bye": {"position": {"x": 600, "y": 50}},
            },
            "name": f"Flow {number:03d}",
            "type": "contactFlow",
        },
        "Actions": [
            {
                "Parameters": {"QueueId": QUEUE},
                "Identifier": "queue",
                "Type": "UpdateContactTargetQueue",
                "Transitions": {
                    "NextAction": "next",
                    "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Parameters": {"ContactFlowId": following},
                "Identifier": "next",
                "Type": "TransferToFlow",
                "Transitions": {
                    "NextAction": "bye",
                    "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Parameters": {},
                "Identifier": "bye",
                "Type": "DisconnectParticipant",
                "Transitions": {},
            },
        ],
    }


def _stubbed_puller() -> Puller:
    client = boto3.client(
        "connect",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",  # noqa: S106
    )
    stub = Stubber(client)
    summaries = [
        {"Id": _flow_arn(n).rsplit("/", 1)[1], "Arn": _flow_arn(n), "Name": f"Flow {n:03d}"}
        for n in range(FLOWS)
    ]
    stub.add_response("list_contact_flows", {"ContactFlowSummaryList": summaries})
    stub.add_response("list_contact_flow_modules", {"ContactFlowModulesSummaryList": []})
    queue = {"Id": QUEUE.rsplit("/", 1)[1], "Arn": QUEUE, "Name": "BasicQueue"}
    stub.add_response("list_queues", {"QueueSummaryList": [queue]})
    for operation, key in (
        ("list_prompts", "PromptSummaryList"),
        ("list_hours_of_operations", "HoursOfOperationSummaryList"),
        ("list_quick_connects", "QuickConnectSummaryList"),
        ("list_routing_profiles", "RoutingProfileSummaryList"),
        ("list_lambda_functions", "LambdaFunctions"),
        ("list_bots", "LexBots"),
        ("list_lex_bots", "LexBots"),
    ):
        stub.add_response(operation, {key: []})
    for summary, number in zip(summaries, range(FLOWS), strict=True):
        flow = {**summary, "Type": "CONTACT_FLOW", "Content": json.dumps(_content(number))}
        stub.add_response("describe_contact_flow", {"ContactFlow": flow})
    stub.activate()
    clock = [0.0]
    bucket = TokenBucket(clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s))
    return Puller(client, parse_connect_instance_arn(INSTANCE), bucket=bucket)


def main() -> None:
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="bench-promotion-"))
    try:
        _pull_and_adopt(work)
        _adopt_and_render(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pull_and_adopt(work: Path) -> None:
    puller = _stubbed_puller()
    started = time.perf_counter()
    result = pull(puller, work / "pulled")
    pulled_ms = (time.perf_counter() - started) * 1000
    at_quota = puller.calls / DEFAULT_RATE
    print(
        f"pull of {FLOWS} flows (Stubber-backed client): {pulled_ms:.0f} ms, "
        f"{len(result.written)} files, {puller.calls} API calls; at Connect's default "
        f"{DEFAULT_RATE:.0f} requests per second those calls take {at_quota / 60:.1f} min "
        f"(the token bucket would wait {puller.bucket.waited:.0f} s of them)"
    )
    started = time.perf_counter()
    sources = read_sources([work / "pulled"])
    adoption = adopt(sources)
    write_package(adoption, work / "pulled_flows")
    adopted_ms = (time.perf_counter() - started) * 1000
    print(
        f"adopt of {len(sources)} pulled flows into one package: {adopted_ms:.0f} ms "
        f"({adopted_ms / len(sources):.2f} ms per flow), "
        f"{len(adoption.source_resources.resources)} named resources"
    )


def _adopt_and_render(work: Path) -> None:
    content = exported_flow()
    source = work / "large.json"
    source.write_text(json.dumps(content, indent=2))
    count = len(content["Actions"])
    adopt_ms: list[float] = []
    render_ms: list[float] = []

    def adopt_then_render() -> None:
        """CPU time of each half (the wall clock also counts waiting for a busy core)."""
        target = work / "large_flows"
        started = time.process_time()
        write_package(adopt(read_sources([source])), target)
        middle = time.process_time()
        package = load_package(target)
        contents, _ = rendered_flows(package, package.source_resources())
        for rendered in contents.values():
            json.dumps(rendered, ensure_ascii=False, indent=2)
        ended = time.process_time()
        adopt_ms.append((middle - started) * 1000)
        render_ms.append((ended - middle) * 1000)

    timings = timings_ms(adopt_then_render, RUNS)
    cpu = [a + r for a, r in zip(adopt_ms[1:], render_ms[1:], strict=True)]
    verdict = "meets" if statistics.median(cpu) < TARGET_MS else "MISSES"
    print(
        f"adopt plus render of a {count}-action flow, {RUNS} runs: {figures(timings)}; "
        f"CPU median {statistics.median(cpu):.1f} ms ({verdict} the {TARGET_MS:.0f} ms target): "
        f"adopt {statistics.median(adopt_ms[1:]):.1f} ms (read, plan, name, write the "
        f"module), render {statistics.median(render_ms[1:]):.1f} ms (import and build the "
        "module, resolve, write the JSON)"
    )
