"""Reference rules: the `$.` paths inside parameter values, and where `$.External` is read.

Every string of an action's parameters (map keys too: attribute names may be references) is
scanned for `$.` references: an unknown namespace, a path that is not well formed, or a
reference that repeats its namespace (``$.Attributes.$.Attributes.x``, a copy-paste slip that
reads an attribute literally named ``$``) is a warning. Then a data-flow pass over the graph
warns where `$.External` is read although, on some path from the start, no Invoke AWS Lambda
function has succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from flows.language import facts as lang
from flows.validator.context import ActionContext, FlowContext


def check_references(ctx: ActionContext) -> None:
    reads_external = False
    for text in _strings(ctx.action.get("Parameters")):
        if "$." in text:
            for code, message in _reference_problems(text):
                ctx.warning(code, message)
            if not reads_external and "$.External" in text:
                reads_external = _external_reference(text)
    if reads_external:
        ctx.flow.external_readers.append(ctx.identifier)


def check_external_reads(flow: FlowContext, reachable: set[str]) -> None:
    """Warn where `$.External` is read but some path from the start ran no Lambda.

    A must-analysis over the graph: ``ran[a]`` is true when every path from the start to ``a``
    passes the Success way out of an InvokeLambdaFunction (its NextAction); its error branches
    leave `$.External` as it was.
    """
    readers = [a for a in flow.external_readers if a in reachable]
    if not readers:
        return
    start = flow.content["StartAction"]
    predecessors: dict[str, list[tuple[str, bool]]] = {a: [] for a in reachable}
    for source in reachable:
        sets_external = _is_invoke(flow.actions[source])
        for target, kind in flow.edges.get(source, ()):
            if target in predecessors:
                predecessors[target].append((source, sets_external and kind != "error"))
    ran = dict.fromkeys(reachable, True)
    ran[start] = False
    successors: dict[str, list[str]] = {a: [] for a in reachable}
    for target, sources in predecessors.items():
        for source, _ in sources:
            successors[source].append(target)
    work = list(reachable)
    while work:
        node = work.pop()
        if node == start:
            continue
        value = all(by_lambda or ran[source] for source, by_lambda in predecessors[node])
        if value != ran[node]:
            ran[node] = value
            work.extend(successors[node])
    module_note = (
        " (a flow module may be given one by its caller)"
        if flow.in_module
        else " (unless the flow is entered with a Lambda result, e.g. by TransferToFlow)"
    )
    for identifier in readers:  # in document order
        if ran[identifier]:
            continue
        if identifier == start:
            way = "it is the StartAction"
        else:
            source = next(s for s, by in predecessors[identifier] if not (by or ran[s]))
            kind = "by an error branch of" if _is_invoke(flow.actions[source]) else "from"
            way = f"e.g. reached {kind} {source!r}"
        flow.report(
            identifier,
            "warning",
            "EXTERNAL_BEFORE_LAMBDA",
            "reads $.External, but on some path from the start no Invoke AWS Lambda "
            f"function has succeeded before it ({way}), so $.External may be empty"
            f"{module_note}",
        )


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parameter value, map keys included (keys may be references too)."""
    if isinstance(value, str):
        yield value
    elif type(value) is dict or isinstance(value, Mapping):  # dict first: the ABC check is slow
        for key, inner in value.items():
            if isinstance(key, str):
                yield key
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _is_invoke(action: Mapping[str, Any]) -> bool:
    return action.get("Type") == "InvokeLambdaFunction"


def _external_reference(text: str) -> bool:
    return any(
        (match := lang.REFERENCE.match(text, position)) is not None
        and match["namespace"] == "External"
        for position in _reference_starts(text)
    )


def _reference_starts(text: str) -> Iterator[int]:
    position = text.find("$.")
    while position != -1:
        yield position
        position = text.find("$.", position + 2)


def _reference_problems(text: str) -> Iterator[tuple[str, str]]:
    """(code, message) for each ill-formed, unknown or doubled `$.` reference in a value."""
    nested_at = -1  # where a reference that continues another one starts
    for position in _reference_starts(text):
        if position == nested_at:
            continue  # reported with the reference it continues
        match = lang.REFERENCE.match(text, position)
        following = text[position + 2 : position + 3]
        if match is None:
            if following in (".", "[", "'", '"'):
                yield (
                    "MALFORMED_REFERENCE",
                    f"{_excerpt(text, position)} is not a well-formed reference; expected "
                    "$.Namespace.key",
                )
            continue  # "$." before a digit or a space is text ("costs $.50"), not a reference
        namespace = match["namespace"]
        if namespace not in lang.REFERENCE_NAMESPACES:
            yield (
                "UNKNOWN_NAMESPACE",
                f"{match.group(0)} refers to the namespace {namespace!r}, which the flow "
                "language does not have (e.g. $.Attributes, $.External, $.CustomerEndpoint)",
            )
        end = match.end()
        if text.startswith(".$.", end):
            nested_at = end + 1
            inner = lang.REFERENCE.match(text, nested_at)
            if inner is not None and inner["namespace"] == namespace:
                yield (
                    "REPEATED_NAMESPACE",
                    f"{text[position : inner.end()]!r} repeats its namespace; it reads a key "
                    f"literally named '$' under $.{namespace}. Did you mean {inner.group(0)}?",
                )
                continue
        rest = text[end : end + 2]
        if rest.startswith(("[", "..", ".[", ".$")) or rest == ".]" or rest.startswith(".'"):
            yield (
                "MALFORMED_REFERENCE",
                f"{_excerpt(text, position)} is not a well-formed path after {match.group(0)}; "
                "use $.Namespace.key or $.Namespace.['key with spaces']",
            )


def _excerpt(text: str, position: int) -> str:
    end = position + 2
    while end < len(text) and not text[end].isspace() and end - position < 40:
        end += 1
    return repr(text[position:end])
