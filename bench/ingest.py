"""Ingest benchmark (导入基准): patents/s end to end and per stage, per corpus size and store.

Corpora come from the scale generator (``tools.synthetic.scale.generate_corpus``, incoPat
CSV format) and are cached under ``<cache_dir>/bench/corpora/`` (settings). Every measurement
starts from an empty graph: a fresh SQLite file for the embedded store, and for Neo4j the
project's own server started in a temporary folder for the benchmark (a configured database is never cleared).

Figures: ``e2e`` is loaded patents / wall time of the run without the one-off reference
load; each stage column is patents / seconds spent in that stage (read = parsing the file,
normalise = validation and mapping, nlp = segmentation, terms and chain mapping, load =
store upserts plus the checkpoint). The store ``neo4j-import`` is the first load through
``neo4j-admin database import`` (``ingest.bulk_load``) into the same empty server: its
``load`` is writing the import CSVs, and ``import``, ``restart`` (stop and start around the
offline import) and ``schema`` (constraints, indexes, full-text) are its own columns.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from graph.settings import Settings, StoreKind
from graph.store import GraphStore
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest

if TYPE_CHECKING:
    from graph.neo4j_server.process import Neo4jConnection, Neo4jServer

logger = logging.getLogger(__name__)

BENCH_DIR = Settings().cache_dir / "bench" / "corpora"
STAGE_COLUMNS = ("read", "normalise", "nlp", "load", "import", "restart", "schema")
IMPORT_VARIANT = "neo4j-import"  # a first load by neo4j-admin import (批量首次导入)


@dataclass(frozen=True, slots=True)
class IngestBenchResult:
    store: str
    size: int
    loaded: int
    reconciled: bool
    elapsed_s: float  # without the reference load
    reference_s: float
    per_stage_s: dict[str, float]

    @property
    def patents_per_s(self) -> float:
        return self.loaded / self.elapsed_s if self.elapsed_s else 0.0

    def stage_rate(self, stage: str) -> float | None:
        seconds = self.per_stage_s.get(stage, 0.0)
        return self.loaded / seconds if seconds > 0 else None


def bench_corpus(size: int, seed: int, work_dir: Path, console: Console) -> Path:
    """The cached corpus of ``size`` rows (generated on first use)."""
    from tools.synthetic.scale import generate_corpus

    path = work_dir / f"corpus-{size}-s{seed}.csv"
    if path.exists():
        return path
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    generate_corpus(partial, size, seed)
    partial.rename(path)
    console.print(f"generated {path} ({size:,} rows) in {time.perf_counter() - started:.1f}s")
    return path


class BenchNeo4j:
    """The benchmarks' own Neo4j server in a temporary folder, started on first use.

    Heap and page cache are larger than the test server's: a 100k-patent graph is ~2 GB on
    disk and the machine has RAM to spare.
    """

    def __init__(self, work_dir: Path) -> None:
        self._work_dir = work_dir
        self._server: Neo4jServer | None = None
        self._connection: Neo4jConnection | None = None

    def connection(self) -> Neo4jConnection:
        if self._connection is None:
            from graph.neo4j_server.process import MemoryConfig, Neo4jServer

            self._work_dir.mkdir(parents=True, exist_ok=True)
            instance = Path(tempfile.mkdtemp(prefix="neo4j-bench-", dir=self._work_dir))
            memory = MemoryConfig(heap_initial="1g", heap_max="2g", pagecache="1g")
            self._server = Neo4jServer(Settings().neo4j_root, instance, memory=memory)
            self._connection = self._server.start(timeout=300, die_with_parent=True)
        return self._connection

    def server(self) -> Neo4jServer:
        """The running server (started now if it is not)."""
        self.connection()
        assert self._server is not None
        return self._server

    def settings(self, **values: Any) -> Settings:
        """Settings that reach this server (started now if it is not running)."""
        connection = self.connection()
        return Settings(
            store=StoreKind.NEO4J,
            neo4j_uri=connection.uri,
            neo4j_user=connection.user,
            neo4j_password=connection.password,
            neo4j_database=connection.database,
            **values,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            shutil.rmtree(self._server.instance, ignore_errors=True)
            self._server = self._connection = None


@contextmanager
def bench_store(kind: str, run_dir: Path, neo4j: BenchNeo4j) -> Iterator[tuple[GraphStore, Settings]]:
    """An empty store of ``kind``; its checkpoint and quarantine live in ``run_dir``."""
    from graph.factory import open_store

    db_path = run_dir / "graph.sqlite"
    if StoreKind(kind) is StoreKind.NEO4J:
        settings = neo4j.settings(db_path=db_path)
    else:
        settings = Settings(db_path=db_path, store=StoreKind(kind))
    store = open_store(settings)
    try:
        store.clear()  # only ever our own server or a fresh file
        yield store, settings
    finally:
        store.close()


def run_ingest_bench(
    sizes: Sequence[int] = (10_000, 100_000),
    stores: Sequence[str] = ("embedded", "neo4j"),
    *,
    seed: int = 7,
    work_dir: Path = BENCH_DIR,
    nlp: bool = True,
    n_process: int = 1,
    batch_size: int | None = None,
    console: Console | None = None,
) -> list[IngestBenchResult]:
    """Ingest each corpus size into each (empty) store; print and return the figures."""
    console = console or Console()
    results: list[IngestBenchResult] = []
    components = default_components(with_nlp=nlp, n_process=n_process)
    neo4j = BenchNeo4j(work_dir)
    try:
        for size in sizes:
            corpus = bench_corpus(size, seed, work_dir, console)
            for kind in stores:
                results.append(_measure(kind, size, corpus, work_dir, neo4j, components, batch_size))
                console.print(_describe(results[-1]))
    finally:
        neo4j.stop()
    console.print(bench_table(results, nlp=nlp, n_process=n_process))
    return results


def _measure(
    kind: str,
    size: int,
    corpus: Path,
    work_dir: Path,
    neo4j: BenchNeo4j,
    components: IngestComponents,
    batch_size: int | None,
) -> IngestBenchResult:
    run_dir = work_dir / f"run-{kind}-{size}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    options = IngestOptions(batch_size=batch_size, resume=False)
    if kind == IMPORT_VARIANT:
        from ingest.bulk_load import bulk_first_load

        with bench_store(StoreKind.NEO4J.value, run_dir, neo4j) as (_, settings):
            pass  # empties our own server, as for the MERGE run
        report = bulk_first_load(
            [corpus], neo4j.server(), settings, options, components=components, die_with_parent=True
        )
    else:
        with bench_store(kind, run_dir, neo4j) as (store, settings):
            report = run_ingest([corpus], store, options, settings=settings, components=components)
    reference_s = report.per_stage_s.get("reference", 0.0)
    return IngestBenchResult(
        store=kind,
        size=size,
        loaded=report.totals.loaded,
        reconciled=report.reconciled,
        elapsed_s=report.elapsed_s - reference_s,
        reference_s=reference_s,
        per_stage_s={k: v for k, v in report.per_stage_s.items() if k != "reference"},
    )


def _describe(result: IngestBenchResult) -> str:
    return (
        f"{result.store} {result.size:,}: {result.loaded:,} loaded in {result.elapsed_s:.1f}s "
        f"= {result.patents_per_s:,.0f} patents/s (reference {result.reference_s:.1f}s)"
    )


def bench_table(results: Sequence[IngestBenchResult], *, nlp: bool, n_process: int) -> Table:
    table = Table(title=f"ingest benchmark (patents/s; nlp={'on' if nlp else 'off'}, n_process={n_process})")
    columns = ("store", "corpus", "loaded", "reconciled", "seconds", "total s", "e2e/s", *STAGE_COLUMNS)
    for column in columns:
        table.add_column(column, justify="left" if column == "store" else "right")
    for result in results:
        stages = []
        for stage in STAGE_COLUMNS:
            rate = result.stage_rate(stage)
            stages.append("-" if rate is None else f"{rate:,.0f}")
        table.add_row(
            result.store,
            f"{result.size:,}",
            f"{result.loaded:,}",
            "yes" if result.reconciled else "NO",
            f"{result.elapsed_s:.1f}",
            f"{result.elapsed_s + result.reference_s:.1f}",  # with the reference data
            f"{result.patents_per_s:,.0f}",
            *stages,
        )
    return table
