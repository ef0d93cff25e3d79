"""Loading enriched batches (富化批次导入): ``patentnav ingest --enriched DIR`` for both stores.

The run is the plain ingest runner with its read and map stages replaced by the partitions'
lines: dedupe (``drop_duplicates``), load (``load_group``), the checkpoint, the quarantine and
the report are the runner's own, so ``read = loaded + duplicates + rejected`` holds per source
file, summed over its partitions. The checkpoint is keyed by the source file's content key
(recorded in the manifest), so a file already ingested plainly is skipped, and an interrupted
load resumes after the last committed row. The load's run id is the manifest's: the records'
provenance, the quarantine and the report name the same run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from graph.errors import SourceFileError
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from ingest.enriched.format import (
    EnrichedRow,
    Manifest,
    RejectedRow,
    SourceEntry,
    read_manifest,
    read_partition,
)
from ingest.pipeline import (
    IngestComponents,
    IngestObserver,
    IngestOptions,
    NullObserver,
    default_components,
)
from ingest.pipeline.batches import (
    AcceptedRow,
    EnrichedBatch,
    LoadedBatch,
    MappedBatch,
    UniqueBatch,
)
from ingest.pipeline.components import Enrichment, reference_files_version
from ingest.pipeline.runner import FileState, IngestRunner, rematch_demands
from ingest.pipeline.stages import SourceRef, open_ledger, reject_row
from ingest.reconcile import FileReport, IngestReport

Line = EnrichedRow | RejectedRow


def run_enriched_ingest(
    directory: Path,
    store: GraphStore | None,
    options: IngestOptions | None = None,
    *,
    settings: Settings | None = None,
    observer: IngestObserver | None = None,
    components: IngestComponents | None = None,
) -> IngestReport:
    """Load an enriched directory into ``store``; ``SourceFileError`` before anything is written
    when the directory is not a readable enriched directory or was made from other reference data."""
    manifest = read_manifest(directory)
    options = options or IngestOptions()
    settings = settings or get_settings()
    if options.run_id is None:
        options = replace(options, run_id=manifest.run_id)
    here = reference_files_version(options.data_dir)
    if manifest.reference != here:
        raise SourceFileError(
            f"{directory}: 富化时的参考数据与本机不同, 请用同一份 data/ 重新富化 "
            f"(reference data differ: enriched with {manifest.reference[:12]}, here {here[:12]})"
        )
    if components is None:
        components = default_components(
            data_dir=options.data_dir, with_nlp=False, with_reference=not options.dry_run
        )
    components = replace(components, enricher=None)  # the records are enriched already
    runner = EnrichedIngestRunner(store, options, settings, components, observer or NullObserver())
    report = runner.load(directory, manifest)
    if store is not None and not options.dry_run and report.stopped is None:
        rematch_demands(store, report.run_id)
    return report


class EnrichedIngestRunner(IngestRunner):
    """The ingest runner over an enriched directory: one manifest source is one file."""

    directory: Path
    sources: dict[str, SourceEntry]

    def load(self, directory: Path, manifest: Manifest) -> IngestReport:
        self.directory = directory
        self.sources = {source.path: source for source in manifest.sources}
        return self.run([Path(source.path) for source in manifest.sources])

    def _read_file(self, path: Path, report: FileReport) -> None:
        source = self.sources[str(path)]
        begun = self._begin_file(path, source.key, report, 0)
        if begun is None:
            return
        state, previous = begun
        report.format, report.encoding, report.header_row = source.format, source.encoding, source.header_row
        for message in source.warnings:
            state.warnings.add(message)
        try:
            for batch in self._enriched_batches(state, source):
                self._commit(state, batch)
        finally:
            report.warnings = state.warnings.as_list()
        if source.error is not None:  # as a plain ingest: rows before the break loaded, file failed
            raise SourceFileError(source.error)
        self._end_file(state, previous)

    def _enriched_batches(self, state: FileState, source: SourceEntry) -> Iterator[LoadedBatch]:
        """The runner's dedupe and load stages over the partitions' lines, batch by batch."""
        ref = SourceRef(str(state.path), self.run_id)
        lines = self.clock.timed(self._lines(source, state), "read")
        mapped = (_mapped_batch(index, chunk, ref) for index, chunk in _chunks(lines, self.batch_size))
        return self._dedupe_and_load(state, mapped, lambda unique: map(attach_enrichment, unique))

    def _lines(self, source: SourceEntry, state: FileState) -> Iterator[Line]:
        for entry in sorted(source.partitions, key=lambda p: p.first_row):
            if entry.last_row <= state.resume_after:
                continue
            for message in entry.warnings:
                state.warnings.add(message)
            for line in read_partition(self.directory, entry):
                if line.row > state.resume_after:
                    yield line


def _chunks(lines: Iterator[Line], size: int) -> Iterator[tuple[int, list[Line]]]:
    pending: list[Line] = []
    index = 0
    for line in lines:
        pending.append(line)
        if len(pending) >= size:
            yield index, pending
            index, pending = index + 1, []
    if pending:
        yield index, pending


def _mapped_batch(index: int, lines: list[Line], source: SourceRef) -> MappedBatch:
    """The map stage's output, from lines mapped on the workers."""
    ledger = open_ledger(index, lines)
    accepted: list[AcceptedRow] = []
    for line in lines:
        if isinstance(line, RejectedRow):
            reject_row(ledger, source, line.row, line.field, line.reason, line.raw)
        else:
            accepted.append(AcceptedRow(line.row, line))
    return MappedBatch(ledger, accepted)


def attach_enrichment(batch: UniqueBatch) -> EnrichedBatch:
    """The enrichment of the rows to write, joined from their lines (the enrich stage's output)."""
    if not batch.rows:
        return EnrichedBatch(batch.ledger, batch.rows, None)
    lines = [item.mapped for item in batch.rows]
    assert all(isinstance(line, EnrichedRow) for line in lines)
    enriched = [line for line in lines if isinstance(line, EnrichedRow)]
    enrichment = Enrichment(
        patents=[line.patent for line in enriched],
        # every name form goes to the store, which keeps the smallest (as in the plain path)
        technologies=[tech for line in enriched for tech in line.technologies],
        technology_links=[link for line in enriched for link in line.technology_links],
        chain_links=[link for line in enriched for link in line.chain_links],
    )
    return EnrichedBatch(batch.ledger, batch.rows, enrichment)
