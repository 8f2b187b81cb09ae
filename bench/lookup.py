"""Benchmarks of the customer-lookup function. `python -m bench lookup`.

1. Warm: the handler vs a bare GetItem of the same item on the same local server, interleaved,
   median and p99 over 2,000 calls each. Target: handler/GetItem median ratio <= 1.15.
2. Cold: a fresh interpreter importing the handler and answering once vs a fresh interpreter
   importing boto3 and making one GetItem. Target: median ratio <= 1.3.
3. Scale: handler median latency with 100,000 items vs 1,000 items. Target: ratio <= 1.2.
4. Peak memory (max RSS) of the warm process.

The local server (moto, real HTTP) runs in this process; every measured loop runs in a child
process of its own, so the server's threads do not share an interpreter lock with what is
measured. Figures are printed, never asserted: these machines are noisy, read the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LAMBDA_ROOT = REPO / "lambdas" / "customer_lookup"
WARM_CALLS = 2000
COLD_RUNS = 25
SCALE_CALLS = 1000


def peak_rss_kb() -> int:
    """Peak resident set of this process image (VmHWM). Not getrusage's ru_maxrss: on Linux
    that survives exec and would report the parent's (the emulator's) peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---------------------------------------------------------------------------------------------
# Worker side (a child process): measure and print JSON


def _silence_stdout() -> None:
    # The handler's log line goes to stdout as in Lambda; here it goes to /dev/null, still written.
    devnull = os.open(os.devnull, os.O_WRONLY)
    sys.stdout = os.fdopen(devnull, "w", buffering=1)


def _worker_warm(table: str, phone: str, calls: int) -> None:
    import boto3

    sys.path.insert(0, str(LAMBDA_ROOT))
    from flows.language.connect_lambda import contact_event
    from handler import handler

    out = sys.stdout
    _silence_stdout()
    event = contact_event(phone=phone)
    client = boto3.client("dynamodb")
    key = {"phoneNumber": {"S": phone}}
    for _ in range(50):  # warm both paths: connections, caches
        handler(event, None)
        client.get_item(TableName=table, Key=key)
    handler_ms: list[float] = []
    get_item_ms: list[float] = []
    for i in range(calls):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for which in order:
            started = time.perf_counter()
            if which == 0:
                response = handler(event, None)
                handler_ms.append((time.perf_counter() - started) * 1000)
            else:
                client.get_item(TableName=table, Key=key)
                get_item_ms.append((time.perf_counter() - started) * 1000)
    assert response["lookupStatus"] == "FOUND", response
    peak_kb = peak_rss_kb()
    out.write(json.dumps({"handler": handler_ms, "get_item": get_item_ms, "peak_kb": peak_kb}))


def _worker_scale(table: str, phones: list[str], calls: int) -> None:
    sys.path.insert(0, str(LAMBDA_ROOT))
    from flows.language.connect_lambda import contact_event
    from handler import handler

    out = sys.stdout
    _silence_stdout()
    rng = random.Random(7)
    events = [contact_event(phone=rng.choice(phones)) for _ in range(calls + 50)]
    for event in events[:50]:
        handler(event, None)
    timings: list[float] = []
    for event in events[50:]:
        started = time.perf_counter()
        response = handler(event, None)
        timings.append((time.perf_counter() - started) * 1000)
        assert response["lookupStatus"] == "FOUND", response
    peak_kb = peak_rss_kb()
    out.write(json.dumps({"handler": timings, "peak_kb": peak_kb}))


COLD_HANDLER = """
import sys
sys.path.insert(0, {root!r})
from handler import handler
r = handler({event}, None)
assert r["lookupStatus"] == "FOUND", r
"""

COLD_BOTO3 = """
import boto3
key = {{"phoneNumber": {{"S": {phone!r}}}}}
r = boto3.client("dynamodb").get_item(TableName={table!r}, Key=key)
assert "Item" in r
"""


# ---------------------------------------------------------------------------------------------
# Driver side


def _run_worker(env: dict[str, str], *args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.lookup", "--worker", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark worker failed: {completed.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def _time_process(env: dict[str, str], code: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        check=True,
        timeout=120,
        stdout=subprocess.DEVNULL,
    )
    return (time.perf_counter() - started) * 1000


def _seed_synthetic(client: Any, table: str, count: int) -> list[str]:
    from scripts.seed_customers import Row, SeedReport, ensure_table, write_items

    phones = [f"+1415{2000000 + i:07d}" for i in range(count)]
    rows = [
        Row(
            n + 1,
            {
                "phoneNumber": phone,
                "customerId": f"C-{n}",
                "firstName": "Pat",
                "lastName": "Doe",
                "membershipStatus": "SILVER",
                "preferredLanguage": "en-US",
            },
        )
        for n, phone in enumerate(phones)
    ]
    ensure_table(client, table, create=True)
    report = SeedReport()
    write_items(client, table, rows, report)
    assert report.ok, report
    return phones


