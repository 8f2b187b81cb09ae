"""MkDocs hooks: the facts the documentation takes from the code, at build time.

- ``<!-- generated: validator-codes -->`` becomes the validator's finding codes, read from the
  table in :mod:`flows.validator`'s docstring (a test keeps that table equal to the codes the
  validator reports), so a new code is documented as soon as it exists.
- ``<!-- generated: test-case-regions -->`` becomes the regions where Amazon Connect offers test
  cases, with the source the project took them from (:mod:`flows.testing.regions`).
- ``<!-- generated: routing-table -->`` becomes the routes of the customer-lookup routing table,
  in order, as the flow is built from them.
- ``<!-- generated: queue-context-keys -->`` becomes the ``queue_arn_*`` keys the app reads for
  the queues of the routing table.
- The Configuration page's table of context keys is checked against the keys the app reads: the
  app's configuration is read from cdk.json's context through
  :class:`stacks.context_keys.RecordingContext` (the same record that tells a typo from a known
  key), together with every literal key the configuration code asks its getter for, so a key read
  only under some setting counts too. A key the app reads that the page does not list, or one the
  page lists that the app does not read, is a warning, and ``mkdocs build --strict`` (``make
  docs``, ``make test``) fails on it.
- The generated flow's picture (``flows/generated/customer_lookup.svg``) is published with the
  site, so the pages show the picture ``make flows`` last drew.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

REPO = Path(__file__).resolve().parents[1]
PUBLISHED_FROM_REPO = ("flows/generated/customer_lookup.svg",)
CONFIGURATION_PAGE = "configuration.md"
CONFIGURATION_CODE = ("stacks",)  # where the app's context getter is called
QUEUE_KEY_PREFIX = "queue_arn_"
QUEUE_KEY_PATTERN = "queue_arn_<queue>"
MARKER = "<!-- generated: {} -->"
# The application's routing table.
ROUTING_MODULE = "flows.customer_lookup.routing"

log = get_plugin_logger(__name__)


# ---------------------------------------------------------------------------------------------
# Hooks


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in PUBLISHED_FROM_REPO:
        files.append(File.generated(config, path, abs_src_path=str(REPO / path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generators: dict[str, Callable[[], str]] = {
        "validator-codes": lambda: validator_codes_markdown(_module_doc("flows.validator")),
        "test-case-regions": test_case_regions_markdown,
        "queue-context-keys": lambda: queue_keys_markdown(keys_the_app_reads()),
        "routing-table": lambda: routes_markdown(importlib.import_module(ROUTING_MODULE)),
    }
    for name, generate in generators.items():
        marker = MARKER.format(name)
        if marker in markdown:
            markdown = markdown.replace(marker, generate())
    if page.file.src_uri == CONFIGURATION_PAGE:
        for problem in context_key_problems(
            documented_context_keys(markdown), keys_the_app_reads()
        ):
            log.warning(f"{CONFIGURATION_PAGE}: {problem}")
    return markdown


# ---------------------------------------------------------------------------------------------
# Context keys


def documented_context_keys(markdown: str) -> set[str]:
    """The keys in the first column of the page's tables: rows that start with a code span."""
    return set(re.findall(r"^\| *`([^`]+)` *\|", markdown, re.MULTILINE))


def context_key_problems(documented: Iterable[str], read: Iterable[str]) -> list[str]:
    """What the page and the code disagree on; ``queue_arn_<queue>`` stands for every queue key."""
    documented_keys, read_keys = set(documented), set(read)
    covered = {
        key
        for key in read_keys
        if key in documented_keys
        or (key.startswith(QUEUE_KEY_PREFIX) and QUEUE_KEY_PATTERN in documented_keys)
    }
    problems = [
        f"context key {key!r} is read by the app but not documented in the table of keys"
        for key in sorted(read_keys - covered)
    ]
    unread = documented_keys - read_keys - {QUEUE_KEY_PATTERN}
    problems += [
        f"context key {key!r} is documented but the app does not read it" for key in sorted(unread)
    ]
    return problems


_keys_read: frozenset[str] | None = None


def keys_the_app_reads() -> frozenset[str]:
    """Keys the app's configuration asks for: recorded while reading cdk.json's context, plus every
    literal key passed to the getter anywhere in the configuration code."""
    global _keys_read  # noqa: PLW0603 - read once per build: it starts the CDK's runtime
    if _keys_read is None:
        _keys_read = frozenset(_recorded_keys() | literal_getter_keys(_configuration_sources()))
    return _keys_read


