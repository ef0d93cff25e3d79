"""One ingest run (导入): read -> validate/normalise -> dedupe -> enrich (NLP) -> batch -> load.

Stages are plain functions over iterables; this module strings them together per file,
commits a checkpoint after every verified batch and accounts for every row (see
``ingest.reconcile``). Policies, decided here and tested:

* Duplicates: the first row with a publication number wins (``ingest.pipeline.batching``).
* A file that breaks part-way (truncated XLSX, undecodable bytes): the rows read before the
  break are loaded and accounted, the file is reported ``failed`` and the run exits non-zero.
  Running again resumes after the last good row and fails at the same place until the file
  is fixed; a fixed file has a new content hash, so it is read afresh and its rows already
  in the graph count as duplicates.
* A completed file (same content hash and size) is skipped on a re-run (``status: skipped``).
* Reference data is upserted once per store and version (a fingerprint of the reference
  files); it is upserted again when the files changed or the store has lost it.
* ``dry_run``: no store writes, no checkpoint, no NLP; the store (if given) is only read to
  spot duplicates. The quarantine file is written only if a path was given explicitly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import IngestIntegrityError, PatentnavError, SourceFileError
from graph.models import Provenance, ReferenceBatch
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest.checkpoint import CheckpointStore, FileCheckpoint, file_key
from ingest.pipeline.batching import AcceptedRow, BatchWindow, assemble_batch, split_duplicates
from ingest.pipeline.components import Enricher, IngestComponents, MappedPatent, default_components
from ingest.pipeline.observer import IngestObserver, NullObserver, StageClock
from ingest.quarantine import QuarantineEntry, QuarantineWriter
from ingest.readers import RawRow, RowDefect, SourceTable, open_source
from ingest.reconcile import FileReport, FileStatus, IngestReport

logger = logging.getLogger(__name__)

PROBE_SIZE = 5
PROGRESS_EVERY = 200
REFERENCE_META = "reference_version"


@dataclass(slots=True)
class IngestOptions:
    fmt: str | None = None  # csv | xlsx | jsonl; None: from the suffix
    dry_run: bool = False
    batch_size: int | None = None  # None: settings.batch_size
    quarantine_path: Path | None = None  # None: <db dir>/quarantine/<run id>.jsonl (not in a dry run)
    checkpoint_path: Path | None = None  # None: next to the embedded db / under var/ for Neo4j
    sme_registry: Path | None = None
    nlp: bool = True
    resume: bool = True  # False: forget checkpoints and read every file again
    n_process: int = 1
    data_dir: Path | None = None
    run_id: str | None = None


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def default_checkpoint_path(store: GraphStore, settings: Settings) -> Path:
    """Next to the embedded db; for Neo4j under the db's folder, one file per URI + database."""
    if getattr(store, "name", "") == "neo4j":
        tag = hashlib.sha256(f"{settings.neo4j_uri}|{settings.neo4j_database}".encode()).hexdigest()[:10]
        return settings.db_path.parent / f"ingest-checkpoint-neo4j-{tag}.sqlite"
    return settings.db_path.with_name(settings.db_path.name + ".ingest-checkpoint.sqlite")


