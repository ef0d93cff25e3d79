"""The ingest runner (导入): per file, read -> map -> dedupe -> enrich -> load (``stages``), with
the checkpoint, the quarantine, progress and the report owned here, since they outlive a batch.

Policies, decided here and tested:

* Every row is accounted for (``ingest.reconcile``): a batch's counts join the file's report,
  its rejected rows the quarantine, then its checkpoint is committed (断点续传).
* Duplicates: the first row with a publication number wins (``ingest.pipeline.batches``); a
  later row of the run that disagrees is reported in ``conflicts`` with the fields that differ.
* Warnings about a file (preamble skipped, duplicate columns, a second encoding, a header
  with no rows, texts cut for NLP) are in its report (``FileReport.warnings``).
* The checkpoint belongs to the database (its ``store_id``), not to its address: a Neo4j
  restarted on another port resumes; a checkpoint recorded for another database is reset.
* A file that breaks part-way (truncated XLSX, undecodable bytes): the rows read before the
  break are loaded and accounted, the file is reported ``failed`` and the run exits non-zero.
  Running again resumes after the last good row and fails at the same place until the file
  is fixed; a fixed file has a new content hash, so it is read afresh and its rows already
  in the graph count as duplicates.
* A completed file (same content hash and size) is skipped on a re-run (``status: skipped``).
* Errors by class: a bad row is quarantined; a terminal error of one file (unreadable, missing
  columns, a batch the store did not confirm) fails that file and the run goes on; a store
  call is retried on a ``TransientError`` (``retry``) and any failure left stops the run
  (``IngestStoreError``, naming the file and rows): later files are reported ``not_read``.
* Input files that do not exist stop the run before anything is created.
* ``dry_run``: no store writes, no checkpoint, no NLP; the store (if given) is only read to
  spot duplicates. The quarantine file is written only if a path was given explicitly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from graph.errors import IngestIntegrityError, IngestStoreError, PatentnavError, SourceFileError
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest.checkpoint import CheckpointStore, FileCheckpoint, file_key
from ingest.pipeline.batches import EnrichedBatch, FirstSeen, LoadedBatch, MappedBatch, UniqueBatch
from ingest.pipeline.components import Enricher, IngestComponents, default_components
from ingest.pipeline.observer import IngestObserver, NullObserver, StageClock
from ingest.pipeline.options import (
    IngestOptions,
    default_checkpoint_path,
    default_quarantine_path,
    input_files,
    new_run_id,
    store_identity,
)
from ingest.pipeline.parallel import enrich_batches, usable_cores
from ingest.pipeline.prepare import prepare_store
from ingest.pipeline.retry import store_call
from ingest.pipeline.stages import (
    SourceRef,
    count_only,
    drop_duplicates,
    gather_batches,
    load_group,
    map_batch,
    read_batches,
)
from ingest.quarantine import QuarantineWriter
from ingest.readers import FileWarnings, ReaderLimits, SourceTable, open_source
from ingest.reconcile import FileReport, FileStatus, IngestReport

logger = logging.getLogger(__name__)

PROBE_SIZE = 5
STORE_ID_META = "store_id"
MAX_REPORTED_CONFLICTS = 20  # per file; ``conflict_count`` has them all


def run_ingest(
    paths: Sequence[Path | str],
    store: GraphStore | None,
    options: IngestOptions | None = None,
    *,
    settings: Settings | None = None,
    observer: IngestObserver | None = None,
    components: IngestComponents | None = None,
) -> IngestReport:
    """Ingest patent exports into ``store`` and account for every row. ``store`` may be None
    only for a dry run. ``SourceFileError`` before anything is created if an input is missing."""
    options = options or IngestOptions()
    settings = settings or get_settings()
    files = input_files(paths)
    if store is None and not options.dry_run:
        raise PatentnavError("run_ingest needs a store unless it is a dry run")
    if components is None:
        components = default_components(
            data_dir=options.data_dir,
            sme_registry=options.sme_registry,
            with_nlp=options.nlp and not options.dry_run,
            with_reference=not options.dry_run,
            nlp_max_text_chars=settings.nlp_max_text_chars,
        )
    report = IngestRunner(store, options, settings, components, observer or NullObserver()).run(files)
    if store is not None and not options.dry_run and report.stopped is None:
        rematch_demands(store, report.run_id)
    return report


def rematch_demands(store: GraphStore, run_id: str) -> None:
    """The demand registry's hook (需求库): open demands are matched again after every run."""
    from graph.navigation.demands import rematch_open_demands

    try:
        rematch_open_demands(store, run_id)
    except PatentnavError as exc:  # the ingest itself succeeded; its report stands
        logger.error("run %s: matching open demands failed: %s", run_id, exc)


