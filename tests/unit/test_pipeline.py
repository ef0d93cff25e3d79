"""Pipeline mechanics on an in-memory store: reconciliation, quarantine, duplicates, dry run,
re-runs, kill-and-resume, broken files. The row mapping here is a small stand-in so these
tests pin the pipeline's own policies; the real mapping is exercised in the contract test."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.errors import MissingColumnError
from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    HolderRecord,
    HolderType,
    InventorRecord,
    LegalEventRecord,
    PatentBatch,
    PatentRecord,
    PatentType,
    Provenance,
    ReferenceBatch,
    StoreStats,
)
from graph.settings import Settings
from ingest.pipeline import IngestComponents, IngestObserver, IngestOptions, run_ingest
from ingest.quarantine import read_quarantine
from ingest.readers import RowDefect
from ingest.reconcile import FileStatus, IngestReport

HEADER = "公开号,专利名称,申请人"


@dataclass
class MemoryStore:
    """Just enough of the GraphStore contract for the pipeline: keyed dicts, upserts replace."""

    name: str = "embedded"
    patents: dict[str, PatentRecord] = field(default_factory=dict)
    holders: dict[str, HolderRecord] = field(default_factory=dict)
    reference_upserts: int = 0
    writes: int = 0
    drop: set[str] = field(default_factory=set)  # pub_nos this store "loses" on write

    def ensure_schema(self) -> None:
        pass

    def close(self) -> None:
        pass

    def upsert_reference(self, batch: ReferenceBatch) -> None:
        self.reference_upserts += 1
        self.chain = list(batch.chain_nodes)

    def chain_nodes(self, chain: str | None = None) -> list[ChainNodeRecord]:
        return list(getattr(self, "chain", []))

    def first_load(self) -> AbstractContextManager[bool]:
        return nullcontext(False)

    def upsert_patents(self, batch: PatentBatch) -> None:
        self.writes += 1
        for patent in batch.patents:
            if patent.pub_no not in self.drop:
                self.patents[patent.pub_no] = patent
        for holder in batch.holders:
            self.holders[holder.key] = holder

    def existing_pub_nos(self, pub_nos: Sequence[str]) -> set[str]:
        return {p for p in pub_nos if p in self.patents}

    def stats(self) -> StoreStats:
        return StoreStats(self.name, {"Patent": len(self.patents), "Holder": len(self.holders)}, {})

    def demands(self, status: object = None) -> list[object]:
        return []  # the demand registry's post-ingest hook finds nothing to match

    def content(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return {p.pub_no: (p.title, p.holders) for p in self.patents.values()}


@dataclass(frozen=True)
class Mapped:
    patent: PatentRecord
    holders: tuple[HolderRecord, ...] = ()
    inventors: tuple[InventorRecord, ...] = ()
    events: tuple[LegalEventRecord, ...] = ()


class StubMapper:
    """公开号 required (CN...), 专利名称 required; 申请人 becomes one holder."""

    def is_header(self, headers: Sequence[str]) -> bool:
        return "公开号" in headers and "专利名称" in headers

    def resolve(self, headers: Sequence[str], source: str) -> object:
        if not self.is_header(headers):
            raise MissingColumnError(source, {"pub_no": ("公开号", "公开(公告)号")})
        return tuple(headers)

    def map(self, raw: Mapping[str, object], columns: object, provenance: Provenance) -> Mapped | RowDefect:
        pub_no = str(raw.get("公开号") or "").strip()
        title = str(raw.get("专利名称") or "").strip()
        if not pub_no:
            return RowDefect("pub_no", "missing publication number")
        if not pub_no.startswith("CN"):
            return RowDefect("pub_no", f"not a CN publication number: {pub_no!r}")
        if not title:
            return RowDefect("title", "empty title")
        applicant = str(raw.get("申请人") or "").strip()
        holder = HolderRecord(applicant, applicant, HolderType.UNIVERSITY, "stub", provenance=provenance)
        patent = PatentRecord(
            pub_no, None, PatentType.INVENTION, title, holders=(applicant,), provenance=provenance
        )
        return Mapped(patent, (holder,) if applicant else ())


CHAIN = [ChainNodeRecord("nev/cell", "nev", "电芯", ChainPosition.MIDSTREAM)]


def components() -> IngestComponents:
    return IngestComponents(mapper=StubMapper(), reference=lambda: ReferenceBatch(chain_nodes=list(CHAIN)))


def write_rows(path: Path, rows: Sequence[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
    return path


def corpus(n: int, start: int = 0) -> list[str]:
    return [f"CN{i:09d}A,一种锂电池隔膜{i},吉林大学" for i in range(start, start + n)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "var" / "graph.sqlite")


def ingest(
    paths: Sequence[Path],
    store: MemoryStore | None,
    settings: Settings,
    observer: IngestObserver | None = None,
    **options: object,
) -> IngestReport:
    opts = IngestOptions(batch_size=10, **options)  # type: ignore[arg-type]
    return run_ingest(paths, store, opts, settings=settings, observer=observer, components=components())  # type: ignore[arg-type]


MIXED = [
    "CN000000001A,一种电池,吉林大学",
    ",缺公开号,吉林大学",  # row 3: missing pub_no
    "US1234567B2,外国专利,某公司",  # row 4: not CN
    "CN000000002A,,长春理工大学",  # row 5: empty title
    "CN000000001A,重复的一行,另一个申请人",  # row 6: duplicate of row 2
    "CN000000003A,一种电极,东北师范大学,多余值",  # row 7: extra value
    "CN000000004A,一种隔膜,长春工业大学",
]


def test_counts_reconcile_and_every_rejection_is_quarantined(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "mixed.csv", MIXED)
    store = MemoryStore()
    report = ingest([path], store, settings)
    totals = report.totals
    assert (totals.read, totals.loaded, totals.duplicates, totals.rejected) == (7, 2, 1, 4)
    assert report.reconciled and report.ok
    assert report.files[str(path)].status is FileStatus.LOADED
    entries = read_quarantine(Path(report.quarantine or ""))
    got = {(e["file"], e["row"], e["field"]) for e in entries}
    assert got == {
        (str(path), 3, "pub_no"),
        (str(path), 4, "pub_no"),
        (str(path), 5, "title"),
        (str(path), 7, "_csv"),
    }
    by_row = {e["row"]: e for e in entries}
    assert by_row[4]["reason"] == "not a CN publication number: 'US1234567B2'"
    assert by_row[4]["raw"] == {"公开号": "US1234567B2", "专利名称": "外国专利", "申请人": "某公司"}
    assert all(e["run_id"] == report.run_id for e in entries)
    # the first row with a publication number wins
    assert store.patents["CN000000001A"].title == "一种电池"
    assert store.patents["CN000000001A"].provenance == Provenance(str(path), 2, report.run_id)


def test_report_json_has_the_documented_shape(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "mixed.csv", MIXED)
    report = ingest([path], MemoryStore(), settings)
    out = tmp_path / "report.json"
    report.write_json(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"read", "loaded", "duplicates", "rejected", "files", "quarantine", "run_id", "elapsed_s"} <= set(
        data
    )
    assert set(data["per_stage_s"]) >= {"read", "normalise", "nlp", "load"}
    assert data["files"][str(path)]["read"] == 7
    assert data["files"][str(path)]["reconciled"] is True
    assert data["read"] == data["loaded"] + data["duplicates"] + data["rejected"]


def test_duplicates_across_files_and_against_the_store(tmp_path: Path, settings: Settings) -> None:
    first = write_rows(tmp_path / "a.csv", corpus(15))
    second = write_rows(tmp_path / "b.csv", [r.replace("一种", "另一种") for r in corpus(10, start=10)])
    store = MemoryStore()
    report = ingest([first], store, settings)
    assert report.totals.loaded == 15
    report = ingest([second], store, settings)
    counts = report.files[str(second)].counts
    assert (counts.read, counts.loaded, counts.duplicates) == (10, 5, 5)
    assert store.patents["CN000000010A"].title == "一种锂电池隔膜10"  # not overwritten


def test_dry_run_writes_nothing(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "mixed.csv", MIXED)
    store = MemoryStore()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = ingest([path], store, settings, dry_run=True)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert store.writes == 0 and store.reference_upserts == 0 and not store.patents
    totals = report.totals
    assert (totals.read, totals.loaded, totals.duplicates, totals.rejected) == (7, 2, 1, 4)
    assert report.files[str(path)].status is FileStatus.DRY_RUN
    assert report.quarantine is None and report.checkpoint is None


def test_dry_run_quarantines_only_to_an_explicit_path(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "mixed.csv", MIXED)
    target = tmp_path / "q" / "rejected.jsonl"
    report = ingest([path], None, settings, dry_run=True, quarantine_path=target)
    assert report.quarantine == str(target)
    assert len(read_quarantine(target)) == 4


def test_second_run_changes_nothing(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "a.csv", corpus(35))
    store = MemoryStore()
    first = ingest([path], store, settings)
    stats, content, writes = store.stats(), store.content(), store.writes
    again = ingest([path], store, settings)
    assert store.stats() == stats and store.content() == content and store.writes == writes
    report = again.files[str(path)]
    assert report.status is FileStatus.SKIPPED and report.skipped_rows == 35
    assert again.totals.read == 0 and again.reconciled
    assert first.reference_loaded is True and again.reference_loaded is False
    assert store.reference_upserts == 1
    # forcing a re-read counts every row as a duplicate and still changes nothing
    forced = ingest([path], store, settings, resume=False)
    counts = forced.files[str(path)].counts
    assert (counts.read, counts.loaded, counts.duplicates) == (35, 0, 35)
    assert store.stats() == stats and store.content() == content


class Crash(RuntimeError):
    pass


@dataclass
class CrashAfter(IngestObserver):
    """Simulates a kill: raises at the chosen hook of batch ``k``."""

    k: int
    hook: str

    def batch_written(self, path: Path, batch_index: int) -> None:
        if self.hook == "written" and batch_index == self.k:
            raise Crash(f"killed after writing batch {batch_index}")

    def batch_committed(self, path: Path, batch_index: int) -> None:
        if self.hook == "committed" and batch_index == self.k:
            raise Crash(f"killed after committing batch {batch_index}")


def crash_corpus(tmp_path: Path) -> list[Path]:
    rows = corpus(60)
    rows[7] = ",缺公开号,吉林大学"
    rows[33] = rows[12].replace("一种", "重复")  # duplicate of an earlier row
    rows[44] = rows[20]
    return [write_rows(tmp_path / "a.csv", rows), write_rows(tmp_path / "b.csv", corpus(25, start=50))]


@pytest.mark.parametrize(("hook", "k"), [("committed", 2), ("written", 2), ("written", 0)])
def test_kill_and_resume_gives_the_uninterrupted_graph(
    tmp_path: Path, settings: Settings, hook: str, k: int
) -> None:
    paths = crash_corpus(tmp_path)
    clean_store = MemoryStore()
    clean = ingest(paths, clean_store, Settings(db_path=tmp_path / "clean" / "graph.sqlite"))

    store = MemoryStore()
    with pytest.raises(Crash):
        ingest(paths, store, settings, observer=CrashAfter(k, hook))
    assert 0 < len(store.patents) < len(clean_store.patents)
    resumed = ingest(paths, store, settings)

    assert store.stats() == clean_store.stats()
    assert store.content() == clean_store.content()
    assert resumed.reconciled
    first = resumed.files[str(paths[0])]
    assert first.status is FileStatus.RESUMED
    assert (first.restored > 0) is (k > 0)
    for path in paths:
        assert dataclasses.astuple(resumed.files[str(path)].counts) == dataclasses.astuple(
            clean.files[str(path)].counts
        )
    # the rejected row is quarantined once across the two runs (rows of the crashed batch re-read)
    quarantined = [e for q in (tmp_path / "var" / "quarantine").glob("*.jsonl") for e in read_quarantine(q)]
    assert [e["row"] for e in quarantined] == [9]


def test_cleared_store_invalidates_the_checkpoint(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "a.csv", corpus(12))
    ingest([path], MemoryStore(), settings)
    fresh = MemoryStore()  # same checkpoint file, empty graph
    report = ingest([path], fresh, settings)
    assert report.files[str(path)].status is FileStatus.LOADED
    assert len(fresh.patents) == 12


def write_xlsx(path: Path, n: int) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for row in corpus(n):
        sheet.append(row.split(","))
    workbook.save(path)
    return path


def test_truncated_xlsx_fails_alone_and_the_run_is_not_ok(tmp_path: Path, settings: Settings) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", 300)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[:-400])
    good = write_rows(tmp_path / "good.csv", corpus(5, start=1000))
    report = ingest([cut, good], MemoryStore(), settings)
    failed = report.files[str(cut)]
    assert failed.status is FileStatus.FAILED
    assert "cut.xlsx" in (failed.error or "") and "truncated or corrupt" in (failed.error or "")
    assert failed.counts.read == 0
    assert report.files[str(good)].counts.loaded == 5
    assert report.reconciled and not report.ok and report.failed_files == [str(cut)]


def test_xlsx_breaking_midway_loads_the_rows_before_the_break(tmp_path: Path, settings: Settings) -> None:
    from tests.unit.test_readers import corrupt_sheet_midway

    path = corrupt_sheet_midway(write_xlsx(tmp_path / "ok.xlsx", 400), tmp_path / "mid.xlsx")
    store = MemoryStore()
    report = ingest([path], store, settings)
    failed = report.files[str(path)]
    assert failed.status is FileStatus.FAILED and "breaks after row" in (failed.error or "")
    assert 0 < failed.counts.read < 400
    assert failed.counts.loaded == failed.counts.read == len(store.patents)
    assert report.reconciled and not report.ok
    # running again resumes after the last good row and fails at the same place, adding nothing
    again = ingest([path], store, settings)
    assert again.files[str(path)].status is FileStatus.FAILED
    assert again.files[str(path)].restored == failed.counts.read
    assert len(store.patents) == failed.counts.loaded


def test_missing_required_columns_fail_the_file_with_the_fields_named(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("申请号,标题\nCN2022,电池\n", encoding="utf-8")
    report = ingest([path], MemoryStore(), settings)
    failed = report.files[str(path)]
    assert failed.status is FileStatus.FAILED
    assert "wrong.csv" in (failed.error or "") and "pub_no" in (failed.error or "")


def test_a_store_that_loses_rows_breaks_the_reconciliation(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "a.csv", corpus(5))
    store = MemoryStore(drop={"CN000000003A"})
    report = ingest([path], store, settings)
    result = report.files[str(path)]
    assert result.status is FileStatus.FAILED and "confirmed 4 of 5" in (result.error or "")
    assert not report.reconciled


def test_gbk_csv_through_the_pipeline(tmp_path: Path, settings: Settings) -> None:
    path = write_rows(tmp_path / "gbk.csv", corpus(3), encoding="gbk")
    store = MemoryStore()
    report = ingest([path], store, settings)
    assert report.files[str(path)].encoding == "gb18030"
    assert store.holders["吉林大学"].name == "吉林大学"
