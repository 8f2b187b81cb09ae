"""The name-lookup custom resource (lambdas/connect_names) against botocore's Stubber."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

CODE = Path(__file__).resolve().parents[2] / "lambdas" / "connect_names" / "connect_names.py"
INSTANCE_ID = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa"
ALIAS_ARN = "arn:aws:lex:us-east-1:111122223333:bot-alias/BOTAAAAAAA/ALIASAAAAA"
FUNCTIONS = "arn:aws:lambda:us-east-1:111122223333:function:"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("connect_names_under_test", CODE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


names = _load()


class Stubs:
    def __init__(self) -> None:
        options: dict[str, Any] = {
            "region_name": "us-east-1",
            "aws_access_key_id": "x",
            "aws_secret_access_key": "x",
        }
        self.connect = boto3.client("connect", **options)
        self.lex = boto3.client("lexv2-models", **options)
        self.connect_stub, self.lex_stub = Stubber(self.connect), Stubber(self.lex)

    def finder(self) -> Any:
        spacer = names.Spacer(clock=lambda: 0.0, sleep=lambda _: None, burst=10**6)
        return names.Finder(self.connect, self.lex, INSTANCE_ID, spacer=spacer)


@pytest.fixture
def stubs() -> Iterator[Stubs]:
    made = Stubs()
    with made.connect_stub, made.lex_stub:
        yield made
        made.connect_stub.assert_no_pending_responses()
        made.lex_stub.assert_no_pending_responses()


def _event(mode: str, wanted: list[dict[str, str]], request: str = "Create") -> dict[str, Any]:
    return {
        "RequestType": request,
        "ResponseURL": "https://cloudformation-custom-resource-response.example/",
        "StackId": "arn:aws:cloudformation:us-east-1:111122223333:stack/Flows/1",
        "RequestId": "r-1",
        "LogicalResourceId": "Names0",
        "ResourceProperties": {"InstanceId": INSTANCE_ID, "Mode": mode, "Names": wanted},
    }


def _stub_queues(stubs: Stubs) -> None:
    base = {"InstanceId": INSTANCE_ID, "MaxResults": 1000, "QueueTypes": ["STANDARD"]}
    stubs.connect_stub.add_response(
        "list_queues",
        {"QueueSummaryList": [{"Id": "q-1", "Name": "Orders"}], "NextToken": "t"},
        base,
    )
    stubs.connect_stub.add_response(
        "list_queues",
        {"QueueSummaryList": [{"Id": "q-2", "Name": "Returns"}]},
        {**base, "NextToken": "t"},
    )


def _stub_lex(stubs: Stubs) -> None:
    stubs.connect_stub.add_response(
        "list_bots",
        {"LexBots": [{"LexV2Bot": {"AliasArn": ALIAS_ARN}}]},
        {"InstanceId": INSTANCE_ID, "LexVersion": "V2", "MaxResults": 25},
    )
    stubs.lex_stub.add_response(
        "describe_bot", {"botId": "BOTAAAAAAA", "botName": "OrderBot"}, {"botId": "BOTAAAAAAA"}
    )
    stubs.lex_stub.add_response(
        "describe_bot_alias",
        {"botAliasId": "ALIASAAAAA", "botAliasName": "live"},
        {"botId": "BOTAAAAAAA", "botAliasId": "ALIASAAAAA"},
    )


def test_ids_of_names_on_every_page_and_a_lex_alias_by_its_names(stubs: Stubs) -> None:
    _stub_queues(stubs)
    _stub_lex(stubs)
    wanted = [
        {"Key": "n0", "Kind": "Queue", "Name": "Returns"},
        {"Key": "n1", "Kind": "LexBot", "Name": "OrderBot", "Alias": "live"},
        {"Key": "n2", "Kind": "Queue", "Name": "Orders"},  # listed once, not twice
    ]
    status, _, data = names.answer(_event("ids", wanted), stubs.finder())
    assert status == "SUCCESS"
    assert data == {"n0": "q-2", "n1": ALIAS_ARN, "n2": "q-1"}


def test_functions_are_listed_with_a_call_and_an_answer_botocores_model_accepts(
    stubs: Stubs,
) -> None:
    _stub_functions(stubs, [FUNCTIONS + "lookup:live"])
    arn = FUNCTIONS + "lookup:live"
    assert stubs.finder().names("LambdaFunction") == {(arn, None): arn}


@pytest.mark.parametrize("kind", sorted(names.LISTS))
def test_each_kind_is_listed_with_a_call_and_an_answer_botocores_model_accepts(
    stubs: Stubs, kind: str
) -> None:
    # The Stubber checks the request against the operation's input shape (names, MaxResults's
    # bounds) and the answer against its output shape (the list's key).
    operation, key, extra = names.LISTS[kind]
    stubs.connect_stub.add_response(
        operation,
        {key: [{"Id": "id-1", "Name": "Wanted", "Arn": "arn:aws:connect:x"}]},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000, **extra},
    )
    assert stubs.finder().names(kind) == {("Wanted", None): "id-1"}


def test_every_missing_name_is_in_one_failure(stubs: Stubs) -> None:
    _stub_queues(stubs)
    stubs.connect_stub.add_response(
        "list_prompts",
        {"PromptSummaryList": [{"Id": "p-1", "Name": "Welcome.wav"}]},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000},
    )
    wanted = [
        {"Key": "n0", "Kind": "Queue", "Name": "orders"},  # names are case-sensitive
        {"Key": "n1", "Kind": "Prompt", "Name": "Closed.wav"},
        {"Key": "n2", "Kind": "Prompt", "Name": "Welcome.wav"},
    ]
    status, reason, data = names.answer(_event("check", wanted), stubs.finder())
    assert status == "FAILED"
    assert "no Queue 'orders', no Prompt 'Closed.wav'" in reason
    assert data == {}


def test_the_check_returns_no_data(stubs: Stubs) -> None:
    _stub_queues(stubs)
    wanted = [{"Key": "n0", "Kind": "Queue", "Name": "Orders"}]
    assert names.answer(_event("check", wanted), stubs.finder()) == (
        "SUCCESS",
        "all names found (1)",
        {},
    )


def _function(key: str, name: str, qualifier: str | None = None) -> dict[str, str]:
    entry = {"Key": key, "Kind": "LambdaFunction", "Name": name}
    entry["Arn"] = FUNCTIONS + name + (f":{qualifier}" if qualifier else "")
    if qualifier:
        entry["Qualifier"] = qualifier
    return entry


def _stub_functions(stubs: Stubs, *pages: list[str]) -> None:
    # ListLambdaFunctions takes at most 25 a page; the Stubber holds the request to the model.
    for index, arns in enumerate(pages):
        answer: dict[str, Any] = {"LambdaFunctions": arns}
        params: dict[str, Any] = {"InstanceId": INSTANCE_ID, "MaxResults": 25}
        if index + 1 < len(pages):
            answer["NextToken"] = f"t{index + 1}"
        if index:
            params["NextToken"] = f"t{index}"
        stubs.connect_stub.add_response("list_lambda_functions", answer, params)


def test_a_function_counts_only_when_the_arn_the_flow_calls_is_associated(
    stubs: Stubs,
) -> None:
    # Associated: "lookup" unqualified (first page), "pin-check" through its alias "prod".
    _stub_functions(stubs, [FUNCTIONS + "lookup"], [FUNCTIONS + "pin-check:prod"])
    wanted = [
        _function("f0", "lookup"),
        _function("f1", "lookup", "live"),  # the unqualified grant does not cover an alias
        _function("f2", "pin-check", "prod"),
        _function("f3", "pin-check"),  # nor does an alias's grant cover the function itself
        _function("f4", "gone"),
    ]
    status, reason, data = names.answer(_event("check", wanted), stubs.finder())
    assert status == "FAILED"
    assert reason.startswith(
        f"the instance {INSTANCE_ID} has no LambdaFunction 'lookup' (qualifier 'live'), "
        "no LambdaFunction 'pin-check', no LambdaFunction 'gone'; create them or correct the "
        "names (a function counts when the instance is associated with the ARN the flow calls"
    )
    assert data == {}


def test_functions_and_other_names_missing_are_in_the_same_one_failure(stubs: Stubs) -> None:
    _stub_queues(stubs)
    _stub_functions(stubs, [FUNCTIONS + "lookup"])
    wanted = [
        {"Key": "n0", "Kind": "Queue", "Name": "Refunds"},
        _function("f0", "lookup"),
        _function("f1", "prod-lookup"),
    ]
    status, reason, _ = names.answer(_event("check", wanted), stubs.finder())
    assert status == "FAILED"
    assert "has no Queue 'Refunds', no LambdaFunction 'prod-lookup'; " in reason


def test_every_function_associated_passes_the_check(stubs: Stubs) -> None:
    _stub_functions(stubs, [FUNCTIONS + "lookup:live", FUNCTIONS + "other"])
    wanted = [_function("f0", "lookup", "live"), _function("f1", "lookup", "live")]
    assert names.answer(_event("check", wanted), stubs.finder()) == (
        "SUCCESS",
        "all names found (2)",
        {},
    )


def _missing_queues(stubs: Stubs, wanted_names: list[str]) -> tuple[str, list[str]]:
    stubs.connect_stub.add_response(
        "list_queues",
        {"QueueSummaryList": []},
        {"InstanceId": INSTANCE_ID, "MaxResults": 1000, "QueueTypes": ["STANDARD"]},
    )
    wanted = [
        {"Key": f"n{index}", "Kind": "Queue", "Name": name}
        for index, name in enumerate(wanted_names)
    ]
    status, reason, _ = names.answer(_event("check", wanted), stubs.finder())
    assert status == "FAILED"
    return reason, [name for name in wanted_names if f"no Queue {name!r}" in reason]


@pytest.mark.parametrize("letter", ["q", "\u00e9", "\U0001f4de"])
def test_a_list_too_long_for_the_response_says_how_many_more_are_missing(
    stubs: Stubs, letter: str
) -> None:
    # 200 names of 30 characters: far more than a response's 4,096 bytes hold. Non-ASCII
    # names take 6 or 12 bytes a character once JSON escapes them.
    wanted = [f"{letter * 26}{index:04d}" for index in range(200)]
    reason, shown = _missing_queues(stubs, wanted)
    assert len(json.dumps(reason)) - 2 <= names.MAX_REASON_BYTES
    assert shown == wanted[: len(shown)]
    assert shown, "as many names as fit are listed"
    more = 200 - len(shown)
    assert f"no Queue {wanted[len(shown) - 1]!r}, ... and {more} more; create them" in reason
    assert reason.endswith("then deploy again")


def test_a_list_that_fits_is_given_whole(stubs: Stubs) -> None:
    wanted = [f"Queue {index}" for index in range(20)]
    reason, shown = _missing_queues(stubs, wanted)
    assert shown == wanted
    assert "more" not in reason


def test_the_response_sent_stays_under_cloudformations_limit() -> None:
    sent: list[urllib.request.Request] = []
    event = _event("check", [])
    names.respond(event, "FAILED", "\u00e9" * 5000, {}, "id", send=sent.append)
    (request,) = sent
    assert len(request.data) <= 4096  # type: ignore[arg-type]


def test_delete_reads_nothing() -> None:
    finder = names.Finder(None, None, INSTANCE_ID)
    assert names.answer(_event("ids", [], request="Delete"), finder)[0] == "SUCCESS"


def test_it_stops_asking_before_its_time_is_out(stubs: Stubs) -> None:
    finder = stubs.finder()
    finder.remaining_ms = lambda: names.MARGIN_MS - 1
    with pytest.raises(names.OutOfTime):
        finder.names("Queue")


def test_the_handler_always_answers_cloudformation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[urllib.request.Request] = []

    def broken_finder(event: Any, context: Any) -> Any:
        raise RuntimeError("no credentials")

    monkeypatch.setattr(names, "_finder", broken_finder)
    original = names.respond
    monkeypatch.setattr(
        names,
        "respond",
        lambda *args, **kwargs: original(*args, **kwargs, send=sent.append),
    )
    names.handler(_event("ids", [{"Key": "n0", "Kind": "Queue", "Name": "x"}]), None)
    (request,) = sent
    assert request.get_method() == "PUT"
    body = json.loads(request.data)  # type: ignore[arg-type]
    assert body["Status"] == "FAILED"
    assert "RuntimeError: no credentials" in body["Reason"]
    assert body["PhysicalResourceId"] == f"{INSTANCE_ID}/Names0"
    assert len(request.data) <= 4096  # type: ignore[arg-type]


def test_the_function_imports_nothing_of_the_project() -> None:
    tree = ast.parse(CODE.read_text())
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported.isdisjoint({"flows", "stacks", "scripts", "bench", "customer_lookup"})
    assert imported <= {
        "__future__",
        "json",
        "time",
        "urllib",
        "collections",
        "typing",
        "boto3",
        "botocore",
    }
