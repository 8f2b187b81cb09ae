"""`make demo`: the project's main job, end to end, on local defaults (no AWS account needed).

1. Start a local DynamoDB-compatible server (moto) on 127.0.0.1, create the customer table and
   seed it from data/sample_customers.jsonl.
2. Call the customer-lookup handler with Connect events for several callers and print what
   Connect would receive.
3. Synthesize the CDK app with the configuration in cdk.json (the sandbox defaults until you
   make it yours) and say where the templates and the flow are.
4. Run simulated calls through the generated customer-lookup flow against the seeded table,
   printed as transcripts: one for each of the flow's test cases (flows/testcases/, which
   `make flows` writes with a sample customer who takes each route), so the calls follow the
   routing table and the sample customers, whatever they hold.
5. Run the flow's own Amazon Connect test cases (flows/testcases/customer_lookup/) on the
   simulator and print their verdicts, as `python -m flows test` does.
6. Promote flows from one instance to another, offline: the sample console exports in
   data/sample_exports/ (three flows that reference each other, a flow module, functions of
   another account) adopted as a package with named references, the table of references
   printed, and the flows rendered for a second instance from its resources file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from scripts.command_line import OneLineParser, counted, run_main

PROG = "demo"
REPO = Path(__file__).resolve().parents[1]
LAMBDA_ROOT = REPO / "lambdas" / "customer_lookup"
TABLE = "customer-lookup-demo"

# (who is calling, what the flow passes) -> shown as Connect receives the answer
CALLERS: list[tuple[str, dict[str, Any]]] = [
    ("GOLD member", {"phone": "+14155550100"}),
    ("open case", {"phone": "+1 (415) 555-0102"}),
    ("Spanish speaker", {"phone": "+14155550103"}),
    ("national format", {"phone": "+14155550199", "parameters": {"phoneNumber": "415.555.0101"}}),
    ("non-ASCII name", {"phone": "+14155550106"}),
    ("sparse record", {"phone": "+14155550105"}),
    ("international", {"phone": "+44 20 7946 0958"}),
    ("unknown caller", {"phone": "+14155550199"}),
    ("withheld number", {"phone": "anonymous"}),
    ("chat, no phone", {"phone": None, "channel": "CHAT"}),
]

TESTCASES = REPO / "flows" / "testcases" / "customer_lookup"


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def start_local_table() -> Any:
    import boto3

    from scripts.local_aws import FAKE_CREDENTIALS, LocalAwsServer
    from scripts.seed_customers import seed

    server = LocalAwsServer().start()
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_ENDPOINT_URL"] = server.endpoint_url
    os.environ["CUSTOMER_TABLE_NAME"] = TABLE
    client = boto3.client("dynamodb", endpoint_url=server.endpoint_url)
    report = seed(client, TABLE, REPO / "data" / "sample_customers.jsonl", create_table=True)
    print(f"local DynamoDB-compatible server (moto) at {server.endpoint_url}")
    print(
        f"table {TABLE}: {counted(report.written, 'customer')} written from "
        "data/sample_customers.jsonl, "
        f"{len(report.rejected)} rejected"
    )
    return server


def call_the_function() -> None:
    sys.path.insert(0, str(LAMBDA_ROOT))
    import io
    from contextlib import redirect_stdout

    from flows.language.connect_lambda import contact_event
    from handler import handler

    rows = []
    logs = io.StringIO()
    for label, spec in CALLERS:
        event = contact_event(**spec)
        with redirect_stdout(logs):
            started = time.perf_counter()
            response = handler(event, None)
            elapsed = (time.perf_counter() - started) * 1000
        rows.append((label, spec, response, elapsed))
    print(f"{'caller':<16} {'number given':<20} {'lookupStatus':<13} {'errorCode':<19} answer")
    for label, spec, response, elapsed in rows:
        given = (spec.get("parameters") or {}).get("phoneNumber") or spec.get("phone") or "-"
        answer = ", ".join(
            f"{k}={response[k]}"
            for k in ("fullName", "membershipStatus", "preferredLanguage", "openCaseId")
            if response[k]
        )
        print(
            f"{label:<16} {given:<20} {response['lookupStatus']:<13} "
            f"{response['errorCode'] or '-':<19} {answer or '-'}  ({elapsed:.1f} ms)"
        )
    print("\nwhat Connect receives for the open-case caller (STRING_MAP, becomes $.External):")
    print(json.dumps(rows[1][2], ensure_ascii=False, indent=2))
    print("\nthe function's log line for it (JSON with embedded CloudWatch metrics):")
    print(logs.getvalue().splitlines()[1])


def synthesize() -> None:
    from scripts.cdk_synth import synth_command

    try:
        command = synth_command()
    except FileNotFoundError as exc:
        raise SystemExit(f"{PROG}: {exc}") from exc
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "CDK_DISABLE_STACK_TRACE": "1"},  # see scripts/cdk_synth.py
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        print(completed.stdout[-3000:], completed.stderr[-3000:], sep="\n")
        raise SystemExit("cdk synth failed")
    took = time.perf_counter() - started
    print(f"npx cdk synth (both stacks, cdk.json's configuration): {took:.1f} s")
    from stacks.synth_summary import summarize

    for line in summarize(REPO / "cdk.out"):
        print(f"  {line}")
    flow = REPO / "flows" / "generated" / "customer_lookup.json"
    print(f"  the same flow with sandbox ARNs: {flow.relative_to(REPO)}")
    print(f"  and its picture: {flow.with_suffix('.svg').relative_to(REPO)}")


def simulated_calls(folder: Path = TESTCASES) -> list[tuple[str, str, list[str]]]:
    """(label, phone, simulate's options) for each test case that calls as a customer whose
    lookup answers: out of hours where the case mocks the hours closed, with the queue full
    where it mocks a full queue (a case whose lookup fails needs its mock, and is left out)."""
    calls = []
    for path in sorted(folder.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8")).get("TestCase", {})
        phone = (
            case.get("EntryPoint", {})
            .get("VoiceCallEntryPointParameters", {})
            .get("SourcePhoneNumber")
        )
        mocks = _mocks(case.get("Content", {}))
        if not phone or "ExecutionResult" not in mocks.get("InvokeLambdaFunction", {}):
            continue
        extra: list[str] = []
        if mocks.get("CheckHoursOfOperation", {}).get("ExecutionResult", {}).get("Value") == (
            "OutOfHours"
        ):
            extra.append("--closed")
        queue = mocks.get("TransferContactToQueue", {}).get("QueueId")
        if queue:
            extra += ["--queue-full", queue]
        calls.append((str(case.get("Name", path.stem)), phone, extra))
    return calls


def _mocks(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Mocked action type -> its response (and the queue a queue mock names)."""
    mocks: dict[str, dict[str, Any]] = {}
    for observation in content.get("Observations", []):
        for action in observation.get("Actions", []):
            behavior = action.get("Parameters", {}).get("Behavior", {}).get("Properties", {})
            if action.get("Type") != "OverrideSystemBehavior" or not behavior:
                continue
            response = dict(behavior.get("Strategy", {}).get("Response", {}))
            response.update(behavior.get("ActionParameters", {}))
            mocks[behavior.get("ActionType", "")] = response
    return mocks


def simulate_calls() -> None:
    flow = REPO / "flows" / "generated" / "customer_lookup.json"
    for label, phone, extra in simulated_calls():
        print(f"\n-- simulated call: {label} ({phone}) --", flush=True)
        subprocess.run(
            [sys.executable, "-m", "flows", "simulate", str(flow), "--phone", phone, *extra],
            cwd=REPO,
            check=True,
            timeout=120,
        )


def run_test_cases() -> None:
    flow = REPO / "flows" / "generated" / "customer_lookup.json"
    cases = sorted((REPO / "flows" / "testcases" / "customer_lookup").glob("*.json"))
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "test",
            str(flow),
            *(str(c.relative_to(REPO)) for c in cases),
        ],
        cwd=REPO,
        check=False,
        timeout=120,
    )
    print(
        f"(python -m flows test, exit {completed.returncode}, {time.perf_counter() - started:.1f} s"
        " with the interpreter's start; the same cases deploy as AWS::Connect::TestCase and run "
        "in the instance with scripts/run_connect_tests.py)"
    )


