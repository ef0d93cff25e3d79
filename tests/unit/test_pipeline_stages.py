"""Each ingest stage on its own: read -> map -> dedupe -> enrich -> load, and the retry by type.

The batches are real (``RawRow`` as the readers yield them); the store is the pipeline tests'
in-memory stand-in of the ``GraphStore`` contract and the mapper their small stub."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence

import pytest

from graph.errors import IngestStoreError, SourceFileError, StoreUnavailableError, TransientStoreError
from graph.models import PatentBatch, PatentRecord, PatentTechnologyLink, Provenance
from ingest.pipeline.batches import (
    AcceptedRow,
    BatchLedger,
    EnrichedBatch,
    FirstSeen,
    MappedBatch,
    UniqueBatch,
)
from ingest.pipeline.components import Enrichment
from ingest.pipeline.retry import RetryPolicy, store_call
from ingest.pipeline.stages import (
    SourceRef,
    count_only,
    drop_duplicates,
    enrich_batch,
    gather_batches,
    load_batch,
    map_batch,
    read_batches,
)
from ingest.readers import RawRow, RowDefect
from tests.unit.test_pipeline import Mapped, MemoryStore, StubMapper

SOURCE = SourceRef("exports/a.csv", "run-1")
NO_WAIT = RetryPolicy(sleep=lambda seconds: None)


def raw(row: int, pub_no: str, title: str = "一种电池", applicant: str = "吉林大学") -> RawRow:
    return RawRow(row, {"公开号": pub_no, "专利名称": title, "申请人": applicant})


def accepted(row: int, pub_no: str) -> AcceptedRow:
    mapped = StubMapper().map(raw(row, pub_no).raw, (), Provenance(SOURCE.path, row, SOURCE.run_id))
    assert isinstance(mapped, Mapped)
    return AcceptedRow(row, mapped)


def ledger(index: int = 0, first: int = 2, last: int = 4) -> BatchLedger:
    return BatchLedger(index, first, last)


# --------------------------------------------------------------------------- read


def test_read_batches_cuts_the_stream_and_skips_rows_already_committed() -> None:
    rows = [raw(n, f"CN{n:09d}A") for n in range(2, 9)]  # rows 2..8
    batches = list(read_batches(iter(rows), batch_size=3, resume_after=3))
    assert [[r.row for r in b.rows] for b in batches] == [[4, 5, 6], [7, 8]]
    assert [(b.ledger.index, b.ledger.first_row, b.ledger.last_row) for b in batches] == [
        (0, 4, 6),
        (1, 7, 8),
    ]
    assert [b.ledger.counts.read for b in batches] == [3, 2]


def test_read_batches_hands_on_the_rows_before_a_break_then_raises() -> None:
    def breaking() -> Iterator[RawRow]:
        yield from (raw(n, f"CN{n:09d}A") for n in range(2, 7))
        raise SourceFileError("exports/a.csv: unreadable after row 6")

    stream = read_batches(breaking(), batch_size=3)
    assert [r.row for r in next(stream).rows] == [2, 3, 4]
    assert [r.row for r in next(stream).rows] == [5, 6]  # the partial batch comes out first
    with pytest.raises(SourceFileError, match="after row 6"):
        next(stream)


# --------------------------------------------------------------------------- map


class ExplodingMapper(StubMapper):
    def map(self, raw: Mapping[str, object], columns: object, provenance: Provenance) -> Mapped | RowDefect:
        if raw.get("公开号") == "CN000000004A":
            raise KeyError("a bug in the mapping")
        return super().map(raw, columns, provenance)


def test_map_batch_accepts_good_rows_and_quarantines_the_rest_with_their_reasons() -> None:
    rows = [
        raw(2, "CN000000002A"),
        raw(3, "US1234567B2"),  # the stub mapper refuses non-CN numbers
        RawRow(4, {"_line": "{oops"}, RowDefect("_json", "invalid JSON")),  # the reader's defect
        raw(5, "CN000000004A"),  # the mapper raises: quarantined, not lost
        raw(6, "CN000000006A"),
    ]
    batch = next(read_batches(iter(rows), batch_size=10))
    mapped = map_batch(batch, ExplodingMapper(), (), SOURCE)
    assert [(a.row, a.pub_no) for a in mapped.accepted] == [(2, "CN000000002A"), (6, "CN000000006A")]
    assert mapped.accepted[0].mapped.patent.provenance == Provenance("exports/a.csv", 2, "run-1")
    counts = mapped.ledger.counts
    assert (counts.read, counts.rejected) == (5, 3)
    got = [(e.file, e.row, e.field) for e in mapped.ledger.rejected]
    assert got == [
        ("exports/a.csv", 3, "pub_no"),
        ("exports/a.csv", 4, "_json"),
        ("exports/a.csv", 5, "_internal"),
    ]
    assert mapped.ledger.rejected[0].raw == rows[1].raw and mapped.ledger.rejected[0].run_id == "run-1"
    assert "KeyError" in mapped.ledger.rejected[2].reason


# --------------------------------------------------------------------------- dedupe


def test_drop_duplicates_keeps_the_first_row_of_the_run_and_of_the_graph() -> None:
    store = MemoryStore()
    store.upsert_patents(PatentBatch(patents=[accepted(1, "CN000000009A").mapped.patent,
                                              accepted(1, "CN000000008A").mapped.patent]))  # fmt: skip
    seen = {"CN000000001A": FirstSeen("earlier.csv", 1, b"")}  # accepted by an earlier batch of this run
    rows = [accepted(2, "CN000000001A"), accepted(3, "CN000000002A"), accepted(4, "CN000000002A"),
            accepted(5, "CN000000009A"), accepted(6, "CN000000008A")]  # fmt: skip
    claims = {"CN000000008A": 6}  # a crashed run wrote row 6 before committing: load it again
    unique = drop_duplicates(MappedBatch(ledger(), rows), seen, claims, store, NO_WAIT, SOURCE)
    assert [(r.row, r.pub_no) for r in unique.rows] == [(3, "CN000000002A"), (6, "CN000000008A")]
    assert unique.ledger.counts.duplicates == 3
    assert set(seen) == {"CN000000001A", "CN000000002A", "CN000000009A", "CN000000008A"}


def test_drop_duplicates_without_a_store_looks_only_at_the_run() -> None:
    rows = [accepted(2, "CN000000001A"), accepted(3, "CN000000001A")]
    unique = drop_duplicates(MappedBatch(ledger(), rows), {}, {}, None, NO_WAIT, SOURCE)
    assert [r.row for r in unique.rows] == [2] and unique.ledger.counts.duplicates == 1


# --------------------------------------------------------------------------- enrich


class TaggingEnricher:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def enrich(self, patents: Sequence[PatentRecord]) -> Enrichment:
        self.calls.append([p.pub_no for p in patents])
        links = [PatentTechnologyLink(p.pub_no, "tech/隔膜", 1.0, p.provenance) for p in patents]
        return Enrichment(patents=list(patents), technology_links=links)


def test_enrich_batch_analyses_only_the_rows_to_write() -> None:
    enricher = TaggingEnricher()
    rows = [accepted(2, "CN000000001A"), accepted(3, "CN000000002A")]
    enriched = enrich_batch(UniqueBatch(ledger(), rows), enricher)
    assert enricher.calls == [["CN000000001A", "CN000000002A"]]
    assert enriched.enrichment is not None and len(enriched.enrichment.technology_links) == 2
    assert enrich_batch(UniqueBatch(ledger(), []), enricher).enrichment is None
    assert enrich_batch(UniqueBatch(ledger(), rows), None).enrichment is None
    assert len(enricher.calls) == 1


# --------------------------------------------------------------------------- load


def test_load_batch_claims_writes_then_counts_what_the_store_confirms() -> None:
    store = MemoryStore(drop={"CN000000002A"})
    events: list[object] = []
    rows = [accepted(2, "CN000000001A"), accepted(3, "CN000000002A")]
    enrichment = TaggingEnricher().enrich([r.mapped.patent for r in rows])
    batch = EnrichedBatch(ledger(index=4), rows, enrichment)

    def before_write(pairs: list[tuple[str, int]]) -> None:
        events.append(("claim", pairs, store.writes))

    loaded = load_batch(batch, store, NO_WAIT, SOURCE, before_write, lambda i: events.append(("written", i)))
    assert events == [("claim", [("CN000000001A", 2), ("CN000000002A", 3)], 0), ("written", 4)]
    assert loaded.written == ["CN000000001A", "CN000000002A"]
    assert loaded.ledger.counts.loaded == 1 and not loaded.confirmed  # the store lost one
    assert set(store.patents) == {"CN000000001A"}


def test_load_batch_with_nothing_to_write_touches_nothing() -> None:
    store = MemoryStore()
    loaded = load_batch(EnrichedBatch(ledger(), [], None), store, NO_WAIT, SOURCE, pytest.fail, pytest.fail)
    assert loaded.written == [] and loaded.confirmed and store.writes == 0


def test_count_only_counts_what_a_dry_run_would_load() -> None:
    loaded = count_only(UniqueBatch(ledger(), [accepted(2, "CN000000001A")]))
    assert loaded.ledger.counts.loaded == 1 and loaded.confirmed


# --------------------------------------------------------------------------- retry by type


class Flaky:
    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "done"


def test_a_transient_error_is_retried_with_exponential_backoff_and_jitter() -> None:
    waits: list[float] = []
    policy = RetryPolicy(attempts=4, first_delay_s=0.5, max_wait_s=30, jitter_s=0.25, sleep=waits.append)
    operation = Flaky(TransientStoreError("locked"), TransientStoreError("locked"))
    assert store_call(policy, operation, "a.csv rows 2-4") == "done"
    assert operation.calls == 3 and len(waits) == 2
    assert 0.5 <= waits[0] <= 0.75 and 1.0 <= waits[1] <= 1.25  # 0.5 x 2^n plus up to the jitter


def test_each_wait_is_capped_and_an_outage_is_retried(caplog: pytest.LogCaptureFixture) -> None:
    waits: list[float] = []
    policy = RetryPolicy(attempts=6, first_delay_s=1.0, max_wait_s=3.0, jitter_s=0.0, sleep=waits.append)
    operation = Flaky(*(StoreUnavailableError("图存储 (Neo4j) 暂不可用") for _ in range(4)))
    with caplog.at_level(logging.WARNING, logger="ingest.pipeline.retry"):
        assert store_call(policy, operation, "a.csv rows 2-4") == "done"
    assert waits == [1.0, 2.0, 3.0, 3.0]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4 and "a.csv rows 2-4" in lines[0] and "秒后第 1/5 次重试" in lines[0]


def test_retries_are_bounded() -> None:
    waits: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=waits.append)
    operation = Flaky(*(TransientStoreError("leader switch") for _ in range(5)))
    with pytest.raises(IngestStoreError, match=r"a.csv rows 2-4.*尝试 3 次") as info:
        store_call(policy, operation, "a.csv rows 2-4")
    assert operation.calls == 3 and len(waits) == 2
    assert isinstance(info.value.__cause__, TransientStoreError)


def test_a_terminal_error_is_not_retried_and_names_where_it_happened() -> None:
    waits: list[float] = []
    operation = Flaky(OSError("disk full"))
    with pytest.raises(IngestStoreError, match=r"a.csv rows 2-4: .*OSError: disk full"):
        store_call(RetryPolicy(sleep=waits.append), operation, "a.csv rows 2-4")
    assert operation.calls == 1 and waits == []


def test_gathered_batches_read_before_a_break_still_come_out() -> None:
    def broken() -> Iterator[EnrichedBatch]:
        yield EnrichedBatch(ledger(0), [], None)
        yield EnrichedBatch(ledger(1), [], None)
        raise SourceFileError("x.xlsx: workbook breaks after row 201")

    groups = gather_batches(broken(), 1000)
    assert [b.ledger.index for b in next(groups)] == [0, 1]
    with pytest.raises(SourceFileError, match="breaks"):
        next(groups)
