"""What the builder offers flows brought in from the console: pinned positions, kept metadata,
empty branch lists as exported, and blocks added exactly as the model holds them."""

from __future__ import annotations

from typing import Any

import pytest

from flows.model.actions import (
    Compare,
    DisconnectParticipant,
    GetParticipantInput,
    MessageParticipant,
    TransferContactToQueue,
)
from flows.model.builder import FlowBuilder, FlowBuildError
from flows.model.flow import Action, ErrorBranch, Transitions


def _action(content: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(a for a in content["Actions"] if a["Identifier"] == identifier)


def test_position_pins_where_the_block_is_drawn() -> None:
    flow = FlowBuilder()
    flow.action("Hello", MessageParticipant(text="Hi"), position=(271.2, -29.6)).then("Bye")
    flow.action("Bye", DisconnectParticipant())
    metadata = flow.build().to_dict()["Metadata"]
    assert metadata["ActionMetadata"]["Hello"]["position"] == {"x": 271.2, "y": -29.6}


def test_blocks_without_a_position_keep_the_layouts() -> None:
    flow = FlowBuilder()
    flow.action("Hello", MessageParticipant(text="Hi"), position=(5, 5)).then("Bye")
    flow.action("Bye", DisconnectParticipant())
    position = flow.build().to_dict()["Metadata"]["ActionMetadata"]["Bye"]["position"]
    assert position != {"x": 5, "y": 5}
    assert set(position) == {"x", "y"}


def test_entry_position_pins_the_entry_point() -> None:
    flow = FlowBuilder(entry_position=(-10.4, -28))
    flow.action("Bye", DisconnectParticipant())
    assert flow.build().to_dict()["Metadata"]["entryPointPosition"] == {"x": -10.4, "y": -28}


def test_metadata_keeps_the_consoles_names_and_display_data() -> None:
    kept = {
        "name": "Inbound",
        "ActionMetadata": {"Bye": {"parameters": {"X": {"displayName": "Shown"}}}},
    }
    flow = FlowBuilder(metadata=kept)
    flow.action("Bye", DisconnectParticipant())
    metadata = flow.build().to_dict()["Metadata"]
    assert metadata["name"] == "Inbound"
    assert metadata["ActionMetadata"]["Bye"]["parameters"] == {"X": {"displayName": "Shown"}}


def test_positions_and_metadata_without_layout() -> None:
    flow = FlowBuilder(metadata={"name": "Inbound"})
    flow.action("Bye", DisconnectParticipant(), position=(1, 2))
    metadata = flow.build(layout=False).to_dict()["Metadata"]
    assert metadata == {
        "name": "Inbound",
        "ActionMetadata": {"Bye": {"position": {"x": 1, "y": 2}}},
    }


def test_write_empty_errors_false_leaves_the_errors_key_out() -> None:
    flow = FlowBuilder()
    flow.action("Hello", MessageParticipant(text="Hi")).then("Bye").write_empty(errors=False)
    flow.action("Bye", DisconnectParticipant())
    assert _action(flow.build().to_dict(), "Hello")["Transitions"] == {"NextAction": "Bye"}


def test_write_empty_conditions_true_writes_an_empty_conditions_list() -> None:
    flow = FlowBuilder()
    flow.action("Hello", MessageParticipant(text="Hi")).then("Bye").write_empty(conditions=True)
    flow.action("Bye", DisconnectParticipant())
    transitions = _action(flow.build().to_dict(), "Hello")["Transitions"]
    assert transitions == {"NextAction": "Bye", "Conditions": [], "Errors": []}


def test_write_empty_conditions_false_leaves_them_out_of_get_customer_input() -> None:
    flow = FlowBuilder()
    flow.action("Ask", GetParticipantInput(text="Press 1")).then("Bye").on_error("Bye").write_empty(
        conditions=False
    )
    flow.action("Bye", DisconnectParticipant())
    assert "Conditions" not in _action(flow.build().to_dict(), "Ask")["Transitions"]


def test_lists_with_branches_are_written_whatever_write_empty_says() -> None:
    flow = FlowBuilder()
    flow.action("Hello", MessageParticipant(text="Hi")).then("Bye").on_error("Bye").write_empty(
        errors=False
    )
    flow.action("Bye", DisconnectParticipant())
    errors = _action(flow.build().to_dict(), "Hello")["Transitions"]["Errors"]
    assert errors == [{"NextAction": "Bye", "ErrorType": "NoMatchingError"}]


def test_add_writes_the_block_exactly_as_given() -> None:
    exported = Action(
        "Transfer",
        "TransferContactToQueue",
        transitions=Transitions(next_action="Bye", errors=[ErrorBranch("QueueAtCapacity", "Bye")]),
    )
    flow = FlowBuilder(start="Transfer")
    flow.add(exported)
    flow.action("Bye", DisconnectParticipant())
    assert _action(flow.build().to_dict(), "Transfer") == {
        "Identifier": "Transfer",
        "Type": "TransferContactToQueue",
        "Transitions": {
            "NextAction": "Bye",
            "Errors": [{"NextAction": "Bye", "ErrorType": "QueueAtCapacity"}],
        },
    }


def test_an_added_blocks_targets_are_still_checked() -> None:
    flow = FlowBuilder()
    flow.add(Action("Start", "Start", transitions=Transitions(next_action="Nowhere")))
    with pytest.raises(FlowBuildError, match="goes to 'Nowhere', which is not an action"):
        flow.build()


def test_an_added_block_is_not_held_to_the_types_required_branches() -> None:
    flow = FlowBuilder()
    flow.add(
        Action("Check", "Compare", Compare(comparison_value="$.x"), Transitions(next_action="Bye"))
    )
    flow.action("Bye", DisconnectParticipant())
    assert _action(flow.build().to_dict(), "Check")["Transitions"] == {"NextAction": "Bye"}


def test_an_added_block_takes_no_wiring() -> None:
    flow = FlowBuilder()
    added = flow.add(Action("Transfer", "TransferContactToQueue", TransferContactToQueue()))
    with pytest.raises(FlowBuildError, match="added exactly as given"):
        added.on_error("Bye")


def test_add_refuses_anything_but_an_action() -> None:
    with pytest.raises(FlowBuildError, match=r"expected an Action of flows\.model"):
        FlowBuilder().add({"Identifier": "x"})  # type: ignore[arg-type]
