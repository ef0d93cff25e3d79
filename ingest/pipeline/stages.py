"""The ingest stages (导入阶段): read -> map -> dedupe -> enrich -> load, one plain function each.

``read_batches`` turns a file's rows into batches; every other stage takes one batch of the
previous stage's type and returns the next (``StageClock.each`` chains them lazily over the
stream and charges each its time). Stages settle their own count on the batch's ledger. They
hold no state of the run: the set of publication numbers seen so far and the checkpoint's
claims are passed in, and the store is reached only through ``store_call`` (retry by type).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.errors import SourceFileError
from graph.models import Provenance
from graph.store import GraphStore
from ingest.pipeline.batches import (
    AcceptedRow,
    BatchLedger,
    EnrichedBatch,
    FirstSeen,
    LoadedBatch,
    MappedBatch,
    RawBatch,
    UniqueBatch,
    assemble_batch,
    conflict,
    first_seen,
    merge_patent_batches,
    split_duplicates,
)
from ingest.pipeline.components import Enricher, MappedPatent, RowMapper
from ingest.pipeline.retry import RetryPolicy, store_call
from ingest.quarantine import QuarantineEntry
from ingest.readers import RawRow, RowDefect

logger = logging.getLogger(__name__)
C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The file being read and the run reading it: provenance, quarantine entries, messages."""

    path: str
    run_id: str

    def rows(self, ledger: BatchLedger) -> str:
        return self.span(ledger, ledger)

    def span(self, first: BatchLedger, last: BatchLedger) -> str:
        span = f"{first.first_row}-{last.last_row}"
        return f"{self.path} 第 {span} 行 (rows {span})"


def read_batches(rows: Iterable[RawRow], batch_size: int, resume_after: int = 0) -> Iterator[RawBatch]:
    """Batches of ``batch_size`` rows after row ``resume_after``. When the file breaks part-way
    (``SourceFileError``), the rows read before the break come out as a last batch first."""
    pending: list[RawRow] = []
    index = 0
    try:
        for raw in rows:
            if raw.row <= resume_after:
                continue
            pending.append(raw)
            if len(pending) >= batch_size:
                yield _raw_batch(index, pending)
                index, pending = index + 1, []
    except SourceFileError:
        if pending:
            yield _raw_batch(index, pending)
        raise
    if pending:
        yield _raw_batch(index, pending)


def open_ledger(index: int, rows: Sequence[Any]) -> BatchLedger:
    """The ledger of a batch of ``rows`` (each with its source ``row`` number), all counted read."""
    ledger = BatchLedger(index, rows[0].row, rows[-1].row)
    ledger.counts.read = len(rows)
    return ledger


def reject_row(ledger: BatchLedger, source: SourceRef, row: int, field: str, reason: str, raw: Any) -> None:
    """A rejected row: counted in the ledger, its quarantine entry kept for the commit."""
    ledger.counts.rejected += 1
    ledger.rejected.append(QuarantineEntry(source.path, row, field, reason, raw, source.run_id))


def _raw_batch(index: int, rows: list[RawRow]) -> RawBatch:
    return RawBatch(open_ledger(index, rows), rows)


def map_batch(batch: RawBatch, mapper: RowMapper[C], columns: C, source: SourceRef) -> MappedBatch:
    """Validate and normalise each row; reader defects and rejected rows go to the ledger."""
    ledger = batch.ledger
    accepted: list[AcceptedRow] = []
    for raw in batch.rows:
        result = raw.defect or _map_row(raw, mapper, columns, source)
        if isinstance(result, RowDefect):
            reject_row(ledger, source, raw.row, result.field, result.reason, raw.raw)
        else:
            accepted.append(AcceptedRow(raw.row, result))
    return MappedBatch(ledger, accepted)


def _map_row(raw: RawRow, mapper: RowMapper[C], columns: C, source: SourceRef) -> MappedPatent | RowDefect:
    provenance = Provenance(source.path, raw.row, source.run_id)
    try:
        return mapper.map(raw.raw, columns, provenance)
    except Exception as exc:  # a mapping bug must not lose the row: quarantine it
        logger.exception("%s row %d: mapping failed", source.path, raw.row)
        return RowDefect("_internal", f"{type(exc).__name__}: {exc}")


