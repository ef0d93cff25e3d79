"""The nasty-file corpus run through a real ingest into the embedded store: every file gets a
clear refusal or its bad rows quarantined, nothing crashes, valid rows are kept, and the
report reconciles with what is in the store and in the quarantine."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest

from graph.models import ReferenceBatch
from graph.settings import Settings
from graph.stores.embedded.store import EmbeddedStore
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest
from ingest.quarantine import read_quarantine
from ingest.reconcile import FileStatus
from tests.reliability.nasty_files import NastyCase, cases

CASES = cases()


@functools.lru_cache(maxsize=1)
def chain_nodes_only() -> ReferenceBatch:
    from graph.chains import load_chain_nodes

    return ReferenceBatch(chain_nodes=load_chain_nodes())


@pytest.fixture(scope="module")
def components() -> IngestComponents:
    """The real row mapping; no spaCy (the NLP limit has its own test) and a small reference batch."""
    return dataclasses.replace(
        default_components(with_nlp=False), reference=chain_nodes_only, reference_version=None
    )


def test_the_corpus_has_at_least_the_44_kinds_of_the_issue() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 44


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_nasty_file(case: NastyCase, tmp_path: Path, components: IngestComponents) -> None:
    path = case.path(tmp_path)
    store = EmbeddedStore(tmp_path / "graph.sqlite")
    settings = Settings(db_path=tmp_path / "var" / "graph.sqlite", batch_size=5, **case.settings)  # type: ignore[arg-type]
    try:
        report = run_ingest([path], store, IngestOptions(), settings=settings, components=components)
        patents = store.stats().nodes["Patent"]
    finally:
        store.close()
    file = report.files[str(path)]
    quarantined = read_quarantine(Path(report.quarantine)) if report.quarantine else []
    # whatever happened: the counts add up and match the store and the quarantine
    assert report.reconciled, file.as_dict()
    assert patents == file.counts.loaded
    assert len(quarantined) == file.counts.rejected
    assert all(entry["row"] and entry["reason"] for entry in quarantined)
    if case.refused is not None:
        assert file.status is FileStatus.FAILED and file.counts.read == 0
        assert case.refused in (file.error or ""), file.error
        assert path.name in (file.error or "")
        return
    if case.failed:
        assert file.status is FileStatus.FAILED and path.name in (file.error or "")
        assert file.counts.loaded > 0, "rows before the break are kept"
        return
    assert file.status is FileStatus.LOADED, file.as_dict()
    for expected, actual in (
        (case.loaded, file.counts.loaded),
        (case.rejected, file.counts.rejected),
        (case.duplicates, file.counts.duplicates),
    ):
        assert expected is None or expected == actual, file.as_dict()
    if case.warning is not None:
        assert any(case.warning in warning for warning in file.warnings), file.warnings
    if case.reason is not None:
        assert any(case.reason in str(entry["reason"]) for entry in quarantined), quarantined
