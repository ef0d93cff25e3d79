"""The distributed NLP path (分布式富化) on a real Dask local cluster of worker processes.

A generated corpus (plus a duplicate row and a row without 公开号) is enriched by two workers;
the records equal the single-process path's record for record, loading them gives the graph a
plain ``ingest`` of the same file gives (canonical dump, both stores) with the same counts and
quarantine, and a worker killed mid-run loses and duplicates nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from graph.models import ReferenceBatch
from graph.settings import Settings
from graph.store import GraphStore
from ingest.enriched.distributed import enrich_files
from ingest.enriched.format import EnrichedRow, Manifest, RejectedRow, read_manifest, read_partition
from ingest.enriched.load import run_enriched_ingest
from ingest.enriched.partition import EnrichConfig, enrich_rows, worker_components
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest
from ingest.pipeline.stages import SourceRef
from ingest.quarantine import read_quarantine
from ingest.readers import ReaderLimits, open_source
from tests.contract.conftest import STORE_KINDS, make_store
from tools.synthetic import generate_corpus

GENERATED_ROWS = 60
Line = EnrichedRow | RejectedRow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated rows, then a repeat of the third row (a duplicate) and a row without 公开号."""
    path = tmp_path_factory.mktemp("corpus") / "patents.csv"
    generate_corpus(path, GENERATED_ROWS, seed=7)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    broken = list(rows[5])
    broken[header.index("公开号")] = ""
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[3], broken])
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes (one thread each), as `--local-workers 2` starts; shared by the
    tests of this module, since each worker loads the NLP model once."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def enriched(
    corpus: Path, cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Manifest]:
    """`patentnav enrich --scheduler ...` on the corpus, in partitions of 16 rows."""
    out = tmp_path_factory.mktemp("enriched")
    manifest = enrich_files([corpus], out, scheduler=cluster.scheduler_address, partition_rows=16)
    return out, manifest


def single_process_lines(corpus: Path, run_id: str) -> list[Line]:
    """The plain pipeline's map and enrich stages over the whole file in this process."""
    mapper, enricher = worker_components(EnrichConfig())
    with open_source(corpus, None, mapper.is_header, ReaderLimits.from_settings(Settings())) as table:
        columns = mapper.resolve(table.headers, str(corpus))
        rows = list(table.rows)
    lines, _ = enrich_rows(rows, mapper, columns, enricher, SourceRef(str(corpus), run_id))
    return lines


def partition_lines(directory: Path) -> list[Line]:
    manifest = read_manifest(directory)
    return [
        line
        for source in manifest.sources
        for entry in sorted(source.partitions, key=lambda p: p.first_row)
        for line in read_partition(directory, entry)
    ]


def test_cluster_records_equal_single_process_records(corpus: Path, enriched: tuple[Path, Manifest]) -> None:
    out, manifest = enriched
    source = manifest.sources[0]
    assert source.error is None and source.read == GENERATED_ROWS + 2
    assert len(source.partitions) == 4 and manifest.engine.endswith("2 workers")
    distributed = partition_lines(out)
    reference = single_process_lines(corpus, manifest.run_id)
    assert [line.row for line in distributed] == [line.row for line in reference]
    assert distributed == reference  # record for record: patents, holders, events, NLP, chain links
    assert sum(isinstance(line, RejectedRow) for line in distributed) == 1
    assert any(isinstance(line, EnrichedRow) and line.technology_links for line in distributed)
    assert any(isinstance(line, EnrichedRow) and line.patent.tokens for line in distributed)


def small_components() -> IngestComponents:
    """The real mapping and NLP; chain nodes as the only reference data (a short Neo4j set-up)."""
    from graph.chains import load_chain_nodes

    components = default_components()
    reference = ReferenceBatch(chain_nodes=load_chain_nodes())
    return dataclasses.replace(components, reference=lambda: reference, reference_version=None)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    graph_store = make_store(request.param, request, tmp_path)
    yield graph_store
    graph_store.close()


@pytest.mark.timeout(1200)  # the session Neo4j start and the cluster fixture count here
def test_loaded_enriched_batches_give_the_plain_ingest_graph(
    corpus: Path, enriched: tuple[Path, Manifest], store: GraphStore, tmp_path: Path
) -> None:
    out, _ = enriched
    settings = Settings(db_path=tmp_path / "var" / "graph.sqlite", batch_size=10)

    def options(name: str) -> IngestOptions:
        return IngestOptions(
            checkpoint_path=tmp_path / f"{name}.checkpoint.sqlite", quarantine_path=tmp_path / f"{name}.jsonl"
        )

    plain = run_ingest([corpus], store, options("plain"), settings=settings, components=small_components())
    plain_dump = store.canonical_dump()  # type: ignore[attr-defined]
    store.clear()  # type: ignore[attr-defined]
    loaded = run_enriched_ingest(
        out, store, options("enriched"), settings=settings, components=small_components()
    )
    assert loaded.reconciled and loaded.ok, loaded.as_dict()
    totals = loaded.totals
    assert (totals.read, totals.loaded, totals.duplicates, totals.rejected) == (GENERATED_ROWS + 2, 60, 1, 1)
    assert plain.totals == totals
    assert store.canonical_dump() == plain_dump  # type: ignore[attr-defined]
    drop = ("run_id",)
    quarantined = [
        {k: v for k, v in e.items() if k not in drop} for e in read_quarantine(tmp_path / "enriched.jsonl")
    ]
    expected = [
        {k: v for k, v in e.items() if k not in drop} for e in read_quarantine(tmp_path / "plain.jsonl")
    ]
    assert quarantined == expected and len(quarantined) == 1

    again = run_enriched_ingest(
        out, store, options("enriched"), settings=settings, components=small_components()
    )
    assert [f.status.value for f in again.files.values()] == ["skipped"]
    assert store.canonical_dump() == plain_dump  # type: ignore[attr-defined]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    corpus: Path, cluster: LocalCluster, tmp_path: Path
) -> None:
    out = tmp_path / "enriched"
    with Client(cluster) as client:
        result: dict[str, Manifest | BaseException] = {}

        def run() -> None:
            try:
                result["manifest"] = enrich_files(
                    [corpus], out, scheduler=cluster.scheduler_address, partition_rows=4
                )
            except BaseException as exc:
                result["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        victim, written_at_kill = _kill_a_busy_worker(client, out)
        thread.join(timeout=240)
        assert not thread.is_alive() and "error" not in result, result
        pids_after = set(client.run(os.getpid).values())
    assert victim not in pids_after
    manifest = result["manifest"]
    assert isinstance(manifest, Manifest)
    partitions = manifest.sources[0].partitions
    assert written_at_kill < len(partitions) == 16  # killed mid-run, every partition there once
    lines = partition_lines(out)
    assert [line.row for line in lines] == list(range(2, GENERATED_ROWS + 4))
    assert lines == single_process_lines(corpus, manifest.run_id)
    assert not list(out.glob(".*partial"))


def _kill_a_busy_worker(client: Client, out: Path) -> tuple[int, int]:
    """SIGKILL a worker process once the first partition is written, while it holds a task."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        written = len(list(out.glob("part-*.jsonl.gz")))
        busy = [address for address, keys in client.processing().items() if keys]
        if written >= 1 and busy:
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid, written
        time.sleep(0.05)
    raise AssertionError("no partition was written in time")
