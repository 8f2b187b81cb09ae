"""`python -m flows diff OLD NEW [--json] [--layout] [-o PICTURE.svg|.png]`: what changed in
behaviour between two versions of a flow.

Both files may be any shape :mod:`flows.model.document` reads (console export, flow module, a
DescribeContactFlow file from scripts/pull_flow.py). Blocks are paired first (see
:mod:`flows.adopt.pairing`: by Identifier, then by what they are, so a console re-export that
renamed every block pairs up again), then compared:

- a block only in NEW is *added*, one only in OLD *removed*;
- a paired block is *changed* when its type, a parameter (named by its path, e.g.
  ``Attributes.routingReason``), a branch's target (Success, a condition, an error type, taken
  through the pairing), its set of branches or the order of its conditions (the first true
  condition wins) differs;
- the flow changed when its Version, its StartAction (through the pairing) or a module's
  Settings differ.

Layout is not behaviour: Identifiers (renamed blocks), positions (moved blocks, the entry
point) and the console's other metadata never make flows differ; the summary counts renamed and
moved blocks and ``--layout`` lists them too.

Text output, one line per change, naming the block's Identifier and its console name::

    changed  greet (Play prompt): parameter Text: "Hello" -> "Welcome back"
    changed  check (Check contact attributes): condition Equals GOLD -> vip (Play prompt), was greet
    added    vip (Play prompt)
    removed  old-greeting (Play prompt)
    changed  StartAction -> log (Set logging behavior), was invoke
    behaviour differs: 1 added, 1 removed, 2 changed, StartAction changed; 0 renamed, 0 moved

A value longer than 60 characters is cut short around where OLD and NEW first differ, on both
sides (``"...for being a Gold member; we..." -> "...for being a Platinum member; we..."``), so
that the words that changed are always shown; ``--json`` has the whole values.

A changed block whose Identifier also changed is written ``NEW (Console name; was OLD)``; a
target is written by its NEW Identifier, or as ``OLD (removed)`` for a block only OLD has. With
the same behaviour the one line is ``same behaviour: N renamed, M moved``.

``--json`` prints one object, of this schema::

    {"old": PATH, "new": PATH, "same_behaviour": bool,
     "summary": {"added": n, "removed": n, "changed": n, "start_changed": bool,
                 "renamed": n, "moved": n},
     "flow": [{"what": "Version"|"StartAction"|"Settings", "old": .., "new": ..}],
     "blocks": [{"change": "added"|"removed"|"changed", "identifier": NEW or OLD id,
                 "old_identifier": id|null, "type": .., "console_name": ..,
                 "details": [{"what": "type"|"parameter"|"branch"|"conditions order",
                              "name": str, "old": .., "new": ..}]}],
     "pairs": [{"old": id, "new": id, "paired_by": "identifier"|"same block"|"same branches"|
                "same parameters"}],
     "layout": [{"what": "moved"|"renamed"|"entry point moved", "identifier": NEW id|null,
                 "old_identifier": id|null, "old": [x, y]|null, "new": [x, y]|null}]}

``-o PICTURE.svg`` or ``.png`` draws NEW with added blocks green and changed blocks blue, and the
removed blocks listed beside it.

Exit status: 0 the behaviour is the same, 1 it differs, 2 bad input (an unreadable file, not a
flow, a picture format other than SVG or PNG), with one line naming the file and the problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from flows.adopt.pairing import (
    BlockView,
    Pairing,
    block_views,
    branch_key_label,
    entry_position,
    pair_blocks,
)
from flows.files import replace_file
from flows.language.facts import console_name
from flows.model.document import FlowDocumentError, flow_with_actions, load_flow_document

EXIT_SAME = 0
EXIT_DIFFERS = 1
EXIT_BAD_INPUT = 2
VALUE_CHARS = 60  # a parameter value in a line of text, at most
CONTEXT_CHARS = 20  # of a changed value cut short: what is shown before its first difference

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Detail:
    """One difference of a paired block."""

    what: Literal["type", "parameter", "branch", "conditions order"]
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class BlockChange:
    change: ChangeKind
    identifier: str  # NEW's, or OLD's for a removed block
    old_identifier: str | None
    type: str
    console_name: str
    details: tuple[Detail, ...] = ()


@dataclass(frozen=True)
class FlowChange:
    what: Literal["Version", "StartAction", "Settings"]
    old: Any
    new: Any


@dataclass(frozen=True)
class LayoutChange:
    what: Literal["moved", "renamed", "entry point moved"]
    identifier: str | None
    old_identifier: str | None
    old: tuple[float, float] | None
    new: tuple[float, float] | None


@dataclass(frozen=True)
class FlowDiff:
    """Everything `diff` reports about two flows."""

    old_source: str
    new_source: str
    flow: tuple[FlowChange, ...]
    blocks: tuple[BlockChange, ...]
    layout: tuple[LayoutChange, ...]
    pairing: Pairing = field(repr=False)
    new_types: Mapping[str, str] = field(default_factory=dict, repr=False)  # NEW id -> Type

    @property
    def same_behaviour(self) -> bool:
        return not self.flow and not self.blocks

    def count(self, change: ChangeKind) -> int:
        return sum(block.change == change for block in self.blocks)

    @property
    def renamed(self) -> int:
        return sum(item.what == "renamed" for item in self.layout)

    @property
    def moved(self) -> int:
        return sum(item.what == "moved" for item in self.layout)

    @property
    def start_changed(self) -> bool:
        return any(item.what == "StartAction" for item in self.flow)


def diff_flows(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    old_source: str = "OLD",
    new_source: str = "NEW",
) -> FlowDiff:
    """The differences between two flow-language objects (see the module docstring)."""
    old_views, new_views = block_views(old), block_views(new)
    pairing = pair_blocks(old_views, new_views)
    comparer = _Comparer(old_views, new_views, pairing)
    blocks: list[BlockChange] = []
    for old_id, new_id in pairing.pairs.items():
        details = comparer.details(old_views[old_id], new_views[new_id])
        if details:
            view = new_views[new_id]
            blocks.append(
                BlockChange(
                    "changed",
                    new_id,
                    old_id,
                    view.type,
                    console_name(view.type),
                    tuple(details),
                )
            )
    paired_new = set(pairing.pairs.values())
    for new_id, view in new_views.items():
        if new_id not in paired_new:
            blocks.append(BlockChange("added", new_id, None, view.type, console_name(view.type)))
    for old_id, view in old_views.items():
        if old_id not in pairing.pairs:
            blocks.append(
                BlockChange("removed", old_id, old_id, view.type, console_name(view.type))
            )
    order = {identifier: index for index, identifier in enumerate(new_views)}
    blocks.sort(key=lambda b: (b.change == "removed", order.get(b.identifier, 0)))
    return FlowDiff(
        old_source=old_source,
        new_source=new_source,
        flow=tuple(comparer.flow_changes(old, new)),
        blocks=tuple(blocks),
        layout=tuple(_layout_changes(old, new, old_views, new_views, pairing)),
        pairing=pairing,
        new_types={identifier: view.type for identifier, view in new_views.items()},
    )


class _Comparer:
    def __init__(
        self, old: Mapping[str, BlockView], new: Mapping[str, BlockView], pairing: Pairing
    ) -> None:
        self.old, self.new, self.pairing = old, new, pairing

    def through(self, old_target: str) -> str:
        """An OLD target in NEW's terms: its partner, or the OLD id marked removed."""
        partner = self.pairing.new_of(old_target)
        if partner is not None:
            return partner
        return f"{old_target} (removed)" if old_target in self.old else old_target

    def details(self, old: BlockView, new: BlockView) -> list[Detail]:
        details: list[Detail] = []
        if old.type != new.type:
            details.append(Detail("type", "Type", old.type, new.type))
        details += _parameter_details(old.parameters, new.parameters, "")
        old_branches = {key: self.through(t) for key, t in old.branches}
        new_branches = dict(new.branches)
        for key in dict.fromkeys([*new_branches, *old_branches]):
            was, now = old_branches.get(key), new_branches.get(key)
            if was != now:
                details.append(Detail("branch", branch_key_label(key), was, now))
        old_order = [k for k, _ in old.branches if _is_condition(k)]
        new_order = [k for k, _ in new.branches if _is_condition(k)]
        if set(old_order) == set(new_order) and old_order != new_order:
            details.append(
                Detail(
                    "conditions order",
                    "conditions",
                    [branch_key_label(k) for k in old_order],
                    [branch_key_label(k) for k in new_order],
                )
            )
        return details

    def flow_changes(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FlowChange]:
        changes = []
        if old.get("Version") != new.get("Version"):
            changes.append(FlowChange("Version", old.get("Version"), new.get("Version")))
        old_start, new_start = old.get("StartAction"), new.get("StartAction")
        old_start_now = self.through(old_start) if isinstance(old_start, str) else old_start
        if old_start_now != new_start:
            changes.append(FlowChange("StartAction", old_start_now, new_start))
        if old.get("Settings") != new.get("Settings"):
            changes.append(FlowChange("Settings", old.get("Settings"), new.get("Settings")))
        return changes