def default_quarantine_path(settings: Settings, run_id: str) -> Path:
    return settings.db_path.parent / "quarantine" / f"{run_id}.jsonl"


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
    only for a dry run."""
    options = options or IngestOptions()
    settings = settings or get_settings()
    if store is None and not options.dry_run:
        raise PatentnavError("run_ingest needs a store unless it is a dry run")
    if components is None:
        components = default_components(
            data_dir=options.data_dir,
            sme_registry=options.sme_registry,
            with_nlp=options.nlp and not options.dry_run,
            with_reference=not options.dry_run,
            n_process=options.n_process,
        )
    run = IngestRun(store, options, settings, components, observer or NullObserver())
    return run.execute([Path(p) for p in dict.fromkeys(str(p) for p in paths)])


@dataclass(slots=True)
class _FileState:
    path: Path
    key: str
    report: FileReport
    resume_after: int = 0
    claims: dict[str, int] = field(default_factory=dict)
    probe: list[str] = field(default_factory=list)
    batch_index: int = 0
    unreported: int = 0


class IngestRun:
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
        self.run_id = options.run_id or new_run_id()
        self.report = IngestReport(run_id=self.run_id, dry_run=options.dry_run)
        self.clock = StageClock()
        self.seen: set[str] = set()  # pub_nos accepted in this run
        self.enricher: Enricher | None = None
        self.checkpoint: CheckpointStore | None = None
        quarantine_path = options.quarantine_path
        if quarantine_path is None and not options.dry_run:
            quarantine_path = default_quarantine_path(settings, self.run_id)
        self.quarantine = QuarantineWriter(quarantine_path)
        if store is not None and not options.dry_run:
            path = options.checkpoint_path or default_checkpoint_path(store, settings)
            self.checkpoint = CheckpointStore(path)
            self.report.checkpoint = str(path)

    def execute(self, paths: Sequence[Path]) -> IngestReport:
        started = time.perf_counter()
        try:
            self._prepare()
            for path in paths:
                report = self._ingest_file(path)
                self.report.files[str(path)] = report
                self.observer.file_finished(report)
                logger.info("%s: %s %s", path, report.status.value, report.as_dict())
        finally:
            self.quarantine.close()
            if self.checkpoint is not None:
                self.checkpoint.close()
            self.report.elapsed_s = time.perf_counter() - started
            self.report.per_stage_s = dict(self.clock.seconds)
            if self.quarantine.written:
                self.report.quarantine = str(self.quarantine.path) if self.quarantine.path else None
        return self.report

    # ----------------------------------------------------------------- reference data

    def _prepare(self) -> None:
        if self.store is None or self.options.dry_run:
            return
        reference = None
        with self.clock.stage("reference"):
            self.store.ensure_schema()
            if self.components.reference is not None:
                reference = self._ensure_reference()
                self.report.reference_loaded = reference is not None
        if self.components.enricher is not None:
            with self.clock.stage("nlp"):  # building the pipeline is part of the NLP cost
                self.enricher = self.components.enricher(reference)

    def _ensure_reference(self) -> ReferenceBatch | None:
        """Upsert reference data unless this version is in the store already; the batch if written.

        The version comes from the reference files (cheap) when the components can tell it,
        else from the loaded batch. "In the store" means the checkpoint recorded this version
        *and* the store still holds as many chain nodes as it did (it was not cleared since).
        """
        assert self.store is not None and self.components.reference is not None
        recorded = json.loads(self.checkpoint.get_meta(REFERENCE_META) or "{}") if self.checkpoint else {}
        version = self.components.reference_version() if self.components.reference_version else None
        if version is not None and self._reference_present(recorded, version):
            return None
        reference = self.components.reference()
        version = version or hashlib.sha256(repr(reference).encode()).hexdigest()
        if self._reference_present(recorded, version):
            return None
        self.store.upsert_reference(reference)
        if self.checkpoint is not None:
            marker = {"version": version, "chain_nodes": len(reference.chain_nodes)}
            self.checkpoint.set_meta(REFERENCE_META, json.dumps(marker))
        return reference

    def _reference_present(self, recorded: dict[str, object], version: str) -> bool:
        assert self.store is not None
        if recorded.get("version") != version:
            return False
        present = len(self.store.chain_nodes()) == recorded.get("chain_nodes")
        if present:
            logger.info("reference data %s already loaded", version[:12])
        return present

    # ----------------------------------------------------------------- one file

    def _ingest_file(self, path: Path) -> FileReport:
        report = FileReport(path=str(path))
        try:
            key = file_key(path)
        except OSError as exc:
            return _failed(report, SourceFileError(f"{path}: cannot read the file: {exc}"))
        previous = self._checkpoint_for(key, path)
        if previous is not None and previous.done:
            report.status = FileStatus.SKIPPED
            report.skipped_rows = previous.counts.read
            return report
        state = _FileState(path, key, report)
        if previous is not None:
            self._restore(state, previous)
        self.observer.file_started(path, path.stat().st_size)
        try:
            table = open_source(path, self.options.fmt, self.components.mapper.is_header)
        except SourceFileError as exc:
            return _failed(report, exc)
        with table:
            report.format, report.encoding = table.format.value, table.encoding
            report.header_row = table.header_row
            try:
                columns = self.components.mapper.resolve(table.headers, str(path))
                self._stream(state, table, columns)
            except PatentnavError as exc:  # broken file, missing columns, unconfirmed write
                return _failed(report, exc)
        if self.options.dry_run:
            report.status = FileStatus.DRY_RUN
        elif previous is None:
            report.status = FileStatus.LOADED
        return report

    def _checkpoint_for(self, key: str, path: Path) -> FileCheckpoint | None:
        if self.checkpoint is None or self.store is None:
            return None
        previous = self.checkpoint.load(key)
        if previous is None:
            return None
        if not self.options.resume:
            self.checkpoint.forget(key)
            return None
        if previous.probe and self.store.existing_pub_nos(previous.probe) != set(previous.probe):
            logger.warning("%s: checkpoint does not match the store (cleared?); reading afresh", path)
            self.checkpoint.forget(key)
            return None
        return previous

    def _restore(self, state: _FileState, previous: FileCheckpoint) -> None:
        state.report.status = FileStatus.RESUMED
        state.report.counts.add(previous.counts)
        state.report.restored = previous.counts.read
        state.resume_after = previous.last_row
        state.claims = previous.pending
        state.probe = previous.probe
        logger.info(
            "%s: resuming after row %d (%d rows restored)",
            state.path,
            previous.last_row,
            previous.counts.read,
        )

    def _stream(self, state: _FileState, table: SourceTable, columns: object) -> None:
        window = BatchWindow()
        try:
            for raw_row in self.clock.timed(table.rows, "read"):
                if raw_row.row <= state.resume_after:
                    continue
                self._accept(state, window, raw_row, columns)
                if window.full(self.batch_size):
                    self._flush(state, window, done=False)
                    window = BatchWindow()
        except SourceFileError:
            self._flush(state, window, done=False)  # keep what was read before the break
            raise
        self._flush(state, window, done=True)

    def _accept(self, state: _FileState, window: BatchWindow, raw_row: RawRow, columns: object) -> None:
        window.counts.read += 1
        window.last_row = raw_row.row
        self._report_progress(state, 1)
        result = raw_row.defect or self._map(state, raw_row, columns)
        if isinstance(result, RowDefect):
            window.counts.rejected += 1
            entry = QuarantineEntry(
                str(state.path), raw_row.row, result.field, result.reason, raw_row.raw, self.run_id
            )
            window.rejected.append(entry)
            return
        pub_no = result.patent.pub_no
        if pub_no in self.seen:
            window.counts.duplicates += 1
            return
        self.seen.add(pub_no)
        window.accepted.append(AcceptedRow(raw_row.row, result))

    def _map(self, state: _FileState, raw_row: RawRow, columns: object) -> MappedPatent | RowDefect:
        provenance = Provenance(str(state.path), raw_row.row, self.run_id)
        with self.clock.stage("normalise"):
            try:
                return self.components.mapper.map(raw_row.raw, columns, provenance)
            except Exception as exc:  # a mapping bug must not lose the row: quarantine it
                logger.exception("%s row %d: mapping failed", state.path, raw_row.row)
                return RowDefect("_internal", f"{type(exc).__name__}: {exc}")

    def _flush(self, state: _FileState, window: BatchWindow, *, done: bool) -> None:
        survivors: list[AcceptedRow] = []
        if window.accepted:
            with self.clock.stage("dedupe"):
                pub_nos = [item.pub_no for item in window.accepted]
                existing = self.store.existing_pub_nos(pub_nos) if self.store is not None else set()
                survivors, duplicates = split_duplicates(window.accepted, existing, state.claims)
            window.counts.duplicates += duplicates
        window.counts.loaded += self._load(state, survivors)
        state.report.counts.add(window.counts)
        self.quarantine.write(window.rejected)
        if window.counts.loaded != len(survivors):
            raise IngestIntegrityError(
                f"{state.path}: the store confirmed {window.counts.loaded} of {len(survivors)} patents "
                f"of the batch ending at row {window.last_row}"
            )
        if self.checkpoint is not None:
            if survivors:
                state.probe = [item.pub_no for item in survivors[-PROBE_SIZE:]]
            last_row = max(window.last_row, state.resume_after)
            self.checkpoint.commit(
                state.key, str(state.path), last_row, state.report.counts, state.probe, self.run_id, done
            )
            state.resume_after = last_row
        self.observer.batch_committed(state.path, state.batch_index)
        state.batch_index += 1
        self._report_progress(state, 0, force=True)

    def _load(self, state: _FileState, survivors: list[AcceptedRow]) -> int:
        """Enrich and write the batch; returns how many patents the store confirms."""
        if not survivors or self.options.dry_run or self.store is None:
            return len(survivors)
        enrichment = None
        if self.enricher is not None:
            with self.clock.stage("nlp"):
                enrichment = self.enricher.enrich([item.mapped.patent for item in survivors])
        with self.clock.stage("load"):
            if self.checkpoint is not None:
                self.checkpoint.claim(state.key, [(item.pub_no, item.row) for item in survivors])
            self.store.upsert_patents(assemble_batch(survivors, enrichment))
            self.observer.batch_written(state.path, state.batch_index)
            pub_nos = [item.pub_no for item in survivors]
            return len(self.store.existing_pub_nos(pub_nos) & set(pub_nos))

    def _report_progress(self, state: _FileState, rows: int, *, force: bool = False) -> None:
        state.unreported += rows
        if state.unreported and (force or state.unreported >= PROGRESS_EVERY):
            self.observer.rows_processed(state.path, state.unreported)
            state.unreported = 0


def _failed(report: FileReport, exc: PatentnavError) -> FileReport:
    logger.error("%s", exc)
    report.status = FileStatus.FAILED
    report.error = str(exc)
    return report
