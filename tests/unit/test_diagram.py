"""Pictures of flows: mermaid, SVG and PNG carry every block and branch, and mark findings."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageFont

from flows.cli import main
from flows.model.document import load_flow_document
from flows.model.layout import compute_layout
from flows.pictures.diagram import render_mermaid, render_png, render_svg
from flows.pictures.png import font_chain, font_runs, has_glyph
from tests.cli_contract import one_line

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "flows-corpus"
CORPUS_FILES = (
    sorted(p for p in CORPUS.iterdir() if p.name not in {"README.md", "INDEX.tsv"})
    if CORPUS.is_dir()
    else []
)
SVG = "{http://www.w3.org/2000/svg}"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/"
    "11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"
)
AWKWARD = "Señor <b>\"Ñandú\"</b> & 'co' #1 | 😀"


@dataclass(frozen=True)
class Finding:
    """Stands in for flows.validator.Finding: the fields a picture reads."""

    identifier: str
    severity: str
    code: str
    message: str


def lookup_flow() -> dict[str, Any]:
    """A small routing flow with every kind of branch: Success, conditions, errors."""
    return {
        "Version": "2019-10-30",
        "StartAction": "logging",
        "Metadata": {},
        "Actions": [
            {
                "Identifier": "logging",
                "Type": "UpdateFlowLoggingBehavior",
                "Parameters": {"FlowLoggingBehavior": "Enabled"},
                "Transitions": {"NextAction": "lookup"},
            },
            {
                "Identifier": "lookup",
                "Type": "InvokeLambdaFunction",
                "Parameters": {
                    "LambdaFunctionARN": FUNCTION_ARN,
                    "InvocationTimeLimitSeconds": "4",
                },
                "Transitions": {
                    "NextAction": "route",
                    "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "sorry"}],
                },
            },
            {
                "Identifier": "route",
                "Type": "Compare",
                "Parameters": {"ComparisonValue": "$.Attributes.membershipStatus"},
                "Transitions": {
                    "Conditions": [
                        {
                            "NextAction": "priority",
                            "Condition": {"Operator": "Equals", "Operands": ["GOLD"]},
                        },
                        {
                            "NextAction": "spanish",
                            "Condition": {"Operator": "TextStartsWith", "Operands": ["es"]},
                        },
                    ],
                    "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "sorry"}],
                },
            },
            {
                "Identifier": "priority",
                "Type": "UpdateContactTargetQueue",
                "Parameters": {"QueueId": QUEUE_ARN},
                "Transitions": {
                    "NextAction": "transfer",
                    "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "sorry"}],
                },
            },
            {
                "Identifier": "spanish",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "Hola, bienvenido"},
                "Transitions": {"NextAction": "transfer"},
            },
            {
                "Identifier": "transfer",
                "Type": "TransferContactToQueue",
                "Parameters": {},
                "Transitions": {
                    "Errors": [
                        {"ErrorType": "QueueAtCapacity", "NextAction": "sorry"},
                        {"ErrorType": "NoMatchingError", "NextAction": "sorry"},
                    ]
                },
            },
            {
                "Identifier": "sorry",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "Sorry"},
                "Transitions": {"NextAction": "bye"},
            },
            {
                "Identifier": "bye",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }


# Every transition of lookup_flow() with the label the console shows on its row.
LOOKUP_EDGES = Counter(
    [
        ("logging", "lookup", "Success"),
        ("lookup", "route", "Success"),
        ("lookup", "sorry", "NoMatchingError"),
        ("route", "priority", "= GOLD"),
        ("route", "spanish", "starts with es"),
        ("route", "sorry", "NoMatchingCondition"),
        ("priority", "transfer", "Success"),
        ("priority", "sorry", "NoMatchingError"),
        ("spanish", "transfer", "Success"),
        ("transfer", "sorry", "QueueAtCapacity"),
        ("transfer", "sorry", "NoMatchingError"),
        ("sorry", "bye", "Success"),
    ]
)


def awkward_flow() -> dict[str, Any]:
    """Identifiers and text with markup characters, quotes, non-ASCII and a control character."""
    content = lookup_flow()
    content["Actions"][4]["Identifier"] = AWKWARD + "\x01"
    content["Actions"][4]["Parameters"]["Text"] = AWKWARD
    content["Actions"][2]["Transitions"]["Conditions"][1]["NextAction"] = AWKWARD + "\x01"
    return content


# --- mermaid ------------------------------------------------------------------------------------

_MERMAID_ENTITIES = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "124": "|", "35": "#"}
_NODE = re.compile(r'^\s+(\w+)\["(.*)"\]$')
_EDGE = re.compile(r'^\s+(\w+) -->\|"(.*)"\| (\w+)$')


def unescape_mermaid(text: str) -> str:
    return re.sub(r"#(quot|lt|gt|amp|124|35);", lambda m: _MERMAID_ENTITIES[m[1]], text)


def parse_mermaid(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str]], str]:
    """Nodes (id -> label lines), edges (source id, label, target id) and the class lines."""
    nodes: dict[str, list[str]] = {}
    edges = []
    for line in text.splitlines():
        if node := _NODE.match(line):
            nodes[node[1]] = [unescape_mermaid(part) for part in node[2].split("<br/>")]
        elif edge := _EDGE.match(line):
            edges.append((edge[1], unescape_mermaid(edge[2]), edge[3]))
    classes = "\n".join(line for line in text.splitlines() if line.strip().startswith("class "))
    return nodes, edges, classes


def mermaid_ids(nodes: dict[str, list[str]]) -> dict[str, str]:
    """Action identifier -> node id (the identifier is a node's second label line)."""
    return {lines[1]: node for node, lines in nodes.items() if len(lines) > 1}


def test_mermaid_is_a_left_to_right_flowchart() -> None:
    assert render_mermaid(lookup_flow()).splitlines()[0] == "flowchart LR"


def test_mermaid_has_a_node_per_action_named_as_in_the_console() -> None:
    nodes, _, _ = parse_mermaid(render_mermaid(lookup_flow()))
    by_identifier = {lines[1]: lines for lines in nodes.values() if len(lines) > 1}
    assert set(by_identifier) == {a["Identifier"] for a in lookup_flow()["Actions"]}
    assert by_identifier["lookup"][0] == "Invoke AWS Lambda function"
    assert by_identifier["route"][0] == "Check contact attributes"
    assert by_identifier["bye"][0] == "Disconnect / hang up"


def test_mermaid_node_shows_a_short_detail_of_the_block() -> None:
    nodes, _, _ = parse_mermaid(render_mermaid(lookup_flow()))
    by_identifier = {lines[1]: lines for lines in nodes.values() if len(lines) > 1}
    assert "customer-lookup-dev" in by_identifier["lookup"][2]
    assert by_identifier["route"][2] == "$.Attributes.membershipStatus"
    assert by_identifier["spanish"][2] == "Hola, bienvenido"
    assert "queue/" in by_identifier["priority"][2]


def test_mermaid_has_an_edge_per_transition_with_its_label() -> None:
    nodes, edges, _ = parse_mermaid(render_mermaid(lookup_flow()))
    identifier_of = {node: identifier for identifier, node in mermaid_ids(nodes).items()}
    found = Counter((identifier_of[s], identifier_of[t], label) for s, label, t in edges)
    assert found == LOOKUP_EDGES


def test_mermaid_starts_at_the_start_action() -> None:
    text = render_mermaid(lookup_flow())
    nodes, _, _ = parse_mermaid(text)
    assert f"    entry --> {mermaid_ids(nodes)['logging']}" in text.splitlines()


def test_mermaid_escapes_quotes_markup_and_keeps_non_ascii() -> None:
    nodes, edges, _ = parse_mermaid(render_mermaid(awkward_flow()))
    awkward_node = mermaid_ids(nodes)[AWKWARD]  # the control character is dropped
    assert nodes[awkward_node][2] == AWKWARD
    assert len(edges) == sum(LOOKUP_EDGES.values())


def test_mermaid_marks_blocks_with_findings_by_severity() -> None:
    findings = [
        Finding("lookup", "error", "BAD_TIMEOUT", "too long"),
        Finding("spanish", "warning", "UNREACHABLE", "nothing leads here"),
    ]
    nodes, _, classes = parse_mermaid(render_mermaid(lookup_flow(), findings))
    ids = mermaid_ids(nodes)
    assert re.search(rf"class (\S+,)?{ids['lookup']}(,\S+)? error", classes)
    assert re.search(rf"class (\S+,)?{ids['spanish']}(,\S+)? warning", classes)
    assert "errors: BAD_TIMEOUT" in nodes[ids["lookup"]]
    assert "warnings: UNREACHABLE" in nodes[ids["spanish"]]


def test_mermaid_draws_a_missing_target_as_its_own_node() -> None:
    content = lookup_flow()
    content["Actions"][6]["Transitions"]["NextAction"] = "gone"
    nodes, edges, classes = parse_mermaid(render_mermaid(content))
    missing = next(node for node, lines in nodes.items() if lines == ["missing: gone"])
    assert (mermaid_ids(nodes)["sorry"], "Success", missing) in edges
    assert missing in classes


# --- SVG ----------------------------------------------------------------------------------------


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 -- the project's own output, not untrusted input


def svg_root(content: dict[str, Any], findings: list[Finding] | None = None) -> ET.Element:
    return parse_svg(render_svg(content, findings))


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").split(" ")[0] == kind]


def test_svg_is_well_formed_with_one_group_per_action() -> None:
    root = svg_root(lookup_flow())
    identifiers = [g.get("data-identifier", "") for g in groups(root, "action")]
    assert sorted(identifiers) == sorted(a["Identifier"] for a in lookup_flow()["Actions"])


def test_svg_has_one_edge_group_per_transition_with_its_label() -> None:
    root = svg_root(lookup_flow())
    found = Counter(
        (g.get("data-source"), g.get("data-target"), g.get("data-label"))
        for g in groups(root, "edge")
    )
    assert found == LOOKUP_EDGES


def test_svg_writes_branch_labels_on_the_block_rows() -> None:
    root = svg_root(lookup_flow())
    route = next(g for g in groups(root, "action") if g.get("data-identifier") == "route")
    rows = [t.text for t in route.iter(f"{SVG}text") if t.get("class") == "branch"]
    assert rows == ["= GOLD", "starts with es", "NoMatchingCondition"]


def test_svg_blocks_sit_where_the_layout_puts_them() -> None:
    content = lookup_flow()
    layout = compute_layout(content)
    for group in groups(svg_root(content), "action"):
        rect = group.find(f"{SVG}rect")
        assert rect is not None
        box = layout.boxes[group.get("data-identifier", "")]
        assert (rect.get("x"), rect.get("y")) == (str(box.x), str(box.y))


def test_svg_highlights_blocks_with_findings_and_lists_their_codes() -> None:
    findings = [
        Finding("lookup", "error", "BAD_TIMEOUT", "too long"),
        Finding("lookup", "warning", "ARN_PLACEHOLDER", "placeholder"),
        Finding("spanish", "warning", "UNREACHABLE", "nothing leads here"),
    ]
    by_identifier = {
        g.get("data-identifier"): g for g in groups(svg_root(lookup_flow(), findings), "action")
    }
    assert by_identifier["lookup"].get("class") == "action error"
    assert by_identifier["spanish"].get("class") == "action warning"
    assert by_identifier["bye"].get("class") == "action"
    codes = [t.text or "" for t in by_identifier["lookup"].iter(f"{SVG}text")]
    assert "errors: BAD_TIMEOUT; warnings: ARN_PLACEHOLDER" in codes
    tooltip = by_identifier["lookup"].find(f"{SVG}title")
    assert tooltip is not None
    assert "error BAD_TIMEOUT: too long" in (tooltip.text or "")


def test_svg_lists_flow_level_findings() -> None:
    root = svg_root(lookup_flow(), [Finding("-", "error", "TOO_MANY_ACTIONS", "over 250")])
    (notes,) = groups(root, "flow-findings")
    assert "error TOO_MANY_ACTIONS: over 250" in [t.text for t in notes.iter(f"{SVG}text")]


def test_svg_escapes_text_and_keeps_non_ascii() -> None:
    root = svg_root(awkward_flow())
    identifiers = {g.get("data-identifier") for g in groups(root, "action")}
    assert AWKWARD in identifiers  # the control character, impossible in XML, is dropped
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert AWKWARD in texts


def test_svg_attributes_keep_line_breaks_and_tabs_of_identifiers() -> None:
    content = lookup_flow()
    content["Actions"][7]["Identifier"] = "good\tbye\nnow"
    content["Actions"][6]["Transitions"]["NextAction"] = "good\tbye\nnow"
    identifiers = {g.get("data-identifier") for g in groups(svg_root(content), "action")}
    assert "good\tbye\nnow" in identifiers


def test_svg_draws_a_missing_target_as_a_marked_stub() -> None:
    content = lookup_flow()
    content["Actions"][6]["Transitions"]["NextAction"] = "gone"
    (edge,) = [g for g in groups(svg_root(content), "edge") if g.get("data-missing") == "true"]
    assert (edge.get("data-source"), edge.get("data-target")) == ("sorry", "gone")


def test_svg_is_the_same_text_for_the_same_flow() -> None:
    content = lookup_flow()
    first = render_svg(content)
    assert render_svg(copy.deepcopy(content)) == first
    assert render_svg(json.loads(json.dumps(content))) == first


# --- PNG ----------------------------------------------------------------------------------------

ERROR_OUTLINE = (0xC6, 0x28, 0x28)


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_png_decodes_at_the_size_of_the_layout() -> None:
    content = lookup_flow()
    layout = compute_layout(content)
    image = png_image(render_png(content))
    assert image.format == "PNG"
    assert layout.width <= image.width <= layout.width + 400
    assert layout.height <= image.height <= layout.height + 400


def test_png_outlines_a_block_with_an_error_in_red() -> None:
    content = lookup_flow()
    plain = png_image(render_png(content)).convert("RGB")
    marked = png_image(render_png(content, [Finding("route", "error", "X", "y")])).convert("RGB")
    assert ERROR_OUTLINE not in {color for _, color in plain.getcolors(1 << 20) or []}
    assert ERROR_OUTLINE in {color for _, color in marked.getcolors(1 << 20) or []}


def test_png_of_a_huge_flow_is_scaled_to_the_pixel_budget() -> None:
    image = png_image(render_png(lookup_flow(), max_pixels=200_000))
    assert image.width * image.height <= 200_000 * 1.01
    assert image.width > image.height  # still the flow's shape


# Names as the sample customers write them: CJK, which no Latin font carries, and accented Latin.
NAMES = ("渡辺 美咲", "Zoë Ångström-Łukasik", "José Núñez")
# Characters of a private-use plane: every font draws its missing-glyph box for them.
NO_GLYPHS = "\U000f0001\U000f0002\U000f0003\U000f0004\U000f0005"


def named_flow(name: str) -> dict[str, Any]:
    """One Play prompt whose Identifier (drawn on the block's second line) is ``name``."""
    return {
        "Version": "2019-10-30",
        "StartAction": name,
        "Actions": [
            {
                "Identifier": name,
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            }
        ],
    }


@pytest.mark.parametrize("name", NAMES)
def test_png_draws_every_character_of_a_name_with_a_font_that_has_its_glyph(name: str) -> None:
    for size, bold in ((11, False), (13, True)):
        for run, font in font_runs(name, font_chain(size, bold)):
            assert isinstance(font, ImageFont.FreeTypeFont)
            missing = [c for c in run if not has_glyph(font, c)]
            assert not missing, f"{font.path} has no glyph for {missing}"


def test_png_draws_a_cjk_name_not_missing_glyph_boxes() -> None:
    """The same block with the name, and with as many characters no font has: drawn as boxes,
    they would be the same picture."""
    cjk = NAMES[0]
    boxes = "".join(NO_GLYPHS[i] if c != " " else " " for i, c in enumerate(cjk))
    drawn = png_image(render_png(named_flow(cjk), [])).convert("RGB")
    as_boxes = png_image(render_png(named_flow(boxes), [])).convert("RGB")
    assert drawn.size == as_boxes.size
    assert ImageChops.difference(drawn, as_boxes).getbbox() is not None


def test_a_text_in_two_scripts_is_cut_into_runs_each_in_its_own_font() -> None:
    runs = list(font_runs("美咲 Ana", font_chain(11)))
    assert [run for run, _ in runs] == ["美咲", " Ana"]
    assert runs[0][1] is not runs[1][1]


# --- the `diagram` command ------------------------------------------------------------------


@pytest.fixture
def flow_file(tmp_path: Path) -> Path:
    path = tmp_path / "lookup flow.json"
    path.write_text(json.dumps(lookup_flow()), encoding="utf-8")
    return path


def test_command_prints_mermaid_by_default(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", str(flow_file), "--no-findings"]) == 0
    _, edges, _ = parse_mermaid(capsys.readouterr().out)
    assert len(edges) == sum(LOOKUP_EDGES.values())


def test_command_writes_svg_to_a_file(flow_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "flow.svg"
    assert main(["diagram", str(flow_file), "--format", "svg", "-o", str(output)]) == 0
    assert len(groups(parse_svg(output.read_text(encoding="utf-8")), "action")) == len(
        lookup_flow()["Actions"]
    )


def test_command_takes_the_format_from_the_output_suffix(flow_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "flow.png"
    assert main(["diagram", str(flow_file), "-o", str(output)]) == 0
    assert png_image(output.read_bytes()).format == "PNG"


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("flow.svg", b"<svg"),
        ("flow.PNG", b"\x89PNG"),
        ("flow.mmd", b"flowchart LR"),
        ("flow.mermaid", b"flowchart LR"),
        ("flow.md", b"```mermaid\nflowchart LR"),
    ],
)
def test_the_output_extension_decides_the_format(
    flow_file: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    output = tmp_path / name
    assert main(["diagram", str(flow_file), "--no-findings", "-o", str(output)]) == 0
    written = output.read_bytes()
    assert written.lstrip().startswith(starts), written[:40]
    if name.endswith(".md"):
        assert written.endswith(b"\n```\n")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["-o", "x.gif"], "-o {}: expected a file ending in .mmd, .mermaid, .md, .svg, .png"),
        (["-o", "picture"], "-o {}: expected a file ending in"),
        (["--format", "svg", "-o", "x.png"], "--format svg contradicts -o {} (a png file)"),
        (["--format", "mermaid", "-o", "x.svg"], "--format mermaid contradicts -o {} (a svg"),
    ],
    ids=["unknown-extension", "no-extension", "svg-into-png", "mermaid-into-svg"],
)
def test_an_output_whose_extension_is_not_the_format_is_refused_and_nothing_is_written(
    flow_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    says: str,
) -> None:
    output = tmp_path / argv[-1]
    output.write_bytes(b"kept")
    assert main(["diagram", str(flow_file), *argv[:-1], str(output)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("diagram: " + says.format(output)), line
    assert output.read_bytes() == b"kept"


def test_a_rewritten_picture_keeps_the_old_files_permissions_and_a_new_one_gets_the_umasks(
    flow_file: Path, tmp_path: Path
) -> None:
    kept, new = tmp_path / "kept.svg", tmp_path / "new.svg"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    previous = os.umask(0o022)
    try:
        assert main(["diagram", str(flow_file), "--no-findings", "-o", str(kept)]) == 0
        assert main(["diagram", str(flow_file), "--no-findings", "-o", str(new)]) == 0
    finally:
        os.umask(previous)
    assert kept.stat().st_mode & 0o777 == 0o640
    assert new.stat().st_mode & 0o777 == 0o644


def test_command_marks_the_validators_findings(flow_file: Path, tmp_path: Path) -> None:
    content = lookup_flow()
    content["Actions"][6]["Type"] = "PlayPrompt"  # a legacy block name, not a type
    flow_file.write_text(json.dumps(content), encoding="utf-8")
    output = tmp_path / "flow.svg"
    assert main(["diagram", str(flow_file), "-o", str(output)]) == 0
    by_identifier = {
        g.get("data-identifier"): g
        for g in groups(parse_svg(output.read_text(encoding="utf-8")), "action")
    }
    assert by_identifier["sorry"].get("class") == "action error"


def test_command_refuses_png_to_the_terminal(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", str(flow_file), "--format", "png"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "-o" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        ('{"Version": "2019-10-', "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"Name": "x"}', "Actions"),
        ('{"modules": [], "version": "1"}', "pre-2019"),
    ],
    ids=["empty", "truncated", "array", "no-actions", "pre-2019"],
)
def test_command_rejects_what_is_not_a_flow_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert main(["diagram", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err
    assert expected in err


def test_command_rejects_an_unreadable_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.json"
    assert main(["diagram", str(missing)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(missing) in err


def test_command_reports_an_unwritable_output_in_one_line(
    flow_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "no-such-folder" / "flow.svg"
    assert main(["diagram", str(flow_file), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(output) in err


# --- every real flow draws ----------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS_FILES, reason=f"the flows corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[-60:])
def test_corpus_flow_draws_in_every_format(path: Path, tmp_path: Path) -> None:
    svg, mermaid = tmp_path / "flow.svg", tmp_path / "flow.mmd"
    assert main(["diagram", str(path), "-o", str(svg)]) == 0
    assert main(["diagram", str(path), "-o", str(mermaid)]) == 0
    content = load_flow_document(path).content
    actions = {a["Identifier"] for a in content["Actions"]}
    assert {
        g.get("data-identifier")
        for g in groups(parse_svg(svg.read_text(encoding="utf-8")), "action")
    } == actions
    nodes, _, _ = parse_mermaid(mermaid.read_text(encoding="utf-8"))
    assert set(mermaid_ids(nodes)) >= actions
    image = png_image(render_png(content, max_pixels=1_000_000))
    assert image.width > 100
    assert image.height > 50


@pytest.mark.parametrize(
    "content",
    [
        {"Actions": [{"Identifier": "a", "Transitions": "x", "Parameters": 5}]},
        {"Actions": [1, None, {"Identifier": ["x"]}], "StartAction": 3, "Metadata": 7},
        {
            "StartAction": "a",
            "Metadata": {"ActionMetadata": {"a": {"parameters": 5}}},
            "Actions": [
                {
                    "Identifier": "a",
                    "Type": "Compare",
                    "Transitions": {
                        "Conditions": [
                            {"NextAction": "a", "Condition": {"Operands": [{"x": 1}]}},
                            {"NextAction": None, "Condition": "="},
                        ],
                        "Errors": [{"NextAction": "a"}],
                    },
                }
            ],
        },
    ],
    ids=["garbage-transitions", "garbage-actions", "malformed-conditions"],
)
def test_malformed_flow_still_draws_what_it_can(content: dict[str, Any]) -> None:
    identifiers = [
        a["Identifier"]
        for a in content["Actions"]
        if isinstance(a, dict) and isinstance(a.get("Identifier"), str)
    ]
    root = svg_root(content)
    assert [g.get("data-identifier") for g in groups(root, "action")] == identifiers
    nodes, _, _ = parse_mermaid(render_mermaid(content))
    assert set(mermaid_ids(nodes)) == set(identifiers)
    assert png_image(render_png(content)).format == "PNG"
