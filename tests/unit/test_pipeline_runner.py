"""The runner's error policy: a batch interrupted by a store failure is resumed by the next run;
a transient store error is retried (bounded, with backoff), a terminal one is not and stops
the run naming the file; a missing input stops the run before anything is created."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.errors import SourceFileError, TransientStoreError
from graph.models import PatentBatch
from graph.settings import Settings
from ingest.pipeline import IngestOptions, RetryPolicy, run_ingest
from ingest.reconcile import FileStatus, IngestReport
from tests.unit.test_pipeline import MemoryStore, components, corpus, write_rows


@dataclass
class FailingStore(MemoryStore):
    """Raises ``failures[n]`` on the n-th call of upsert_patents (None: that call succeeds)."""

    failures: list[Exception | None] = field(default_factory=list)
    upsert_calls: int = 0

    def upsert_patents(self, batch: PatentBatch) -> None:
        self.upsert_calls += 1
        failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            raise failure
        super().upsert_patents(batch)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "var" / "graph.sqlite")


def ingest(paths: list[Path], store: MemoryStore, settings: Settings, waits: list[float]) -> IngestReport:
    options = IngestOptions(
        batch_size=10, retry=RetryPolicy(attempts=3, first_delay_s=0.5, jitter_s=0, sleep=waits.append)
    )
    return run_ingest(paths, store, options, settings=settings, components=components())


def test_a_store_failure_mid_file_stops_the_run_and_the_next_run_resumes_after_the_last_batch(
    tmp_path: Path, settings: Settings
) -> None:
    first = write_rows(tmp_path / "a.csv", corpus(45))
    second = write_rows(tmp_path / "b.csv", corpus(5, start=100))
    clean_store = MemoryStore()
    clean = ingest([first, second], clean_store, Settings(db_path=tmp_path / "clean" / "g.sqlite"), [])

    waits: list[float] = []
    store = FailingStore(failures=[None, None, RuntimeError("constraint violated")])  # the 3rd batch
    broken = ingest([first, second], store, settings, waits)
    failed = broken.files[str(first)]
    assert failed.status is FileStatus.FAILED and waits == []  # terminal: not retried
    assert store.upsert_calls == 3
    assert "a.csv" in (failed.error or "") and "rows 22-31" in (failed.error or "")
    assert "RuntimeError: constraint violated" in (failed.error or "")
    assert broken.stopped == failed.error and not broken.ok
    assert broken.files[str(second)].status is FileStatus.NOT_READ  # the run stopped
    assert (failed.counts.read, failed.counts.loaded) == (20, 20) and broken.reconciled
    assert len(store.patents) == 20

    resumed = ingest([first, second], store, settings, waits)
    again = resumed.files[str(first)]
    assert again.status is FileStatus.RESUMED and again.restored == 20
    assert resumed.ok and store.content() == clean_store.content()
    for path in (first, second):
        assert dataclasses.astuple(resumed.files[str(path)].counts) == dataclasses.astuple(
            clean.files[str(path)].counts
        )


def test_a_transient_store_error_is_retried_and_the_run_completes(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "a.csv", corpus(25))
    waits: list[float] = []
    store = FailingStore(
        failures=[None, TransientStoreError("database is locked"), TransientStoreError("busy")]
    )
    report = ingest([path], store, settings, waits)
    assert report.ok and report.stopped is None
    assert report.files[str(path)].counts.loaded == 25 and len(store.patents) == 25
    assert store.upsert_calls == 5  # 3 batches, the second written on its third attempt
    assert waits == [0.5, 1.0]


def test_transient_errors_that_do_not_pass_stop_the_run_after_the_bounded_retries(
    tmp_path: Path, settings: Settings
) -> None:
    path = write_rows(tmp_path / "a.csv", corpus(15))
    waits: list[float] = []
    store = FailingStore(failures=[TransientStoreError("leader switch")] * 5)
    report = ingest([path], store, settings, waits)
    assert store.upsert_calls == 3 and waits == [0.5, 1.0]
    failed = report.files[str(path)]
    assert failed.status is FileStatus.FAILED and "尝试 3 次" in (failed.error or "")
    assert report.stopped is not None and not report.ok and not store.patents


def test_a_missing_input_is_an_error_before_anything_is_created(tmp_path: Path, settings: Settings) -> None:
    good = write_rows(tmp_path / "a.csv", corpus(3))
    store = MemoryStore()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(SourceFileError) as info:
        ingest([good, tmp_path / "exports" / "*.csv", tmp_path], store, settings, [])
    message = str(info.value)
    assert "*.csv" in message and "通配符未匹配任何文件" in message
    assert f"{tmp_path}: 是目录" in message
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no checkpoint, no quarantine
    assert store.writes == 0 and store.reference_upserts == 0
