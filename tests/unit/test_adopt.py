"""`python -m flows adopt` and `render`: a set of exports as a package with named references,
and back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.adopt.diff import diff_flows
from flows.adopt.package import load_package
from flows.cli import main
from flows.model.document import load_flow_document
from flows.model.references import Resource, ResourceTable, references_in
from tests.unit import adoption_fixtures as fx

REPO = Path(__file__).resolve().parents[2]


def _adopt(tmp_path: Path, *extra: str, names: tuple[str, ...] = tuple(fx.EXPORTS)) -> Path:
    fx.write_exports(tmp_path / "exports", names)
    package = tmp_path / "orders"
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(package), *extra]) == 0
    return package


def _code(package: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(package.glob("*.py")))


def test_the_package_lists_each_flow_with_its_name_and_type(tmp_path: Path) -> None:
    package = load_package(_adopt(tmp_path))
    types = {flow.name: flow.entry.type for flow in package.flows}
    assert types == {
        "Front door": "CONTACT_FLOW",  # the export's Metadata.type
        "Closed": "CONTACT_FLOW",
        "Whisper": "AGENT_WHISPER",  # set as Front door's AgentWhisper hook
        "Check PIN": "FLOW_MODULE",  # a top-level Settings
    }


def test_no_source_account_or_instance_is_left_in_the_code(tmp_path: Path) -> None:
    package = _adopt(tmp_path)
    code = _code(package)
    for trace in fx.SOURCE_TRACES:
        assert trace not in code
    # ... while the source values are recorded beside it, for render.
    recorded = (package / "source_resources.json").read_text()
    assert fx.QUEUE_ARN in recorded
    assert fx.FUNCTION_ARN in recorded


def test_values_become_references_named_from_the_exports(tmp_path: Path) -> None:
    package = load_package(_adopt(tmp_path))
    found = {repr(r) for flow in package.flows for r in references_in(flow.flow.to_dict())}
    assert {
        "LambdaFunction('orders-lookup')",
        "LambdaFunction('pin-check', qualifier='prod')",
        "FlowModule('Check PIN')",
        "Flow('Whisper')",
        "Flow('Closed')",
        "Flow('Front door')",
        "HoursOfOperation('Office hours')",
        "Queue('Orders')",
        "Prompt('Closed.wav')",
    } <= found
    assert 'Queue("Orders")' in (package.path / "front_door.py").read_text()


def test_the_modules_pass_ruff(tmp_path: Path) -> None:
    package = _adopt(tmp_path)
    config = str(REPO / "pyproject.toml")
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--config", config, str(package)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_list_passes_ruff_format_for_one_flow_and_for_names_of_any_length(
    tmp_path: Path,
) -> None:
    """``__init__.py`` as the formatter lays it out: a list of one flow (whose comma is not a
    magic trailing comma) on one line when it fits, and entries whose line, with its comma,
    would pass the line length split; flow names from short to longer than a line."""
    packages = []
    for length in range(1, 90):
        name = "x" * length
        for partners in ((), ("Whisper",)):
            exports = tmp_path / f"exports_{length}_{len(partners)}"
            fx.write_exports(exports, partners)
            export = fx.closed()
            export["Metadata"]["name"] = name
            (exports / "named.json").write_text(json.dumps(export), encoding="utf-8")
            package = tmp_path / f"package_{length}_{len(partners)}"
            assert main(["adopt", str(exports), "-o", str(package)]) == 0
            packages.append(str(package / "__init__.py"))
    config = str(REPO / "pyproject.toml")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--config", config, *packages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_render_gives_back_the_exports_behaviour(tmp_path: Path) -> None:
    package = _adopt(tmp_path)
    assert main(["render", str(package), "-o", str(tmp_path / "out")]) == 0
    for name in fx.EXPORTS:
        original = load_flow_document(tmp_path / "exports" / f"{name}.json").content
        rendered = json.loads((tmp_path / "out" / f"{name}.json").read_text())
        assert diff_flows(original, rendered).same_behaviour, name
        assert not list(references_in(rendered))


def test_render_for_another_instance_uses_its_resources(tmp_path: Path) -> None:
    package = _adopt(tmp_path, names=("Closed",))
    target = "arn:aws:connect:us-east-1:555566667777:instance/cccccccc-3333-4333-8333-cccccccccccc"
    table = ResourceTable(
        [
            Resource("Prompt", "Closed.wav", f"{target}/prompt/p1"),
            Resource("Flow", "Front door", f"{target}/contact-flow/f1"),
        ]
    )
    (tmp_path / "target.json").write_text(table.to_json())
    out = tmp_path / "out"
    assert (
        main(["render", str(package), "-o", str(out), "--resources", str(tmp_path / "target.json")])
        == 0
    )
    text = (out / "Closed.json").read_text()
    assert f"{target}/prompt/p1" in text
    assert f"{target}/contact-flow/f1" in text
    assert fx.SOURCE_ACCOUNT not in text.replace(fx.INSTANCE_ID, "")  # no source ARN left


def test_render_names_every_reference_the_target_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _adopt(tmp_path, names=("Closed", "Whisper"))
    (tmp_path / "empty.json").write_text(ResourceTable().to_json())
    out = tmp_path / "out"
    code = main(
        ["render", str(package), "-o", str(out), "--resources", str(tmp_path / "empty.json")]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "Prompt('Closed.wav')" in err
    assert "Flow('Front door')" in err
    # The flow that needs nothing from the instance is written; the other is not.
    assert sorted(p.name for p in out.iterdir()) == ["Whisper.json"]


def test_a_value_without_a_name_stays_literal_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = fx.closed()
    del export["Metadata"]["ActionMetadata"]["sorry"]["parameters"]  # the prompt's display name
    (tmp_path / "Closed.json").write_text(json.dumps(export))
    package = tmp_path / "pkg"
    assert main(["adopt", str(tmp_path / "Closed.json"), "-o", str(package)]) == 0
    err = capsys.readouterr().err
    assert re.search(
        r"warning: Closed: block 'sorry' parameter PromptId: no name for the Prompt", err
    )
    (flow,) = load_package(package).flows
    assert flow.flow.action("sorry").to_dict()["Parameters"]["PromptId"] == fx.PROMPT_ARN
    count = len(load_package(package).flows)
    assert err.rstrip().endswith(f"{count} flow, 1 named resource, 1 value kept as a literal")


def test_the_summary_counts_in_the_plural_beyond_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _adopt(tmp_path)
    flows = len(load_package(package).flows)
    named = len(ResourceTable.load(package / "source_resources.json").resources)
    assert (
        capsys.readouterr()
        .err.rstrip()
        .endswith(f"{package}: {flows} flows, {named} named resources, 0 values kept as literals")
    )


def test_a_resources_file_names_what_the_export_does_not(tmp_path: Path) -> None:
    export = fx.closed()
    del export["Metadata"]["ActionMetadata"]["sorry"]["parameters"]
    (tmp_path / "Closed.json").write_text(json.dumps(export))
    table = ResourceTable([Resource("Prompt", "Apology", fx.PROMPT_ARN)])
    (tmp_path / "resources.json").write_text(table.to_json())
    package = tmp_path / "pkg"
    argv = ["adopt", str(tmp_path / "Closed.json"), "-o", str(package)]
    assert main([*argv, "--resources", str(tmp_path / "resources.json")]) == 0
    assert 'Prompt("Apology")' in (package / "closed.py").read_text()


def test_a_flow_of_the_set_is_named_by_its_pulled_arn(tmp_path: Path) -> None:
    """Pulled files carry their own ARN: a reference to one is named after it."""
    export = fx.closed()
    del export["Metadata"]["ActionMetadata"]["back"]["parameters"]
    (tmp_path / "Closed.json").write_text(json.dumps(export))
    pulled = {
        "ContactFlow": {
            "Arn": fx.FLOW_ARNS["Front door"],
            "Name": "Front door",
            "Type": "CONTACT_FLOW",
            "Content": json.dumps(fx.front_door()),
        }
    }
    (tmp_path / "Front door.json").write_text(json.dumps(pulled))
    package = tmp_path / "pkg"
    assert (
        main(
            [
                "adopt",
                str(tmp_path / "Closed.json"),
                str(tmp_path / "Front door.json"),
                "-o",
                str(package),
            ]
        )
        == 0
    )
    assert 'Flow("Front door")' in (package / "closed.py").read_text()


def test_a_type_nothing_says_is_inferred_from_the_blocks_or_defaults_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = fx.front_door()
    del export["Metadata"]["type"]
    (tmp_path / "Front door.json").write_text(json.dumps(export))
    assert main(["adopt", str(tmp_path / "Front door.json"), "-o", str(tmp_path / "pkg")]) == 0
    assert "note: Front door: type CONTACT_FLOW" in capsys.readouterr().err
    assert load_package(tmp_path / "pkg").flows[0].entry.type == "CONTACT_FLOW"


def test_adopting_again_replaces_the_package_but_never_another_folder(tmp_path: Path) -> None:
    package = _adopt(tmp_path)
    (package / "stale.py").write_text("")
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(package)]) == 0
    assert not (package / "stale.py").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(other)]) == 2
    assert (other / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (lambda p: p.write_text("{"), "not valid JSON"),
        (lambda p: p.write_text('{"Version": "2019-10-30", "Actions": []}'), "StartAction"),
    ],
)
def test_a_bad_source_is_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write: Any, expected: str
) -> None:
    fx.write_exports(tmp_path / "exports", ("Whisper",))
    write(tmp_path / "exports" / "broken.json")
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(tmp_path / "pkg")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "broken.json" in err[0]
    assert expected in err[0]
    assert not (tmp_path / "pkg").exists()


def test_two_flows_of_one_name_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fx.write_exports(tmp_path / "a", ("Whisper",))
    fx.write_exports(tmp_path / "b", ("Whisper",))
    assert (
        main(["adopt", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "pkg")]) == 2
    )
    assert "distinct names" in capsys.readouterr().err


def test_the_package_folder_must_be_a_python_name(tmp_path: Path) -> None:
    fx.write_exports(tmp_path / "exports", ("Whisper",))
    assert main(["adopt", str(tmp_path / "exports"), "-o", str(tmp_path / "my-flows")]) == 2


def test_render_refuses_a_folder_that_is_no_adopted_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "not an adopted package" in capsys.readouterr().err


INTERRUPTED = {"Operator": "Equals", "Operands": ["MessagesInterrupted"]}


def _queue_flow(end: str) -> dict[str, Any]:
    """A customer queue flow's blocks (Loop prompts, then ``end``), its type declared nowhere."""
    return {
        "Version": "2019-10-30",
        "StartAction": "loop",
        "Metadata": {"name": "Hold music"},
        "Actions": [
            {
                "Identifier": "loop",
                "Type": "MessageParticipantIteratively",
                "Parameters": {
                    "Messages": [{"Text": "Please hold."}],
                    "InterruptFrequencySeconds": "30",
                },
                "Transitions": {
                    "NextAction": "end",
                    "Conditions": [{"NextAction": "end", "Condition": INTERRUPTED}],
                    "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end"}],
                },
            },
            {"Identifier": "end", "Type": end, "Parameters": {}, "Transitions": {}},
        ],
    }


@pytest.mark.parametrize(
    "end",
    [
        "DisconnectParticipant",  # only CUSTOMER_QUEUE allows both blocks
        "EndFlowExecution",  # several types do; the least restrictive of them, as the validator
    ],
)
def test_an_undeclared_type_is_the_one_the_validator_infers_from_the_blocks(
    end: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Hold music.json").write_text(json.dumps(_queue_flow(end)))
    assert main(["adopt", str(tmp_path / "Hold music.json"), "-o", str(tmp_path / "pkg")]) == 0
    (flow,) = load_package(tmp_path / "pkg").flows
    assert flow.entry.type == "CUSTOMER_QUEUE"
    assert "note: Hold music: type CUSTOMER_QUEUE" in capsys.readouterr().err
