"""Automatic positions for a flow's blocks, in the console designer's coordinates.

The console stores where each block sits under ``Metadata.ActionMetadata[id].position`` and
the entry point under ``Metadata.entryPointPosition``: x grows to the right, y grows down, and a
position is the block's top-left corner. Flows built in code and flows imported from elsewhere
have no (or stale) positions, so this module computes them; the pictures use the same boxes.

How blocks are placed:

- Columns by depth from ``StartAction``, using *longest-path* layering over the flow with its
  loops cut (a depth-first search from the start drops the edges that close a cycle). Longest
  path rather than breadth-first layering because flows converge: many branches end in the same
  "Disconnect" or "Transfer to queue". Breadth-first puts such a shared block at its shallowest
  depth, so the arrows from deeper blocks run right to left across the picture; with longest
  path every transition that is not a loop points to the right, and the flow reads left to right
  as in the designer.
- Rows by a depth-first walk that takes the branches in the order the console lists them
  (Success, conditions, errors): the first branch stays on its parent's row, so the main path is
  a straight line, and later branches drop below it. A block goes to the lowest of its parent's
  row and the first free place in its column, so no two blocks overlap.
- Actions not reachable from the start are placed too, each unreachable group in its own band
  below what is already placed, starting from blocks that nothing points to.

Everything works on the plain flow-language object (a ``dict`` as exported), so the model (when
it serializes a flow built in code), the pictures and any imported flow share it. The walk is
iterative and linear in blocks plus transitions; the result depends only on the content.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# Block geometry, in console pixels. The console draws a block as a title area followed by one
# row per branch (Success, each condition, each error); the estimate follows that shape.
BLOCK_WIDTH = 280
HEADER_HEIGHT = 64  # block name, identifier, one line of detail
ROW_HEIGHT = 20  # one branch
FOOTER_HEIGHT = 6
COLUMN_GAP = 100  # room for the arrows between columns
ROW_GAP = 36  # room between stacked blocks (the pictures write finding codes there)
MARGIN = 40
ENTRY_WIDTH = 80
ENTRY_HEIGHT = 32
FIRST_COLUMN_X = MARGIN + ENTRY_WIDTH + COLUMN_GAP // 2
COLUMN_PITCH = BLOCK_WIDTH + COLUMN_GAP

BranchKind = Literal["next", "condition", "error"]


@dataclass(frozen=True)
class Box:
    """A block's place: top-left corner and size, in console pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class Layout:
    """The entry point's position and one box per action Identifier."""

    entry: tuple[int, int]
    boxes: dict[str, Box]

    @property
    def width(self) -> int:
        return max([self.entry[0] + ENTRY_WIDTH, *(b.right for b in self.boxes.values())])

    @property
    def height(self) -> int:
        return max([self.entry[1] + ENTRY_HEIGHT, *(b.bottom for b in self.boxes.values())])


@dataclass(frozen=True)
class Branch:
    """One way out of a block, as a row of the block: Success, a condition or an error.

    ``target`` is the NextAction as written ("" when it is missing or not a string);
    ``operator``/``operands`` describe a condition, ``error_type`` an error branch.
    """

    kind: BranchKind
    target: str
    operator: str | None = None
    operands: tuple[Any, ...] = ()
    error_type: str | None = None


def branches(action: Mapping[str, Any]) -> list[Branch]:
    """The rows of a block, in the console's order: Success, conditions, then errors.

    Tolerates malformed transitions (the validator reports them): anything that is not the
    expected shape is skipped, a target that is not a string becomes "".
    """
    transitions = action.get("Transitions")
    if not isinstance(transitions, Mapping):
        return []
    rows: list[Branch] = []
    if "NextAction" in transitions:
        rows.append(Branch("next", _target(transitions.get("NextAction"))))
    for item in _list(transitions.get("Conditions")):
        condition = item.get("Condition")
        condition = condition if isinstance(condition, Mapping) else {}
        operator = condition.get("Operator")
        operands = condition.get("Operands", condition.get("Operand", ()))
        rows.append(
            Branch(
                "condition",
                _target(item.get("NextAction")),
                operator=operator if isinstance(operator, str) else None,
                operands=tuple(operands) if isinstance(operands, list) else (operands,),
            )
        )
    for item in _list(transitions.get("Errors")):
        error_type = item.get("ErrorType")
        rows.append(
            Branch(
                "error",
                _target(item.get("NextAction")),
                error_type=error_type if isinstance(error_type, str) else "?",
            )
        )
    return rows


