"""What a bound function needs from the environment (``[tool.flows.function-environment]``), and
what ``simulate`` and ``test`` say when a function ran without it.

The machinery tests write their own pyproject.toml and handler in a temporary folder; the last
test holds this project's table to what its function reads.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from flows import config as flows_config
from flows.cli import main
from flows.config import ConfigError, FunctionEnvironment, read_config
from tests.cli_contract import one_line
from tests.unit.simulator_flows import action, flow, say
from tests.unit.testing_language_json import content, end_test, message, observation, write

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:orders-dev"
HANDLER = """\
import os

def handler(event, context):
    return {"table": os.environ.get("ORDERS_TABLE", "") or "none"}
"""
TABLE = """\
[tool.flows.functions]
"orders-*" = "fn/app.py:handler"

[tool.flows.function-environment]
"orders-*" = { needs = ["ORDERS_TABLE"], hint = "start the local table" }
"""


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A project of its own: the handler, its table, a flow that calls it; run from there."""
    monkeypatch.setattr(flows_config, "PROJECT_ROOT", tmp_path / "toolkit")
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "app.py").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(TABLE, encoding="utf-8")
    orders = flow(
        action(
            "ask",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": FUNCTION_ARN},
            "tell",
            {"NoMatchingError": "tell"},
        ),
        say("tell", "Table $.External.table."),
    )
    (tmp_path / "flow.json").write_text(json.dumps(orders), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ORDERS_TABLE", raising=False)
    return tmp_path


def test_a_function_name_or_the_longest_matching_prefix_says_what_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        textwrap.dedent(
            """
            [tool.flows.function-environment]
            "orders-*" = { needs = ["ORDERS_TABLE"] }
            "orders-eu-*" = { needs = ["ORDERS_TABLE", "EU_KEY"], hint = "ask" }
            "billing" = { needs = ["BILLING_URL"] }
            """
        ),
        encoding="utf-8",
    )
    config = read_config(path)
    assert config.environment_of("orders-dev") == FunctionEnvironment(("ORDERS_TABLE",))
    assert config.environment_of("orders-eu-1") == FunctionEnvironment(
        ("ORDERS_TABLE", "EU_KEY"), "ask"
    )
    assert config.environment_of("billing") == FunctionEnvironment(("BILLING_URL",))
    assert config.environment_of("billing-dev") is None


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ('f = "X"', "expected { needs = "),
        ("f = { needs = [] }", "needs: expected a list of environment variable names"),
        ('f = { needs = ["NOT A NAME"] }', "needs: expected a list of environment variable names"),
        ('f = { needs = ["X"], hint = 3 }', "hint: expected text"),
        ('f = { needs = ["X"], hnit = "" }', "expected { needs = "),
        ('"a*b" = { needs = ["X"] }', "name prefix ending in *"),
    ],
)
def test_an_entry_that_cannot_be_used_names_the_file_and_the_key(
    tmp_path: Path, entry: str, named: str
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.flows.function-environment]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert str(caught.value).startswith(f"{path}: [tool.flows.function-environment] ")
    assert named in str(caught.value)


def test_simulate_says_in_one_last_line_which_variable_was_unset_and_exits_1(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "flow.json"]) == 1
    out, err = capsys.readouterr()
    assert '"Table none."' in out  # the run is shown: what the caller hears when unconfigured
    assert err.splitlines()[-1] == (
        "simulate: orders-dev ran without ORDERS_TABLE set, so it answered as an unconfigured "
        "function; start the local table"
    )


def test_simulate_with_the_variable_set_says_nothing_and_exits_0(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERS_TABLE", "orders")
    assert main(["simulate", "flow.json"]) == 0
    out, err = capsys.readouterr()
    assert '"Table orders."' in out
    assert err == ""


def test_a_function_bound_with_lambda_or_scripted_to_fail_is_not_the_configured_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stand_in = project / "stand_in.py"
    stand_in.write_text("def handler(event, context):\n    return {'table': 'mine'}\n")
    assert main(["simulate", "flow.json", "--lambda", f"orders-dev={stand_in}:handler"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["simulate", "flow.json", "--fail", "ask"]) == 0
    assert capsys.readouterr().err == ""


def test_test_warns_in_one_line_and_the_cases_verdicts_decide(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = write(project, content(observation("tell", message("Table none"), end_test())))
    assert main(["test", "flow.json", str(case)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "1 case: 1 passed, 0 failed"
    assert one_line(captured.err) == (
        "test: warning: orders-dev ran without ORDERS_TABLE set, so it answered as an "
        "unconfigured function; start the local table"
    )


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"])
@pytest.mark.parametrize("command", ["simulate", "test"])
def test_an_endpoint_variable_that_is_not_a_url_is_refused_before_a_function_runs(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    variable: str,
) -> None:
    """The function runs in this process: every AWS client it made would fail (botocore raises
    while making it), and it would answer as if its service were down."""
    monkeypatch.setenv("ORDERS_TABLE", "orders")
    monkeypatch.setenv(variable, "not-a-url")
    case = write(project, content(observation("tell", message("Table orders"), end_test())))
    argv = ["simulate", "flow.json"] if command == "simulate" else ["test", "flow.json", str(case)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err) == (
        f"{command}: {variable}='not-a-url' is not a URL; expected a scheme and a host, e.g. "
        "http://127.0.0.1:8000 (or unset it to reach AWS)"
    )


def test_an_endpoint_variable_does_not_matter_to_a_flow_that_calls_no_function(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "not-a-url")
    (project / "hello.json").write_text(json.dumps(flow(say("hello", "Hello."))), encoding="utf-8")
    assert main(["simulate", "hello.json"]) == 0
    assert capsys.readouterr().err == ""
