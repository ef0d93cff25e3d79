"""Ingest benchmark (导入基准): patents/s end to end and per stage, per corpus size and store.

Corpora come from the scale generator (``tools.synthetic.scale.generate_corpus``, incoPat
CSV format) and are cached under ``<cache_dir>/bench/corpora/`` (settings). Every measurement
starts from an empty graph: a fresh SQLite file for the embedded store, and for Neo4j the
project's own server started in a temporary folder for the benchmark (a configured database is never cleared).

Figures: ``e2e`` is loaded patents / wall time of the run without the one-off reference
load; each stage column is patents / seconds the ingest process spent in that stage (read =
parsing the file, normalise = validation and mapping, nlp = segmentation, terms and chain
mapping, or with workers the wait for them, load = store upserts plus the checkpoint).
``jieba`` is the baseline on the same text in the same run: bare jieba (default dictionary,
one core) over each patent's title, abstract and claims; ``x jieba`` = run time / jieba time,
``CPU x jieba`` the same for CPU seconds (ingest process + workers), which a loaded machine
does not distort.
``written`` is the bytes the ingest process wrote to disk (``/proc/self/io`` write_bytes) over
the final size of the store's files; peak RSS is the ingest process's and its largest worker's.
The store ``neo4j-import`` is the first load through ``neo4j-admin database import``
(``ingest.bulk_load``) into the same empty server: its ``load`` is writing the import CSVs, and
``import``, ``restart`` (stop and start around the offline import) and ``schema`` (constraints,
indexes, full-text) are its own columns.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jieba
from rich.console import Console
from rich.table import Table

from graph.settings import Settings, StoreKind
from graph.store import GraphStore
from ingest.pipeline import IngestOptions, default_components, run_ingest
from ingest.pipeline.parallel import die_with_parent, usable_cores

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
    workers: int = 1
    jieba_s: float | None = None  # bare jieba, one core, on the same text
    jieba_cpu_s: float | None = None
    cpu_s: float | None = None  # the ingest process and its workers, user + system
    bytes_written: int | None = None  # by the ingest process (/proc/self/io)
    db_bytes: int | None = None  # the store's files after the run (embedded)
    peak_rss_mb: float | None = None  # the ingest process
    worker_peak_rss_mb: float | None = None  # its largest enrich worker

    @property
    def jieba_ratio(self) -> float | None:
        return self.elapsed_s / self.jieba_s if self.jieba_s else None

    @property
    def cpu_ratio(self) -> float | None:
        """CPU time / bare jieba's: what the run costs whatever else the machine is doing."""
        return self.cpu_s / self.jieba_cpu_s if self.cpu_s and self.jieba_cpu_s else None

    @property
    def write_amplification(self) -> float | None:
        return self.bytes_written / self.db_bytes if self.bytes_written and self.db_bytes else None

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
    n_process: int | None = None,
    batch_size: int | None = None,
    jieba_baseline: bool = True,
    json_path: Path | None = None,
    console: Console | None = None,
) -> list[IngestBenchResult]:
    """Ingest each corpus size into each (empty) store; print and return the figures.

    Each ingest runs in a forked child process, so its peak RSS, its workers' and its bytes
    written are its own, not those of the runs before it."""
    console = console or Console()
    results: list[IngestBenchResult] = []
    neo4j = BenchNeo4j(work_dir)
    workers = n_process or usable_cores()
    try:
        for size in sizes:
            corpus = bench_corpus(size, seed, work_dir, console)
            jieba_s, jieba_cpu_s = jieba_seconds(corpus) if jieba_baseline else (None, None)
            for kind in stores:
                if StoreKind(kind) is StoreKind.NEO4J:
                    neo4j.connection()  # started here, not in the measured child
                run = _Run(kind, size, corpus, work_dir, nlp, workers, batch_size)
                result = dataclasses.replace(_in_child(run, neo4j), jieba_s=jieba_s, jieba_cpu_s=jieba_cpu_s)
                results.append(result)
                console.print(_describe(result))
    finally:
        neo4j.stop()
    console.print(bench_table(results, nlp=nlp, n_process=workers))
    if json_path is not None:
        rows = [{**dataclasses.asdict(r), "patents_per_s": round(r.patents_per_s, 1)} for r in results]
        json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"wrote {json_path}")
    return results


def jieba_seconds(corpus: Path) -> tuple[float, float]:
    """Bare jieba (default dictionary, one core) over each row's title, abstract and claims,
    joined as the NLP stage joins them; only the segmentation is timed."""
    from ingest.columns import ColumnMap, resolve_columns
    from ingest.readers import ReaderLimits, open_source

    def is_header(headers: Sequence[str]) -> bool:
        return "专利名称" in headers or "title" in headers

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    seconds = cpu = 0.0
    with open_source(corpus, None, is_header, ReaderLimits.from_settings(Settings())) as table:
        columns: ColumnMap = resolve_columns(table.headers, str(corpus))
        names = [n for n in (columns.title, columns.abstract, columns.claims) if n]
        for row in table.rows:
            text = "。".join(str(v) for v in (row.raw.get(n) for n in names) if v)
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in tokenizer.cut(text):
                pass
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
    return seconds, cpu


