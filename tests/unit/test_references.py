"""Named references: values the builder takes, read back from a flow's text, resolved for an
instance."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from flows.model.actions import (
    DisconnectParticipant,
    InvokeLambdaFunction,
    TransferContactToQueue,
    UpdateContactTargetQueue,
)
from flows.model.builder import FlowBuilder
from flows.model.flow import parse_flow
from flows.model.references import (
    BadReference,
    Flow,
    LambdaFunction,
    LexBot,
    Queue,
    Reference,
    Resource,
    ResourcesFileError,
    ResourceTable,
    UnresolvedReferences,
    parse_reference,
    references_in,
)
from flows.validator import has_errors, validate_content

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-00000000000a"
QUEUE_ARN = f"{INSTANCE}/queue/00000000-0000-4000-8000-0000000000b1"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:111122223333:function:lookup"


def _flow_with_references() -> dict[str, object]:
    flow = FlowBuilder(start="lookup")
    flow.action(
        "lookup",
        InvokeLambdaFunction(
            lambda_function_arn=LambdaFunction("lookup", qualifier="live"),
            invocation_time_limit_seconds=3,
        ),
    ).then("queue").on_error("queue")
    flow.action("queue", UpdateContactTargetQueue(queue_id=Queue("Sales", form="id"))).then(
        "transfer"
    ).on_error("bye")
    flow.action("transfer", TransferContactToQueue()).on_error("bye", "QueueAtCapacity").on_error(
        "bye"
    )
    flow.action("bye", DisconnectParticipant())
    return flow.build().to_dict()


@pytest.mark.parametrize(
    "reference",
    [
        Queue("Sales"),
        Queue("odd: {name}; 100%=x", form="id"),
        Flow("Main menu"),
        LambdaFunction("lookup", qualifier="live"),
        LexBot("OrderBot", alias="live"),
    ],
)
def test_a_reference_is_read_back_from_its_text(reference: Reference) -> None:
    again = parse_reference(str(reference))
    assert again == reference
    assert type(again) is type(reference)
    assert again is not None
    assert again.options == reference.options


def test_references_survive_copies_and_pickling_with_their_kind() -> None:
    bot = LexBot("OrderBot", alias="live")
    assert copy.deepcopy({"a": [bot]})["a"][0].alias == "live"
    assert pickle.loads(pickle.dumps(bot)).alias == "live"  # noqa: S301 - our own bytes


def test_text_that_merely_looks_like_a_placeholder_is_no_reference() -> None:
    assert parse_reference("{{contactFlows.Main.arn}}") is None
    assert parse_reference("{{ref:Nothing:x}}") is None
    assert parse_reference("arn:aws:connect:...") is None


@pytest.mark.parametrize(
    "make",
    [lambda: Queue(""), lambda: Queue("x", form="name"), lambda: LexBot("bot", alias="")],
)
def test_a_malformed_reference_is_refused(make: object) -> None:
    with pytest.raises(BadReference):
        make()  # type: ignore[operator]


def test_the_builder_takes_references_and_the_flow_keeps_them() -> None:
    content = _flow_with_references()
    found = sorted(map(repr, references_in(content)))
    assert found == ["LambdaFunction('lookup', qualifier='live')", "Queue('Sales', form='id')"]
    # As text (a file), the same references are found again.
    assert sorted(map(repr, references_in(json.loads(json.dumps(content))))) == found
    # Unresolved, a flow is still a flow: placeholders where the values go.
    assert parse_flow(content).to_dict() == content


def test_a_resource_table_resolves_each_reference_in_its_form() -> None:
    table = ResourceTable(
        [Resource("Queue", "Sales", QUEUE_ARN), Resource("LambdaFunction", "lookup", FUNCTION_ARN)]
    )
    resolved = table.resolver()(_flow_with_references())
    parameters = {a["Identifier"]: a["Parameters"] for a in resolved["Actions"]}
    assert parameters["queue"]["QueueId"] == QUEUE_ARN.rsplit("/", 1)[1]
    assert parameters["lookup"]["LambdaFunctionARN"] == f"{FUNCTION_ARN}:live"
    assert list(references_in(resolved)) == []
    assert not has_errors(validate_content(resolved))


def test_every_missing_reference_is_named_at_once() -> None:
    with pytest.raises(UnresolvedReferences) as raised:
        ResourceTable().resolver("target")(_flow_with_references())
    message = str(raised.value)
    assert "LambdaFunction('lookup', qualifier='live')" in message
    assert "Queue('Sales', form='id')" in message


def test_a_resources_file_is_written_and_read_back(tmp_path: Path) -> None:
    table = ResourceTable(
        [
            Resource("Queue", "Sales", QUEUE_ARN),
            Resource("LexBot", "OrderBot", "arn:aws:lex:us-east-1:1:bot-alias/B/A", alias="live"),
        ],
        instance_arn=INSTANCE,
    )
    path = tmp_path / "resources.json"
    path.write_text(table.to_json())
    again = ResourceTable.load(path)
    assert again.resources == table.resources
    assert again.instance_arn == INSTANCE
    assert again.value(LexBot("OrderBot", alias="live")) == "arn:aws:lex:us-east-1:1:bot-alias/B/A"
    assert again.value(LexBot("OrderBot", alias="test")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[]", "expected"),
        ('{"resources": [{"kind": "Table", "name": "x", "arn": "y"}]}', "kind 'Table'"),
        ('{"resources": [{"kind": "Queue", "name": "", "arn": "y"}]}', "a name and an arn"),
        ("{", r"not valid JSON \(line 1, column 2"),
    ],
)
def test_a_bad_resources_file_is_one_message_naming_it(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "resources.json"
    path.write_text(text)
    with pytest.raises(ResourcesFileError, match=expected) as raised:
        ResourceTable.load(path)
    assert str(path) in str(raised.value)