def _recorded_keys() -> set[str]:
    from stacks.config import AppConfig
    from stacks.context_keys import RecordingContext

    context = json.loads((REPO / "cdk.json").read_text(encoding="utf-8")).get("context", {})
    recording = RecordingContext(context.get)
    try:
        AppConfig.from_context(recording.get)
    except ValueError as error:
        log.warning(f"cdk.json: the app's configuration cannot be read: {error}")
    return recording.keys_read


def _configuration_sources() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for folder in CONFIGURATION_CODE
        for path in sorted((REPO / folder).rglob("*.py"))
    ]


def literal_getter_keys(sources: Iterable[str]) -> set[str]:
    """String literals passed to a function named ``get`` (the context getter's name)."""
    keys: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "get"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def queue_keys_markdown(keys: Iterable[str]) -> str:
    queue_keys = sorted(key for key in keys if key.startswith(QUEUE_KEY_PREFIX))
    return ", ".join(f"`{key}`" for key in queue_keys) or "none"


# ---------------------------------------------------------------------------------------------
# Validator codes


def _module_doc(name: str) -> str:
    return importlib.import_module(name).__doc__ or ""


def validator_codes_markdown(doc: str) -> str:
    """The docstring's reStructuredText tables of codes as Markdown tables, each with the line
    that introduces it."""
    lines = doc.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not _is_rule(lines[index]):
            index += 1
            continue
        caption = _caption_before(lines, index)
        rows, index = _table_rows(lines, index)
        if caption:
            out += [_markdown_text(caption), ""]
        out += ["| code | severity | meaning |", "| --- | --- | --- |"]
        out += [f"| `{code}` | {severity} | {_cell(meaning)} |" for code, severity, meaning in rows]
        out.append("")
    if not out:
        log.warning("flows.validator: no table of finding codes in its docstring")
    return "\n".join(out).rstrip("\n")


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"=+( +=+)+", line.strip()))


def _caption_before(lines: list[str], rule: int) -> str:
    caption: list[str] = []
    index = rule - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    while index >= 0 and lines[index].strip():
        caption.insert(0, lines[index].strip())
        index -= 1
    return " ".join(caption)


def _table_rows(lines: list[str], top: int) -> tuple[list[tuple[str, str, str]], int]:
    """Rows of the simple table whose top rule is at ``top``; and the line after it. A row starts
    at the left margin with its code and severity (a long code may overflow its column); an
    indented line goes on with the meaning above it."""
    margin = len(lines[top]) - len(lines[top].lstrip())
    rows: list[list[str]] = []
    index = top + 2  # the header line, then its rule
    while index < len(lines) and not _is_rule(lines[index]):
        index += 1
    index += 1
    while index < len(lines) and not _is_rule(lines[index]):
        line = lines[index][margin:]
        if line[:1].strip() and len(line.split(None, 2)) == 3:
            rows.append(line.split(None, 2))
        elif rows and line.strip():
            rows[-1][2] = f"{rows[-1][2]} {line.strip()}"
        index += 1
    return [(code, severity, meaning) for code, severity, meaning in rows], index + 1


def _markdown_text(text: str) -> str:
    return text.replace("``", "`")


def _cell(text: str) -> str:
    return _markdown_text(text).replace("|", "\\|")


# ---------------------------------------------------------------------------------------------
# Test-case regions


def test_case_regions_markdown() -> str:
    regions: Any = importlib.import_module("flows.testing.regions")
    names = ", ".join(f"{name} (`{code}`)" for code, name in regions.TEST_CASE_REGIONS.items())
    return f"{names}. Source: <{regions.TEST_CASE_REGIONS_SOURCE}>"


# ---------------------------------------------------------------------------------------------
# Routing table


def routes_markdown(routing: Any) -> str:
    """One row per route, first match wins: when, routingReason, queue, what the caller hears."""
    rows = [
        "| when | routingReason | queue | the caller hears first |",
        "| --- | --- | --- | --- |",
    ]
    for route in routing.ROUTES:
        when = "; or ".join(_describe_condition(condition) for condition in route.conditions)
        heard = _first_sentence(route.greeting_en or route.greeting_es)
        if route.greeting_en and route.greeting_es:
            heard += " (in Spanish for callers known to prefer it)"
        elif route.greeting_es:
            heard += " (in Spanish)"
        queue = f"`{route.queue}`" if route.queue else "none: message, then disconnect"
        rows.append(f"| {_cell(when)} | `{route.routing_reason}` | {queue} | {_cell(heard)} |")
    return "\n".join(rows)


def _describe_condition(condition: Any) -> str:
    if hasattr(condition, "attribute"):
        return f"`{condition.attribute}` {condition.operator} `{condition.operand}`"
    return str(condition.value)


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return f'"{head}{dot.strip()}"' if dot else f'"{text}"'
