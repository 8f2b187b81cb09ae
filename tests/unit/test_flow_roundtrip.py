"""Parse then serialize keeps every field: real flows from the corpus, and generated ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.model.actions import PARAMETER_CLASSES
from flows.model.document import load_flow_document
from flows.model.flow import parse_flow

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "flows-corpus"
CORPUS_FILES = (
    sorted(p for p in CORPUS.iterdir() if p.name not in {"README.md", "INDEX.tsv"})
    if CORPUS.is_dir()
    else []
)


@pytest.mark.skipif(not CORPUS_FILES, reason=f"the flows corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_flow_round_trips_field_for_field(path: Path) -> None:
    doc = load_flow_document(path)
    assert parse_flow(doc.content).to_dict() == doc.content


@pytest.mark.skipif(not CORPUS_FILES, reason=f"the flows corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_flow_round_trips_in_the_same_key_order(path: Path) -> None:
    doc = load_flow_document(path)
    assert json.dumps(parse_flow(doc.content).to_dict()) == json.dumps(doc.content)


# Generated flows: every known key with well-formed and ill-formed values, unknown keys too.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 300),
    st.sampled_from(["8", "08", "True", "False", "$.Attributes.x", "${Token[TOKEN.1]}", ""]),
    st.text(max_size=8),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
_param_keys = sorted(
    {
        "LambdaFunctionARN",
        "InvocationTimeLimitSeconds",
        "LambdaInvocationAttributes",
        "ResponseValidation",
        "Attributes",
        "StoreInput",
        "LoopCount",
        "Text",
        "Other",
    }
)
_parameters = st.dictionaries(
    st.sampled_from(_param_keys),
    _json | st.dictionaries(st.sampled_from(["ResponseType", "a"]), _scalars, max_size=2),
    max_size=4,
)
_condition = st.dictionaries(
    st.sampled_from(["Operator", "Operands", "Operand"]),
    st.sampled_from(["Equals", "x"]) | st.lists(st.text(max_size=3), max_size=2) | _scalars,
)
_branch = st.dictionaries(
    st.sampled_from(["NextAction", "Condition", "ErrorType", "Extra"]),
    _condition | _scalars,
    max_size=3,
)
_transitions = st.dictionaries(
    st.sampled_from(["NextAction", "Errors", "Conditions", "Extra"]),
    st.lists(_branch, max_size=3) | _scalars,
    max_size=4,
)


@st.composite
def _actions(draw: st.DrawFn) -> dict[str, Any]:
    action: dict[str, Any] = {
        "Identifier": draw(st.text(min_size=1, max_size=10)),
        "Type": draw(st.sampled_from([*sorted(PARAMETER_CLASSES), "ShowView", "Start"])),
    }
    if draw(st.booleans()):
        action["Parameters"] = draw(_parameters | _scalars)
    if draw(st.booleans()):
        action["Transitions"] = draw(_transitions | _scalars)
    keys = draw(st.permutations(list(action)))
    return {key: action[key] for key in keys}


_flows = st.fixed_dictionaries(
    {"Actions": st.lists(_actions(), max_size=4)},
    optional={
        "Version": st.sampled_from(["2019-10-30", "1"]) | _scalars,
        "StartAction": st.text(max_size=5) | _scalars,
        "Metadata": _json,
        "Settings": _json,
        "Unknown": _json,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_flows)
def test_any_flow_shaped_object_round_trips_in_the_same_key_order(content: dict[str, Any]) -> None:
    assert json.dumps(parse_flow(content).to_dict()) == json.dumps(content)
