"""`diff` on real flows (../shared/flows-corpus) after a simulated console re-export.

A re-export gives every block a new Identifier, lists the actions in another order, lists error
branches in another order and, when someone nudged blocks in the designer, moves some of them.
None of that is behaviour: diff must pair every block again and say how many were renamed and
moved. Real behaviour changes made on top of such a re-export must still be found, one line each.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from pathlib import Path
from typing import Any

import pytest

from flows.adopt.diff import diff_flows, text_lines
from flows.model.document import load_flow_document

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "flows-corpus"
CALLBACK_FLOW = "aws-samples__amazon-connect-callbackmgmt__flows__cfSetCallBackflow"


def _corpus_files() -> list[str]:
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        return sorted(row["file"] for row in csv.DictReader(handle, delimiter="\t"))


FILES = _corpus_files()


@pytest.fixture(scope="module", autouse=True)
def _corpus_present() -> None:
    if not FILES:
        pytest.skip("the flows corpus (../shared/flows-corpus) is absent")


def reexported(content: dict[str, Any], *, seed: int) -> tuple[dict[str, Any], int]:
    """The flow as a re-export would give it, and how many blocks were moved (every third)."""
    rng = random.Random(seed)
    renamed = {
        a["Identifier"]: str(uuid.UUID(int=rng.getrandbits(128), version=4))
        for a in content["Actions"]
    }
    flow = json.loads(json.dumps(content))
    for action in flow["Actions"]:
        action["Identifier"] = renamed[action["Identifier"]]
        transitions = action.get("Transitions", {})
        for branch in [
            transitions,
            *transitions.get("Conditions", []),
            *transitions.get("Errors", []),
        ]:
            if branch.get("NextAction") in renamed:
                branch["NextAction"] = renamed[branch["NextAction"]]
        if isinstance(transitions.get("Errors"), list):
            rng.shuffle(transitions["Errors"])
    flow["StartAction"] = renamed[flow["StartAction"]]
    metadata = flow["Metadata"]
    metadata["ActionMetadata"] = {
        renamed.get(k, k): v for k, v in metadata["ActionMetadata"].items()
    }
    moved = 0
    for index, action in enumerate(flow["Actions"]):
        entry = metadata["ActionMetadata"].get(action["Identifier"], {})
        if index % 3 == 0 and "position" in entry:
            entry["position"] = {"x": entry["position"]["x"] + 48, "y": entry["position"]["y"] + 8}
            moved += 1
    rng.shuffle(flow["Actions"])
    return flow, moved


def _source(name: str) -> dict[str, Any]:
    return load_flow_document(CORPUS / name).content


def _by_type_and_text(flow: dict[str, Any], type_: str, text_start: str) -> dict[str, Any]:
    return next(
        a
        for a in flow["Actions"]
        if a["Type"] == type_ and str(a["Parameters"].get("Text", "")).startswith(text_start)
    )


@pytest.mark.parametrize("name", FILES or ["<corpus absent>"])
def test_a_reexport_has_the_same_behaviour_with_every_block_renamed(name: str) -> None:
    source = _source(name)
    flow, moved = reexported(source, seed=11)
    diff = diff_flows(source, flow)
    summary = text_lines(diff)[-1]
    assert diff.same_behaviour, "\n".join(text_lines(diff)[:5])
    assert summary == f"same behaviour: {len(source['Actions'])} renamed, {moved} moved"


def test_the_callback_flow_reexported_is_42_renamed_and_14_moved() -> None:
    source = _source(CALLBACK_FLOW)
    flow, _ = reexported(source, seed=11)
    assert text_lines(diff_flows(source, flow)) == ["same behaviour: 42 renamed, 14 moved"]


def test_a_changed_prompt_in_a_reexport_is_one_changed_line() -> None:
    source = _source(CALLBACK_FLOW)
    flow, _ = reexported(source, seed=11)
    prompt = _by_type_and_text(flow, "MessageParticipant", "Your request for a callback")
    prompt["Parameters"]["Text"] = "We will call you back."
    lines = text_lines(diff_flows(source, flow))
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"changed  {prompt['Identifier']} (Play prompt; was ")
    assert lines[0].endswith('-> "We will call you back."')
    assert lines[1].startswith("behaviour differs: 0 added, 0 removed, 1 changed; 42 renamed")


def test_a_repointed_branch_in_a_reexport_names_the_block_and_new_target() -> None:
    source = _source(CALLBACK_FLOW)
    flow, _ = reexported(source, seed=11)
    prompt = _by_type_and_text(flow, "MessageParticipant", "Your request for a callback")
    hang_up = next(a for a in flow["Actions"] if a["Type"] == "DisconnectParticipant")
    prompt["Transitions"]["NextAction"] = hang_up["Identifier"]
    lines = text_lines(diff_flows(source, flow))
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"changed  {prompt['Identifier']} (Play prompt; was ")
    assert f": Success -> {hang_up['Identifier']} (Disconnect / hang up), was " in lines[0]


def test_an_added_block_in_a_reexport_is_reported_added() -> None:
    source = _source(CALLBACK_FLOW)
    flow, _ = reexported(source, seed=11)
    prompt = _by_type_and_text(flow, "MessageParticipant", "Your request for a callback")
    flow["Actions"].append(
        {
            "Parameters": {"Text": "One more thing."},
            "Identifier": "one-more-thing",
            "Type": "MessageParticipant",
            "Transitions": {"NextAction": prompt["Transitions"]["NextAction"]},
        }
    )
    prompt["Transitions"]["NextAction"] = "one-more-thing"
    lines = text_lines(diff_flows(source, flow))
    assert "added    one-more-thing (Play prompt)" in lines
    assert lines[-1].startswith("behaviour differs: 1 added, 0 removed, 1 changed; 42 renamed")


def test_a_changed_start_action_in_a_reexport_is_reported() -> None:
    source = _source(CALLBACK_FLOW)
    flow, _ = reexported(source, seed=11)
    first = next(a for a in flow["Actions"] if a["Identifier"] == flow["StartAction"])
    flow["StartAction"] = first["Transitions"]["NextAction"]
    lines = text_lines(diff_flows(source, flow))
    assert lines[0].startswith(f"changed  StartAction -> {flow['StartAction']} (")
    assert lines[-1].startswith(
        "behaviour differs: 0 added, 0 removed, 0 changed, StartAction changed; 42 renamed"
    )
