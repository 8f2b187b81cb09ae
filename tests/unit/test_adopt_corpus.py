"""adopt -> render -> diff over every real flow in ../shared/flows-corpus: the same behaviour back.

The whole corpus is adopted as one set (its flows reference each other by name, as the
rules-engine flows do), rendered with the package's source_resources.json, and each rendered flow
is compared with its source by `flows diff`'s judgement of behaviour. The package's modules must
pass ruff as written.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from flows.adopt.adoption import adopt, read_sources
from flows.adopt.diff import diff_flows
from flows.adopt.package import AdoptedPackage, load_package, write_package
from flows.adopt.render import rendered_flows
from flows.model.document import load_flow_document
from flows.model.references import references_in

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT.parent / "shared" / "flows-corpus"


def _corpus_files() -> list[Path]:
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        return sorted(CORPUS / row["file"] for row in csv.DictReader(handle, delimiter="\t"))


FILES = _corpus_files()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> AdoptedPackage:
    if not FILES:
        pytest.skip("the flows corpus (../shared/flows-corpus) is absent")
    target = tmp_path_factory.mktemp("corpus") / "corpus_flows"
    write_package(adopt(read_sources(FILES)), target)
    return load_package(target)


def test_every_corpus_flow_is_adopted(package: AdoptedPackage) -> None:
    assert len(package.flows) == len(FILES)


def test_rendered_back_every_flow_behaves_as_its_export(package: AdoptedPackage) -> None:
    contents, missing = rendered_flows(package, package.source_resources())
    assert missing == {}
    sources = {
        flow.name: load_flow_document(path).content
        for flow, path in zip(package.flows, FILES, strict=True)
    }
    differing = [
        name
        for name, content in contents.items()
        if not diff_flows(sources[name], content).same_behaviour
    ]
    assert differing == []
    assert [r for c in contents.values() for r in references_in(c)] == []


def test_the_values_references_replaced_are_gone_from_the_code(package: AdoptedPackage) -> None:
    """The corpus names resources by ARN and id: each became a reference, so rendering puts
    values back rather than copying them through."""
    replaced = package.source_resources().resources
    assert replaced
    code = "\n".join(path.read_text(encoding="utf-8") for path in package.path.glob("*.py"))
    assert [r.arn for r in replaced if r.arn in code] == []


def test_the_corpus_package_passes_ruff(package: AdoptedPackage) -> None:
    config = str(REPO_ROOT / "pyproject.toml")
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--config", config, str(package.path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