def _line(label: str, values: list[float]) -> str:
    return (
        f"  {label:<26} median {statistics.median(values):8.3f} ms   "
        f"p99 {percentile(values, 0.99):8.3f} ms   (n={len(values)})"
    )


def main() -> None:
    import boto3

    from scripts.local_aws import FAKE_CREDENTIALS, LocalAwsServer
    from scripts.seed_customers import seed

    with LocalAwsServer() as server:
        env = {
            **os.environ,
            **FAKE_CREDENTIALS,
            "AWS_ENDPOINT_URL": server.endpoint_url,
            "PYTHONPATH": str(REPO),
        }
        os.environ.update({k: env[k] for k in (*FAKE_CREDENTIALS, "AWS_ENDPOINT_URL")})
        client = boto3.client("dynamodb", endpoint_url=server.endpoint_url)
        report = seed(
            client, "bench-sample", REPO / "data" / "sample_customers.jsonl", create_table=True
        )
        assert report.ok, report
        env["CUSTOMER_TABLE_NAME"] = "bench-sample"
        phone = "+14155550100"

        print(f"1. warm: handler vs bare GetItem, interleaved, {WARM_CALLS} calls each")
        warm = _run_worker(env, "warm", "bench-sample", phone, str(WARM_CALLS))
        print(_line("handler", warm["handler"]))
        print(_line("bare GetItem (boto3)", warm["get_item"]))
        ratio = statistics.median(warm["handler"]) / statistics.median(warm["get_item"])
        print(f"  median ratio handler/GetItem: {ratio:.3f}   (target <= 1.15)")

        print(
            f"2. cold: fresh interpreter, import and answer once; {COLD_RUNS} runs each, "
            "interleaved"
        )
        cold_handler: list[float] = []
        cold_boto3: list[float] = []
        from flows.language.connect_lambda import contact_event

        event = repr(contact_event(phone=phone))
        handler_code = COLD_HANDLER.format(root=str(LAMBDA_ROOT), event=event)
        boto3_code = COLD_BOTO3.format(table="bench-sample", phone=phone)
        for _ in range(COLD_RUNS):
            cold_handler.append(_time_process(env, handler_code))
            cold_boto3.append(_time_process(env, boto3_code))
        print(_line("handler (import + answer)", cold_handler))
        print(_line("boto3 (import + GetItem)", cold_boto3))
        ratio = statistics.median(cold_handler) / statistics.median(cold_boto3)
        print(f"  median ratio handler/boto3: {ratio:.3f}   (target <= 1.3)")

        print(f"3. scale: handler median over {SCALE_CALLS} random callers, 1,000 vs 100,000 items")
        started = time.perf_counter()
        small = _seed_synthetic(client, "bench-1k", 1_000)
        large = _seed_synthetic(client, "bench-100k", 100_000)
        print(f"  (seeded 101,000 items in {time.perf_counter() - started:.0f} s)")
        scale_args = []
        for table, phones in (("bench-1k", small), ("bench-100k", large)):
            path = REPO / ".build" / f"{table}-phones.json"
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(phones))
            scale_args.append((table, str(path)))
        results: dict[str, list[float]] = {"bench-1k": [], "bench-100k": []}
        handler_only_peak_kb = 0
        for _ in range(3):  # alternate the two tables to spread the machine's noise evenly
            for table, phones_file in scale_args:
                run = _run_worker(
                    {**env, "CUSTOMER_TABLE_NAME": table}, "scale", table, phones_file
                )
                results[table] += run["handler"]
                handler_only_peak_kb = max(handler_only_peak_kb, run["peak_kb"])
        print(_line("1,000 items", results["bench-1k"]))
        print(_line("100,000 items", results["bench-100k"]))
        ratio = statistics.median(results["bench-100k"]) / statistics.median(results["bench-1k"])
        print(f"  median ratio 100k/1k: {ratio:.3f}   (target <= 1.2)")

        print("4. peak memory (max RSS) of the warm process")
        print(f"  handler only, after {SCALE_CALLS} calls: {handler_only_peak_kb / 1024:.1f} MiB")
        print(f"  handler + boto3 baseline (warm run):  {warm['peak_kb'] / 1024:.1f} MiB")


def _worker_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["warm", "scale"])
    parser.add_argument("table")
    parser.add_argument("arg")
    parser.add_argument("calls", nargs="?", type=int, default=SCALE_CALLS)
    args = parser.parse_args(argv)
    if args.kind == "warm":
        _worker_warm(args.table, args.arg, args.calls)
    else:
        _worker_scale(args.table, json.loads(Path(args.arg).read_text()), args.calls)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker_main(sys.argv[2:])
    else:
        main()