SAMPLE_EXPORTS = REPO / "data" / "sample_exports"
# The second instance of the promotion: another account and region than the exports'.
TARGET_INSTANCE = (
    "arn:aws:connect:eu-west-2:210987654321:instance/7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"
)


def promote_flows() -> None:
    import tempfile

    from flows.adopt.package import load_package
    from flows.model.references import (
        CONNECT_KINDS,
        LambdaFunction,
        Resource,
        ResourceTable,
        function_arn,
    )

    work = Path(tempfile.mkdtemp(prefix="promotion-"))
    package = work / "acme_flows"
    print(f"$ python -m flows adopt {SAMPLE_EXPORTS.relative_to(REPO)} -o {package}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "flows", "adopt", str(SAMPLE_EXPORTS), "-o", str(package)],
        cwd=REPO,
        check=True,
        timeout=120,
    )
    # The second instance's resources.json, as `python -m flows pull` would write it there:
    # the same names, other ids (functions by name in that account and region).
    target = TARGET_INSTANCE
    account, region = target.split(":")[4], target.split(":")[3]
    table = ResourceTable(instance_arn=target)
    source = load_package(package).source_resources()
    for resource in source.resources:
        if resource.kind == LambdaFunction.KIND:
            function = LambdaFunction(resource.name)
            arn = function_arn(function, partition="aws", region=region, account=account)
        else:
            number = len(table.resources) + 1
            arn = f"{target}/{CONNECT_KINDS[resource.kind]}/00000000-0000-4000-8000-{number:012d}"
        table.add(Resource(resource.kind, resource.name, arn, resource.alias))
    (work / "target_resources.json").write_text(table.to_json())
    rendered = work / "rendered"
    print(
        f"\n$ python -m flows render {package.name} -o rendered --resources target_resources.json"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "render",
            str(package),
            "-o",
            str(rendered),
            "--resources",
            str(work / "target_resources.json"),
        ],
        cwd=REPO,
        check=True,
        timeout=120,
    )
    print("\nreference -> the value rendered for the second instance:")
    for resource in table.resources:
        print(f"  {resource.kind}({resource.name!r}) -> {resource.arn}")
    texts = "".join(p.read_text() for p in sorted(package.glob("*.py")))
    traces = {r.arn.split(":")[4] for r in source.resources}
    traces |= {r.arn.split("/")[1] for r in source.resources if ":instance/" in r.arn}
    left = sorted(t for t in traces if t in texts)
    print(
        f"\nsource accounts and instance ids ({', '.join(sorted(traces))}) left in the "
        f"package's code: {', '.join(left) or 'none'}; deploy it with "
        f"`npx cdk deploy --all -c instance_arn=... -c adopted_flows={package}`"
    )


def build_parser() -> argparse.ArgumentParser:
    # The module's docstring is the help: it says what the demo does, step by step.
    return OneLineParser(
        prog="python -m scripts.demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    heading("1. local table")
    server = start_local_table()
    try:
        heading("2. the customer-lookup function, as Connect calls it")
        call_the_function()
        heading("3. the CDK app, synthesized with the configuration in cdk.json")
        synthesize()
        heading("4. simulated calls through the customer-lookup flow")
        simulate_calls()
        heading("5. the flow's Amazon Connect test cases, run on the simulator")
        run_test_cases()
        heading("6. flows of one instance promoted to another, offline")
        promote_flows()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main))