def _is_condition(key: Hashable) -> bool:
    return isinstance(key, tuple) and key[0] == "condition"


def _parameter_details(old: Any, new: Any, path: str) -> list[Detail]:
    """Differences of parameters, by path into objects (``Attributes.routingReason``)."""
    if old == new:
        return []
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        details = []
        for key in dict.fromkeys([*new, *old]):
            name = f"{path}.{key}" if path else str(key)
            if key not in old:
                details.append(Detail("parameter", name, None, new[key]))
            elif key not in new:
                details.append(Detail("parameter", name, old[key], None))
            else:
                details += _parameter_details(old[key], new[key], name)
        return details
    return [Detail("parameter", path or "Parameters", old, new)]


def _layout_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_views: Mapping[str, BlockView],
    new_views: Mapping[str, BlockView],
    pairing: Pairing,
) -> list[LayoutChange]:
    changes = []
    old_entry, new_entry = entry_position(old), entry_position(new)
    if old_entry != new_entry:
        changes.append(LayoutChange("entry point moved", None, None, old_entry, new_entry))
    for old_id, new_id in pairing.pairs.items():
        if old_id != new_id:
            changes.append(LayoutChange("renamed", new_id, old_id, None, None))
        was, now = old_views[old_id].position, new_views[new_id].position
        if was != now:
            changes.append(LayoutChange("moved", new_id, old_id, was, now))
    return changes


