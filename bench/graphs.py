"""Benchmark graphs (基准图): generated corpora ingested once, cached, and replayed into Neo4j.

A graph of ``size`` generated patents is built through the real ingest pipeline with NLP into
``.cache/bench/<size>-<seed>-<version>.sqlite``. ``version`` hashes what shapes the stored data
(ingest/, nlp/, data/ and the store's write and schema modules), not the read code, so tuning a
query keeps the cache. The batches the pipeline wrote are pickled next to the file and replayed
into Neo4j: the benchmark's own server, or the configured ``PATENTNAV_NEO4J_URI`` if that
database is empty (a non-empty one is refused and left alone).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rich.console import Console

from bench.ingest import BenchNeo4j
from graph.errors import ConfigurationError
from graph.models import PatentBatch, ReferenceBatch
from graph.settings import REPO_ROOT, Settings, StoreKind
from graph.store import GraphStore

logger = logging.getLogger(__name__)

CACHE_DIR = Settings().cache_dir / "bench"
_VERSIONED = (
    "ingest",
    "nlp",
    "data",
    "graph/models.py",
    "graph/schema.py",
    "graph/codes",
    "graph/stores/common.py",
    "graph/stores/properties.py",
    "graph/stores/embedded",
    "graph/chains.py",
    "tools/synthetic",
)  # not graph/stores/neo4j: Neo4j is filled by replaying the pickled batches on every run


@dataclass(frozen=True, slots=True)
class CachedGraph:
    size: int
    db: Path  # embedded store file
    batches: Path  # pickled ("reference" | "patents", batch) records, in ingest order


def graph_version() -> str:
    """Short hash of the code and data that decide what an ingest writes."""
    digest = hashlib.sha256()
    for entry in _VERSIONED:
        root = REPO_ROOT / entry
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts or path.name.startswith("bench"):
                continue
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_graph(
    size: int, seed: int, cache_dir: Path, corpus_dir: Path | None, console: Console
) -> CachedGraph:
    """The embedded graph of ``size`` generated patents, built on first use."""
    stem = f"{size}-{seed}-{graph_version()}"
    graph = CachedGraph(size, cache_dir / f"{stem}.sqlite", cache_dir / f"{stem}.batches.pickle")
    if graph.db.exists() and graph.batches.exists():
        return graph
    from bench.ingest import BENCH_DIR, bench_corpus

    cache_dir.mkdir(parents=True, exist_ok=True)
    for stale in cache_dir.glob(f"{size}-{seed}-*"):
        stale.unlink()
    corpus = bench_corpus(size, seed, corpus_dir or BENCH_DIR, console)
    build = Path(tempfile.mkdtemp(prefix="build-", dir=cache_dir))
    try:
        started = time.perf_counter()
        _ingest_recorded(corpus, build)
        (build / "graph.sqlite").rename(graph.db)
        (build / "batches.pickle").rename(graph.batches)
        console.print(f"built {graph.db} in {time.perf_counter() - started:.0f}s")
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return graph


def _ingest_recorded(corpus: Path, build: Path) -> None:
    from graph.stores.embedded.store import EmbeddedStore
    from ingest.pipeline import IngestOptions, run_ingest

    db = build / "graph.sqlite"
    settings = Settings(db_path=db, store=StoreKind.EMBEDDED)
    options = IngestOptions(
        resume=False, checkpoint_path=build / "checkpoint.sqlite", quarantine_path=build / "quarantine.jsonl"
    )
    store = EmbeddedStore(db)
    try:
        with (build / "batches.pickle").open("wb") as sink:
            report = run_ingest([corpus], _RecordingStore(store, sink), options, settings=settings)
    finally:
        store.close()  # the last connection folds the WAL back into the file
    logger.info("bench graph %s: %d patents loaded", db, report.totals.loaded)


class _RecordingStore:
    """Passes everything to the real store and pickles each upserted batch on the way."""

    def __init__(self, inner: GraphStore, sink: IO[bytes]) -> None:
        self._inner = inner
        self._sink = sink

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def upsert_reference(self, batch: ReferenceBatch) -> None:
        pickle.dump(("reference", batch), self._sink, protocol=pickle.HIGHEST_PROTOCOL)
        self._inner.upsert_reference(batch)

    def first_load(self) -> AbstractContextManager[bool]:
        """None: the recorded batches are replayed into Neo4j as the pipeline cut them."""
        return nullcontext(False)

    def upsert_patents(self, batch: PatentBatch) -> None:
        pickle.dump(("patents", batch), self._sink, protocol=pickle.HIGHEST_PROTOCOL)
        self._inner.upsert_patents(batch)


def replay_batches(store: GraphStore, batches: Path) -> None:
    """Load a cached graph into another store: the same upserts the ingest made."""
    with batches.open("rb") as source:
        while True:
            try:
                kind, batch = pickle.load(source)
            except EOFError:
                return
            if kind == "reference":
                store.upsert_reference(batch)
            else:
                store.upsert_patents(batch)


@contextmanager
def bench_store(
    kind: str, graph: CachedGraph, neo4j: BenchNeo4j, console: Console, configured: Settings | None = None
) -> Iterator[GraphStore]:
    """The cached graph in a store of ``kind``; Neo4j is ``configured`` or ``neo4j``'s own server."""
    from graph.factory import open_store

    if kind != StoreKind.NEO4J.value:
        store = open_store(Settings(store=StoreKind(kind)), db=graph.db)
        try:
            yield store
        finally:
            store.close()
        return
    store = open_store(
        configured.model_copy(update={"store": StoreKind.NEO4J}) if configured else neo4j.settings()
    )
    if configured is not None and any(store.stats().nodes.values()):
        store.close()  # never clear a database we did not fill
        raise ConfigurationError(
            "the configured Neo4j database is not empty; the query bench only loads into an empty "
            "one (unset PATENTNAV_NEO4J_URI to let it start its own server)"
        )
    try:
        started = time.perf_counter()
        replay_batches(store, graph.batches)
        console.print(f"loaded {graph.size:,} patents into neo4j in {time.perf_counter() - started:.0f}s")
        yield store
    finally:
        try:
            store.clear()  # our own server, or a configured database that was empty before
        finally:
            store.close()
