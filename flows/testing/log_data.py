"""The LogData command: labelled texts whose ``$.`` paths are replaced by the contact's values.

DG https://docs.aws.amazon.com/connect/latest/devguide/testing-language-actions-test-control.html
gives ``{"Expressions": {"label": "$.Queue.Name"}}``; the console allows text around the paths
("id: $.ContactId, queue: $.Queue.Name"). A path runs from ``$.`` over letters, digits, ``_``,
``-`` and dots (a final dot ends the sentence, not the path); a value that is not set reads as an
empty text, as an unset reference reads in a prompt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

PATH = re.compile(r"\$\.[A-Za-z0-9_][A-Za-z0-9_.-]*")

Resolve = Callable[[str], str | None]


def render(text: str, resolve: Resolve) -> str:
    """``text`` with every ``$.`` path replaced by ``resolve(path)`` (``""`` when not set)."""

    def value(match: re.Match[str]) -> str:
        path = match.group()
        trailing = len(path) - len(path.rstrip("."))
        path = path[: len(path) - trailing]
        return (resolve(path) or "") + "." * trailing

    return PATH.sub(value, text)


def render_expressions(expressions: Mapping[str, str], resolve: Resolve) -> dict[str, str]:
    """Every label's text rendered, in the order written."""
    return {label: render(text, resolve) for label, text in expressions.items()}
