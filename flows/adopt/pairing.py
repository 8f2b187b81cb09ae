"""Which block of one version of a flow is which block of another.

A console export names blocks by UUIDs, and exporting again after an edit, or rebuilding a flow
in another instance, may give every block a new Identifier. To compare behaviour, the blocks of
the OLD and NEW flow are paired first:

1. by Identifier: a block keeps its identity while its Identifier stays (its content may change);
2. then, among the blocks left, by what they are: same type, same parameters, and transitions
   that agree through the pairing. That is an iterative refinement (colour refinement, as for
   graph isomorphism): every unpaired block starts with the colour of its type and parameters;
   each round, a block's colour becomes its colour plus the colours of the blocks each of its
   branches leads to (paired blocks have a colour of their own, shared by both sides), until the
   colours stop splitting. Blocks of one colour on both sides behave alike. A colour with one
   block on each side pairs them; blocks of a colour several share (identical Disconnect
   blocks) are told apart by the colours of the blocks that lead to them, and what is still
   alike is paired by nearness in the designer;
3. then, for a re-exported flow that was also edited: blocks left that have the same type and
   parameters (only branches differ), or else the same type and the same branches through
   the pairing (only parameters differ), when exactly one block on each side fits. Parameters
   come first: they name what a block does (its prompt, its function), while a block inserted
   before another takes over that block's branches.

Each round of pairing can make more branches agree, so steps 2 and 3 repeat until nothing more
pairs. What stays unpaired was removed (OLD) or added (NEW).

The NextAction of blocks without a success branch (Check contact attributes, Check hours of
operation, Transfer to queue) only repeats one of their branches and is never followed: it is
not a branch here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from flows.language.facts import NO_SUCCESS_BRANCH_TYPES
from flows.model.layout import branches, flow_actions

PairedBy = Literal["identifier", "same block", "same branches", "same parameters"]


@dataclass(frozen=True)
class BlockView:
    """What a block does, as compared: type, parameters and branches (key -> target)."""

    identifier: str
    type: str
    parameters: Any
    parameters_key: str  # canonical JSON of the parameters
    branches: tuple[tuple[Hashable, str], ...]  # (branch key, target), in the console's order
    position: tuple[float, float] | None


@dataclass(frozen=True)
class Pairing:
    """OLD identifier -> NEW identifier, and how each pair was found."""

    pairs: dict[str, str]
    paired_by: dict[str, PairedBy]  # by OLD identifier

    def new_of(self, old_identifier: str) -> str | None:
        return self.pairs.get(old_identifier)


def block_views(content: Mapping[str, Any]) -> dict[str, BlockView]:
    """Every block of a flow-language object as compared, by Identifier, in document order."""
    positions = _positions(content)
    views = {}
    for identifier, action in flow_actions(content).items():
        action_type = action.get("Type")
        action_type = action_type if isinstance(action_type, str) else "(no Type)"
        parameters = action.get("Parameters")
        views[identifier] = BlockView(
            identifier=identifier,
            type=action_type,
            parameters=parameters,
            parameters_key=_canonical(parameters),
            branches=tuple(_branch_rows(action, action_type)),
            position=positions.get(identifier),
        )
    return views


def branch_key_label(key: Hashable) -> str:
    """How a branch is named to a person: Success, ``condition Equals GOLD``, an error type."""
    if not isinstance(key, tuple):
        return str(key)
    if key[0] == "next":
        return "Success"
    if key[0] == "error":
        return str(key[1])
    return f"condition {key[1]}"


def _branch_rows(action: Mapping[str, Any], action_type: str) -> list[tuple[Hashable, str]]:
    rows: list[tuple[Hashable, str]] = []
    seen: dict[Hashable, int] = {}
    for branch in branches(action):
        key: Hashable
        if branch.kind == "next":
            if action_type in NO_SUCCESS_BRANCH_TYPES:
                continue
            key = ("next",)
        elif branch.kind == "error":
            key = ("error", branch.error_type or "?")
        else:
            operands = " ".join(str(o) for o in branch.operands)
            key = ("condition", f"{branch.operator or '?'} {operands}".strip())
        # A key repeated in one block (two identical conditions) is told apart by its rank.
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        rows.append((key if rank == 0 else (*key, rank), branch.target))
    return rows


def pair_blocks(old: Mapping[str, BlockView], new: Mapping[str, BlockView]) -> Pairing:
    """Pair the blocks of two versions of a flow (see the module docstring)."""
    pairs: dict[str, str] = {i: i for i in old if i in new}
    paired_by: dict[str, PairedBy] = dict.fromkeys(pairs, "identifier")
    while True:
        if _pair_alike(old, new, pairs, paired_by):
            continue
        if _pair_unique(old, new, pairs, paired_by, how="same parameters", key_of=_parameters_key):
            continue
        if _pair_unique(old, new, pairs, paired_by, how="same branches", key_of=_branches_key):
            continue
        return Pairing(pairs, paired_by)


def _pair_alike(
    old: Mapping[str, BlockView],
    new: Mapping[str, BlockView],
    pairs: dict[str, str],
    paired_by: dict[str, PairedBy],
) -> bool:
    """Step 2: colour refinement over the unpaired blocks; pair blocks of one colour.

    Colours follow branches forward first; blocks of a colour several blocks share (identical
    Disconnect blocks, say) are then told apart by where they are reached from, and only what
    is still alike is paired by nearness in the designer.
    """
    new_paired = set(pairs.values())
    old_left = [i for i in old if i not in pairs]
    new_left = [i for i in new if i not in new_paired]
    if not old_left or not new_left:
        return False
    refinement = _Refinement(old, new, pairs, old_left, new_left)
    refinement.refine(backward=False)
    if _pair_classes(refinement, pairs, paired_by, only_unique=True):
        return True
    alike = (dict(refinement.old.lookup), dict(refinement.new.lookup))
    refinement.refine(backward=True)
    if _pair_classes(refinement, pairs, paired_by, only_unique=True):
        return True
    refinement.old.lookup, refinement.new.lookup = alike
    return _pair_classes(refinement, pairs, paired_by, only_unique=False)


@dataclass
class _Side:
    """One flow's blocks during refinement: ``lookup`` holds the colour of every target (fixed
    for paired blocks and missing targets, the current one for the unpaired in ``left``)."""

    views: Mapping[str, BlockView]
    left: list[str]
    lookup: dict[str, int]
    targets: dict[str, tuple[str, ...]]  # an unpaired block's targets, in _compared order
    sources: dict[str, list[tuple[str, str]]]  # target -> (source, branch key)

    def colour(self, identifier: str) -> int:
        return self.lookup[identifier]


class _Refinement:
    """Colours of the unpaired blocks of both flows, in one palette (see the module docstring).

    A block's branch keys are part of its first colour, so that each round only looks up the
    colours of its targets.
    """

    def __init__(
        self,
        old: Mapping[str, BlockView],
        new: Mapping[str, BlockView],
        pairs: Mapping[str, str],
        old_left: list[str],
        new_left: list[str],
    ) -> None:
        self.palette: dict[Hashable, int] = {}
        fixed_old = {o: self.paint(("pair", o)) for o in pairs}
        fixed_new = {n: fixed_old[o] for o, n in pairs.items()}
        self.old = self._side(old, old_left, fixed_old)
        self.new = self._side(new, new_left, fixed_new)

    def _side(
        self, views: Mapping[str, BlockView], left: list[str], fixed: dict[str, int]
    ) -> _Side:
        lookup = dict(fixed)
        targets: dict[str, tuple[str, ...]] = {}
        for identifier in left:
            view = views[identifier]
            compared = _compared(view)
            keys = tuple(key for key, _ in compared)
            lookup[identifier] = self.paint((view.type, view.parameters_key, keys))
            targets[identifier] = tuple(target for _, target in compared)
            for target in targets[identifier]:
                if target not in views:
                    lookup[target] = self.paint(("missing", target))
        return _Side(views, left, lookup, targets, _sources(views))

    def paint(self, value: Hashable) -> int:
        return self.palette.setdefault(value, len(self.palette))

    def refine(self, *, backward: bool) -> None:
        """Split colours until they stop splitting: by branch targets, and by sources too.

        Partition refinement with a worklist: a class that splits keeps its colour for its
        largest part, so only blocks next to a block whose colour changed are looked at again.
        That is the same partition as recolouring every block every round, in far fewer steps
        on long chains of look-alike blocks.
        """
        blocks = [(self.old, i) for i in self.old.left] + [(self.new, i) for i in self.new.left]
        members: dict[int, list[tuple[_Side, str]]] = {}
        for side, identifier in blocks:
            members.setdefault(side.lookup[identifier], []).append((side, identifier))
        signature: dict[tuple[int, str], Hashable] = {}
        dirty = blocks
        while dirty:
            touched: set[int] = set()
            for side, identifier in dirty:
                signature[(id(side), identifier)] = self._signature(side, identifier, backward)
                touched.add(side.lookup[identifier])
            changed: list[tuple[_Side, str]] = []
            for colour in touched:
                changed += self._split(colour, members, signature)
            dirty = self._neighbours(changed, backward)

    def _signature(self, side: _Side, identifier: str, backward: bool) -> Hashable:
        lookup = side.lookup
        forward = tuple([lookup[t] for t in side.targets[identifier]])
        if not backward:
            return forward
        sources = tuple(sorted((lookup[s], key) for s, key in side.sources.get(identifier, ())))
        return forward, sources

    def _split(
        self,
        colour: int,
        members: dict[int, list[tuple[_Side, str]]],
        signature: dict[tuple[int, str], Hashable],
    ) -> list[tuple[_Side, str]]:
        """Split one class by signature; the largest part keeps the colour. The blocks moved."""
        parts: dict[Hashable, list[tuple[_Side, str]]] = {}
        for side, identifier in members[colour]:
            parts.setdefault(signature[(id(side), identifier)], []).append((side, identifier))
        if len(parts) == 1:
            return []
        ordered = sorted(parts.values(), key=len, reverse=True)
        members[colour] = ordered[0]
        moved: list[tuple[_Side, str]] = []
        for part in ordered[1:]:
            fresh = self.paint(("split", colour, len(self.palette)))
            members[fresh] = part
            for side, identifier in part:
                side.lookup[identifier] = fresh
            moved += part
        return moved

    def _neighbours(
        self, changed: list[tuple[_Side, str]], backward: bool
    ) -> list[tuple[_Side, str]]:
        """Unpaired blocks whose signature reads a colour that just changed."""
        found: dict[tuple[int, str], tuple[_Side, str]] = {}
        for side, identifier in changed:
            around = [source for source, _ in side.sources.get(identifier, ())]
            if backward:
                around += list(side.targets[identifier])
            for neighbour in around:
                if neighbour in side.targets:  # an unpaired block of this side
                    found[(id(side), neighbour)] = (side, neighbour)
        return list(found.values())


def _pair_classes(
    refinement: _Refinement,
    pairs: dict[str, str],
    paired_by: dict[str, PairedBy],
    *,
    only_unique: bool,
) -> bool:
    by_colour: dict[int, tuple[list[str], list[str]]] = {}
    for i in refinement.old.left:
        by_colour.setdefault(refinement.old.colour(i), ([], []))[0].append(i)
    for i in refinement.new.left:
        by_colour.setdefault(refinement.new.colour(i), ([], []))[1].append(i)
    paired = False
    for olds, news in by_colour.values():
        if not olds or not news or (only_unique and (len(olds) > 1 or len(news) > 1)):
            continue
        for o, n in _nearest_first(olds, news, refinement.old.views, refinement.new.views):
            pairs[o] = n
            paired_by[o] = "same block"
            paired = True
    return paired


def _sources(views: Mapping[str, BlockView]) -> dict[str, list[tuple[str, str]]]:
    """Target -> (source block, branch key) of every branch leading to it."""
    found: dict[str, list[tuple[str, str]]] = {}
    for identifier, view in views.items():
        for key, target in view.branches:
            found.setdefault(target, []).append((identifier, str(key)))
    return found


def _compared(view: BlockView) -> list[tuple[Hashable, str]]:
    """Branches in a canonical order: the order of errors carries no meaning."""
    others = [(k, t) for k, t in view.branches if not _is_error(k)]
    errors = sorted(((k, t) for k, t in view.branches if _is_error(k)), key=lambda kt: str(kt[0]))
    return others + errors


def _is_error(key: Hashable) -> bool:
    return isinstance(key, tuple) and key[0] == "error"


def _nearest_first(
    olds: list[str], news: list[str], old: Mapping[str, BlockView], new: Mapping[str, BlockView]
) -> list[tuple[str, str]]:
    """Pairs of blocks of one colour: the nearest in the designer first, then document order."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]
    candidates = sorted(
        (
            (_distance(old[o].position, new[n].position), a, b)
            for a, o in enumerate(olds)
            for b, n in enumerate(news)
        )
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    chosen = []
    for _, a, b in candidates:
        if a in used_old or b in used_new:
            continue
        used_old.add(a)
        used_new.add(b)
        chosen.append((olds[a], news[b]))
    return chosen


def _distance(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    if a is None or b is None:
        return float("inf")
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


KeyFunction = Callable[[BlockView, Callable[[str], Hashable]], Hashable]


def _branches_key(view: BlockView, through: Callable[[str], Hashable]) -> Hashable:
    return (view.type, tuple((key, through(t)) for key, t in _compared(view)))


def _parameters_key(view: BlockView, through: Callable[[str], Hashable]) -> Hashable:
    return (view.type, view.parameters_key)


def _pair_unique(
    old: Mapping[str, BlockView],
    new: Mapping[str, BlockView],
    pairs: dict[str, str],
    paired_by: dict[str, PairedBy],
    *,
    how: PairedBy,
    key_of: KeyFunction,
) -> bool:
    """Step 3: pair blocks that share ``key_of`` with exactly one block on each side."""
    new_paired = set(pairs.values())
    new_of_old = dict(pairs)

    def old_through(target: str) -> Hashable:
        return new_of_old.get(target, ("unpaired old", target))

    def new_through(target: str) -> Hashable:
        return target if target in new_paired else ("unpaired new", target)

    olds = _group((i for i in old if i not in pairs), lambda i: key_of(old[i], old_through))
    news = _group((i for i in new if i not in new_paired), lambda i: key_of(new[i], new_through))
    paired = False
    for key, members in olds.items():
        if len(members) == 1 and len(news.get(key, ())) == 1:
            pairs[members[0]] = news[key][0]
            paired_by[members[0]] = how
            paired = True
    return paired


def _group(items: Iterable[str], key_of: Callable[[str], Hashable]) -> dict[Hashable, list[str]]:
    groups: dict[Hashable, list[str]] = {}
    for item in items:
        groups.setdefault(key_of(item), []).append(item)
    return groups


def _positions(content: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    metadata = content.get("Metadata")
    entries = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    found: dict[str, tuple[float, float]] = {}
    for identifier, entry in (entries or {}).items() if isinstance(entries, Mapping) else ():
        position = entry.get("position") if isinstance(entry, Mapping) else None
        if isinstance(position, Mapping):
            x, y = position.get("x"), position.get("y")
            if isinstance(x, int | float) and isinstance(y, int | float):
                found[identifier] = (x, y)
    return found


def entry_position(content: Mapping[str, Any]) -> tuple[float, float] | None:
    """Where the designer draws the entry point, when the flow says."""
    metadata = content.get("Metadata")
    position = metadata.get("entryPointPosition") if isinstance(metadata, Mapping) else None
    if isinstance(position, Mapping):
        x, y = position.get("x"), position.get("y")
        if isinstance(x, int | float) and isinstance(y, int | float):
            return (x, y)
    return None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
