"""The simulator on real console exports (../shared/flows-corpus, when present): every flow runs
to a definite end, and a stop names the block it stopped at."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.document import load_flow_document
from flows.simulator import Ended, Simulator

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "flows-corpus"
FILES = (
    sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name not in ("INDEX.tsv", "README.md"))
    if CORPUS.is_dir()
    else []
)


@pytest.mark.skipif(not FILES, reason=f"the flow corpus is absent ({CORPUS})")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_every_corpus_flow_runs_to_a_definite_end(path: Path) -> None:
    simulator = Simulator(load_flow_document(path).content, str(path))

    result = simulator.run()

    assert result.ended in set(Ended)
    assert result.steps, "at least the start action runs"
    if result.ended is Ended.STOPPED:
        assert result.steps[-1].identifier in result.message
    else:
        assert result.steps[-1].label is None or result.steps[-1].target is None