# Text output.


def text_lines(diff: FlowDiff, *, layout: bool = False) -> list[str]:
    """The report as lines of text (see the module docstring)."""
    lines = [_flow_line(change, diff) for change in diff.flow]
    for block in diff.blocks:
        lines += _block_lines(block, diff)
    if layout:
        lines += [_layout_line(item, diff) for item in diff.layout]
    lines.append(_summary(diff))
    return lines


def _summary(diff: FlowDiff) -> str:
    layout = f"{diff.renamed} renamed, {diff.moved} moved"
    if diff.same_behaviour:
        return f"same behaviour: {layout}"
    parts = [f"{diff.count(kind)} {kind}" for kind in ("added", "removed", "changed")]
    if diff.start_changed:
        parts.append("StartAction changed")
    parts += [f"{item.what} changed" for item in diff.flow if item.what != "StartAction"]
    return f"behaviour differs: {', '.join(parts)}; {layout}"


def _flow_line(change: FlowChange, diff: FlowDiff) -> str:
    if change.what == "StartAction":
        return f"changed  StartAction -> {_named(change.new, diff)}, was {_old_named(change.old)}"
    return f"changed  {change.what}: {_change(change.old, change.new)}"


def _block_lines(block: BlockChange, diff: FlowDiff) -> list[str]:
    renamed = block.old_identifier not in (None, block.identifier)
    name = f"{block.console_name}; was {block.old_identifier}" if renamed else block.console_name
    head = f"{block.change:<8} {block.identifier} ({name})"
    if not block.details:
        return [head]
    lines = []
    for detail in block.details:
        if detail.what == "branch":
            now = "(no branch)" if detail.new is None else _named(detail.new, diff)
            was = "(no branch)" if detail.old is None else _old_named(detail.old)
            lines.append(f"{head}: {detail.name} -> {now}, was {was}")
        elif detail.what == "conditions order":
            lines.append(
                f"{head}: conditions in the order {', '.join(detail.new)}, "
                f"was {', '.join(detail.old)}"
            )
        elif detail.old is None:
            lines.append(f"{head}: {detail.what} {detail.name} added: {_value(detail.new)}")
        elif detail.new is None:
            lines.append(f"{head}: {detail.what} {detail.name} removed, was {_value(detail.old)}")
        else:
            lines.append(f"{head}: {detail.what} {detail.name}: {_change(detail.old, detail.new)}")
    return lines


def _layout_line(item: LayoutChange, diff: FlowDiff) -> str:
    if item.what == "entry point moved":
        return f"moved    entry point: {_xy(item.old)} -> {_xy(item.new)}"
    named = _named(item.identifier or "", diff)
    if item.what == "renamed":
        return f"renamed  {named}, was {item.old_identifier}"
    return f"moved    {named}: {_xy(item.old)} -> {_xy(item.new)}"


def _named(identifier: Any, diff: FlowDiff) -> str:
    """A NEW block as ``id (Console name)``; anything else as written."""
    if not isinstance(identifier, str):
        return _value(identifier)
    new_type = diff.new_types.get(identifier)
    return f"{identifier} ({console_name(new_type)})" if new_type else identifier


def _old_named(value: Any) -> str:
    """What a branch or the start led to before, in NEW's terms (see ``_Comparer.through``)."""
    return value if isinstance(value, str) else _value(value)


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 3] + "..."


