"""A first load into an empty embedded store (首次导入): larger writes, the deferred indexes and
the patent-count table built at the end. The graph must be the one a batch-by-batch load
makes, readers must count right while it runs, and an interrupted one is finished on open."""

from __future__ import annotations

import itertools
import sqlite3
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pytest

from graph.models import Facet, PatentBatch, PatentFilter, ReferenceBatch
from graph.stores.embedded import counts
from graph.stores.embedded import first_load as first_load_module
from graph.stores.embedded.sql import DEFERRED_INDEXES
from graph.stores.embedded.store import EmbeddedStore
from ingest.pipeline import IngestComponents, IngestObserver, IngestOptions, run_ingest
from tests.reliability.test_findings import demo_slice, settings_in, with_nlp  # noqa: F401 (fixture)

FACETS = [(), (Facet.PROVINCE,), (Facet.CHAIN_NODE,), (Facet.APP_YEAR, Facet.PATENT_TYPE)]
FILTERS = [PatentFilter(), PatentFilter(chain="nev"), PatentFilter(region_prefixes=("44",), valid_only=True)]


class BatchByBatch(EmbeddedStore):
    """The same store with the first-load bracket switched off: every batch its own write."""

    def first_load(self) -> AbstractContextManager[bool]:
        return nullcontext(False)


class Recording(BatchByBatch):
    """Keeps every write, to replay it into another store by hand."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writes: list[tuple[str, Any]] = []

    def upsert_reference(self, batch: ReferenceBatch) -> None:
        self.writes.append(("reference", batch))
        super().upsert_reference(batch)

    def upsert_patents(self, batch: PatentBatch) -> None:
        self.writes.append(("patents", batch))
        super().upsert_patents(batch)


def recorded(tmp_path: Path, components: IngestComponents, rows: int) -> Recording:
    source = Recording(tmp_path / "source.sqlite")
    settings = settings_in(tmp_path, batch_size=25)
    assert run_ingest(
        [demo_slice(tmp_path, rows)], source, IngestOptions(), settings=settings, components=components
    ).ok
    return source


def replay_reference(source: Recording, store: EmbeddedStore) -> list[PatentBatch]:
    """The source's reference writes replayed into ``store``; its patent writes returned."""
    for kind, batch in source.writes:
        if kind == "reference":
            store.upsert_reference(batch)
    return [batch for kind, batch in source.writes if kind == "patents"]


class Writes(IngestObserver):
    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def batch_written(self, path: Path, batch_index: int) -> None:
        self.events.append(("written", batch_index))

    def batch_committed(self, path: Path, batch_index: int) -> None:
        self.events.append(("committed", batch_index))


