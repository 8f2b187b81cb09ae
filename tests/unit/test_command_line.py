"""The shared pieces of the command-line contract: the unexpected-error wrapper, endpoint URL and
table name checks, counts with their nouns, and make synth's filter of the CDK CLI's notes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import main as bench_main
from scripts import cdk_synth
from scripts.command_line import (
    EXIT_UNEXPECTED,
    BadInput,
    check_endpoint_environment,
    check_endpoint_url,
    check_table_name,
    counted,
    run_main,
)
from scripts.demo import main as demo_main
from tests.cli_contract import one_line, usage_error

REPO_ROOT = Path(__file__).resolve().parents[2]

# --- the unexpected-error wrapper ------------------------------------------------------------


def broken(argv: list[str]) -> int:
    raise KeyError("the bug's own words")


def test_an_unexpected_error_is_one_line_naming_the_file_that_holds_the_trace(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = run_main("tool.py", broken, [])
    line = one_line(capsys.readouterr().err)
    prefix = 'tool.py: unexpected error: KeyError: "the bug\'s own words"; the full trace is in '
    assert line.startswith(prefix)
    trace = Path(line.removeprefix(prefix))
    try:
        text = trace.read_text(encoding="utf-8")
    finally:
        trace.unlink()
    assert text.startswith("Traceback (most recent call last):")
    assert "in broken" in text
    assert trace.name.startswith("tool-")
    assert status == EXIT_UNEXPECTED == 3


def test_with_debug_the_trace_is_printed_instead(capsys: pytest.CaptureFixture[str]) -> None:
    status = run_main("tool.py", broken, ["--debug"])
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1] == 'tool.py: unexpected error: KeyError: "the bug\'s own words"'
    assert status == 3


def test_ctrl_c_is_one_line_and_130(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(argv: list[str]) -> int:
        raise KeyboardInterrupt

    assert run_main("tool.py", interrupted, []) == 130
    assert one_line(capsys.readouterr().err) == "tool.py: interrupted"


def test_the_tools_own_exit_statuses_pass_through() -> None:
    assert run_main("tool.py", len, ["a", "b"]) == 2

    def helped(argv: list[str]) -> int:
        raise SystemExit(0)

    with pytest.raises(SystemExit):  # argparse's --help and usage errors exit as they do
        run_main("tool.py", helped, [])


# --- endpoint URLs and table names -----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "https://dynamodb.eu-west-1.amazonaws.com", "http://[::1]:80"]
)
def test_endpoint_urls_botocore_accepts_pass(url: str) -> None:
    check_endpoint_url("--endpoint-url", url)
    check_endpoint_environment(["DynamoDB"], {"AWS_ENDPOINT_URL": url})


@pytest.mark.parametrize("url", ["not-a-url", "127.0.0.1:8000", "http://", "http://a b"])
def test_an_endpoint_url_that_is_not_one_is_named_with_what_was_expected(url: str) -> None:
    with pytest.raises(BadInput) as refused:
        check_endpoint_url("--endpoint-url", url)
    assert str(refused.value) == (
        f"--endpoint-url {url!r} is not a URL; expected a scheme and a host, e.g. "
        "http://127.0.0.1:8000"
    )


def test_the_services_own_endpoint_variable_is_checked_before_the_general_one() -> None:
    environ = {"AWS_ENDPOINT_URL_LAMBDA": "nope", "AWS_ENDPOINT_URL": "also-nope"}
    with pytest.raises(BadInput, match=r"^AWS_ENDPOINT_URL_LAMBDA='nope' is not a URL"):
        check_endpoint_environment(["Lambda"], environ)
    # Another service's variable is not this tool's business.
    check_endpoint_environment(["Connect"], {"AWS_ENDPOINT_URL_LAMBDA": "nope"})


def test_endpoint_variables_are_not_checked_when_botocore_is_told_to_ignore_them() -> None:
    check_endpoint_environment(
        ["Connect"],
        {"AWS_ENDPOINT_URL": "nope", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
    )


@pytest.mark.parametrize("name", ["abc", "customers-dev.v2_x", "a" * 255])
def test_table_names_dynamodb_accepts_pass(name: str) -> None:
    check_table_name(name)


@pytest.mark.parametrize("name", ["ab", "a" * 256, "a b/c", "tablé", ""])
def test_table_names_dynamodb_refuses_are_bad_input(name: str) -> None:
    with pytest.raises(BadInput, match="is not a DynamoDB table name; expected 3-255 characters"):
        check_table_name(name)


# --- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0 cases"), (1, "1 case"), (2, "2 cases"), (21, "21 cases")]
)
def test_a_count_agrees_with_its_noun(count: int, shown: str) -> None:
    assert counted(count, "case") == shown
    assert counted(count, "entry", "entries").endswith("entry" if count == 1 else "entries")


# --- python -m bench and python -m scripts.demo ----------------------------------------------


def test_bench_help_lists_the_benchmarks_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench_main(["--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith("usage: python -m bench")
    for name in ("lookup", "validator", "pictures", "simulator", "adoption", "testcases"):
        assert f"\n  {name} " in out


def test_an_unknown_benchmark_is_the_usage_and_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench_main(["lookup", "nope"])
    line = usage_error(capsys.readouterr().err, "python -m bench")
    assert line.startswith("python -m bench: error: unknown benchmark nope; expected any of lookup")
    assert exit_info.value.code == 2


def test_demo_help_says_what_it_does_and_runs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scripts.demo.start_local_table", lambda: pytest.fail("the demo ran"))
    with pytest.raises(SystemExit) as exit_info:
        demo_main(["--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m scripts.demo")


def test_a_wrong_demo_option_is_the_usage_and_one_line_and_runs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scripts.demo.start_local_table", lambda: pytest.fail("the demo ran"))
    with pytest.raises(SystemExit) as exit_info:
        demo_main(["--bogus"])
    assert exit_info.value.code == 2
    assert "--bogus" in usage_error(capsys.readouterr().err, "python -m scripts.demo")


# --- make synth: each note once --------------------------------------------------------------

CLI_STDERR = """\
Bundling asset Lookup/Function/Code/Stage...
/tmp/tmpab12cd/lib/program.js:1:5591
INFO the alarms have no action (Construct Annotations)
   Lookup
   Acknowledge with 'Annotation::info-annotation'

