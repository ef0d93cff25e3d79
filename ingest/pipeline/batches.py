"""The batches that flow through the stages (批次), one type per stage, and what they account for.

read -> ``RawBatch`` -> map -> ``MappedBatch`` -> dedupe -> ``UniqueBatch`` -> enrich ->
``EnrichedBatch`` -> load -> ``LoadedBatch``. Each carries its ``BatchLedger``: the rows it
read, the last source row, the counts settled so far and the rejected rows for the quarantine.
Each stage settles its own count (read, rejected, duplicates, loaded), so when a batch leaves
the load stage ``read = loaded + duplicates + rejected`` holds for it unless the store lost rows.

Duplicate policy (重复专利): the *first* row with a publication number wins. A later row with
the same number — earlier in this run, or already in the graph from an earlier run — is
counted as a duplicate and not written, so its values never overwrite the first row's.
This keeps a re-run a no-op and makes a resumed run write exactly what an uninterrupted
run writes. A later row of this run that disagrees with the first (another title, date,
holder...) is still a duplicate, and is reported as a conflict naming the fields that
differ (``FirstSeen``: a 4-byte digest per field, so a run of millions of rows stays small).
Holders, inventors and events shared by several patents are upserted with
each batch that mentions them (the store merges on their keys; the last write wins).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple, TypeVar

from graph.models import PatentBatch, PatentRecord
from ingest.pipeline.components import Enrichment, MappedPatent
from ingest.quarantine import QuarantineEntry
from ingest.readers import RawRow
from ingest.reconcile import RowCounts

T = TypeVar("T")


@dataclass(slots=True)
class BatchLedger:
    index: int  # 0-based, per file and run
    first_row: int  # the source rows read into the batch, as an analyst numbers them
    last_row: int
    counts: RowCounts = field(default_factory=RowCounts)
    rejected: list[QuarantineEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for the file's report
    conflicts: list[dict[str, object]] = field(default_factory=list)  # duplicates that disagree


@dataclass(slots=True)
class AcceptedRow:
    row: int
    mapped: MappedPatent

    @property
    def pub_no(self) -> str:
        return self.mapped.patent.pub_no


@dataclass(slots=True)
class RawBatch:
    ledger: BatchLedger
    rows: list[RawRow]


@dataclass(slots=True)
class MappedBatch:
    ledger: BatchLedger
    accepted: list[AcceptedRow]


@dataclass(slots=True)
class UniqueBatch:
    """Rows to write: none of them is a duplicate of an earlier row or of the graph."""

    ledger: BatchLedger
    rows: list[AcceptedRow]


@dataclass(slots=True)
class EnrichedBatch:
    ledger: BatchLedger
    rows: list[AcceptedRow]
    enrichment: Enrichment | None  # None: records as mapped (no enricher, or nothing to write)


@dataclass(slots=True)
class LoadedBatch:
    ledger: BatchLedger  # counts.loaded: patents the store confirms
    written: list[str]  # pub_nos sent to the store

    @property
    def confirmed(self) -> bool:
        return self.ledger.counts.loaded == len(self.written)


# what a duplicate is compared on: the row's own values, not where or when it was read
COMPARED_FIELDS = tuple(
    f.name for f in fields(PatentRecord) if f.name not in {"provenance", "tokens", "keywords"}
)


class FirstSeen(NamedTuple):
    """The row that won a publication number in this run, and a digest of its values."""

    file: str
    row: int
    digest: bytes


def first_seen(file: str, row: int, patent: PatentRecord) -> FirstSeen:
    digest = b"".join(
        zlib.crc32(repr(getattr(patent, name)).encode()).to_bytes(4, "little") for name in COMPARED_FIELDS
    )
    return FirstSeen(file, row, digest)


def conflict(first: FirstSeen, later: FirstSeen, pub_no: str) -> dict[str, object] | None:
    """Which fields a later row with the same pub_no changes; None when it repeats the first."""
    if first.digest == later.digest:
        return None
    differ = [
        name
        for i, name in enumerate(COMPARED_FIELDS)
        if first.digest[4 * i : 4 * i + 4] != later.digest[4 * i : 4 * i + 4]
    ]
    return {
        "pub_no": pub_no,
        "row": later.row,
        "kept_file": first.file,
        "kept_row": first.row,
        "fields": differ,
        "rule": "同一公开号取第一行 (the first row with a publication number wins)",
    }


def split_duplicates(
    accepted: Sequence[AcceptedRow], existing: set[str], claims: Mapping[str, int]
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


def merge_patent_batches(batches: Sequence[PatentBatch]) -> PatentBatch:
    """Several batches as one store write; the same as upserting them in turn, because the
    stores' rules are order-preserving (last record wins, aliases unioned, smallest name)."""
    if len(batches) == 1:
        return batches[0]
    return PatentBatch(
        holders=[h for b in batches for h in b.holders],
        inventors=[i for b in batches for i in b.inventors],
        patents=[p for b in batches for p in b.patents],
        events=[e for b in batches for e in b.events],
        technologies=[t for b in batches for t in b.technologies],
        technology_links=[lk for b in batches for lk in b.technology_links],
        chain_links=[lk for b in batches for lk in b.chain_links],
    )
