"""Python source written as `ruff format` writes it: literals, splitting, escaping, line width."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.adopt.python_source import (
    LINE_LENGTH,
    Call,
    Chain,
    literal,
    statement,
    string_literal,
    width,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

# Keys are written on one line, as the formatter leaves them: keys of flows are parameter and
# attribute names, so the keys drawn here are of that kind.
keys = st.text(st.characters(min_codepoint=32, max_codepoint=0x17F), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def _evaluated(lines: list[str]) -> Any:
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - the text is what the writer produced
    return namespace["VALUE"]


@given(json_values)
@settings(max_examples=200, deadline=None)
def test_a_written_json_value_evaluates_back_to_itself(value: Any) -> None:
    lines = statement(literal(value), 0, "VALUE = ")
    assert _evaluated(lines) == value


@given(json_values)
@settings(max_examples=200, deadline=None)
def test_no_written_line_is_wider_than_the_line_length(value: Any) -> None:
    lines = statement(literal({"Parameters": value}), 1, "value = ")
    too_wide = [line for line in lines if width(line) > LINE_LENGTH]
    assert too_wide == []


def test_strings_are_double_quoted() -> None:
    assert string_literal("Hello") == '"Hello"'


def test_a_string_with_more_double_than_single_quotes_is_single_quoted() -> None:
    assert string_literal('<say-as interpret-as="date">') == "'<say-as interpret-as=\"date\">'"


def test_latin_kana_and_cjk_letters_are_written_as_they_are() -> None:
    assert string_literal("¿Cómo está? Größe 渡辺 みさき") == '"¿Cómo está? Größe 渡辺 みさき"'


def test_characters_that_look_like_ascii_are_escaped() -> None:
    assert string_literal("We\u2019re \u2013 ok") == '"We\\u2019re \\u2013 ok"'


def test_control_and_bidirectional_characters_are_escaped() -> None:
    assert string_literal("a\tb\x00c\u202ed") == '"a\\tb\\x00c\\u202ed"'


def test_east_asian_wide_characters_take_two_columns() -> None:
    assert width("渡辺") == 4


def test_a_long_string_is_split_between_words_in_parentheses() -> None:
    text = "We're sorry, we could not find your account details just now. " * 3
    lines = statement(Call("dict", kwargs=[("text", text)]), 0, "VALUE = ")
    assert lines[:2] == ["VALUE = dict(", "    text=("]
    parts = lines[2:-2]
    assert len(parts) == 3
    assert parts[0].endswith(' "'), "the first part should end between two words"
    assert _evaluated(lines) == {"text": text}


def test_a_long_arn_is_split_after_a_separator() -> None:
    arn = "arn:aws:connect:us-east-1:123456789012:instance/" + "a" * 36 + "/queue/" + "b" * 36
    lines = statement(arn, 0, "QUEUE = ")
    assert lines[1].endswith('/queue/"'), lines


def test_a_chain_of_two_calls_that_does_not_fit_goes_one_call_per_line() -> None:
    chain = Chain(
        Call("flow.action", ["a" * 20, Call("MessageParticipant", kwargs=[("text", "b" * 20)])]),
        [Call("then", ["next-block"]), Call("on_error", ["sorry-block"])],
    )
    assert statement(chain, 1) == [
        "    (",
        f'        flow.action("{"a" * 20}", MessageParticipant(text="{"b" * 20}"))',
        '        .then("next-block")',
        '        .on_error("sorry-block")',
        "    )",
    ]


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    words = ["Welcome", "to", "¿Cómo", "está?", "渡辺", "We\u2019re", 'a"b', "x'y"]
    kind = rng.randrange(7 if depth < 3 else 4)
    if kind == 0:
        return rng.choice([None, True, False, rng.randrange(-(10**6), 10**6), rng.random() * 1e3])
    if kind in (1, 2, 3):
        return " ".join(rng.choice(words) for _ in range(rng.randrange(1, 40)))
    if kind == 4:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    return {
        f"Key{rng.randrange(100)}{'x' * rng.randrange(30)}": _random_json(rng, depth + 1)
        for _ in range(rng.randrange(0, 5))
    }


def test_written_values_pass_ruff_format_and_ruff_check(tmp_path: Path) -> None:
    rng = random.Random(20240611)
    lines = ['"""Values written by flows.adopt.python_source."""', ""]
    for index in range(150):
        value = {"Parameters": _random_json(rng)}
        lines += statement(literal(value), 0, f"VALUE_{index} = ")
    module = tmp_path / "values.py"
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = str(REPO_ROOT / "pyproject.toml")
    for command in (["format", "--check", "--diff"], ["check", "--output-format", "concise"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                command[0],
                "--config",
                config,
                *command[1:],
                str(module),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