def _change(old: Any, new: Any) -> str:
    """``OLD -> NEW``, each cut short around where they first differ, so that a long value whose
    change lies past the first :data:`VALUE_CHARS` characters still shows the words that changed
    (``"...for being a Gold member, we..." -> "...for being a Platinum member, we..."``)."""
    old_text = json.dumps(old, ensure_ascii=False)
    new_text = json.dumps(new, ensure_ascii=False)
    if len(old_text) <= VALUE_CHARS and len(new_text) <= VALUE_CHARS:
        return f"{old_text} -> {new_text}"
    same_start = _same_run(old_text, new_text)
    shortest = min(len(old_text), len(new_text)) - same_start
    same_end = min(_same_run(old_text[::-1], new_text[::-1]), shortest)
    start = same_start - CONTEXT_CHARS
    if start <= 0:
        start = 0
    else:  # from the start of a word: the first space after the cut, if one comes before the change
        space = old_text.find(" ", start, same_start)
        start = start if space == -1 else space + 1
    return (
        f"{_window(old_text, start, len(old_text) - same_end)} -> "
        f"{_window(new_text, start, len(new_text) - same_end)}"
    )


def _same_run(first: str, second: str) -> int:
    """How many characters ``first`` and ``second`` share from their start."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


def _window(text: str, start: int, changed_end: int) -> str:
    """``text[start:]`` up to a little past ``changed_end`` (where the change ends), at most
    :data:`VALUE_CHARS` characters, with ``...`` where it was cut."""
    end = min(len(text), max(changed_end, start + 1) + CONTEXT_CHARS, start + VALUE_CHARS)
    if end < len(text):  # up to the end of a word, if one ends before the cut
        space = text.rfind(" ", max(changed_end, start + 1), end)
        end = end if space == -1 else space
    shown = text[start:end]
    return f"{'...' if start else ''}{shown}{'...' if end < len(text) else ''}"


def _xy(position: tuple[float, float] | None) -> str:
    return "(none)" if position is None else f"({position[0]:g}, {position[1]:g})"


# JSON output.


def json_report(diff: FlowDiff) -> dict[str, Any]:
    """The report as one JSON object (schema in the module docstring)."""
    return {
        "old": diff.old_source,
        "new": diff.new_source,
        "same_behaviour": diff.same_behaviour,
        "summary": {
            "added": diff.count("added"),
            "removed": diff.count("removed"),
            "changed": diff.count("changed"),
            "start_changed": diff.start_changed,
            "renamed": diff.renamed,
            "moved": diff.moved,
        },
        "flow": [asdict(change) for change in diff.flow],
        "blocks": [
            {**asdict(block), "details": [asdict(d) for d in block.details]}
            for block in diff.blocks
        ],
        "pairs": [
            {"old": o, "new": n, "paired_by": diff.pairing.paired_by[o]}
            for o, n in diff.pairing.pairs.items()
        ],
        "layout": [
            {
                "what": item.what,
                "identifier": item.identifier,
                "old_identifier": item.old_identifier,
                "old": None if item.old is None else list(item.old),
                "new": None if item.new is None else list(item.new),
            }
            for item in diff.layout
        ],
    }


# The command.


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the flow as it was (export, module, wrapped or pulled flow)")
    parser.add_argument("new", help="the flow as it is now")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--layout", action="store_true", help="list renamed and moved blocks too")
    parser.add_argument(
        "-o",
        "--output",
        help="draw NEW with added and changed blocks highlighted (PICTURE.svg or PICTURE.png)",
    )


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".svg", ".png"):
        print(f"diff: -o {output}: expected a picture file ending in .svg or .png", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        old = flow_with_actions(load_flow_document(args.old))
        new = flow_with_actions(load_flow_document(args.new))
    except FlowDocumentError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    diff = diff_flows(old, new, old_source=args.old, new_source=args.new)
    if output is not None:
        from flows.pictures.diff import diff_picture  # Pillow and the scene only when drawing

        try:
            changes = {b.identifier: b.change for b in diff.blocks if b.change != "removed"}
            removed = [
                f"{b.identifier} ({b.console_name})" for b in diff.blocks if b.change == "removed"
            ]
            picture = diff_picture(new, changes, removed, output.suffix.lower().lstrip("."))
            replace_file(output, picture)
        except OSError as exc:
            print(f"diff: {output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(json_report(diff), ensure_ascii=False, indent=2))
    else:
        print("\n".join(text_lines(diff, layout=args.layout)))
    return EXIT_SAME if diff.same_behaviour else EXIT_DIFFERS