def _indexes(store: EmbeddedStore) -> set[str]:
    return {row[0] for row in store._rows("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _cells_agree(store: EmbeddedStore) -> None:
    for facets, flt in itertools.product(FACETS, FILTERS):
        assert store.facet_counts(list(facets), flt) == store.scan_facet_counts(list(facets), flt)


def test_a_first_load_makes_the_graph_a_batch_by_batch_load_makes(
    tmp_path: Path,
    with_nlp: IngestComponents,  # noqa: F811
) -> None:
    path = demo_slice(tmp_path, 120)
    plain = BatchByBatch(tmp_path / "plain.sqlite")
    settings = settings_in(tmp_path / "a", batch_size=10)
    assert run_ingest([path], plain, IngestOptions(), settings=settings, components=with_nlp).ok

    grouped = EmbeddedStore(tmp_path / "first.sqlite")
    writes = Writes()
    settings = settings_in(tmp_path / "b", batch_size=10, ingest_first_load_rows=35)
    report = run_ingest(
        [path], grouped, IngestOptions(), settings=settings, components=with_nlp, observer=writes
    )
    assert report.ok and report.totals.read == report.totals.loaded == 144, report.as_dict()

    assert grouped.canonical_dump() == plain.canonical_dump()
    assert _indexes(grouped) == _indexes(plain) >= set(DEFERRED_INDEXES)
    assert counts.is_current(grouped._conn)
    _cells_agree(grouped)
    # four batches per write: all four are in the store before the first checkpoint commit
    assert writes.events[:5] == [("written", i) for i in range(4)] + [("committed", 0)]


class CrashAfterWrite(IngestObserver):
    def batch_written(self, path: Path, batch_index: int) -> None:
        if batch_index == 5:  # the second write (batches 4-7), the first one committed
            raise RuntimeError("killed between the store write and the checkpoint commit")


def test_a_first_load_killed_after_a_write_resumes_to_the_same_graph(
    tmp_path: Path,
    with_nlp: IngestComponents,  # noqa: F811
) -> None:
    path = demo_slice(tmp_path, 120)
    plain = BatchByBatch(tmp_path / "plain.sqlite")
    assert run_ingest(
        [path],
        plain,
        IngestOptions(),
        settings=settings_in(tmp_path / "a", batch_size=10),
        components=with_nlp,
    ).ok

    store = EmbeddedStore(tmp_path / "g.sqlite")
    settings = settings_in(tmp_path / "b", batch_size=10, ingest_first_load_rows=35)
    with pytest.raises(RuntimeError, match="killed"):
        run_ingest(
            [path], store, IngestOptions(), settings=settings, components=with_nlp, observer=CrashAfterWrite()
        )
    assert 40 < store.stats().nodes["Patent"] < 144
    resumed = run_ingest([path], store, IngestOptions(), settings=settings, components=with_nlp)
    assert resumed.ok and resumed.files[str(path)].restored == 40, resumed.as_dict()
    assert resumed.totals.read == resumed.totals.loaded + resumed.totals.duplicates == 144
    assert store.canonical_dump() == plain.canonical_dump()
    _cells_agree(store)


def test_a_store_that_holds_patents_is_not_a_first_load(tmp_path: Path, with_nlp: IngestComponents) -> None:  # noqa: F811
    store = EmbeddedStore(tmp_path / "g.sqlite")
    settings = settings_in(tmp_path, batch_size=50)
    assert run_ingest(
        [demo_slice(tmp_path, 20)], store, IngestOptions(), settings=settings, components=with_nlp
    ).ok
    with store.first_load() as first:
        assert first is False
        assert _indexes(store) >= set(DEFERRED_INDEXES)
        assert counts.is_current(store._conn)


def test_readers_count_from_the_patents_while_a_first_load_runs(
    tmp_path: Path,
    with_nlp: IngestComponents,  # noqa: F811
) -> None:
    source = recorded(tmp_path, with_nlp, 60)
    store = EmbeddedStore(tmp_path / "g.sqlite")
    batches = replay_reference(source, store)
    assert len(batches) >= 2
    with store.first_load() as first:
        assert first is True
        store.upsert_patents(batches[0])
        assert not counts.is_current(store._conn)
        _cells_agree(store)  # counted from the patents: the cells are not kept up
        other_reader = EmbeddedStore(tmp_path / "g.sqlite")  # another process opening it mid-load
        assert counts.is_current(store._conn)
        store.upsert_patents(batches[1])  # the cells were rebuilt by that open: kept up again
        _cells_agree(store)
        other_reader.close()
    _cells_agree(store)
    assert store.facet_counts([], PatentFilter())[0].count == store.stats().nodes["Patent"]


def test_an_interrupted_first_load_is_finished_by_the_next_open(
    tmp_path: Path,
    with_nlp: IngestComponents,  # noqa: F811
) -> None:
    source = recorded(tmp_path, with_nlp, 60)
    path = tmp_path / "g.sqlite"
    store = EmbeddedStore(path)
    batches = replay_reference(source, store)
    with store._lock:
        assert first_load_module.begin(store._conn)  # the process dies before ``finish``
    for batch in batches:
        store.upsert_patents(batch)
    assert not set(DEFERRED_INDEXES) & _indexes(store)
    store.close()

    reopened = EmbeddedStore(path)
    assert _indexes(reopened) >= set(DEFERRED_INDEXES)
    assert counts.is_current(reopened._conn)
    _cells_agree(reopened)
    assert reopened.canonical_dump() == source.canonical_dump()


def test_a_failed_first_load_still_builds_its_indexes(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.sqlite")
    try:
        with store.first_load():
            raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError:
        pass
    assert _indexes(store) >= set(DEFERRED_INDEXES)
    assert counts.is_current(store._conn)