def drop_duplicates(
    batch: MappedBatch,
    seen: MutableMapping[str, FirstSeen],
    claims: Mapping[str, int],
    store: GraphStore | None,
    retry: RetryPolicy,
    source: SourceRef,
) -> UniqueBatch:
    """Drop rows whose pub_no was accepted earlier in the run (``seen``, updated) or is in the
    graph already, unless ``claims`` say this very row wrote it in a crashed run. A dropped
    row of this run that disagrees with the kept one goes to ``ledger.conflicts``."""
    ledger = batch.ledger
    fresh: list[AcceptedRow] = []
    for item in batch.accepted:
        this = first_seen(source.path, item.row, item.mapped.patent)
        kept = seen.get(item.pub_no)
        if kept is not None:
            ledger.counts.duplicates += 1
            if (differs := conflict(kept, this, item.pub_no)) is not None:
                ledger.conflicts.append(differs)
        else:
            seen[item.pub_no] = this
            fresh.append(item)
    if not fresh or store is None:
        return UniqueBatch(ledger, fresh)
    pub_nos = [item.pub_no for item in fresh]
    existing = store_call(retry, lambda: store.existing_pub_nos(pub_nos), source.rows(ledger))
    rows, duplicates = split_duplicates(fresh, existing, claims)
    ledger.counts.duplicates += duplicates
    return UniqueBatch(ledger, rows)


def enrich_batch(batch: UniqueBatch, enricher: Enricher | None) -> EnrichedBatch:
    """NLP and chain mapping (产业链挂接) of the rows to write."""
    if enricher is None or not batch.rows:
        return EnrichedBatch(batch.ledger, batch.rows, None)
    enrichment = enricher.enrich([item.mapped.patent for item in batch.rows])
    batch.ledger.warnings.extend(enrichment.warnings)
    return EnrichedBatch(batch.ledger, batch.rows, enrichment)


def gather_batches(batches: Iterable[EnrichedBatch], rows: int) -> Iterator[list[EnrichedBatch]]:
    """Consecutive batches, gathered until they hold ``rows`` rows: one store write for them all.
    When the stream breaks (a file cut mid-way), the batches read before the break come out first."""
    group: list[EnrichedBatch] = []
    held = 0
    stream = iter(batches)
    while True:
        try:
            batch = next(stream)
        except StopIteration:
            break
        except Exception:
            if group:
                yield group
            raise
        group.append(batch)
        held += len(batch.rows)
        if held >= rows:
            yield group
            group, held = [], 0
    if group:
        yield group


def load_group(
    group: Sequence[EnrichedBatch],
    store: GraphStore,
    retry: RetryPolicy,
    source: SourceRef,
    before_write: Callable[[list[tuple[str, int]]], None],
    after_write: Callable[[int], None],
) -> list[LoadedBatch]:
    """Upsert the batches in one write and count what the store confirms, batch by batch.
    ``before_write`` gets the (pub_no, row) pairs about to be written (the checkpoint's
    claims), ``after_write`` each batch index once the store has them."""
    full = [batch for batch in group if batch.rows]
    confirmed: set[str] = set()
    if full:
        before_write([(item.pub_no, item.row) for batch in full for item in batch.rows])
        records = merge_patent_batches([assemble_batch(b.rows, b.enrichment) for b in full])
        first, last = full[0].ledger, full[-1].ledger
        where = source.rows(first) if first is last else source.span(first, last)
        store_call(retry, lambda: store.upsert_patents(records), where)
        for batch in full:
            after_write(batch.ledger.index)
        pub_nos = [item.pub_no for batch in full for item in batch.rows]
        confirmed = store_call(retry, lambda: store.existing_pub_nos(pub_nos), where)
    loaded = []
    for batch in group:
        written = [item.pub_no for item in batch.rows]
        batch.ledger.counts.loaded += len(confirmed & set(written))
        loaded.append(LoadedBatch(batch.ledger, written))
    return loaded


def load_batch(
    batch: EnrichedBatch,
    store: GraphStore,
    retry: RetryPolicy,
    source: SourceRef,
    before_write: Callable[[list[tuple[str, int]]], None],
    after_write: Callable[[int], None],
) -> LoadedBatch:
    """``load_group`` of one batch."""
    return load_group([batch], store, retry, source, before_write, after_write)[0]


def count_only(batch: UniqueBatch) -> LoadedBatch:
    """The dry run's load: nothing is written, the rows that would be are counted as loaded."""
    batch.ledger.counts.loaded += len(batch.rows)
    return LoadedBatch(batch.ledger, [item.pub_no for item in batch.rows])
