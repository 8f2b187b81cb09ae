"""`python -m flows pull` against botocore's Stubber: every request checked against the service
model, every answer shaped as the model says."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from flows.adopt import pull as pull_module
from flows.adopt.pull import Puller, TokenBucket, make_puller, run
from flows.cli import build_parser, main
from flows.command_line import EXIT_INTERRUPTED
from flows.language.arns import ConnectInstanceArn, parse_connect_instance_arn
from flows.model.references import ResourceTable
from tests.unit import adoption_fixtures as fx

INSTANCE = fx.INSTANCE_ARN
ALIAS_ARN = f"arn:aws:lex:{fx.REGION}:{fx.SOURCE_ACCOUNT}:bot-alias/BOTID12345/ALIASID123"


class Clients:
    def __init__(self) -> None:
        options: dict[str, Any] = {
            "region_name": fx.REGION,
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        self.connect = boto3.client("connect", **options)
        self.lex = boto3.client("lexv2-models", **options)
        self.connect_stub = Stubber(self.connect)
        self.lex_stub = Stubber(self.lex)


@pytest.fixture
def clients() -> Iterator[Clients]:
    made = Clients()
    with made.connect_stub, made.lex_stub:
        yield made


def _list(stub: Stubber, operation: str, answer: dict[str, Any], **params: Any) -> None:
    stub.add_response(operation, answer, {"InstanceId": fx.INSTANCE_ID, **params})


def _summary(name: str, arn: str) -> dict[str, str]:
    return {"Id": arn.rsplit("/", 1)[1], "Arn": arn, "Name": name}


def _stub_lists(clients: Clients, *, lex: bool = True) -> None:
    stub = clients.connect_stub
    flows = [
        {**_summary("Front door", fx.FLOW_ARNS["Front door"]), "ContactFlowType": "CONTACT_FLOW"},
        {**_summary("Closed", fx.FLOW_ARNS["Closed"]), "ContactFlowType": "CONTACT_FLOW"},
        {
            **_summary("Draft", fx.resource_arn("contact-flow", 9)),
            "ContactFlowType": "CONTACT_FLOW",
        },
    ]
    # Two pages of flows.
    _list(
        stub,
        "list_contact_flows",
        {"ContactFlowSummaryList": flows[:2], "NextToken": "page-2"},
        MaxResults=1000,
    )
    _list(
        stub,
        "list_contact_flows",
        {"ContactFlowSummaryList": flows[2:]},
        MaxResults=1000,
        NextToken="page-2",
    )
    _list(
        stub,
        "list_contact_flow_modules",
        {"ContactFlowModulesSummaryList": [_summary("Check PIN", fx.MODULE_ARN)]},
        MaxResults=1000,
    )
    _list(
        stub,
        "list_queues",
        {"QueueSummaryList": [_summary("Orders", fx.QUEUE_ARN)]},
        MaxResults=1000,
        QueueTypes=["STANDARD"],
    )
    _list(
        stub,
        "list_prompts",
        {"PromptSummaryList": [_summary("Closed.wav", fx.PROMPT_ARN)]},
        MaxResults=1000,
    )
    _list(
        stub,
        "list_hours_of_operations",
        {"HoursOfOperationSummaryList": [_summary("Office hours", fx.HOURS_ARN)]},
        MaxResults=1000,
    )
    _list(stub, "list_quick_connects", {"QuickConnectSummaryList": []}, MaxResults=1000)
    _list(stub, "list_routing_profiles", {"RoutingProfileSummaryList": []}, MaxResults=1000)
    _list(
        stub,
        "list_lambda_functions",
        {"LambdaFunctions": [fx.FUNCTION_ARN, fx.MODULE_FUNCTION_ARN]},
        MaxResults=25,
    )
    _list(
        stub,
        "list_bots",
        {"LexBots": [{"LexV2Bot": {"AliasArn": ALIAS_ARN}}] if lex else []},
        MaxResults=25,
        LexVersion="V2",
    )
    if lex:
        clients.lex_stub.add_response(
            "describe_bot", {"botId": "BOTID12345", "botName": "OrderBot"}, {"botId": "BOTID12345"}
        )
        clients.lex_stub.add_response(
            "describe_bot_alias",
            {"botAliasId": "ALIASID123", "botAliasName": "live", "botId": "BOTID12345"},
            {"botId": "BOTID12345", "botAliasId": "ALIASID123"},
        )
    _list(
        stub,
        "list_lex_bots",
        {"LexBots": [{"Name": "LegacyBot", "LexRegion": fx.REGION}]},
        MaxResults=25,
    )


def _described(name: str, content: dict[str, Any]) -> dict[str, Any]:
    arn = fx.FLOW_ARNS[name]
    return {
        "ContactFlow": {
            "Arn": arn,
            "Id": arn.rsplit("/", 1)[1],
            "Name": name,
            "Type": "CONTACT_FLOW",
            "State": "ACTIVE",
            "Status": "PUBLISHED",
            "Description": "",
            "Content": json.dumps(content),
            "LastModifiedTime": datetime(2026, 1, 2, tzinfo=UTC),
        }
    }


def _stub_describes(clients: Clients, *, fail_second: bool = False) -> None:
    stub = clients.connect_stub
    for name, content in (("Front door", fx.front_door()), ("Closed", fx.closed())):
        params = {
            "InstanceId": fx.INSTANCE_ID,
            "ContactFlowId": fx.FLOW_ARNS[name].rsplit("/", 1)[1],
        }
        if fail_second and name == "Closed":
            stub.add_client_error(
                "describe_contact_flow",
                "AccessDeniedException",
                "not allowed",
                403,
                expected_params=params,
            )
            return
        stub.add_response("describe_contact_flow", _described(name, content), params)
    stub.add_client_error(
        "describe_contact_flow",
        "ContactFlowNotPublishedException",
        "never published",
        400,
        expected_params={
            "InstanceId": fx.INSTANCE_ID,
            "ContactFlowId": fx.resource_arn("contact-flow", 9).rsplit("/", 1)[1],
        },
    )
    stub.add_response(
        "describe_contact_flow_module",
        {
            "ContactFlowModule": {
                "Arn": fx.MODULE_ARN,
                "Id": fx.MODULE_ARN.rsplit("/", 1)[1],
                "Name": "Check PIN",
                "Content": json.dumps(fx.check_pin()),
                "State": "ACTIVE",
                "Status": "PUBLISHED",
            }
        },
        {"InstanceId": fx.INSTANCE_ID, "ContactFlowModuleId": fx.MODULE_ARN.rsplit("/", 1)[1]},
    )


def _run(clients: Clients, folder: Path, bucket: TokenBucket | None = None) -> int:
    def make(args: argparse.Namespace, instance: ConnectInstanceArn) -> Puller:
        return Puller(
            clients.connect,
            instance,
            lex=clients.lex,
            bucket=bucket or TokenBucket(clock=lambda: 0.0, sleep=lambda _: None, burst=10**6),
        )

    args = build_parser("pull").parse_args(["pull", "--instance-arn", INSTANCE, "-o", str(folder)])
    return run(args, make=make)


def test_pull_writes_every_published_flow_and_module_and_the_resources(
    clients: Clients, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stub_lists(clients)
    _stub_describes(clients)
    assert _run(clients, tmp_path / "pulled") == 0
    clients.connect_stub.assert_no_pending_responses()
    names = sorted(p.name for p in (tmp_path / "pulled").iterdir())
    assert names == ["Check PIN.json", "Closed.json", "Front door.json", "resources.json"]
    module = json.loads((tmp_path / "pulled" / "Check PIN.json").read_text())
    assert module["ContactFlowModule"]["Name"] == "Check PIN"
    err = capsys.readouterr().err
    assert "skipped 'Draft': never published" in err
    assert "(17 API calls)" in err


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "not-a-terminal"])
def test_progress_is_shown_on_a_terminal_only(
    terminal: bool,
    clients: Clients,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    _stub_lists(clients)
    _stub_describes(clients)
    assert _run(clients, tmp_path / "pulled") == 0
    err = capsys.readouterr().err
    # Four flows and modules listed: a counter per describe, rewritten in place.
    shown = [f"\rpull: {n}/4 " for n in range(1, 5)]
    assert [text in err for text in shown] == [terminal] * 4
    assert ("\rpull: 4/4 module Check PIN" in err) is terminal


def test_the_resources_file_names_each_resource_of_the_instance(
    clients: Clients, tmp_path: Path
) -> None:
    _stub_lists(clients)
    _stub_describes(clients)
    _run(clients, tmp_path / "pulled")
    document = json.loads((tmp_path / "pulled" / "resources.json").read_text())
    table = ResourceTable.from_dict(document)
    shown = {(r.kind, r.name, r.alias): r.arn for r in table.resources}
    assert shown[("Queue", "Orders", None)] == fx.QUEUE_ARN
    assert shown[("Flow", "Draft", None)] == fx.resource_arn("contact-flow", 9)
    assert shown[("FlowModule", "Check PIN", None)] == fx.MODULE_ARN
    assert shown[("LambdaFunction", "pin-check", None)] == fx.MODULE_FUNCTION_ARN.rsplit(":", 1)[0]
    assert shown[("LexBot", "OrderBot", "live")] == ALIAS_ARN
    assert document["lex_v1_bots"] == [{"name": "LegacyBot", "region": fx.REGION}]
    assert document["instance_arn"] == INSTANCE


def test_a_run_stopped_part_way_says_what_was_written(
    clients: Clients, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stub_lists(clients, lex=False)
    _stub_describes(clients, fail_second=True)
    assert _run(clients, tmp_path / "pulled") == 1
    err = capsys.readouterr().err
    assert (
        "stopped part-way, describing flow 'Closed': DescribeContactFlow: AccessDeniedException"
        in err
    )
    assert "pull:   Front door.json" in err
    assert sorted(p.name for p in (tmp_path / "pulled").iterdir()) == [
        "Front door.json",
        "resources.json",
    ]


def test_a_file_that_cannot_be_written_stops_the_run_with_what_was_written(
    clients: Clients,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = pull_module.replace_file

    def replace_file(path: Path, text: str) -> None:
        if path.name == "Closed.json":
            raise OSError(28, "No space left on device")
        written(path, text)

    monkeypatch.setattr(pull_module, "replace_file", replace_file)
    _stub_lists(clients)
    _stub_describes(clients)
    assert _run(clients, tmp_path / "pulled") == 1
    err = capsys.readouterr().err
    assert "stopped part-way, writing Closed.json: No space left on device" in err
    assert "pull:   Front door.json" in err
    assert sorted(p.name for p in (tmp_path / "pulled").iterdir()) == [
        "Front door.json",
        "resources.json",
    ]


def test_an_interrupted_run_says_what_was_written(
    clients: Clients,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    described = Puller.describe_flow

    def describe_flow(self: Puller, summary: dict[str, Any]) -> dict[str, Any] | None:
        if summary["Name"] == "Closed":
            raise KeyboardInterrupt
        return described(self, summary)

    monkeypatch.setattr(Puller, "describe_flow", describe_flow)
    _stub_lists(clients, lex=False)
    _stub_describes(clients, fail_second=True)  # the second answer is never asked for
    assert _run(clients, tmp_path / "pulled") == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert "stopped part-way, interrupted while describing flow 'Closed'" in err
    assert "pull:   Front door.json" in err


def test_nothing_is_written_when_the_lists_fail(
    clients: Clients, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clients.connect_stub.add_client_error("list_contact_flows", "AccessDeniedException", "no", 403)
    assert _run(clients, tmp_path / "pulled") == 2
    assert "nothing written: ListContactFlows: AccessDeniedException" in capsys.readouterr().err
    assert not (tmp_path / "pulled").exists()


def test_a_malformed_instance_arn_is_refused_before_any_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pull", "--instance-arn", "arn:aws:connect:nowhere", "-o", str(tmp_path)]) == 2
    assert "--instance-arn" in capsys.readouterr().err


def test_the_bucket_lets_a_burst_through_then_holds_to_the_rate() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(rate=2.0, burst=5, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        bucket.take()
    assert slept == []
    bucket.take()  # the sixth request waits for a token: 1 / rate seconds
    assert slept == [pytest.approx(0.5)]
    now[0] += 10  # idle: the bucket refills to its burst, no more
    for _ in range(5):
        bucket.take()
    assert len(slept) == 1


def test_every_request_of_a_pull_waits_for_the_bucket(clients: Clients, tmp_path: Path) -> None:
    """A burst of requests, then one per 1/rate seconds: the whole pull's pace is bounded."""
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    _stub_lists(clients)
    _stub_describes(clients)
    bucket = TokenBucket(rate=2.0, burst=5, clock=lambda: now[0], sleep=sleep)
    assert _run(clients, tmp_path / "pulled", bucket) == 0
    requests = 17  # the lists, the Lex names and the describes of the stubbed instance
    assert slept == [pytest.approx(0.5)] * (requests - 5)


