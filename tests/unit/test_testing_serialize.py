"""Writing test case content: deterministic text, documented key order, and a faithful round trip
of cases read from elsewhere."""

from __future__ import annotations

import json

from flows.testing.loader import parse_test_case
from flows.testing.serialize import content_to_dict, content_to_json, to_describe_shape
from tests.unit.testing_language_json import (
    check,
    content,
    end_test,
    message,
    minimal_case,
    observation,
    press,
    started,
    then_action,
)


def read(data: object) -> object:
    return parse_test_case(data, source="case.json", default_name="case").case


def test_writing_the_same_content_twice_gives_the_same_text() -> None:
    case = read(minimal_case()).content

    assert content_to_json(case) == content_to_json(case)


def test_the_written_file_is_indented_json_ending_with_a_newline() -> None:
    text = content_to_json(read(minimal_case()).content)

    assert text.startswith('{\n  "Version": "2019-10-30",\n  "Metadata": {},\n')
    assert text.endswith("}\n")


def test_keys_come_in_the_documented_order_whatever_order_they_were_read_in() -> None:
    shuffled = {
        "Observations": [
            {
                "Transitions": {"NextObservations": []},
                "Actions": [end_test()],
                "Event": {
                    "Properties": {"Text": "Hi"},
                    "Actor": "System",
                    "Type": "MessageReceived",
                },
                "Identifier": "g",
            }
        ],
        "Metadata": {},
        "Version": "2019-10-30",
    }

    written = content_to_dict(read(shuffled).content)

    assert list(written) == ["Version", "Metadata", "Observations"]
    (only,) = written["Observations"]
    assert list(only) == ["Identifier", "Event", "Actions", "Transitions"]
    assert list(only["Event"]) == ["Type", "Actor", "Properties"]


def test_a_case_read_from_elsewhere_reads_back_equal_after_writing() -> None:
    elsewhere = content(
        observation(
            "start",
            started(),
            then=("menu",),
            Usage={"Type": "EXACTLY"},
        ),
        observation(
            "menu",
            {
                "Identifier": "m",
                "Type": "MessageReceived",
                "Actor": "System",
                "Properties": {"Text": "Press 1"},
                "MatchingCriteria": "Similarity",
            },
            then_action(press("press", "1"), ""),
            then=("bye",),
        ),
        observation(
            "bye",
            message("Goodbye"),
            then_action(check("q", "$.Queue.Name", "Equals", "Basic Queue"), "end"),
            end_test(),
        ),
        version="2025-06-21",
    )
    first = read(elsewhere)

    again = read(json.loads(content_to_json(first.content)))

    assert again == first


def test_matching_criteria_stay_where_the_file_put_them() -> None:
    on_event = {
        "Type": "MessageReceived",
        "Actor": "System",
        "Properties": {"Text": "Hi"},
        "MatchingCriteria": "Inclusion",
    }

    written = content_to_dict(read(content(observation("g", on_event, end_test()))).content)

    (only,) = written["Observations"]
    assert only["Event"]["MatchingCriteria"] == "Inclusion"
    assert "MatchingCriteria" not in only["Event"]["Properties"]


def test_the_describe_test_case_shape_holds_content_as_a_json_string() -> None:
    case = read(minimal_case())

    shape = to_describe_shape(case)

    assert list(shape["TestCase"]) == ["Name", "Content"]
    assert json.loads(shape["TestCase"]["Content"]) == content_to_dict(case.content)
    assert read(shape) == case
