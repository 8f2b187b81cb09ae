"""The documentation site: what its hooks take from the code, what strict builds refuse, and the
Python examples in the pages.

The whole site is built strictly by `make test` beside pytest; these tests pin the machinery
behind that build on fixtures of their own, and check the pages against the code they describe.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS = REPO_ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def _load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _load_hooks()


# ---------------------------------------------------------------------------------------------
# Context keys: the Configuration page against the code


def test_a_key_the_app_reads_but_the_page_lacks_is_a_problem() -> None:
    problems = hooks.context_key_problems({"stage"}, {"stage", "opening_hours"})

    assert problems == [
        "context key 'opening_hours' is read by the app but not documented in the table of keys"
    ]


def test_a_documented_key_the_app_no_longer_reads_is_a_problem() -> None:
    problems = hooks.context_key_problems({"stage", "old_key"}, {"stage"})

    assert problems == ["context key 'old_key' is documented but the app does not read it"]


def test_the_queue_key_pattern_documents_every_queue_key() -> None:
    read = {"stage", "queue_arn_general", "queue_arn_silver"}

    assert hooks.context_key_problems({"stage", "queue_arn_<queue>"}, read) == []
    assert hooks.context_key_problems({"stage"}, read) == [
        "context key 'queue_arn_general' is read by the app but not documented in the table of "
        "keys",
        "context key 'queue_arn_silver' is read by the app but not documented in the table of keys",
    ]


def test_documented_keys_are_the_code_spans_opening_table_rows() -> None:
    markdown = textwrap.dedent(
        """\
        | key | type |
        | --- | --- |
        | `stage` | text |
        |`alarm_email`| address |
        | plain | not a key |
        Text that mentions `lookup_region` is not a row.
        """
    )

    assert hooks.documented_context_keys(markdown) == {"stage", "alarm_email"}


def test_literal_keys_are_found_wherever_the_getter_is_called() -> None:
    source = textwrap.dedent(
        """\
        def from_context(get, settings):
            if get("opening_hours"):
                return get("time_zone")
            key = "computed"
            return get(key), settings.get("not_a_context_key")
        """
    )

    assert hooks.literal_getter_keys([source]) == {"opening_hours", "time_zone"}


def test_the_configuration_page_documents_every_key_the_app_reads() -> None:
    page = (DOCS / hooks.CONFIGURATION_PAGE).read_text(encoding="utf-8")
    read = hooks.keys_the_app_reads()

    assert "instance_arn" in read  # the configuration was read
    assert hooks.context_key_problems(hooks.documented_context_keys(page), read) == []


def test_the_queue_keys_listed_are_those_the_app_reads() -> None:
    listed = hooks.queue_keys_markdown({"stage", "queue_arn_b", "queue_arn_a"})

    assert listed == "`queue_arn_a`, `queue_arn_b`"


# ---------------------------------------------------------------------------------------------
# Validator codes


FIXTURE_DOC = """Checks.

Flow-level findings (identifier ``-``):

=========  ========  ==================================
code       severity  meaning
=========  ========  ==================================
FIRST      error     the first, with ``code`` and a
                     second line
SECOND     warning   one | pipe
OVERFLOWING_CODE error  a code longer than its column
=========  ========  ==================================

Action findings:

=========  ========  ==================================
code       severity  meaning
=========  ========  ==================================
THIRD      error     third
=========  ========  ==================================
"""


def test_the_docstring_tables_become_markdown_tables_with_their_captions() -> None:
    markdown = hooks.validator_codes_markdown(FIXTURE_DOC)

    assert markdown.splitlines() == [
        "Flow-level findings (identifier `-`):",
        "",
        "| code | severity | meaning |",
        "| --- | --- | --- |",
        "| `FIRST` | error | the first, with `code` and a second line |",
        "| `SECOND` | warning | one \\| pipe |",
        "| `OVERFLOWING_CODE` | error | a code longer than its column |",
        "",
        "Action findings:",
        "",
        "| code | severity | meaning |",
        "| --- | --- | --- |",
        "| `THIRD` | error | third |",
    ]


def test_every_code_the_validator_documents_is_listed_in_the_docs() -> None:
    import flows.validator

    doc = flows.validator.__doc__ or ""
    documented = set(re.findall(r"^([A-Z][A-Z_]+) +(?:error|warning) ", doc, re.MULTILINE))
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", hooks.validator_codes_markdown(doc), re.M))

    assert len(documented) >= 10  # the table was read
    assert listed == documented


# ---------------------------------------------------------------------------------------------
# The routing table


def test_each_route_is_a_row_in_order_with_its_conditions_queue_and_first_words() -> None:
    condition = SimpleNamespace(attribute="tier", operator="Equals", operand="GOLD")
    other = SimpleNamespace(attribute="tier", operator="Equals", operand="SILVER")
    situation = SimpleNamespace(value="no condition of an earlier route holds")
    routing = SimpleNamespace(
        ROUTES=(
            _route("PRIORITY", (condition, other), "Fast", "Hi. Hold on.", "Hola. Espere."),
            _route("REST", (situation,), None, "Goodbye.", ""),
        )
    )

    assert hooks.routes_markdown(routing).splitlines()[2:] == [
        "| `tier` Equals `GOLD`; or `tier` Equals `SILVER` | `PRIORITY` | `Fast` "
        '| "Hi." (in Spanish for callers known to prefer it) |',
        "| no condition of an earlier route holds | `REST` | none: message, then disconnect "
        '| "Goodbye." |',
    ]


def _route(reason: str, conditions: tuple[Any, ...], queue: str | None, en: str, es: str) -> Any:
    return SimpleNamespace(
        routing_reason=reason, conditions=conditions, queue=queue, greeting_en=en, greeting_es=es
    )


# ---------------------------------------------------------------------------------------------
# What a strict build refuses, with the site's own validation settings


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """A two-page site with mkdocs.yml's validation settings and the built-in theme."""
    settings = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [the other](other.md#other).\n")
    (tmp_path / "docs" / "other.md").write_text("# Other\n")
    config = {
        "site_name": "tiny",
        "docs_dir": "docs",
        "site_dir": "site",
        "strict": settings["strict"],
        "validation": settings["validation"],
        "nav": ["index.md", "other.md"],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return tmp_path


def _strict_build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "mkdocs.yml"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_tiny_site_builds(tiny_site: Path) -> None:
    built = _strict_build(tiny_site)

    assert built.returncode == 0, built.stderr


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        (lambda site: (site / "docs" / "stray.md").write_text("# Stray\n"), "stray.md"),
        (lambda site: (site / "docs" / "other.md").unlink(), "other.md"),
        (
            lambda site: (site / "docs" / "index.md").write_text("[gone](gone.md)\n"),
            "gone.md",
        ),
        (
            lambda site: (site / "docs" / "index.md").write_text("[x](other.md#nowhere)\n"),
            "#nowhere",
        ),
    ],
    ids=["page outside the nav", "page missing", "broken link", "broken anchor"],
)
def test_a_strict_build_fails_on(tiny_site: Path, change: Any, reported: str) -> None:
    change(tiny_site)

    built = _strict_build(tiny_site)

    assert built.returncode != 0
    assert reported in built.stderr


def test_every_page_of_the_site_is_in_its_nav() -> None:
    settings = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    assert {page.relative_to(DOCS).as_posix() for page in PAGES} == set(_nav_pages(settings["nav"]))


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return [page for entry in nav for page in _nav_pages(entry)]


# ---------------------------------------------------------------------------------------------
# Python examples in the pages and the README


def python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for path in [REPO_ROOT / "README.md", *PAGES]:
        text = path.read_text(encoding="utf-8")
        # Blocks inside list items are indented: read them as written, less their indent.
        pattern = r"^( *)```python\n(.*?)^\1```"
        for number, match in enumerate(re.finditer(pattern, text, re.S | re.M)):
            code = textwrap.dedent(match.group(2))
            blocks.append((f"{path.relative_to(REPO_ROOT)}#{number}", code))
    return blocks


def test_the_python_examples_pass_ruff_as_written(tmp_path: Path) -> None:
    blocks = python_blocks()
    assert blocks  # the pages have examples to check
    for number, (_, code) in enumerate(blocks):
        (tmp_path / f"example_{number}.py").write_text(code, encoding="utf-8")
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(REPO_ROOT / "pyproject.toml")]
    where = "\n".join(f"example_{n}.py: {name}" for n, (name, _) in enumerate(blocks))

    checked = subprocess.run(
        [*ruff, "check", *config, "."], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    formatted = subprocess.run(
        [*ruff, "format", "--check", "--diff", *config, "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode == 0, f"{checked.stdout}\n{where}"
    assert formatted.returncode == 0, f"{formatted.stdout}{formatted.stderr}\n{where}"


def test_a_python_example_that_breaks_ruff_is_found(tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text("import os\nx=1\n", encoding="utf-8")

    checked = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(REPO_ROOT / "pyproject.toml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode != 0