@dataclass(slots=True)
class FileState:
    path: Path
    key: str
    report: FileReport
    resume_after: int = 0
    claims: dict[str, int] = field(default_factory=dict)
    probe: list[str] = field(default_factory=list)
    warnings: FileWarnings = field(default_factory=FileWarnings)  # from the stages (texts cut for NLP)


class IngestRunner:
    """One run over a list of files; ``run`` once."""

    def __init__(
        self,
        store: GraphStore | None,
        options: IngestOptions,
        settings: Settings,
        components: IngestComponents,
        observer: IngestObserver,
    ) -> None:
        self.store = store
        self.options = options
        self.components = components
        self.observer = observer
        self.batch_size = max(1, options.batch_size or settings.batch_size)
        self.load_rows = 1  # rows per store write: each batch alone, unless a first load (run)
        self.workers = options.n_process or usable_cores()
        self.limits = ReaderLimits.from_settings(settings)
        self.run_id = options.run_id or new_run_id()
        self.report = IngestReport(run_id=self.run_id, dry_run=options.dry_run)
        self.clock = StageClock()
        self.seen: dict[str, FirstSeen] = {}  # pub_nos accepted in this run
        self.enricher: Enricher | None = None
        self.checkpoint: CheckpointStore | None = None
        quarantine_path = options.quarantine_path
        if quarantine_path is None and not options.dry_run:
            quarantine_path = default_quarantine_path(settings, self.run_id)
        self.quarantine = QuarantineWriter(quarantine_path)
        self.settings = settings

    def run(self, paths: Sequence[Path]) -> IngestReport:
        started = time.perf_counter()
        try:
            self._prepare()
            with self._first_load() as first:
                if first:  # the store was empty: batches gathered into larger writes
                    self.load_rows = max(self.batch_size, self.settings.ingest_first_load_rows)
                for path in paths:
                    self._run_file(path)
        finally:
            self.quarantine.close()
            if self.checkpoint is not None:
                self.checkpoint.close()
            self.report.elapsed_s = time.perf_counter() - started
            self.report.per_stage_s = dict(self.clock.seconds)
            if self.quarantine.written:
                self.report.quarantine = str(self.quarantine.path) if self.quarantine.path else None
        return self.report

    def _run_file(self, path: Path) -> None:
        if self.report.stopped is not None:
            self.report.files[str(path)] = FileReport(str(path), FileStatus.NOT_READ)
            return
        report = self._ingest_file(path)
        self.report.files[str(path)] = report
        self.observer.file_finished(report)
        logger.info("%s: %s %s", path, report.status.value, report.as_dict())

    @contextmanager
    def _first_load(self) -> Iterator[bool]:
        """The store's first-load bracket (``GraphStore.first_load``), its end charged to the
        "index" stage; none for a dry run."""
        if self.store is None or self.options.dry_run or self.report.stopped is not None:
            yield False
            return
        bracket = self.store.first_load()
        first = bracket.__enter__()
        try:
            yield first
        except BaseException as exc:
            with self.clock.stage("index"):
                if not bracket.__exit__(type(exc), exc, exc.__traceback__):
                    raise
        else:
            with self.clock.stage("index"):
                bracket.__exit__(None, None, None)

    def _prepare(self) -> None:
        if self.store is None or self.options.dry_run:
            return
        try:
            self._open_checkpoint(self.store)
            self.enricher, self.report.reference_loaded = prepare_store(
                self.store, self.components, self.checkpoint, self.clock, self.options.retry
            )
        except IngestStoreError as exc:
            logger.error("%s", exc)
            self.report.stopped = str(exc)

    def _open_checkpoint(self, store: GraphStore) -> None:
        """The checkpoint of this database: found by its identity; one recorded for another
        database (the file was replaced, a backup restored elsewhere) is reset."""
        store_id = store_call(self.options.retry, lambda: store_identity(store), "图存储标识 (store id)")
        path = self.options.checkpoint_path or default_checkpoint_path(store, self.settings, store_id)
        self.checkpoint = CheckpointStore(path)
        self.report.checkpoint = str(path)
        recorded = self.checkpoint.get_meta(STORE_ID_META)
        if store_id is not None and recorded not in (None, store_id):
            logger.warning("%s: checkpoint of another database (%s); starting afresh", path, recorded)
            self.checkpoint.reset()
        if store_id is not None:
            self.checkpoint.set_meta(STORE_ID_META, store_id)

    # ----------------------------------------------------------------- one file

    def _ingest_file(self, path: Path) -> FileReport:
        report = FileReport(path=str(path))
        try:
            self._read_file(path, report)
        except IngestStoreError as exc:  # the store failed for good: no point reading on
            self.report.stopped = str(exc)
            _failed(report, exc)
        except PatentnavError as exc:  # this file: unreadable, missing columns, unconfirmed write
            _failed(report, exc)
        return report

    def _read_file(self, path: Path, report: FileReport) -> None:
        try:
            key = file_key(path)
        except OSError as exc:
            raise SourceFileError(f"{path}: cannot read the file: {exc}") from exc
        begun = self._begin_file(path, key, report, path.stat().st_size)
        if begun is None:
            return
        state, previous = begun
        with open_source(path, self.options.fmt, self.components.mapper.is_header, self.limits) as table:
            report.format, report.encoding = table.format.value, table.encoding
            report.header_row = table.header_row
            try:
                columns = self.components.mapper.resolve(table.headers, str(path))
                for batch in self._batches(state, table, columns):
                    self._commit(state, batch)
            finally:
                for message in state.warnings.as_list():
                    table.warnings.add(message)
                report.warnings = table.warnings.as_list()
            self._end_file(state, previous)

    def _begin_file(
        self, path: Path, key: str, report: FileReport, size: int
    ) -> tuple[FileState, FileCheckpoint | None] | None:
        """The file's state, restored from its checkpoint; None (and SKIPPED) when it is done."""
        previous = self._checkpoint_for(key, path)
        if previous is not None and previous.done:
            report.status = FileStatus.SKIPPED
            report.skipped_rows = previous.counts.read
            return None
        state = FileState(path, key, report)
        if previous is not None:
            self._restore(state, previous)
        self.observer.file_started(path, size)
        return state, previous

    def _end_file(self, state: FileState, previous: FileCheckpoint | None) -> None:
        """Every batch committed: the file is done in the checkpoint and its status set."""
        report = state.report
        if report.counts.read == 0 and state.resume_after == 0:
            report.warnings.append("文件只有表头, 没有数据行 (header only: no data rows)")
        self._commit_done(state)
        if self.options.dry_run:
            report.status = FileStatus.DRY_RUN
        elif previous is None:
            report.status = FileStatus.LOADED

    def _batches(self, state: FileState, table: SourceTable, columns: Any) -> Iterator[LoadedBatch]:
        """The stages, chained lazily; the enrich stage runs a few batches ahead on worker
        processes (``parallel``), everything else here, one batch at a time, in order."""
        clock = self.clock
        source = SourceRef(str(state.path), self.run_id)
        mapper = self.components.mapper
        raw = read_batches(clock.timed(table.rows, "read"), self.batch_size, state.resume_after)
        mapped = clock.each(raw, "normalise", lambda b: map_batch(b, mapper, columns, source))
        return self._dedupe_and_load(
            state, mapped, lambda unique: enrich_batches(unique, self.enricher, self.workers, clock)
        )

    def _dedupe_and_load(
        self,
        state: FileState,
        mapped: Iterator[MappedBatch],
        enrich: Callable[[Iterator[UniqueBatch]], Iterator[EnrichedBatch]],
    ) -> Iterator[LoadedBatch]:
        """The stages after mapping, shared by every source of mapped batches: dedupe, then
        (unless nothing is written) ``enrich`` and load."""
        clock, store, retry = self.clock, self.store, self.options.retry
        source = SourceRef(str(state.path), self.run_id)
        unique = clock.each(
            mapped, "dedupe", lambda b: drop_duplicates(b, self.seen, state.claims, store, retry, source)
        )
        if store is None or self.options.dry_run:
            return (count_only(batch) for batch in unique)
        written = partial(self.observer.batch_written, state.path)
        groups = gather_batches(enrich(unique), self.load_rows)
        claim = partial(self._claim, state.key)
        loaded = clock.each(groups, "load", lambda g: load_group(g, store, retry, source, claim, written))
        return (batch for group in loaded for batch in group)

    def _claim(self, key: str, pairs: list[tuple[str, int]]) -> None:
        if self.checkpoint is not None:
            self.checkpoint.claim(key, pairs)

    def _commit(self, state: FileState, batch: LoadedBatch) -> None:
        """The batch's counts join the report, its rejected rows the quarantine; then the checkpoint."""
        ledger = batch.ledger
        state.report.counts.add(ledger.counts)
        for message in ledger.warnings:
            state.warnings.add(message)
        state.report.conflict_count += len(ledger.conflicts)
        room = MAX_REPORTED_CONFLICTS - len(state.report.conflicts)
        state.report.conflicts.extend(ledger.conflicts[: max(0, room)])
        self.quarantine.write(ledger.rejected)
        if not batch.confirmed:
            raise IngestIntegrityError(
                f"{state.path}: the store confirmed {ledger.counts.loaded} of {len(batch.written)} "
                f"patents of the batch ending at row {ledger.last_row}"
            )
        if self.checkpoint is not None:
            if batch.written:
                state.probe = batch.written[-PROBE_SIZE:]
            state.resume_after = max(ledger.last_row, state.resume_after)
            self._commit_checkpoint(state, done=False)
        self.observer.batch_committed(state.path, ledger.index)
        self.observer.rows_processed(state.path, ledger.counts.read)

    def _commit_done(self, state: FileState) -> None:
        if self.checkpoint is not None:
            self._commit_checkpoint(state, done=True)

    def _commit_checkpoint(self, state: FileState, *, done: bool) -> None:
        assert self.checkpoint is not None
        path, counts, probe = str(state.path), state.report.counts, state.probe
        self.checkpoint.commit(state.key, path, state.resume_after, counts, probe, self.run_id, done)

    def _checkpoint_for(self, key: str, path: Path) -> FileCheckpoint | None:
        if self.checkpoint is None or self.store is None:
            return None
        previous = self.checkpoint.load(key)
        if previous is None:
            return None
        if not self.options.resume:
            self.checkpoint.forget(key)
            return None
        store, probe = self.store, previous.probe
        where = f"{path}: 断点核对 (checkpoint probe)"
        retry = self.options.retry
        if probe and store_call(retry, lambda: store.existing_pub_nos(probe), where) != set(probe):
            logger.warning("%s: checkpoint does not match the store (cleared?); reading afresh", path)
            self.checkpoint.forget(key)
            return None
        return previous

    def _restore(self, state: FileState, previous: FileCheckpoint) -> None:
        state.report.status = FileStatus.RESUMED
        state.report.counts.add(previous.counts)
        state.report.restored = previous.counts.read
        state.resume_after = previous.last_row
        state.claims = previous.pending
        state.probe = previous.probe
        restored = previous.counts.read
        logger.info("%s: resuming after row %d (%d rows restored)", state.path, previous.last_row, restored)


def _failed(report: FileReport, exc: PatentnavError) -> None:
    logger.error("%s", exc)
    report.status = FileStatus.FAILED
    report.error = str(exc)
