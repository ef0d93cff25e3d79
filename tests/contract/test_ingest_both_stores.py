"""Contract: the real incoPat fixture ingested into both stores, counts reconciled, re-runs and
resumed runs leaving exactly the graph of one uninterrupted run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.models import ReferenceBatch
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import IngestComponents, IngestObserver, IngestOptions, default_components, run_ingest
from ingest.quarantine import read_quarantine
from ingest.reconcile import FileStatus
from tests.paths import SCHEMA_FIXTURE

FIXTURE = SCHEMA_FIXTURE


def small_reference() -> ReferenceBatch:
    from graph.chains import load_chain_nodes

    return ReferenceBatch(chain_nodes=load_chain_nodes())


@pytest.fixture(scope="module")
def components() -> IngestComponents:
    """The real row mapping and NLP; a small reference batch (chain nodes only) keeps the
    Neo4j set-up short (the full reference data is loaded by the first test only)."""
    components = default_components()
    return dataclasses.replace(components, reference=small_reference, reference_version=None)


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(db_path=tmp_path / "var" / "graph.sqlite", batch_size=3, **overrides)  # type: ignore[arg-type]


def test_fixture_ingests_with_full_reference_data_and_reconciles(store: GraphStore, tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    report = run_ingest([FIXTURE], store, IngestOptions(), settings=settings)
    assert report.ok, report.as_dict()
    totals = report.totals
    assert (totals.read, totals.loaded, totals.duplicates, totals.rejected) == (10, 10, 0, 0)
    assert report.reference_loaded is True
    stats = store.stats()
    assert stats.nodes["Patent"] == 10
    assert stats.nodes["IPC"] > 70_000 and stats.nodes["ChainNode"] > 0
    patent = store.get_patent("CN218751475U")
    assert patent is not None and patent.title == "一种无人机机载多功能盒"
    assert patent.technologies, "NLP enrichment should attach technologies"

    again = run_ingest([FIXTURE], store, IngestOptions(), settings=settings)
    assert again.reference_loaded is False
    assert again.files[str(FIXTURE)].status is FileStatus.SKIPPED
    assert store.stats() == stats


def with_bad_rows(tmp_path: Path) -> Path:
    """The fixture plus a duplicate row, a row without 公开号 and a row with a bad date."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    columns = header.split(",")
    duplicate = rows[3]
    no_pub = rows[1].replace("CN216774847U", "")  # the second data row
    pub_at = columns.index("公开号")
    date_at = columns.index("申请日")
    cells = rows[5].split(",")
    cells[pub_at] = "CN299999999U"
    cells[date_at] = "2021年13月45日"
    path = tmp_path / "patents_13.csv"
    path.write_text("\n".join([header, *rows, duplicate, no_pub, ",".join(cells)]) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_quarantined_and_counts_reconcile(
    store: GraphStore, tmp_path: Path, components: IngestComponents
) -> None:
    path = with_bad_rows(tmp_path)
    report = run_ingest(
        [path], store, IngestOptions(), settings=settings_for(tmp_path), components=components
    )
    counts = report.files[str(path)].counts
    assert (counts.read, counts.loaded, counts.duplicates, counts.rejected) == (13, 10, 1, 2)
    assert report.reconciled
    entries = read_quarantine(Path(report.quarantine or ""))
    assert {(e["row"], e["field"]) for e in entries} == {(13, "pub_no"), (14, "app_date")}
    assert all(e["file"] == str(path) for e in entries)
    assert store.stats().nodes["Patent"] == 10


class Crash(RuntimeError):
    pass


@dataclass
class CrashAfterWrite(IngestObserver):
    k: int

    def batch_written(self, path: Path, batch_index: int) -> None:
        if batch_index == self.k:
            raise Crash("killed between the store write and the checkpoint commit")


def test_kill_and_resume_matches_an_uninterrupted_run(
    store: GraphStore, tmp_path: Path, components: IngestComponents
) -> None:
    path = with_bad_rows(tmp_path)
    clean = run_ingest(
        [path], store, IngestOptions(), settings=settings_for(tmp_path / "a"), components=components
    )
    clean_stats = store.stats()
    store.clear()

    # one batch per write (an embedded first load gathers more; tests/reliability/test_first_load)
    settings = settings_for(tmp_path / "b", ingest_first_load_rows=3)
    with pytest.raises(Crash):
        run_ingest([path], store, IngestOptions(), settings=settings, components=components,
                   observer=CrashAfterWrite(2))  # fmt: skip
    assert store.stats() != clean_stats
    resumed = run_ingest([path], store, IngestOptions(), settings=settings, components=components)
    assert store.stats() == clean_stats
    assert resumed.reconciled and resumed.files[str(path)].status is FileStatus.RESUMED
    assert resumed.files[str(path)].restored > 0
    assert resumed.files[str(path)].counts == clean.files[str(path)].counts
