"""Batches (批次): accepted rows waiting to be written, split into loaded and duplicates.

Duplicate policy (重复专利): the *first* row with a publication number wins. A later row with
the same number — earlier in this run, or already in the graph from an earlier run — is
counted as a duplicate and not written, so its values never overwrite the first row's.
This keeps a re-run a no-op and makes a resumed run write exactly what an uninterrupted
run writes. Holders, inventors and events shared by several patents are upserted with
each batch that mentions them (the store merges on their keys; the last write wins).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from graph.models import PatentBatch
from ingest.pipeline.components import Enrichment, MappedPatent
from ingest.quarantine import QuarantineEntry
from ingest.reconcile import RowCounts

T = TypeVar("T")


@dataclass(slots=True)
class AcceptedRow:
    row: int
    mapped: MappedPatent

    @property
    def pub_no(self) -> str:
        return self.mapped.patent.pub_no


@dataclass(slots=True)
class BatchWindow:
    """Rows read since the last commit: accepted rows plus the counts already settled."""

    accepted: list[AcceptedRow] = field(default_factory=list)
    counts: RowCounts = field(default_factory=RowCounts)  # read, duplicates (in run), rejected
    rejected: list[QuarantineEntry] = field(default_factory=list)
    last_row: int = 0

    def full(self, batch_size: int) -> bool:
        # rejected rows count too, so a file of bad rows does not pile up in memory
        return len(self.accepted) >= batch_size or self.counts.read >= 4 * batch_size

    def __bool__(self) -> bool:
        return self.counts.read > 0


def split_duplicates(
    accepted: Sequence[AcceptedRow], existing: set[str], claims: dict[str, int]
) -> tuple[list[AcceptedRow], int]:
    """(rows to write, duplicates): a pub_no already in the graph is a duplicate, unless the
    checkpoint says this very row wrote it in a run that crashed before committing."""
    survivors = []
    duplicates = 0
    for item in accepted:
        if item.pub_no in existing and claims.get(item.pub_no) != item.row:
            duplicates += 1
        else:
            survivors.append(item)
    return survivors, duplicates


def assemble_batch(rows: Sequence[AcceptedRow], enrichment: Enrichment | None) -> PatentBatch:
    """One ``PatentBatch``; records shared by several rows appear once (the last one wins)."""
    mapped = [item.mapped for item in rows]
    batch = PatentBatch(
        holders=_last_by_key((h.key, h) for m in mapped for h in m.holders),
        inventors=_last_by_key((i.key, i) for m in mapped for i in m.inventors),
        patents=[m.patent for m in mapped],
        events=_last_by_key((e.event_id, e) for m in mapped for e in m.events),
    )
    if enrichment is not None:
        batch.patents = list(enrichment.patents)
        batch.technologies = enrichment.technologies
        batch.technology_links = enrichment.technology_links
        batch.chain_links = enrichment.chain_links
    return batch


def _last_by_key(pairs: Iterable[tuple[str, T]]) -> list[T]:
    by_key: dict[str, T] = {}
    for key, record in pairs:
        by_key.pop(key, None)  # re-insert so the order follows the last occurrence
        by_key[key] = record
    return list(by_key.values())
