"""The enrich stage on worker processes: same enrichments, same order, and a file that breaks
part-way still hands on the batches read before the break. Real forked workers, a real
``NlpEnricher`` (chain mapping over the shipped chains; no spaCy, as ingest --no-nlp)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import pytest

from graph.chains import load_chain_nodes
from graph.errors import SourceFileError
from graph.models import PatentRecord, Provenance
from ingest.pipeline.batches import AcceptedRow, BatchLedger, UniqueBatch
from ingest.pipeline.components import Enrichment, NlpEnricher
from ingest.pipeline.observer import StageClock
from ingest.pipeline.parallel import enrich_batches
from tests.unit.test_pipeline import Mapped, StubMapper
from tests.unit.test_pipeline_stages import raw

TITLES = ("一种锂离子电池正极材料", "一种秸秆饲料加工设备", "一种轴承", "基于BMS的均衡电路")


def batches(count: int, size: int = 3) -> list[UniqueBatch]:
    out = []
    for index in range(count):
        rows = []
        for offset in range(size):
            row = 2 + index * size + offset
            source = raw(row, f"CN{row:09d}A", title=TITLES[row % len(TITLES)]).raw
            mapped = StubMapper().map(source, (), Provenance("exports/a.csv", row, "run-1"))
            assert isinstance(mapped, Mapped)
            rows.append(AcceptedRow(row, mapped))
        out.append(UniqueBatch(BatchLedger(index, rows[0].row, rows[-1].row), rows))
    return out


class PidEnricher:
    """Marks each enrichment with the process that made it."""

    def enrich(self, patents: Sequence[PatentRecord]) -> Enrichment:
        return Enrichment(patents=list(patents), warnings=[f"pid {os.getpid()}"])


def test_workers_give_the_serial_enrichments_in_order() -> None:
    enricher = NlpEnricher(load_chain_nodes(), analyse=False)
    serial = list(enrich_batches(batches(7), enricher, 1, StageClock()))
    parallel = list(enrich_batches(batches(7), enricher, 2, StageClock()))
    assert [b.ledger.index for b in parallel] == list(range(7))
    assert [b.enrichment for b in parallel] == [b.enrichment for b in serial]
    assert any(b.enrichment and b.enrichment.chain_links for b in parallel)  # it did map something


def test_work_runs_on_other_processes_and_an_empty_batch_passes_through() -> None:
    stream = batches(3)
    stream.insert(1, UniqueBatch(BatchLedger(9, 99, 99), []))
    out = list(enrich_batches(stream, PidEnricher(), 2, StageClock()))
    assert out[1].enrichment is None
    pids = {w for b in out for w in b.ledger.warnings}
    assert pids and f"pid {os.getpid()}" not in pids


def test_a_break_upstream_surfaces_after_the_batches_read_before_it() -> None:
    def broken() -> Iterator[UniqueBatch]:
        yield from batches(3)
        raise SourceFileError("exports/a.csv: truncated")

    seen = []
    with pytest.raises(SourceFileError, match="truncated"):
        for batch in enrich_batches(broken(), PidEnricher(), 2, StageClock()):
            seen.append(batch.ledger.index)
    assert seen == [0, 1, 2]
