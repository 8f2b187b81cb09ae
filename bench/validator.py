"""Benchmark of the flow validator: a generated 250-action flow, and the whole corpus.

The 250-action flow is the largest a flow may be, built from plain dicts with the mix of a real
routing flow: Lambda invocations, attribute copies from `$.External`, comparisons with several
conditions, prompts with dynamic text, queues, loops and customer input. Target: median under
20 ms per validation. The corpus figure is one pass of ``validate_path`` over every file of
../shared/flows-corpus (reading and parsing included), when that folder is present.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.language.facts import MAX_ACTIONS
from flows.model.document import parse_flow_text
from flows.validator import has_errors, validate_content, validate_document, validate_path
from scripts.command_line import counted

TARGET_MS = 20.0
RUNS = 200
CORPUS_RUNS = 30
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "flows-corpus"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/"
    "11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"
)
SEGMENT = 10  # actions per generated routing segment


def _errors(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"ErrorType": error_type, "NextAction": target} for error_type, target in pairs]


def _condition(operator: str, operand: str, target: str) -> dict[str, Any]:
    return {"NextAction": target, "Condition": {"Operator": operator, "Operands": [operand]}}


def _segment(n: int, after: str) -> list[dict[str, Any]]:
    """Ten actions: look up, copy, route, greet / voice, queue, loop over input, log, apologise."""
    i = f"-{n}"
    sorry = "sorry" + i
    return [
        {
            "Identifier": "lookup" + i,
            "Type": "InvokeLambdaFunction",
            "Parameters": {
                "LambdaFunctionARN": LAMBDA_ARN,
                "InvocationTimeLimitSeconds": "4",
                "LambdaInvocationAttributes": {"phoneNumber": "$.CustomerEndpoint.Address"},
                "ResponseValidation": {"ResponseType": "STRING_MAP"},
            },
            "Transitions": {
                "NextAction": "copy" + i,
                "Errors": _errors(("NoMatchingError", sorry)),
            },
        },
        {
            "Identifier": "copy" + i,
            "Type": "UpdateContactAttributes",
            "Parameters": {
                "Attributes": {
                    "lookupStatus": "$.External.lookupStatus",
                    "firstName": "$.External.firstName",
                    "preferredLanguage": "$.External.preferredLanguage",
                    "membershipStatus": "$.External.membershipStatus",
                },
                "TargetContact": "Current",
            },
            "Transitions": {
                "NextAction": "route" + i,
                "Errors": _errors(("NoMatchingError", sorry)),
            },
        },
        {
            "Identifier": "route" + i,
            "Type": "Compare",
            "Parameters": {"ComparisonValue": "$.Attributes.lookupStatus"},
            "Transitions": {
                "NextAction": sorry,
                "Conditions": [
                    _condition("Equals", "FOUND", "greet" + i),
                    _condition("TextStartsWith", "es", "voice" + i),
                    _condition("NumberGreaterThan", "5", "queue" + i),
                ],
                "Errors": _errors(("NoMatchingCondition", sorry)),
            },
        },
        {
            "Identifier": "greet" + i,
            "Type": "MessageParticipant",
            "Parameters": {"Text": "Hello $.Attributes.firstName, thank you for calling."},
            "Transitions": {
                "NextAction": "queue" + i,
                "Errors": _errors(("NoMatchingError", "queue" + i)),
            },
        },
        {
            "Identifier": "voice" + i,
            "Type": "UpdateContactTextToSpeechVoice",
            "Parameters": {"TextToSpeechVoice": "Lupe", "TextToSpeechEngine": "Neural"},
            "Transitions": {"NextAction": "queue" + i},
        },
        {
            "Identifier": "queue" + i,
            "Type": "UpdateContactTargetQueue",
            "Parameters": {"QueueId": QUEUE_ARN},
            "Transitions": {
                "NextAction": "loop" + i,
                "Errors": _errors(("NoMatchingError", sorry)),
            },
        },
        {
            "Identifier": "loop" + i,
            "Type": "Loop",
            "Parameters": {"LoopCount": "2"},
            "Transitions": {
                "NextAction": after,
                "Conditions": [
                    _condition("Equals", "ContinueLooping", "input" + i),
                    _condition("Equals", "DoneLooping", after),
                ],
            },
        },
        {
            "Identifier": "input" + i,
            "Type": "GetParticipantInput",
            "Parameters": {
                "Text": "Press 1 to continue, 2 to hear this again.",
                "StoreInput": "False",
                "InputTimeLimitSeconds": "5",
            },
            "Transitions": {
                "NextAction": "loop" + i,
                "Conditions": [
                    _condition("Equals", "1", "log" + i),
                    _condition("Equals", "2", "loop" + i),
                ],
                "Errors": _errors(
                    ("InputTimeLimitExceeded", "loop" + i),
                    ("NoMatchingCondition", "loop" + i),
                    ("NoMatchingError", "loop" + i),
                ),
            },
        },
        {
            "Identifier": "log" + i,
            "Type": "UpdateFlowLoggingBehavior",
            "Parameters": {"FlowLoggingBehavior": "Enabled"},
            "Transitions": {"NextAction": after},
        },
        {
            "Identifier": sorry,
            "Type": "MessageParticipant",
            "Parameters": {"Text": "Sorry, we could not look you up."},
            "Transitions": {"NextAction": after},
        },
    ]


def generated_flow(actions: int = MAX_ACTIONS) -> dict[str, Any]:
    """A valid flow of exactly ``actions`` actions: routing segments, prompts, a hang-up."""
    segments = (actions - 1) // SEGMENT
    tail = actions - 1 - segments * SEGMENT
    flow_actions: list[dict[str, Any]] = []
    for n in range(segments):
        after = f"lookup-{n + 1}" if n + 1 < segments else ("tail-0" if tail else "hang-up")
        flow_actions.extend(_segment(n, after))
    for n in range(tail):
        flow_actions.append(
            {
                "Identifier": f"tail-{n}",
                "Type": "MessageParticipant",
                "Parameters": {"SSML": f"<speak>Part {n} for $.Attributes.firstName</speak>"},
                "Transitions": {"NextAction": f"tail-{n + 1}" if n + 1 < tail else "hang-up"},
            }
        )
    flow_actions.append(
        {
            "Identifier": "hang-up",
            "Type": "DisconnectParticipant",
            "Parameters": {},
            "Transitions": {},
        }
    )
    start = "lookup-0" if segments else flow_actions[0]["Identifier"]
    return {"Version": "2019-10-30", "StartAction": start, "Actions": flow_actions}


def timings_ms(
    work: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    work()  # warm-up: imports, regex caches
    timings = []
    for _ in range(runs):
        started = clock()
        work()
        timings.append((clock() - started) * 1000)
    return timings


def figures(timings: list[float]) -> str:
    median = statistics.median(timings)
    p90 = statistics.quantiles(timings, n=10)[8]
    return f"median {median:.2f} ms, p90 {p90:.2f} ms, min {min(timings):.2f} ms"


def main() -> None:
    content = generated_flow()
    findings = validate_content(content)
    text = json.dumps(content, indent=2)
    print(
        f"generated flow: {len(content['Actions'])} actions, {len(text):,} characters of JSON, "
        f"{len(findings)} finding(s)"
    )
    timings = timings_ms(lambda: validate_content(content), RUNS)
    verdict = "meets" if statistics.median(timings) < TARGET_MS else "MISSES"
    print(
        f"validate_content, {RUNS} runs: {figures(timings)} "
        f"({verdict} the {TARGET_MS:.0f} ms target)"
    )
    # The machine is shared: CPU time of this process is what validation costs, whatever else
    # runs; wall-clock medians grow with the load average.
    cpu = timings_ms(lambda: validate_content(content), RUNS, clock=time.process_time)
    print(f"validate_content, CPU time of this process, {RUNS} runs: {figures(cpu)}")
    document = parse_flow_text(text, source="generated")
    print(
        f"validate_document (size check included), {RUNS} runs: "
        f"{figures(timings_ms(lambda: validate_document(document), RUNS))}"
    )

    if not CORPUS.is_dir():
        print(f"corpus: skipped, {CORPUS} is absent")
        return
    files = sorted(
        p for p in CORPUS.iterdir() if p.is_file() and p.name not in {"README.md", "INDEX.tsv"}
    )
    results = {path.name: validate_path(path) for path in files}
    findings_count = sum(len(found) for found in results.values())
    with_errors = sorted(name for name, found in results.items() if has_errors(found))
    print(
        f"corpus: {counted(len(files), 'file')}, {counted(findings_count, 'finding')}; "
        "files with errors: "
        f"{', '.join(with_errors) or 'none'}"
    )

    def whole_corpus() -> None:
        for path in files:
            validate_path(path)

    corpus_timings = timings_ms(whole_corpus, CORPUS_RUNS)
    print(f"whole corpus (read, parse, validate), {CORPUS_RUNS} runs: {figures(corpus_timings)}")


if __name__ == "__main__":
    main()