@dataclass(frozen=True, slots=True)
class _Run:
    kind: str
    size: int
    corpus: Path
    work_dir: Path
    nlp: bool
    workers: int
    batch_size: int | None


def _in_child(run: _Run, neo4j: BenchNeo4j) -> IngestBenchResult:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(run, neo4j, send, os.getpid()))
    child.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = ("error", "the bench child died")
    child.join()
    if outcome[0] == "error":
        raise RuntimeError(f"ingest bench {run.kind} {run.size}: {outcome[1]}")
    result: IngestBenchResult = outcome[1]
    return result


def _child_main(run: _Run, neo4j: BenchNeo4j, send: Any, parent: int) -> None:
    die_with_parent(parent)  # a bench stopped by Ctrl-C or kill takes its ingest with it
    try:
        send.send(("ok", _measure(run, neo4j)))
    except BaseException as exc:  # the parent reports it with the run it belongs to
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _measure(run: _Run, neo4j: BenchNeo4j) -> IngestBenchResult:
    run_dir = run.work_dir / f"run-{run.kind}-{run.size}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    components = default_components(with_nlp=run.nlp)
    options = IngestOptions(batch_size=run.batch_size, resume=False, n_process=run.workers)
    written_before, cpu_before = _write_bytes(), _cpu_seconds()
    if run.kind == IMPORT_VARIANT:
        from ingest.bulk_load import bulk_first_load

        with bench_store(StoreKind.NEO4J.value, run_dir, neo4j) as (_, settings):
            pass  # empties our own server, as for the MERGE run
        report = bulk_first_load(
            [run.corpus], neo4j.server(), settings, options, components=components, die_with_parent=True
        )
    else:
        with bench_store(run.kind, run_dir, neo4j) as (store, settings):
            report = run_ingest([run.corpus], store, options, settings=settings, components=components)
    written, cpu = _write_bytes() - written_before, _cpu_seconds() - cpu_before
    reference_s = report.per_stage_s.get("reference", 0.0)
    db_files = [p for p in run_dir.glob("graph.sqlite*") if p.is_file()]
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return IngestBenchResult(
        store=run.kind,
        size=run.size,
        loaded=report.totals.loaded,
        reconciled=report.reconciled,
        elapsed_s=report.elapsed_s - reference_s,
        reference_s=reference_s,
        per_stage_s={k: round(v, 2) for k, v in report.per_stage_s.items() if k != "reference"},
        workers=run.workers,
        cpu_s=round(cpu, 2),
        bytes_written=written,
        db_bytes=sum(p.stat().st_size for p in db_files) if run.kind == "embedded" else None,
        peak_rss_mb=round(own.ru_maxrss / 1024, 1),  # kilobytes on Linux
        worker_peak_rss_mb=round(workers.ru_maxrss / 1024, 1) if workers.ru_maxrss else None,
    )


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the enrich workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _write_bytes() -> int:
    """Bytes this process caused to be written to storage (Linux ``/proc/self/io``)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def _describe(result: IngestBenchResult) -> str:
    jieba = f", {result.jieba_ratio:.2f}x bare jieba ({result.jieba_s:.1f}s)" if result.jieba_ratio else ""
    return (
        f"{result.store} {result.size:,}: {result.loaded:,} loaded in {result.elapsed_s:.1f}s "
        f"= {result.patents_per_s:,.0f} patents/s (reference {result.reference_s:.1f}s){jieba}; "
        f"stages {result.per_stage_s}"
    )


def bench_table(results: Sequence[IngestBenchResult], *, nlp: bool, n_process: int) -> Table:
    table = Table(title=f"ingest benchmark (patents/s; nlp={'on' if nlp else 'off'}, n_process={n_process})")
    columns = ("store", "corpus", "loaded", "reconciled", "seconds", "total s", "e2e/s", *STAGE_COLUMNS)
    for column in (*columns, "x jieba", "CPU x jieba", "peak RSS MB", "written/db"):
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
            "-" if result.jieba_ratio is None else f"{result.jieba_ratio:.2f}",
            "-" if result.cpu_ratio is None else f"{result.cpu_ratio:.2f}",
            _rss(result),
            "-" if result.write_amplification is None else f"{result.write_amplification:.1f}x",
        )
    return table


def _rss(result: IngestBenchResult) -> str:
    if result.peak_rss_mb is None:
        return "-"
    worker = f" + {result.worker_peak_rss_mb:,.0f}/worker" if result.worker_peak_rss_mb else ""
    return f"{result.peak_rss_mb:,.0f}{worker}"
