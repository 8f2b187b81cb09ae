"""Automatic block positions: no overlaps, left to right by depth, branches spread vertically."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.model.document import load_flow_document
from flows.model.layout import (
    MARGIN,
    Layout,
    branches,
    compute_layout,
    flow_actions,
    layout_metadata,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "flows-corpus"
CORPUS_FILES = (
    sorted(p for p in CORPUS.iterdir() if p.name not in {"README.md", "INDEX.tsv"})
    if CORPUS.is_dir()
    else []
)


def action(
    identifier: str,
    type_: str = "MessageParticipant",
    *,
    next_action: str | None = None,
    conditions: Sequence[tuple[str, str, str]] = (),
    errors: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """An action in the flow language; conditions are (operator, operand, target)."""
    transitions: dict[str, Any] = {}
    if next_action is not None:
        transitions["NextAction"] = next_action
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": target, "Condition": {"Operator": op, "Operands": [value]}}
            for op, value, target in conditions
        ]
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": target} for e, target in errors]
    return {"Identifier": identifier, "Type": type_, "Parameters": {}, "Transitions": transitions}


def flow(actions: list[dict[str, Any]], start: str | None = None) -> dict[str, Any]:
    return {
        "Version": "2019-10-30",
        "StartAction": start if start is not None else actions[0]["Identifier"],
        "Metadata": {},
        "Actions": actions,
    }


def chain(length: int) -> dict[str, Any]:
    blocks = [
        action(f"step-{i}", next_action=f"step-{i + 1}", errors=[("NoMatchingError", "bye")])
        for i in range(length - 1)
    ]
    blocks.append(action(f"step-{length - 1}", next_action="bye"))
    return flow([*blocks, action("bye", "DisconnectParticipant")])


def wide(width: int) -> dict[str, Any]:
    """A Compare with ``width`` conditions, each to its own prompt, all ending in one block."""
    return flow(
        [
            action(
                "route",
                "Compare",
                conditions=[("Equals", f"v{i}", f"say-{i}") for i in range(width)],
                errors=[("NoMatchingCondition", "bye")],
            ),
            *(action(f"say-{i}", next_action="bye") for i in range(width)),
            action("bye", "DisconnectParticipant"),
        ]
    )


def retry_loop() -> dict[str, Any]:
    """ask -> check -> (retry: back to ask) / done; the loop edge must not break layering."""
    return flow(
        [
            action("ask", "GetParticipantInput", next_action="check"),
            action(
                "check",
                "Compare",
                conditions=[("Equals", "retry", "ask"), ("Equals", "self", "check")],
                errors=[("NoMatchingCondition", "done")],
            ),
            action("done", "DisconnectParticipant"),
        ]
    )


def edges(content: Mapping[str, Any]) -> list[tuple[str, str]]:
    actions = flow_actions(content)
    return [
        (identifier, b.target)
        for identifier, a in actions.items()
        for b in branches(a)
        if b.target in actions
    ]


def reachable(content: Mapping[str, Any], start: str) -> set[str]:
    seen, todo = {start}, [start]
    out: dict[str, list[str]] = {}
    for source, target in edges(content):
        out.setdefault(source, []).append(target)
    while todo:
        for target in out.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def overlapping_pairs(layout: Layout) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(layout.boxes.items(), 2)
        if box_a.overlaps(box_b)
    ]


def assert_left_to_right(content: Mapping[str, Any], layout: Layout) -> None:
    """From the start, every transition goes right unless it closes a loop (target reaches it)."""
    start = content["StartAction"]
    for source, target in edges(content):
        if source in reachable(content, start):
            closes_loop = source in reachable(content, target)
            assert layout.boxes[target].x > layout.boxes[source].x or closes_loop, (
                source,
                target,
            )


@pytest.mark.skipif(not CORPUS_FILES, reason=f"the flows corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_flow_is_laid_out_without_overlaps(path: Path) -> None:
    content = load_flow_document(path).content
    layout = compute_layout(content)
    assert set(layout.boxes) == set(flow_actions(content))
    assert overlapping_pairs(layout) == []


@pytest.mark.skipif(not CORPUS_FILES, reason=f"the flows corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_flow_reads_left_to_right(path: Path) -> None:
    content = load_flow_document(path).content
    assert_left_to_right(content, compute_layout(content))


@pytest.mark.parametrize(
    "content",
    [chain(250), wide(40), retry_loop()],
    ids=["deep", "wide", "cyclic"],
)
def test_generated_flow_is_laid_out_without_overlaps(content: dict[str, Any]) -> None:
    layout = compute_layout(content)
    assert len(layout.boxes) == len(content["Actions"])
    assert overlapping_pairs(layout) == []


def test_each_step_of_a_chain_is_one_column_further_right() -> None:
    layout = compute_layout(chain(5))
    xs = [layout.boxes[f"step-{i}"].x for i in range(5)]
    assert xs == sorted(set(xs))
    assert layout.boxes["bye"].x > xs[-1]


def test_block_where_branches_meet_is_right_of_its_deepest_predecessor() -> None:
    # bye is reached both from the Compare (depth 1) and from each prompt (depth 2).
    layout = compute_layout(wide(3))
    assert layout.boxes["bye"].x > max(layout.boxes[f"say-{i}"].x for i in range(3))


def test_loop_back_to_an_earlier_block_keeps_the_start_leftmost() -> None:
    layout = compute_layout(retry_loop())
    assert layout.boxes["ask"].x < layout.boxes["check"].x < layout.boxes["done"].x
    assert layout.entry[0] < layout.boxes["ask"].x


def test_branches_of_a_block_are_stacked_in_the_consoles_order() -> None:
    layout = compute_layout(wide(4))
    boxes = [layout.boxes[f"say-{i}"] for i in range(4)]
    assert len({box.x for box in boxes}) == 1
    assert [box.y for box in boxes] == sorted({box.y for box in boxes})


def test_success_path_stays_on_its_parents_row() -> None:
    layout = compute_layout(chain(4))
    assert {layout.boxes[f"step-{i}"].y for i in range(4)} == {layout.boxes["step-0"].y}


def test_block_is_taller_for_each_branch_row() -> None:
    content = flow(
        [
            action("one", next_action="three"),
            action("three", errors=[("A", "one"), ("B", "one"), ("C", "one")]),
        ]
    )
    layout = compute_layout(content)
    assert layout.boxes["three"].height > layout.boxes["one"].height


def test_unreachable_blocks_are_placed_below_the_reachable_flow() -> None:
    content = chain(3)
    content["Actions"] += [
        action("orphan-head", next_action="orphan-tail"),
        action("orphan-tail", next_action="step-1"),  # points back into the flow
    ]
    layout = compute_layout(content)
    reachable_bottom = max(
        box.bottom for name, box in layout.boxes.items() if not name.startswith("orphan")
    )
    assert layout.boxes["orphan-head"].y > reachable_bottom
    assert layout.boxes["orphan-head"].x < layout.boxes["orphan-tail"].x
    assert layout.boxes["step-0"].x == min(box.x for box in layout.boxes.values())


def test_positions_are_the_same_on_every_run() -> None:
    content = wide(12)
    assert compute_layout(content) == compute_layout(content)


def test_positions_start_inside_the_margin() -> None:
    layout = compute_layout(wide(3))
    assert layout.entry == (MARGIN, MARGIN)
    assert all(box.x > MARGIN and box.y >= MARGIN for box in layout.boxes.values())


def test_malformed_actions_are_skipped_not_fatal() -> None:
    content = {
        "StartAction": "a",
        "Actions": [
            "not an action",
            {"Type": "MessageParticipant"},  # no Identifier
            {"Identifier": "a", "Transitions": {"NextAction": 7, "Errors": "x"}},
            {"Identifier": "a", "Transitions": {}},  # duplicate: the first one is placed
            {"Identifier": "b", "Transitions": {"Conditions": [{"NextAction": "a"}]}},
        ],
    }
    layout = compute_layout(content)
    assert sorted(layout.boxes) == ["a", "b"]


def test_content_without_actions_has_only_the_entry_point() -> None:
    assert compute_layout({"Actions": "none"}).boxes == {}


def test_layout_metadata_uses_the_consoles_keys_and_keeps_other_metadata() -> None:
    content = chain(2)
    content["Metadata"] = {
        "name": "kept",
        "ActionMetadata": {"step-0": {"isFriendlyName": True, "position": {"x": 0, "y": 0}}},
    }
    metadata = layout_metadata(content)
    layout = compute_layout(content)
    assert metadata["name"] == "kept"
    assert metadata["entryPointPosition"] == {"x": layout.entry[0], "y": layout.entry[1]}
    assert metadata["ActionMetadata"]["step-0"]["isFriendlyName"] is True
    for identifier, box in layout.boxes.items():
        assert metadata["ActionMetadata"][identifier]["position"] == {"x": box.x, "y": box.y}
    assert content["Metadata"]["ActionMetadata"]["step-0"]["position"] == {"x": 0, "y": 0}


@st.composite
def random_flows(draw: st.DrawFn) -> dict[str, Any]:
    """Any wiring: self-loops, loops back, shared targets, unreachable blocks, missing targets."""
    size = draw(st.integers(min_value=1, max_value=30))
    names = [f"n{i}" for i in range(size)]
    targets = st.sampled_from([*names, "missing"])
    blocks = [
        action(
            name,
            next_action=draw(st.none() | targets),
            errors=[(f"E{j}", t) for j, t in enumerate(draw(st.lists(targets, max_size=3)))],
        )
        for name in names
    ]
    return flow(blocks)


@settings(max_examples=60, deadline=None)
@given(random_flows())
def test_any_wiring_is_laid_out_without_overlaps_left_to_right(content: dict[str, Any]) -> None:
    layout = compute_layout(content)
    assert set(layout.boxes) == set(flow_actions(content))
    assert overlapping_pairs(layout) == []
    assert_left_to_right(content, layout)
