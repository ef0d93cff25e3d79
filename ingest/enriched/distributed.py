"""NLP enrichment on a Dask cluster (分布式富化): ``patentnav enrich FILES --out DIR``.

The client reads and splits each export (the plain readers, so encodings, preambles and broken
files behave as in ``patentnav ingest``) into partitions of ``partition_rows`` rows and submits
one task per partition; a worker maps, enriches and writes it (``ingest.enriched.partition``)
into ``out_dir``, which must be storage every worker and the loader see. The manifest is written
last, by the client, from the results: a directory without one is not an enriched directory.

Faults: a worker that dies mid-task has its task run again elsewhere by the scheduler (up to
``distributed.scheduler.allowed-failures`` times); a partition's file name is fixed by its
position and written atomically, so a rerun replaces it and no row is lost or counted twice.
Every worker reports its NLP model fingerprint; one that differs from the client's stops the run.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import PatentnavError, SourceFileError
from graph.settings import Settings, get_settings
from ingest.checkpoint import file_key
from ingest.enriched.format import (
    MANIFEST,
    Manifest,
    PartitionEntry,
    SourceEntry,
    remove_abandoned_partials,
    write_manifest,
)
from ingest.enriched.partition import (
    EnrichConfig,
    PartitionResult,
    PartitionTask,
    enrich_partition,
    nlp_model_fingerprint,
    worker_components,
)
from ingest.pipeline import input_files, new_run_id
from ingest.pipeline.components import reference_files_version
from ingest.pipeline.stages import read_batches
from ingest.readers import ReaderLimits, open_source

if TYPE_CHECKING:
    from distributed import Client, Future

logger = logging.getLogger(__name__)

DEFAULT_PARTITION_ROWS = 500
IN_FLIGHT_PER_WORKER = 2  # partitions queued per worker: the client holds no more raw rows than that


class EnrichError(PatentnavError):
    """The distributed enrichment could not be completed as asked."""


def enrich_files(
    paths: Sequence[Path | str],
    out_dir: Path,
    *,
    scheduler: str | None = None,
    local_workers: int = 2,
    partition_rows: int = DEFAULT_PARTITION_ROWS,
    config: EnrichConfig | None = None,
    fmt: str | None = None,
    settings: Settings | None = None,
    on_partition: Callable[[int], None] | None = None,
) -> Manifest:
    """Enrich the exports into ``out_dir`` on the cluster at ``scheduler`` (``tcp://host:8786``)
    or on a local cluster of ``local_workers`` processes; the manifest written."""
    files = input_files(paths)
    settings = settings or get_settings()
    config = config or EnrichConfig(max_text_chars=settings.nlp_max_text_chars)
    _prepare_out_dir(out_dir)
    data_dir = Path(config.data_dir) if config.data_dir else None
    manifest = Manifest(
        run_id=new_run_id(),
        nlp_model=nlp_model_fingerprint(),
        reference=reference_files_version(data_dir),
        analysed=config.analyse,
    )
    mapper, _ = worker_components(EnrichConfig(config.data_dir, config.sme_registry, analyse=False))
    limits = ReaderLimits.from_settings(settings)
    with cluster_client(scheduler, local_workers) as client:
        workers = len(client.scheduler_info()["workers"])
        in_flight = IN_FLIGHT_PER_WORKER * max(1, workers)
        manifest.engine = f"dask {importlib.metadata.version('distributed')}, {workers} workers"
        for index, path in enumerate(files):
            source = SourceEntry(str(path), file_key(path), fmt or "", None, None)
            futures: list[Future[PartitionResult]] = []
            try:
                with open_source(path, fmt, mapper.is_header, limits) as table:
                    source.format, source.encoding, source.header_row = (
                        table.format.value,
                        table.encoding,
                        table.header_row,
                    )
                    try:
                        columns = mapper.resolve(table.headers, str(path))
                        for number, batch in enumerate(read_batches(table.rows, partition_rows)):
                            task = PartitionTask(
                                str(path),
                                index,
                                number,
                                batch.rows,
                                columns,
                                manifest.run_id,
                                str(out_dir),
                                config,
                            )
                            futures.append(client.submit(enrich_partition, task, key=_key(task), pure=False))
                            _throttle(futures, in_flight)
                    finally:
                        source.warnings = table.warnings.as_list()
            except PatentnavError as exc:  # unreadable, missing columns, broken part-way
                logger.error("%s", exc)
                source.error = str(exc)
            results = _results(client, futures, path)
            source.partitions = [_checked(result, manifest, on_partition) for result in results]
            manifest.sources.append(source)
    if removed := remove_abandoned_partials(out_dir):
        logger.info("%d 个中断写入的临时分区文件已删除 (workers lost mid-write)", removed)
    manifest.created = datetime.now(UTC).isoformat(timespec="seconds")
    write_manifest(out_dir, manifest)
    return manifest


@contextmanager
def cluster_client(scheduler: str | None, local_workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster (one thread per worker
    process: spaCy and jieba hold the GIL)."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise EnrichError(f"无法连接调度器 (cannot reach the Dask scheduler) {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, local_workers), threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _prepare_out_dir(out_dir: Path) -> None:
    if (out_dir / MANIFEST).exists():
        raise SourceFileError(
            f"{out_dir}: 目录中已有富化结果, 请换一个目录或先删除它 (already holds an enriched run)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)


def _key(task: PartitionTask) -> str:
    return f"enrich-{task.run_id}-{task.source_index}-{task.partition}"


def _throttle(futures: Sequence[Future[Any]], limit: int) -> None:
    from distributed import wait

    pending = [future for future in futures if not future.done()]
    while len(pending) >= limit:
        wait(pending, return_when="FIRST_COMPLETED")
        pending = [future for future in pending if not future.done()]


def _results(client: Client, futures: list[Future[PartitionResult]], path: Path) -> list[PartitionResult]:
    """The partitions' results in order; a task that failed (or killed its workers again and
    again: ``KilledWorker``) stops the run, naming the file."""
    try:
        results: list[PartitionResult] = client.gather(futures)
    except Exception as exc:  # the task's own exception, re-raised by Dask on the client
        raise EnrichError(f"{path}: 分区富化失败 (a partition failed): {type(exc).__name__}: {exc}") from exc
    return results


def _checked(
    result: PartitionResult, manifest: Manifest, on_partition: Callable[[int], None] | None
) -> PartitionEntry:
    if result.nlp_model != manifest.nlp_model:
        raise EnrichError(
            f"工作节点 {result.entry.worker} 的 NLP 模型与客户端不同, 请在所有节点安装同一版本 "
            f"(worker model {result.nlp_model[:12]} != client {manifest.nlp_model[:12]})"
        )
    if on_partition is not None:
        on_partition(result.entry.read)
    return result.entry