[Warning at /Lookup/Function] a warning stays [ack: some-warning]

\x1b[1mINFO\x1b[22m the routing profile holds the queues (Construct Annotations)
   Connect
   Acknowledge with 'Annotation::info-annotation'
Successfully synthesized to /repo/cdk.out
"""


def test_the_clis_info_blocks_are_left_out_and_everything_else_is_kept() -> None:
    assert cdk_synth.without_info_annotations(CLI_STDERR) == (
        "Bundling asset Lookup/Function/Code/Stage...\n"
        "[Warning at /Lookup/Function] a warning stays [ack: some-warning]\n"
        "\n"
        "Successfully synthesized to /repo/cdk.out\n"
    )


def test_make_synth_runs_the_app_without_stack_traces_and_prints_the_summary_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def cdk(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(kwargs, command=command)
        return subprocess.CompletedProcess(command, 0, "", CLI_STDERR)

    monkeypatch.setattr(cdk_synth.shutil, "which", lambda name: f"/bin/{name}")
    monkeypatch.setattr(cdk_synth.subprocess, "run", cdk)
    monkeypatch.setattr("stacks.synth_summary.main", lambda argv: print("SUMMARY", *argv) or 0)
    assert cdk_synth.main([]) == 0
    out, err = capsys.readouterr()
    assert seen["command"][1:] == ["cdk", "synth", "--quiet", "--no-notices"]
    assert seen["env"]["CDK_DISABLE_STACK_TRACE"] == "1"
    assert "INFO" not in err
    assert "program.js" not in err
    assert out == f"SUMMARY {cdk_synth.REPO / 'cdk.out'}\n"


def test_a_failed_synthesis_shows_all_the_cli_said(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def cdk(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", CLI_STDERR)

    monkeypatch.setattr(cdk_synth.shutil, "which", lambda name: f"/bin/{name}")
    monkeypatch.setattr(cdk_synth.subprocess, "run", cdk)
    assert cdk_synth.main([]) == 2
    err = capsys.readouterr().err
    assert err == CLI_STDERR + "cdk_synth: npx cdk synth failed (exit 1)\n"


def test_a_reader_that_closes_the_pipe_ends_the_tool_quietly() -> None:
    """``tool | head``: the tool's next write fails with BrokenPipeError, which is not a bug."""
    code = (
        "import sys\n"
        "from scripts.command_line import run_main\n"
        "def main(argv):\n"
        "    for n in range(100000):\n"
        "        print('line', n)\n"
        "    return 0\n"
        "sys.exit(run_main('tool.py', main, []))\n"
    )
    tool = subprocess.Popen(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert tool.stdout is not None
    assert tool.stdout.readline() == "line 0\n"
    tool.stdout.close()  # what head does once it has its line
    _, err = tool.communicate(timeout=60)
    assert err == ""
    assert tool.returncode == 1