def flow_actions(content: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The flow's actions by Identifier, in document order; for a duplicate the first one wins."""
    actions: dict[str, Mapping[str, Any]] = {}
    raw = content.get("Actions")
    for action in raw if isinstance(raw, list) else ():
        if isinstance(action, Mapping):
            identifier = action.get("Identifier")
            if isinstance(identifier, str) and identifier not in actions:
                actions[identifier] = action
    return actions


def _height(rows: int) -> int:
    """The estimated height of a block: its title area plus one row per branch."""
    return HEADER_HEIGHT + ROW_HEIGHT * rows + FOOTER_HEIGHT


def compute_layout(content: Mapping[str, Any]) -> Layout:
    """Positions for every action of a flow-language object (see the module docstring)."""
    actions = flow_actions(content)
    rows = {identifier: branches(action) for identifier, action in actions.items()}
    successors = {
        identifier: _unique(b.target for b in branch_rows if b.target in actions)
        for identifier, branch_rows in rows.items()
    }
    walk = _DepthFirstWalk(successors)
    start = content.get("StartAction")
    if isinstance(start, str) and start in actions:
        walk.visit_from(start)
    pointed_to = {t for targets in successors.values() for t in targets}
    for identifier in actions:  # unreachable groups: from blocks nothing points to, then the rest
        if identifier not in pointed_to:
            walk.visit_from(identifier)
    for identifier in actions:
        walk.visit_from(identifier)

    columns = walk.longest_path_columns()
    heights = {identifier: _height(len(branch_rows)) for identifier, branch_rows in rows.items()}
    free_y: dict[int, int] = {}  # column -> first y where a block may go
    group_top = MARGIN
    current_group = -1
    ys: dict[str, int] = {}
    for identifier in walk.preorder:
        group = walk.group[identifier]
        if group != current_group:  # a new unreachable group starts below everything placed
            current_group = group
            if free_y:
                group_top = max(free_y.values())
        column = columns[identifier]
        parent = walk.parent.get(identifier)
        y = max(group_top, free_y.get(column, MARGIN))
        if parent is not None:
            y = max(y, ys[parent])
        ys[identifier] = y
        free_y[column] = y + heights[identifier] + ROW_GAP

    boxes = {
        identifier: Box(
            FIRST_COLUMN_X + columns[identifier] * COLUMN_PITCH,
            ys[identifier],
            BLOCK_WIDTH,
            heights[identifier],
        )
        for identifier in actions
    }
    return Layout(entry=(MARGIN, MARGIN), boxes=boxes)


def layout_metadata(content: Mapping[str, Any]) -> dict[str, Any]:
    """The flow's console ``Metadata`` with positions from :func:`compute_layout`.

    ``entryPointPosition`` and every ``ActionMetadata[id].position`` are set; other metadata
    (names, parameters shown by the console, annotations) is kept as it was, in a copy.
    """
    layout = compute_layout(content)
    metadata = content.get("Metadata")
    metadata = copy.deepcopy(metadata) if isinstance(metadata, dict) else {}
    action_metadata = metadata.get("ActionMetadata")
    action_metadata = action_metadata if isinstance(action_metadata, dict) else {}
    metadata["entryPointPosition"] = {"x": layout.entry[0], "y": layout.entry[1]}
    for identifier, box in layout.boxes.items():
        entry = action_metadata.get(identifier)
        entry = entry if isinstance(entry, dict) else {}
        entry["position"] = {"x": box.x, "y": box.y}
        action_metadata[identifier] = entry
    metadata["ActionMetadata"] = action_metadata
    return metadata


class _DepthFirstWalk:
    """Iterative depth-first search over the whole flow, one group per starting block.

    Records the visiting order, each block's tree parent and group, and the edges that close a
    cycle (to a block still on the stack), which layering ignores.
    """

    def __init__(self, successors: Mapping[str, list[str]]) -> None:
        self.successors = successors
        self.preorder: list[str] = []
        self.postorder: list[str] = []
        self.parent: dict[str, str] = {}
        self.group: dict[str, int] = {}
        self.loop_edges: set[tuple[str, str]] = set()
        self._groups = 0

    def visit_from(self, root: str) -> None:
        if root in self.group:
            return
        group = self._groups
        self._groups += 1
        on_stack = {root}
        self._enter(root, group)
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            targets = self.successors[node]
            if index == len(targets):
                stack.pop()
                on_stack.discard(node)
                self.postorder.append(node)
                continue
            stack[-1] = (node, index + 1)
            target = targets[index]
            if target not in self.group:
                self.parent[target] = node
                self._enter(target, group)
                on_stack.add(target)
                stack.append((target, 0))
            elif target in on_stack:
                self.loop_edges.add((node, target))

    def _enter(self, node: str, group: int) -> None:
        self.group[node] = group
        self.preorder.append(node)

    def longest_path_columns(self) -> dict[str, int]:
        """Column = longest path from the group's first block, ignoring loop edges.

        Reverse postorder is a topological order once loop edges are dropped; edges into an
        earlier group (an unreachable block pointing into the main flow) do not move blocks.
        """
        columns = dict.fromkeys(self.postorder, 0)
        for node in reversed(self.postorder):
            for target in self.successors[node]:
                if (node, target) in self.loop_edges or self.group[target] != self.group[node]:
                    continue
                columns[target] = max(columns[target], columns[node] + 1)
        return columns


def _target(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))