def test_a_pulled_folder_adopts_with_the_types_and_arns_it_carries(
    clients: Clients, tmp_path: Path
) -> None:
    _stub_lists(clients)
    _stub_describes(clients)
    _run(clients, tmp_path / "pulled")
    assert main(["adopt", str(tmp_path / "pulled"), "-o", str(tmp_path / "pkg")]) == 0
    init = (tmp_path / "pkg" / "__init__.py").read_text()
    assert 'name="Check PIN", type="FLOW_MODULE"' in init
    assert 'name="Front door", type="CONTACT_FLOW"' in init


@pytest.mark.parametrize(
    ("extra", "region"),
    [([], fx.REGION), (["--region", "eu-central-1"], "eu-central-1")],
    ids=["the-arns-region", "region-given"],
)
def test_the_clients_are_made_in_the_instances_region_unless_one_is_given(
    extra: list[str], region: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    args = build_parser("pull").parse_args(["pull", "--instance-arn", INSTANCE, "-o", "x", *extra])
    puller = make_puller(args, parse_connect_instance_arn(INSTANCE))
    assert (puller.client.meta.region_name, puller.lex.meta.region_name) == (region, region)
    assert puller.client.meta.config.retries["mode"] == "adaptive"


def test_the_profile_given_is_the_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile source]\nregion = eu-west-2\n")
    credentials = tmp_path / "credentials"
    credentials.write_text("[source]\naws_access_key_id = AKIASOURCE\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    argv = ["pull", "--instance-arn", INSTANCE, "-o", str(tmp_path / "pulled")]
    args = build_parser("pull").parse_args([*argv, "--profile", "source"])
    puller = make_puller(args, parse_connect_instance_arn(INSTANCE))
    assert puller.client._request_signer._credentials.access_key == "AKIASOURCE"
    # A profile the configuration lacks: one line, nothing written.
    assert main([*argv, "--profile", "nowhere"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "nowhere" in err[0]
    assert not (tmp_path / "pulled").exists()
